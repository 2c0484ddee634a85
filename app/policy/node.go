package policy

import "strings"

// Node is one node of a policy's sanitised body: an element with its
// attributes and children, or a run of text when Tag is empty.
//
// The tree holds only the elements and attributes that the allow-list lets
// through, so every renderer of it (the go-app components, the HTML of the
// JSON API) shows the same safe content.
type Node struct {
	Tag      string  `json:"tag,omitempty"`
	Attrs    []Attr  `json:"attrs,omitempty"`
	Text     string  `json:"text,omitempty"`
	Children []*Node `json:"children,omitempty"`
}

// Attr is an attribute of an element Node.
type Attr struct {
	Key string `json:"k"`
	Val string `json:"v"`
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
