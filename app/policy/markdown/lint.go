package markdown

import (
	"cmp"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"slices"
	"strings"
	"time"

	"github.com/seqeralabs/policy-widget/app/policy"
)

// Report is what Lint found in a folder of policies.
type Report struct {
	Day      policy.Day         // the day as of which the policies were checked (WithDay)
	Files    int                // the policy files checked
	Docs     []*policy.Document // the policies without errors, sorted by slug
	Errors   []*policy.Error    // sorted by file and position
	Warnings []*policy.Error    // sorted by file and position; also in each Document's Warnings
}

// Err returns the report's errors joined, or nil.
func (r *Report) Err() error { return joinErrors(r.Errors) }

// Lint parses and checks every *.md file at the top of fsys, with its
// earlier versions (<slug>/*.md), as of the day given by WithDay (today in
// UTC by default), and reports every problem of every file: see package
// policy for the rules of versions. It is the one check of the policies: the
// command `policy check`, the server at start-up (through Load) and the
// tests run it. Its error is for what stops it from reading the policies
// at all: a folder it cannot list or without any policy, a file it cannot
// read.
func Lint(fsys fs.FS, opts ...Option) (*Report, error) {
	names, err := fs.Glob(fsys, "*.md")
	if err != nil {
		return nil, err
	}
	if len(names) == 0 {
		return nil, errors.New("no policies: no *.md file found")
	}
	slices.Sort(names)
	c := newConfig(opts)
	if c.day.IsZero() {
		c.day = policy.Today(time.UTC)
	}
	r := &Report{Day: c.day, Files: len(names)}
	var readErrs []error
	for _, name := range names {
		src, err := readPolicy(fsys, name)
		var tooLarge *policy.Error
		switch {
		case errors.As(err, &tooLarge):
			r.Errors = append(r.Errors, tooLarge)
			continue
		case err != nil:
			readErrs = append(readErrs, err)
			continue
		}
		doc, errs := c.parse(name, src)
		r.Errors = append(r.Errors, errs...)
		if doc != nil {
			r.Warnings = append(r.Warnings, doc.Warnings...)
			versions, verrs := loadVersions(fsys, doc, src, c)
			r.Errors = append(r.Errors, verrs...)
			doc.Versions = versions
		}
		if doc != nil && len(errs) == 0 {
			r.Docs = append(r.Docs, doc)
		}
	}
	var slugs []string
	for _, name := range names {
		slugs = append(slugs, strings.TrimSuffix(name, ".md"))
	}
	r.Errors = append(r.Errors, orphanVersions(fsys, slugs)...)
	slices.SortStableFunc(r.Errors, func(a, b *policy.Error) int {
		return cmp.Or(cmp.Compare(a.File, b.File), cmp.Compare(a.Line, b.Line), cmp.Compare(a.Col, b.Col))
	})
	return r, errors.Join(readErrs...)
}

// readPolicy reads the file name of fsys, and no more than MaxSize bytes of
// it: a larger file is an error, and is not read further.
func readPolicy(fsys fs.FS, name string) ([]byte, error) {
	f, err := fsys.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	src, err := io.ReadAll(io.LimitReader(f, MaxSize+1))
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", name, err)
	}
	if len(src) > MaxSize {
		size := int64(len(src))
		if fi, err := f.Stat(); err == nil {
			size = fi.Size()
		}
		return nil, errorf(name, 0, 0, "%s", tooLargeMsg(size))
	}
	return src, nil
}

// Load parses every *.md file at the top of fsys, sorted by slug. Its
// error reports every problem of every file (Lint's errors, joined);
// warnings are in each document's Warnings.
func Load(fsys fs.FS, opts ...Option) ([]*policy.Document, error) {
	r, err := Lint(fsys, opts...)
	if r == nil {
		return nil, err
	}
	var errs []error
	for _, e := range r.Errors {
		errs = append(errs, e)
	}
	if err != nil {
		errs = append(errs, err.(interface{ Unwrap() []error }).Unwrap()...)
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return r.Docs, nil
}

// Diagnostics returns the report's errors and warnings in one list,
// sorted by file and position, each with whether it is a warning.
func (r *Report) Diagnostics() []Diagnostic {
	var ds []Diagnostic
	for _, e := range r.Errors {
		ds = append(ds, Diagnostic{Error: e})
	}
	for _, w := range r.Warnings {
		ds = append(ds, Diagnostic{Error: w, Warning: true})
	}
	slices.SortStableFunc(ds, func(a, b Diagnostic) int {
		return cmp.Or(
			cmp.Compare(a.File, b.File),
			cmp.Compare(a.Line, b.Line),
			cmp.Compare(a.Col, b.Col),
		)
	})
	return ds
}

// Diagnostic is an error or a warning of a Report.
type Diagnostic struct {
	*policy.Error
	Warning bool
}

// String returns "file:line:col: message", or "file:line:col: warning:
// message".
func (d Diagnostic) String() string {
	if !d.Warning {
		return d.Error.Error()
	}
	w := *d.Error
	w.Msg = "warning: " + w.Msg
	return w.Error()
}
