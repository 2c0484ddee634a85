//go:build !wasm

package server

import (
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/seqeralabs/policy-widget/app/internal/servertest"
	"github.com/seqeralabs/policy-widget/app/policy"
	"github.com/seqeralabs/policy-widget/app/site"
)

// TestRedirectsStayUnderPrefix checks every redirect the server makes, with
// and without a path prefix: the target is the clean path under the
// prefix, and never another host (//evil.com, /\evil.com).
func TestRedirectsStayUnderPrefix(t *testing.T) {
	for _, tc := range []struct {
		prefix, target string
		status         int
		location       string
	}{
		{"/legal", "/legal", 301, "/legal/"},
		{"/legal", "/legal?x=1", 301, "/legal/?x=1"},
		{"/legal", "/legal/", 200, ""},
		{"/legal", "/legal/privacy", 200, ""},
		{"/legal", "/legal//privacy", 301, "/legal/privacy"},
		{"/legal", "/legal//privacy?x=1", 301, "/legal/privacy?x=1"},
		{"/legal", "/legal/./privacy", 301, "/legal/privacy"},
		{"/legal", "/legal/x/../privacy", 301, "/legal/privacy"},
		{"/legal", "/legal/privacy/", 301, "/legal/privacy"},
		{"/legal", "/legal/privacy//", 301, "/legal/privacy/"},
		{"/legal", "/legal/embed/privacy/", 301, "/legal/embed/privacy"},
		{"/legal", "/privacy/", 301, "/legal/privacy"}, // behind a proxy that strips /legal
		{"/legal", "//privacy", 301, "/legal/privacy"},
		{"/legal", "//evil.com", 301, "/legal/evil.com"},
		{"/legal", "///evil.com", 301, "/legal/evil.com"},
		{"/legal", "/legal//evil.com", 301, "/legal/evil.com"},
		{"/legal", "/legal/..//evil.com", 301, "/legal/evil.com"},
		{"/legal", `/\evil.com`, 404, ""},
		{"/legal", `/legal/\evil.com/`, 404, ""},
		{"/legal", "/legal/%2F%2Fevil.com", 404, ""},
		{"/legal", "/legal/web", 404, ""},
		{"/legal", "/legal/embed", 404, ""},
		{"/legal", "/legal/api", 404, ""},
		{"/legal", "/legalx", 404, ""},
		{"", "//evil.com", 301, "/evil.com"},
		{"", "//evil.com/", 301, "/evil.com/"},
		{"", "/privacy/", 301, "/privacy"},
		{"", "/web", 404, ""},
		{"", `/\evil.com/`, 404, ""},
	} {
		s := servers.get(t, tc.prefix)
		rec := do(t, s, "GET", tc.target)
		loc := rec.Header().Get("Location")
		if rec.Code != tc.status || loc != tc.location {
			t.Errorf("prefix %q: GET %s = %d to %q, want %d to %q", tc.prefix, tc.target, rec.Code, loc, tc.status, tc.location)
		}
		if loc != "" && (!strings.HasPrefix(loc, tc.prefix+"/") || strings.HasPrefix(loc, "//") || strings.ContainsAny(loc, `\`)) {
			t.Errorf("prefix %q: GET %s redirects to %q, outside the prefix", tc.prefix, tc.target, loc)
		}
	}
}

// servers keeps one test server per prefix.
var servers = serverCache{}

type serverCache map[string]*Server

func (c serverCache) get(t *testing.T, prefix string) *Server {
	t.Helper()
	if s, ok := c[prefix]; ok {
		return s
	}
	s := newTestServer(t, Config{Prefix: prefix})
	c[prefix] = s
	return s
}

func TestHealthz(t *testing.T) {
	s := newTestServer(t, Config{Prefix: "/legal"})
	for _, target := range []string{"/healthz", "/legal/healthz"} {
		for _, method := range []string{"GET", "HEAD"} {
			rec := do(t, s, method, target)
			want := "ok\n"
			if method == "HEAD" {
				want = ""
			}
			if rec.Code != http.StatusOK || rec.Body.String() != want || rec.Header().Get("Cache-Control") != "no-store" {
				t.Errorf("%s %s: %d %q, Cache-Control %q; want 200 %q, no-store", method, target, rec.Code, rec.Body, rec.Header().Get("Cache-Control"), want)
			}
		}
	}
	if rec := do(t, s, "POST", "/healthz"); rec.Code != http.StatusMethodNotAllowed {
		t.Errorf("POST /healthz: %d, want 405", rec.Code)
	}
}

// TestPermissionsPolicy checks that every kind of answer denies the
// features a policy page never uses, and leaves the clipboard to the copy
// buttons.
func TestPermissionsPolicy(t *testing.T) {
	s := newTestServer(t, apiConfig(Config{FrameAncestors: []string{"https://a.example"}}))
	for _, tc := range []struct{ method, target string }{
		{"GET", "/sample"}, {"GET", "/"}, {"GET", "/nope"}, {"GET", "/sample/"}, {"POST", "/sample"},
		{"GET", "/web/app.css"}, {"GET", "/app.js"}, {"GET", "/embed/sample"}, {"GET", "/embed.js"},
		{"GET", "/api/policies"}, {"POST", "/api/policies"}, {"OPTIONS", "/api/policies"}, {"GET", "/healthz"},
	} {
		pp := do(t, s, tc.method, tc.target).Header().Get("Permissions-Policy")
		for _, want := range []string{"camera=()", "microphone=()", "geolocation=()", "payment=()", "usb=()", "browsing-topics=()"} {
			if !strings.Contains(pp, want) {
				t.Errorf("%s %s: Permissions-Policy %q lacks %s", tc.method, tc.target, pp, want)
			}
		}
		if strings.Contains(pp, "clipboard-write") {
			t.Errorf("%s %s: Permissions-Policy %q denies the clipboard to the copy buttons", tc.method, tc.target, pp)
		}
	}
}

// TestBuildFiles checks that a file asked for with another build's
// ?build= gets a clear 404, never this build's bytes.
func TestBuildFiles(t *testing.T) {
	s := newTestServer(t, Config{Prefix: "/legal"})
	v := s.Build()
	wasm := do(t, s, "GET", "/web/app.wasm").Body.String()
	for _, target := range []string{"/web/app.wasm?build=" + v, "/legal/web/app.wasm?build=" + v, "/web/app.wasm"} {
		if rec := do(t, s, "GET", target); rec.Code != http.StatusOK || rec.Body.String() != wasm {
			t.Errorf("GET %s: %d, want 200 with app.wasm", target, rec.Code)
		}
	}
	for _, target := range []string{
		"/web/app.wasm?build=0123456789abcdef", "/legal/web/app.wasm?build=old", "/web/app.wasm?build=",
		"/web/app.wasm?build=" + v + "&build=old", "/web/app.css?build=old", "/app.js?build=old", "/wasm_exec.js?build=old",
	} {
		rec := do(t, s, "GET", target)
		if rec.Code != http.StatusNotFound || !strings.HasPrefix(rec.Header().Get("Content-Type"), "text/plain") ||
			rec.Header().Get("Cache-Control") != "no-store" || rec.Header().Get("ETag") != "" {
			t.Errorf("GET %s: %d, Content-Type %q, Cache-Control %q; want 404, text/plain, no-store", target, rec.Code,
				rec.Header().Get("Content-Type"), rec.Header().Get("Cache-Control"))
		}
		if msg := rec.Body.String(); !strings.Contains(msg, "serves build "+v) || strings.Contains(msg, "\x00asm") {
			t.Errorf("GET %s: %q does not name this server's build %s", target, msg, v)
		}
	}
	if msg := do(t, s, "GET", "/web/app.wasm?build=old").Body.String(); !strings.Contains(msg, "not old") {
		t.Errorf("the 404 does not name the build asked for: %q", msg)
	}
	// Pages are not files of a build: a ?build= on a link does not break
	// them.
	if rec := do(t, s, "GET", "/privacy?build=old"); rec.Code != http.StatusOK {
		t.Errorf("GET /privacy?build=old: %d", rec.Code)
	}
}

// TestMethodNotAllowed checks the 405 answers of the ServeMuxes: the
// site's plain text, the API's JSON, both with their Allow header.
func TestMethodNotAllowed(t *testing.T) {
	s := newTestServer(t, apiConfig(Config{}))
	for _, tc := range []struct{ method, target, allow, contentType string }{
		{"POST", "/sample", "GET, HEAD", "text/plain"},
		{"DELETE", "/", "GET, HEAD", "text/plain"},
		{"OPTIONS", "/web/app.css", "GET, HEAD", "text/plain"},
		{"PUT", "/legal/embed/sample", "GET, HEAD", "text/plain"},
		{"POST", "/api/policies", "GET, HEAD, OPTIONS", "application/json"},
		{"PATCH", "/legal/api/policies/sample", "GET, HEAD, OPTIONS", "application/json"},
		{"POST", "/api", "GET, HEAD, OPTIONS", "application/json"},
		{"POST", "/oembed", "GET, HEAD, OPTIONS", "application/json"},
	} {
		rec := do(t, s, tc.method, tc.target)
		if rec.Code != http.StatusMethodNotAllowed || rec.Header().Get("Allow") != tc.allow ||
			!strings.HasPrefix(rec.Header().Get("Content-Type"), tc.contentType) {
			t.Errorf("%s %s: %d, Allow %q, Content-Type %q; want 405, %q, %s", tc.method, tc.target, rec.Code,
				rec.Header().Get("Allow"), rec.Header().Get("Content-Type"), tc.allow, tc.contentType)
		}
		if tc.contentType == "application/json" && !json.Valid(rec.Body.Bytes()) {
			t.Errorf("%s %s: body %q is not JSON", tc.method, tc.target, rec.Body)
		}
	}
}

// TestRoutesServed checks the server against the table of the site's
// routes (site.Routes): each route is answered by the handler of its kind,
// and every path that the server answers the same to everyone, the
// export's files, is a route's and starts with a policy's slug or a
// reserved one (site.ReservedSlugs), so that no policy can shadow it.
func TestRoutesServed(t *testing.T) {
	s := newTestServer(t, Config{BaseURL: "https://legal.example.com", Policies: servertest.VersionedPolicies(t)})
	values := map[site.Route][]string{
		site.Policy: {"privacy"}, site.Versions: {"privacy"}, site.Feed: {"privacy"},
		site.Version: {"privacy", "2020-06-01"}, site.Compare: {"privacy", "2020-06-01", "2021-02-27"},
		site.Embed: {"privacy"}, site.Web: {"app.css"}, site.APIPolicy: {"privacy"}, site.API: {"nope"},
	}
	notFound := do(t, s, "GET", "/no-such-page").Body.String()
	for _, r := range site.Routes() {
		if n := strings.Count(r.Pattern, "{"); n != len(values[r]) {
			t.Fatalf("route %s: the test has %d values for its %d wildcards", r.Pattern, len(values[r]), n)
		}
		p := r.Path(values[r]...)
		if r == site.OEmbed {
			p += "?url=" + s.cfg.BaseURL + "/privacy"
		}
		rec := do(t, s, "GET", p)
		want := http.StatusOK
		if r == site.NotFound || r == site.API {
			want = http.StatusNotFound
		}
		if rec.Code != want {
			t.Errorf("route %s: GET %s = %d, want %d", r.Pattern, p, rec.Code, want)
		}
		if r != site.NotFound && rec.Body.String() == notFound {
			t.Errorf("route %s: GET %s is the not-found page", r.Pattern, p)
		}
		// What the handler of each kind, and only it, sends.
		h := rec.Header()
		for _, c := range []struct {
			kind site.Kind
			what string
			ok   bool
		}{
			{site.KindPage, "an HTML page", strings.HasPrefix(h.Get("Content-Type"), "text/html")},
			{site.KindEmbed, "an embed page (noindex)", h.Get("X-Robots-Tag") == embedRobots},
			{site.KindEmbedFile, "a file for host pages (cross-origin)", h.Get("Cross-Origin-Resource-Policy") == "cross-origin"},
			{site.KindAPI, "the API's (Vary: Origin)", strings.Contains(h.Get("Vary"), "Origin")},
			{site.KindHealth, "the health check", rec.Body.String() == "ok\n"},
		} {
			kind := r.Kind
			if kind == site.KindEmbed {
				kind = site.KindPage // an HTML page too
			}
			if c.ok != (r.Kind == c.kind || kind == c.kind) {
				t.Errorf("route %s: GET %s is %s: %v, want %v", r.Pattern, p, c.what, c.ok, !c.ok)
			}
		}
	}

	files, err := s.Files()
	if err != nil {
		t.Fatal(err)
	}
	reserved := site.ReservedSlugs()
	for _, f := range files {
		if !slices.ContainsFunc(site.Routes(), func(r site.Route) bool { _, ok := r.Match(f.Path); return ok }) {
			t.Errorf("%s is served, but is no route's (site.Routes)", f.Path)
		}
		first, _, _ := strings.Cut(strings.TrimPrefix(f.Path, "/"), "/")
		if first != "" && policy.Find(s.Docs(), first) == nil && !slices.Contains(reserved, first) {
			t.Errorf("%s is served, but %q is not a reserved slug: a policy could take it", f.Path, first)
		}
	}
}
