package changes_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/seqeralabs/policy-widget/app/policy"
	"github.com/seqeralabs/policy-widget/app/policy/changes"
	"github.com/seqeralabs/policy-widget/app/policy/markdown"
)

// parse parses a policy titled "Test" with body after its front matter.
func parse(t testing.TB, body string) *policy.Document {
	t.Helper()
	doc, err := markdown.Parse("test.md", []byte("---\ntitle: Test\n---\n\n"+body))
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	return doc
}

func sections(t testing.TB, body string) []changes.Section {
	t.Helper()
	return changes.Sections(parse(t, body))
}

func TestSections(t *testing.T) {
	got := sections(t, `# Test

Before the first
heading, *emphasised*.

## First {#one}

A paragraph with a [link](https://example.com).

- an item
- another, with a line<br>break

### Nested   title

> A quote, then a heading in it:
>
> ### Quoted
>
> after it.

    code  keeps
      its spaces

| a | b |
|---|---|
| 1 | 2 |

## Empty
## Last

Text &amp; more.
`)
	want := []changes.Section{
		{ID: "", Title: "Test", Level: 1, Text: "Before the first heading, emphasised."},
		{ID: "one", Title: "First", Level: 2, Text: "A paragraph with a link.\nan item\nanother, with a line\nbreak"},
		{ID: "nested---title", Title: "Nested title", Level: 3, Text: "A quote, then a heading in it:"},
		{ID: "quoted", Title: "Quoted", Level: 3, Text: "after it.\ncode  keeps\n  its spaces\na\nb\n1\n2"},
		{ID: "empty", Title: "Empty", Level: 2, Text: ""},
		{ID: "last", Title: "Last", Level: 2, Text: "Text & more."},
	}
	if diff := cmp.Diff(want, got, cmpopts.IgnoreFields(changes.Section{}, "Hash")); diff != "" {
		t.Errorf("Sections (-want +got):\n%s", diff)
	}
	seen := make(map[string]string)
	for _, s := range got {
		if len(s.Hash) != 16 {
			t.Errorf("section %q: hash %q, want 16 hex digits", s.ID, s.Hash)
		}
		if other, ok := seen[s.Hash]; ok {
			t.Errorf("sections %q and %q have the same hash %s", other, s.ID, s.Hash)
		}
		seen[s.Hash] = s.ID
	}
}

// TestSectionsNoPreamble checks that a document starting with a heading
// still has a preamble, empty, titled with the page's h1.
func TestSectionsNoPreamble(t *testing.T) {
	got := sections(t, "## Only\n\nText.\n")
	want := []changes.Section{
		{ID: "", Title: "Test", Level: 1},
		{ID: "only", Title: "Only", Level: 2, Text: "Text."},
	}
	if diff := cmp.Diff(want, got, cmpopts.IgnoreFields(changes.Section{}, "Hash")); diff != "" {
		t.Errorf("Sections (-want +got):\n%s", diff)
	}
}

func text(s string) *policy.Node { return &policy.Node{Text: s} }

func elem(tag string, attrs []policy.Attr, children ...*policy.Node) *policy.Node {
	return &policy.Node{Tag: tag, Attrs: attrs, Children: children}
}

func heading(tag, id string, children ...*policy.Node) *policy.Node {
	return elem(tag, []policy.Attr{{Key: "id", Val: id}}, children...)
}

func link(href, title string, children ...*policy.Node) *policy.Node {
	return elem("a", []policy.Attr{{Key: "href", Val: href}, {Key: "title", Val: title}}, children...)
}

