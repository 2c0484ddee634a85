//go:build !wasm

package server

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/seqeralabs/policy-widget/app/site"
)

// The embed: web/embed.js, served at /embed.js for host pages, defines the
// <policy-widget> element, which shows a frame of /embed/<slug>, the policy
// without the site around it. The /embed/ pages carry web/frame.js, which
// sizes the frame, follows the host's theme and hands section navigation to
// the host page, and may be framed by the origins of Config.FrameAncestors;
// every other page only by the site itself. The element's TypeScript
// declarations and Custom Elements Manifest (generated from
// web/element.go) are served next to the script.

// embedRobots is the X-Robots-Tag of the /embed/ pages: the policy's own
// page is the one to index (their canonical link names it), but a page
// that frames the policy may be indexed with its text.
const embedRobots = "noindex, indexifembedded"

// frameScript is the file of web/ that the server puts first in the head
// of every /embed/ page.
const frameScript = "frame.js"

// embedder serves the /embed/ pages and /embed.js.
type embedder struct {
	pages    map[string]*asset // by URL path: "/embed/privacy"
	notFound *asset
	files    map[string]*asset // by path: the routes of site.KindEmbedFile
	header   http.Header       // of the /embed/ pages: their own CSP, and noindex
	prefix   string            // Config.Prefix, for redirects
}

// embedScriptHeader holds the headers of the files that host pages and
// their tools read at the site's root (the routes of site.KindEmbedFile:
// embed.js, its types and its Custom Elements Manifest), besides those of
// every response: host pages of any origin may load them, even those that
// require Cross-Origin-Resource-Policy (COEP).
var embedScriptHeader = http.Header{"Cross-Origin-Resource-Policy": {"cross-origin"}}

// newEmbedder serves the /embed/ page of every policy, prerendered with the
// full pages (see prerender).
func (s *Server) newEmbedder(frameAncestors origins) (*embedder, error) {
	e := &embedder{
		pages:    make(map[string]*asset),
		notFound: s.notFound,
		files:    make(map[string]*asset),
		header: http.Header{
			"Content-Security-Policy": {contentSecurityPolicy(s.starter.source, s.styles.cspSources(), frameAncestors.sources())},
			"X-Robots-Tag":            {embedRobots},
		},
		prefix: s.cfg.Prefix,
	}
	// The files of web/ of the same names.
	for _, r := range site.Routes() {
		if r.Kind != site.KindEmbedFile {
			continue
		}
		p := r.Path()
		if e.files[p] = s.static[site.Web.Path(strings.TrimPrefix(p, "/"))]; e.files[p] == nil {
			return nil, fmt.Errorf("web%s is missing", p)
		}
	}
	for _, d := range s.docs {
		path := site.Embed.Path(d.Slug)
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

// serveFile serves a file of embed.js's (site.KindEmbedFile) to host pages
// of any origin.
func (e *embedder) serveFile(w http.ResponseWriter, r *http.Request) {
	a := e.files[r.URL.Path]
	if a == nil {
		http.NotFound(w, r)
		return
	}
	setHeader(w.Header(), embedScriptHeader)
	a.serve(w, r)
}
