//go:build !wasm

package server

import (
	"errors"
	"fmt"
	"net/http"
	"regexp"
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
	csp      string // the Content-Security-Policy of the /embed/ pages
	err      error  // why the pages could not be rendered, if they could not
}

// newEmbedder serves the /embed/ page of every policy, prerendered with the
// full pages (see prerender).
func (s *Server) newEmbedder(frameAncestors []string) (e *embedder) {
	e = &embedder{
		pages:    make(map[string]*asset),
		notFound: s.notFound,
		script:   s.static["/web/embed.js"],
		csp:      embedCSP(frameAncestors),
	}
	defer func() {
		if r := recover(); r != nil {
			e.err = fmt.Errorf("rendering the /embed/ pages: %v", r)
		}
	}()
	if e.script == nil {
		e.err = errors.New("web/embed.js is missing")
		return e
	}
	for _, d := range s.docs {
		path := ui.EmbedPath(d.Slug)
		if e.pages[path] = s.embedPages[path]; e.pages[path] == nil {
			e.err = fmt.Errorf("no prerendered page %s", path)
			return e
		}
	}
	return e
}

// servePage serves /embed/<slug>, whatever its query: web/frame.js applies
// ?toc and ?theme. An unknown slug gets the not-found page, framed like the
// others so that the host shows it rather than an error.
func (e *embedder) servePage(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Content-Security-Policy", e.csp)
	// The same text as the policy's own page: keep it out of search results.
	h.Set("X-Robots-Tag", "noindex")
	if p := strings.TrimSuffix(r.URL.Path, "/"); p != r.URL.Path && e.pages[p] != nil {
		target := p
		if r.URL.RawQuery != "" {
			target += "?" + r.URL.RawQuery
		}
		http.Redirect(w, r, target, http.StatusMovedPermanently)
		return
	}
	if a, ok := e.pages[r.URL.Path]; ok {
		a.serve(w, r, revalidate)
		return
	}
	e.notFound.serve(w, r, revalidate)
}

// serveScript serves embed.js to host pages of any origin, even those that
// require Cross-Origin-Resource-Policy (COEP).
func (e *embedder) serveScript(w http.ResponseWriter, r *http.Request) {
	if e.script == nil {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Cross-Origin-Resource-Policy", "cross-origin")
	e.script.serve(w, r, revalidate)
}

// embedCSP is the Content-Security-Policy of the /embed/ pages: the site's,
// with the frame ancestors allowed.
func embedCSP(frameAncestors []string) string {
	sources := append([]string{"'self'"}, frameAncestors...)
	for _, o := range frameAncestors {
		if o == "*" {
			sources = []string{"*"}
			break
		}
	}
	return strings.Replace(contentSecurityPolicy, "frame-ancestors 'self'", "frame-ancestors "+strings.Join(sources, " "), 1)
}

// originPattern matches what ParseOrigins accepts: a scheme and a host
// (whose first label may be "*"), with an optional port.
var originPattern = regexp.MustCompile(`^https?://(\*\.)?([a-z0-9]([a-z0-9-]*[a-z0-9])?\.)*[a-z0-9]([a-z0-9-]*[a-z0-9])?(:[0-9]{1,5})?$|^https?://\[[0-9a-f:.]+\](:[0-9]{1,5})?$`)

// ParseOrigins parses a list of origins separated by spaces or commas, as
// given to -frame-ancestors and -cors-origins: "https://app.example.com",
// "http://127.0.0.1:8080", "https://*.example.com" (any subdomain), or "*"
// (any origin). An empty list gives nil, and "none" (or "'none'") an empty
// list that allows no origin.
func ParseOrigins(list string) ([]string, error) {
	fields := strings.FieldsFunc(list, func(r rune) bool { return r == ',' || r == ' ' || r == '\t' || r == '\n' })
	if len(fields) == 0 {
		return nil, nil
	}
	if len(fields) == 1 && (fields[0] == "'none'" || fields[0] == "none") {
		return []string{}, nil
	}
	var origins []string
	for _, f := range fields {
		o := strings.TrimSuffix(strings.ToLower(f), "/")
		if o != "*" && !originPattern.MatchString(o) {
			return nil, fmt.Errorf("%q is not an origin such as https://app.example.com (a scheme, a host and an optional port, nothing else)", f)
		}
		origins = append(origins, o)
	}
	return origins, nil
}

// validOrigins keeps the entries of list that ParseOrigins accepts, and
// reports the others.
func validOrigins(list []string) (valid []string, bad []string) {
	if list == nil {
		return nil, nil
	}
	valid = []string{}
	for _, o := range list {
		if o == "'none'" || o == "none" {
			continue
		}
		p, err := ParseOrigins(o)
		if err != nil || len(p) != 1 {
			bad = append(bad, o)
			continue
		}
		valid = append(valid, p[0])
	}
	return valid, bad
}
