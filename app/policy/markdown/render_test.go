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
	"github.com/seqeralabs/policy-widget/app/policy/policyhtml"
)

var update = flag.Bool("update", false, "rewrite the testdata/render/*.golden files")

// TestRender parses each testdata/render/*.md and compares the HTML of its
// body, its TOC as JSON, its errors and its warnings with the .golden file
// beside it. Some inputs have errors on purpose, such as a javascript:
// link: the golden file shows both the error and what the sanitiser makes
// of it.
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
			if doc == nil {
				t.Fatal(err)
			}
			got := render(t, doc, err)
			checkSafe(t, policyhtml.Render(doc.Body))

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
// TOC as the JSON API serves it, the errors and the warnings.
func render(t *testing.T, doc *policy.Document, parseErr error) []byte {
	t.Helper()
	var b bytes.Buffer
	b.WriteString("-- heading --\n" + doc.Heading + "\n")
	b.WriteString("-- html --\n")
	for _, n := range doc.Body {
		b.WriteString(policyhtml.Render([]*policy.Node{n}) + "\n")
	}
	b.WriteString("-- toc.json --\n")
	toc, err := json.MarshalIndent(doc.TOC, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	b.Write(toc)
	b.WriteString("\n-- errors --\n")
	if parseErr != nil {
		b.WriteString(parseErr.Error() + "\n")
	}
	b.WriteString("-- warnings --\n")
	for _, w := range doc.Warnings {
		b.WriteString(w.Error() + "\n")
	}
	return b.Bytes()
}
