package policy_test

import (
	"bytes"
	"fmt"
	"regexp"
	"testing"

	"github.com/seqeralabs/policy-widget/app/policy"
)

func BenchmarkParseSeed(b *testing.B) {
	src := seed(b)
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := policy.Parse("privacy.md", src); err != nil {
			b.Fatal(err)
		}
	}
}

// largePolicy returns the seed policy with its body repeated n times, each
// copy's headings made distinct by a " (part i)" suffix.
func largePolicy(tb testing.TB, n int) []byte {
	tb.Helper()
	src := seed(tb)
	end := bytes.Index(src[4:], []byte("\n---\n")) + 4 + len("\n---\n")
	front, body := src[:end], src[end:]
	heading := regexp.MustCompile(`(?m)^(#+ .*?):?$`)
	var b bytes.Buffer
	b.Write(front)
	for i := range n {
		b.Write(heading.ReplaceAll(body, fmt.Appendf(nil, "$1 (part %d)", i)))
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

func BenchmarkParseLarge(b *testing.B) {
	src := largePolicy(b, 50)
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := policy.Parse("privacy.md", src); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkHTML(b *testing.B) {
	doc := mustParse(b, seed(b))
	b.ReportAllocs()
	for b.Loop() {
		if policy.HTML(doc.Body) == "" {
			b.Fatal("no HTML")
		}
	}
}
