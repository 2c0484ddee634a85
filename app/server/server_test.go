//go:build !wasm

package server

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"encoding/xml"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/andybalholm/brotli"
	"github.com/google/go-cmp/cmp"

	"github.com/seqeralabs/policy-widget/app/internal/servertest"
	"github.com/seqeralabs/policy-widget/app/policy"
)

// The files of a test server and the request helper are servertest's,
// which the tests of package export share.
var (
	testWeb      = servertest.Web
	testPolicies = servertest.Policies
	do           = servertest.Do
)

// testConfig returns cfg with what a test leaves out: the base URL of
// `policy serve -addr 127.0.0.1:8000` (no canonical URL), testWeb, the
// privacy policy and a log that goes nowhere.
func testConfig(t testing.TB, cfg Config) Config {
	t.Helper()
	if cfg.BaseURL == "" {
		cfg.BaseURL, cfg.NoCanonical = "http://127.0.0.1:8000", true
	}
	if cfg.Web == nil {
		cfg.Web = testWeb(t)
	}
	if cfg.Policies == nil {
		cfg.Policies = testPolicies(t)
	}
	if cfg.Log == nil {
		cfg.Log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	return cfg
}

// newTestServer is the server of every test of this package: the real
// handler, made by New from testConfig(cfg). Tests send it requests in
// process (do, get), or through a real connection (listen).
func newTestServer(t testing.TB, cfg Config) *Server {
	t.Helper()
	s, err := New(testConfig(t, cfg))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// listen serves h on a loopback port until the test ends (httptest), and
// returns the server, whose Client talks to it.
func listen(t testing.TB, h http.Handler) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv
}

// get is do, returning the response.
func get(t testing.TB, h http.Handler, method, target string, header ...string) *http.Response {
	t.Helper()
	return do(t, h, method, target, header...).Result()
}

func body(t testing.TB, res *http.Response) string {
	t.Helper()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestPolicyPagePrerendered checks that the HTML sent for /privacy already
// holds the whole policy: readable without JavaScript and by crawlers.
func TestPolicyPagePrerendered(t *testing.T) {
	s := newTestServer(t, Config{})
	res := get(t, s, "GET", "/privacy")
	if res.StatusCode != http.StatusOK {
		t.Fatalf("status = %d, want 200", res.StatusCode)
	}
	if got := res.Header.Get("Content-Type"); got != "text/html; charset=utf-8" {
		t.Errorf("Content-Type = %q", got)
	}
	page := body(t, res)
	doc := s.Docs()[0]
	for _, want := range []string{
		`<html lang="en">`,
		`<title>Privacy Policy · Seqera Legal</title>`,
		doc.Description,
		`>Privacy policy</h1>`,
		`<strong>Functionality</strong>`,
		`<nav `,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("the page lacks %q", want)
		}
	}
	// go-app wraps long text lines; HTML folds the white space.
	if !regexp.MustCompile(`Carrer\s+de\s+Marià\s+Aguiló,\s+28\s+-\s+Barcelona\s+08005,\s+Spain\.`).MatchString(page) {
		t.Error("the page lacks the policy's last paragraph")
	}
	var walk func([]*policy.TOCEntry)
	walk = func(entries []*policy.TOCEntry) {
		for _, e := range entries {
			if !regexp.MustCompile(`<h2[^>]* id="` + e.ID + `"`).MatchString(page) {
				t.Errorf("no heading with id %q in the page", e.ID)
			}
			if !strings.Contains(page, `href="#`+e.ID+`"`) {
				t.Errorf("no TOC link to #%s in the page", e.ID)
			}
			walk(e.Children)
		}
	}
	walk(doc.TOC)
	if strings.Contains(page, "user-scalable=0") || strings.Contains(page, "maximum-scale") {
		t.Error("the viewport meta blocks zooming")
	}
	if strings.Contains(page, "raw.githubusercontent.com") {
		t.Error("the page loads go-app's remote default icons")
	}
}

func TestIndexAndNotFound(t *testing.T) {
	s := newTestServer(t, Config{})
	res := get(t, s, "GET", "/")
	if page := body(t, res); res.StatusCode != 200 || !strings.Contains(page, `href="/privacy"`) {
		t.Errorf("GET / = %d, want 200 with a link to /privacy", res.StatusCode)
	}
	for _, path := range []string{"/nope", "/privacy/extra", "/PRIVACY", "/404.html/x"} {
		res := get(t, s, "GET", path)
		page := body(t, res)
		if res.StatusCode != http.StatusNotFound || !strings.Contains(page, "Page not found") {
			t.Errorf("GET %s = %d, want 404 with the not-found page", path, res.StatusCode)
		}
		if res.Header.Get("ETag") != "" {
			t.Errorf("GET %s: a 404 carries an ETag", path)
		}
	}
	if res := get(t, s, "GET", "/web/nope.css"); res.StatusCode != http.StatusNotFound {
		t.Errorf("GET /web/nope.css = %d, want 404", res.StatusCode)
	}
	if res := get(t, s, "GET", "/web/web.go"); res.StatusCode != http.StatusNotFound {
		t.Errorf("GET /web/web.go = %d, want 404", res.StatusCode)
	}
	if res := get(t, s, "GET", "/privacy/"); res.StatusCode != http.StatusMovedPermanently || res.Header.Get("Location") != "/privacy" {
		t.Errorf("GET /privacy/ = %d to %q, want 301 to /privacy", res.StatusCode, res.Header.Get("Location"))
	}
}

func TestMethods(t *testing.T) {
	s := newTestServer(t, Config{})
	for _, m := range []string{"POST", "PUT", "DELETE", "PATCH"} {
		res := get(t, s, m, "/privacy")
		if res.StatusCode != http.StatusMethodNotAllowed || res.Header.Get("Allow") == "" {
			t.Errorf("%s /privacy = %d (Allow %q), want 405 with Allow", m, res.StatusCode, res.Header.Get("Allow"))
		}
	}
	res := get(t, s, "HEAD", "/privacy")
	if b := body(t, res); res.StatusCode != 200 || b != "" || res.Header.Get("Content-Length") == "" {
		t.Errorf("HEAD /privacy = %d with %d bytes, want 200, no body, a Content-Length", res.StatusCode, len(b))
	}
}

func TestCompressionAndETags(t *testing.T) {
	s := newTestServer(t, Config{})
	for _, path := range []string{"/privacy", "/app.js", "/web/app.css", "/manifest.webmanifest"} {
		plain := get(t, s, "GET", path)
		want := body(t, plain)
		if plain.Header.Get("Content-Encoding") != "" {
			t.Errorf("%s: encoded without Accept-Encoding", path)
		}
		for _, tc := range []struct{ accept, enc string }{
			{"gzip", "gzip"},
			{"gzip, deflate, br", "br"},
			{"br;q=0, gzip", "gzip"},
			{"identity", ""},
		} {
			res := get(t, s, "GET", path, "Accept-Encoding", tc.accept)
			if got := res.Header.Get("Content-Encoding"); got != tc.enc {
				t.Errorf("%s with Accept-Encoding %q: Content-Encoding %q, want %q", path, tc.accept, got, tc.enc)
				continue
			}
			var r io.Reader = res.Body
			switch tc.enc {
			case "gzip":
				zr, err := gzip.NewReader(res.Body)
				if err != nil {
					t.Fatal(err)
				}
				r = zr
			case "br":
				r = brotli.NewReader(res.Body)
			}
			got, err := io.ReadAll(r)
			if err != nil || string(got) != want {
				t.Errorf("%s %s: decoded body differs from the plain one (err %v)", path, tc.enc, err)
			}
			if res.Header.Get("Vary") != "Accept-Encoding" {
				t.Errorf("%s: no Vary: Accept-Encoding", path)
			}
		}
		etag := plain.Header.Get("ETag")
		if etag == "" || plain.Header.Get("Cache-Control") != "no-cache" {
			t.Errorf("%s: ETag %q, Cache-Control %q; want an ETag and no-cache", path, etag, plain.Header.Get("Cache-Control"))
		}
		if res := get(t, s, "GET", path, "If-None-Match", etag); res.StatusCode != http.StatusNotModified {
			t.Errorf("%s with If-None-Match: %d, want 304", path, res.StatusCode)
		}
		if res := get(t, s, "GET", path, "If-None-Match", `"other"`); res.StatusCode != http.StatusOK {
			t.Errorf("%s with a stale If-None-Match: %d, want 200", path, res.StatusCode)
		}
	}
}

func TestSecurityHeaders(t *testing.T) {
	s := newTestServer(t, Config{})
	res := get(t, s, "GET", "/privacy")
	csp := res.Header.Get("Content-Security-Policy")
	for _, want := range []string{"default-src 'self'", "frame-ancestors 'self'", "'wasm-unsafe-eval'"} {
		if !strings.Contains(csp, want) {
			t.Errorf("CSP %q lacks %q", csp, want)
		}
	}
	if strings.Contains(csp, "unsafe-inline") {
		t.Errorf("CSP allows unsafe-inline: %q", csp)
	}
	// The page's inline style sheet is allowed by its hash, and it is the
	// page's only style: no stylesheet link, no style attribute.
	for _, target := range []string{"/privacy", "/embed/privacy"} {
		res := get(t, s, "GET", target)
		page := body(t, res)
		_, css, ok := strings.Cut(page, "<style>")
		css, _, ok2 := strings.Cut(css, "</style>")
		if !ok || !ok2 || strings.Count(page, "<style") != 1 {
			t.Fatalf("GET %s: want one inline style sheet", target)
		}
		source := sha256Source(css)
		csp := res.Header.Get("Content-Security-Policy")
		styleSrc := cspDirective(csp, "style-src")
		if !slices.Contains(strings.Fields(styleSrc), source) {
			t.Errorf("GET %s: style-src %q lacks the inline style sheet's hash %s", target, styleSrc, source)
		}
		if strings.Contains(page, `rel="stylesheet"`) || strings.Contains(page, " style=") {
			t.Errorf("GET %s: a style besides the inline sheet", target)
		}
		// Its one inline script, the starter, is allowed by its hash too,
		// and adds the page's scripts in their order.
		_, js, ok := strings.Cut(page, "<script>")
		js, _, ok2 = strings.Cut(js, "</script>")
		if !ok || !ok2 || strings.Count(page, "<script>") != 1 {
			t.Fatalf("GET %s: want one inline script", target)
		}
		source = sha256Source(js)
		scriptSrc := cspDirective(csp, "script-src")
		if !slices.Contains(strings.Fields(scriptSrc), source) {
			t.Errorf("GET %s: script-src %q lacks the inline script's hash %s", target, scriptSrc, source)
		}
		if i, j, k := strings.Index(js, `"/wasm_exec.js"`), strings.Index(js, `"/app.js"`), strings.Index(js, `"/web/nav.js"`); i < 0 || !(i < j && j < k) {
			t.Errorf("GET %s: the starter does not add wasm_exec.js, app.js and nav.js in this order: %s", target, js)
		}
	}
	if res.Header.Get("X-Content-Type-Options") != "nosniff" {
		t.Error("no X-Content-Type-Options: nosniff")
	}
}

// sha256Source is the CSP source of an inline text, computed here rather
// than with the server's cspHash, so that the test checks it.
func sha256Source(text string) string {
	sum := sha256.Sum256([]byte(text))
	return "'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'"
}

// cspDirective returns the value of a directive of a Content-Security-Policy.
func cspDirective(csp, name string) string {
	for _, d := range strings.Split(csp, ";") {
		if v, ok := strings.CutPrefix(strings.TrimSpace(d), name+" "); ok {
			return v
		}
	}
	return ""
}

// TestBrokenPolicyStopsStart checks that a server never starts with a
// broken policy, and says which file and line is wrong.
func TestBrokenPolicyStopsStart(t *testing.T) {
	good := "---\ntitle: Terms\n---\n\n# Terms\n\nText.\n"
	for _, tc := range []struct {
		name, src, want string
	}{
		{"no front matter", "# Terms\n\nText.\n", "terms.md:1:1: missing front matter"},
		{"no title", "---\ndescription: x\n---\n\nText.\n", "terms.md:1:1: front matter has no title"},
		{"bad yaml", "---\ntitle: [x\n---\n\nText.\n", "terms.md:"},
		{"bad date", "---\ntitle: T\nupdated: 27/02/2021\n---\n\nText.\n", "terms.md:3:10: updated"},
		{"duplicate ids", "---\ntitle: T\n---\n\n## A {#x}\n\n## B {#x}\n", "terms.md:7:6: heading id \"x\" is already used on line 5"},
		{"empty body", "---\ntitle: T\n---\n\n\n", "terms.md:4:1: the policy has no text"},
		{"invalid UTF-8", "---\ntitle: T\n---\n\nok\n\xff\n", "terms.md:6:1: invalid UTF-8"},
		{"id of the page", "---\ntitle: T\n---\n\n## TOC panel\n\nText.\n", "terms.md:5:1: heading \"TOC panel\" has the id \"toc-panel\", which the page uses itself"},
		{"link to no section", "---\ntitle: T\n---\n\nSee [x](#nowhere).\n", "terms.md:5:5: link to #nowhere"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fsys := testPolicies(t)
			fsys["terms.md"] = &fstest.MapFile{Data: []byte(tc.src)}
			_, err := New(testConfig(t, Config{Policies: fsys}))
			var perr *policy.Error
			if !errors.As(err, &perr) || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("New = %v, want an error containing %q", err, tc.want)
			}
		})
	}
	fsys := testPolicies(t)
	fsys["terms.md"] = &fstest.MapFile{Data: []byte(good)}
	newTestServer(t, Config{Policies: fsys})
}

