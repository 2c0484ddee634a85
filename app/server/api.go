//go:build !wasm

package server

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"html"
	"io/fs"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/seqeralabs/policy-widget/app/policy"
	"github.com/seqeralabs/policy-widget/app/policy/policyhtml"
	"github.com/seqeralabs/policy-widget/app/ui"
)

// The JSON API, for servers and native apps:
//
//	GET /api/policies         every policy: slug, title, description, updated, lang, version, url, embed_url
//	GET /api/policies/<slug>  one policy: the same, with its heading, toc tree and sanitised html
//	GET /oembed?url=<page>    oEmbed (JSON, type "rich") for CMSs: the embed.js snippet
//
// Answers are precomputed at start-up, carry an ETag (If-None-Match gives
// 304) and are revalidated on every use. Scripts of the origins of
// Config.CORSOrigins may read them (CORS, preflight included). Errors are
// JSON too: {"error": "..."}.

// apiPolicy is a policy in the list.
type apiPolicy struct {
	Slug        string  `json:"slug"`
	Title       string  `json:"title"`
	Description string  `json:"description"`
	Updated     *string `json:"updated"` // "2006-01-02", or null
	Lang        string  `json:"lang"`
	// Version changes whenever the policy's file does.
	Version  string `json:"version"`
	URL      string `json:"url"`       // the policy's page
	EmbedURL string `json:"embed_url"` // the page without the site around it, for a frame
}

// apiPolicyDetail is one policy with its text.
type apiPolicyDetail struct {
	apiPolicy
	Heading string    `json:"heading"` // the text of the page's h1
	TOC     []*apiTOC `json:"toc"`
	HTML    string    `json:"html"` // the sanitised body, without the h1
}

// apiTOC is an entry of the table of contents; children is never null.
type apiTOC struct {
	ID       string    `json:"id"`
	Title    string    `json:"title"`
	Level    int       `json:"level"`
	Children []*apiTOC `json:"children"`
}

type apiList struct {
	Policies []*apiPolicy `json:"policies"`
}

type apiError struct {
	Error string `json:"error"`
}

// oEmbed is an oEmbed 1.0 response of type "rich".
type oEmbed struct {
	Version      string `json:"version"`
	Type         string `json:"type"`
	ProviderName string `json:"provider_name"`
	ProviderURL  string `json:"provider_url"`
	Title        string `json:"title"`
	HTML         string `json:"html"`
	Width        int    `json:"width"`
	Height       int    `json:"height"`
}

// apiHandler serves /api/ and /oembed.
type apiHandler struct {
	list    *asset
	details map[string]*asset // by slug
	docs    map[string]*policy.Document
	base    *url.URL // Config.BaseURL
	cors    corsPolicy
	err     error // why the API could not be built, if it could not
}

// newAPI precomputes every answer of the API.
func (s *Server) newAPI(cors corsPolicy) *apiHandler {
	a := &apiHandler{
		details: make(map[string]*asset),
		docs:    make(map[string]*policy.Document),
		cors:    cors,
	}
	a.base, a.err = url.Parse(s.cfg.BaseURL)
	if a.err != nil {
		return a
	}
	var list apiList
	for _, d := range s.docs {
		src, err := fs.ReadFile(s.cfg.Policies, d.File)
		if err != nil {
			a.err = err
			return a
		}
		sum := sha256.Sum256(src)
		p := &apiPolicy{
			Slug:        d.Slug,
			Title:       d.Title,
			Description: d.Description,
			Lang:        d.Lang,
			Version:     hex.EncodeToString(sum[:8]),
			URL:         s.cfg.BaseURL + "/" + d.Slug,
			EmbedURL:    s.cfg.BaseURL + ui.EmbedPath(d.Slug),
		}
		if !d.Updated.IsZero() {
			u := d.Updated.Format("2006-01-02")
			p.Updated = &u
		}
		list.Policies = append(list.Policies, p)
		detail := &apiPolicyDetail{
			apiPolicy: *p,
			Heading:   d.Heading,
			TOC:       apiTOCOf(d.TOC),
			HTML:      policyhtml.Render(d.Body),
		}
		a.details[d.Slug] = jsonAsset("/api/policies/"+d.Slug, detail)
		a.docs[d.Slug] = d
	}
	if list.Policies == nil {
		list.Policies = []*apiPolicy{}
	}
	a.list = jsonAsset("/api/policies", list)
	return a
}

