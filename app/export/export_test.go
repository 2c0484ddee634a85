//go:build !wasm

package export

import (
	"bufio"
	"bytes"
	"io"
	"io/fs"
	"log/slog"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/net/html"

	"github.com/seqeralabs/policy-widget/app/internal/servertest"
	"github.com/seqeralabs/policy-widget/app/policy"
	"github.com/seqeralabs/policy-widget/app/policy/markdown"
	"github.com/seqeralabs/policy-widget/app/policy/markdown/historytest"
	"github.com/seqeralabs/policy-widget/app/server"
	"github.com/seqeralabs/policy-widget/app/site"
	"github.com/seqeralabs/policy-widget/app/ui"
)

// exportOrigin is the one origin that may frame the embed pages and read
// the API in the export tests.
const exportOrigin = "https://app.example.com"

// newTestServer is the server of every test of this package: server.New
// of cfg with the files of servertest, the assets with a stand-in client
// and the privacy policy, and a log that goes nowhere.
func newTestServer(t testing.TB, cfg server.Config) *server.Server {
	t.Helper()
	if cfg.Web == nil {
		cfg.Web = servertest.Web(t)
	}
	if cfg.Policies == nil {
		cfg.Policies = servertest.Policies(t)
	}
	cfg.Log = slog.New(slog.NewTextHandler(io.Discard, nil))
	s, err := server.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// exportConfig is cfg on the versioned policies under prefix, as `policy
// export` makes it.
func exportConfig(t *testing.T, prefix string, cfg server.Config) server.Config {
	t.Helper()
	cfg.Prefix = prefix
	cfg.BaseURL = "https://legal.example.com" + prefix
	cfg.Policies = servertest.VersionedPolicies(t)
	return cfg
}

// export writes the site of s into a new folder and returns it.
func export(t *testing.T, s *server.Server) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "site")
	if _, err := Write(dir, s, Options{}); err != nil {
		t.Fatal(err)
	}
	return dir
}

// hostHeaders are the headers that a static host must be told to send: the
// export's _headers gives each of them, for every file, the value that the
// server sends.
var hostHeaders = []string{
	"Content-Security-Policy", "Permissions-Policy", "X-Content-Type-Options", "Referrer-Policy",
	"Cache-Control", "X-Robots-Tag", "Cross-Origin-Resource-Policy",
	"Access-Control-Allow-Origin", "Access-Control-Expose-Headers",
}

// knownTypes are the extensions whose Content-Type every static host
// gives right; the others must be in explicitTypes.
var knownTypes = []string{".css", ".html", ".js", ".json", ".png", ".svg", ".txt", ".xml"}

