//go:build !wasm

package server

import (
	"bytes"
	"fmt"
	"net/http"
	"net/url"
	"path"
	"slices"
	"strings"

	"github.com/seqeralabs/policy-widget/app/policy"
	"github.com/seqeralabs/policy-widget/app/site"
)

// revalidate is the Cache-Control of every answer: everything is
// revalidated (cheaply, by ETag), so a redeploy is seen at once; the
// service worker keeps copies for offline use.
const revalidate = "no-cache"

// routes returns the server's handler: every route of the site
// (site.Routes) with the handler of its kind, and the not-found page at
// any other path. Besides the pages and files it serves the embed
// (/embed.js and the /embed/ pages, see embed.go) and the JSON API (/api/
// and /oembed, see api.go), both precomputed here.
//
// Two ServeMuxes route by method and path: the site's, which answers
// methods other than GET and HEAD with 405, and the API's (api.go), which
// also answers CORS preflights. A third one sends each path to its mux.
// In front of them, canonical cleans the path and removes the prefix, and
// every answer gets the security headers.
func (s *Server) routes() (http.Handler, error) {
	frameAncestors, err := newOrigins(s.cfg.FrameAncestors)
	if err != nil {
		return nil, fmt.Errorf("frame ancestors: %w", err)
	}
	corsOrigins := frameAncestors
	if s.cfg.CORSOrigins != nil {
		if corsOrigins, err = newOrigins(s.cfg.CORSOrigins); err != nil {
			return nil, fmt.Errorf("CORS origins: %w", err)
		}
	}
	// Like the pages, the embed pages and API payloads are rendered once,
	// here: a server that cannot render them does not start.
	embed, err := s.newEmbedder(frameAncestors)
	if err != nil {
		return nil, fmt.Errorf("embed pages: %w", err)
	}
	api, err := s.newAPI(corsOrigins)
	if err != nil {
		return nil, fmt.Errorf("API: %w", err)
	}

	s.embed, s.api = embed, api

	handlers := map[site.Kind]http.Handler{
		site.KindPage:      http.HandlerFunc(s.handlePage),
		site.KindFile:      http.HandlerFunc(s.handlePage),
		site.KindStatic:    http.HandlerFunc(s.handleStatic),
		site.KindEmbed:     http.HandlerFunc(embed.servePage),
		site.KindEmbedFile: http.HandlerFunc(embed.serveFile),
		site.KindHealth:    http.HandlerFunc(handleHealth),
		site.KindAPI:       api.handler(),
	}
	pages := http.NewServeMux() // of GET, and so HEAD
	root := http.NewServeMux()
	root.Handle("/", pages)
	registered := make(map[string]bool)
	handle := func(mux *http.ServeMux, pattern string, h http.Handler) {
		if !registered[pattern] {
			registered[pattern] = true
			mux.Handle(pattern, h)
		}
	}
	handle(pages, "GET /", http.HandlerFunc(s.handlePage)) // any other path: not found
	for _, r := range site.Routes() {
		h, ok := handlers[r.Kind]
		if !ok {
			return nil, fmt.Errorf("route %s: no handler of its kind", r.Pattern)
		}
		folder, bare := servePatterns(r)
		if r.Kind == site.KindAPI {
			// The API's own mux answers every method (api.go).
			handle(root, folder, h)
			if bare != "" {
				handle(root, bare, h)
			}
			continue
		}
		handle(pages, "GET "+folder, h)
		if bare != "" {
			handle(pages, "GET "+bare, http.HandlerFunc(s.handlePage))
		}
	}
	return securityHeaders(s.securityHeader(), s.canonical(root)), nil
}

// servePatterns returns the pattern of http.ServeMux that covers the route
// r (site.Route.ServeMuxPattern) and, when it is a folder such as /web/,
// the folder's path without its slash, which the mux would redirect to the
// folder, outside the path prefix: the server answers it as not found (the
// API in JSON).
func servePatterns(r site.Route) (pattern, bare string) {
	pattern = r.ServeMuxPattern()
	if pattern != "/" && strings.HasSuffix(pattern, "/") {
		bare = strings.TrimSuffix(pattern, "/")
	}
	return pattern, bare
}

