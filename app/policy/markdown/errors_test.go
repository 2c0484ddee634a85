package markdown_test

import (
	"errors"
	"fmt"
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"

	"github.com/seqeralabs/policy-widget/app/policy"
	"github.com/seqeralabs/policy-widget/app/policy/markdown"
)

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name     string
		file     string // "broken.md" when empty
		src      string
		wantLine int
		wantMsg  []string // parts of the message
	}{
		{
			name:     "missing front matter",
			src:      "# Privacy\n\nText.\n",
			wantLine: 1,
			wantMsg:  []string{"missing front matter", `"---"`},
		},
		{
			name:     "front matter after a blank line",
			src:      "\n---\ntitle: T\n---\n\nText.\n",
			wantLine: 1,
			wantMsg:  []string{"missing front matter"},
		},
		{
			name:     "unclosed front matter",
			src:      "---\ntitle: T\n\nText.\n",
			wantLine: 1,
			wantMsg:  []string{"front matter is not closed"},
		},
		{
			name:     "malformed YAML: bad indentation",
			src:      "---\ntitle: T\n  bad: indent\n---\n\nText.\n",
			wantLine: 3,
			wantMsg:  []string{"not valid YAML", "mapping values are not allowed"},
		},
		{
			name:     "malformed YAML: unclosed bracket",
			src:      "---\ntitle: T\ndescription: [unclosed\nlang: en\n---\n\nText.\n",
			wantLine: 3,
			wantMsg:  []string{"not valid YAML", "']'"},
		},
		{
			name:     "malformed YAML: unclosed brace on the last line",
			src:      "---\ntitle: T\nlang: en\nextra: {\n---\n\nText.\n",
			wantLine: 4,
			wantMsg:  []string{"not valid YAML"},
		},
		{
			name:     "malformed YAML: list item in a mapping",
			src:      "---\ntitle: T\n- item\n---\n\nText.\n",
			wantLine: 3,
			wantMsg:  []string{"not valid YAML", "expected key"},
		},
		{
			name:     "malformed YAML: unterminated quote",
			src:      "---\ntitle: T\ndescription: \"open\n---\n\nText.\n",
			wantLine: 3,
			wantMsg:  []string{"not valid YAML"},
		},
		{
			name:     "malformed YAML: bad character on the first line",
			src:      "---\n@title: T\n---\n\nText.\n",
			wantLine: 2,
			wantMsg:  []string{"not valid YAML", "cannot start any token"},
		},
		{
			name:     "front matter is not a mapping",
			src:      "---\n- title\n---\n\nText.\n",
			wantLine: 2,
			wantMsg:  []string{"must be a mapping"},
		},
		{
			name:     "missing title",
			src:      "---\ndescription: D\n---\n\nText.\n",
			wantLine: 1,
			wantMsg:  []string{"no title", "title: …"},
		},
		{
			name:     "empty title",
			src:      "---\ndescription: D\ntitle: \"\"\n---\n\nText.\n",
			wantLine: 3,
			wantMsg:  []string{"title is empty"},
		},
		{
			name:     "title with nothing after it",
			src:      "---\ntitle:\n---\n\nText.\n",
			wantLine: 2,
			wantMsg:  []string{"title is empty"},
		},
		{
			name:     "blank title",
			src:      "---\ntitle: \"   \"\n---\n\nText.\n",
			wantLine: 2,
			wantMsg:  []string{"title is empty"},
		},
		{
			name:     "title is a list",
			src:      "---\ntitle: [a, b]\n---\n\nText.\n",
			wantLine: 2,
			wantMsg:  []string{"title must be text"},
		},
		{
			name:     "title twice",
			src:      "---\ntitle: A\ntitle: B\n---\n\nText.\n",
			wantLine: 3,
			wantMsg:  []string{`"title" twice`},
		},
		{
			name:     "updated is not an ISO date",
			src:      "---\ntitle: T\nupdated: 27/02/2021\n---\n\nText.\n",
			wantLine: 3,
			wantMsg:  []string{`"27/02/2021"`, "2006-01-02"},
		},
		{
			name:     "toc_depth is not a number",
			src:      "---\ntitle: T\nlang: en\ntoc_depth: deep\n---\n\nText.\n",
			wantLine: 4,
			wantMsg:  []string{`toc_depth "deep"`, "1 to 5"},
		},
		{
			name:     "toc_depth out of range",
			src:      "---\ntitle: T\ntoc_depth: 0\n---\n\nText.\n",
			wantLine: 3,
			wantMsg:  []string{`toc_depth "0"`, "1 to 5"},
		},
		{
			name:     "lang is not a language tag",
			src:      "---\ntitle: T\nlang: English\n---\n\nText.\n",
			wantLine: 3,
			wantMsg:  []string{`lang "English"`},
		},
		{
			name:     "two headings with the same explicit id",
			src:      "---\ntitle: T\n---\n\n## Data {#data}\n\nText.\n\n## More data {#data}\n",
			wantLine: 9,
			wantMsg:  []string{`"data"`, "already used on line 5"},
		},
		{
			name:     "explicit id reserved by the page",
			src:      "---\ntitle: T\n---\n\nText.\n\n## Contents {#toc}\n",
			wantLine: 7,
			wantMsg:  []string{`"toc"`, "used by the page"},
		},
		{
			name:     "empty body",
			src:      "---\ntitle: T\n---\n\n  \n\n",
			wantLine: 4,
			wantMsg:  []string{"no text after its front matter"},
		},
		{
			name:     "body with only the title heading",
			src:      "---\ntitle: Privacy Policy\n---\n\n# Privacy policy\n",
			wantLine: 4,
			wantMsg:  []string{"no text besides its title"},
		},
		{
			name:     "body with only a dropped script",
			src:      "---\ntitle: T\n---\n\n<script>alert(1)</script>\n",
			wantLine: 4,
			wantMsg:  []string{"no text besides its title"},
		},
		{
			name:     "invalid UTF-8",
			src:      "---\ntitle: T\n---\n\nGood line.\n\nBad \xff byte.\n",
			wantLine: 7,
			wantMsg:  []string{"invalid UTF-8"},
		},
		{
			name:     "invalid UTF-8 in the front matter",
			src:      "---\ntitle: T\xe9\n---\n\nText.\n",
			wantLine: 2,
			wantMsg:  []string{"invalid UTF-8"},
		},
		{
			name:     "file name with a space and capitals",
			file:     "Privacy Policy.md",
			src:      "---\ntitle: T\n---\n\nText.\n",
			wantLine: 0,
			wantMsg:  []string{"file name", "privacy.md"},
		},
		{
			name:     "file name with an underscore",
			file:     "privacy_policy.md",
			src:      "---\ntitle: T\n---\n\nText.\n",
			wantLine: 0,
			wantMsg:  []string{"file name"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			file := tt.file
			if file == "" {
				file = "broken.md"
			}
			doc, err := markdown.Parse(file, []byte(tt.src))
			if err == nil {
				t.Fatalf("Parse returned a document with %d body nodes and no error", len(doc.Body))
			}
			var perr *policy.Error
			if !errors.As(err, &perr) {
				t.Fatalf("error %v (%T) is not a *policy.Error", err, err)
			}
			if perr.File != file || perr.Line != tt.wantLine {
				t.Errorf("error at %s:%d, want %s:%d (%v)", perr.File, perr.Line, file, tt.wantLine, err)
			}
			for _, part := range tt.wantMsg {
				if !strings.Contains(perr.Msg, part) {
					t.Errorf("message %q does not contain %q", perr.Msg, part)
				}
			}
			want := fmt.Sprintf("%s:%d: %s", file, tt.wantLine, perr.Msg)
			if tt.wantLine == 0 {
				want = fmt.Sprintf("%s: %s", file, perr.Msg)
			}
			if got := err.Error(); got != want {
				t.Errorf("Error() = %q, want %q", got, want)
			}
		})
	}
}

