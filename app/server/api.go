//go:build !wasm

package server

import (
	"bytes"
	"encoding/json"
	"fmt"
	"html"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/seqeralabs/policy-widget/app/api"
	"github.com/seqeralabs/policy-widget/app/policy"
	"github.com/seqeralabs/policy-widget/app/policy/changes"
	"github.com/seqeralabs/policy-widget/app/policy/policyhtml"
	"github.com/seqeralabs/policy-widget/app/site"
	"github.com/seqeralabs/policy-widget/app/ui"
)

// The JSON API, for servers and native apps:
//
//	GET /api/policies                     every policy, as of today: slug, title, version, digest, versions, upcoming… (api.List)
//	GET /api/policies/<slug>              one policy: the same, with its heading, toc tree and sanitised html (api.PolicyDetail)
//	GET /api/policies/<slug>?since=<date> the same, with the sections changed since the version of that date
//	GET /oembed?url=<page>                oEmbed (JSON, type "rich") for CMSs: the embed.js snippet (api.OEmbed)
//
// The answers are the types of package app/api, which document every field.
//
// /api/policies.json and /api/policies/<slug>.json give the same answers:
// those are the URLs of the API in a static export (package export), where
// /api/policies cannot be a file and a folder at once.
//
// Answers carry an ETag (If-None-Match gives 304) and are revalidated on
// every use. They are precomputed at start-up (their compressed forms on
// demand, see asset), except those with ?since=, which are made per request (matching
// the sections of two versions by their precomputed hashes, and encoding
// the JSON) and sent uncompressed. Scripts of the origins of
// Config.CORSOrigins may read them (CORS, preflight included). Errors are
// JSON too: {"error": "..."}.

// apiHandler serves /api/ and /oembed.
type apiHandler struct {
	list    *asset
	details map[string]*asset // by slug
	docs    map[string]*policy.Document
	// detailOf holds the answers of details before encoding, and sections
	// the sections of each version of each policy, by slug and version:
	// what the answers to ?since= are made of.
	detailOf map[string]*api.PolicyDetail
	sections map[string]map[string][]changes.Section
	base     *url.URL // Config.BaseURL
	cors     origins
}

// newAPI precomputes every answer of the API.
func (s *Server) newAPI(cors origins) (*apiHandler, error) {
	a := &apiHandler{
		details:  make(map[string]*asset),
		docs:     make(map[string]*policy.Document),
		detailOf: make(map[string]*api.PolicyDetail),
		sections: make(map[string]map[string][]changes.Section),
		cors:     cors,
	}
	var err error
	if a.base, err = url.Parse(s.cfg.BaseURL); err != nil {
		return nil, err
	}
	var list api.List
	for _, d := range s.docs {
		p := &api.Policy{
			Slug:        d.Slug,
			Title:       d.Title,
			Description: d.Description,
			Lang:        d.Lang,
			Digest:      d.Digest,
			URL:         s.cfg.BaseURL + site.Policy.Path(d.Slug),
			EmbedURL:    s.cfg.BaseURL + site.Embed.Path(d.Slug),
			Versions:    []api.Version{},
		}
		if d.Version() != "" {
			v := d.Version()
			p.Version = &v
			a.sections[d.Slug] = make(map[string][]changes.Section)
			for _, h := range d.History() {
				p.Versions = append(p.Versions, api.Version{Date: h.Version(), URL: s.cfg.BaseURL + site.Version.Path(d.Slug, h.Version())})
				a.sections[d.Slug][h.Version()] = digests(changes.Sections(h))
			}
		}
		if u := d.Upcoming; u != nil {
			p.Upcoming = &api.Upcoming{
				Date:       u.Version(),
				URL:        s.cfg.BaseURL + site.Version.Path(d.Slug, u.Version()),
				CompareURL: s.cfg.BaseURL + site.Compare.Path(d.Slug, d.Version(), u.Version()),
			}
		}
		list.Policies = append(list.Policies, p)
		detail := &api.PolicyDetail{
			Policy:  *p,
			Heading: d.Heading,
			TOC:     apiTOCOf(d.TOC),
			HTML:    policyhtml.Render(d.Body),
		}
		a.details[d.Slug] = jsonAsset(site.APIPolicy.Path(d.Slug), detail)
		a.detailOf[d.Slug] = detail
		a.docs[d.Slug] = d
	}
	if list.Policies == nil {
		list.Policies = []*api.Policy{}
	}
	a.list = jsonAsset(site.APIPolicies.Path(), list)
	return a, nil
}

