package markdown

import (
	"bufio"
	"bytes"
	"html"
	"sort"
	"strconv"
	"strings"

	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
	ghtml "github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"github.com/seqeralabs/policy-widget/app/policy"
)

// blocks converts the children of a goldmark block into body nodes.
func (p *parse) blocks(parent ast.Node) []*policy.Node {
	var out []*policy.Node
	for c := parent.FirstChild(); c != nil; c = c.NextSibling() {
		out = append(out, p.block(c)...)
	}
	return out
}

func (p *parse) block(n ast.Node) []*policy.Node {
	switch n := n.(type) {
	case *ast.Paragraph:
		content := p.inlines(n)
		if blank(content) {
			// Nothing left once raw HTML is sanitised, as in a paragraph
			// of only "<svg>…</svg>": no empty <p> on the page.
			return nil
		}
		return []*policy.Node{elem("p", content...)}
	case *ast.TextBlock:
		return p.inlines(n)
	case *ast.Heading:
		id, _ := n.AttributeString("id")
		h := elem("h"+strconv.Itoa(n.Level), p.inlines(n)...)
		h.Attrs = []policy.Attr{{Key: "id", Val: stringOf(id)}}
		return []*policy.Node{h}
	case *ast.ThematicBreak:
		return []*policy.Node{elem("hr")}
	case *ast.CodeBlock, *ast.FencedCodeBlock:
		code := elem("code", textNode(p.lines(n)))
		if f, ok := n.(*ast.FencedCodeBlock); ok {
			if lang := f.Language(p.src); len(lang) > 0 {
				code.Attrs = []policy.Attr{{Key: "class", Val: "language-" + string(lang)}}
			}
		}
		return []*policy.Node{elem("pre", code)}
	case *ast.Blockquote:
		if !p.enter(n) {
			return nil
		}
		defer p.leave()
		return []*policy.Node{elem("blockquote", p.blocks(n)...)}
	case *ast.List:
		if !n.IsOrdered() {
			return []*policy.Node{elem("ul", p.blocks(n)...)}
		}
		ol := elem("ol", p.blocks(n)...)
		if n.Start != 1 {
			ol.Attrs = []policy.Attr{{Key: "start", Val: strconv.Itoa(n.Start)}}
		}
		return []*policy.Node{ol}
	case *ast.ListItem:
		if !p.enter(n) {
			return nil
		}
		defer p.leave()
		return []*policy.Node{elem("li", p.blocks(n)...)}
	case *ast.HTMLBlock:
		return p.htmlBlock(n)
	case *east.Table:
		return []*policy.Node{p.table(n)}
	default:
		return p.blocks(n)
	}
}

// blank reports whether nodes are only white space text, or nothing.
func blank(nodes []*policy.Node) bool {
	for _, n := range nodes {
		if n.Tag != "" || strings.TrimSpace(n.Text) != "" {
			return false
		}
	}
	return true
}

// trimBlank drops the white space text at either end of the nodes of an
// HTML block, such as the line break that a dropped <script> block leaves.
func trimBlank(nodes []*policy.Node) []*policy.Node {
	for len(nodes) > 0 && blank(nodes[:1]) {
		nodes = nodes[1:]
	}
	for len(nodes) > 0 && blank(nodes[len(nodes)-1:]) {
		nodes = nodes[:len(nodes)-1]
	}
	return nodes
}

func (p *parse) table(t *east.Table) *policy.Node {
	table := elem("table")
	var body *policy.Node
	for row := t.FirstChild(); row != nil; row = row.NextSibling() {
		cellTag := "td"
		tr := elem("tr")
		if _, ok := row.(*east.TableHeader); ok {
			cellTag = "th"
			table.Children = append(table.Children, elem("thead", tr))
		} else {
			if body == nil {
				body = elem("tbody")
				table.Children = append(table.Children, body)
			}
			body.Children = append(body.Children, tr)
		}
		for c := row.FirstChild(); c != nil; c = c.NextSibling() {
			cell := elem(cellTag, p.inlines(c)...)
			if tc, ok := c.(*east.TableCell); ok && tc.Alignment != east.AlignNone {
				cell.Attrs = []policy.Attr{{Key: "class", Val: "align-" + tc.Alignment.String()}}
			}
			tr.Children = append(tr.Children, cell)
		}
	}
	return table
}