func TestMissingWasm(t *testing.T) {
	w := testWeb(t)
	delete(w, "app.wasm")
	_, err := New(testConfig(t, Config{Web: w}))
	if err == nil || !strings.Contains(err.Error(), "make build") {
		t.Errorf("New without app.wasm = %v, want an error naming make build", err)
	}
}

func TestBuildFollowsContent(t *testing.T) {
	w, p := testWeb(t), testPolicies(t)
	b1, err := BuildID(w, p)
	if err != nil {
		t.Fatal(err)
	}
	if b2, _ := BuildID(testWeb(t), testPolicies(t)); b2 != b1 {
		t.Errorf("same content, builds %s and %s", b1, b2)
	}
	changed := testPolicies(t)
	changed["privacy.md"].Data = bytes.Replace(changed["privacy.md"].Data, []byte("one month"), []byte("two weeks"), 1)
	if b3, _ := BuildID(w, changed); b3 == b1 {
		t.Error("a changed policy kept the build")
	}
	w2 := testWeb(t)
	w2["app.css"].Data = append(w2["app.css"].Data, '\n')
	if b4, _ := BuildID(w2, p); b4 == b1 {
		t.Error("a changed asset kept the build")
	}
	s := newTestServer(t, Config{Web: w, Policies: p})
	if s.Build() != b1 {
		t.Errorf("server build %s, want %s", s.Build(), b1)
	}
	if js := body(t, get(t, s, "GET", "/app.js")); !strings.Contains(js, b1) {
		t.Error("app.js does not carry the build")
	}
}

