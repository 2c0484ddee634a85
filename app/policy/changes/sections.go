package changes

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"strings"

	"github.com/seqeralabs/policy-widget/app/policy"
)

// Section is one section of a policy: a heading and what follows it up to
// the next heading of any level.
type Section struct {
	// ID is the heading's id; "" for the preamble, the content before the
	// first heading, which every document has (it may be empty).
	ID string `json:"id"`
	// Title is the heading's plain text, its white space collapsed; the
	// preamble's is the page's h1, Document.Heading.
	Title string `json:"title"`
	// Level is the heading's level on the page: 2 to 6, and 1 for the
	// preamble.
	Level int `json:"level"`
	// Text is the section's content as plain text, one line per block
	// (paragraph, list item, table cell, line of a code block, line ended
	// by a <br>), white space collapsed as a browser shows it. The heading
	// is not part of it.
	Text string `json:"text,omitempty"`
	// Hash identifies the section's heading and content: the first 8 bytes
	// of a SHA-256, in hex. It changes with any text, element or attribute
	// (a link's target, an image's source), and not with what does not
	// change the page: white space that a browser collapses, attribute
	// order, how text is split into nodes, the heading's level or the
	// section's place in the document.
	Hash string `json:"hash"`
}

// Sections splits doc's body into sections, in document order, the
// preamble first. Every h2 to h6 element with an id starts a section, also
// one nested in a list or a quote: the content before it belongs to the
// section before.
//
// The sections of an abridged version (policy.Document.Abridged) are its
// digests, without their text.
func Sections(doc *policy.Document) []Section {
	if doc.Abridged() {
		out := make([]Section, len(doc.Sections))
		for i, d := range doc.Sections {
			out[i] = Section{ID: d.ID, Title: d.Title, Level: d.Level, Hash: d.Hash}
		}
		return out
	}
	s := &splitter{}
	s.start(Section{Title: collapse(doc.Heading), Level: 1})
	s.hashText(doc.Heading)
	s.h = append(s.h, tagContent)
	for _, n := range doc.Body {
		s.node(n)
	}
	s.finish()
	return s.sections
}

// The bytes that start each item of what a section's hash covers: text and
// elements, written with their lengths so that no two sections hash the
// same items.
const (
	tagText    = 't'
	tagOpen    = 'o'
	tagAttr    = 'a'
	tagClose   = 'c'
	tagContent = 'b' // between the heading and the content
)

// splitter walks a body, collecting each section's text and hash.
type splitter struct {
	sections []Section
	cur      Section
	h        []byte          // what the section's hash covers, as written by hashString
	lines    []string        // the section's finished lines
	line     strings.Builder // the block being read
	pending  strings.Builder // text not yet hashed
	pre      int             // depth of <pre> elements around the node
}

func (s *splitter) start(sec Section) {
	s.cur = sec
	s.h = s.h[:0]
	s.lines = s.lines[:0]
}

func (s *splitter) finish() {
	s.endLine()
	s.flushText()
	s.cur.Text = strings.Join(s.lines, "\n")
	sum := sha256.Sum256(s.h)
	s.cur.Hash = hex.EncodeToString(sum[:8])
	s.sections = append(s.sections, s.cur)
}

func (s *splitter) node(n *policy.Node) {
	if n.Tag == "" {
		s.text(n.Text)
		return
	}
	if level := n.HeadingLevel(); level >= 2 && n.Attr("id") != "" {
		s.finish()
		title := (&policy.Node{Tag: "span", Children: n.Children}).PlainText()
		s.start(Section{ID: n.Attr("id"), Title: collapse(title), Level: level})
		for _, c := range n.Children {
			s.hashNode(c)
		}
		s.flushText()
		s.h = append(s.h, tagContent)
		return
	}
	s.open(n)
	block := blocks[n.Tag]
	if block {
		s.endLine()
	}
	if n.Tag == "pre" {
		s.pre++
	}
	for _, c := range n.Children {
		s.node(c)
	}
	if block || n.Tag == "br" {
		s.endLine()
	}
	s.close(n)
	if n.Tag == "pre" {
		s.pre--
	}
}

