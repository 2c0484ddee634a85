package markdown

import (
	"strconv"
	"strings"
	"unicode"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
)

// Slug returns the GitHub-compatible anchor slug of a heading's text, as
// github-slugger computes it: the text is trimmed and lowercased, every
// character is dropped that is not alphabetic (a letter, a letter number such
// as "Ⅱ", or a symbol such as "Ⓐ"), a mark, a decimal digit, connector
// punctuation (such as "_"), a hyphen or a space, and each space becomes a
// hyphen. Other numbers ("²", "½", "①") go, like other symbols. Runs of
// hyphens are kept, so "Cookies & tracking" becomes "cookies--tracking".
func Slug(text string) string {
	var b strings.Builder
	b.Grow(len(text))
	for _, r := range strings.ToLower(strings.TrimSpace(text)) {
		switch {
		case r == ' ':
			b.WriteByte('-')
		case r == '-',
			unicode.In(r, unicode.L, unicode.M, unicode.Nd, unicode.Nl, unicode.Pc, unicode.Other_Alphabetic):
			b.WriteRune(r)
		}
	}
	return b.String()
}

// ids hands out the automatic heading ids of one document. Ids that repeat
// get "-1", "-2", … appended, as on GitHub. Explicit {#id} attributes and
// the page's own ids are not renumbered around: a collision with one of
// them is an error that the parser reports.
type ids struct {
	seen map[string]int
}

var _ parser.IDs = (*ids)(nil)

func newIDs() *ids {
	return &ids{seen: make(map[string]int)}
}

// Generate implements parser.IDs: it returns a unique slug of value.
func (s *ids) Generate(value []byte, _ ast.NodeKind) []byte {
	return []byte(s.unique(Slug(string(value))))
}

// Put implements parser.IDs: it reserves an explicit id.
func (s *ids) Put(value []byte) {
	s.seen[string(value)] = 0
}

func (s *ids) unique(slug string) string {
	if slug == "" {
		slug = "section"
	}
	id := slug
	for {
		if _, taken := s.seen[id]; !taken {
			break
		}
		s.seen[slug]++
		id = slug + "-" + strconv.Itoa(s.seen[slug])
	}
	s.seen[id] = 0
	return id
}