// digests returns sections without their text: all that Compare reads,
// kept for the answers to ?since=.
func digests(sections []changes.Section) []changes.Section {
	for i := range sections {
		sections[i].Text = ""
	}
	return sections
}

func apiTOCOf(entries []*policy.TOCEntry) []*api.TOCEntry {
	out := make([]*api.TOCEntry, 0, len(entries))
	for _, e := range entries {
		out = append(out, &api.TOCEntry{ID: e.ID, Title: e.Title, Level: e.Level, Children: apiTOCOf(e.Children)})
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

// jsonExt ends the names of the API's files in a static export:
// /api/policies.json (site.APIPolicies) and /api/policies/<slug>.json
// (site.APIPolicy), which the API answers too.
const jsonExt = ".json"

func jsonAsset(name string, v any) *asset {
	return newAsset(name, marshalJSON(v), jsonType)
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
	writeJSON(w, r, status, api.Error{Error: fmt.Sprintf(format, args...)})
}

// handler returns the handler of the API's paths. Its ServeMux answers
// other methods than GET, HEAD and OPTIONS with 405 and an Allow header;
// the handler adds the CORS headers to every answer and gives the mux's
// own errors as JSON too.
func (a *apiHandler) handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET "+site.APIPolicies.Pattern, a.handleList)
	mux.HandleFunc("GET "+site.APIPolicies.Pattern+jsonExt, a.handleList)
	mux.HandleFunc("GET "+site.APIPolicy.Pattern, a.handlePolicy) // {slug}
	mux.HandleFunc("GET "+site.OEmbed.Pattern, a.handleOEmbed)
	// Any other path of the API (site.API), and /api, which routes sends
	// here too.
	mux.HandleFunc("GET "+site.API.Pattern, a.handleNotFound)
	_, bare := servePatterns(site.API)
	mux.HandleFunc("GET "+bare, a.handleNotFound)
	// Every path of the API answers CORS preflights.
	preflight := make(map[string]bool)
	for _, r := range site.Routes() {
		if r.Kind != site.KindAPI {
			continue
		}
		pattern, bare := servePatterns(r)
		for _, p := range []string{pattern, bare} {
			if p != "" && !preflight[p] {
				preflight[p] = true
				mux.HandleFunc("OPTIONS "+p, a.handlePreflight)
			}
		}
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if a.cors.any {
			setHeader(w.Header(), corsHeader("*"))
		} else if origin := r.Header.Get("Origin"); a.cors.allows(origin) {
			setHeader(w.Header(), corsHeader(origin))
		}
		mux.ServeHTTP(&apiWriter{ResponseWriter: w, r: r}, r)
	})
}

func (a *apiHandler) handleList(w http.ResponseWriter, r *http.Request) {
	a.list.serve(w, r)
}

// corsHeader returns the CORS headers of the API's answers to the scripts
// of origin, or of any origin when origin is "*".
func corsHeader(origin string) http.Header {
	return http.Header{
		"Access-Control-Allow-Origin":   {origin},
		"Access-Control-Expose-Headers": {"ETag"},
	}
}

func (a *apiHandler) handlePolicy(w http.ResponseWriter, r *http.Request) {
	// A slug has no dot: privacy.json is the policy privacy.
	slug := strings.TrimSuffix(r.PathValue("slug"), jsonExt)
	d, ok := a.details[slug]
	if !ok {
		writeJSONError(w, r, http.StatusNotFound, "no policy %q: GET /api/policies lists them", slug)
		return
	}
	q := r.URL.Query()
	if !q.Has("since") {
		d.serve(w, r)
		return
	}
	since := q.Get("since")
	if _, err := time.Parse(policy.VersionLayout, since); err != nil || len(q["since"]) > 1 {
		writeJSONError(w, r, http.StatusBadRequest, "since=%q is not a date: give one date as YYYY-MM-DD, such as a version of GET /api/policies/%s", strings.Join(q["since"], ","), slug)
		return
	}
	detail := *a.detailOf[slug]
	detail.Changes = a.changesSince(a.docs[slug], since)
	// Made per request: its ETag, but no compressed forms.
	answer := newAsset(r.URL.Path, marshalJSON(detail), jsonType)
	answer.compress = false
	answer.serve(w, r)
}

