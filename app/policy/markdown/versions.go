package markdown

import (
	"bytes"
	"errors"
	"io/fs"
	"path"
	"slices"
	"strings"
	"time"

	"github.com/seqeralabs/policy-widget/app/policy"
)

// Earlier published versions of a policy live next to it:
// policies/privacy.md is the current version, and
// policies/privacy/2021-02-27.md the version of 27 February 2021, named
// after its "updated" date. Publishing a new version is copying the
// current file there, then editing the current one and its "updated".

// loadVersions parses the earlier versions of doc, the files <slug>/*.md of
// fsys, newest first, and checks them: each is named after its own
// "updated" date, and is older than the current version.
func loadVersions(fsys fs.FS, doc *policy.Document, c *config) ([]*policy.Document, []*policy.Error) {
	names, err := fs.Glob(fsys, doc.Slug+"/*.md")
	if err != nil || len(names) == 0 {
		return nil, nil
	}
	var errs []*policy.Error
	if doc.Updated.IsZero() {
		src, _ := fs.ReadFile(fsys, doc.File)
		errs = append(errs, errorf(doc.File, frontMatterLine(src, "title"), 1, "the policy has earlier versions in %s/, so it needs \"updated: YYYY-MM-DD\", later than theirs", doc.Slug))
	}
	slices.Sort(names)
	var versions []*policy.Document
	for _, name := range names {
		base := path.Base(name)
		date, ok := strings.CutSuffix(base, ".md")
		if _, err := time.Parse(policy.VersionLayout, date); !ok || err != nil {
			errs = append(errs, errorf(name, 0, 0, "a version of %s must be named after its date, such as %s/2021-02-27.md", doc.File, doc.Slug))
			continue
		}
		src, err := readPolicy(fsys, name)
		var perr *policy.Error
		switch {
		case errors.As(err, &perr):
			errs = append(errs, perr)
			continue
		case err != nil:
			errs = append(errs, errorf(name, 0, 0, "%v", err))
			continue
		}
		// A version's warnings are not reported: it is published, and
		// stays as it was.
		v, verrs := c.parse(name, src)
		if len(verrs) > 0 {
			errs = append(errs, verrs...)
			continue
		}
		v.Warnings = nil
		v.Slug = doc.Slug
		line := frontMatterLine(src, "updated")
		switch {
		case v.Version() != date:
			errs = append(errs, errorf(name, max(line, 1), 1, "updated is %q, but the file is named after %s: a version is named after its own date", v.Version(), date))
		case !doc.Updated.IsZero() && !v.Updated.Before(doc.Updated):
			errs = append(errs, errorf(name, line, 1, "this version is dated %s, not earlier than the current %s (%s)", date, doc.File, doc.Version()))
		}
		versions = append(versions, v)
	}
	if len(errs) > 0 {
		return nil, errs
	}
	slices.Reverse(versions)
	return versions, nil
}

// frontMatterLine returns the 1-based line of the front matter key in src,
// or 0.
func frontMatterLine(src []byte, key string) int {
	for i, l := range bytes.Split(src, []byte("\n")) {
		if bytes.HasPrefix(l, []byte(key+":")) {
			return i + 1
		}
		if i > 0 && bytes.Equal(bytes.TrimSpace(l), fence) {
			break
		}
	}
	return 0
}

// orphanVersions reports folders of versions whose policy has no current
// file.
func orphanVersions(fsys fs.FS, slugs []string) []*policy.Error {
	entries, err := fs.ReadDir(fsys, ".")
	if err != nil {
		return []*policy.Error{errorf(".", 0, 0, "%v", err)}
	}
	var errs []*policy.Error
	for _, e := range entries {
		if !e.IsDir() {
			continue
		}
		if names, _ := fs.Glob(fsys, e.Name()+"/*.md"); len(names) == 0 {
			continue
		}
		if !slices.Contains(slugs, e.Name()) {
			errs = append(errs, errorf(e.Name()+"/", 0, 0, "versions of a policy that has no %s.md", e.Name()))
		}
	}
	return errs
}
