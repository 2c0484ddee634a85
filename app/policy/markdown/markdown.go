// Package markdown turns a policy's Markdown into a policy.Document: its
// metadata from the YAML front matter, a table of contents, and a sanitised
// body tree, with GitHub-compatible heading ids shared by the headings and
// the TOC. It checks the policy as it goes (Lint), and reports every problem
// with its file, line and column. Load and Lint read a folder of policies
// with their earlier versions (<slug>/<YYYY-MM-DD>.md), and check the
// versions' dates and order as of a day (WithDay); package policy
// documents the model of versions and the rules.
//
// The package knows nothing of go-app or HTTP: the widget's components, the
// server's JSON API and the command-line check all read the same Document.
// What it must know of the pages around a policy, their element ids and
// the site's paths, it is told (WithPageIDs, WithReservedSlugs; WithSite
// for those of the widget's site, package site).
package markdown

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"path"
	"regexp"
	"slices"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"

	"github.com/seqeralabs/policy-widget/app/policy"
	"github.com/seqeralabs/policy-widget/app/site"
)

var md = goldmark.New(
	goldmark.WithExtensions(extension.GFM),
	goldmark.WithParserOptions(parser.WithAttribute()),
)

var slugPattern = regexp.MustCompile(site.SlugPattern)

// Option configures Parse, Load and Lint.
type Option func(*config)

type config struct {
	pageIDs       []string
	reservedSlugs []string
	day           policy.Day // Lint's: the day checked
}

// WithPageIDs names the element ids that the page around a policy uses. A
// heading whose id, automatic or explicit, is one of them is an error; an
// in-document link to one of them is not.
func WithPageIDs(ids ...string) Option {
	return func(c *config) { c.pageIDs = append(c.pageIDs, ids...) }
}

// WithReservedSlugs names the first path segments that the site serves
// itself. A policy whose slug (its file name) is one of them is an error.
func WithReservedSlugs(slugs ...string) Option {
	return func(c *config) { c.reservedSlugs = append(c.reservedSlugs, slugs...) }
}

// WithSite checks the policies for the widget's site: a heading must not
// take an id of its pages (site.IDs), and a policy's slug must not be a
// path of the site (site.ReservedSlugs).
func WithSite() Option {
	return func(c *config) {
		WithPageIDs(site.IDs...)(c)
		WithReservedSlugs(site.ReservedSlugs()...)(c)
	}
}

// WithDay makes Lint and Load check the policies as of day rather than
// today in UTC: which version of a policy is upcoming depends on the day
// (see package policy). Parse does not depend on the day.
func WithDay(day policy.Day) Option {
	return func(c *config) { c.day = day }
}

func newConfig(opts []Option) *config {
	c := &config{}
	for _, o := range opts {
		o(c)
	}
	return c
}

// Parse parses the policy file named file (a base name such as
// "privacy.md") from its contents src, and checks it.
//
// The error, if any, is a *policy.Error that names the file, line and
// column, or several of them joined (errors.Join). Like go/parser, Parse
// returns what it could make of the file along with the error: a document
// whose content (a link, a heading id) has errors is still returned,
// sanitised, while a file it cannot read as a policy (front matter,
// encoding, limits) gives none. Warnings, which do not stop a policy from
// being served, are in the document's Warnings.
func Parse(file string, src []byte, opts ...Option) (*policy.Document, error) {
	doc, errs := newConfig(opts).parse(file, src)
	return doc, joinErrors(errs)
}

// joinErrors returns nil, the one error, or the errors joined.
func joinErrors(errs []*policy.Error) error {
	switch len(errs) {
	case 0:
		return nil
	case 1:
		return errs[0]
	}
	all := make([]error, len(errs))
	for i, e := range errs {
		all[i] = e
	}
	return errors.Join(all...)
}

