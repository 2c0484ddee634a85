package markdown_test

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"runtime"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/seqeralabs/policy-widget/app/policy"
	"github.com/seqeralabs/policy-widget/app/policy/markdown"
	"github.com/seqeralabs/policy-widget/app/site"
)

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name     string
		file     string // "broken.md" when empty
		src      string
		opts     []markdown.Option
		wantLine int
		wantCol  int
		wantMsg  []string // parts of the message
	}{
		{
			name:     "missing front matter",
			src:      "# Privacy\n\nText.\n",
			wantLine: 1,
			wantCol:  1,
			wantMsg:  []string{"missing front matter", `"---"`},
		},
		{
			name:     "front matter after a blank line",
			src:      "\n---\ntitle: T\n---\n\nText.\n",
			wantLine: 1,
			wantCol:  1,
			wantMsg:  []string{"missing front matter"},
		},
		{
			name:     "unclosed front matter",
			src:      "---\ntitle: T\n\nText.\n",
			wantLine: 1,
			wantCol:  1,
			wantMsg:  []string{"front matter is not closed"},
		},
		{
			name:     "malformed YAML: bad indentation",
			src:      "---\ntitle: T\n  bad: indent\n---\n\nText.\n",
			wantLine: 3,
			wantCol:  0,
			wantMsg:  []string{"not valid YAML", "mapping values are not allowed"},
		},
		{
			name:     "malformed YAML: unclosed bracket",
			src:      "---\ntitle: T\ndescription: [unclosed\nlang: en\n---\n\nText.\n",
			wantLine: 3,
			wantCol:  0,
			wantMsg:  []string{"not valid YAML", "']'"},
		},
		{
			name:     "malformed YAML: unclosed brace on the last line",
			src:      "---\ntitle: T\nlang: en\nextra: {\n---\n\nText.\n",
			wantLine: 4,
			wantCol:  0,
			wantMsg:  []string{"not valid YAML"},
		},
		{
			name:     "malformed YAML: list item in a mapping",
			src:      "---\ntitle: T\n- item\n---\n\nText.\n",
			wantLine: 3,
			wantCol:  0,
			wantMsg:  []string{"not valid YAML", "expected key"},
		},
		{
			name:     "malformed YAML: unterminated quote",
			src:      "---\ntitle: T\ndescription: \"open\n---\n\nText.\n",
			wantLine: 3,
			wantCol:  0,
			wantMsg:  []string{"not valid YAML"},
		},
		{
			name:     "malformed YAML: bad character on the first line",
			src:      "---\n@title: T\n---\n\nText.\n",
			wantLine: 2,
			wantCol:  0,
			wantMsg:  []string{"not valid YAML", "cannot start any token"},
		},
		{
			name:     "front matter is not a mapping",
			src:      "---\n- title\n---\n\nText.\n",
			wantLine: 2,
			wantCol:  1,
			wantMsg:  []string{"must be a mapping"},
		},
		{
			name:     "missing title",
			src:      "---\ndescription: D\n---\n\nText.\n",
			wantLine: 1,
			wantCol:  1,
			wantMsg:  []string{"no title", "title: …"},
		},
		{
			name:     "empty title",
			src:      "---\ndescription: D\ntitle: \"\"\n---\n\nText.\n",
			wantLine: 3,
			wantCol:  8,
			wantMsg:  []string{"title is empty"},
		},
		{
			name:     "title with nothing after it",
			src:      "---\ntitle:\n---\n\nText.\n",
			wantLine: 2,
			wantCol:  1,
			wantMsg:  []string{"title is empty"},
		},
		{
			name:     "blank title",
			src:      "---\ntitle: \"   \"\n---\n\nText.\n",
			wantLine: 2,
			wantCol:  8,
			wantMsg:  []string{"title is empty"},
		},
		{
			name:     "title is a list",
			src:      "---\ntitle: [a, b]\n---\n\nText.\n",
			wantLine: 2,
			wantCol:  8,
			wantMsg:  []string{"title must be text"},
		},
		{
			name:     "title twice",
			src:      "---\ntitle: A\ntitle: B\n---\n\nText.\n",
			wantLine: 3,
			wantCol:  1,
			wantMsg:  []string{`"title" twice`},
		},
		{
			name:     "updated is not an ISO date",
			src:      "---\ntitle: T\nupdated: 27/02/2021\n---\n\nText.\n",
			wantLine: 3,
			wantCol:  10,
			wantMsg:  []string{`updated "27/02/2021" is not a date in the form YYYY-MM-DD`},
		},
		{
			name:     "updated is not a real date",
			src:      "---\ntitle: T\nupdated: 2026-02-30\n---\n\nText.\n",
			wantLine: 3,
			wantCol:  10,
			wantMsg:  []string{`updated "2026-02-30" is not a real date: February 2026 has 28 days`},
		},
		{
			name:     "updated is a list",
			src:      "---\ntitle: T\nupdated: [2026-02-03]\n---\n\nText.\n",
			wantLine: 3,
			wantCol:  10,
			wantMsg:  []string{"updated must be a date in the form YYYY-MM-DD"},
		},
		{
			name:     "toc_depth is not a number",
			src:      "---\ntitle: T\nlang: en\ntoc_depth: deep\n---\n\nText.\n",
			wantLine: 4,
			wantCol:  12,
			wantMsg:  []string{`toc_depth "deep"`, "1 to 5"},
		},
		{
			name:     "toc_depth out of range",
			src:      "---\ntitle: T\ntoc_depth: 0\n---\n\nText.\n",
			wantLine: 3,
			wantCol:  12,
			wantMsg:  []string{`toc_depth "0"`, "1 to 5"},
		},
		{
			name:     "lang is not a language tag",
			src:      "---\ntitle: T\nlang: English\n---\n\nText.\n",
			wantLine: 3,
			wantCol:  7,
			wantMsg:  []string{`lang "English"`},
		},
		{
			name:     "two headings with the same explicit id",
			src:      "---\ntitle: T\n---\n\n## Data {#data}\n\nText.\n\n## More data {#data}\n",
			wantLine: 9,
			wantCol:  14,
			wantMsg:  []string{`"data"`, "already used on line 5"},
		},
		{
			name:     "explicit id reserved by the page",
			src:      "---\ntitle: T\n---\n\nText.\n\n## Contents {#toc}\n",
			opts:     pageIDs,
			wantLine: 7,
			wantCol:  13,
			wantMsg:  []string{`"toc"`, "used by the page"},
		},
		{
			name:     "empty body",
			src:      "---\ntitle: T\n---\n\n  \n\n",
			wantLine: 4,
			wantCol:  1,
			wantMsg:  []string{"no text after its front matter"},
		},
		{
			name:     "body with only the title heading",
			src:      "---\ntitle: Privacy Policy\n---\n\n# Privacy policy\n",
			wantLine: 4,
			wantCol:  1,
			wantMsg:  []string{"no text besides its title"},
		},
		{
			name:     "body with only a dropped script",
			src:      "---\ntitle: T\n---\n\n<script>alert(1)</script>\n",
			wantLine: 4,
			wantCol:  1,
			wantMsg:  []string{"no text besides its title"},
		},
		{
			name:     "invalid UTF-8",
			src:      "---\ntitle: T\n---\n\nGood line.\n\nBad \xff byte.\n",
			wantLine: 7,
			wantCol:  5,
			wantMsg:  []string{"invalid UTF-8"},
		},
		{
			name:     "invalid UTF-8 in the front matter",
			src:      "---\ntitle: T\xe9\n---\n\nText.\n",
			wantLine: 2,
			wantCol:  9,
			wantMsg:  []string{"invalid UTF-8"},
		},
		{
			name:     "automatic id of the page",
			src:      "---\ntitle: T\n---\n\nText.\n\n## TOC panel\n\nText.\n",
			opts:     pageIDs,
			wantLine: 7,
			wantCol:  1,
			wantMsg:  []string{`"TOC panel"`, `"toc-panel"`, "the page uses itself", "{#…}"},
		},
		{
			name:     "explicit id of an automatic one before it",
			src:      "---\ntitle: T\n---\n\n## Cookies\n\nText.\n\n## Later {#cookies}\n\nText.\n",
			wantLine: 9,
			wantCol:  10,
			wantMsg:  []string{`"cookies"`, `automatic id of the heading "Cookies" on line 5`},
		},
		{
			name:     "explicit id of an automatic one after it",
			src:      "---\ntitle: T\n---\n\n## First {#cookies}\n\nText.\n\n## Cookies\n\nText.\n",
			wantLine: 5,
			wantCol:  10,
			wantMsg:  []string{`"cookies"`, `also the automatic id of the heading "Cookies" on line 9`},
		},
		{
			name:     "explicit id with other characters",
			src:      "---\ntitle: T\n---\n\n## Data {#a.b}\n\nText.\n",
			wantLine: 5,
			wantCol:  9,
			wantMsg:  []string{`"a.b"`, "letters, digits"},
		},
		{
			name:     "link to a missing section",
			src:      "---\ntitle: T\n---\n\nText.\n\nSee [x](#missing).\n",
			wantLine: 7,
			wantCol:  5,
			wantMsg:  []string{"link to #missing", "no heading has that id"},
		},
		{
			name:     "link on the third line of a paragraph, after non-ASCII text",
			src:      "---\ntitle: T\n---\n\nOne\ntwo\n«and» [x](#gone)\n",
			wantLine: 7,
			wantCol:  7,
			wantMsg:  []string{"link to #gone"},
		},
		{
			name:     "link at the end of a long line of non-ASCII text",
			src:      "---\ntitle: T\n---\n\n" + strings.Repeat("é", 10000) + " [x](#gone)\n",
			wantLine: 5,
			wantCol:  10002,
			wantMsg:  []string{"link to #gone"},
		},
		{
			name:     "link in a table cell",
			src:      "---\ntitle: T\n---\n\n| a |\n|---|\n| [x](#nope) |\n",
			wantLine: 7,
			wantCol:  3,
			wantMsg:  []string{"link to #nope"},
		},
		{
			name:     "link in a heading is reported once",
			src:      "---\ntitle: T\n---\n\n## See [x](#missing)\n\nText.\n",
			wantLine: 5,
			wantCol:  8,
			wantMsg:  []string{"link to #missing"},
		},
		{
			name:     "link to the title heading that was removed",
			src:      "---\ntitle: T\n---\n\n# T\n\n[top](#t)\n",
			wantLine: 7,
			wantCol:  1,
			wantMsg:  []string{"link to #t"},
		},
		{
			name:     "raw HTML link to a missing section",
			src:      "---\ntitle: T\n---\n\nSee <a href=\"#gone\">x</a>.\n",
			wantLine: 5,
			wantCol:  5,
			wantMsg:  []string{"link to #gone"},
		},
		{
			name:     "link with a javascript: URL",
			src:      "---\ntitle: T\n---\n\nA [link](javascript:alert(1)).\n",
			wantLine: 5,
			wantCol:  3,
			wantMsg:  []string{`"javascript:alert(1)"`, "scheme javascript: is not allowed"},
		},
		{
			name:     "raw HTML link with a data: URL in an HTML block",
			src:      "---\ntitle: T\n---\n\n<p>\nA <a href=\"data:text/html,x\">link</a>.\n</p>\n",
			wantLine: 6,
			wantCol:  3,
			wantMsg:  []string{"scheme data: is not allowed"},
		},
		{
			name:     "HTML block in a quote",
			src:      "---\ntitle: T\n---\n\n> <p>\n> A <a href=\"data:,x\">link</a>.\n> </p>\n",
			wantLine: 6,
			wantCol:  5,
			wantMsg:  []string{"scheme data: is not allowed"},
		},
		{
			name:     "autolink with a disallowed scheme",
			src:      "---\ntitle: T\n---\n\nGet it from <ftp://files.example.com/x>.\n",
			wantLine: 5,
			wantCol:  13,
			wantMsg:  []string{"scheme ftp: is not allowed"},
		},
		{
			name:     "image over http",
			src:      "---\ntitle: T\n---\n\nThe ![logo](http://x.y/logo.png).\n",
			wantLine: 5,
			wantCol:  5,
			wantMsg:  []string{`image from "http://x.y/logo.png"`, "scheme http: is not allowed"},
		},
		{
			name:     "slug of a path of the site",
			file:     "api.md",
			src:      "---\ntitle: T\n---\n\nText.\n",
			opts:     []markdown.Option{markdown.WithReservedSlugs("api", "web")},
			wantLine: 0,
			wantMsg:  []string{`slug "api"`, "/api", "rename"},
		},
		{
			name:     "file over the size limit",
			src:      "---\ntitle: T\n---\n\n" + strings.Repeat("Long text.\n", markdown.MaxSize/10),
			wantLine: 0,
			wantMsg:  []string{"more than the limit", "1 MiB"},
		},
		{
			name:     "lists nested too deep",
			src:      "---\ntitle: T\n---\n\n" + strings.Repeat("- ", markdown.MaxDepth+1) + "x\n",
			wantLine: 5,
			wantCol:  2*markdown.MaxDepth + 1,
			wantMsg:  []string{"nesting deeper than 32 levels"},
		},
		{
			name:     "file name with a space and capitals",
			file:     "Privacy Policy.md",
			src:      "---\ntitle: T\n---\n\nText.\n",
			wantLine: 0,
			wantCol:  0,
			wantMsg:  []string{"file name", "privacy.md"},
		},
		{
			name:     "file name with an underscore",
			file:     "privacy_policy.md",
			src:      "---\ntitle: T\n---\n\nText.\n",
			wantLine: 0,
			wantCol:  0,
			wantMsg:  []string{"file name"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			file := tt.file
			if file == "" {
				file = "broken.md"
			}
			doc, err := markdown.Parse(file, []byte(tt.src), tt.opts...)
			if err == nil {
				t.Fatalf("Parse returned a document with %d body nodes and no error", len(doc.Body))
			}
			var perr *policy.Error
			if !errors.As(err, &perr) {
				t.Fatalf("error %v (%T) is not a *policy.Error", err, err)
			}
			if perr.File != file || perr.Line != tt.wantLine || perr.Col != tt.wantCol {
				t.Errorf("error at %s:%d:%d, want %s:%d:%d (%v)", perr.File, perr.Line, perr.Col, file, tt.wantLine, tt.wantCol, err)
			}
			for _, part := range tt.wantMsg {
				if !strings.Contains(perr.Msg, part) {
					t.Errorf("message %q does not contain %q", perr.Msg, part)
				}
			}
			want := fmt.Sprintf("%s:%d:%d: %s", file, tt.wantLine, tt.wantCol, perr.Msg)
			switch {
			case tt.wantLine == 0:
				want = fmt.Sprintf("%s: %s", file, perr.Msg)
			case tt.wantCol == 0:
				want = fmt.Sprintf("%s:%d: %s", file, tt.wantLine, perr.Msg)
			}
			if got := err.Error(); got != want {
				t.Errorf("Error() = %q, want %q", got, want)
			}
		})
	}
}

