package markdown

import (
	"bytes"
	"errors"
	"io/fs"
	"path"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/seqeralabs/policy-widget/app/policy"
)

// The versions of a policy live next to it: policies/privacy.md is the
// newest version, and policies/privacy/2021-02-27.md the version of 27
// February 2021, named after its "updated" date. Publishing a new version
// is copying the newest file there, then editing privacy.md and its
// "updated": the day on which the new text takes effect, which may be
// today or a day to come (an upcoming version, announced until then).
// Package policy documents the model and the rules that loadVersions
// checks.

// loadVersions parses the earlier versions of doc, the files <slug>/*.md of
// fsys, and returns them newest first. It checks each one, and their
// order: each is named after its own "updated", older than doc (src is
// doc's file), and, as of the day checked (c.day), in effect, for only
// doc may be upcoming.
func loadVersions(fsys fs.FS, doc *policy.Document, src []byte, c *config) ([]*policy.Document, []*policy.Error) {
	names, err := fs.Glob(fsys, doc.Slug+"/*.md")
	if err != nil || len(names) == 0 {
		return nil, nil
	}
	var errs []*policy.Error
	if doc.Updated.IsZero() {
		line, _ := frontMatterLine(src, "title")
		errs = append(errs, errorf(doc.File, line, 1, "the policy has earlier versions in %s/, so it needs \"updated: YYYY-MM-DD\", later than theirs", doc.Slug))
	}
	slices.Sort(names)

	// The versions whose name and date agree, oldest first, and the
	// place of their "updated".
	type dated struct {
		doc       *policy.Document
		line, col int
	}
	var versions []dated
	for _, name := range names {
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
		line, col := frontMatterLine(src, "updated")
		stem := strings.TrimSuffix(path.Base(name), ".md")
		named, nameErr := policy.ParseDay(stem)
		switch {
		case v.Updated.IsZero():
			line, _ := frontMatterLine(src, "title")
			want := "YYYY-MM-DD"
			if nameErr == nil {
				want = stem
			}
			errs = append(errs, errorf(name, line, 1, "an earlier version needs \"updated: %s\", the day on which it took effect, and is named after it", want))
		case nameErr != nil:
			errs = append(errs, errorf(name, line, col, "the file name %v; an earlier version is named after its updated date: rename the file to %s/%s.md", nameErr, doc.Slug, v.Version()))
		case named != v.Updated:
			errs = append(errs, errorf(name, line, col, "updated is %s, but the file is named after %s, and an earlier version is named after its updated date: correct updated, or rename the file to %s/%s.md", v.Version(), stem, doc.Slug, v.Version()))
		default:
			versions = append(versions, dated{v, line, col})
		}
	}

	if !doc.Updated.IsZero() {
		cur, day := doc.Updated, c.day
		var newer *policy.Document // the newest version dated after doc
		for _, v := range versions {
			date := v.doc.Updated
			switch {
			case date == cur:
				errs = append(errs, errorf(v.doc.File, v.line, v.col, "this version and %s are both dated %s: two versions of a policy cannot have the same date; give %s, the new version, the day on which it takes effect", doc.File, date, doc.File))
			case date.After(cur) && date.After(day) && !cur.After(day):
				errs = append(errs, errorf(v.doc.File, v.line, v.col, "this version is dated %s, after the day checked (%s), so it is upcoming, but an upcoming version goes in %s: move %s, in effect since %s, to %s/%s.md, and this file to %s", date, day, doc.File, doc.File, cur, doc.Slug, cur, doc.File))
			case date.After(cur):
				newer = v.doc
			case date.After(day):
				errs = append(errs, errorf(v.doc.File, v.line, v.col, "this version (%s) and %s (%s) are both upcoming as of the day checked (%s): a policy announces one upcoming version at a time; add the changes of %s once this version has taken effect, on %s", date, doc.File, cur, day, doc.File, date))
			}
		}
		if newer != nil {
			line, col := frontMatterLine(src, "updated")
			if cur.After(day) {
				errs = append(errs, errorf(doc.File, line, col, "this upcoming version is dated %s, before the version %s (%s): the upcoming version must be the newest; correct its updated, or the other file's", cur, newer.File, newer.Updated))
			} else {
				errs = append(errs, errorf(doc.File, line, col, "this version is dated %s, before its earlier version %s (%s): %s must be the newest version, the one in effect or the upcoming one; correct its updated, or the other file's", cur, newer.File, newer.Updated, doc.File))
			}
		}
	}
	if len(errs) > 0 {
		return nil, errs
	}
	out := make([]*policy.Document, len(versions))
	for i, v := range versions {
		out[len(versions)-1-i] = v.doc
	}
	return out, nil
}

// frontMatterLine returns the 1-based line of the front matter key in src,
// and the column (in characters) of its value; 0, 0 when the key is not
// there.
func frontMatterLine(src []byte, key string) (line, col int) {
	for i, l := range bytes.Split(src, []byte("\n")) {
		if rest, ok := bytes.CutPrefix(l, []byte(key+":")); ok {
			value := bytes.TrimLeft(rest, " \t")
			return i + 1, utf8.RuneCount(l[:len(l)-len(value)]) + 1
		}
		if i > 0 && bytes.Equal(bytes.TrimSpace(l), fence) {
			break
		}
	}
	return 0, 0
}

// orphanVersions reports folders of versions whose policy has no
// policies/<slug>.md.
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
