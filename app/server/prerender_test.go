//go:build !wasm

package server

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/seqeralabs/policy-widget/app/policy"
	"github.com/seqeralabs/policy-widget/app/policy/markdown"
	"github.com/seqeralabs/policy-widget/app/ui"
)

// The prerendered page must say exactly what the model says, whatever the
// text: quotes, ampersands, angle brackets, backslashes, non-breaking
// spaces and other non-ASCII characters come out as the author typed them.
// go-app's own server rendering got several of them wrong (see
// normalize.go); these tests parse the page as a browser would and compare
// it with the model.

// checkPrerendered renders the page of doc with the server s and compares
// the parsed page with the model: the head's title and description, the
// h1, the table of contents, and the body, node by node (text and
// attributes).
func checkPrerendered(t *testing.T, s *Server, doc *policy.Document) {
	t.Helper()
	var page ui.Page
	for _, p := range ui.NewSite("", []*policy.Document{doc}).Pages() {
		if p.Path == "/"+doc.Slug {
			page = p
		}
	}
	a, err := s.renderPage(page)
	if err != nil {
		t.Fatalf("renderPage: %v", err)
	}
	root, err := html.Parse(bytes.NewReader(a.identity.body))
	if err != nil {
		t.Fatal(err)
	}
	if got := textOf(findFirst(root, isTag("title"))); got != page.Title {
		t.Errorf("<title> = %q, want %q", got, page.Title)
	}
	if doc.Description != "" {
		meta := findFirst(root, func(n *html.Node) bool { return isTag("meta")(n) && attrOf(n, "name") == "description" })
		if got := attrOf(meta, "content"); got != doc.Description {
			t.Errorf("meta description = %q, want %q", got, doc.Description)
		}
	}
	if got := textOf(findFirst(root, isTag("h1"))); got != doc.Heading {
		t.Errorf("h1 = %q, want %q", got, doc.Heading)
	}
	var toc []string
	for _, a := range findAll(root, hasClassOf("toc-link")) {
		toc = append(toc, attrOf(a, "href")+" "+textOf(a))
	}
	var want []string
	var walk func([]*policy.TOCEntry)
	walk = func(es []*policy.TOCEntry) {
		for _, e := range es {
			want = append(want, "#"+e.ID+" "+e.Title)
			walk(e.Children)
		}
	}
	walk(doc.TOC)
	if strings.Join(toc, "\n") != strings.Join(want, "\n") {
		t.Errorf("TOC:\n%s\nwant:\n%s", strings.Join(toc, "\n"), strings.Join(want, "\n"))
	}
	body := findFirst(root, hasClassOf("policy-body"))
	if body == nil {
		t.Fatal("no .policy-body")
	}
	if err := sameNodes(doc.Body, children(body)); err != nil {
		t.Errorf("the prerendered body differs from the model: %v", err)
	}
}

// children returns the child nodes of n that the model has: elements and
// text, not the widget's comments; a heading's wrapper stands for the
// heading it holds.
func children(n *html.Node) []*html.Node {
	var out []*html.Node
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		switch {
		case c.Type == html.CommentNode:
		case c.Type == html.ElementNode && c.Data == "div" && attrOf(c, "class") == "heading":
			out = append(out, c.FirstChild) // the h2…h6; the tools follow it
		default:
			out = append(out, c)
		}
	}
	return out
}

// sameNodes compares model nodes with parsed ones: the same elements,
// every attribute of the model with its value, and the same text.
func sameNodes(model []*policy.Node, got []*html.Node) error {
	// Adjacent text nodes of the model are one text node once parsed.
	var merged []*policy.Node
	for _, m := range model {
		if m.Tag == "" && len(merged) > 0 && merged[len(merged)-1].Tag == "" {
			last := *merged[len(merged)-1]
			last.Text += m.Text
			merged[len(merged)-1] = &last
			continue
		}
		if m.Tag == "" && m.Text == "" {
			continue
		}
		merged = append(merged, m)
	}
	if len(merged) != len(got) {
		return fmt.Errorf("%d nodes, want %d (%s)", len(got), len(merged), describe(got))
	}
	for i, m := range merged {
		g := got[i]
		if m.Tag == "" {
			if g.Type != html.TextNode || g.Data != m.Text {
				return fmt.Errorf("text %q, want %q", g.Data, m.Text)
			}
			continue
		}
		if g.Type != html.ElementNode || g.Data != m.Tag {
			return fmt.Errorf("<%s>, want <%s>", g.Data, m.Tag)
		}
		for _, at := range m.Attrs {
			if v := attrOf(g, at.Key); v != at.Val || !hasAttrNamed(g, at.Key) {
				return fmt.Errorf("<%s %s=%q>, want %q", m.Tag, at.Key, v, at.Val)
			}
		}
		kids := children(g)
		if m.Tag == "pre" && len(m.Children) > 0 && strings.HasPrefix(m.Children[0].Text, "\n") {
			// The parser drops the newline the renderer added after <pre>.
		}
		if err := sameNodes(m.Children, kids); err != nil {
			return fmt.Errorf("in <%s>: %w", m.Tag, err)
		}
	}
	return nil
}

