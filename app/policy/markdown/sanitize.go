package markdown

import (
	"net/url"
	"slices"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/seqeralabs/policy-widget/app/policy"
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

// linkSchemes are the schemes a link may use besides relative URLs;
// javascript:, data: and the like never reach the page.
var linkSchemes = []string{"http", "https", "mailto", "tel"}

// safeLinkURL reports whether a link may point at u: relative URLs and the
// linkSchemes.
func safeLinkURL(u string) (string, bool) {
	u = strings.TrimSpace(u)
	parsed, err := url.Parse(u)
	if err != nil {
		return "", false
	}
	if s := strings.ToLower(parsed.Scheme); s != "" && !slices.Contains(linkSchemes, s) {
		return "", false
	}
	return u, true
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

// badURL describes why a URL that safeLinkURL or safeImageURL refused is
// not allowed, for a message.
func badURL(u string) string {
	parsed, err := url.Parse(strings.TrimSpace(u))
	switch {
	case err != nil:
		return "it is not a valid URL"
	case parsed.Scheme == "":
		return "images load only from https or the site's own paths"
	}
	return "the scheme " + strings.ToLower(parsed.Scheme) + ": is not allowed"
}

// attrProblems are what sanitizeAttrs took out of an element's attributes.
type attrProblems struct {
	dropped []string // attributes that the allow-list does not allow
	badHref *string  // an href whose URL is not allowed
}

func sanitizeAttrs(tag string, attrs []html.Attribute) ([]policy.Attr, attrProblems) {
	var out []policy.Attr
	var probs attrProblems
	for _, a := range attrs {
		if !slices.Contains(allowed[tag], a.Key) || a.Namespace != "" {
			probs.dropped = append(probs.dropped, a.Key)
			continue
		}
		if a.Key == "href" {
			v, ok := safeLinkURL(a.Val)
			if !ok {
				probs.badHref = &a.Val
				continue
			}
			a.Val = v
		}
		out = append(out, policy.Attr{Key: a.Key, Val: a.Val})
	}
	return out, probs
}

// rawTag reports what the allow-list does to an element of raw HTML at
// offset off of the body: a dropped element (and its content, with
// content), dropped attributes, and links, whose URL must be allowed and
// whose fragment must be a heading's.
func (p *parse) rawTag(off int, tag string, kept []policy.Attr, probs attrProblems, withContent bool) {
	if _, ok := allowed[tag]; !ok {
		switch {
		case withContent:
			p.warnAt(off, "raw HTML <%s> dropped with its content: it is not in the allow-list", tag)
		case voidHTML[tag]:
			p.warnAt(off, "raw HTML <%s> dropped: it is not in the allow-list", tag)
		default:
			p.warnAt(off, "raw HTML <%s> dropped, its content kept: it is not in the allow-list", tag)
		}
		return
	}
	if len(probs.dropped) > 0 {
		s := ""
		if len(probs.dropped) > 1 {
			s = "s"
		}
		p.warnAt(off, "raw HTML <%s>: attribute%s %s dropped: not in the allow-list", tag, s, strings.Join(probs.dropped, ", "))
	}
	if probs.badHref != nil {
		p.errorAt(off, "link to %q: %s (use https, http, mailto, tel or a relative link)", *probs.badHref, badURL(*probs.badHref))
	}
	for _, a := range kept {
		if a.Key == "href" {
			p.fragmentLink(off, a.Val, "", nil)
		}
	}
}

// rawFrame is an element opened by an inline raw HTML tag.
type rawFrame struct {
	tag  string
	node *policy.Node
	drop bool // the element and its content are dropped
}

// applyRawTag applies one inline raw HTML tag (or comment), at offset off
// of the body, to the stack of open elements and returns the new stack.
// stack[0] is the container and is never closed.
func (p *parse) applyRawTag(stack []*rawFrame, raw string, off int) []*rawFrame {
	z := html.NewTokenizer(strings.NewReader(raw))
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			return stack
		}
		tok := z.Token()
		name := tok.Data
		top := stack[len(stack)-1]
		switch tt {
		case html.StartTagToken, html.SelfClosingTagToken:
			_, ok := allowed[name]
			content := dropContent[name] && tt == html.StartTagToken
			var attrs []policy.Attr
			var probs attrProblems
			if ok {
				attrs, probs = sanitizeAttrs(name, tok.Attr)
			}
			if !top.drop {
				p.rawTag(off, name, attrs, probs, content)
			}
			switch {
			case ok && (void[name] || tt == html.SelfClosingTagToken):
				if void[name] {
					n := elem(name)
					n.Attrs = attrs
					top.node.Children = append(top.node.Children, n)
				}
			case ok:
				if p.depth+len(stack) > MaxDepth {
					p.tooDeepAt(off)
					continue
				}
				n := elem(name)
				n.Attrs = attrs
				top.node.Children = append(top.node.Children, n)
				stack = append(stack, &rawFrame{tag: name, node: n, drop: top.drop})
			case content:
				// Collect the content in a node that is never attached.
				stack = append(stack, &rawFrame{tag: name, node: &policy.Node{}, drop: true})
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
// allows, nesting no deeper than depth more levels.
func sanitizeHTMLBlock(src string, depth int) (nodes []*policy.Node, tooDeep bool) {
	context := &html.Node{Type: html.ElementNode, Data: "div", DataAtom: atom.Div}
	parsed, err := html.ParseFragment(strings.NewReader(src), context)
	if err != nil {
		// x/net/html refuses more than 512 open elements.
		return nil, true
	}
	for _, n := range parsed {
		out, deep := sanitizeNode(n, depth)
		nodes = append(nodes, out...)
		tooDeep = tooDeep || deep
	}
	return nodes, tooDeep
}

func sanitizeNode(n *html.Node, depth int) ([]*policy.Node, bool) {
	switch n.Type {
	case html.TextNode:
		return []*policy.Node{textNode(n.Data)}, false
	case html.ElementNode:
		_, ok := allowed[n.Data]
		ok = ok && n.Namespace == ""
		if ok {
			if depth == 0 {
				return nil, true
			}
			depth--
		}
		var children []*policy.Node
		tooDeep := false
		if !dropContent[n.Data] {
			for c := n.FirstChild; c != nil; c = c.NextSibling {
				out, deep := sanitizeNode(c, depth)
				children = append(children, out...)
				tooDeep = tooDeep || deep
			}
		}
		if !ok {
			return children, tooDeep
		}
		attrs, _ := sanitizeAttrs(n.Data, n.Attr)
		return []*policy.Node{{Tag: n.Data, Attrs: attrs, Children: children}}, tooDeep
	}
	return nil, false
}

// lintHTMLBlock reports, at their offsets in the body, what the allow-list
// drops from a block of raw HTML, src, whose byte i is at offset(i) of
// the body. It reads the block with the tokenizer, which knows where each
// tag is; sanitizeHTMLBlock builds the tree the page shows.
func (p *parse) lintHTMLBlock(src string, offset func(int) int) {
	z := html.NewTokenizer(strings.NewReader(src))
	at := 0
	dropping, nested := "", 0 // the element dropped with its content, and how deep in it
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			return
		}
		start := at
		at += len(z.Raw())
		tok := z.Token()
		name := tok.Data
		switch {
		case dropping != "":
			if name == dropping && tt == html.StartTagToken {
				nested++
			} else if name == dropping && tt == html.EndTagToken {
				if nested--; nested == 0 {
					dropping = ""
				}
			}
		case tt == html.StartTagToken || tt == html.SelfClosingTagToken:
			content := dropContent[name] && tt == html.StartTagToken
			var attrs []policy.Attr
			var probs attrProblems
			if _, ok := allowed[name]; ok {
				attrs, probs = sanitizeAttrs(name, tok.Attr)
			}
			p.rawTag(offset(start), name, attrs, probs, content)
			if content {
				dropping, nested = name, 1
			}
		}
	}
}
