package markdown_test

import (
	"bufio"
	"os"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/seqeralabs/policy-widget/app/policy/markdown"
)

// TestSlugGitHub checks Slug against the anchors GitHub gives headings,
// listed in testdata/slugs.txt.
func TestSlugGitHub(t *testing.T) {
	f, err := os.Open("testdata/slugs.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	cases := 0
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		input, want, ok := strings.Cut(line, "\t")
		if !ok {
			t.Fatalf("testdata/slugs.txt:%d: no tab between the input and the expected slug", n)
		}
		cases++
		if got := markdown.Slug(input); got != want {
			t.Errorf("testdata/slugs.txt:%d: Slug(%q) = %q, want %q", n, input, got, want)
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if cases < 30 {
		t.Fatalf("read %d cases from testdata/slugs.txt, want at least 30", cases)
	}
}

// TestSlugInvisible covers characters that a text file would hide.
func TestSlugInvisible(t *testing.T) {
	tests := []struct {
		name, input, want string
	}{
		{"no-break space is dropped", "a\u00a0b", "ab"},
		{"em space is dropped", "a\u2003b", "ab"},
		{"zero-width joiner is dropped", "a\u200db", "ab"},
		{"combining mark is kept", "e\u0301t\u00e9", "e\u0301t\u00e9"},
		{"tab inside is dropped", "a\tb", "ab"},
		{"only spaces", "   ", ""},
		{"empty", "", ""},
		{"only punctuation", "?!", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := markdown.Slug(tt.input); got != tt.want {
				t.Errorf("Slug(%q) = %q, want %q", tt.input, got, tt.want)
			}
		})
	}
}

// TestHeadingIDs checks the ids a whole document gives its headings, in
// order: duplicates, explicit ids, page ids and markup in headings.
func TestHeadingIDs(t *testing.T) {
	tests := []struct {
		name string
		body string
		want []string
	}{
		{
			name: "duplicates are numbered",
			body: "## Cookies\n\n## Cookies\n\n## Cookies\n",
			want: []string{"cookies", "cookies-1", "cookies-2"},
		},
		{
			name: "link text counts, the URL does not",
			body: "## See [the docs](https://x.y/z) now\n",
			want: []string{"see-the-docs-now"},
		},
		{
			name: "inline code counts without its backticks",
			body: "## The `id` field\n",
			want: []string{"the-id-field"},
		},
		{
			name: "emphasis and raw HTML markup are left out",
			body: "## *Very* **important** <em>news</em>\n",
			want: []string{"very-important-news"},
		},
		{
			name: "explicit id wins",
			body: "## Custom heading {#custom-id}\n",
			want: []string{"custom-id"},
		},
		{
			name: "explicit ids do not renumber automatic ones",
			body: "## First {#cookies-1}\n\n## Cookies\n\n## Cookies again {#again}\n",
			want: []string{"cookies-1", "cookies", "again"},
		},
		{
			// Ids that the page uses are errors with WithPageIDs (see
			// TestParseErrors); the parser never renames a heading
			// around them.
			name: "without page ids, any id is a heading's",
			body: "## Main\n\n## TOC\n\n## Top\n",
			want: []string{"main", "toc", "top"},
		},
		{
			name: "empty slug becomes section",
			body: "## 🎉\n\n## ?!\n",
			want: []string{"section", "section-1"},
		},
		{
			name: "github-slugger repetition sequence",
			body: "## echo\n\n## echo\n\n## echo 1\n\n## echo-1\n\n## echo\n",
			want: []string{"echo", "echo-1", "echo-1-1", "echo-1-2", "echo-2"},
		},
		{
			name: "numbered slug before its base",
			body: "## foxtrot-1\n\n## foxtrot\n\n## foxtrot\n",
			want: []string{"foxtrot-1", "foxtrot", "foxtrot-2"},
		},
		{
			name: "setext headings",
			body: "Setext one\n==========\n\nSetext two\n----------\n",
			want: []string{"setext-one", "setext-two"},
		},
		{
			name: "headings in quotes and lists get ids too",
			body: "## A\n\n> ## Quoted\n\n- ## Listed\n",
			want: []string{"a", "quoted", "listed"},
		},
		{
			name: "the title h1 that is removed takes no id",
			body: "# Test\n\n## Test\n",
			want: []string{"test"},
		},
		{
			name: "non-ASCII letters are kept",
			body: "## Données personnelles\n\n## 日本語の見出し\n",
			want: []string{"données-personnelles", "日本語の見出し"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := mustParse(t, policyFile(tt.body))
			var got []string
			for _, h := range headings(doc.Body) {
				got = append(got, h.Attr("id"))
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("heading ids (-want +got):\n%s", diff)
			}
		})
	}
}
