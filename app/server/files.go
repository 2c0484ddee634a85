//go:build !wasm

package server

import (
	"fmt"
	"net/http"
	"slices"
	"strings"

	"github.com/seqeralabs/policy-widget/app/site"
)

// A File is an answer that the server gives at one path, the same to every
// request: what a static export (package export) writes.
type File struct {
	// Path is the URL path without the site's prefix: "/", "/privacy",
	// "/web/app.wasm", "/api/policies.json".
	Path string

	// Header holds the headers of the answer that a static host does not
	// send on its own: the security headers, Cache-Control and the headers
	// of a kind of answer (embed pages, embed.js, the API); not the
	// Content-Type (ContentType). Each call of Files makes new ones.
	Header http.Header

	a *asset
}

// ContentType returns the Content-Type that the server sends with the file.
func (f File) ContentType() string { return f.a.contentType }

// Body returns the file's bytes, as the server sends them uncompressed.
func (f File) Body() []byte { return f.a.identity.body }

// Compressed reports whether the server sends the file in gzip and brotli
// too: when it is big enough, and of a kind worth compressing.
func (f File) Compressed() bool { return f.a.compress }

// Encoded returns the file in an encoding, "gzip" or "br", the same bytes
// that the server sends: made the first time the server or a caller asks
// for them, then kept (a few compressions at once in the process). Call it
// only for a Compressed file.
func (f File) Encoded(encoding string) []byte { return f.a.form(encoding).body }

// Files returns every answer that the server gives at a fixed path as of
// its day (Day), sorted by path: the pages and feeds, go-app's files,
// robots.txt and sitemap.xml, the not-found page (at site.NotFound), the
// /embed/ pages and embed.js, the files of web/ and the style sheets, the
// API's answers under their .json names, and the pages of versions that
// the site links to, which the server renders on request. It fails when
// the answers of the API are not the same for every reader (see
// Config.CORSOrigins): several origins, or a wildcard.
func (s *Server) Files() ([]File, error) {
	s = s.current()
	cors, err := s.api.cors.staticHeader()
	if err != nil {
		return nil, err
	}
	var files []File
	security := s.securityHeader()
	add := func(p string, a *asset, extra http.Header) {
		h := security.Clone()
		h.Set("Cache-Control", revalidate)
		setHeader(h, extra)
		files = append(files, File{Path: p, Header: h, a: a})
	}
	for p, a := range s.pages {
		add(p, a, nil)
	}
	for p, a := range s.fixed {
		add(p, a, nil)
	}
	// A static host cannot render a page when it is asked for: the pages of
	// versions that the site links to are listed too.
	for _, p := range s.site.LinkedPages() {
		if s.pages[p.Path] != nil {
			continue
		}
		a, err := s.render(p)
		if err != nil {
			return nil, err
		}
		add(p.Path, a, nil)
	}
	add(site.NotFound.Path(), s.notFound, nil)
	for p, a := range s.embed.pages {
		add(p, a, s.embed.header)
	}
	for p, a := range s.embed.files {
		add(p, a, embedScriptHeader)
	}
	for p, a := range s.static {
		add(p, a, nil)
	}
	add(site.APIPolicies.Path()+jsonExt, s.api.list, cors)
	for slug, a := range s.api.details {
		add(site.APIPolicy.Path(slug)+jsonExt, a, cors)
	}
	slices.SortFunc(files, func(a, b File) int { return strings.Compare(a.Path, b.Path) })
	return files, nil
}

// Prefix returns the path the site is served under, such as "/legal", or
// "" at the root (Config.Prefix, or the path of Config.BaseURL).
func (s *Server) Prefix() string { return s.cfg.Prefix }

// staticHeader returns the CORS headers that a static host, which sends
// the same headers to every reader, must send with the API's files: none
// when no origin may read them, and "*" or the one origin that may. A list
// of several origins, or a wildcard such as https://*.example.com, needs a
// server that echoes the reader's origin: that is an error.
func (o origins) staticHeader() (http.Header, error) {
	switch {
	case o.any:
		return corsHeader("*"), nil
	case len(o.list) == 0:
		return nil, nil
	case len(o.list) == 1 && !o.list[0].wildcard:
		return corsHeader(o.list[0].String()), nil
	}
	return nil, fmt.Errorf("CORS origins %s: a static host sends one Access-Control-Allow-Origin to every reader; "+
		"give -cors-origins one origin (no wildcard), '*' or none", strings.TrimPrefix(o.sources(), "'self' "))
}
