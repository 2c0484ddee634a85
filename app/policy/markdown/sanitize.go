package markdown

import (
	"github.com/seqeralabs/policy-widget/app/policy"
	"net/url"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// allowed lists the raw HTML elements a policy may use, with the attributes
// each may keep. Any other element is dropped, and its content kept, except
// for the elements in dropContent, whose content goes too.
var allowed = map[string][]string{
	"a": {"href", "title"}, "abbr": {"title"}, "b": nil, "br": nil, "code": nil,
	"del": nil, "em": nil, "i": nil, "kbd": nil, "mark": nil, "s": nil,
	"small": nil, "strong": nil, "sub": nil, "sup": nil, "u": nil,
	// Blocks, in HTML blocks.
	"p": nil, "ul": nil, "ol": nil, "li": nil, "blockquote": nil, "hr": nil,
}

var dropContent = map[string]bool{
	"script": true, "style": true, "iframe": true, "object": true, "embed": true,
	"template": true, "noscript": true, "textarea": true, "title": true,
	"svg": true, "math": true, "select": true, "frameset": true, "noembed": true,
}

var void = map[string]bool{"br": true, "hr": true}

// safeLinkURL reports whether a link may point at u: relative URLs and the
// http, https, mailto and tel schemes. javascript:, data: and the like never
// reach the page.
func safeLinkURL(u string) (string, bool) {
	u = strings.TrimSpace(u)
	parsed, err := url.Parse(u)
	if err != nil {
		return "", false
	}
	switch strings.ToLower(parsed.Scheme) {
	case "", "http", "https", "mailto", "tel":
		return u, true
	}
	return "", false
}

// safeImageURL reports whether an image may load u: a path on the policy's
// own site, or https.
func safeImageURL(u string) (string, bool) {
	u = strings.TrimSpace(u)
	parsed, err := url.Parse(u)
	if err != nil {
		return "", false
	}
	switch {
	case parsed.Scheme == "" && parsed.Host == "":
		return u, true
	case strings.EqualFold(parsed.Scheme, "https"):
		return u, true
	}
	return "", false
}

func sanitizeAttrs(tag string, attrs []html.Attribute) []policy.Attr {
	var out []policy.Attr
	for _, a := range attrs {
		keep := false
		for _, k := range allowed[tag] {
			keep = keep || a.Key == k
		}
		if !keep || a.Namespace != "" {
			continue
		}
		if a.Key == "href" {
			v, ok := safeLinkURL(a.Val)
			if !ok {
				continue
			}
			a.Val = v
		}
		out = append(out, policy.Attr{Key: a.Key, Val: a.Val})
	}
	return out
}

// rawFrame is an element opened by an inline raw HTML tag.
type rawFrame struct {
	tag  string
	node *policy.Node
}

// applyRawTag applies one inline raw HTML tag (or comment) to the stack of
// open elements and returns the new stack. stack[0] is the container and is
// never closed.
func applyRawTag(stack []*rawFrame, raw string) []*rawFrame {
	z := html.NewTokenizer(strings.NewReader(raw))
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			return stack
		}
		tok := z.Token()
		name := tok.Data
		top := stack[len(stack)-1].node
		switch tt {
		case html.StartTagToken, html.SelfClosingTagToken:
			_, ok := allowed[name]
			switch {
			case ok && (void[name] || tt == html.SelfClosingTagToken):
				if void[name] {
					n := elem(name)
					n.Attrs = sanitizeAttrs(name, tok.Attr)
					top.Children = append(top.Children, n)
				}
			case ok:
				n := elem(name)
				n.Attrs = sanitizeAttrs(name, tok.Attr)
				top.Children = append(top.Children, n)
				stack = append(stack, &rawFrame{tag: name, node: n})
			case dropContent[name] && tt == html.StartTagToken:
				// Collect the content in a node that is never attached.
				stack = append(stack, &rawFrame{tag: name, node: &policy.Node{}})
			}
		case html.EndTagToken:
			for i := len(stack) - 1; i > 0; i-- {
				if stack[i].tag == name {
					stack = stack[:i]
					break
				}
			}
		}
	}
}

// sanitizeHTMLBlock parses a block of raw HTML and keeps what the allow-list
// allows.
func sanitizeHTMLBlock(src string) []*policy.Node {
	context := &html.Node{Type: html.ElementNode, Data: "div", DataAtom: atom.Div}
	nodes, err := html.ParseFragment(strings.NewReader(src), context)
	if err != nil {
		return nil
	}
	var out []*policy.Node
	for _, n := range nodes {
		out = append(out, sanitizeNode(n)...)
	}
	return out
}

func sanitizeNode(n *html.Node) []*policy.Node {
	switch n.Type {
	case html.TextNode:
		return []*policy.Node{textNode(n.Data)}
	case html.ElementNode:
		var children []*policy.Node
		if !dropContent[n.Data] {
			for c := n.FirstChild; c != nil; c = c.NextSibling {
				children = append(children, sanitizeNode(c)...)
			}
		}
		if _, ok := allowed[n.Data]; !ok || n.Namespace != "" {
			return children
		}
		return []*policy.Node{{Tag: n.Data, Attrs: sanitizeAttrs(n.Data, n.Attr), Children: children}}
	}
	return nil
}