// canonical cleans the request's path and removes the site's path prefix
// from it, so that the server works behind a proxy that forwards /legal/…
// as is and behind one that strips /legal. A path that is not clean
// ("//privacy", "/a/../privacy") is redirected to its clean form under the
// prefix, so no redirect ever leaves the prefix; the ServeMuxes behind it
// see clean paths only, and make no redirects of their own.
func (s *Server) canonical(next http.Handler) http.Handler {
	prefix := s.cfg.Prefix
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p := r.URL.EscapedPath()
		if prefix != "" {
			if p == prefix {
				redirect(w, r, prefix+"/")
				return
			}
			if rest, ok := strings.CutPrefix(p, prefix+"/"); ok {
				p = "/" + rest
			}
		}
		if c := cleanPath(p); c != p {
			redirect(w, r, prefix+c)
			return
		}
		if prefix == "" || p == r.URL.EscapedPath() {
			next.ServeHTTP(w, r)
			return
		}
		r2 := new(http.Request)
		*r2 = *r
		r2.URL = new(url.URL)
		*r2.URL = *r.URL
		r2.URL.RawPath = ""
		if unescaped, err := url.PathUnescape(p); err == nil {
			r2.URL.Path = unescaped
			if r2.URL.EscapedPath() != p {
				r2.URL.RawPath = p
			}
		} else {
			r2.URL.Path = p
		}
		next.ServeHTTP(w, r2)
	})
}

// cleanPath returns the canonical form of an escaped path, as
// http.ServeMux computes it: rooted, without empty, "." or ".." elements,
// with its trailing slash kept.
func cleanPath(p string) string {
	if p == "" || p[0] != '/' {
		p = "/" + p
	}
	c := path.Clean(p)
	if strings.HasSuffix(p, "/") && c != "/" {
		c += "/"
	}
	return c
}

// redirect answers with a permanent redirect to target, a path of this
// site, keeping the request's query. target comes from a clean, escaped
// path, so it never starts with "//" or "/\" (another host to a browser).
func redirect(w http.ResponseWriter, r *http.Request, target string) {
	if r.URL.RawQuery != "" {
		target += "?" + r.URL.RawQuery
	}
	http.Redirect(w, r, target, http.StatusMovedPermanently)
}

// handlePage serves a prerendered page, feed or go-app file, robots.txt or
// sitemap.xml, a page of versions rendered on request (see pageCache), or
// the not-found page with status 404.
func (s *Server) handlePage(w http.ResponseWriter, r *http.Request) {
	p := r.URL.Path
	if a := s.page(p); a != nil {
		if slices.Contains(generated, p) && !s.checkBuild(w, r) {
			return
		}
		a.serve(w, r)
		return
	}
	if page, ok := s.site.Page(p); ok {
		a, err := s.onDemand.get(p, func() (*asset, error) { return s.render(page) })
		if err != nil {
			s.cfg.Log.Error("rendering a page on request failed", "path", p, "err", err)
			w.Header().Set("Cache-Control", "no-store")
			http.Error(w, "this page cannot be shown: the server failed to render it", http.StatusInternalServerError)
			return
		}
		a.serve(w, r)
		return
	}
	if trimmed := strings.TrimSuffix(p, "/"); trimmed != p {
		if _, ok := s.site.Page(trimmed); ok || s.page(trimmed) != nil {
			redirect(w, r, s.cfg.Prefix+trimmed)
			return
		}
	}
	s.notFound.serve(w, r)
}

// page returns the answer at the path p that the site holds for every
// reader, prerendered or made once, or nil.
func (s *Server) page(p string) *asset {
	if a, ok := s.pages[p]; ok {
		return a
	}
	return s.fixed[p]
}

// handleStatic serves a file of the web folder.
func (s *Server) handleStatic(w http.ResponseWriter, r *http.Request) {
	a, ok := s.static[r.URL.Path]
	if !ok {
		http.NotFound(w, r)
		return
	}
	if !s.checkBuild(w, r) {
		return
	}
	a.serve(w, r)
}

// checkBuild answers a request for a file of another build, such as
// /web/app.wasm?build=<build> from a page of another deployment during a
// rollout, with 404 and a message naming both builds, and reports false.
// The client embeds the policies: another build's page must never get
// this build's bytes under its own build's URL, where the service worker
// would keep them.
func (s *Server) checkBuild(w http.ResponseWriter, r *http.Request) bool {
	for _, b := range r.URL.Query()[site.BuildParam] {
		if b != s.build {
			w.Header().Set("Cache-Control", "no-store")
			http.Error(w, fmt.Sprintf("%s?%s=%s: this server serves build %s, not %s", r.URL.Path, site.BuildParam, b, s.build, b), http.StatusNotFound)
			return false
		}
	}
	return true
}