func apiTOCOf(entries []*policy.TOCEntry) []*apiTOC {
	out := make([]*apiTOC, 0, len(entries))
	for _, e := range entries {
		out = append(out, &apiTOC{ID: e.ID, Title: e.Title, Level: e.Level, Children: apiTOCOf(e.Children)})
	}
	return out
}

// marshalJSON encodes v compactly, without escaping <, > and & (the
// answers are application/json, never HTML), with a final newline.
func marshalJSON(v any) []byte {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		// The types above always encode.
		panic(err)
	}
	return b.Bytes()
}

const jsonType = "application/json; charset=utf-8"

func jsonAsset(name string, v any) *asset {
	a := newAsset(name, marshalJSON(v), jsonType)
	go a.compress()
	return a
}

// writeJSON writes v with the status, uncached.
func writeJSON(w http.ResponseWriter, r *http.Request, status int, v any) {
	b := marshalJSON(v)
	h := w.Header()
	h.Set("Content-Type", jsonType)
	h.Set("Cache-Control", "no-store")
	h.Set("Content-Length", strconv.Itoa(len(b)))
	w.WriteHeader(status)
	if r.Method != http.MethodHead {
		w.Write(b)
	}
}

func writeJSONError(w http.ResponseWriter, r *http.Request, status int, format string, args ...any) {
	writeJSON(w, r, status, apiError{Error: fmt.Sprintf(format, args...)})
}

// isAPIPath reports whether path (without the site's prefix) is the API's,
// whose handler answers every method itself.
func isAPIPath(path string) bool {
	return path == "/api" || strings.HasPrefix(path, "/api/") || path == "/oembed"
}

// ServeHTTP implements http.Handler.
func (a *apiHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	w = &varyOrigin{ResponseWriter: w}
	h := w.Header()
	origin := r.Header.Get("Origin")
	if allow := a.cors.allowOrigin(origin); allow != "" {
		h.Set("Access-Control-Allow-Origin", allow)
		h.Set("Access-Control-Expose-Headers", "ETag")
	}
	switch r.Method {
	case http.MethodGet, http.MethodHead:
	case http.MethodOptions:
		a.preflight(w, r)
		return
	default:
		h.Set("Allow", "GET, HEAD, OPTIONS")
		writeJSONError(w, r, http.StatusMethodNotAllowed, "method %s not allowed: the API is read-only, use GET", r.Method)
		return
	}
	path := r.URL.Path
	switch {
	case path == "/api/policies":
		a.list.serve(w, r, revalidate)
	case strings.HasPrefix(path, "/api/policies/"):
		slug := strings.TrimPrefix(path, "/api/policies/")
		if d, ok := a.details[slug]; ok {
			d.serve(w, r, revalidate)
			return
		}
		writeJSONError(w, r, http.StatusNotFound, "no policy %q: GET /api/policies lists them", slug)
	case path == "/oembed":
		a.oembed(w, r)
	default:
		writeJSONError(w, r, http.StatusNotFound, "no such API: GET /api/policies lists the policies")
	}
}

// corsRequestHeaders are the request headers that a cross-origin script may
// send, besides the CORS-safelisted ones.
var corsRequestHeaders = []string{"if-none-match", "if-modified-since", "cache-control"}

// preflight answers OPTIONS: a CORS preflight from an allowed origin gets
// the methods and headers it may use; one from another origin gets 403.
func (a *apiHandler) preflight(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Allow", "GET, HEAD, OPTIONS")
	origin := r.Header.Get("Origin")
	if origin == "" || r.Header.Get("Access-Control-Request-Method") == "" {
		w.WriteHeader(http.StatusNoContent)
		return
	}
	if a.cors.allowOrigin(origin) == "" {
		writeJSONError(w, r, http.StatusForbidden, "origin %s may not read this API", origin)
		return
	}
	h.Set("Access-Control-Allow-Methods", "GET, HEAD")
	var allowed []string
	for _, name := range strings.Split(r.Header.Get("Access-Control-Request-Headers"), ",") {
		name = strings.ToLower(strings.TrimSpace(name))
		if slices.Contains(corsRequestHeaders, name) {
			allowed = append(allowed, name)
		}
	}
	if len(allowed) > 0 {
		h.Set("Access-Control-Allow-Headers", strings.Join(allowed, ", "))
	}
	h.Set("Access-Control-Max-Age", "7200")
	w.WriteHeader(http.StatusNoContent)
}

