package markdown

import (
	"fmt"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/seqeralabs/policy-widget/app/policy"
)

func textNode(s string) *policy.Node { return &policy.Node{Text: s} }

func elem(tag string, children ...*policy.Node) *policy.Node {
	return &policy.Node{Tag: tag, Children: children}
}

// HTML renders nodes as HTML, with text and attribute values escaped.
func HTML(nodes []*policy.Node) string {
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

func errorf(file string, line int, format string, args ...any) *policy.Error {
	return &policy.Error{File: file, Line: line, Msg: fmt.Sprintf(format, args...)}
}