// TestExportSameAsServed exports the site, at the root and under a prefix,
// and checks every file against the server's answer at its URL: the same
// bytes in each encoding, and the headers that _headers must give.
func TestExportSameAsServed(t *testing.T) {
	for _, prefix := range []string{"", "/legal"} {
		t.Run("prefix="+prefix, func(t *testing.T) {
			s := newTestServer(t, exportConfig(t, prefix, server.Config{FrameAncestors: []string{exportOrigin}}))
			dir := export(t, s)
			files, err := filesOf(s)
			if err != nil {
				t.Fatal(err)
			}
			for _, f := range files {
				name := f.name
				target := prefix + f.Path
				if f.Path == site.NotFound.Path() {
					target = prefix + "/no-such-page"
				}
				for _, enc := range []struct{ accept, ext string }{{"", ""}, {"gzip", ".gz"}, {"br", ".br"}} {
					rec := servertest.Do(t, s, "GET", target, "Accept-Encoding", enc.accept, "Origin", exportOrigin)
					if ce := rec.Header().Get("Content-Encoding"); ce != "" && ce != enc.accept {
						t.Fatalf("GET %s with Accept-Encoding %q: Content-Encoding %q", target, enc.accept, ce)
					}
					want := rec.Body.Bytes()
					if enc.ext != "" && rec.Header().Get("Content-Encoding") == "" {
						// Not worth compressing: no sibling.
						if _, err := os.Stat(filepath.Join(dir, name+enc.ext)); err == nil {
							t.Errorf("%s%s is written, but the server sends %s uncompressed", name, enc.ext, target)
						}
						continue
					}
					got, err := os.ReadFile(filepath.Join(dir, name+enc.ext))
					if err != nil {
						t.Errorf("GET %s: %v", target, err)
						continue
					}
					if !bytes.Equal(got, want) {
						t.Errorf("%s%s differs from what GET %s (Accept-Encoding %q) sends: %d and %d bytes", name, enc.ext, target, enc.accept, len(got), len(want))
					}
				}
				rec := servertest.Do(t, s, "GET", target, "Origin", exportOrigin)
				wantStatus := http.StatusOK
				if f.Path == site.NotFound.Path() {
					wantStatus = http.StatusNotFound
				}
				if rec.Code != wantStatus {
					t.Errorf("GET %s: %d, want %d", target, rec.Code, wantStatus)
				}
				for _, h := range hostHeaders {
					if got, want := f.Header.Get(h), rec.Header().Get(h); got != want {
						t.Errorf("%s: the export gives %s %q, the server %q", target, h, got, want)
					}
				}
				ext := path.Ext(name)
				switch ct := f.Header.Get("Content-Type"); {
				case slices.Contains(explicitTypes, ext):
					if ct != rec.Header().Get("Content-Type") {
						t.Errorf("%s: the export gives Content-Type %q, the server %q", target, ct, rec.Header().Get("Content-Type"))
					}
				case ct != "":
					t.Errorf("%s: the export gives Content-Type %q, which its extension gives", target, ct)
				case !slices.Contains(knownTypes, ext):
					t.Errorf("%s: no host is known to give files %s their type: add %q to explicitTypes or knownTypes", name, ext, ext)
				}
			}
		})
	}
}

