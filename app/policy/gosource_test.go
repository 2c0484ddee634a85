//go:build !wasm

package policy

import (
	"flag"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
)

var update = flag.Bool("update", false, "rewrite the testdata/*.golden files")

// TestGoSource checks the Go source of documents against a golden file:
// every field, a version with its own date, an abridged version, an
// upcoming version, nil and
// empty slices kept apart, and text that needs quoting. That the source compiles to the same
// documents is checked where it is used: policies.TestDocumentsMatchMarkdown
// for the shipped policies, the browser tests of versions for a policy
// with an earlier version.
func TestGoSource(t *testing.T) {
	v1 := &Document{
		Slug: "terms", File: "terms/2023-01-02.md",
		Meta:    Meta{Title: "Terms", Updated: NewDay(2023, 1, 2), Lang: "en", TOCDepth: 2},
		Heading: "Terms",
		TOC:     []*TOCEntry{},
		Body:    []*Node{{Tag: "p", Children: []*Node{{Text: "old"}}}},
	}
	// An abridged version: its sections' digests, without its text.
	v0 := &Document{
		Slug: "terms", File: "terms/2022-03-04.md",
		Meta:     Meta{Title: "Terms", Updated: NewDay(2022, 3, 4), Lang: "en", TOCDepth: 2},
		Heading:  "Terms",
		Sections: []SectionDigest{{Title: "Terms", Level: 1, Hash: "aa"}, {ID: "a", Title: "A \"quoted\"", Level: 2, Hash: "bb"}},
	}
	up := &Document{
		Slug: "terms", File: "terms.md", Digest: "00112233aabbccdd",
		Meta: Meta{Title: "Terms", Updated: NewDay(2025, 1, 1), Lang: "en", TOCDepth: 2},
		Body: []*Node{{Tag: "p", Children: []*Node{{Text: "new"}}}},
	}
	docs := []*Document{{
		Slug: "terms", File: "terms.md", Digest: "0123456789abcdef",
		Meta:    Meta{Title: "Terms", Description: "d", Updated: NewDay(2024, 5, 1), Lang: "fr", TOCDepth: 3},
		Heading: "Terms",
		TOC:     []*TOCEntry{{ID: "a", Title: "A", Level: 2, Children: []*TOCEntry{{ID: "b", Title: "B", Level: 3}}}},
		Body: []*Node{
			{Tag: "h2", Attrs: []Attr{{Key: "id", Val: "a"}}, Children: []*Node{{Text: "A"}}},
			{Tag: "p", Children: []*Node{{Text: "x < y & \"z\"\n`é`"}, {Tag: "br", Attrs: []Attr{}}}},
		},
		Warnings: []*Error{{File: "terms.md", Line: 4, Col: 9, Msg: "link to #c"}},
		Versions: []*Document{v1, v0},
		Upcoming: up,
	}}
	got, err := GoSource("policies", "documents", docs)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := parser.ParseFile(token.NewFileSet(), "documents.go", got, 0); err != nil {
		t.Fatalf("the source does not parse: %v", err)
	}
	golden := filepath.Join("testdata", "documents.go.golden")
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(golden, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(string(want), string(got)); diff != "" {
		t.Errorf("GoSource (-want +got):\n%s", diff)
	}
}
