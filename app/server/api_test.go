//go:build !wasm

package server

import (
	"bytes"
	"encoding/json"
	"flag"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/seqeralabs/policy-widget/app/api"
)

var updateGolden = flag.Bool("update", false, "rewrite the golden files in testdata")

// apiBase is the public URL of the API tests' server: under a path prefix,
// so the URLs in the payloads show it.
const apiBase = "https://legal.example.com/legal"

// apiConfig is cfg on the policies of testdata/policies, whose payloads
// stay the same whatever happens to the real policies, at apiBase.
func apiConfig(cfg Config) Config {
	cfg.BaseURL = apiBase
	cfg.Policies = os.DirFS("testdata/policies")
	return cfg
}

// TestAPIGolden checks the payloads against testdata/*.json; go test
// -update rewrites them.
func TestAPIGolden(t *testing.T) {
	s := newTestServer(t, apiConfig(Config{}))
	upcoming := newTestServer(t, apiConfig(Config{At: testDay(t, "2024-02-29")}))
	for _, tc := range []struct{ target, golden string }{
		{"/api/policies", "api-policies.json"},
		{"/api/policies/sample", "api-policy-sample.json"},
		{"/api/policies/terms", "api-policy-terms.json"},
		{"/legal/api/policies/sample", "api-policy-sample.json"}, // behind a proxy that keeps the prefix
		{"/api/policies/sample?since=2023-05-10", "api-policy-sample-since.json"},
		{"/api/policies/sample?since=2024-02-29", "api-policy-sample-since.json"},
		{"/oembed?url=" + apiBase + "/sample&maxwidth=600", "oembed-sample.json"},
		{"upcoming:/api/policies/sample", "api-policy-sample-upcoming.json"},
	} {
		// upcoming: as of 29 February 2024, when the version of 1 March is
		// upcoming.
		h := http.Handler(s)
		if target, ok := strings.CutPrefix(tc.target, "upcoming:"); ok {
			h, tc.target = upcoming, target
		}
		rec := do(t, h, "GET", tc.target)
		if rec.Code != http.StatusOK {
			t.Errorf("GET %s: %d %s", tc.target, rec.Code, rec.Body)
			continue
		}
		if ct := rec.Header().Get("Content-Type"); ct != "application/json; charset=utf-8" {
			t.Errorf("GET %s: Content-Type %q", tc.target, ct)
		}
		var pretty bytes.Buffer
		if err := json.Indent(&pretty, rec.Body.Bytes(), "", "  "); err != nil {
			t.Errorf("GET %s: invalid JSON: %v", tc.target, err)
			continue
		}
		path := filepath.Join("testdata", tc.golden)
		if *updateGolden {
			if err := os.WriteFile(path, pretty.Bytes(), 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(path)
		if err != nil {
			t.Fatalf("%v (run go test -update to create it)", err)
		}
		if diff := cmp.Diff(string(want), pretty.String()); diff != "" {
			t.Errorf("GET %s differs from %s (-want +got):\n%s", tc.target, path, diff)
		}
	}
}

// TestAPIPayload checks what the golden files cannot show at a glance: the
// TOC is a tree, the HTML is the sanitised body, every entry has the same
// fields.
func TestAPIPayload(t *testing.T) {
	s := newTestServer(t, apiConfig(Config{}))
	var list struct {
		Policies []map[string]any `json:"policies"`
	}
	if err := json.Unmarshal(do(t, s, "GET", "/api/policies").Body.Bytes(), &list); err != nil {
		t.Fatal(err)
	}
	if len(list.Policies) != 2 {
		t.Fatalf("%d policies, want 2", len(list.Policies))
	}
	for _, p := range list.Policies {
		for _, k := range []string{"slug", "title", "description", "version", "digest", "url", "versions", "upcoming"} {
			if _, ok := p[k]; !ok {
				t.Errorf("policy %v has no %q", p["slug"], k)
			}
		}
		if digest, _ := p["digest"].(string); len(digest) != 16 {
			t.Errorf("policy %v: digest %q, want 16 hex digits", p["slug"], digest)
		}
	}
	if got := list.Policies[0]["version"]; got != "2024-03-01" {
		t.Errorf("sample: version = %v, want its date, 2024-03-01", got)
	}
	if got := list.Policies[1]["version"]; got != nil {
		t.Errorf("terms: version = %v, want null", got)
	}

	var d struct {
		URL  string `json:"url"`
		HTML string `json:"html"`
		TOC  []struct {
			ID       string `json:"id"`
			Level    int    `json:"level"`
			Children []struct {
				ID       string            `json:"id"`
				Level    int               `json:"level"`
				Children []json.RawMessage `json:"children"`
			} `json:"children"`
		} `json:"toc"`
	}
	if err := json.Unmarshal(do(t, s, "GET", "/api/policies/sample").Body.Bytes(), &d); err != nil {
		t.Fatal(err)
	}
	if d.URL != apiBase+"/sample" {
		t.Errorf("url = %q", d.URL)
	}
	if len(d.TOC) != 2 || d.TOC[0].ID != "what-we-collect" || len(d.TOC[0].Children) != 1 ||
		d.TOC[0].Children[0].ID != "cookies" || d.TOC[0].Children[0].Level != 3 || d.TOC[0].Children[0].Children == nil {
		t.Errorf("toc = %+v; want what-we-collect > cookies (level 3, no deeper: toc_depth 2), contact", d.TOC)
	}
	for _, bad := range []string{"<script", "onclick", "<h1"} {
		if strings.Contains(d.HTML, bad) {
			t.Errorf("html holds %q: %s", bad, d.HTML)
		}
	}
	for _, want := range []string{`<h2 id="what-we-collect">`, `<strong>raw HTML</strong>`, `<a href="#contact">`} {
		if !strings.Contains(d.HTML, want) {
			t.Errorf("html lacks %q: %s", want, d.HTML)
		}
	}
}

func TestAPINotModified(t *testing.T) {
	s := newTestServer(t, apiConfig(Config{}))
	for _, target := range []string{"/api/policies", "/api/policies/sample"} {
		first := do(t, s, "GET", target)
		etag := first.Header().Get("ETag")
		if etag == "" || first.Header().Get("Cache-Control") != "no-cache" {
			t.Errorf("%s: ETag %q, Cache-Control %q; want an ETag and no-cache", target, etag, first.Header().Get("Cache-Control"))
		}
		for _, inm := range []string{etag, "W/" + etag, `"other", ` + etag} {
			rec := do(t, s, "GET", target, "If-None-Match", inm)
			if rec.Code != http.StatusNotModified || rec.Body.Len() != 0 {
				t.Errorf("%s with If-None-Match %s: %d with %d bytes, want 304 and no body", target, inm, rec.Code, rec.Body.Len())
			}
			if rec.Header().Get("ETag") != etag || !varies(rec, "Origin") {
				t.Errorf("%s 304: ETag %q, Vary %q", target, rec.Header().Get("ETag"), rec.Header().Values("Vary"))
			}
		}
		if rec := do(t, s, "GET", target, "If-None-Match", `"stale"`); rec.Code != http.StatusOK {
			t.Errorf("%s with a stale ETag: %d, want 200", target, rec.Code)
		}
		// Compressed, the body is the same JSON.
		if rec := do(t, s, "GET", target, "Accept-Encoding", "gzip"); rec.Code != http.StatusOK || !varies(rec, "Accept-Encoding") {
			t.Errorf("%s gzip: %d, Vary %q", target, rec.Code, rec.Header().Values("Vary"))
		}
	}
	if a, b := do(t, s, "GET", "/api/policies/sample").Header().Get("ETag"), do(t, s, "GET", "/api/policies/terms").Header().Get("ETag"); a == b {
		t.Error("two policies share an ETag")
	}
}

func varies(rec *httptest.ResponseRecorder, name string) bool {
	for _, v := range rec.Header().Values("Vary") {
		for _, f := range strings.Split(v, ",") {
			if strings.TrimSpace(f) == name {
				return true
			}
		}
	}
	return false
}

func TestAPICORS(t *testing.T) {
	s := newTestServer(t, apiConfig(Config{FrameAncestors: []string{"https://a.example", "https://*.b.example"}}))
	for _, tc := range []struct {
		origin, allow string
	}{
		{"https://a.example", "https://a.example"},
		{"https://app.b.example", "https://app.b.example"},
		{"https://x.y.b.example", "https://x.y.b.example"},
		{"https://b.example", ""},
		{"http://a.example", ""},
		{"https://a.example:8443", ""},
		{"https://evil.example", ""},
		{"https://a.example.evil.example", ""},
		{"null", ""},
		{"", ""},
	} {
		for _, target := range []string{"/api/policies", "/api/policies/sample", "/api/policies/nope"} {
			rec := do(t, s, "GET", target, "Origin", tc.origin)
			if got := rec.Header().Get("Access-Control-Allow-Origin"); got != tc.allow {
				t.Errorf("GET %s from %q: Access-Control-Allow-Origin %q, want %q", target, tc.origin, got, tc.allow)
			}
			if tc.allow != "" && rec.Header().Get("Access-Control-Expose-Headers") != "ETag" {
				t.Errorf("GET %s from %q: the ETag is not exposed", target, tc.origin)
			}
			if !varies(rec, "Origin") {
				t.Errorf("GET %s from %q: no Vary: Origin (Vary %q)", target, tc.origin, rec.Header().Values("Vary"))
			}
		}
	}

	// Preflight: an allowed origin may send If-None-Match.
	rec := do(t, s, "OPTIONS", "/api/policies/sample",
		"Origin", "https://a.example",
		"Access-Control-Request-Method", "GET",
		"Access-Control-Request-Headers", "if-none-match, x-unknown")
	h := rec.Header()
	if rec.Code != http.StatusNoContent || h.Get("Access-Control-Allow-Origin") != "https://a.example" ||
		!strings.Contains(h.Get("Access-Control-Allow-Methods"), "GET") || h.Get("Access-Control-Allow-Headers") != "if-none-match" ||
		h.Get("Access-Control-Max-Age") == "" || !varies(rec, "Origin") {
		t.Errorf("preflight from an allowed origin: %d %v", rec.Code, h)
	}
	// Under the prefix too.
	if rec := do(t, s, "OPTIONS", "/legal/api/policies", "Origin", "https://a.example", "Access-Control-Request-Method", "GET"); rec.Code != http.StatusNoContent {
		t.Errorf("preflight under the prefix: %d", rec.Code)
	}
	rec = do(t, s, "OPTIONS", "/api/policies", "Origin", "https://evil.example", "Access-Control-Request-Method", "GET")
	if rec.Code != http.StatusForbidden || rec.Header().Get("Access-Control-Allow-Origin") != "" {
		t.Errorf("preflight from another origin: %d, Allow-Origin %q; want 403 without it", rec.Code, rec.Header().Get("Access-Control-Allow-Origin"))
	}
	rec = do(t, s, "OPTIONS", "/api/policies")
	if rec.Code != http.StatusNoContent || !strings.Contains(rec.Header().Get("Allow"), "GET") {
		t.Errorf("plain OPTIONS: %d, Allow %q", rec.Code, rec.Header().Get("Allow"))
	}

	// -cors-origins replaces the frame ancestors; "*" allows everyone.
	s = newTestServer(t, apiConfig(Config{FrameAncestors: []string{"https://a.example"}, CORSOrigins: []string{"https://c.example"}}))
	if got := do(t, s, "GET", "/api/policies", "Origin", "https://a.example").Header().Get("Access-Control-Allow-Origin"); got != "" {
		t.Errorf("a frame ancestor not in CORSOrigins may read the API (%q)", got)
	}
	if got := do(t, s, "GET", "/api/policies", "Origin", "https://c.example").Header().Get("Access-Control-Allow-Origin"); got != "https://c.example" {
		t.Errorf("CORSOrigins: Access-Control-Allow-Origin %q", got)
	}
	s = newTestServer(t, apiConfig(Config{CORSOrigins: []string{"*"}}))
	if got := do(t, s, "GET", "/api/policies", "Origin", "https://any.example").Header().Get("Access-Control-Allow-Origin"); got != "*" {
		t.Errorf("CORSOrigins *: Access-Control-Allow-Origin %q, want *", got)
	}
}

func TestAPIErrors(t *testing.T) {
	s := newTestServer(t, apiConfig(Config{FrameAncestors: []string{"https://a.example"}}))
	for _, tc := range []struct {
		method, target string
		status         int
	}{
		{"GET", "/api/policies/nope", http.StatusNotFound},
		{"GET", "/api/policies/", http.StatusNotFound},
		{"GET", "/api/other", http.StatusNotFound},
		{"GET", "/api", http.StatusNotFound},
		{"GET", "/oembed?url=" + apiBase + "/nope", http.StatusNotFound},
		{"GET", "/oembed?url=https://elsewhere.example/legal/sample", http.StatusNotFound},
		{"GET", "/oembed?url=" + apiBase + "/sample&format=xml", http.StatusNotImplemented},
		{"POST", "/api/policies", http.StatusMethodNotAllowed},
		{"PUT", "/api/policies/sample", http.StatusMethodNotAllowed},
		{"DELETE", "/api/policies/sample", http.StatusMethodNotAllowed},
		{"PATCH", "/legal/api/policies", http.StatusMethodNotAllowed},
		{"POST", "/oembed", http.StatusMethodNotAllowed},
	} {
		rec := do(t, s, tc.method, tc.target, "Origin", "https://a.example")
		var e struct {
			Error string `json:"error"`
		}
		err := json.Unmarshal(rec.Body.Bytes(), &e)
		if rec.Code != tc.status || err != nil || e.Error == "" || rec.Header().Get("Content-Type") != "application/json; charset=utf-8" {
			t.Errorf("%s %s: %d %q (%v); want %d with {\"error\": ...}", tc.method, tc.target, rec.Code, rec.Body, err, tc.status)
		}
		// The error is readable by an allowed script.
		if rec.Header().Get("Access-Control-Allow-Origin") != "https://a.example" {
			t.Errorf("%s %s: no Access-Control-Allow-Origin", tc.method, tc.target)
		}
		if tc.status == http.StatusMethodNotAllowed && !strings.Contains(rec.Header().Get("Allow"), "GET") {
			t.Errorf("%s %s: Allow %q", tc.method, tc.target, rec.Header().Get("Allow"))
		}
	}
	if rec := do(t, s, "HEAD", "/api/policies/sample"); rec.Code != http.StatusOK || rec.Body.Len() != 0 {
		t.Errorf("HEAD: %d with %d bytes", rec.Code, rec.Body.Len())
	}
	// Pages keep their plain 405.
	if rec := do(t, s, "POST", "/sample"); rec.Code != http.StatusMethodNotAllowed {
		t.Errorf("POST /sample: %d", rec.Code)
	}
	if rec := do(t, s, "OPTIONS", "/sample"); rec.Code != http.StatusMethodNotAllowed {
		t.Errorf("OPTIONS /sample: %d", rec.Code)
	}
}

// TestEmbedPages checks the framing policy and what the /embed/ pages and
// /embed.js (and its types and manifest) are made of.
func TestEmbedPages(t *testing.T) {
	s := newTestServer(t, apiConfig(Config{FrameAncestors: []string{"https://a.example", "https://*.b.example"}}))
	frameAncestors := func(rec *httptest.ResponseRecorder) string {
		for _, d := range strings.Split(rec.Header().Get("Content-Security-Policy"), ";") {
			if v, ok := strings.CutPrefix(strings.TrimSpace(d), "frame-ancestors "); ok {
				return v
			}
		}
		return ""
	}
	for _, target := range []string{"/embed/sample", "/embed/sample?toc=1&theme=dark", "/legal/embed/sample"} {
		rec := do(t, s, "GET", target)
		if rec.Code != http.StatusOK {
			t.Fatalf("GET %s: %d", target, rec.Code)
		}
		if got := frameAncestors(rec); got != "'self' https://a.example https://*.b.example" {
			t.Errorf("GET %s: frame-ancestors %q", target, got)
		}
		if csp := rec.Header().Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'self'") || strings.Contains(csp, "unsafe-inline") {
			t.Errorf("GET %s: CSP %q", target, csp)
		}
		if got := rec.Header().Get("X-Robots-Tag"); got != "noindex, indexifembedded" {
			t.Errorf("GET %s: X-Robots-Tag %q, want noindex, indexifembedded", target, got)
		}
		page := rec.Body.String()
		// The policy's own page is the one to index.
		if want := `<link rel="canonical" href="` + apiBase + `/sample">`; !strings.Contains(page, want) || strings.Count(page, `rel="canonical"`) != 1 {
			t.Errorf("GET %s: no %s", target, want)
		}
		head, body, _ := strings.Cut(page, "<body>")
		if !strings.Contains(head, "<meta charset=\"utf-8\">\n<script src=\"/legal/web/frame.js\"></script>") ||
			strings.Index(head, "frame.js") > strings.Index(head, "<style>") {
			t.Errorf("GET %s: frame.js is not the first script, before the styles:\n%s", target, head)
		}
		for _, want := range []string{`class="page page-embed"`, `class="policy-embed"`, `id="cookies"`, `class="policy-embed-toc"`} {
			if !strings.Contains(body, want) {
				t.Errorf("GET %s: no %s in the page", target, want)
			}
		}
		for _, chrome := range []string{"site-header", "skip-link", "site-footer"} {
			if strings.Contains(body, chrome) {
				t.Errorf("GET %s: the page has the site's %s", target, chrome)
			}
		}
	}
	// Every other page may be framed by the site only.
	for _, target := range []string{"/sample", "/", "/web/app.css", "/api/policies", "/nope"} {
		if got := frameAncestors(do(t, s, "GET", target)); got != "'self'" {
			t.Errorf("GET %s: frame-ancestors %q, want 'self'", target, got)
		}
	}
	if rec := do(t, s, "GET", "/embed/nope"); rec.Code != http.StatusNotFound {
		t.Errorf("GET /embed/nope: %d", rec.Code)
	}
	// The server is under /legal: redirects stay there.
	if rec := do(t, s, "GET", "/embed/sample/?toc=1"); rec.Code != http.StatusMovedPermanently || rec.Header().Get("Location") != "/legal/embed/sample?toc=1" {
		t.Errorf("GET /embed/sample/: %d to %q", rec.Code, rec.Header().Get("Location"))
	}
	// Without frame ancestors, /embed/ pages may be framed by the site only.
	if got := frameAncestors(do(t, newTestServer(t, apiConfig(Config{})), "GET", "/embed/sample")); got != "'self'" {
		t.Errorf("no frame ancestors: frame-ancestors %q", got)
	}
	// Without -base-url the canonical link is a path of the site: it
	// resolves against the embed page's own URL.
	noBase := newTestServer(t, Config{Prefix: "/legal", Policies: os.DirFS("testdata/policies")})
	if page := do(t, noBase, "GET", "/legal/embed/sample").Body.String(); !strings.Contains(page, `<link rel="canonical" href="/legal/sample">`) {
		t.Errorf("without -base-url, /legal/embed/sample has no canonical link to /legal/sample")
	}

	// The host pages' script, its types and its manifest, at the root
	// and under /web/; the root's for pages of any origin.
	for _, c := range []struct{ name, contentType, has string }{
		{"embed.js", "text/javascript; charset=utf-8", "PolicyWidget"},
		{"embed.d.ts", "application/typescript; charset=utf-8", `"policy-widget": PolicyWidgetElement`},
		{"custom-elements.json", jsonType, `"schemaVersion"`},
	} {
		for _, target := range []string{"/" + c.name, "/legal/" + c.name, "/web/" + c.name} {
			rec := do(t, s, "GET", target)
			if rec.Code != http.StatusOK || rec.Header().Get("Content-Type") != c.contentType ||
				!strings.Contains(rec.Body.String(), c.has) || rec.Header().Get("ETag") == "" {
				t.Errorf("GET %s: %d %q, want 200 %q with %s", target, rec.Code, rec.Header().Get("Content-Type"), c.contentType, c.has)
			}
		}
		if got := do(t, s, "GET", "/"+c.name).Header().Get("Cross-Origin-Resource-Policy"); got != "cross-origin" {
			t.Errorf("/%s: Cross-Origin-Resource-Policy %q", c.name, got)
		}
	}
}

// TestAPISince checks the changes of /api/policies/<slug>?since=<date>:
// changes.since is the version compared with, which follows the rule of
// the widget's own marks (policy.Document.SeenVersion): the newest version
// not newer than the date. A bad date is a 400.
func TestAPISince(t *testing.T) {
	s := newTestServer(t, apiConfig(Config{}))
	type changes struct {
		Since      *string  `json:"since"`
		CompareURL *string  `json:"compare_url"`
		Changed    []string `json:"changed"`
		Added      []string `json:"added"`
		Removed    []string `json:"removed"`
	}
	str := func(s string) *string { return &s }
	none := []string{}
	since2023 := changes{
		Since:      str("2023-05-10"),
		CompareURL: str(apiBase + "/sample/compare/2023-05-10...2024-03-01"),
		Changed:    []string{"", "what-we-collect", "cookies"},
		Added:      []string{"third-party-cookies"},
		Removed:    []string{"old-section"},
	}
	for _, tc := range []struct {
		name, target string
		want         changes
	}{
		{"the earlier version", "/api/policies/sample?since=2023-05-10", since2023},
		{"between the versions: the earlier one", "/api/policies/sample?since=2024-02-29", since2023},
		{"the current version", "/api/policies/sample?since=2024-03-01", changes{Since: str("2024-03-01"), Changed: none, Added: none, Removed: none}},
		{"later than the current version", "/api/policies/sample?since=2030-01-01", changes{Since: str("2024-03-01"), Changed: none, Added: none, Removed: none}},
		{"older than every version", "/api/policies/sample?since=2020-01-01", changes{Changed: none, Added: none, Removed: none}},
		{"a policy without versions", "/api/policies/terms?since=2023-05-10", changes{Changed: none, Added: none, Removed: none}},
		{"under the prefix", "/legal/api/policies/sample?since=2023-05-10", since2023},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rec := do(t, s, "GET", tc.target, "Accept-Encoding", "gzip, br")
			if rec.Code != http.StatusOK || rec.Header().Get("Content-Type") != jsonType {
				t.Fatalf("GET %s: %d %q %s", tc.target, rec.Code, rec.Header().Get("Content-Type"), rec.Body)
			}
			var got struct {
				Slug    string   `json:"slug"`
				HTML    string   `json:"html"`
				Changes *changes `json:"changes"`
			}
			if err := json.Unmarshal(rec.Body.Bytes(), &got); err != nil {
				t.Fatalf("GET %s: %v", tc.target, err)
			}
			if got.Changes == nil {
				t.Fatalf("GET %s: no changes in %s", tc.target, rec.Body)
			}
			if diff := cmp.Diff(tc.want, *got.Changes); diff != "" {
				t.Errorf("GET %s: changes (-want +got):\n%s", tc.target, diff)
			}
			// The rest of the answer is the policy's.
			if got.Slug == "" || got.HTML == "" {
				t.Errorf("GET %s: slug %q, html of %d bytes", tc.target, got.Slug, len(got.HTML))
			}
			etag := rec.Header().Get("ETag")
			if etag == "" || rec.Header().Get("Cache-Control") != "no-cache" {
				t.Errorf("GET %s: ETag %q, Cache-Control %q; want an ETag and no-cache", tc.target, etag, rec.Header().Get("Cache-Control"))
			}
			if r := do(t, s, "GET", tc.target, "If-None-Match", etag); r.Code != http.StatusNotModified {
				t.Errorf("GET %s with If-None-Match %s: %d, want 304", tc.target, etag, r.Code)
			}
		})
	}

	// Each version compared with has its own answer, and none is the
	// plain policy's; two dates of one version get the same answer.
	plain := do(t, s, "GET", "/api/policies/sample").Header().Get("ETag")
	a := do(t, s, "GET", "/api/policies/sample?since=2023-05-10").Header().Get("ETag")
	b := do(t, s, "GET", "/api/policies/sample?since=2024-02-29").Header().Get("ETag")
	c := do(t, s, "GET", "/api/policies/sample?since=2024-03-01").Header().Get("ETag")
	if a == plain || a != b || a == c || c == plain {
		t.Errorf("ETags: plain %s, since=2023-05-10 %s, since=2024-02-29 %s, since=2024-03-01 %s; want the second and third the same, the others apart", plain, a, b, c)
	}

	for _, target := range []string{
		"/api/policies/sample?since=",
		"/api/policies/sample?since=yesterday",
		"/api/policies/sample?since=2023-5-10",
		"/api/policies/sample?since=2023-02-30",
		"/api/policies/sample?since=2023-05-10T00:00:00Z",
		"/api/policies/sample?since=2023-05-10&since=2024-03-01",
		"/api/policies/terms?since=x",
	} {
		rec := do(t, s, "GET", target)
		var e struct {
			Error string `json:"error"`
		}
		err := json.Unmarshal(rec.Body.Bytes(), &e)
		if rec.Code != http.StatusBadRequest || err != nil || !strings.Contains(e.Error, "since=") || rec.Header().Get("Content-Type") != jsonType {
			t.Errorf("GET %s: %d %s (%v); want 400 with {\"error\": ...} naming since", target, rec.Code, rec.Body, err)
		}
	}
	if rec := do(t, s, "GET", "/api/policies/nope?since=2023-05-10"); rec.Code != http.StatusNotFound {
		t.Errorf("GET an unknown policy with since: %d, want 404", rec.Code)
	}
}