// TestSectionsNodes builds bodies by hand: only h2 to h6 with an id start a
// section; an h1 or a heading without an id is content.
func TestSectionsNodes(t *testing.T) {
	doc := &policy.Document{Heading: "  The   policy ", Body: []*policy.Node{
		elem("h1", nil, text("Not a section")),
		elem("h2", nil, text("No id")),
		heading("h3", "a", text("A "), elem("em", nil, text("title"))),
		elem("p", nil, text("one\ttwo\n three ")),
		heading("h6", "b", text("B")),
		text("loose text"),
	}}
	got := changes.Sections(doc)
	want := []changes.Section{
		{ID: "", Title: "The policy", Level: 1, Text: "Not a section\nNo id"},
		{ID: "a", Title: "A title", Level: 3, Text: "one two three"},
		{ID: "b", Title: "B", Level: 6, Text: "loose text"},
	}
	if diff := cmp.Diff(want, got, cmpopts.IgnoreFields(changes.Section{}, "Hash")); diff != "" {
		t.Errorf("Sections (-want +got):\n%s", diff)
	}
}

// TestHashSame lists changes that do not change what a reader sees: every
// section must keep its hash.
func TestHashSame(t *testing.T) {
	for _, tc := range []struct {
		name     string
		old, new string
	}{
		{
			name: "rewrapped paragraph",
			old:  "Intro.\n\n## A\n\nOne two\nthree four.\n",
			new:  "Intro.\n\n## A\n\nOne\ntwo three four.\n",
		},
		{
			name: "emphasis and link syntax",
			old:  "## A\n\nSome *emphasis* and [a link](https://example.com/x \"X\").\n",
			new:  "## A\n\nSome _emphasis_ and [a link][x].\n\n[x]: https://example.com/x \"X\"\n",
		},
		{
			name: "raw HTML attribute order",
			old:  "## A\n\nSee <a href=\"https://example.com\" title=\"Example\">this</a>.\n",
			new:  "## A\n\nSee <a title=\"Example\" href=\"https://example.com\">this</a>.\n",
		},
		{
			name: "character references",
			old:  "## A &amp; B {#a}\n\nCaf&eacute; &lt;3.\n",
			new:  "## A & B {#a}\n\nCafé \\<3.\n",
		},
		{
			name: "blank lines",
			old:  "## A\n\nOne.\n\n## B\n\nTwo.\n",
			new:  "## A\n\n\n\nOne.\n\n\n## B\nTwo.\n",
		},
		{
			name: "heading level",
			old:  "## A\n\nOne.\n\n## B\n\nTwo.\n",
			new:  "## A\n\nOne.\n\n### B\n\nTwo.\n",
		},
		{
			name: "moved section",
			old:  "Intro.\n\n## A\n\nOne.\n\n## B\n\nTwo.\n",
			new:  "Intro.\n\n## B\n\nTwo.\n\n## A\n\nOne.\n",
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := hashes(sections(t, tc.new))
			want := hashes(sections(t, tc.old))
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("hashes by id (-want +got):\n%s", diff)
			}
		})
	}
}

func hashes(ss []changes.Section) map[string]string {
	m := make(map[string]string)
	for _, s := range ss {
		m[s.ID] = s.Hash
	}
	return m
}

