package markdown

import (
	"net/url"
	"slices"
	"strings"
	"unicode"

	"github.com/yuin/goldmark/ast"
)

// fragmentLink records href, at offset off of the body, when it is an
// in-document link "#id". text is what the reader sees of the link, and
// list the list whose item the link is, if any.
func (p *parse) fragmentLink(off int, href, text string, list ast.Node) {
	id, ok := strings.CutPrefix(href, "#")
	if !ok || p.quiet > 0 {
		return
	}
	if strings.Contains(id, "%") {
		if u, err := url.PathUnescape(id); err == nil {
			id = u
		}
	}
	p.links = append(p.links, &fragmentLink{id: id, text: text, off: off, list: list})
}

// checkLinks reports in-document links to ids that no heading has (an
// error), and links whose text names another section than the one they
// point at (a warning, see checkLinkText).
func (p *parse) checkLinks() {
	var idx *titleIndex
	for _, l := range p.links {
		switch {
		case l.id == "" || slices.Contains(p.cfg.pageIDs, l.id):
			// "#" is the top of the page; the page's own ids exist too.
		case p.ids[l.id] == nil:
			p.errorAt(l.off, "link to #%s, but no heading has that id", l.id)
		default:
			if idx == nil {
				idx = p.indexTitles()
			}
			p.checkLinkText(l, idx)
		}
	}
}

// titleIndex finds the headings that a link's text may name.
type titleIndex struct {
	byTitle map[string]*heading          // the first heading of each title, as its words
	byWord  map[string][]*heading        // the headings whose title has a content word
	words   map[*heading]map[string]bool // each heading's content words
	named   map[listTarget]*fragmentLink // the first link of a list that names its target
}

type listTarget struct {
	list ast.Node
	id   string
}

// commonWord is how many titles a word may be in and still help to tell
// which section a text names.
const commonWord = 50

func (p *parse) indexTitles() *titleIndex {
	idx := &titleIndex{
		byTitle: make(map[string]*heading),
		byWord:  make(map[string][]*heading),
		words:   make(map[*heading]map[string]bool),
		named:   make(map[listTarget]*fragmentLink),
	}
	for _, h := range p.heads {
		ws := words(h.title)
		key := strings.Join(ws, " ")
		if idx.byTitle[key] == nil {
			idx.byTitle[key] = h
		}
		idx.words[h] = contentWords(ws)
		for w := range idx.words[h] {
			if len(idx.byWord[w]) <= commonWord {
				idx.byWord[w] = append(idx.byWord[w], h)
			}
		}
	}
	for _, l := range p.links {
		target := p.ids[l.id]
		k := listTarget{l.list, l.id}
		if l.list != nil && target != nil && idx.named[k] == nil && slices.Equal(words(l.text), words(target.title)) {
			idx.named[k] = l
		}
	}
	return idx
}

// checkLinkText warns when the text of l, a link to a heading, names
// another section. The text names a section when it is its title, give or
// take case, punctuation and spacing; a text that is not its target's title
// names another section when
//   - it is the title of another heading,
//   - or it shares more of its words with another heading's title than with
//     its target's, and at least half of them,
//   - or, in a list of links such as a hand-written table of contents,
//     another item links to the same section by its title: of two items of
//     one list for one section, the one that does not name it is meant for
//     another.
func (p *parse) checkLinkText(l *fragmentLink, idx *titleIndex) {
	target := p.ids[l.id]
	text := words(l.text)
	if len(text) == 0 || slices.Equal(text, words(target.title)) {
		return
	}
	line := func(off int) int { n, _ := p.at(off); return n }
	if h := idx.byTitle[strings.Join(text, " ")]; h != nil {
		p.warnAt(l.off, "link text %q is the title of another section, %q (line %d), but the link points at #%s (%q)",
			l.text, h.title, line(h.off), l.id, target.title)
		return
	}
	tw := contentWords(text)
	best, bestScore := (*heading)(nil), similarity(tw, idx.words[target])
	shared := make(map[*heading]int) // how many words of tw each title has
	for w := range tw {
		if len(idx.byWord[w]) > commonWord {
			continue
		}
		for _, h := range idx.byWord[w] {
			shared[h]++
		}
	}
	for h, n := range shared {
		if h == target {
			continue
		}
		s := 2 * float64(n) / float64(len(tw)+len(idx.words[h]))
		// Of two as close, the first in the policy.
		if s >= 0.5 && (s > bestScore || (s == bestScore && best != nil && h.off < best.off)) {
			best, bestScore = h, s
		}
	}
	if best != nil {
		p.warnAt(l.off, "link text %q names the section %q (line %d) rather than #%s (%q), which the link points at",
			l.text, best.title, line(best.off), l.id, target.title)
		return
	}
	if o := idx.named[listTarget{l.list, l.id}]; l.list != nil && o != nil {
		p.warnAt(l.off, "link text %q names another section than #%s (%q), which the link on line %d points at by its title",
			l.text, l.id, target.title, line(o.off))
	}
}

// words returns the words of s, lowercased: runs of letters and digits.
func words(s string) []string {
	return strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsNumber(r)
	})
}

// stopWords carry little of what a title names.
var stopWords = map[string]bool{
	"a": true, "about": true, "an": true, "and": true, "are": true, "as": true, "at": true,
	"be": true, "by": true, "can": true, "do": true, "does": true, "for": true, "from": true,
	"how": true, "in": true, "is": true, "it": true, "its": true, "may": true, "of": true,
	"on": true, "or": true, "our": true, "the": true, "this": true, "to": true, "us": true,
	"we": true, "what": true, "when": true, "where": true, "which": true, "who": true,
	"why": true, "will": true, "with": true, "you": true, "your": true,
}

// similarity is the Dice coefficient of two sets of content words: 1 when
// they are the same, 0 when they share none.
func similarity(sa, sb map[string]bool) float64 {
	if len(sa) == 0 || len(sb) == 0 {
		return 0
	}
	shared := 0
	for w := range sa {
		if sb[w] {
			shared++
		}
	}
	return 2 * float64(shared) / float64(len(sa)+len(sb))
}

// contentWords returns the words of ws that are not stop words, with a
// plural "s" taken off.
func contentWords(ws []string) map[string]bool {
	set := make(map[string]bool)
	for _, w := range ws {
		if stopWords[w] {
			continue
		}
		if len(w) > 3 && strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss") {
			w = w[:len(w)-1]
		}
		set[w] = true
	}
	return set
}
