package policy

import (
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Node is one node of a policy's sanitised body: an element with its
// attributes and children, or a run of text when Tag is empty.
//
// The tree holds only the elements and attributes that the allow-list lets
// through, so every renderer of it (the go-app components, the HTML of the
// JSON API) shows the same safe content.
type Node struct {
	Tag      string
	Attrs    []Attr
	Text     string
	Children []*Node
}

// Attr is an attribute of an element Node.
type Attr struct {
	Key, Val string
}

// Attr returns the value of the attribute named key, or "".
func (n *Node) Attr(key string) string {
	for _, a := range n.Attrs {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

// HeadingLevel returns 1 to 6 when n is a heading element, and 0 otherwise.
func (n *Node) HeadingLevel() int {
	if len(n.Tag) == 2 && n.Tag[0] == 'h' && n.Tag[1] >= '1' && n.Tag[1] <= '6' {
		return int(n.Tag[1] - '0')
	}
	return 0
}

// PlainText returns the text of n and its descendants.
func (n *Node) PlainText() string {
	var b strings.Builder
	n.writeText(&b)
	return b.String()
}

func (n *Node) writeText(b *strings.Builder) {
	if n.Tag == "" {
		b.WriteString(n.Text)
		return
	}
	for _, c := range n.Children {
		c.writeText(b)
	}
}

func textNode(s string) *Node { return &Node{Text: s} }

func elem(tag string, children ...*Node) *Node {
	return &Node{Tag: tag, Children: children}
}

// HTML renders nodes as HTML, with text and attribute values escaped.
func HTML(nodes []*Node) string {
	var b strings.Builder
	for _, n := range nodes {
		// Rendering to a strings.Builder cannot fail.
		_ = html.Render(&b, n.htmlNode())
	}
	return b.String()
}

func (n *Node) htmlNode() *html.Node {
	if n.Tag == "" {
		return &html.Node{Type: html.TextNode, Data: n.Text}
	}
	h := &html.Node{Type: html.ElementNode, Data: n.Tag, DataAtom: atom.Lookup([]byte(n.Tag))}
	for _, a := range n.Attrs {
		h.Attr = append(h.Attr, html.Attribute{Key: a.Key, Val: a.Val})
	}
	for _, c := range n.Children {
		h.AppendChild(c.htmlNode())
	}
	return h
}
