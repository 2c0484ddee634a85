package ui

import (
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

// Heading renders a section heading: focusable, so that a jump to it moves
// keyboard focus there, and with a permalink to itself.
func Heading(n *policy.Node) app.UI {
	id := n.Attr("id")
	return app.Elem(n.Tag).
		ID(id).
		Class("section-heading").
		Attr("tabindex", "-1").
		Body(Nodes(n.Children)...)
}