func TestParseWarnings(t *testing.T) {
	tests := []struct {
		name string
		body string
		want []*policy.Error
	}{
		{
			name: "link to a missing section",
			body: "Text.\n\nSee [x](#missing).\n",
			want: []*policy.Error{{File: "test.md", Line: 7, Msg: "link to #missing, but no heading has that id"}},
		},
		{
			name: "link on the third line of a paragraph",
			body: "One\ntwo\nand [x](#gone)\n",
			want: []*policy.Error{{File: "test.md", Line: 7, Msg: "link to #gone, but no heading has that id"}},
		},
		{
			name: "link in a heading is reported once",
			body: "## See [x](#missing)\n",
			want: []*policy.Error{{File: "test.md", Line: 5, Msg: "link to #missing, but no heading has that id"}},
		},
		{
			name: "link in a table cell",
			body: "| a |\n|---|\n| [x](#nope) |\n",
			want: []*policy.Error{{File: "test.md", Line: 7, Msg: "link to #nope, but no heading has that id"}},
		},
		{
			name: "links to existing sections, automatic and explicit",
			body: "[a](#cookies) [b](#rights) [c](#listed)\n\n## Cookies\n\n## Your rights {#rights}\n\n- ## Listed\n",
			want: nil,
		},
		{
			name: "link to the title heading that was removed",
			body: "# Test\n\n[top](#test)\n",
			want: []*policy.Error{{File: "test.md", Line: 7, Msg: "link to #test, but no heading has that id"}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := mustParse(t, policyFile(tt.body))
			if diff := cmp.Diff(tt.want, doc.Warnings); diff != "" {
				t.Errorf("Warnings (-want +got):\n%s", diff)
			}
		})
	}
}