// oembed answers /oembed?url=<a policy's page or embed page>.
func (a *apiHandler) oembed(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	if f := q.Get("format"); f != "" && f != "json" {
		writeJSONError(w, r, http.StatusNotImplemented, "format %q is not supported: use json", f)
		return
	}
	d := a.docOf(q.Get("url"))
	if d == nil {
		writeJSONError(w, r, http.StatusNotFound, "url %q is not a policy of %s", q.Get("url"), a.base)
		return
	}
	width, height := 720, 800
	if v, err := strconv.Atoi(q.Get("maxwidth")); err == nil && v > 0 && v < width {
		width = v
	}
	if v, err := strconv.Atoi(q.Get("maxheight")); err == nil && v > 0 && v < height {
		height = v
	}
	base := a.base.String()
	writeJSON(w, r, http.StatusOK, oEmbed{
		Version:      "1.0",
		Type:         "rich",
		ProviderName: ui.SiteName,
		ProviderURL:  base + "/",
		Title:        d.Title,
		HTML: `<script src="` + html.EscapeString(base+embedScript) + `" data-policy="` +
			html.EscapeString(d.Slug) + `" defer></script>`,
		Width:  width,
		Height: height,
	})
}

// docOf returns the policy whose page, or /embed/ page, is at raw, a URL
// of this site.
func (a *apiHandler) docOf(raw string) *policy.Document {
	u, err := url.Parse(raw)
	if err != nil || !strings.EqualFold(u.Host, a.base.Host) {
		return nil
	}
	p, ok := strings.CutPrefix(u.Path, strings.TrimSuffix(a.base.Path, "/"))
	if !ok {
		return nil
	}
	p = strings.TrimPrefix(strings.TrimSuffix(p, "/"), "/")
	p = strings.TrimPrefix(p, "embed/")
	return a.docs[p]
}

// corsPolicy says which origins may read the API.
type corsPolicy struct {
	any       bool
	exact     map[string]bool
	wildcards []string // "https://*.example.com" as "https://" and ".example.com" joined by "*"
}

func newCORS(origins []string) corsPolicy {
	c := corsPolicy{exact: make(map[string]bool)}
	for _, o := range origins {
		switch {
		case o == "*":
			c.any = true
		case strings.Contains(o, "*"):
			c.wildcards = append(c.wildcards, o)
		default:
			c.exact[o] = true
		}
	}
	return c
}

// allowOrigin returns the Access-Control-Allow-Origin for a request from
// origin, or "" when it may not read the API.
func (c corsPolicy) allowOrigin(origin string) string {
	if c.any {
		return "*"
	}
	if origin == "" {
		return ""
	}
	o := strings.ToLower(origin)
	if c.exact[o] {
		return origin
	}
	for _, w := range c.wildcards {
		scheme, suffix, _ := strings.Cut(w, "*")
		rest, ok := strings.CutPrefix(o, scheme)
		if !ok || !strings.HasSuffix(rest, suffix) {
			continue
		}
		// One label or more before the suffix, and no port or path of its own.
		if sub := strings.TrimSuffix(rest, suffix); sub != "" && !strings.ContainsAny(sub, ":/") {
			return origin
		}
	}
	return ""
}

// varyOrigin adds Origin to the Vary header of every answer of the API,
// after asset.serve has set Vary: Accept-Encoding.
type varyOrigin struct {
	http.ResponseWriter
	wrote bool
}

func (v *varyOrigin) WriteHeader(status int) {
	if !v.wrote {
		v.wrote = true
		h := v.Header()
		vary := h.Values("Vary")
		if !slices.ContainsFunc(vary, func(s string) bool { return strings.Contains(s, "Origin") }) {
			h.Set("Vary", strings.Join(append(vary, "Origin"), ", "))
		}
	}
	v.ResponseWriter.WriteHeader(status)
}

func (v *varyOrigin) Write(b []byte) (int, error) {
	if !v.wrote {
		v.WriteHeader(http.StatusOK)
	}
	return v.ResponseWriter.Write(b)
}