func TestPrefix(t *testing.T) {
	s := newTestServer(t, Config{Prefix: "/legal"})
	for _, path := range []string{"/legal/privacy", "/privacy"} {
		res := get(t, s, "GET", path)
		page := body(t, res)
		if res.StatusCode != 200 {
			t.Errorf("GET %s = %d, want 200", path, res.StatusCode)
		}
		for _, want := range []string{`href="/legal/"`, `"/legal/app.js"`, `"/legal/web/nav.js"`, `href="/legal/web/icon.svg"`} {
			if !strings.Contains(page, want) {
				t.Errorf("GET %s lacks %s", path, want)
			}
		}
	}
	if res := get(t, s, "GET", "/legal/web/app.css"); res.StatusCode != 200 {
		t.Errorf("GET /legal/web/app.css = %d", res.StatusCode)
	}
	if res := get(t, s, "GET", "/legal"); res.StatusCode != http.StatusMovedPermanently || res.Header.Get("Location") != "/legal/" {
		t.Errorf("GET /legal = %d to %q, want 301 to /legal/", res.StatusCode, res.Header.Get("Location"))
	}
	if m := body(t, get(t, s, "GET", "/legal/manifest.webmanifest")); !strings.Contains(m, `"/legal/"`) {
		t.Errorf("the manifest's scope is not /legal/: %s", m)
	}
}

func TestRobotsAndSitemap(t *testing.T) {
	s := newTestServer(t, Config{BaseURL: "https://legal.example.com"})
	if got := body(t, get(t, s, "GET", "/robots.txt")); !strings.Contains(got, "Sitemap: https://legal.example.com/sitemap.xml") {
		t.Errorf("robots.txt = %q", got)
	}
	got := body(t, get(t, s, "GET", "/sitemap.xml"))
	if !strings.Contains(got, "<loc>https://legal.example.com/privacy</loc><lastmod>2021-02-27</lastmod>") {
		t.Errorf("sitemap.xml = %q", got)
	}

	// With versions: the list of versions and every version's page, each
	// of which the server serves; not the compare pages.
	s = newTestServer(t, Config{BaseURL: "https://legal.example.com/legal", Policies: os.DirFS("testdata/policies")})
	var sitemap struct {
		URLs []struct {
			Loc     string `xml:"loc"`
			LastMod string `xml:"lastmod"`
		} `xml:"url"`
	}
	if err := xml.Unmarshal([]byte(body(t, get(t, s, "GET", "/sitemap.xml"))), &sitemap); err != nil {
		t.Fatal(err)
	}
	var urls []string
	for _, u := range sitemap.URLs {
		urls = append(urls, strings.TrimPrefix(u.Loc, "https://legal.example.com")+" "+u.LastMod)
		path := strings.TrimPrefix(u.Loc, "https://legal.example.com")
		if res := get(t, s, "GET", path); res.StatusCode != http.StatusOK {
			t.Errorf("GET %s, listed in the sitemap: %d", path, res.StatusCode)
		}
	}
	want := []string{
		"/legal/ ",
		"/legal/sample 2024-03-01",
		"/legal/sample/versions 2024-03-01",
		"/legal/sample/v/2024-03-01 2024-03-01",
		"/legal/sample/v/2023-05-10 2023-05-10",
		"/legal/terms ",
	}
	if diff := cmp.Diff(want, urls); diff != "" {
		t.Errorf("sitemap (-want +got):\n%s", diff)
	}
}

