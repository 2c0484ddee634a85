package markdown

import (
	"fmt"
	"strings"
	"testing"
)

// nested returns n levels of a construct, each from open(i), around "x".
func nested(n int, open func(i int) string, close func(i int) string) string {
	var b strings.Builder
	for i := range n {
		b.WriteString(open(i))
	}
	b.WriteString("x")
	for i := n - 1; i >= 0; i-- {
		b.WriteString(close(i))
	}
	return b.String() + "\n"
}

func none(int) string { return "" }

// TestDeepNesting checks the estimate that runs before goldmark: each
// shape passes at MaxDepth levels and fails at one more, at the place of
// the level too many, and prose with many brackets, emphasis and tags one
// after another passes.
func TestDeepNesting(t *testing.T) {
	shapes := []struct {
		name string
		src  func(n int) string
		// tooMany is the offset of the level too many in src(MaxDepth+1).
		tooMany int
	}{
		{"list on one line", func(n int) string { return strings.Repeat("- ", n) + "x\n" }, 2 * MaxDepth},
		{"ordered list on one line", func(n int) string { return strings.Repeat("1. ", n) + "x\n" }, 3 * MaxDepth},
		{"indented list", func(n int) string {
			var b strings.Builder
			for i := range n {
				b.WriteString(strings.Repeat("  ", i) + "- x\n")
			}
			return b.String()
		}, offsetOfLine(MaxDepth, func(i int) int { return 2*i + 4 }) + 2*MaxDepth},
		{"indented list with lazy lines", func(n int) string {
			var b strings.Builder
			for i := range n {
				b.WriteString(strings.Repeat("  ", i) + "- x\nlazy\n")
			}
			return b.String()
		}, offsetOfLine(MaxDepth, func(i int) int { return 2*i + 4 + 5 }) + 2*MaxDepth},
		{"quotes on one line", func(n int) string { return strings.Repeat("> ", n) + "x\n" }, 2 * MaxDepth},
		{"quotes line by line", func(n int) string {
			var b strings.Builder
			for i := 1; i <= n; i++ {
				b.WriteString(strings.Repeat(">", i) + " x\n")
			}
			return b.String()
		}, offsetOfLine(MaxDepth, func(i int) int { return i + 4 }) + MaxDepth},
		{"lists in quotes", func(n int) string { return strings.Repeat("> - ", n/2) + strings.Repeat("> ", n%2) + "x\n" }, 2 * MaxDepth},
		{"brackets", func(n int) string { return nested(n, func(int) string { return "[" }, func(int) string { return "]" }) }, MaxDepth},
		{"links", func(n int) string {
			return nested(n, func(int) string { return "[" }, func(int) string { return "](#x)" })
		}, MaxDepth},
		{"images", func(n int) string {
			return nested(n, func(int) string { return "![" }, func(int) string { return "](/a.png)" })
		}, 2*MaxDepth + 1},
		{"emphasis", func(n int) string {
			return nested(n, func(i int) string { return "*_"[i%2:i%2+1] + "a " }, func(i int) string { return " a" + "*_"[i%2:i%2+1] })
		}, 3 * MaxDepth},
		{"strong emphasis", func(n int) string {
			return nested(n, func(i int) string { return "**a " }, func(int) string { return " a**" })
		}, 4 * MaxDepth},
		{"raw HTML", func(n int) string {
			return nested(n, func(int) string { return "<em>" }, func(int) string { return "</em>" })
		}, 4 * MaxDepth},
		{"raw HTML block", func(n int) string {
			return "<div>\n" + nested(n-1, func(int) string { return "<blockquote>" }, func(int) string { return "</blockquote>" })
		}, 6 + 12*(MaxDepth-1)},
		{"links in a list", func(n int) string {
			return strings.Repeat("- ", n/2) + nested(n-n/2, func(int) string { return "[" }, func(int) string { return "](#x)" })
		}, 2*((MaxDepth+1)/2) + (MaxDepth + 1 - (MaxDepth+1)/2) - 1},
	}
	for _, tt := range shapes {
		t.Run(tt.name, func(t *testing.T) {
			if off := deepNesting([]byte(tt.src(MaxDepth)), MaxDepth); off >= 0 {
				t.Errorf("%d levels: too deep at offset %d, want it allowed", MaxDepth, off)
			}
			src := tt.src(MaxDepth + 1)
			off := deepNesting([]byte(src), MaxDepth)
			if off != tt.tooMany {
				t.Errorf("%d levels: too deep at offset %d (%q), want %d (%q)",
					MaxDepth+1, off, around(src, off), tt.tooMany, around(src, tt.tooMany))
			}
			// Goldmark and the converter agree: the document is refused.
			_, errs := (&config{}).parse("deep.md", []byte("---\ntitle: T\n---\n\n"+src))
			if len(errs) != 1 || !strings.Contains(errs[0].Msg, "nesting deeper than") {
				t.Errorf("parse errors = %v, want one about nesting", errs)
			}
		})
	}

	flat := []struct{ name, src string }{
		{"many links", strings.Repeat("[a](#x) ", 100) + "\n"},
		{"many emphases", strings.Repeat("*a* **b** _c_ ~~d~~ ", 100) + "\n"},
		{"many tags", strings.Repeat("<b>a</b> <br> <em>c</em> ", 100) + "\n"},
		{"unclosed list items in HTML", "<ul>\n" + strings.Repeat("<li>item\n", 100) + "</ul>\n"},
		{"intraword underscores", strings.Repeat("snake_case_name ", 100) + "\n"},
		{"code spans", strings.Repeat("`[[[[` ``[[`[[`` ", 100) + "\n"},
		{"fenced code", "```\n" + strings.Repeat("> - [", 100) + "\n```\n"},
		{"deeply indented code", "    " + strings.Repeat(" ", 200) + "- code\n"},
		{"table rows", strings.Repeat("| *a* | [b](#x) |\n", 100)},
		{"list items one after another", strings.Repeat("- item\n", 100)},
		{"paragraphs of brackets", strings.Repeat("[a\n\n", 100)},
	}
	for _, tt := range flat {
		t.Run(tt.name, func(t *testing.T) {
			if off := deepNesting([]byte(tt.src), MaxDepth); off >= 0 {
				t.Errorf("too deep at offset %d (%q), want it allowed", off, around(tt.src, off))
			}
		})
	}
}

