package ui

import (
	"strings"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"github.com/seqeralabs/policy-widget/app/policy"
)

// selfClosing lists the void elements that a policy body can hold.
var selfClosing = map[string]bool{"br": true, "hr": true, "img": true, "input": true}

// Nodes converts a policy body into go-app nodes: an element per element,
// with section headings rendered by Heading.
func Nodes(nodes []*policy.Node) []app.UI {
	out := make([]app.UI, 0, len(nodes))
	for _, n := range nodes {
		out = append(out, node(n))
	}
	return out
}

func node(n *policy.Node) app.UI {
	switch {
	case n.Tag == "":
		return app.Text(n.Text)
	case n.HeadingLevel() > 1 && n.Attr("id") != "":
		return Heading(n)
	case selfClosing[n.Tag]:
		e := app.ElemSelfClosing(n.Tag)
		for _, a := range n.Attrs {
			e = e.Attr(a.Key, a.Val)
		}
		return e
	}
	e := app.Elem(n.Tag)
	for _, a := range n.Attrs {
		e = e.Attr(a.Key, a.Val)
	}
	return e.Body(Nodes(n.Children)...)
}

// Heading renders a section heading: focusable (tabindex -1), so that a
// jump to it moves keyboard focus there, followed by its tools: a permalink
// to the section and a button that copies the section's URL. The tools sit
// next to the heading, not in it, so the heading's accessible name stays its
// text; web/nav.js makes the copy button work and announces the result.
func Heading(n *policy.Node) app.UI {
	id := n.Attr("id")
	title := HeadingTitle(n)
	return app.Div().Class("heading").Body(
		app.Elem(n.Tag).
			ID(id).
			Class("section-heading").
			Attr("tabindex", "-1").
			Body(Nodes(n.Children)...),
		app.Span().Class("heading-tools").Body(
			app.A().
				Class("heading-tool heading-anchor").
				Href("#"+id).
				Aria("label", "Link to section: "+title).
				Body(icon(iconLink)),
			app.Button().
				Type("button").
				Class("heading-tool heading-copy").
				DataSet("copy", id).
				Aria("label", "Copy link to section: "+title).
				Body(icon(iconCopy), icon(iconDone)),
		),
	)
}

// HeadingTitle returns the text of a heading with its white space
// collapsed, as the tools next to it name it.
func HeadingTitle(n *policy.Node) string {
	return strings.Join(strings.Fields(n.PlainText()), " ")
}