// pageIDs stand for the ids of the page around a policy (ui.PageIDs).
var pageIDs = []markdown.Option{markdown.WithPageIDs("main", "top", "toc", "toc-panel")}

func TestParseWarnings(t *testing.T) {
	tests := []struct {
		name string
		body string // the body of test.md, which starts on line 5
		want []string
	}{
		{
			name: "links to existing sections, automatic and explicit, and to the page",
			body: "[a](#cookies) [b](#rights) [c](#listed) [d](#top) [e](#)\n\n## Cookies\n\nText.\n\n## Your rights {#rights}\n\n- ## Listed\n",
			want: nil,
		},
		{
			name: "empty section followed by a heading of the same level",
			body: "## Cookies\n\n## Rights\n\nText.\n",
			want: []string{`test.md:5:1: the section "Cookies" is empty: the heading "Rights" follows its heading`},
		},
		{
			name: "empty section followed by a higher heading",
			body: "## A\n\n### A.1\n\n## B\n\nText.\n",
			want: []string{`test.md:7:1: the section "A.1" is empty: the heading "B" follows its heading`},
		},
		{
			name: "empty section at the end",
			body: "Text.\n\n## The end\n",
			want: []string{`test.md:7:1: the section "The end" is empty: the end of the policy follows its heading`},
		},
		{
			name: "section of only dropped HTML is empty",
			body: "## A\n\n<script>x()</script>\n\n## B\n\nText.\n",
			want: []string{
				`test.md:5:1: the section "A" is empty: the heading "B" follows its heading`,
				`test.md:7:1: raw HTML <script> dropped with its content: it is not in the allow-list`,
			},
		},
		{
			name: "a section with a subsection is not empty",
			body: "## A\n\n### A.1\n\nText.\n",
			want: nil,
		},
		{
			name: "link text that is another section's title",
			body: "See [How to manage cookies](#how-do-we-use-cookies).\n\n## How do we use cookies?\n\nText.\n\n## How to manage cookies\n\nText.\n",
			want: []string{`test.md:5:5: link text "How to manage cookies" is the title of another section, "How to manage cookies" (line 11), but the link points at #how-do-we-use-cookies ("How do we use cookies?")`},
		},
		{
			name: "link text whose words are in no title: not reported",
			body: "See [managing your cookies](#how-do-we-use-cookies).\n\n## How do we use cookies?\n\nText.\n\n## How to manage cookies\n\nText.\n",
			want: nil,
		},
		{
			name: "link text with the words of another section",
			body: "See [manage cookies here](#how-do-we-use-cookies).\n\n## How do we use cookies?\n\nText.\n\n## How to manage cookies\n\nText.\n",
			want: []string{`test.md:5:5: link text "manage cookies here" names the section "How to manage cookies" (line 11) rather than #how-do-we-use-cookies ("How do we use cookies?"), which the link points at`},
		},
		{
			name: "two items of a list for one section",
			body: "- [What data do we collect?](#how-do-we-collect-your-data)\n- [How do we collect your data?](#how-do-we-collect-your-data)\n\n## Seqera collects the following data\n\nText.\n\n## How do we collect your data?\n\nText.\n",
			want: []string{`test.md:5:3: link text "What data do we collect?" names another section than #how-do-we-collect-your-data ("How do we collect your data?"), which the link on line 6 points at by its title`},
		},
		{
			name: "two links for one section in prose are fine",
			body: "Read [what we collect](#how-do-we-collect-your-data) and [How do we collect your data?](#how-do-we-collect-your-data).\n\n## How do we collect your data?\n\nText.\n",
			want: nil,
		},
		{
			name: "link text that names nothing in particular",
			body: "See [here](#cookies) and [this section](#cookies).\n\n## Cookies\n\nText.\n\n## Rights\n\nText.\n",
			want: nil,
		},
		{
			name: "raw HTML element and attributes dropped",
			body: "A <span>span</span>, <em class=\"x\" style=\"y\">em</em>, <img src=\"/a.png\"> and <svg><a href=\"javascript:x\">a</a></svg>.\n",
			want: []string{
				`test.md:5:3: raw HTML <span> dropped, its content kept: it is not in the allow-list`,
				`test.md:5:22: raw HTML <em>: attributes class, style dropped: not in the allow-list`,
				`test.md:5:55: raw HTML <img> dropped: it is not in the allow-list`,
				`test.md:5:78: raw HTML <svg> dropped with its content: it is not in the allow-list`,
			},
		},
		{
			name: "comments are not reported",
			body: "A <!-- note --> B\n\n<!--\nblock\n-->\n",
			want: nil,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := markdown.Parse("test.md", policyFile(tt.body), pageIDs...)
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			var got []string
			for _, w := range doc.Warnings {
				got = append(got, w.Error())
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Warnings (-want +got):\n%s", diff)
			}
		})
	}
}