// changesSince lists the sections of d, the policy as of today, that
// changed since the version of the date since, which a reader last saw:
// the newest version not newer than since (policy.Document.SeenVersion),
// d's own when since is not older, and none when since is older than
// every version.
func (a *apiHandler) changesSince(d *policy.Document, since string) *api.Changes {
	c := &api.Changes{Changed: []string{}, Added: []string{}, Removed: []string{}}
	cur := d.Version()
	if cur == "" {
		return c
	}
	if since >= cur {
		c.Since = &cur
		return c
	}
	old := d.SeenVersion(since)
	if old == nil {
		return c
	}
	v := old.Version()
	c.Since = &v
	sum := changes.Compare(a.sections[d.Slug][v], a.sections[d.Slug][cur])
	ids := func(ss []changes.Section) []string {
		out := make([]string, 0, len(ss))
		for _, s := range ss {
			out = append(out, s.ID)
		}
		return out
	}
	c.Changed, c.Added, c.Removed = ids(sum.Changed), ids(sum.Added), ids(sum.Removed)
	if len(sum.Changed)+len(sum.Added)+len(sum.Removed) > 0 {
		u := a.base.String() + site.Compare.Path(d.Slug, v, cur)
		c.CompareURL = &u
	}
	return c
}

func (a *apiHandler) handleNotFound(w http.ResponseWriter, r *http.Request) {
	writeJSONError(w, r, http.StatusNotFound, "no such API: GET /api/policies lists the policies")
}

// corsRequestHeaders are the request headers that a cross-origin script may
// send, besides the CORS-safelisted ones.
var corsRequestHeaders = []string{"if-none-match", "if-modified-since", "cache-control"}

// handlePreflight answers OPTIONS: a CORS preflight from an allowed origin
// gets the methods and headers it may use; one from another origin gets 403.
func (a *apiHandler) handlePreflight(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Allow", "GET, HEAD, OPTIONS")
	origin := r.Header.Get("Origin")
	if origin == "" || r.Header.Get("Access-Control-Request-Method") == "" {
		w.WriteHeader(http.StatusNoContent)
		return
	}
	if !a.cors.allows(origin) {
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

// handleOEmbed answers /oembed?url=<a policy's page or embed page>.
func (a *apiHandler) handleOEmbed(w http.ResponseWriter, r *http.Request) {
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
	writeJSON(w, r, http.StatusOK, api.OEmbed{
		Version:      "1.0",
		Type:         "rich",
		ProviderName: ui.SiteName,
		ProviderURL:  base + "/",
		Title:        d.Title,
		HTML: `<script src="` + html.EscapeString(base+site.EmbedScript.Path()) + `" data-policy="` +
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
	for _, r := range []site.Route{site.Policy, site.Embed} {
		if v, ok := r.Match(strings.TrimSuffix(p, "/")); ok {
			return a.docs[v[0]]
		}
	}
	return nil
}

// apiWriter adds Origin to the Vary header of every answer of the API,
// after asset.serve has set Vary: Accept-Encoding, and turns the plain-text
// errors of http.ServeMux (404, and 405 with its Allow header) into the
// API's JSON errors.
type apiWriter struct {
	http.ResponseWriter
	r       *http.Request
	wrote   bool
	discard bool // the mux's plain-text body, replaced by JSON
}

func (w *apiWriter) WriteHeader(status int) {
	if w.wrote {
		w.ResponseWriter.WriteHeader(status)
		return
	}
	w.wrote = true
	h := w.Header()
	vary := h.Values("Vary")
	if !slices.ContainsFunc(vary, func(s string) bool { return strings.Contains(s, "Origin") }) {
		h.Set("Vary", strings.Join(append(vary, "Origin"), ", "))
	}
	if status >= 400 && strings.HasPrefix(h.Get("Content-Type"), "text/plain") {
		w.discard = true
		switch status {
		case http.StatusMethodNotAllowed:
			writeJSONError(w.ResponseWriter, w.r, status, "method %s not allowed: the API is read-only, use GET", w.r.Method)
		case http.StatusNotFound:
			writeJSONError(w.ResponseWriter, w.r, status, "no such API: GET /api/policies lists the policies")
		default:
			writeJSONError(w.ResponseWriter, w.r, status, "%s", http.StatusText(status))
		}
		return
	}
	w.ResponseWriter.WriteHeader(status)
}

func (w *apiWriter) Write(b []byte) (int, error) {
	if !w.wrote {
		w.WriteHeader(http.StatusOK)
	}
	if w.discard {
		return len(b), nil
	}
	return w.ResponseWriter.Write(b)
}

// ReadFrom lets http.ServeContent copy the body with the ReadFrom of the
// writer below, without a buffer of its own.
func (w *apiWriter) ReadFrom(r io.Reader) (int64, error) {
	if !w.wrote {
		w.WriteHeader(http.StatusOK)
	}
	if w.discard {
		return io.Copy(io.Discard, r)
	}
	return io.Copy(w.ResponseWriter, r)
}

// Unwrap lets http.ResponseController reach the connection.
func (w *apiWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }
