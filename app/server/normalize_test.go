//go:build !wasm

package server

import (
	"slices"
	"strings"
	"testing"

	"github.com/maxence-charriere/go-app/v9/pkg/app"
	"golang.org/x/net/html"
)

// nasty holds what go-app's server rendering got wrong: quotes, a
// backslash, markup, an ampersand, a non-breaking space, other non-ASCII
// letters, a control character and an emoji.
const nasty = "Definitions of \"Personal Data\" & <b>co</b> \\ 'x' a\u00a0b é ü 中文 \x01 🍪"

// TestNormalizeHTML renders elements through go-app's own server renderer,
// normalises the result, and checks that an HTML parser reads back exactly
// the attribute values and text that were given.
func TestNormalizeHTML(t *testing.T) {
	tree := app.Div().
		Class("a b").
		Title(nasty).
		Aria("label", nasty).
		Aria("hidden", "true").
		DataSet("x", nasty).
		Body(
			app.A().Href("https://example.com/?a=1&b=\"2\"").Text(nasty),
			app.Img().Src("/x.png").Alt(nasty),
			app.Span().Hidden(true).Text("hidden"),
			app.Raw(`<svg class="icon" aria-hidden="true" viewBox="0 0 24 24"><path d="M1 2"/></svg>`),
		)
	d := app.NewServerTester(tree)
	defer d.Close()
	d.Consume()
	raw := app.HTMLString(tree)
	got, err := normalizeHTML(raw)
	if err != nil {
		t.Fatal(err)
	}
	root, err := html.Parse(strings.NewReader(got))
	if err != nil {
		t.Fatal(err)
	}
	div := find(root, "div")
	for _, key := range []string{"title", "aria-label", "data-x"} {
		if v := attrOf(div, key); v != nasty {
			t.Errorf("div[%s] = %q, want %q", key, v, nasty)
		}
	}
	if v := attrOf(div, "aria-hidden"); v != "true" {
		t.Errorf(`aria-hidden = %q, want "true" (go-app writes a bare name)`, v)
	}
	if v := attrOf(div, "class"); v != "a b" {
		t.Errorf("class = %q", v)
	}
	a := find(root, "a")
	if v := attrOf(a, "href"); v != "https://example.com/?a=1&b=\"2\"" {
		t.Errorf("href = %q", v)
	}
	if a.FirstChild == nil || a.FirstChild.Data != nasty {
		t.Errorf("link text = %+v, want %q", a.FirstChild, nasty)
	}
	if v := attrOf(find(root, "img"), "alt"); v != nasty {
		t.Errorf("alt = %q", v)
	}
	if span := find(root, "span"); !hasAttr(span, "hidden") {
		t.Error("the hidden span lost its hidden attribute")
	}
	if svg := find(root, "svg"); attrOf(svg, "viewBox") != "0 0 24 24" && attrOf(svg, "viewbox") != "0 0 24 24" {
		t.Errorf("svg = %+v", svg)
	}
	// No quote opened an element of its own.
	var tags []string
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			tags = append(tags, n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(div)
	if want := []string{"div", "a", "img", "span", "svg", "path"}; !slices.Equal(tags, want) {
		t.Errorf("elements %q, want %q:\n%s", tags, want, got)
	}
}

// TestNormalizeHTMLStable: go-app writes attributes in map order; the
// normalised bytes are the same on every rendering.
func TestNormalizeHTMLStable(t *testing.T) {
	render := func() string {
		tree := app.Div().ID("x").Class("c").Title("t").Lang("en").Aria("label", "l").DataSet("a", "1").DataSet("b", "2").Attr("tabindex", "-1")
		d := app.NewServerTester(tree)
		defer d.Close()
		d.Consume()
		s, err := normalizeHTML(app.HTMLString(tree))
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	first := render()
	for range 50 {
		if got := render(); got != first {
			t.Fatalf("renderings differ:\n%s\n%s", first, got)
		}
	}
	if want := `<div aria-label="l" class="c" data-a="1" data-b="2" id="x" lang="en" tabindex="-1" title="t"></div>`; first != want {
		t.Errorf("got %s, want %s", first, want)
	}
}

// TestNormalizeHTMLVerbatim: content marked as raw is copied as it is, even
// where it holds escaped quotes that go-app's quoting would misread.
func TestNormalizeHTMLVerbatim(t *testing.T) {
	inner := `<p title="a &#34;b&#34; \ c">x &amp; y</p><a href="#q">"</a>`
	in := `<div class="policy-body">` + verbatimMarker(len(inner)) + inner + `</div><p id="after">z</p>`
	got, err := normalizeHTML(in)
	if err != nil {
		t.Fatal(err)
	}
	if got != in {
		t.Errorf("verbatim content changed:\n got %s\nwant %s", got, in)
	}
}

func TestNormalizeHTMLErrors(t *testing.T) {
	for _, tc := range []struct{ name, in string }{
		{"unquoted value", `<div class=x></div>`},
		{"unterminated tag", `<div class="x"`},
		{"unterminated comment", `<div><!-- x</div>`},
		{"lone <", `a < b`},
		{"verbatim past the end", `<div>` + verbatimMarker(100) + `short</div>`},
		{"malformed verbatim", `<div><!--raw:x-->y</div>`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got, err := normalizeHTML(tc.in); err == nil {
				t.Errorf("normalizeHTML(%q) = %q, want an error", tc.in, got)
			}
		})
	}
}

func find(n *html.Node, tag string) *html.Node {
	if n.Type == html.ElementNode && n.Data == tag {
		return n
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if f := find(c, tag); f != nil {
			return f
		}
	}
	return nil
}

func attrOf(n *html.Node, key string) string {
	if n == nil {
		return "<no element>"
	}
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

func hasAttr(n *html.Node, key string) bool {
	if n == nil {
		return false
	}
	for _, a := range n.Attr {
		if a.Key == key {
			return true
		}
	}
	return false
}