// TestSiteSlugs checks that WithSite refuses a policy named like the
// first segment of any of the site's routes, or like a page that a static
// export writes at its root, and takes one named otherwise.
func TestSiteSlugs(t *testing.T) {
	src := policyFile("Text.\n")
	var names []string
	for _, r := range site.Routes() {
		if first, _, _ := strings.Cut(strings.TrimPrefix(r.Pattern, "/"), "/"); first != "" && !strings.Contains(first, "{") {
			names = append(names, first)
		}
	}
	names = append(names, "index", "404")
	for _, name := range names {
		if _, err := markdown.Parse(name+".md", src, markdown.WithSite()); err == nil {
			t.Errorf("a policy named %s.md: no error, want one (the site serves /%s)", name, name)
		}
	}
	if _, err := markdown.Parse("cookies.md", src, markdown.WithSite()); err != nil {
		t.Errorf("cookies.md: %v", err)
	}
}

func TestTooManyProblems(t *testing.T) {
	body := strings.Repeat("[x](#gone) ", 150) + "\n\n" + strings.Repeat("## Empty\n", 120) + "\nText.\n"
	doc, err := markdown.Parse("many.md", policyFile(body))
	errs := unjoin(err)
	if len(errs) != 101 || errs[100].Error() != "many.md:5:1101: 50 more errors from here on, not shown" {
		t.Errorf("%d errors, the last %v; want 100 and one that counts 50 more", len(errs), errs[len(errs)-1])
	}
	if len(doc.Warnings) != 101 || doc.Warnings[100].Error() != "many.md:107:1: 19 more warnings from here on, not shown" {
		t.Errorf("%d warnings, the last %v; want 100 and one that counts 19 more", len(doc.Warnings), doc.Warnings[len(doc.Warnings)-1])
	}
}