func TestLoad(t *testing.T) {
	good := "---\ntitle: Terms\n---\n\nSee [x](#missing).\n"
	fsys := fstest.MapFS{
		"terms.md":        {Data: []byte(good)},
		"cookies.md":      {Data: []byte("---\ntitle: Cookies\n---\n\n## Cookies\n\nText.\n")},
		"bad-date.md":     {Data: []byte("---\ntitle: T\nupdated: 27/02/2021\n---\n\nText.\n")},
		"no-front.md":     {Data: []byte("Text.\n")},
		"notes.txt":       {Data: []byte("not a policy")},
		"sub/nested.md":   {Data: []byte("a version of a policy sub.md that does not exist")},
		"zz-also-good.md": {Data: []byte("---\ntitle: Z\n---\n\nText.\n")},
	}

	t.Run("every broken file is reported", func(t *testing.T) {
		docs, err := markdown.Load(fsys)
		if err == nil {
			t.Fatalf("Load returned %d documents and no error", len(docs))
		}
		if docs != nil {
			t.Errorf("Load returned %d documents with its error, want none", len(docs))
		}
		joined, ok := err.(interface{ Unwrap() []error })
		if !ok {
			t.Fatalf("error %v (%T) does not wrap several errors", err, err)
		}
		type where struct {
			File string
			Line int
		}
		var got []where
		for _, e := range joined.Unwrap() {
			var perr *policy.Error
			if !errors.As(e, &perr) {
				t.Fatalf("error %v (%T) is not a *policy.Error", e, e)
			}
			got = append(got, where{perr.File, perr.Line})
		}
		want := []where{{"bad-date.md", 3}, {"no-front.md", 1}, {"sub/", 0}}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("errors (-want +got):\n%s", diff)
		}
		for _, part := range []string{"bad-date.md:3:", "no-front.md:1:"} {
			if !strings.Contains(err.Error(), part) {
				t.Errorf("error %q does not mention %q", err, part)
			}
		}
	})

	t.Run("good files load sorted, with warnings", func(t *testing.T) {
		okFS := fstest.MapFS{}
		for _, name := range []string{"terms.md", "cookies.md", "zz-also-good.md", "notes.txt"} {
			okFS[name] = fsys[name]
		}
		docs, err := markdown.Load(okFS)
		if err != nil {
			t.Fatal(err)
		}
		var slugs []string
		for _, d := range docs {
			slugs = append(slugs, d.Slug)
		}
		if diff := cmp.Diff([]string{"cookies", "terms", "zz-also-good"}, slugs); diff != "" {
			t.Errorf("slugs (-want +got):\n%s", diff)
		}
		wantWarnings := []*policy.Error{{File: "terms.md", Line: 5, Msg: "link to #missing, but no heading has that id"}}
		if diff := cmp.Diff(wantWarnings, docs[1].Warnings); diff != "" {
			t.Errorf("terms.md warnings (-want +got):\n%s", diff)
		}
		if len(docs[0].Warnings)+len(docs[2].Warnings) != 0 {
			t.Errorf("unexpected warnings: %v %v", docs[0].Warnings, docs[2].Warnings)
		}
	})

	t.Run("no policies", func(t *testing.T) {
		_, err := markdown.Load(fstest.MapFS{"README.txt": {Data: []byte("x")}})
		if err == nil || !strings.Contains(err.Error(), "no policies") {
			t.Errorf("Load error = %v, want one about no policies", err)
		}
	})

	t.Run("unreadable file", func(t *testing.T) {
		_, err := markdown.Load(unreadableFS{fstest.MapFS{"a.md": {Data: []byte(good)}}})
		if !errors.Is(err, fs.ErrPermission) {
			t.Errorf("Load error = %v, want fs.ErrPermission", err)
		}
	})
}

// unreadableFS lists its files but cannot read them.
type unreadableFS struct{ fstest.MapFS }

func (f unreadableFS) Open(name string) (fs.File, error) {
	if name != "." {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrPermission}
	}
	return f.MapFS.Open(name)
}

func (f unreadableFS) ReadFile(name string) ([]byte, error) {
	return nil, &fs.PathError{Op: "read", Path: name, Err: fs.ErrPermission}
}
