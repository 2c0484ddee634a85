//go:build !wasm

package server

import (
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/seqeralabs/policy-widget/app/ui"
)

// The embed: web/embed.js, served at /embed.js for host pages, inserts a
// frame of /embed/<slug>, the policy without the site around it. The
// /embed/ pages carry web/frame.js, which sizes the frame and hands section
// navigation to the host page, and may be framed by the origins of
// Config.FrameAncestors; every other page only by the site itself.

// embedScript is the path of the host pages' script, besides /web/embed.js.
const embedScript = "/embed.js"

// frameScript is the script that the server puts first in the head of
// every /embed/ page.
const frameScript = "/web/frame.js"

// embedder serves the /embed/ pages and /embed.js.
type embedder struct {
	pages    map[string]*asset // by URL path: "/embed/privacy"
	notFound *asset
	script   *asset
	header   http.Header // of the /embed/ pages: their own CSP, and noindex
	prefix   string      // Config.Prefix, for redirects
}

// embedScriptHeader holds the headers of /embed.js besides those of every
// response: host pages of any origin may load it, even those that require
// Cross-Origin-Resource-Policy (COEP).
var embedScriptHeader = http.Header{"Cross-Origin-Resource-Policy": {"cross-origin"}}

// newEmbedder serves the /embed/ page of every policy, prerendered with the
// full pages (see prerender).
func (s *Server) newEmbedder(frameAncestors origins) (*embedder, error) {
	e := &embedder{
		pages:    make(map[string]*asset),
		notFound: s.notFound,
		script:   s.static["/web/embed.js"],
		header: http.Header{
			"Content-Security-Policy": {contentSecurityPolicy(s.starter.source, s.styles.cspSources(), frameAncestors.sources())},
			// The same text as the policy's own page: keep it out of
			// search results.
			"X-Robots-Tag": {"noindex"},
		},
		prefix: s.cfg.Prefix,
	}
	if e.script == nil {
		return nil, errors.New("web/embed.js is missing")
	}
	for _, d := range s.docs {
		path := ui.EmbedPath(d.Slug)
		if e.pages[path] = s.embedPages[path]; e.pages[path] == nil {
			return nil, fmt.Errorf("no prerendered page %s", path)
		}
	}
	return e, nil
}

// servePage serves /embed/<slug>, whatever its query: web/frame.js applies
// ?toc and ?theme. An unknown slug gets the not-found page, framed like the
// others so that the host shows it rather than an error.
func (e *embedder) servePage(w http.ResponseWriter, r *http.Request) {
	setHeader(w.Header(), e.header)
	if p := strings.TrimSuffix(r.URL.Path, "/"); p != r.URL.Path && e.pages[p] != nil {
		redirect(w, r, e.prefix+p)
		return
	}
	if a, ok := e.pages[r.URL.Path]; ok {
		a.serve(w, r)
		return
	}
	e.notFound.serve(w, r)
}

// serveScript serves embed.js to host pages of any origin.
func (e *embedder) serveScript(w http.ResponseWriter, r *http.Request) {
	if e.script == nil {
		http.NotFound(w, r)
		return
	}
	setHeader(w.Header(), embedScriptHeader)
	e.script.serve(w, r)
}