func TestLoad(t *testing.T) {
	good := "---\ntitle: Terms\n---\n\nText.\n\n## Empty\n"
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
		wantWarnings := []*policy.Error{{File: "terms.md", Line: 7, Col: 1, Msg: `the section "Empty" is empty: the end of the policy follows its heading`}}
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

// TestLimitsFailFast builds the inputs that made the parser take minutes
// and gigabytes, a 5000-level nested list and a 50 MB policy, and checks
// that they are refused, naming the file and the place, before goldmark
// sees them: the allocations stay far below what goldmark needs for them
// (about 130 MB for the 1000-level indented list alone).
func TestLimitsFailFast(t *testing.T) {
	front := "---\ntitle: T\n---\n\n"
	indented := func(n int) string {
		var b strings.Builder
		for i := range n {
			b.WriteString(strings.Repeat("  ", i) + "- level\n")
		}
		return b.String()
	}
	tests := []struct {
		name      string
		src       string
		wantLine  int
		wantCol   int
		wantMsg   string
		wantAlloc uint64 // bytes, at most
	}{
		{"5000-level list", front + strings.Repeat("- ", 5000) + "x\n", 5, 2*markdown.MaxDepth + 1, "nesting deeper than 32", 1 << 20},
		{"5000-level quote", front + strings.Repeat(">", 5000) + " x\n", 5, markdown.MaxDepth + 1, "nesting deeper than 32", 1 << 20},
		{"5000 nested brackets", front + strings.Repeat("[", 5000) + "x" + strings.Repeat("]", 5000) + "\n", 5, markdown.MaxDepth + 1, "nesting deeper than 32", 1 << 20},
		{"1000-level indented list", front + indented(1000), 5 + markdown.MaxDepth, 2*markdown.MaxDepth + 1, "nesting deeper than 32", 8 << 20},
		{"50 MB policy", front + strings.Repeat("Some text.\n", 50<<20/11), 0, 0, "more than the limit of 1048576 (1 MiB)", 1 << 20},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := []byte(tt.src)
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			doc, err := markdown.Parse("big.md", src)
			runtime.ReadMemStats(&after)
			var perr *policy.Error
			if doc != nil || !errors.As(err, &perr) {
				t.Fatalf("Parse = %v, %v; want no document and a *policy.Error", doc, err)
			}
			if perr.Line != tt.wantLine || perr.Col != tt.wantCol || !strings.Contains(perr.Msg, tt.wantMsg) {
				t.Errorf("error %q at %d:%d, want %q at %d:%d", perr.Msg, perr.Line, perr.Col, tt.wantMsg, tt.wantLine, tt.wantCol)
			}
			if alloc := after.TotalAlloc - before.TotalAlloc; alloc > tt.wantAlloc {
				t.Errorf("Parse allocated %d bytes, want at most %d", alloc, tt.wantAlloc)
			}
		})
	}

	t.Run("Lint reads no more than the limit", func(t *testing.T) {
		fsys := fstest.MapFS{"ok.md": {Data: []byte(front + "Text.\n")}}
		big := largeFS{MapFS: fsys, name: "big.md", size: 50 << 20}
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		r, err := markdown.Lint(big)
		runtime.ReadMemStats(&after)
		if err != nil {
			t.Fatal(err)
		}
		want := []*policy.Error{{File: "big.md", Msg: "the file is 52428800 bytes, more than the limit of 1048576 (1 MiB): split the policy"}}
		if diff := cmp.Diff(want, r.Errors); diff != "" {
			t.Errorf("errors (-want +got):\n%s", diff)
		}
		if len(r.Docs) != 1 || r.Docs[0].File != "ok.md" {
			t.Errorf("Docs = %v, want ok.md alone", r.Docs)
		}
		if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 8<<20 {
			t.Errorf("Lint allocated %d bytes for a 50 MB file, want at most 8 MiB", alloc)
		}
	})
}

