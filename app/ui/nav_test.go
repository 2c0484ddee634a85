package ui

import (
	"strings"
	"testing"

	"github.com/maxence-charriere/go-app/v9/pkg/app"
	"golang.org/x/net/html"

	"github.com/seqeralabs/policy-widget/app/policy"
	"github.com/seqeralabs/policy-widget/app/policy/markdown"
	"github.com/seqeralabs/policy-widget/policies"
)

// renderHTML renders ui as the server prerenders it, and parses the result.
func renderHTML(t *testing.T, ui app.UI) *html.Node {
	t.Helper()
	d := app.NewServerTester(ui)
	defer d.Close()
	d.Consume()
	root, err := html.Parse(strings.NewReader(app.HTMLString(ui)))
	if err != nil {
		t.Fatal(err)
	}
	return root
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

func hasClass(n *html.Node, class string) bool {
	return n.Type == html.ElementNode && strings.Contains(" "+attr(n, "class")+" ", " "+class+" ")
}

// all returns the elements under n, n included, for which match is true,
// in document order.
func all(n *html.Node, match func(*html.Node) bool) []*html.Node {
	var out []*html.Node
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && match(n) {
			out = append(out, n)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return out
}

func byClass(n *html.Node, class string) []*html.Node {
	return all(n, func(n *html.Node) bool { return hasClass(n, class) })
}

func byTag(n *html.Node, tag string) []*html.Node {
	return all(n, func(n *html.Node) bool { return n.Data == tag })
}

func text(n *html.Node) string {
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
	return strings.Join(strings.Fields(b.String()), " ")
}

func privacy(t *testing.T) *policy.Document {
	t.Helper()
	docs, err := markdown.Load(policies.FS)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range docs {
		if d.Slug == "privacy" {
			return d
		}
	}
	t.Fatal("no privacy policy")
	return nil
}

// TestHeading checks a section heading and its tools: the heading holds
// its text alone (its accessible name), and the permalink and copy button
// beside it are named after it.
func TestHeading(t *testing.T) {
	h := &policy.Node{Tag: "h2", Attrs: []policy.Attr{{Key: "id", Val: "cookies"}}, Children: []*policy.Node{
		{Text: "What are\n "},
		{Tag: "em", Children: []*policy.Node{{Text: "cookies"}}},
		{Text: "?"},
	}}
	root := renderHTML(t, rawElement("div", "body", bodyHTML([]*policy.Node{h}, nil)))
	wrap := byClass(root, "heading")
	if len(wrap) != 1 {
		t.Fatalf("%d .heading wrappers, want 1", len(wrap))
	}
	h2 := byTag(wrap[0], "h2")
	if len(h2) != 1 || attr(h2[0], "id") != "cookies" || attr(h2[0], "tabindex") != "-1" {
		t.Fatalf("heading = %v, want h2#cookies[tabindex=-1]", h2)
	}
	// go-app's HTML puts line breaks around inline elements: compare
	// without white space.
	if got := strings.Join(strings.Fields(text(h2[0])), ""); got != "Whatarecookies?" {
		t.Errorf("heading text = %q", text(h2[0]))
	}
	if n := len(all(h2[0], func(n *html.Node) bool { return n.Data == "a" || n.Data == "button" })); n != 0 {
		t.Errorf("the heading holds %d links or buttons, want none: they would change its name", n)
	}
	anchor := byClass(wrap[0], "heading-anchor")
	if len(anchor) != 1 || anchor[0].Data != "a" || attr(anchor[0], "href") != "#cookies" ||
		attr(anchor[0], "aria-label") != "Link to section: What are cookies?" {
		t.Errorf("permalink = %+v", anchor)
	}
	copyButton := byClass(wrap[0], "heading-copy")
	if len(copyButton) != 1 || copyButton[0].Data != "button" || attr(copyButton[0], "type") != "button" ||
		attr(copyButton[0], "data-copy") != "cookies" || attr(copyButton[0], "aria-label") != "Copy link to section: What are cookies?" {
		t.Errorf("copy button = %+v", copyButton)
	}
	for _, svg := range byTag(wrap[0], "svg") {
		if attr(svg, "aria-hidden") != "true" || attr(svg, "focusable") != "false" {
			t.Errorf("icon %v is not hidden from assistive technology", svg.Attr)
		}
	}
}

// TestPolicyPage checks the page shell and the navigation of a policy.
func TestPolicyPage(t *testing.T) {
	doc := privacy(t)
	root := renderHTML(t, &policyPage{Doc: doc})
	page := byClass(root, "page")
	if len(page) != 1 {
		t.Fatalf("%d .page elements, want 1", len(page))
	}

	// Order: skip link, status, banner, main, footer, end marker.
	var order []string
	for c := page[0].FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode {
			order = append(order, c.Data+"."+attr(c, "class"))
		}
	}
	want := []string{"a.skip-link", "div.status", "header.site-header", "main.layout", "footer.site-footer", "div.page-end"}
	if strings.Join(order, " ") != strings.Join(want, " ") {
		t.Errorf("page children = %q, want %q", order, want)
	}
	if skip := byClass(root, "skip-link")[0]; attr(skip, "href") != "#main" {
		t.Errorf("skip link href = %q", attr(skip, "href"))
	}

	// Unique ids; every in-page link has a target.
	ids := map[string]bool{}
	for _, n := range all(root, func(n *html.Node) bool { return attr(n, "id") != "" }) {
		id := attr(n, "id")
		if ids[id] {
			t.Errorf("id %q is used twice", id)
		}
		ids[id] = true
	}
	for _, a := range byTag(root, "a") {
		if href := attr(a, "href"); strings.HasPrefix(href, "#") && !ids[href[1:]] {
			t.Errorf("link to %s, which is not on the page", href)
		}
	}
	main := byTag(root, "main")[0]
	if attr(main, "id") != "main" || attr(main, "tabindex") != "-1" {
		t.Errorf("main = %v, want main#main[tabindex=-1]", main.Attr)
	}

	// The sidebar comes first in main, so that Tab after the skip link
	// reaches the table of contents.
	first := main.FirstChild
	for first != nil && first.Type != html.ElementNode {
		first = first.NextSibling
	}
	if first == nil || !hasClass(first, "sidebar") {
		t.Fatalf("main starts with %v, want the sidebar", first)
	}
	nav := byTag(first, "nav")
	if len(nav) != 1 || attr(nav[0], "id") != "toc" || attr(nav[0], "aria-labelledby") != "toc-title" {
		t.Fatalf("nav = %v", nav)
	}
	toggle := byClass(nav[0], "toc-toggle")
	if len(toggle) != 1 || attr(toggle[0], "aria-expanded") != "false" || attr(toggle[0], "aria-controls") != "toc-panel" || attr(toggle[0], "type") != "button" {
		t.Errorf("disclosure button = %v", toggle)
	}
	if current := byClass(nav[0], "toc-current"); len(current) != 1 {
		t.Errorf("the button has %d current-section parts, want 1", len(current))
	} else if _, hidden := attrOK(current[0], "hidden"); !hidden {
		t.Error("the current-section part of the button shows before a section is current")
	}
	links := byClass(nav[0], "toc-link")
	if len(links) != countEntries(doc.TOC) {
		t.Errorf("%d TOC links, want %d", len(links), countEntries(doc.TOC))
	}
	for _, a := range byTag(nav[0], "a") {
		if !hasClass(a, "toc-link") {
			t.Errorf("nav holds a link %v that is not a TOC entry", a.Attr)
		}
	}

	// Long policies get "Back to top", to the title, which takes focus.
	if !isLong(doc) {
		t.Fatal("the privacy policy is not long")
	}
	tops := all(root, func(n *html.Node) bool { return n.Data == "a" && attr(n, "href") == "#top" })
	if len(tops) != 2 {
		t.Errorf("%d Back to top links, want 2 (sidebar, end of the policy)", len(tops))
	}
	h1 := byTag(root, "h1")
	if len(h1) != 1 || attr(h1[0], "id") != "top" || attr(h1[0], "tabindex") != "-1" {
		t.Errorf("h1 = %v, want one h1#top[tabindex=-1]", h1)
	}

	// The live region that announces a copied link.
	live := byClass(root, "nav-announcer")
	if len(live) != 1 || attr(live[0], "role") != "status" || attr(live[0], "aria-live") != "polite" {
		t.Errorf("live region = %v", live)
	}
	if article := byTag(root, "article"); len(article) != 1 || attr(article[0], "lang") != doc.Lang {
		t.Errorf("article = %v, want one with lang %q", article, doc.Lang)
	}
}

func attrOK(n *html.Node, key string) (string, bool) {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val, true
		}
	}
	return "", false
}

