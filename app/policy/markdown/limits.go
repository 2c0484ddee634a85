package markdown

import (
	"bytes"
	"fmt"
	"unicode"
	"unicode/utf8"
)

// The limits of a policy file. A policy is a page of legal text: the
// shipped one is 5 KB and nests two levels deep. Goldmark's time and
// memory grow faster than linearly with the nesting of lists, quotes and
// brackets (a 1 MiB file of 1000 nested list levels takes it seconds and
// 130 MB, a 5000-level one minutes and gigabytes), and the client carries
// the documents as Go composite literals (documents.go), nested as deeply.
// The limits sit far above any real policy and far below any of that.
const (
	// MaxSize is the largest policy file, in bytes: 1 MiB.
	MaxSize = 1 << 20

	// MaxDepth is how deep a policy may nest list items, quotes and inline
	// elements (emphasis, links, raw HTML elements) in one another.
	MaxDepth = 32
)

const tooDeepMsg = "nesting deeper than %d levels (lists, quotes, emphasis, links and HTML elements within one another): flatten the text"

func tooLargeMsg(size int64) string {
	return fmt.Sprintf("the file is %d bytes, more than the limit of %d (1 MiB): split the policy", size, MaxSize)
}

// deepNesting estimates, before goldmark parses src, how deeply its blocks
// and inlines nest, and returns the offset at which they first nest deeper
// than limit, or -1. It reads each line once, follows the containers
// (quotes and list items) as CommonMark opens and continues them, and
// counts, within a paragraph, open brackets, emphasis runs and raw HTML
// start tags. It errs on the side of counting too much: the converter
// checks the depth of what goldmark builds too (parse.enter), so a
// document whose estimate is too low is still refused, only later.
func deepNesting(src []byte, limit int) int {
	s := nestScan{src: src, limit: limit}
	for start := 0; start < len(src); {
		end := bytes.IndexByte(src[start:], '\n')
		if end < 0 {
			end = len(src)
		} else {
			end += start
		}
		if off := s.line(start, end); off >= 0 {
			return off
		}
		start = end + 1
	}
	return -1
}

// nestScan is the state of deepNesting between lines.
type nestScan struct {
	src   []byte
	limit int

	containers []scanContainer
	para       bool // the last line was paragraph text: the next may continue it lazily

	fence      byte // '`' or '~' inside a fenced code block, else 0
	fenceLen   int
	fenceDepth int // the containers the fence is in

	inline inlineScan
}

type scanContainer struct {
	quote bool
	width int // a list item's content indent, in columns
}

// line scans the line src[start:end] and returns the offset at which the
// nesting goes past the limit, or -1.
func (s *nestScan) line(start, end int) int {
	if end > start && s.src[end-1] == '\r' {
		end--
	}
	pos, col := start, 0

	// Continue the open containers.
	matched := 0
	for matched < len(s.containers) {
		c := s.containers[matched]
		ind, p, pcol := s.indent(pos, end, col)
		if c.quote {
			if ind > 3 || p >= end || s.src[p] != '>' {
				break
			}
			pos, col = s.afterMarker(p+1, end, pcol+1)
		} else {
			if p < end && ind < c.width {
				break
			}
			pos, col = s.advance(pos, end, col, c.width)
		}
		matched++
	}
	ind, p, _ := s.indent(pos, end, col)
	blank := p >= end

	if s.fence != 0 {
		if matched >= s.fenceDepth {
			if ind <= 3 && s.closesFence(p, end) {
				s.fence = 0
			}
			return -1
		}
		s.fence = 0
	}
	if matched < len(s.containers) {
		if s.para && !blank && !s.startsBlock(p, end, ind) {
			// A lazy continuation line of the paragraph: the containers
			// stay open.
			return s.inline.scan(s, pos, end, len(s.containers))
		}
		s.containers = s.containers[:matched]
		s.endParagraph()
	}

	// Open new containers: "> ", "- ", "1. ", possibly several on a line.
	for {
		ind, p, pcol := s.indent(pos, end, col)
		if ind > 3 || p >= end {
			break
		}
		if s.src[p] == '>' {
			s.containers = append(s.containers, scanContainer{quote: true})
			pos, col = s.afterMarker(p+1, end, pcol+1)
		} else if w := s.listMarker(p, end); w > 0 && !s.thematicBreak(p, end) {
			q, qcol := p+w, pcol+w
			_, r, rcol := s.indent(q, end, qcol)
			spaces := rcol - qcol
			if r >= end || spaces > 4 {
				spaces = 1 // an empty item, or one that starts with indented code
			}
			s.containers = append(s.containers, scanContainer{width: pcol - col + w + spaces})
			pos, col = s.advance(q, end, qcol, spaces)
		} else {
			break
		}
		s.endParagraph()
		if len(s.containers) > s.limit {
			return p
		}
	}

	// What the rest of the line is.
	ind, p, _ = s.indent(pos, end, col)
	depth := len(s.containers)
	switch {
	case p >= end:
		s.endParagraph()
	case ind >= 4 && !s.para:
		// Indented code.
	case s.opensFence(p, end):
		s.fence, s.fenceDepth = s.src[p], depth
		s.fenceLen = bytes.IndexFunc(s.src[p:end], func(r rune) bool { return r != rune(s.src[p]) })
		if s.fenceLen < 0 {
			s.fenceLen = end - p
		}
		s.endParagraph()
	case s.atxHeading(p, end):
		s.endParagraph()
		off := s.inline.scan(s, p, end, depth)
		s.endParagraph()
		return off
	case s.thematicBreak(p, end) || (s.para && s.setextUnderline(p, end)):
		s.endParagraph()
	default:
		s.para = true
		return s.inline.scan(s, p, end, depth)
	}
	return -1
}