// TestAPIVersions checks that every policy lists its versions published
// so far, newest first, the one in effect included, with the URL of each
// version's page, and its upcoming version, as of the day; and that every
// page named is there.
func TestAPIVersions(t *testing.T) {
	type policy struct {
		Slug     string  `json:"slug"`
		Version  *string `json:"version"`
		Versions []struct {
			Date string `json:"date"`
			URL  string `json:"url"`
		} `json:"versions"`
		Upcoming *api.Upcoming `json:"upcoming"`
	}
	for _, tc := range []struct {
		at       string
		versions map[string][]string
		upcoming *api.Upcoming
	}{
		{"", map[string][]string{"sample": {"2024-03-01", "2023-05-10"}, "terms": {}}, nil},
		{"2024-02-29", map[string][]string{"sample": {"2023-05-10"}, "terms": {}}, &api.Upcoming{
			Date:       "2024-03-01",
			URL:        apiBase + "/sample/v/2024-03-01",
			CompareURL: apiBase + "/sample/compare/2023-05-10...2024-03-01",
		}},
	} {
		cfg := Config{}
		if tc.at != "" {
			cfg.At = testDay(t, tc.at)
		}
		s := newTestServer(t, apiConfig(cfg))
		var list struct{ Policies []policy }
		if err := json.Unmarshal(do(t, s, "GET", "/api/policies").Body.Bytes(), &list); err != nil {
			t.Fatal(err)
		}
		got := make(map[string][]string)
		var urls []string
		for _, p := range list.Policies {
			got[p.Slug] = []string{}
			for _, v := range p.Versions {
				got[p.Slug] = append(got[p.Slug], v.Date)
				if v.URL != apiBase+"/"+p.Slug+"/v/"+v.Date {
					t.Errorf("as of %q: %s, version %s: url %q", tc.at, p.Slug, v.Date, v.URL)
				}
				urls = append(urls, v.URL)
			}
			if p.Version != nil && (len(p.Versions) == 0 || p.Versions[0].Date != *p.Version) {
				t.Errorf("as of %q: %s: the first version is not the one in effect (%s): %v", tc.at, p.Slug, *p.Version, p.Versions)
			}
			if p.Slug == "sample" {
				if diff := cmp.Diff(tc.upcoming, p.Upcoming); diff != "" {
					t.Errorf("as of %q: upcoming (-want +got):\n%s", tc.at, diff)
				}
				if p.Upcoming != nil {
					urls = append(urls, p.Upcoming.URL, p.Upcoming.CompareURL)
				}
			} else if p.Upcoming != nil {
				t.Errorf("as of %q: %s has an upcoming version: %+v", tc.at, p.Slug, p.Upcoming)
			}
		}
		if diff := cmp.Diff(tc.versions, got); diff != "" {
			t.Errorf("as of %q: versions (-want +got):\n%s", tc.at, diff)
		}
		for _, u := range urls {
			path := strings.TrimPrefix(u, "https://legal.example.com")
			if rec := do(t, s, "GET", path); rec.Code != http.StatusOK {
				t.Errorf("as of %q: GET %s: %d", tc.at, path, rec.Code)
			}
		}
	}
}
