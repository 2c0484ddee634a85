package markdown_test

import (
	"bytes"
	"fmt"
	"regexp"
	"testing"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"

	"github.com/seqeralabs/policy-widget/app/policy/markdown"
)

// BenchmarkParse compares markdown.Parse (front matter, ids, TOC,
// sanitised tree) with the baseline: goldmark alone converting the same
// Markdown to HTML with the same extensions.
func BenchmarkParse(b *testing.B) {
	for _, size := range []struct {
		name string
		src  []byte
	}{{"seed", seed(b)}, {"large", largePolicy(b, 50)}} {
		md := goldmark.New(
			goldmark.WithExtensions(extension.GFM),
			goldmark.WithParserOptions(parser.WithAttribute()),
		)
		b.Run(size.name+"/baseline", func(b *testing.B) {
			b.SetBytes(int64(len(size.src)))
			b.ReportAllocs()
			var out bytes.Buffer
			for b.Loop() {
				out.Reset()
				if err := md.Convert(size.src, &out); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(size.name+"/policy", func(b *testing.B) {
			b.SetBytes(int64(len(size.src)))
			b.ReportAllocs()
			for b.Loop() {
				if _, err := markdown.Parse("privacy.md", size.src); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// largePolicy returns the seed policy with its body repeated n times, each
// copy's headings made distinct by a " (part i)" suffix, and its links
// pointing at them.
func largePolicy(tb testing.TB, n int) []byte {
	tb.Helper()
	src := seed(tb)
	end := bytes.Index(src[4:], []byte("\n---\n")) + 4 + len("\n---\n")
	front, body := src[:end], src[end:]
	heading := regexp.MustCompile(`(?m)^(#+ .*?):?$`)
	link := regexp.MustCompile(`\]\(#([^)]+)\)`)
	var b bytes.Buffer
	b.Write(front)
	for i := range n {
		part := heading.ReplaceAll(body, fmt.Appendf(nil, "$1 (part %d)", i))
		b.Write(link.ReplaceAll(part, fmt.Appendf(nil, "](#$1-part-%d)", i)))
		b.WriteString("\n")
	}
	return b.Bytes()
}

func TestLargePolicy(t *testing.T) {
	doc := mustParse(t, largePolicy(t, 50))
	// 13 sections a copy, and the first copy's "# Privacy policy (part 0)"
	// is an h2: it no longer repeats the title.
	if got, want := len(headings(doc.Body)), 50*14; got != want {
		t.Errorf("%d headings, want %d", got, want)
	}
	ids := make(map[string]bool)
	for _, h := range headings(doc.Body) {
		ids[h.Attr("id")] = true
	}
	if len(ids) != 50*14 {
		t.Errorf("%d distinct ids, want %d", len(ids), 50*14)
	}
	if !ids["how-to-contact-us-part-49"] {
		t.Errorf("no id how-to-contact-us-part-49")
	}
}