func (s *nestScan) endParagraph() {
	s.para = false
	s.inline = inlineScan{tags: s.inline.tags[:0]}
}

// indent skips spaces and tabs from pos, and returns how many columns it
// skipped, the offset and the column after them.
func (s *nestScan) indent(pos, end, col int) (n, p, pcol int) {
	p, pcol = pos, col
	for ; p < end; p++ {
		switch s.src[p] {
		case ' ':
			pcol++
		case '\t':
			pcol += 4 - pcol%4
		default:
			return pcol - col, p, pcol
		}
	}
	return pcol - col, p, pcol
}

// advance skips up to n columns of white space.
func (s *nestScan) advance(pos, end, col, n int) (int, int) {
	target := col + n
	for pos < end && col < target && (s.src[pos] == ' ' || s.src[pos] == '\t') {
		if s.src[pos] == '\t' {
			col += 4 - col%4
		} else {
			col++
		}
		pos++
	}
	return pos, col
}

// afterMarker skips the one optional space after a quote marker.
func (s *nestScan) afterMarker(pos, end, col int) (int, int) {
	if pos < end && (s.src[pos] == ' ' || s.src[pos] == '\t') {
		return pos + 1, col + 1
	}
	return pos, col
}

// listMarker returns the width of a list marker at p ("-", "+", "*", or up
// to nine digits and "." or ")") followed by white space or the end of the
// line, or 0.
func (s *nestScan) listMarker(p, end int) int {
	w := 0
	switch c := s.src[p]; {
	case c == '-' || c == '+' || c == '*':
		w = 1
	case c >= '0' && c <= '9':
		for w < 9 && p+w < end && s.src[p+w] >= '0' && s.src[p+w] <= '9' {
			w++
		}
		if p+w >= end || (s.src[p+w] != '.' && s.src[p+w] != ')') {
			return 0
		}
		w++
	default:
		return 0
	}
	if p+w < end && s.src[p+w] != ' ' && s.src[p+w] != '\t' {
		return 0
	}
	return w
}

// thematicBreak reports whether the rest of the line, from p, is three or
// more "-", "*" or "_" and white space only.
func (s *nestScan) thematicBreak(p, end int) bool {
	c := s.src[p]
	if c != '-' && c != '*' && c != '_' {
		return false
	}
	n := 0
	for i := p; i < end; i++ {
		switch s.src[i] {
		case c:
			n++
		case ' ', '\t':
		default:
			return false
		}
	}
	return n >= 3
}

func (s *nestScan) setextUnderline(p, end int) bool {
	c := s.src[p]
	if c != '=' && c != '-' {
		return false
	}
	rest := bytes.TrimRight(s.src[p:end], " \t")
	return len(bytes.Trim(rest, string(c))) == 0
}

func (s *nestScan) atxHeading(p, end int) bool {
	n := 0
	for p+n < end && s.src[p+n] == '#' {
		n++
	}
	return n >= 1 && n <= 6 && (p+n == end || s.src[p+n] == ' ' || s.src[p+n] == '\t')
}

func (s *nestScan) opensFence(p, end int) bool {
	c := s.src[p]
	if c != '`' && c != '~' {
		return false
	}
	n := 0
	for p+n < end && s.src[p+n] == c {
		n++
	}
	return n >= 3 && (c == '~' || bytes.IndexByte(s.src[p+n:end], '`') < 0)
}

func (s *nestScan) closesFence(p, end int) bool {
	n := 0
	for p+n < end && s.src[p+n] == s.fence {
		n++
	}
	return n >= s.fenceLen && len(bytes.TrimSpace(s.src[p+n:end])) == 0
}

// startsBlock reports whether a line whose unmatched rest starts at p
// certainly starts a block of its own, rather than continuing a paragraph
// lazily. When in doubt it says no: the containers then stay open, and the
// depth counted is too high rather than too low.
func (s *nestScan) startsBlock(p, end, ind int) bool {
	if ind > 3 {
		return false
	}
	if w := s.listMarker(p, end); w > 0 {
		// Only a list item with text, and an ordered one only from 1,
		// interrupts a paragraph.
		c := s.src[p]
		hasText := len(bytes.TrimSpace(s.src[p+w:end])) > 0
		return hasText && (c == '-' || c == '+' || c == '*' || (c == '1' && w == 2))
	}
	return s.src[p] == '>' || s.opensFence(p, end) || s.atxHeading(p, end) || s.thematicBreak(p, end)
}