// htmlBlock sanitises a block of raw HTML and reports what the allow-list
// drops from it.
func (p *parse) htmlBlock(n *ast.HTMLBlock) []*policy.Node {
	// The lines of a block in a list or a quote are not next to one
	// another in the body: keep where each starts, in src and in the body.
	var srcStarts, bodyStarts []int
	var b strings.Builder
	add := func(seg text.Segment) {
		srcStarts = append(srcStarts, b.Len())
		bodyStarts = append(bodyStarts, seg.Start)
		b.Write(seg.Value(p.src))
	}
	for i := 0; i < n.Lines().Len(); i++ {
		add(n.Lines().At(i))
	}
	if n.HasClosure() {
		add(n.ClosureLine)
	}
	src := b.String()
	p.lintHTMLBlock(src, func(k int) int {
		i := sort.SearchInts(srcStarts, k+1) - 1
		return bodyStarts[i] + k - srcStarts[i]
	})
	nodes, tooDeep := sanitizeHTMLBlock(src, MaxDepth-p.depth)
	if tooDeep {
		p.tooDeepAt(p.offset(n))
	}
	return trimBlank(nodes)
}

// lines returns the source lines of a leaf block.
func (p *parse) lines(n ast.Node) string {
	var b strings.Builder
	for i := 0; i < n.Lines().Len(); i++ {
		seg := n.Lines().At(i)
		b.Write(seg.Value(p.src))
	}
	return b.String()
}

// inlines converts the inline children of n. Inline raw HTML comes as one
// node per tag: an allowed opening tag takes the siblings up to its closing
// tag as children, a tag that is not allowed is dropped (with its content
// when it is a tag such as <script>), so the result is a proper tree.
func (p *parse) inlines(n ast.Node) []*policy.Node {
	root := &policy.Node{}
	stack := []*rawFrame{{node: root}}
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		raw, ok := c.(*ast.RawHTML)
		if !ok {
			top := stack[len(stack)-1]
			if top.drop {
				p.quiet++ // dropped with its raw HTML element: nothing to report
			}
			top.node.Children = append(top.node.Children, p.inline(c)...)
			if top.drop {
				p.quiet--
			}
			continue
		}
		var b bytes.Buffer
		for i := 0; i < raw.Segments.Len(); i++ {
			seg := raw.Segments.At(i)
			b.Write(seg.Value(p.src))
		}
		stack = p.applyRawTag(stack, b.String(), p.offset(raw))
	}
	return root.Children
}

func (p *parse) inline(n ast.Node) []*policy.Node {
	switch n := n.(type) {
	case *ast.Text:
		out := []*policy.Node{textNode(p.textValue(n.Value(p.src), n.IsRaw()))}
		switch {
		case n.HardLineBreak():
			out = append(out, elem("br"), textNode("\n"))
		case n.SoftLineBreak():
			out = append(out, textNode("\n"))
		}
		return out
	case *ast.String:
		return []*policy.Node{textNode(p.textValue(n.Value, n.IsRaw() || n.IsCode()))}
	case *ast.CodeSpan:
		var b strings.Builder
		for c := n.FirstChild(); c != nil; c = c.NextSibling() {
			switch c := c.(type) {
			case *ast.Text:
				b.Write(c.Segment.Value(p.src))
			case *ast.String:
				b.Write(c.Value)
			}
		}
		return []*policy.Node{elem("code", textNode(b.String()))}
	case *ast.AutoLink:
		label := string(n.Label(p.src))
		dest := string(n.URL(p.src))
		if n.AutoLinkType == ast.AutoLinkEmail && !strings.HasPrefix(strings.ToLower(dest), "mailto:") {
			dest = "mailto:" + dest
		}
		return []*policy.Node{p.link(dest, "", p.autoLinkOffset(n), []*policy.Node{textNode(label)}, nil)}
	case *east.TaskCheckBox:
		box := elem("input")
		box.Attrs = []policy.Attr{{Key: "type", Val: "checkbox"}, {Key: "disabled", Val: ""}}
		if n.IsChecked {
			box.Attrs = append(box.Attrs, policy.Attr{Key: "checked", Val: ""})
		}
		return []*policy.Node{box, textNode(" ")}
	case *ast.Emphasis, *east.Strikethrough, *ast.Link, *ast.Image:
		if !p.enter(n) {
			return nil
		}
		defer p.leave()
	}

	switch n := n.(type) {
	case *ast.Emphasis:
		tag := "em"
		if n.Level == 2 {
			tag = "strong"
		}
		return []*policy.Node{elem(tag, p.inlines(n)...)}
	case *east.Strikethrough:
		return []*policy.Node{elem("del", p.inlines(n)...)}
	case *ast.Link:
		dest := html.UnescapeString(string(n.Destination))
		return []*policy.Node{p.link(dest, inlineText(n.Title), p.offset(n), p.inlines(n), listOf(n))}
	case *ast.Image:
		dest := html.UnescapeString(string(n.Destination))
		src, ok := safeImageURL(dest)
		alt := (&policy.Node{Tag: "span", Children: p.inlines(n)}).PlainText()
		if !ok {
			p.errorAt(p.offset(n), "image from %q: %s (use https or a path of the site)", dest, badURL(dest))
			return []*policy.Node{textNode(alt)}
		}
		img := elem("img")
		img.Attrs = []policy.Attr{{Key: "src", Val: src}, {Key: "alt", Val: alt}}
		if len(n.Title) > 0 {
			img.Attrs = append(img.Attrs, policy.Attr{Key: "title", Val: inlineText(n.Title)})
		}
		return []*policy.Node{img}
	default:
		return p.inlines(n)
	}
}

