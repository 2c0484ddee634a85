package ui

import (
	"html"
	"strconv"
	"strings"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"github.com/seqeralabs/policy-widget/app/policy"
)

// The body of a policy is rendered to HTML by the widget itself and put on
// the page with app.Raw, on the server and in the WebAssembly client alike:
//
//   - the client mounts it with one innerHTML instead of building each of
//     its hundreds of elements through syscall/js, which is most of the
//     difference between mounting a policy and mounting an empty page;
//   - the HTML is escaped as HTML (go-app's server writes attribute values
//     with Go string quoting, so a `"` in a heading broke the page), and
//     no white space is added around inline elements (go-app's server puts
//     a line break between an element's children, so "**Cookies**," read
//     "Cookies ," before the client mounted).
//
// The body tree holds only what the allow-list of package markdown lets
// through; bodyHTML escapes every text and attribute value.

// RawPrefix starts the comment that bodyElement writes after the start tag
// of a raw element: "<!--raw:N-->", where N is the length in bytes of the
// HTML that follows, up to the element's end tag. The server's HTML
// normaliser copies those bytes as they are: they are HTML already, not
// go-app's output.
const RawPrefix = "<!--raw:"

// rawElement returns app.Raw of <tag class="class">inner</tag>, with the
// RawPrefix comment. class must need no escaping.
func rawElement(tag, class, inner string) app.UI {
	var b strings.Builder
	b.Grow(len(inner) + 64)
	b.WriteString("<" + tag + ` class="` + class + `">`)
	b.WriteString(RawPrefix + strconv.Itoa(len(inner)) + "-->")
	b.WriteString(inner)
	b.WriteString("</" + tag + ">")
	return app.Raw(b.String())
}

// selfClosing lists the void elements that a policy body can hold.
var selfClosing = map[string]bool{"br": true, "hr": true, "img": true, "input": true, "wbr": true}

// bodyHTML renders a policy body as HTML, with section headings rendered by
// writeHeading and marked as m says (m may be nil).
func bodyHTML(nodes []*policy.Node, m *changeMarks) string {
	w := bodyWriter{marks: m}
	w.nodes(nodes)
	return w.b.String()
}

type bodyWriter struct {
	b     strings.Builder
	marks *changeMarks
}

func (w *bodyWriter) nodes(nodes []*policy.Node) {
	for _, n := range nodes {
		w.node(n)
	}
}

// escapeText escapes text for HTML.
func escapeText(s string) string { return html.EscapeString(s) }

func (w *bodyWriter) node(n *policy.Node) {
	b := &w.b
	switch {
	case n.Tag == "":
		b.WriteString(html.EscapeString(n.Text))
		return
	case n.HeadingLevel() > 1 && n.Attr("id") != "":
		w.heading(n)
		return
	}
	writeStart(b, n.Tag, n.Attrs...)
	if selfClosing[n.Tag] {
		return
	}
	// An HTML parser drops a newline right after <pre>: write one more.
	if n.Tag == "pre" && len(n.Children) > 0 && strings.HasPrefix(n.Children[0].Text, "\n") {
		b.WriteByte('\n')
	}
	w.nodes(n.Children)
	b.WriteString("</" + n.Tag + ">")
}

func writeStart(b *strings.Builder, tag string, attrs ...policy.Attr) {
	b.WriteString("<" + tag)
	for _, a := range attrs {
		b.WriteString(" " + a.Key + `="` + html.EscapeString(a.Val) + `"`)
	}
	b.WriteByte('>')
}

// writeHeading renders a section heading: focusable (tabindex -1), so that
// a jump to it moves keyboard focus there, followed by its tools: a
// permalink to the section and a button that copies the section's URL.
// The tools sit next to the heading, not in it, so the heading's accessible
// name stays its text; web/nav.js makes the copy button work and announces
// the result. A section marked as changed says so: data-changed on the
// heading, and a visible label in it.
func (w *bodyWriter) heading(n *policy.Node) {
	b := &w.b
	id := n.Attr("id")
	status := w.marks.status(id)
	title := headingTitle(n)
	b.WriteString(`<div class="heading">`)
	attrs := []policy.Attr{{Key: "id", Val: id}, {Key: "class", Val: "section-heading"}, {Key: "tabindex", Val: "-1"}}
	for _, a := range n.Attrs {
		if a.Key != "id" {
			attrs = append(attrs, a)
		}
	}
	if status != "" {
		attrs = append(attrs, policy.Attr{Key: "data-changed", Val: string(status)})
	}
	writeStart(b, n.Tag, attrs...)
	w.nodes(n.Children)
	if status != "" {
		b.WriteString(` <span class="change-label">` + changeLabel(status) + `</span>`)
	}
	b.WriteString("</" + n.Tag + ">")
	b.WriteString(`<span class="heading-tools">`)
	writeStart(b, "a", policy.Attr{Key: "class", Val: "heading-tool heading-anchor"}, policy.Attr{Key: "href", Val: "#" + id},
		policy.Attr{Key: "aria-label", Val: "Link to section: " + title})
	b.WriteString(iconLink + "</a>")
	writeStart(b, "button", policy.Attr{Key: "type", Val: "button"}, policy.Attr{Key: "class", Val: "heading-tool heading-copy"},
		policy.Attr{Key: "data-copy", Val: id}, policy.Attr{Key: "aria-label", Val: "Copy link to section: " + title})
	b.WriteString(iconCopy + iconDone + "</button></span></div>")
}

// headingTitle returns the text of a heading with its runs of HTML white
// space collapsed, as the tools next to it name it. Other spaces, such as
// non-breaking ones, are kept as typed.
func headingTitle(n *policy.Node) string {
	return strings.Join(strings.FieldsFunc(n.PlainText(), isHTMLSpace), " ")
}

func isHTMLSpace(r rune) bool {
	return r == ' ' || r == '\t' || r == '\n' || r == '\f' || r == '\r'
}

// prose is a sentence of text, dates and links for a notice, written as
// HTML and shown with rawElement: go-app's server writes white space
// between an element's children, so "<time>…</time>." would read
// "1 September 2026 ." on the prerendered page, and on the pages that
// only the server renders for good.
type prose struct{ b strings.Builder }

// text adds plain text.
func (p *prose) text(s string) *prose {
	p.b.WriteString(escapeText(s))
	return p
}

// date adds a day as the pages write it, in a <time> element.
func (p *prose) date(d policy.Day) *prose {
	writeStart(&p.b, "time", policy.Attr{Key: "datetime", Val: d.String()})
	p.b.WriteString(escapeText(longDate(d.Time())) + "</time>")
	return p
}

// link adds a link to href, with attrs after its href.
func (p *prose) link(href, text string, attrs ...policy.Attr) *prose {
	writeStart(&p.b, "a", append([]policy.Attr{{Key: "href", Val: href}}, attrs...)...)
	p.b.WriteString(escapeText(text) + "</a>")
	return p
}

// strong adds what f adds in a <strong> element.
func (p *prose) strong(f func(*prose)) *prose {
	p.b.WriteString("<strong>")
	f(p)
	p.b.WriteString("</strong>")
	return p
}

// paragraph returns the sentence as a <p class="class"> element.
func (p *prose) paragraph(class string) app.UI {
	return rawElement("p", class, p.b.String())
}
