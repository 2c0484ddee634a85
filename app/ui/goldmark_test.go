package ui

import (
	"bytes"
	"fmt"
	"io/fs"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	ghtml "github.com/yuin/goldmark/renderer/html"
	"golang.org/x/net/html"

	"github.com/seqeralabs/policy-widget/app/policy/markdown"
	"github.com/seqeralabs/policy-widget/policies"
)

// TestArticleMatchesGoldmark renders every policy twice: through goldmark's
// own HTML renderer, and through our components (policy tree → go-app
// nodes → the HTML the server prerenders). The two trees, normalised, must
// be equal, so the conversion cannot silently drop, reorder or alter
// content.
//
// The normalisation removes only what differs by design: heading levels
// (the page closes them up) and ids, the heading tools beside each
// heading, the leading title heading (it becomes the page's h1, compared on
// its own), attributes other than href, src and alt, and white space.
func TestArticleMatchesGoldmark(t *testing.T) {
	docs, err := markdown.Load(policies.FS)
	if err != nil {
		t.Fatal(err)
	}
	for _, doc := range docs {
		t.Run(doc.File, func(t *testing.T) {
			src, err := fs.ReadFile(policies.FS, doc.File)
			if err != nil {
				t.Fatal(err)
			}
			want := goldmarkTree(t, src)
			body := byClass(renderHTML(t, article(doc, articleOptions{})), "policy-body")
			if len(body) != 1 {
				t.Fatalf("%d .policy-body elements, want 1", len(body))
			}
			got := normalise(body[0], true)
			// The title heading is the page's h1.
			if len(want) == 0 || !strings.HasPrefix(want[0], "h: ") {
				t.Fatalf("goldmark's rendering does not start with the title heading: %q", want)
			}
			if title := strings.TrimPrefix(want[0], "h: "); !strings.EqualFold(title, doc.Heading) {
				t.Errorf("page h1 %q, want goldmark's leading heading %q", doc.Heading, title)
			}
			want = want[1:]
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("components differ from goldmark (-want +got):\n%s", diff)
			}
			if len(got) < 50 {
				t.Errorf("only %d nodes compared: the normalisation is dropping content", len(got))
			}

			// The comparison must be able to fail: drop one paragraph.
			p := byTag(body[0], "p")[2]
			p.Parent.RemoveChild(p)
			if cmp.Equal(want, normalise(body[0], true)) {
				t.Error("removing a paragraph went unnoticed")
			}
		})
	}
}

// goldmarkTree renders a policy's body with goldmark alone, raw HTML
// included, and returns it normalised.
func goldmarkTree(t *testing.T, src []byte) []string {
	t.Helper()
	// The body starts after the second "---" line.
	parts := bytes.SplitN(src, []byte("\n---\n"), 2)
	if len(parts) != 2 {
		t.Fatal("no front matter")
	}
	md := goldmark.New(
		goldmark.WithExtensions(extension.GFM),
		goldmark.WithParserOptions(parser.WithAttribute()),
		goldmark.WithRendererOptions(ghtml.WithUnsafe()),
	)
	var out bytes.Buffer
	if err := md.Convert(parts[1], &out); err != nil {
		t.Fatal(err)
	}
	root, err := html.Parse(&out)
	if err != nil {
		t.Fatal(err)
	}
	return normalise(byTag(root, "body")[0], false)
}

// normalise flattens the tree under n into one line per node, "tag:
// text" or "tag[attr=value]" nested by indentation. ours says whether n is
// our rendering, whose heading tools it drops.
func normalise(n *html.Node, ours bool) []string {
	var out []string
	var walk func(n *html.Node, depth int)
	walk = func(n *html.Node, depth int) {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			switch c.Type {
			case html.TextNode:
				if s := strings.Join(strings.Fields(c.Data), " "); s != "" {
					out = append(out, fmt.Sprintf("%s%q", strings.Repeat("  ", depth), s))
				}
			case html.ElementNode:
				switch {
				case ours && hasClass(c, "heading-tools"):
					continue
				case ours && hasClass(c, "heading"):
					walk(c, depth) // the wrapper of a heading and its tools
					continue
				}
				tag := c.Data
				if len(tag) == 2 && tag[0] == 'h' && tag[1] >= '1' && tag[1] <= '6' {
					out = append(out, fmt.Sprintf("%sh: %s", strings.Repeat("  ", depth), text(c)))
					continue
				}
				var attrs []string
				for _, key := range []string{"href", "src", "alt"} {
					if v := attr(c, key); v != "" {
						attrs = append(attrs, key+"="+v)
					}
				}
				line := strings.Repeat("  ", depth) + tag
				if len(attrs) > 0 {
					line += "[" + strings.Join(attrs, " ") + "]"
				}
				out = append(out, line)
				walk(c, depth+1)
			}
		}
	}
	walk(n, 0)
	return out
}