// offsetOfLine returns the offset of line n (0-based) of a text whose line
// i is length(i) bytes long, newline included.
func offsetOfLine(n int, length func(i int) int) int {
	off := 0
	for i := range n {
		off += length(i)
	}
	return off
}

func around(s string, off int) string {
	if off < 0 || off > len(s) {
		return fmt.Sprint(off)
	}
	return s[max(0, off-8):off] + "|" + s[off:min(len(s), off+8)]
}

// TestNestingBackstop checks that the converter refuses what the estimate
// misses: an HTML block that runs across blank lines (a <pre> block does)
// counts as separate paragraphs for the estimate, but its elements nest.
func TestNestingBackstop(t *testing.T) {
	body := "Text.\n\n<pre>\n" + strings.Repeat("<b>b\n\n", MaxDepth+1) + "</pre>\n"
	if off := deepNesting([]byte(body), MaxDepth); off >= 0 {
		t.Fatalf("the estimate found the nesting at %d: this test needs a shape it misses", off)
	}
	doc, errs := (&config{}).parse("pre.md", []byte("---\ntitle: T\n---\n\n"+body))
	want := fmt.Sprintf("pre.md:7:1: "+tooDeepMsg, MaxDepth)
	if len(errs) != 1 || errs[0].Error() != want {
		t.Errorf("errors %v, want %q", errs, want)
	}
	if doc == nil {
		t.Fatal("no document")
	}
	d := 0
	for n := doc.Body[len(doc.Body)-1]; len(n.Children) > 0; n = n.Children[0] {
		d++
	}
	if d > MaxDepth {
		t.Errorf("the HTML block nests %d elements deep, want at most %d", d, MaxDepth)
	}
}