// handleHealth answers health checks of load balancers and orchestrators:
// the server is up and has everything it serves in memory.
func handleHealth(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Content-Length", "3")
	if r.Method != http.MethodHead {
		w.Write([]byte("ok\n"))
	}
}

// robots returns robots.txt.
func (s *shared) robots() []byte {
	return fmt.Appendf(nil, "User-agent: *\nAllow: /\n\nSitemap: %s%s\n", s.cfg.BaseURL, site.Sitemap.Path())
}

// sitemap returns sitemap.xml: the index, every policy, its list of
// versions and each version's permanent page, the upcoming one's too.
func (s *Server) sitemap() []byte {
	var b bytes.Buffer
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n")
	b.WriteString(`<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">` + "\n")
	fmt.Fprintf(&b, "  <url><loc>%s/</loc></url>\n", s.cfg.BaseURL)
	for _, d := range s.docs {
		fmt.Fprintf(&b, "  <url><loc>%s%s</loc>", s.cfg.BaseURL, site.Policy.Path(d.Slug))
		if !d.Updated.IsZero() {
			fmt.Fprintf(&b, "<lastmod>%s</lastmod>", d.Version())
		}
		b.WriteString("</url>\n")
		if d.Version() == "" {
			continue // no versions: see ui.Site's versionPages
		}
		// The list of versions, and each version's permanent page; the
		// compare pages repeat the versions' text and are left out.
		fmt.Fprintf(&b, "  <url><loc>%s%s</loc><lastmod>%s</lastmod></url>\n", s.cfg.BaseURL, site.Versions.Path(d.Slug), d.Version())
		versions := d.History()
		if d.Upcoming != nil {
			versions = append([]*policy.Document{d.Upcoming}, versions...)
		}
		for _, v := range versions {
			fmt.Fprintf(&b, "  <url><loc>%s%s</loc><lastmod>%s</lastmod></url>\n", s.cfg.BaseURL, site.Version.Path(d.Slug, v.Version()), v.Version())
		}
	}
	b.WriteString("</urlset>\n")
	return b.Bytes()
}

// contentSecurityPolicy allows only the site's own scripts, styles and
// images, and the pages' inline script and style sheets by their hashes
// (the sources script and styles); 'wasm-unsafe-eval' lets the WebAssembly client
// compile. frameAncestors are the sources of frame-ancestors.
func contentSecurityPolicy(script string, styles []string, frameAncestors string) string {
	return "default-src 'self'; script-src 'self' " + script + " 'wasm-unsafe-eval'; " +
		"style-src 'self' " + strings.Join(styles, " ") + "; img-src 'self' https:; connect-src 'self'; manifest-src 'self'; " +
		"worker-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors " + frameAncestors
}

// permissionsPolicy denies the powerful features that a policy page never
// uses, to the page and to anything it might frame. The clipboard stays
// allowed: the heading tools copy a section's link. Every feature named is
// one Chromium knows: it reports the others as errors in the console.
const permissionsPolicy = "accelerometer=(), autoplay=(), browsing-topics=(), camera=(), " +
	"display-capture=(), encrypted-media=(), fullscreen=(), geolocation=(), gyroscope=(), " +
	"hid=(), idle-detection=(), interest-cohort=(), local-fonts=(), magnetometer=(), " +
	"microphone=(), midi=(), otp-credentials=(), payment=(), picture-in-picture=(), " +
	"publickey-credentials-get=(), screen-wake-lock=(), serial=(), usb=(), " +
	"window-management=(), xr-spatial-tracking=()"

// securityHeader returns the headers that every response carries (the
// /embed/ pages replace the Content-Security-Policy with their own). The
// static export writes them into its _headers file.
func (s *Server) securityHeader() http.Header {
	return http.Header{
		"X-Content-Type-Options":  {"nosniff"},
		"Referrer-Policy":         {"strict-origin-when-cross-origin"},
		"Content-Security-Policy": {contentSecurityPolicy(s.starter.source+" "+s.noClient.source, s.styles.cspSources(), "'self'")},
		"Permissions-Policy":      {permissionsPolicy},
	}
}

// securityHeaders sets the headers of header on every response.
func securityHeaders(header http.Header, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		setHeader(w.Header(), header)
		next.ServeHTTP(w, r)
	})
}

// setHeader sets the headers of from in h, replacing their values. The
// values are shared, clipped to their length, so that an Add to h never
// writes into from.
func setHeader(h, from http.Header) {
	for name, values := range from {
		h[name] = values[:len(values):len(values)]
	}
}