// parse parses and checks one file: see Parse. The errors are sorted by
// position.
func (c *config) parse(file string, src []byte) (*policy.Document, []*policy.Error) {
	var errs []*policy.Error
	sum := sha256.Sum256(src)
	digest := hex.EncodeToString(sum[:8])
	slug := strings.TrimSuffix(path.Base(file), ".md")
	switch {
	case !slugPattern.MatchString(slug):
		errs = append(errs, errorf(file, 0, 0, "file name must be a slug of lowercase letters, digits and hyphens, such as privacy.md"))
	case slices.Contains(c.reservedSlugs, slug):
		errs = append(errs, errorf(file, 0, 0, "the slug %q is a path the site uses itself (/%s): rename the file", slug, slug))
	}
	fatal := func(e *policy.Error) (*policy.Document, []*policy.Error) {
		return nil, append(errs, e)
	}
	if len(src) > MaxSize {
		return fatal(errorf(file, 0, 0, "%s", tooLargeMsg(int64(len(src)))))
	}
	// Some editors start UTF-8 files with a byte order mark.
	src = bytes.TrimPrefix(src, []byte("\ufeff"))
	if !utf8.Valid(src) {
		line, col := invalidUTF8(src)
		return fatal(errorf(file, line, col, "invalid UTF-8: save the file as UTF-8"))
	}
	// CommonMark replaces NUL with U+FFFD, and takes CR LF and a lone CR
	// for line endings, as browsers do: a page cannot hold either, so
	// neither does the model (both found by FuzzPrerender).
	src = bytes.ReplaceAll(src, []byte{0}, []byte("\uFFFD"))
	src = bytes.ReplaceAll(src, []byte("\r\n"), []byte("\n"))
	src = bytes.ReplaceAll(src, []byte("\r"), []byte("\n"))
	front, body, bodyLine, err := splitFrontMatter(file, src)
	if err != nil {
		return fatal(err)
	}
	meta, err := parseMeta(file, front)
	if err != nil {
		return fatal(err)
	}
	if len(bytes.TrimSpace(body)) == 0 {
		return fatal(errorf(file, bodyLine, 1, "the policy has no text after its front matter"))
	}
	p := newParse(file, body, bodyLine, c)
	if off := deepNesting(body, MaxDepth); off >= 0 {
		line, col := p.at(off)
		return fatal(errorf(file, line, col, tooDeepMsg, MaxDepth))
	}

	doc := &policy.Document{Slug: slug, File: file, Digest: digest, Meta: meta, Heading: meta.Title}
	root := md.Parser().Parse(text.NewReader(body))
	p.headings(root, doc)
	doc.Body = p.body(root)
	if len(doc.Body) == 0 {
		p.errorAt(0, "the policy has no text besides its title")
	}
	p.checkLinks()
	doc.Warnings = capErrors(sortErrors(p.warns), "warnings")
	return doc, capErrors(append(errs, sortErrors(p.errs)...), "errors")
}

// maxReported is how many errors, and how many warnings, a file reports.
// A file with many more, such as one generated by a program gone wrong,
// would otherwise print megabytes.
const maxReported = 100

// capErrors keeps the first maxReported of errs, and says how many more
// there are from the next one's position on.
func capErrors(errs []*policy.Error, what string) []*policy.Error {
	if len(errs) <= maxReported {
		return errs
	}
	next := errs[maxReported]
	more := errorf(next.File, next.Line, next.Col, "%d more %s from here on, not shown", len(errs)-maxReported, what)
	return append(errs[:maxReported:maxReported], more)
}

// sortErrors sorts errors by position, stably.
func sortErrors(errs []*policy.Error) []*policy.Error {
	slices.SortStableFunc(errs, func(a, b *policy.Error) int {
		if a.Line != b.Line {
			return a.Line - b.Line
		}
		return a.Col - b.Col
	})
	return errs
}