// TestExportHasEverything checks that the export holds a file for every
// path that the server serves, found apart from files: the pages of the
// site, the feeds, go-app's files, the files of web/, the style sheets,
// embed.js, the API, robots.txt and sitemap.xml; that every file the
// service worker precaches is in it; and that every link and script of
// every page leads to a file, as a static host finds it.
func TestExportHasEverything(t *testing.T) {
	const prefix = "/legal"
	s := newTestServer(t, exportConfig(t, prefix, server.Config{}))
	dir := export(t, s)
	var names []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			rel, _ := filepath.Rel(dir, p)
			names = append(names, filepath.ToSlash(rel))
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	// find returns the file that a static host serves at the URL path p
	// (with the prefix), as nginx's try_files $uri $uri.html
	// $uri/index.html does, or "".
	find := func(p string) string {
		rest, ok := strings.CutPrefix(p, prefix+"/")
		if !ok {
			return ""
		}
		for _, name := range []string{rest, rest + ".html", path.Join(rest, "index.html")} {
			if slices.Contains(names, strings.TrimPrefix(name, "/")) {
				return name
			}
		}
		return ""
	}

	want := []string{"/", "/robots.txt", "/sitemap.xml", "/embed.js", "/embed.d.ts", "/custom-elements.json", "/api/policies.json", "/404.html"}
	// go-app's files, which the server generates.
	want = append(want, site.AppJS.Pattern, site.Worker.Pattern, site.Manifest.Pattern, site.WasmExec.Pattern, site.AppCSS.Pattern)
	pages := ui.NewSiteAt(prefix, s.Docs(), s.Day())
	for _, p := range append(pages.Pages(), pages.LinkedPages()...) {
		if !slices.Contains(want, p.Path) {
			want = append(want, p.Path)
		}
	}
	for _, d := range s.Docs() {
		want = append(want, site.Feed.Path(d.Slug), "/api/policies/"+d.Slug+".json")
	}
	err = fs.WalkDir(servertest.Web(t), ".", func(name string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			want = append(want, "/web/"+name)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{
		"/privacy", "/privacy/versions", "/privacy/v/2020-06-01", "/privacy/v/2021-02-27",
		"/privacy/compare/2020-06-01...2021-02-27", "/privacy/changes.atom", "/embed/privacy",
	} {
		if !slices.Contains(want, p) {
			t.Errorf("the site lacks %s: is the earlier version of the test policy loaded?", p)
		}
	}
	for _, p := range want {
		if find(prefix+p) == "" {
			t.Errorf("no file for %s%s", prefix, p)
		}
	}

	worker, err := os.ReadFile(filepath.Join(dir, "app-worker.js"))
	if err != nil {
		t.Fatal(err)
	}
	precached := servertest.PrecacheList(t, string(worker))
	for _, p := range precached {
		p, _, _ = strings.Cut(p, "?")
		if p == prefix {
			p += "/" // the worker asks for the index at the prefix with a slash
		}
		if find(p) == "" {
			t.Errorf("the worker precaches %s, which has no file", p)
		}
		if strings.HasSuffix(p, ".html") {
			t.Errorf("the worker precaches %s: a host that redirects x.html to x would answer with a redirect", p)
		}
	}

	// Every file is one that the server serves, a compressed form of one,
	// _headers or _nginx.conf.
	files, err := filesOf(s)
	if err != nil {
		t.Fatal(err)
	}
	var wantNames []string
	for _, f := range files {
		name := f.name
		wantNames = append(wantNames, name)
		if f.Compressed() {
			wantNames = append(wantNames, name+".gz", name+".br")
		}
	}
	wantNames = append(wantNames, headersName, nginxName)
	slices.Sort(wantNames)
	slices.Sort(names)
	if diff := cmp.Diff(wantNames, names); diff != "" {
		t.Errorf("files of the export (-want +got):\n%s", diff)
	}
	if !slices.Contains(names, "web/app.wasm") || !slices.Contains(names, "privacy.html") || !slices.Contains(names, "privacy.html.gz") ||
		!slices.Contains(names, "api/policies/privacy.json") || !slices.Contains(names, "index.html") {
		t.Errorf("the export lacks a file it must have: %q", names)
	}

	// Links, scripts, styles and icons of every page.
	for _, name := range names {
		if !strings.HasSuffix(name, ".html") {
			continue
		}
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		for _, ref := range pageRefs(t, b) {
			if strings.HasPrefix(ref, "#") || strings.HasPrefix(ref, "https://legal.example.com/") || strings.HasPrefix(ref, "mailto:") {
				continue
			}
			p, _, _ := strings.Cut(ref, "#")
			p, _, _ = strings.Cut(p, "?")
			if !strings.HasPrefix(p, prefix+"/") && p != prefix {
				if strings.HasPrefix(p, "/") {
					t.Errorf("%s links to %s, outside %s/", name, ref, prefix)
				}
				continue
			}
			if p == prefix {
				p += "/"
			}
			if find(p) == "" {
				t.Errorf("%s links to %s, which has no file", name, ref)
			}
		}
	}
}

// pageRefs returns the href and src attributes of an HTML page.
func pageRefs(t *testing.T, page []byte) []string {
	t.Helper()
	doc, err := html.Parse(bytes.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	var refs []string
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		for _, a := range n.Attr {
			if a.Key == "href" || a.Key == "src" {
				refs = append(refs, a.Val)
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	return refs
}

// parsedRule is a rule of a _headers file.
type parsedRule struct {
	pattern string
	header  [][2]string // name, value in the order of the file
}

// parseHeaders reads a _headers file as Netlify and Cloudflare Pages do:
// a line that starts with / opens a rule, an indented "Name: value" adds
// a header to it, # starts a comment.
func parseHeaders(t *testing.T, b []byte) []parsedRule {
	t.Helper()
	var rules []parsedRule
	sc := bufio.NewScanner(bytes.NewReader(b))
	sc.Buffer(nil, 1<<20)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if len(line) > 2000 {
			t.Errorf("_headers:%d: %d characters; Cloudflare Pages takes 2,000 at most", n, len(line))
		}
		trimmed := strings.TrimSpace(line)
		switch {
		case trimmed == "" || strings.HasPrefix(trimmed, "#"):
		case strings.HasPrefix(line, "/"):
			rules = append(rules, parsedRule{pattern: trimmed})
		case strings.HasPrefix(line, "  ") && len(rules) > 0:
			name, value, ok := strings.Cut(trimmed, ":")
			if !ok || strings.TrimSpace(value) == "" {
				t.Fatalf("_headers:%d: %q is not a header", n, line)
			}
			r := &rules[len(rules)-1]
			r.header = append(r.header, [2]string{strings.TrimSpace(name), strings.TrimSpace(value)})
		default:
			t.Fatalf("_headers:%d: %q is neither a path nor an indented header", n, line)
		}
	}
	return rules
}

// netlifyPattern compiles a rule's path as Netlify does
// (netlify/build, packages/headers-parser/src/for_regexp.ts): case
// insensitive, a trailing slash optional, ":x" one segment, a "*" segment
// anything, possibly nothing, with the slash before it.
func netlifyPattern(pattern string) *regexp.Regexp {
	var parts []string
	for _, p := range strings.Split(pattern, "/") {
		switch {
		case p == "":
		case strings.HasPrefix(p, ":"):
			parts = append(parts, "([^/]+)")
		case p == "*":
			parts = append(parts, "?(.*)")
		case strings.Contains(p, "*"):
			parts = append(parts, strings.ReplaceAll(p, "*", "(.*)"))
		default:
			parts = append(parts, regexp.QuoteMeta(p))
		}
	}
	return regexp.MustCompile("(?i)^/" + strings.Join(parts, "/") + "/?$")
}

// cloudflarePattern compiles a rule's path as Cloudflare Pages does
// (cloudflare/workers-sdk, packages/pages-shared/asset-server/rulesEngine.ts):
// exact, "*" anything, ":x" one segment or the part of one up to what
// follows it.
func cloudflarePattern(pattern string) *regexp.Regexp {
	parts := strings.Split(pattern, "*")
	for i := range parts {
		parts[i] = regexp.QuoteMeta(parts[i])
	}
	rule := regexp.MustCompile(`:[A-Za-z]\w*`).ReplaceAllString(strings.Join(parts, "(.*)"), `[^/]+`)
	return regexp.MustCompile("^" + rule + "$")
}

// TestExportHeaders reads the export's _headers as Netlify and as
// Cloudflare Pages do, and checks that each gives every file exactly the
// headers of files (which TestExportSameAsServed compares with the
// server's), none of them twice; and that the file is within Cloudflare's
// limits.
func TestExportHeaders(t *testing.T) {
	for _, tc := range []struct {
		name, prefix string
		cfg          server.Config
	}{
		{"root", "", server.Config{}},
		{"prefix", "/legal", server.Config{FrameAncestors: []string{exportOrigin}}},
		{"any origin", "/legal", server.Config{FrameAncestors: []string{exportOrigin}, CORSOrigins: []string{"*"}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := newTestServer(t, exportConfig(t, tc.prefix, tc.cfg))
			dir := export(t, s)
			b, err := os.ReadFile(filepath.Join(dir, headersName))
			if err != nil {
				t.Fatal(err)
			}
			rules := parseHeaders(t, b)
			if len(rules) > 100 {
				t.Errorf("%d rules; Cloudflare Pages takes 100 at most", len(rules))
			}
			files, err := filesOf(s)
			if err != nil {
				t.Fatal(err)
			}
			for _, host := range []struct {
				name    string
				compile func(string) *regexp.Regexp
			}{{"Netlify", netlifyPattern}, {"Cloudflare", cloudflarePattern}} {
				for _, f := range files {
					url := tc.prefix + f.Path
					got := http.Header{}
					for _, r := range rules {
						if !host.compile(r.pattern).MatchString(url) {
							continue
						}
						for _, h := range r.header {
							if got.Get(h[0]) != "" {
								t.Errorf("%s: %s gets %s from two rules (another is %s)", host.name, url, h[0], r.pattern)
							}
							got.Add(h[0], h[1])
						}
					}
					if diff := cmp.Diff(f.Header, got); diff != "" {
						t.Errorf("%s: headers of %s (-want +got):\n%s", host.name, url, diff)
					}
				}
			}

			// What the server sends, spelt out for a few files.
			for _, c := range []struct{ url, name, want string }{
				{"/privacy", "Cache-Control", "no-cache"},
				{"/app-worker.js", "Cache-Control", "no-cache"},
				{"/web/app.wasm", "Content-Type", "application/wasm"},
				{"/manifest.webmanifest", "Content-Type", "application/manifest+json"},
				{"/privacy/changes.atom", "Content-Type", "application/atom+xml; charset=utf-8"},
				{"/embed/privacy", "X-Robots-Tag", "noindex, indexifembedded"},
				{"/embed.js", "Cross-Origin-Resource-Policy", "cross-origin"},
				{"/embed.d.ts", "Cross-Origin-Resource-Policy", "cross-origin"},
				{"/embed.d.ts", "Content-Type", "application/typescript; charset=utf-8"},
				{"/web/embed.d.ts", "Content-Type", "application/typescript; charset=utf-8"},
				{"/custom-elements.json", "Cross-Origin-Resource-Policy", "cross-origin"},
				{"/privacy", "X-Robots-Tag", ""},
			} {
				i := slices.IndexFunc(files, func(f file) bool { return f.Path == c.url })
				if i < 0 {
					t.Fatalf("no file %s", c.url)
				}
				if got := files[i].Header.Get(c.name); got != c.want {
					t.Errorf("%s: %s %q, want %q", c.url, c.name, got, c.want)
				}
			}
			csp := func(p string) string {
				i := slices.IndexFunc(files, func(f file) bool { return f.Path == p })
				return files[i].Header.Get("Content-Security-Policy")
			}
			wantEmbed := "frame-ancestors 'self'"
			if len(tc.cfg.FrameAncestors) > 0 {
				wantEmbed += " " + exportOrigin
			}
			if !strings.HasSuffix(csp("/embed/privacy"), wantEmbed) || !strings.HasSuffix(csp("/privacy"), "frame-ancestors 'self'") {
				t.Errorf("CSP of /embed/privacy %q, of /privacy %q", csp("/embed/privacy"), csp("/privacy"))
			}
			api := slices.IndexFunc(files, func(f file) bool { return f.Path == "/api/policies.json" })
			wantCORS := map[string]string{"root": "", "prefix": exportOrigin, "any origin": "*"}[tc.name]
			if got := files[api].Header.Get("Access-Control-Allow-Origin"); got != wantCORS {
				t.Errorf("/api/policies.json: Access-Control-Allow-Origin %q, want %q", got, wantCORS)
			}
			if !bytes.HasPrefix(b, []byte(headersMark)) {
				t.Errorf("_headers does not start with %q", headersMark)
			}
		})
	}
}

// TestExportCORSNeedsOneOrigin checks that the export refuses origins that
// only a server can answer: several, or a wildcard.
func TestExportCORSNeedsOneOrigin(t *testing.T) {
	for _, origins := range [][]string{
		{"https://a.example", "https://b.example"},
		{"https://*.example.com"},
	} {
		s := newTestServer(t, exportConfig(t, "", server.Config{CORSOrigins: origins}))
		_, err := Write(filepath.Join(t.TempDir(), "site"), s, Options{})
		if err == nil || !strings.Contains(err.Error(), "one origin") {
			t.Errorf("CORS origins %q: error %v, want one that asks for one origin", origins, err)
		}
	}
}

// TestExportFolder checks how Export treats its folder: it makes it,
// replaces an earlier export whole, refuses other content unless forced,
// and leaves the folder as it was when it fails.
func TestExportFolder(t *testing.T) {
	s := newTestServer(t, exportConfig(t, "", server.Config{}))
	parent := t.TempDir()
	dir := filepath.Join(parent, "a", "site")
	if err := os.MkdirAll(filepath.Dir(dir), 0o755); err != nil {
		t.Fatal(err)
	}
	leftovers := func() {
		t.Helper()
		entries, _ := os.ReadDir(filepath.Dir(dir))
		for _, e := range entries {
			if e.Name() != "site" {
				t.Errorf("%s is left next to the export", e.Name())
			}
		}
	}
	stats, err := Write(dir, s, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if stats.Files < 20 || stats.Bytes == 0 {
		t.Errorf("stats %+v", stats)
	}
	if fi, err := os.Stat(dir); err != nil || fi.Mode().Perm() != 0o755 {
		t.Errorf("the folder: %v %v, want mode 0755 for a web server's worker", fi.Mode(), err)
	}
	leftovers()

	// An earlier export is replaced whole: a file it had and this one has
	// not is gone.
	stale := filepath.Join(dir, "web", "site.0123456789ab.css")
	if err := os.WriteFile(stale, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Write(dir, s, Options{}); err != nil {
		t.Fatalf("over an earlier export: %v", err)
	}
	if _, err := os.Stat(stale); err == nil {
		t.Error("a file of the earlier export is left")
	}
	leftovers()

	// A folder that is not an export is refused, and kept as it was.
	other := filepath.Join(parent, "other")
	if err := os.MkdirAll(other, 0o755); err != nil {
		t.Fatal(err)
	}
	mine := filepath.Join(other, "notes.txt")
	os.WriteFile(mine, []byte("mine"), 0o644)
	if _, err := Write(other, s, Options{}); err == nil || !strings.Contains(err.Error(), "-force") {
		t.Errorf("into a folder of other files: %v, want an error that names -force", err)
	}
	if _, err := os.Stat(mine); err != nil {
		t.Errorf("the refused folder lost its file: %v", err)
	}
	if _, err := Write(other, s, Options{Force: true}); err != nil {
		t.Errorf("with Force: %v", err)
	}
	if _, err := os.Stat(filepath.Join(other, "privacy.html")); err != nil {
		t.Errorf("with Force: %v", err)
	}

	// A file in the way.
	notDir := filepath.Join(parent, "file")
	os.WriteFile(notDir, []byte("x"), 0o644)
	if _, err := Write(notDir, s, Options{Force: true}); err == nil {
		t.Error("a file in place of the folder: no error")
	}

	// A site that cannot be written leaves the earlier export as it was,
	// and nothing next to it: a policy named index would be index.html,
	// the file of the site's index. (The lint refuses that slug; the
	// documents are given here as parsed without it.)
	policies := servertest.VersionedPolicies(t)
	policies["index.md"] = &fstest.MapFile{Data: []byte("---\ntitle: Index\n---\n\n# Index\n\nText.\n")}
	docs, err := markdown.Load(policies)
	if err != nil {
		t.Fatal(err)
	}
	bad := newTestServer(t, server.Config{BaseURL: "https://legal.example.com", Policies: policies, Docs: docs})
	before, _ := os.ReadFile(filepath.Join(dir, "index.html"))
	if _, err := Write(dir, bad, Options{}); err == nil || !strings.Contains(err.Error(), "index.html") {
		t.Errorf("a policy named index: %v, want an error naming index.html", err)
	}
	if after, _ := os.ReadFile(filepath.Join(dir, "index.html")); !bytes.Equal(before, after) || len(after) == 0 {
		t.Error("the failed export changed the earlier one")
	}
	leftovers()
}

// TestFileName checks the file names of URL paths.
func TestFileName(t *testing.T) {
	const page, js = "text/html; charset=utf-8", "text/javascript; charset=utf-8"
	for _, tc := range []struct{ path, contentType, want string }{
		{"/", page, "index.html"},
		{"/privacy", page, "privacy.html"},
		{"/privacy/versions", page, "privacy/versions.html"},
		{"/privacy/compare/2020-06-01...2021-02-27", page, "privacy/compare/2020-06-01...2021-02-27.html"},
		{"/404.html", page, "404.html"},
		{"/app.js", js, "app.js"},
	} {
		if got := fileName(tc.path, tc.contentType); got != tc.want {
			t.Errorf("fileName(%s) = %s, want %s", tc.path, got, tc.want)
		}
	}
}

// TestMatchPattern checks the patterns of _headers against the two hosts'
// own rules: where headerRules sees a match, both hosts do.
func TestMatchPattern(t *testing.T) {
	paths := []string{"/", "/privacy", "/privacy/versions", "/privacy/v/2021-02-27", "/privacy/compare/2020-06-01...2021-02-27",
		"/privacy/changes.atom", "/embed/privacy", "/embed.js", "/web/app.wasm", "/api/policies.json", "/api/policies/privacy.json"}
	for _, pattern := range headerPatterns() {
		for _, p := range paths {
			got := matchPattern(pattern, p)
			for _, host := range []struct {
				name string
				re   *regexp.Regexp
			}{{"Netlify", netlifyPattern(pattern)}, {"Cloudflare", cloudflarePattern(pattern)}} {
				if host.re.MatchString(p) != got {
					t.Errorf("pattern %s, path %s: matchPattern says %v, %s %v", pattern, p, got, host.name, !got)
				}
			}
		}
	}
	// The rule of the whole site, at the root and under a prefix.
	for _, prefix := range []string{"", "/legal"} {
		for _, re := range []*regexp.Regexp{netlifyPattern(prefix + "/*"), cloudflarePattern(prefix + "/*")} {
			for _, p := range paths {
				if !re.MatchString(prefix + p) {
					t.Errorf("%s does not match %s", re, prefix+p)
				}
			}
		}
	}
}

// TestExportUpcoming exports the site the day before a version takes
// effect: the policy's page in effect with its notice, the upcoming
// version's page and their comparison, every version's page and the
// comparisons that the pages link to, linear in the history; and the
// client, which carries both texts, picks one by the reader's date (no
// day fixed in app.js).
func TestExportUpcoming(t *testing.T) {
	// The privacy policy with two earlier versions, the version of 15
	// January 2026, and one upcoming on 1 September 2026: each changes one
	// sentence, which ends "as revised on <its date>".
	h := historytest.History{Earlier: 2, Current: policy.NewDay(2026, time.January, 15), Upcoming: policy.NewDay(2026, time.September, 1)}
	policies, err := h.FS()
	if err != nil {
		t.Fatal(err)
	}
	now := func() time.Time { return time.Date(2026, time.August, 31, 12, 0, 0, 0, time.UTC) }
	s := newTestServer(t, server.Config{BaseURL: "https://legal.example.com", Policies: policies, Now: now})
	dir := export(t, s)
	read := func(name string) string {
		t.Helper()
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	page := read("privacy.html")
	const upcomingText, noticeText = "as revised on 1 September 2026", "This policy changes on"
	if strings.Contains(page, upcomingText) || !strings.Contains(page, noticeText) ||
		!strings.Contains(page, `href="/privacy/compare/2026-01-15...2026-09-01"`) {
		t.Errorf("privacy.html is not the version in effect with the notice of the upcoming one")
	}
	if !strings.Contains(read("privacy/v/2026-09-01.html"), upcomingText) {
		t.Errorf("the upcoming version's page lacks its text")
	}
	days, err := h.Days()
	if err != nil {
		t.Fatal(err)
	}
	var compares []string
	err = filepath.WalkDir(filepath.Join(dir, "privacy", "compare"), func(p string, d fs.DirEntry, err error) error {
		if err == nil && strings.HasSuffix(p, ".html") {
			compares = append(compares, strings.TrimSuffix(filepath.Base(p), ".html"))
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range days {
		read("privacy/v/" + d.String() + ".html")
	}
	for _, c := range []string{"2026-01-15...2026-09-01", days[0].String() + "...2026-01-15", days[0].String() + "...2026-09-01", days[0].String() + "..." + days[1].String()} {
		if !slices.Contains(compares, c) {
			t.Errorf("no comparison %s: %q", c, compares)
		}
	}
	// Each version with the one before it, with the one in effect and
	// with the upcoming one: at most three each, not every pair.
	if n := len(days); len(compares) > 3*n {
		t.Errorf("%d comparisons for %d versions", len(compares), n)
	}
	if js := read("app.js"); strings.Contains(js, ui.DayEnv) {
		t.Errorf("app.js fixes the client's day: an export without -at lets the reader's date pick the text")
	}
}