// hashNode adds n to the hash only: a heading's content, whose text is the
// section's title.
func (s *splitter) hashNode(n *policy.Node) {
	if n.Tag == "" {
		s.pending.WriteString(n.Text)
		return
	}
	s.open(n)
	for _, c := range n.Children {
		s.hashNode(c)
	}
	s.close(n)
}

func (s *splitter) text(t string) {
	s.pending.WriteString(t)
	if s.pre == 0 {
		s.line.WriteString(t)
		return
	}
	// In a code block each line is a line of the section's text.
	for {
		before, after, found := strings.Cut(t, "\n")
		s.line.WriteString(before)
		if !found {
			return
		}
		s.endLine()
		t = after
	}
}

// endLine ends the block being read: its text becomes a line of the
// section, unless it is blank.
func (s *splitter) endLine() {
	line := s.line.String()
	s.line.Reset()
	if s.pre == 0 {
		line = collapse(line)
	}
	if strings.TrimSpace(line) != "" {
		s.lines = append(s.lines, line)
	}
}

func (s *splitter) open(n *policy.Node) {
	s.flushText()
	s.hashString(tagOpen, n.Tag)
	// In key order: an element has a few attributes, and an insertion
	// sort keeps the WebAssembly client smaller than package slices'.
	attrs := append([]policy.Attr(nil), n.Attrs...)
	for i := 1; i < len(attrs); i++ {
		for j := i; j > 0 && attrs[j].Key < attrs[j-1].Key; j-- {
			attrs[j], attrs[j-1] = attrs[j-1], attrs[j]
		}
	}
	for _, a := range attrs {
		s.hashString(tagAttr, a.Key)
		s.hashString(tagAttr, a.Val)
	}
}

func (s *splitter) close(n *policy.Node) {
	s.flushText()
	s.hashString(tagClose, n.Tag)
}

// flushText hashes the text read since the last element, as one run
// however many nodes it came in, with its white space collapsed outside
// code blocks.
func (s *splitter) flushText() {
	if s.pending.Len() == 0 {
		return
	}
	t := s.pending.String()
	s.pending.Reset()
	s.hashText(t)
}

func (s *splitter) hashText(t string) {
	if s.pre == 0 {
		t = collapseRuns(t)
	}
	s.hashString(tagText, t)
}

func (s *splitter) hashString(tag byte, v string) {
	s.h = append(s.h, tag)
	s.h = binary.AppendUvarint(s.h, uint64(len(v)))
	s.h = append(s.h, v...)
}

// blocks are the elements that start and end a line of a section's text.
var blocks = map[string]bool{
	"p": true, "ul": true, "ol": true, "li": true, "blockquote": true, "pre": true,
	"hr": true, "table": true, "thead": true, "tbody": true, "tfoot": true,
	"tr": true, "td": true, "th": true, "caption": true, "dl": true, "dt": true, "dd": true,
	"h1": true, "h2": true, "h3": true, "h4": true, "h5": true, "h6": true,
	"div": true, "figure": true, "figcaption": true, "details": true, "summary": true,
}

// collapse returns s with its runs of HTML white space (space, tab, line
// feed, form feed, carriage return) made single spaces and trimmed at both
// ends, as a browser shows it. Other spaces, such as the no-break space,
// stay.
func collapse(s string) string {
	return strings.Trim(collapseRuns(s), " ")
}

func collapseRuns(s string) string {
	if !strings.ContainsAny(s, "\t\n\f\r") && !strings.Contains(s, "  ") {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case ' ', '\t', '\n', '\f', '\r':
			if !space {
				b.WriteByte(' ')
			}
			space = true
		default:
			b.WriteByte(c)
			space = false
		}
	}
	return b.String()
}
