//go:build !wasm

package server

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
)

// Cache-Control values: everything is revalidated (cheaply, by ETag), so a
// redeploy is seen at once; the service worker keeps copies for offline use.
const (
	revalidate = "no-cache"
	// immutable is for files whose URL names their content, such as the
	// style sheets: a new content gets a new URL.
	immutable = "public, max-age=31536000, immutable"
)

// routes returns the server's handler. Besides the pages and files it
// serves the embed (/embed.js and the /embed/ pages, see embed.go) and the
// JSON API (/api/ and /oembed, see api.go), both precomputed here.
func (s *Server) routes() (http.Handler, error) {
	frameAncestors, bad := validOrigins(s.cfg.FrameAncestors)
	if len(bad) > 0 {
		return nil, fmt.Errorf("frame ancestors %q are not origins such as https://app.example.com", bad)
	}
	corsOrigins := frameAncestors
	if s.cfg.CORSOrigins != nil {
		if corsOrigins, bad = validOrigins(s.cfg.CORSOrigins); len(bad) > 0 {
			return nil, fmt.Errorf("CORS origins %q are not origins such as https://app.example.com", bad)
		}
	}
	// Like the pages, the embed pages and API payloads are rendered once,
	// here: a server that cannot render them does not start.
	embed := s.newEmbedder(frameAncestors)
	if embed.err != nil {
		return nil, fmt.Errorf("embed pages: %w", embed.err)
	}
	api := s.newAPI(newCORS(corsOrigins))
	if api.err != nil {
		return nil, fmt.Errorf("API: %w", api.err)
	}

	mux := http.NewServeMux()
	mux.HandleFunc("GET /robots.txt", s.handleRobots)
	mux.HandleFunc("GET /sitemap.xml", s.handleSitemap)
	mux.HandleFunc("GET /web/", s.handleStatic)
	mux.HandleFunc("GET "+embedScript, embed.serveScript)
	mux.HandleFunc("GET /embed/", embed.servePage)
	mux.HandleFunc("GET /", s.handlePage)
	// The API answers every method itself (CORS preflights, JSON errors).
	root := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if isAPIPath(r.URL.Path) {
			api.ServeHTTP(w, r)
			return
		}
		mux.ServeHTTP(w, r)
	})
	return securityHeaders(s.cfg.Prefix, stripPrefix(s.cfg.Prefix, root)), nil
}

// stripPrefix removes the site's path prefix from requests that carry it,
// so that the server works behind a proxy that forwards /legal/… as is and
// behind one that strips /legal.
func stripPrefix(prefix string, next http.Handler) http.Handler {
	if prefix == "" {
		return next
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == prefix {
			http.Redirect(w, r, prefix+"/", http.StatusMovedPermanently)
			return
		}
		if p, ok := strings.CutPrefix(r.URL.Path, prefix+"/"); ok {
			r2 := new(http.Request)
			*r2 = *r
			r2.URL = new(url.URL)
			*r2.URL = *r.URL
			r2.URL.Path = "/" + p
			r2.URL.RawPath = ""
			next.ServeHTTP(w, r2)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// handlePage serves a prerendered page or go-app file, or the not-found
// page with status 404.
func (s *Server) handlePage(w http.ResponseWriter, r *http.Request) {
	if a, ok := s.pages[r.URL.Path]; ok {
		a.serve(w, r, revalidate)
		return
	}
	if p := strings.TrimSuffix(r.URL.Path, "/"); p != r.URL.Path && s.pages[p] != nil {
		http.Redirect(w, r, p, http.StatusMovedPermanently)
		return
	}
	s.notFound.serve(w, r, revalidate)
}

// handleStatic serves a file of the web folder.
func (s *Server) handleStatic(w http.ResponseWriter, r *http.Request) {
	a, ok := s.static[r.URL.Path]
	if !ok {
		http.NotFound(w, r)
		return
	}
	a.serve(w, r, revalidate)
}

func (s *Server) handleRobots(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	fmt.Fprintf(w, "User-agent: *\nAllow: /\n\nSitemap: %s/sitemap.xml\n", s.cfg.BaseURL)
}

func (s *Server) handleSitemap(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/xml; charset=utf-8")
	fmt.Fprint(w, `<?xml version="1.0" encoding="UTF-8"?>`+"\n")
	fmt.Fprint(w, `<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">`+"\n")
	fmt.Fprintf(w, "  <url><loc>%s/</loc></url>\n", s.cfg.BaseURL)
	for _, d := range s.docs {
		fmt.Fprintf(w, "  <url><loc>%s/%s</loc>", s.cfg.BaseURL, d.Slug)
		if !d.Updated.IsZero() {
			fmt.Fprintf(w, "<lastmod>%s</lastmod>", d.Updated.Format("2006-01-02"))
		}
		fmt.Fprint(w, "</url>\n")
	}
	fmt.Fprint(w, "</urlset>\n")
}

// contentSecurityPolicy allows only the site's own scripts, styles and
// images; 'wasm-unsafe-eval' lets the WebAssembly client compile.
const contentSecurityPolicy = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; " +
	"style-src 'self'; img-src 'self' https:; connect-src 'self'; manifest-src 'self'; " +
	"worker-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'self'"

// securityHeaders sets the headers every response carries (the /embed/
// pages replace the Content-Security-Policy with their own), and answers
// methods other than GET and HEAD with 405, except on the API's paths,
// which answer CORS preflights and give their errors as JSON.
func securityHeaders(prefix string, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "strict-origin-when-cross-origin")
		h.Set("Content-Security-Policy", contentSecurityPolicy)
		path := r.URL.Path
		if prefix != "" {
			if p, ok := strings.CutPrefix(path, prefix+"/"); ok {
				path = "/" + p
			}
		}
		if r.Method != http.MethodGet && r.Method != http.MethodHead && !isAPIPath(path) {
			h.Set("Allow", "GET, HEAD")
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		next.ServeHTTP(w, r)
	})
}