// parse holds the state of one Parse of a body.
type parse struct {
	file       string
	cfg        *config
	src        []byte               // the body, without the front matter
	firstLine  int                  // the file's line on which src starts
	lineStarts []int                // the offset in src of each of its lines
	lineRunes  map[int][]checkpoint // of long lines: see at

	heads  []*heading
	byNode map[ast.Node]*heading
	ids    map[string]*heading // the first heading of each id
	links  []*fragmentLink

	errs, warns []*policy.Error
	quiet       int // when > 0, converting records no links and reports nothing

	depth   int  // the nesting of the node being converted: see enter
	tooDeep bool // reported once

	// textValue's buffers, kept for the whole parse: a bufio.Writer per
	// text node cost 4 KB each.
	textBuf bytes.Buffer
	textOut *bufio.Writer
}

func newParse(file string, src []byte, firstLine int, cfg *config) *parse {
	p := &parse{file: file, cfg: cfg, src: src, firstLine: firstLine, lineStarts: []int{0}}
	for i, c := range src {
		if c == '\n' {
			p.lineStarts = append(p.lineStarts, i+1)
		}
	}
	return p
}

// heading is a heading of the body, as the checks see it.
type heading struct {
	id, title string
	off       int // the heading's offset in the body
	idOff     int // the offset of its explicit {#id}, or -1
	level     int // on the page
}

// fragmentLink is an in-document link, "#id".
type fragmentLink struct {
	id   string
	text string // what the reader sees of the link
	off  int
	list ast.Node // the list whose item the link is in, or nil
}

// at returns the file's line and column (in characters) of byte offset
// off of the body.
func (p *parse) at(off int) (line, col int) {
	off = max(0, min(off, len(p.src)))
	i := sort.Search(len(p.lineStarts), func(i int) bool { return p.lineStarts[i] > off }) - 1
	from, runes := p.lineStarts[i], 0
	if off-from > runeStep {
		// A long line: count from the checkpoint before off.
		cps := p.checkpoints(i)
		k := sort.Search(len(cps), func(k int) bool { return cps[k].off > off }) - 1
		from, runes = cps[k].off, cps[k].runes
	}
	return p.firstLine + i, runes + utf8.RuneCount(p.src[from:off]) + 1
}

// runeStep is the distance in bytes between the checkpoints of a long line.
const runeStep = 4096

// checkpoint is a place on a long line: an offset at the start of a
// character, and how many characters come before it on the line.
type checkpoint struct{ off, runes int }

// checkpoints returns a checkpoint about every runeStep bytes of line i, so
// that finding a column on a long line takes a bounded time.
func (p *parse) checkpoints(i int) []checkpoint {
	if cps, ok := p.lineRunes[i]; ok {
		return cps
	}
	if p.lineRunes == nil {
		p.lineRunes = make(map[int][]checkpoint)
	}
	end := len(p.src)
	if i+1 < len(p.lineStarts) {
		end = p.lineStarts[i+1]
	}
	cps := []checkpoint{{off: p.lineStarts[i]}}
	for {
		last := cps[len(cps)-1]
		next := last.off + runeStep
		for next < end && !utf8.RuneStart(p.src[next]) {
			next++
		}
		if next >= end {
			break
		}
		cps = append(cps, checkpoint{next, last.runes + utf8.RuneCount(p.src[last.off:next])})
	}
	p.lineRunes[i] = cps
	return cps
}

// errorAt records an error at offset off of the body.
func (p *parse) errorAt(off int, format string, args ...any) {
	if p.quiet == 0 {
		line, col := p.at(off)
		p.errs = append(p.errs, errorf(p.file, line, col, format, args...))
	}
}

// warnAt records a warning at offset off of the body.
func (p *parse) warnAt(off int, format string, args ...any) {
	if p.quiet == 0 {
		line, col := p.at(off)
		p.warns = append(p.warns, errorf(p.file, line, col, format, args...))
	}
}