// TestPrecompressed checks that build-time .br and .gz forms are served
// when they match the file, and ignored when they are left over from
// another build.
func TestPrecompressed(t *testing.T) {
	w := testWeb(t)
	wasm := w["app.wasm"].Data
	var br, gz bytes.Buffer
	bw := brotli.NewWriter(&br)
	bw.Write(wasm)
	bw.Close()
	zw := gzip.NewWriter(&gz)
	zw.Write(wasm)
	zw.Close()
	w["app.wasm.br"] = &fstest.MapFile{Data: br.Bytes()}
	w["app.wasm.gz"] = &fstest.MapFile{Data: gz.Bytes()}
	s := newTestServer(t, Config{Web: w})
	res := get(t, s, "GET", "/web/app.wasm", "Accept-Encoding", "br")
	if got := body(t, res); res.Header.Get("Content-Encoding") != "br" || got != br.String() {
		t.Errorf("app.wasm with br: encoding %q, %d bytes; want the precompressed %d bytes", res.Header.Get("Content-Encoding"), len(got), br.Len())
	}
	if res := get(t, s, "GET", "/web/app.wasm.br"); res.StatusCode != http.StatusNotFound {
		t.Errorf("GET /web/app.wasm.br = %d, want 404", res.StatusCode)
	}

	stale := testWeb(t)
	stale["app.wasm"].Data = []byte("\x00asm\x01\x00\x00\x00 another build")
	stale["app.wasm.br"] = w["app.wasm.br"]
	stale["app.wasm.gz"] = w["app.wasm.gz"]
	s = newTestServer(t, Config{Web: stale})
	res = get(t, s, "GET", "/web/app.wasm", "Accept-Encoding", "br")
	if got := body(t, res); got == br.String() {
		t.Error("a stale precompressed app.wasm.br was served")
	}
}