// TestShortPolicy: a policy of one section has no "Back to top".
func TestShortPolicy(t *testing.T) {
	doc, err := markdown.Parse("short.md", []byte("---\ntitle: Short\n---\n\n## Only\n\nText.\n"))
	if err != nil {
		t.Fatal(err)
	}
	if isLong(doc) {
		t.Error("a policy of one section is long")
	}
	root := renderHTML(t, &policyPage{Doc: doc})
	if n := len(all(root, func(n *html.Node) bool { return attr(n, "href") == "#top" })); n != 0 {
		t.Errorf("%d Back to top links in a short policy, want none", n)
	}
}

// TestIndexPage: pages without a TOC have no sidebar, and the same shell.
func TestIndexPage(t *testing.T) {
	root := renderHTML(t, &index{Site: NewSite("", []*policy.Document{privacy(t)})})
	main := byTag(root, "main")
	if len(main) != 1 || attr(main[0], "class") != "layout layout-single" || len(byClass(root, "sidebar")) != 0 {
		t.Errorf("main = %v, want a single-column layout without sidebar", main)
	}
	if len(byClass(root, "skip-link")) != 1 || len(byTag(root, "footer")) != 1 || len(byTag(root, "h1")) != 1 {
		t.Error("the index lacks the page shell")
	}
}
