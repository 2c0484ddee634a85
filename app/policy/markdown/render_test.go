package markdown_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/seqeralabs/policy-widget/app/policy"
	"github.com/seqeralabs/policy-widget/app/policy/markdown"
)

var update = flag.Bool("update", false, "rewrite the testdata/render/*.golden files")

// TestRender parses each testdata/render/*.md and compares the HTML of its
// body, its TOC as JSON and its warnings with the .golden file beside it.
// Run "go test -run TestRender -update" to rewrite the golden files, then
// read the diff as you would read code.
func TestRender(t *testing.T) {
	inputs, err := filepath.Glob("testdata/render/*.md")
	if err != nil {
		t.Fatal(err)
	}
	if len(inputs) == 0 {
		t.Fatal("no testdata/render/*.md inputs")
	}
	for _, input := range inputs {
		name := strings.TrimSuffix(filepath.Base(input), ".md")
		t.Run(name, func(t *testing.T) {
			src, err := os.ReadFile(input)
			if err != nil {
				t.Fatal(err)
			}
			doc, err := markdown.Parse(filepath.Base(input), src)
			if err != nil {
				t.Fatal(err)
			}
			got := render(t, doc)
			checkSafe(t, markdown.HTML(doc.Body))

			golden := strings.TrimSuffix(input, ".md") + ".golden"
			if *update {
				if err := os.WriteFile(golden, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test -run TestRender -update to create it)", err)
			}
			if diff := cmp.Diff(string(want), string(got)); diff != "" {
				t.Errorf("%s (-want +got):\n%s", golden, diff)
			}
		})
	}
}

// render writes what a reader of a golden file checks: the heading the page
// shows, the body's HTML with each top-level node on a line of its own, the
// TOC as the JSON API serves it, and the warnings.
func render(t *testing.T, doc *policy.Document) []byte {
	t.Helper()
	var b bytes.Buffer
	b.WriteString("-- heading --\n" + doc.Heading + "\n")
	b.WriteString("-- html --\n")
	for _, n := range doc.Body {
		b.WriteString(markdown.HTML([]*policy.Node{n}) + "\n")
	}
	b.WriteString("-- toc.json --\n")
	toc, err := json.MarshalIndent(doc.TOC, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	b.Write(toc)
	b.WriteString("\n-- warnings --\n")
	for _, w := range doc.Warnings {
		b.WriteString(w.Error() + "\n")
	}
	return b.Bytes()
}