// inlineScan counts what is open in the inline text of a paragraph.
type inlineScan struct {
	brackets int      // "[" and "![" not closed yet
	emphasis int      // levels of emphasis opened and not closed yet
	tags     []string // raw HTML elements opened and not closed yet
}

func (in *inlineScan) depth() int { return in.brackets + in.emphasis + len(in.tags) }

// optionalEnd are the HTML elements whose end tag may be left out: a start
// tag of the same name closes the previous one instead of nesting in it.
var optionalEnd = map[string]bool{
	"p": true, "li": true, "dt": true, "dd": true, "tr": true, "td": true, "th": true, "option": true,
}

// voidHTML are the HTML elements that never have content.
var voidHTML = map[string]bool{
	"area": true, "base": true, "br": true, "col": true, "embed": true, "hr": true, "img": true,
	"input": true, "link": true, "meta": true, "source": true, "track": true, "wbr": true,
}

// scan counts the openers of src[p:end], a line of a paragraph in
// containers levels of blocks, and returns the offset at which the nesting
// goes past the limit, or -1.
func (in *inlineScan) scan(s *nestScan, p, end, containers int) int {
	src := s.src
	for i := p; i < end; {
		switch c := src[i]; c {
		case '\\':
			i += 2
			continue
		case '`':
			n := run(src, i, end, c)
			// Skip a code span: up to the next run of as many backticks.
			for j := i + n; j < end; {
				k := bytes.IndexByte(src[j:end], '`')
				if k < 0 {
					break
				}
				m := run(src, j+k, end, '`')
				if m == n {
					n = j + k + m - i
					break
				}
				j += k + m
			}
			i += n
			continue
		case '[':
			in.brackets++
		case ']':
			in.brackets = max(in.brackets-1, 0)
		case '*', '_', '~':
			n := run(src, i, end, c)
			before, after := ' ', ' '
			if i > p {
				before, _ = utf8.DecodeLastRune(src[p:i])
			}
			if i+n < end {
				after, _ = utf8.DecodeRune(src[i+n : end])
			}
			left := !unicode.IsSpace(after) && (!isPunct(after) || unicode.IsSpace(before) || isPunct(before))
			right := !unicode.IsSpace(before) && (!isPunct(before) || unicode.IsSpace(after) || isPunct(after))
			levels := (n + 1) / 2
			if c == '~' {
				levels = 1
			}
			if right && (!left || in.emphasis > 0) {
				in.emphasis = max(in.emphasis-levels, 0)
			} else if left {
				in.emphasis += levels
				if containers+in.depth() > s.limit {
					return i
				}
			}
			i += n
			continue
		case '<':
			name, closing, selfClosing := tagAt(src, i, end)
			switch {
			case name == "":
			case closing:
				for k := len(in.tags) - 1; k >= 0; k-- {
					if in.tags[k] == name {
						in.tags = in.tags[:k]
						break
					}
				}
			case selfClosing || voidHTML[name]:
			case optionalEnd[name] && len(in.tags) > 0 && in.tags[len(in.tags)-1] == name:
			default:
				in.tags = append(in.tags, name)
			}
		}
		if containers+in.depth() > s.limit {
			return i
		}
		i++
	}
	return -1
}

// run returns the length of the run of c at src[i:end].
func run(src []byte, i, end int, c byte) int {
	n := 0
	for i+n < end && src[i+n] == c {
		n++
	}
	return n
}

func isPunct(r rune) bool { return unicode.IsPunct(r) || unicode.IsSymbol(r) }

// tagAt reads an HTML tag at src[i:end], which starts with "<", and returns
// its lowercase name, whether it is an end tag, and whether it ends in
// "/>". The name is "" when src[i:] is not a tag (a comment, an autolink
// such as "<https://…>", or a "<" in text).
func tagAt(src []byte, i, end int) (name string, closing, selfClosing bool) {
	j := i + 1
	if j < end && src[j] == '/' {
		closing = true
		j++
	}
	k := j
	for k < end && (isASCIILetter(src[k]) || (k > j && (src[k] >= '0' && src[k] <= '9' || src[k] == '-'))) {
		k++
	}
	if k == j || (k < end && src[k] != ' ' && src[k] != '\t' && src[k] != '/' && src[k] != '>') {
		return "", false, false
	}
	name = string(bytes.ToLower(src[j:k]))
	if gt := bytes.IndexByte(src[k:end], '>'); gt > 0 && src[k+gt-1] == '/' {
		selfClosing = true
	}
	return name, closing, selfClosing
}

func isASCIILetter(c byte) bool { return c|0x20 >= 'a' && c|0x20 <= 'z' }
