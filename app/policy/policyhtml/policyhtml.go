// Package policyhtml renders a policy's sanitised body tree as HTML, for
// the server's JSON API. It is apart from the model (package policy) so
// that the WebAssembly client, which renders the tree with go-app, does not
// link an HTML package.
package policyhtml

import (
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/seqeralabs/policy-widget/app/policy"
)

// Render returns nodes as HTML, with text and attribute values escaped.
func Render(nodes []*policy.Node) string {
	var b strings.Builder
	for _, n := range nodes {
		// Rendering to a strings.Builder cannot fail.
		_ = html.Render(&b, htmlNode(n))
	}
	return b.String()
}

func htmlNode(n *policy.Node) *html.Node {
	if n.Tag == "" {
		return &html.Node{Type: html.TextNode, Data: n.Text}
	}
	h := &html.Node{Type: html.ElementNode, Data: n.Tag, DataAtom: atom.Lookup([]byte(n.Tag))}
	for _, a := range n.Attrs {
		h.Attr = append(h.Attr, html.Attribute{Key: a.Key, Val: a.Val})
	}
	for _, c := range n.Children {
		h.AppendChild(htmlNode(c))
	}
	return h
}