// inlineText returns a link's or an image's title as the reader sees it:
// goldmark keeps it as written, with its backslash escapes and entity
// references ("a \"b\" &amp; c" is `a "b" & c`).
func inlineText(b []byte) string {
	return string(util.UnescapePunctuations(util.ResolveNumericReferences(util.ResolveEntityNames(b))))
}

// autoLinkOffset returns where an autolink starts: its "<", or the URL
// that GFM turned into a link (whose node starts before it).
func (p *parse) autoLinkOffset(n *ast.AutoLink) int {
	off := p.offset(n)
	if off < len(p.src) && p.src[off] == '<' {
		return off
	}
	// The label is a slice of the body: its offset is where it starts.
	if label := n.Label(p.src); len(label) > 0 && cap(label) <= cap(p.src) {
		if i := cap(p.src) - cap(label); i < len(p.src) && &p.src[i] == &label[0] {
			return i
		}
	}
	return off
}

// listOf returns the list of which the link n is an item's text, or nil.
func listOf(n ast.Node) ast.Node {
	block := n.Parent()
	if block == nil || (block.Kind() != ast.KindParagraph && block.Kind() != ast.KindTextBlock) {
		return nil
	}
	if item := block.Parent(); item != nil && item.Kind() == ast.KindListItem {
		return item.Parent()
	}
	return nil
}

// link returns an a element at offset off of the body, or only its
// content when dest is not allowed, which is an error.
func (p *parse) link(dest, title string, off int, content []*policy.Node, list ast.Node) *policy.Node {
	href, ok := safeLinkURL(dest)
	if !ok {
		p.errorAt(off, "link to %q: %s (use https, http, mailto, tel or a relative link)", dest, badURL(dest))
		return &policy.Node{Tag: "span", Children: content}
	}
	p.fragmentLink(off, href, (&policy.Node{Tag: "span", Children: content}).PlainText(), list)
	a := elem("a", content...)
	a.Attrs = []policy.Attr{{Key: "href", Val: href}}
	if title != "" {
		a.Attrs = append(a.Attrs, policy.Attr{Key: "title", Val: title})
	}
	return a
}

// textValue resolves backslash escapes and character references the way
// goldmark's HTML renderer does, and returns plain text.
func (p *parse) textValue(v []byte, raw bool) string {
	if raw || bytes.IndexAny(v, "\\&\x00") < 0 {
		return string(v) // nothing to resolve
	}
	if p.textOut == nil {
		p.textOut = bufio.NewWriter(&p.textBuf)
	}
	p.textBuf.Reset()
	ghtml.DefaultWriter.Write(p.textOut, v)
	_ = p.textOut.Flush()
	return html.UnescapeString(p.textBuf.String())
}

// text returns the plain text of a heading, as a reader sees it: link
// labels and code included, markup and raw HTML left out.
func (p *parse) text(n ast.Node) string {
	// Converting records the links it meets and reports problems; the
	// heading's are when the body is converted, so not here.
	p.quiet++
	defer func() { p.quiet-- }()
	return (&policy.Node{Tag: "span", Children: p.inlines(n)}).PlainText()
}
