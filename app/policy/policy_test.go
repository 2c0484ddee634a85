package policy

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestMarshalRoundTrip(t *testing.T) {
	docs := []*Document{{
		Slug: "terms", File: "terms.md",
		Meta:    Meta{Title: "Terms", Description: "d", Updated: NewDay(2024, 5, 1), Lang: "fr", TOCDepth: 3},
		Heading: "Terms",
		TOC:     []*TOCEntry{{ID: "a", Title: "A", Level: 2, Children: []*TOCEntry{{ID: "b", Title: "B", Level: 3}}}},
		Body: []*Node{
			{Tag: "h2", Attrs: []Attr{{Key: "id", Val: "a"}}, Children: []*Node{{Text: "A"}}},
			{Tag: "p", Children: []*Node{{Text: "x < y & \"z\""}, {Tag: "br"}}},
		},
		Warnings: []*Error{{File: "terms.md", Line: 4, Col: 9, Msg: "link to #c"}},
		Digest:   "0123456789abcdef",
		Versions: []*Document{
			{Slug: "terms", File: "terms/2023-01-02.md", Meta: Meta{Title: "Old terms", Updated: NewDay(2023, 1, 2)}},
			{Slug: "terms", File: "terms/2022-01-02.md", Meta: Meta{Title: "Older terms", Updated: NewDay(2022, 1, 2)}, Sections: []SectionDigest{{Title: "Older terms", Level: 1, Hash: "00ff"}}},
		},
		Upcoming: &Document{Slug: "terms", File: "terms.md", Meta: Meta{Title: "New terms", Updated: NewDay(2030, 1, 2)}},
	}, {
		Slug: "undated", File: "undated.md", Meta: Meta{Title: "No date"},
	}}
	b, err := Marshal(docs)
	if err != nil {
		t.Fatal(err)
	}
	got, err := Unmarshal(b)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(docs, got); diff != "" {
		t.Errorf("round trip (-want +got):\n%s", diff)
	}
	for _, want := range []string{`"updated": "2024-05-01"`, `"updated": "2030-01-02"`, `"updated": ""`, `"digest": "0123456789abcdef"`} {
		if !strings.Contains(string(b), want) {
			t.Errorf("the JSON lacks %s:\n%s", want, b)
		}
	}
	if _, err := Unmarshal([]byte("{")); err == nil {
		t.Error("Unmarshal of broken JSON did not fail")
	}
}

func TestNode(t *testing.T) {
	h := &Node{Tag: "h3", Attrs: []Attr{{Key: "id", Val: "x"}}, Children: []*Node{
		{Text: "What "}, {Tag: "em", Children: []*Node{{Text: "are"}}}, {Text: " cookies?"},
	}}
	if got := h.HeadingLevel(); got != 3 {
		t.Errorf("HeadingLevel = %d, want 3", got)
	}
	if got := (&Node{Tag: "hr"}).HeadingLevel(); got != 0 {
		t.Errorf("HeadingLevel of hr = %d, want 0", got)
	}
	if got := h.PlainText(); got != "What are cookies?" {
		t.Errorf("PlainText = %q", got)
	}
	if got, none := h.Attr("id"), h.Attr("class"); got != "x" || none != "" {
		t.Errorf("Attr = %q, %q; want x and empty", got, none)
	}
}

func TestError(t *testing.T) {
	for _, tc := range []struct {
		err  *Error
		want string
	}{
		{&Error{File: "p.md", Line: 3, Col: 7, Msg: "bad"}, "p.md:3:7: bad"},
		{&Error{File: "p.md", Line: 3, Msg: "bad"}, "p.md:3: bad"},
		{&Error{File: "P P.md", Msg: "bad name"}, "P P.md: bad name"},
	} {
		if got := tc.err.Error(); got != tc.want {
			t.Errorf("Error() = %q, want %q", got, tc.want)
		}
	}
}

func TestFind(t *testing.T) {
	docs := []*Document{{Slug: "privacy"}, {Slug: "terms"}}
	if got := Find(docs, "terms"); got != docs[1] {
		t.Errorf("Find(terms) = %v, want the second document", got)
	}
	if got := Find(docs, "cookies"); got != nil {
		t.Errorf("Find(cookies) = %v, want nil", got)
	}
}

func TestSeenVersion(t *testing.T) {
	doc := func(date string) *Document {
		d := &Document{Slug: "terms"}
		if date != "" {
			d.Updated, _ = ParseDay(date)
		}
		return d
	}
	d := doc("2026-01-15")
	d.Versions = []*Document{doc("2024-06-01"), doc("2021-02-27")}
	for _, tc := range []struct {
		name, seen, want string
	}{
		{"a version", "2021-02-27", "2021-02-27"},
		{"between two versions: the older one", "2023-01-01", "2021-02-27"},
		{"the newest earlier version", "2024-06-01", "2024-06-01"},
		{"the day before the current one", "2026-01-14", "2024-06-01"},
		{"the current version: nothing to mark", "2026-01-15", ""},
		{"later than the current version", "2030-01-01", ""},
		{"older than every version: unknown", "2020-01-01", ""},
		{"empty", "", ""},
		{"not a date", "yesterday", ""},
		{"a date of another layout", "2021-2-27", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := ""
			if v := d.SeenVersion(tc.seen); v != nil {
				got = v.Version()
			}
			if got != tc.want {
				t.Errorf("SeenVersion(%q) = %q, want %q", tc.seen, got, tc.want)
			}
		})
	}
	if v := doc("").SeenVersion("2021-02-27"); v != nil {
		t.Errorf("a policy without updated: SeenVersion = %q, want nil", v.Version())
	}
}