// offset returns the offset in the body at which n starts.
func (p *parse) offset(n ast.Node) int {
	for c := n; c != nil; c = c.Parent() {
		if pos := c.Pos(); pos >= 0 {
			return pos
		}
		if c.Type() == ast.TypeBlock && c.Lines().Len() > 0 {
			return c.Lines().At(0).Start
		}
		if t, ok := c.(*ast.Text); ok {
			return t.Segment.Start
		}
	}
	return 0
}

// enter counts one more level of nesting for n, a list item, a quote or
// an inline element, and reports false when that is one too many: the
// caller then converts nothing of n. leave undoes it.
func (p *parse) enter(n ast.Node) bool {
	if p.depth >= MaxDepth {
		p.tooDeepAt(p.offset(n))
		return false
	}
	p.depth++
	return true
}

func (p *parse) leave() { p.depth-- }

// tooDeepAt reports, once, that the nesting goes past MaxDepth at offset
// off of the body.
func (p *parse) tooDeepAt(off int) {
	if p.quiet == 0 && !p.tooDeep {
		p.tooDeep = true
		p.errorAt(off, tooDeepMsg, MaxDepth)
	}
}

// headings gives every heading, at the top level or nested in a list or a
// quote, its id and its level on the page, removes a leading h1 that repeats
// the title, collects the TOC, and reports ids that are used twice or that
// the page uses.
func (p *parse) headings(root ast.Node, doc *policy.Document) {
	var hs []*ast.Heading
	_ = ast.Walk(root, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		if h, ok := n.(*ast.Heading); ok {
			hs = append(hs, h)
			return ast.WalkSkipChildren, nil
		}
		if n.Type() == ast.TypeInline {
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	if len(hs) > 0 && hs[0] == root.FirstChild() && hs[0].Level == 1 &&
		strings.EqualFold(strings.TrimSpace(p.text(hs[0])), strings.TrimSpace(doc.Title)) {
		doc.Heading = strings.TrimSpace(p.text(hs[0]))
		root.RemoveChild(root, hs[0])
		hs = hs[1:]
	}

	// Close up the levels: the page's h1 is the title, and each heading is
	// one level below the nearest heading before it that is shallower in the
	// source (h2 when there is none), so no level is skipped and a heading
	// never ends up deeper than one the source puts above it.
	type level struct{ src, page int }
	var open []level
	var toc tocBuilder
	auto := newIDs()
	p.ids = make(map[string]*heading)
	p.byNode = make(map[ast.Node]*heading)
	for _, h := range hs {
		for len(open) > 0 && open[len(open)-1].src >= h.Level {
			open = open[:len(open)-1]
		}
		page := 2
		if len(open) > 0 {
			page = min(open[len(open)-1].page+1, 6)
		}
		open = append(open, level{src: h.Level, page: page})
		h.Level = page

		hd := &heading{title: strings.TrimSpace(p.text(h)), off: p.offset(h), idOff: -1, level: page}
		if v, ok := h.AttributeString("id"); ok {
			hd.id = stringOf(v)
			hd.idOff = p.explicitIDOffset(hd)
			if !validID(hd.id) {
				p.errorAt(hd.idOff, "heading id %q must be letters, digits, \"-\" or \"_\"", hd.id)
			}
		} else {
			// Automatic ids are numbered among themselves, as on GitHub.
			hd.id = auto.unique(Slug(hd.title))
		}
		h.SetAttributeString("id", []byte(hd.id))
		p.heads = append(p.heads, hd)
		p.byNode[h] = hd
		if h.Level <= doc.TOCDepth+1 {
			toc.add(&policy.TOCEntry{ID: hd.id, Title: hd.title, Level: h.Level})
		}
	}
	doc.TOC = toc.roots

	for _, hd := range p.heads {
		line, _ := p.at(hd.off)
		switch first := p.ids[hd.id]; {
		case slices.Contains(p.cfg.pageIDs, hd.id) && hd.idOff >= 0:
			p.errorAt(hd.idOff, "heading id %q is used by the page itself: choose another", hd.id)
		case slices.Contains(p.cfg.pageIDs, hd.id):
			p.errorAt(hd.off, "heading %q has the id %q, which the page uses itself: give it another with {#…}", hd.title, hd.id)
		case first == nil:
			p.ids[hd.id] = hd
		case hd.idOff >= 0 && first.idOff >= 0:
			firstLine, _ := p.at(first.off)
			p.errorAt(hd.idOff, "heading id %q is already used on line %d", hd.id, firstLine)
		case hd.idOff >= 0:
			firstLine, _ := p.at(first.off)
			p.errorAt(hd.idOff, "heading id %q is already the automatic id of the heading %q on line %d: choose another", hd.id, first.title, firstLine)
		default:
			p.errorAt(first.idOff, "heading id %q is also the automatic id of the heading %q on line %d: choose another", hd.id, hd.title, line)
		}
	}
}

// explicitIDOffset returns the offset of a heading's "{#id}", or of the
// heading when it cannot be found.
func (p *parse) explicitIDOffset(hd *heading) int {
	line, _ := p.at(hd.off)
	start := p.lineStarts[line-p.firstLine]
	end := len(p.src)
	if line-p.firstLine+1 < len(p.lineStarts) {
		end = p.lineStarts[line-p.firstLine+1]
	}
	if i := bytes.LastIndex(p.src[start:end], []byte("#"+hd.id)); i >= 0 {
		if i > 0 && p.src[start+i-1] == '{' {
			i--
		}
		return start + i
	}
	return hd.off
}

func stringOf(v any) string {
	if b, ok := v.([]byte); ok {
		return string(b)
	}
	return fmt.Sprint(v)
}

var idPattern = regexp.MustCompile(`^[\pL\pN_-]+$`)

func validID(id string) bool { return idPattern.MatchString(id) }

// tocBuilder nests entries by level, whatever levels are skipped.
type tocBuilder struct {
	roots []*policy.TOCEntry
	open  []*policy.TOCEntry // the path from a root to the last entry
}

func (b *tocBuilder) add(e *policy.TOCEntry) {
	for len(b.open) > 0 && b.open[len(b.open)-1].Level >= e.Level {
		b.open = b.open[:len(b.open)-1]
	}
	if len(b.open) == 0 {
		b.roots = append(b.roots, e)
	} else {
		parent := b.open[len(b.open)-1]
		parent.Children = append(parent.Children, e)
	}
	b.open = append(b.open, e)
}

// body converts the top-level blocks, and warns of empty sections: a
// heading followed by another of the same or a higher level, or by the
// end, with nothing in between that shows on the page.
func (p *parse) body(root ast.Node) []*policy.Node {
	var out []*policy.Node
	var open *ast.Heading // the last heading with nothing after it yet
	empty := func(next string) {
		hd := p.headingOf(open)
		p.warnAt(hd.off, "the section %q is empty: %s follows its heading", hd.title, next)
	}
	for c := root.FirstChild(); c != nil; c = c.NextSibling() {
		nodes := p.block(c)
		if blank(nodes) {
			continue
		}
		out = append(out, nodes...)
		if h, ok := c.(*ast.Heading); ok {
			if open != nil && h.Level <= open.Level {
				empty(fmt.Sprintf("the heading %q", p.headingOf(h).title))
			}
			open = h
		} else {
			open = nil
		}
	}
	if open != nil {
		empty("the end of the policy")
	}
	return out
}

func (p *parse) headingOf(h ast.Node) *heading {
	if hd := p.byNode[h]; hd != nil {
		return hd
	}
	return &heading{off: p.offset(h)}
}

func invalidUTF8(src []byte) (line, col int) {
	line, col = 1, 1
	for i := 0; i < len(src); {
		r, size := utf8.DecodeRune(src[i:])
		if r == utf8.RuneError && size <= 1 {
			return line, col
		}
		if r == '\n' {
			line, col = line+1, 1
		} else {
			col++
		}
		i += size
	}
	return line, col
}
