//go:build !wasm

package changes_test

import (
	"io/fs"
	"regexp"
	"testing"

	"github.com/seqeralabs/policy-widget/app/policy"
	"github.com/seqeralabs/policy-widget/app/policy/changes"
	"github.com/seqeralabs/policy-widget/app/policy/markdown"
	"github.com/seqeralabs/policy-widget/app/policy/policyhtml"
	"github.com/seqeralabs/policy-widget/policies"
)

// privacy returns the source of the policy the widget ships.
func privacy(tb testing.TB) []byte {
	tb.Helper()
	src, err := fs.ReadFile(policies.FS, "privacy.md")
	if err != nil {
		tb.Fatal(err)
	}
	return src
}

var word = regexp.MustCompile(`[\pL\pN]+`)

// changeWords changes every n-th word of the text in nodes, counting from
// the first word of the first node, by appending "x" to it; it returns how
// many words it changed.
func changeWords(nodes []*policy.Node, n int) int {
	count, changed := 0, 0
	var walk func([]*policy.Node)
	walk = func(nodes []*policy.Node) {
		for _, node := range nodes {
			node.Text = word.ReplaceAllStringFunc(node.Text, func(w string) string {
				count++
				if count%n != 0 {
					return w
				}
				changed++
				return w + "x"
			})
			walk(node.Children)
		}
	}
	walk(nodes)
	return changed
}

// tenPercent returns the privacy policy, and a copy of it with every tenth
// word changed, the headings included (their ids stay).
func tenPercent(tb testing.TB) (old, new *policy.Document, changed int) {
	tb.Helper()
	src := privacy(tb)
	old, err := markdown.Parse("privacy.md", src)
	if err != nil {
		tb.Fatal(err)
	}
	new, err = markdown.Parse("privacy.md", src)
	if err != nil {
		tb.Fatal(err)
	}
	return old, new, changeWords(new.Body, 10)
}

// BenchmarkDiff compares the privacy policy with a copy of it in which
// every tenth word changed. The baseline is the plain render of the same
// file: markdown.Parse, then its body to HTML. The variants start from the
// two parsed documents, as the server and the client hold them:
//   - summary: Sections of both and Compare, what a version list and the
//     change highlights need;
//   - words: Sections of both and Diff, the word diff of every section
//     that a compare page shows.
func BenchmarkDiff(b *testing.B) {
	src := privacy(b)
	old, new, _ := tenPercent(b)
	b.Run("baseline", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			doc, err := markdown.Parse("privacy.md", src)
			if err != nil {
				b.Fatal(err)
			}
			if policyhtml.Render(doc.Body) == "" {
				b.Fatal("no HTML")
			}
		}
	})
	b.Run("summary", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if len(changes.Compare(changes.Sections(old), changes.Sections(new)).Changed) == 0 {
				b.Fatal("no changes")
			}
		}
	})
	b.Run("words", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if len(changes.Diff(changes.Sections(old), changes.Sections(new))) == 0 {
				b.Fatal("no sections")
			}
		}
	})
}

// TestTenPercent checks the benchmark's input and the diff it times: every
// section is changed, and the diff inserts exactly the
// changed words, each in place of the word it replaced.
func TestTenPercent(t *testing.T) {
	old, new, changed := tenPercent(t)
	var total int
	for _, s := range changes.Sections(old)[1:] {
		total += len(word.FindAllString(s.Title+" "+s.Text, -1))
	}
	total += len(word.FindAllString(changes.Sections(old)[0].Text, -1))
	if changed != total/10 {
		t.Errorf("%d words changed of %d, want a tenth", changed, total)
	}
	diffs := changes.Diff(changes.Sections(old), changes.Sections(new))
	var inserted, deleted []string
	for _, d := range diffs {
		// Every section of the policy has more than ten words.
		if d.Status != changes.Changed {
			t.Errorf("section %q is %s, want changed", d.ID, d.Status)
		}
		for _, op := range append(d.TitleOps, d.Ops...) {
			switch op.Kind {
			case changes.Insert:
				inserted = append(inserted, word.FindAllString(op.Text, -1)...)
			case changes.Delete:
				deleted = append(deleted, word.FindAllString(op.Text, -1)...)
			}
		}
	}
	if len(inserted) != changed || len(deleted) != changed {
		t.Fatalf("%d words inserted and %d deleted, want %d", len(inserted), len(deleted), changed)
	}
	for i := range inserted {
		if inserted[i] != deleted[i]+"x" {
			t.Errorf("inserted %q in place of %q", inserted[i], deleted[i])
		}
	}
}
