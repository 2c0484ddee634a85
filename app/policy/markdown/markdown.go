// Package markdown turns a policy's Markdown into a policy.Document: its
// metadata from the YAML front matter, a table of contents, and a sanitised
// body tree, with GitHub-compatible heading ids shared by the headings and
// the TOC.
//
// The package knows nothing of go-app or HTTP: the widget's components, the
// server's JSON API and the command-line check all read the same Document.
package markdown

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"github.com/seqeralabs/policy-widget/app/policy"
	"io/fs"
	"path"
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
)

var md = goldmark.New(
	goldmark.WithExtensions(extension.GFM),
	goldmark.WithParserOptions(parser.WithAttribute()),
)

var slugPattern = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

// Parse parses the policy file named file (a base name such as
// "privacy.md") from its contents src. The error, if any, is an *Error that
// names the file and line.
func Parse(file string, src []byte) (*policy.Document, error) {
	slug := strings.TrimSuffix(path.Base(file), ".md")
	if !slugPattern.MatchString(slug) {
		return nil, errorf(file, 0, "file name must be a slug of lowercase letters, digits and hyphens, such as privacy.md")
	}
	// Some editors start UTF-8 files with a byte order mark.
	src = bytes.TrimPrefix(src, []byte("\ufeff"))
	if !utf8.Valid(src) {
		return nil, errorf(file, invalidUTF8Line(src), "invalid UTF-8: save the file as UTF-8")
	}
	front, body, bodyLine, err := splitFrontMatter(file, src)
	if err != nil {
		return nil, err
	}
	meta, err := parseMeta(file, front)
	if err != nil {
		return nil, err
	}
	if len(bytes.TrimSpace(body)) == 0 {
		return nil, errorf(file, bodyLine, "the policy has no text after its front matter")
	}
	p := &parse{file: file, src: body, firstLine: bodyLine}
	doc := &policy.Document{Slug: slug, File: file, Meta: meta, Heading: meta.Title}
	root := md.Parser().Parse(text.NewReader(body))
	if err := p.headings(root, doc); err != nil {
		return nil, err
	}
	doc.Body = p.blocks(root)
	doc.Warnings = p.checkFragments()
	if len(doc.Body) == 0 {
		return nil, errorf(file, bodyLine, "the policy has no text besides its title")
	}
	return doc, nil
}

// parse holds the state of one Parse.
type parse struct {
	file      string
	src       []byte // the body, without the front matter
	firstLine int    // the file's line on which src starts
	ids       map[string]bool
	fragments []fragmentLink

	// textValue's buffers, kept for the whole parse: a bufio.Writer per
	// text node cost 4 KB each.
	textBuf bytes.Buffer
	textOut *bufio.Writer
}

type fragmentLink struct {
	id   string
	line int
}

// line returns the file's line of byte offset off in p.src.
func (p *parse) line(off int) int {
	return p.firstLine + bytes.Count(p.src[:min(off, len(p.src))], []byte("\n"))
}

// nodeLine returns the file's line on which block n starts, or 0.
func (p *parse) nodeLine(n ast.Node) int {
	for ; n != nil; n = n.FirstChild() {
		if n.Type() == ast.TypeBlock && n.Lines().Len() > 0 {
			seg := n.Lines().At(0)
			return p.line(seg.Start)
		}
		if t, ok := n.(*ast.Text); ok {
			return p.line(t.Segment.Start)
		}
	}
	return 0
}

// headings gives every heading, at the top level or nested in a list or a
// quote, its id and its level on the page, removes a leading h1 that repeats
// the title, and collects the TOC.
func (p *parse) headings(root ast.Node, doc *policy.Document) error {
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

	// Explicit {#id}s first, so that automatic ids never take them.
	ids := newIDs(policy.ReservedIDs...)
	explicit := make(map[string]int)
	for _, h := range hs {
		v, ok := h.AttributeString("id")
		if !ok {
			continue
		}
		id := fmt.Sprint(stringOf(v))
		line := p.nodeLine(h)
		switch {
		case !validID(id):
			return errorf(p.file, line, "heading id %q must be letters, digits, \"-\" or \"_\"", id)
		case slices.Contains(policy.ReservedIDs, id):
			return errorf(p.file, line, "heading id %q is used by the page itself: choose another", id)
		case explicit[id] != 0:
			return errorf(p.file, line, "heading id %q is already used on line %d", id, explicit[id])
		}
		explicit[id] = line
		ids.Put([]byte(id))
	}

	// Close up the levels: the page's h1 is the title, and each heading is
	// one level below the nearest heading before it that is shallower in the
	// source (h2 when there is none), so no level is skipped and a heading
	// never ends up deeper than one the source puts above it.
	type level struct{ src, page int }
	var open []level
	p.ids = make(map[string]bool)
	var toc tocBuilder
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

		text := strings.TrimSpace(p.text(h))
		id := ""
		if v, ok := h.AttributeString("id"); ok {
			id = fmt.Sprint(stringOf(v))
		} else {
			id = ids.unique(Slug(text))
		}
		h.SetAttributeString("id", []byte(id))
		p.ids[id] = true
		if h.Level <= doc.TOCDepth+1 {
			toc.add(&policy.TOCEntry{ID: id, Title: text, Level: h.Level})
		}
	}
	doc.TOC = toc.roots
	return nil
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

// checkFragments warns of links to "#id" where no heading has that id.
func (p *parse) checkFragments() []*policy.Error {
	var warns []*policy.Error
	for _, f := range p.fragments {
		if !p.ids[f.id] {
			warns = append(warns, errorf(p.file, f.line, "link to #%s, but no heading has that id", f.id))
		}
	}
	return warns
}

func invalidUTF8Line(src []byte) int {
	line := 1
	for i := 0; i < len(src); {
		r, size := utf8.DecodeRune(src[i:])
		if r == utf8.RuneError && size <= 1 {
			return line
		}
		if r == '\n' {
			line++
		}
		i += size
	}
	return line
}

// Load parses every *.md file at the top of fsys, sorted by slug. It reports
// every broken file, not only the first.
func Load(fsys fs.FS) ([]*policy.Document, error) {
	names, err := fs.Glob(fsys, "*.md")
	if err != nil {
		return nil, err
	}
	if len(names) == 0 {
		return nil, errors.New("no policies: no *.md file found")
	}
	slices.Sort(names)
	var docs []*policy.Document
	var errs []error
	for _, name := range names {
		src, err := fs.ReadFile(fsys, name)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		doc, err := Parse(name, src)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		versions, verrs := loadVersions(fsys, doc)
		errs = append(errs, verrs...)
		doc.Versions = versions
		docs = append(docs, doc)
	}
	errs = append(errs, orphanVersions(fsys, docs)...)
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return docs, nil
}