// TestHashChanged lists changes a reader can see, or follow: the hash of
// the section they are in changes, and no other.
func TestHashChanged(t *testing.T) {
	for _, tc := range []struct {
		name     string
		old, new string
		changed  string // the id of the section whose hash changes
	}{
		{"word", "Intro.\n\n## A\n\nWe collect data.\n", "Intro.\n\n## A\n\nWe collect your data.\n", "a"},
		{"punctuation", "## A\n\nWe collect data.\n", "## A\n\nWe collect data,\n", "a"},
		{"link target", "## A\n\nSee [this](https://example.com/a).\n", "## A\n\nSee [this](https://example.com/b).\n", "a"},
		{"link title", "## A\n\nSee [this](/a \"one\").\n", "## A\n\nSee [this](/a \"two\").\n", "a"},
		{"image source", "## A\n\n![logo](/a.png)\n", "## A\n\n![logo](/b.png)\n", "a"},
		{"emphasis", "## A\n\nWe never share data.\n", "## A\n\nWe **never** share data.\n", "a"},
		{"paragraph split", "## A\n\nOne. Two.\n", "## A\n\nOne.\n\nTwo.\n", "a"},
		{"list to paragraph", "## A\n\n- One\n", "## A\n\nOne\n", "a"},
		{"no-break space", "## A\n\n10 %\n", "## A\n\n10\u00a0%\n", "a"},
		{"code block spaces", "## A\n\n    a b\n", "## A\n\n    a  b\n", "a"},
		{"reworded heading with id", "## Cookies {#a}\n\nText.\n", "## What are cookies? {#a}\n\nText.\n", "a"},
		{"heading markup", "## A {#a}\n\nText.\n", "## *A* {#a}\n\nText.\n", "a"},
		{"page title", "# Test\n\nIntro.\n\n## A\n", "# TEST\n\nIntro.\n\n## A\n", ""},
		{"preamble", "Intro.\n\n## A\n\nText.\n", "Introduction.\n\n## A\n\nText.\n", ""},
		{"text moved between sections", "## A\n\nOne.\n\nTwo.\n\n## B\n", "## A\n\nOne.\n\n## B\n\nTwo.\n", "a,b"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			old, new := hashes(sections(t, tc.old)), hashes(sections(t, tc.new))
			if len(old) != len(new) {
				t.Fatalf("%d sections, then %d: want the same ids", len(old), len(new))
			}
			var changed []string
			for _, s := range sections(t, tc.new) {
				if old[s.ID] != new[s.ID] {
					changed = append(changed, s.ID)
				}
			}
			if got, want := join(changed), tc.changed; got != want {
				t.Errorf("changed sections %q, want %q", got, want)
			}
		})
	}
}

func join(ids []string) string {
	s := ""
	for i, id := range ids {
		if i > 0 {
			s += ","
		}
		s += id
	}
	return s
}

// TestHashNodes checks what only a hand-built tree can hold: text split
// into several nodes hashes as one run, and a code block's text directly
// in its <pre> keeps its spaces.
func TestHashNodes(t *testing.T) {
	one := &policy.Document{Heading: "T", Body: []*policy.Node{
		heading("h2", "a", text("A")),
		elem("p", nil, text("foo bar"), link("/x", "X", text("baz"))),
	}}
	split := &policy.Document{Heading: "T", Body: []*policy.Node{
		heading("h2", "a", text("A")),
		elem("p", nil, text("foo"), text(" "), text("bar"), link("/x", "X", text("b"), text("az"))),
	}}
	moved := &policy.Document{Heading: "T", Body: []*policy.Node{
		heading("h2", "a", text("A")),
		elem("p", nil, text("foo bar"), link("/x", "X"), text("baz")),
	}}
	pre := func(code string) *policy.Document {
		return &policy.Document{Heading: "T", Body: []*policy.Node{heading("h2", "a", text("A")), elem("pre", nil, text(code))}}
	}
	if got, want := changes.Sections(pre("a  b\n  c"))[1].Text, "a  b\n  c"; got != want {
		t.Errorf("text of a code block %q, want %q", got, want)
	}
	if a, b := changes.Sections(pre("a  b\n  c"))[1].Hash, changes.Sections(pre("a b\n c"))[1].Hash; a == b {
		t.Errorf("code blocks with other spaces: same hash %s", a)
	}
	if got, want := changes.Sections(split), changes.Sections(one); !cmp.Equal(got, want) {
		t.Errorf("text split into nodes: %v, want %v", got, want)
	}
	if got, other := changes.Sections(moved)[1], changes.Sections(one)[1]; got.Hash == other.Hash {
		t.Errorf("text moved out of a link: same hash %s", got.Hash)
	}
}

// TestHashJSON checks that a document keeps its hashes through the JSON
// form in which the client carries it.
func TestHashJSON(t *testing.T) {
	doc := parse(t, "Intro.\n\n## A\n\nSee [this](/a), **now**.\n\n    code\n")
	b, err := policy.Marshal([]*policy.Document{doc})
	if err != nil {
		t.Fatal(err)
	}
	docs, err := policy.Unmarshal(b)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(changes.Sections(doc), changes.Sections(docs[0])); diff != "" {
		t.Errorf("sections after JSON (-want +got):\n%s", diff)
	}
}