// largeFS is a MapFS with one more file, name, of size bytes of text that
// are made as they are read, never held in memory.
type largeFS struct {
	fstest.MapFS
	name string
	size int64
}

func (f largeFS) Open(name string) (fs.File, error) {
	if name == f.name {
		return &largeFile{name: name, size: f.size}, nil
	}
	return f.MapFS.Open(name)
}

func (f largeFS) Glob(pattern string) ([]string, error) {
	names, err := fs.Glob(f.MapFS, pattern)
	if ok, _ := path.Match(pattern, f.name); ok {
		names = append(names, f.name)
	}
	return names, err
}

type largeFile struct {
	name      string
	size, off int64
}

func (l *largeFile) Read(b []byte) (int, error) {
	if l.off >= l.size {
		return 0, io.EOF
	}
	n := min(int64(len(b)), l.size-l.off)
	for i := range n {
		b[i] = "policy text\n"[(l.off+i)%12]
	}
	l.off += n
	return int(n), nil
}

func (l *largeFile) Stat() (fs.FileInfo, error) { return largeInfo{l}, nil }

// largeInfo is the fs.FileInfo of a largeFile.
type largeInfo struct{ f *largeFile }

func (i largeInfo) Name() string       { return i.f.name }
func (i largeInfo) Size() int64        { return i.f.size }
func (i largeInfo) Mode() fs.FileMode  { return 0o444 }
func (i largeInfo) ModTime() time.Time { return time.Time{} }
func (i largeInfo) IsDir() bool        { return false }
func (i largeInfo) Sys() any           { return nil }

func (l *largeFile) Close() error { return nil }