func describe(ns []*html.Node) string {
	var parts []string
	for _, n := range ns {
		if n.Type == html.TextNode {
			parts = append(parts, fmt.Sprintf("%q", n.Data))
		} else {
			parts = append(parts, "<"+n.Data+">")
		}
	}
	return strings.Join(parts, " ")
}

func isTag(tag string) func(*html.Node) bool {
	return func(n *html.Node) bool { return n.Type == html.ElementNode && n.Data == tag }
}

func hasClassOf(class string) func(*html.Node) bool {
	return func(n *html.Node) bool {
		return n.Type == html.ElementNode && strings.Contains(" "+attrOf(n, "class")+" ", " "+class+" ")
	}
}

func hasAttrNamed(n *html.Node, key string) bool { return hasAttr(n, key) }

func findAll(n *html.Node, match func(*html.Node) bool) []*html.Node {
	var out []*html.Node
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if match(n) {
			out = append(out, n)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return out
}

func findFirst(n *html.Node, match func(*html.Node) bool) *html.Node {
	if all := findAll(n, match); len(all) > 0 {
		return all[0]
	}
	return nil
}

func textOf(n *html.Node) string {
	if n == nil {
		return "<no element>"
	}
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return b.String()
}

// TestPrerenderAnyText renders testdata/text/characters.md, a policy full
// of the characters go-app's server rendering broke (in headings, its
// description, link titles, abbr titles, alt text and code), and compares
// the parsed page with the model.
func TestPrerenderAnyText(t *testing.T) {
	src, err := os.ReadFile(filepath.Join("testdata", "text", "characters.md"))
	if err != nil {
		t.Fatal(err)
	}
	doc, err := markdown.Parse("characters.md", src)
	if err != nil {
		t.Fatal(err)
	}
	// The file must hold what it is meant to test.
	for _, want := range []string{`"`, "&", "<", ">", `\`, "\u00a0", "é", "’"} {
		if !strings.Contains(doc.Description+doc.TOC[0].Title, want) {
			t.Errorf("the description and first heading lack %q", want)
		}
	}
	checkPrerendered(t, newTestServer(t, Config{}), doc)

	// And a page that gets it wrong is caught: the check can fail.
	broken := *doc
	broken.Body = append([]*policy.Node{{Tag: "p", Children: []*policy.Node{{Text: "not on the page"}}}}, doc.Body...)
	if err := sameNodes(broken.Body, nil); err == nil {
		t.Error("sameNodes found no difference with an empty page")
	}
}

// FuzzPrerender parses any Markdown body as a policy and checks that its
// prerendered page parses to the same text and attributes as the model.
// The seed corpus (testdata/fuzz/FuzzPrerender) runs with the other tests;
// make fuzz runs it with new inputs.
func FuzzPrerender(f *testing.F) {
	for _, seed := range []string{
		"## Definitions of \"Personal Data\"\n\nText with a\u00a0non-breaking space & <b>bold</b>.",
		"## A \\ backslash {#back}\n\n[link](https://example.com/?a=1&b=\"2\" \"a \\\"title\\\"\")",
		"## Code\n\n```\n<script>alert(\"x\")</script>\n```\n\n`a \"b\" & c`",
		"![alt \"text\" & more](/img.png \"t'itle\")\n\n<abbr title='say \"hi\" &amp; go'>HI</abbr>",
		"- one\n  - two \"2\"\n\n> quote & 'single'\n\n| a | \"b\" |\n|---|---|\n| & | < |",
		"**Cookies**, *data*; `code`'s end",
	} {
		f.Add(seed)
	}
	s := newTestServer(f, Config{})
	f.Fuzz(func(t *testing.T, body string) {
		src := "---\ntitle: Fuzz \"policy\" & co\ndescription: A <description> with \"quotes\"\n---\n\n" + body + "\n"
		doc, err := markdown.Parse("fuzz.md", []byte(src))
		if err != nil {
			return
		}
		checkPrerendered(t, s, doc)
	})
}