func TestBadOriginsStopStart(t *testing.T) {
	for _, cfg := range []Config{
		{FrameAncestors: []string{"https://ok.example", "javascript:alert(1)"}},
		{CORSOrigins: []string{"https://ok.example/path"}},
	} {
		if _, err := New(testConfig(t, cfg)); err == nil || !strings.Contains(err.Error(), "are not origins") {
			t.Errorf("New with frame ancestors %q, CORS origins %q = %v, want an error naming the bad origins", cfg.FrameAncestors, cfg.CORSOrigins, err)
		}
	}
}

// TestRequestLog checks the one line per request, in JSON, and that health
// checks are logged at debug level only.
func TestRequestLog(t *testing.T) {
	for _, level := range []slog.Level{slog.LevelInfo, slog.LevelDebug} {
		var buf bytes.Buffer
		s := newTestServer(t, Config{Prefix: "/legal", Log: slog.New(slog.NewJSONHandler(&buf, &slog.HandlerOptions{Level: level}))})
		buf.Reset() // start-up messages
		type line struct {
			Level    string
			Msg      string
			Method   string
			Path     string
			Status   int
			Bytes    int
			Duration int64
			Remote   string
		}
		var want []line
		for _, tc := range []struct {
			method, target string
			status         int
		}{
			{"GET", "/legal/privacy", 200},
			{"HEAD", "/privacy", 200},
			{"GET", "/nope", 404},
			{"POST", "/privacy", 405},
			{"GET", "/legal/healthz", 200},
			{"GET", "/legal", 301},
		} {
			req := httptest.NewRequest(tc.method, tc.target, nil)
			req.Header.Set("Accept-Encoding", "br")
			rec := httptest.NewRecorder()
			s.ServeHTTP(rec, req)
			if tc.target == "/legal/healthz" && level != slog.LevelDebug {
				continue
			}
			lv := "INFO"
			if tc.target == "/legal/healthz" {
				lv = "DEBUG"
			}
			want = append(want, line{lv, "request", tc.method, tc.target, tc.status, rec.Body.Len(), 0, req.RemoteAddr})
		}
		var got []line
		for _, l := range bytes.Split(bytes.TrimSpace(buf.Bytes()), []byte("\n")) {
			var g line
			if err := json.Unmarshal(l, &g); err != nil {
				t.Fatalf("log line %q: %v", l, err)
			}
			if g.Duration <= 0 {
				t.Errorf("log line %s: no duration", l)
			}
			g.Duration = 0
			got = append(got, g)
		}
		if len(got) != len(want) {
			t.Fatalf("level %v: %d log lines, want %d:\n%s", level, len(got), len(want), buf.Bytes())
		}
		for i := range want {
			if got[i] != want[i] {
				t.Errorf("level %v: log line %d = %+v, want %+v", level, i, got[i], want[i])
			}
		}
	}
}

// waitInFlight waits until the server is serving a request, and a little
// more, for up to 10 seconds: closing it before its handler has the request
// would close an idle connection, which is not what the tests are about (on
