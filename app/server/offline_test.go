//go:build !wasm

package server

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"

	"github.com/seqeralabs/policy-widget/app/internal/servertest"
	"github.com/seqeralabs/policy-widget/app/site"
	"github.com/seqeralabs/policy-widget/app/ui"
)

// precacheList returns the resources that the served app-worker.js
// precaches.
var precacheList = servertest.PrecacheList

func TestServiceWorker(t *testing.T) {
	for _, prefix := range []string{"", "/legal"} {
		t.Run("prefix="+prefix, func(t *testing.T) {
			s := newTestServer(t, Config{Prefix: prefix})
			res := get(t, s, "GET", prefix+"/app-worker.js")
			worker := body(t, res)
			if res.StatusCode != 200 || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/javascript") {
				t.Fatalf("GET app-worker.js = %d %s", res.StatusCode, res.Header.Get("Content-Type"))
			}
			if !strings.Contains(worker, `const build = "`+s.Build()+`";`) {
				t.Error("the worker does not carry the version")
			}
			if strings.Contains(worker, "{{") {
				t.Error("the worker template was not filled in")
			}
			if strings.Contains(worker, `addEventListener("push"`) {
				t.Error("the worker still has go-app's push handler")
			}
			list := precacheList(t, worker)
			want := []string{
				prefix + "/",
				prefix + "/privacy",
				prefix + "/app.js",
				prefix + "/wasm_exec.js",
				prefix + "/app.css",
				prefix + "/manifest.webmanifest",
				prefix + "/web/app.wasm?build=" + s.Build(),
				prefix + "/web/nav.js",
				prefix + "/web/icon-192.png",
				prefix + "/web/icon-512.png",
				prefix + "/web/icon-maskable-512.png",
				prefix + "/web/icon.svg",
			}
			for _, w := range want {
				if !slices.Contains(list, w) {
					t.Errorf("the worker does not precache %s; it precaches %q", w, list)
				}
			}
			for _, p := range list {
				if !strings.HasPrefix(p, prefix+"/") && p != prefix {
					t.Errorf("precached %q is not under %s/", p, prefix)
				}
				if strings.Contains(p, "//") || strings.Contains(p, ":") {
					t.Errorf("precached %q may be on another origin", p)
				}
				// Everything precached is served: cache.addAll fails on
				// a single error.
				path := strings.TrimPrefix(p, prefix)
				if path == "" {
					path = "/"
				}
				if res := get(t, s, "GET", path); res.StatusCode != 200 {
					t.Errorf("GET %s = %d; the precache would fail", path, res.StatusCode)
				}
			}
		})
	}
}

// TestPagesNameTheirVersion checks what the worker relies on: every page
// carries its version, and app.js names the client by a URL with the
// version in it.
func TestPagesNameTheirVersion(t *testing.T) {
	s := newTestServer(t, Config{})
	meta := `<meta name="` + site.BuildMeta + `" content="` + s.Build() + `">`
	for _, path := range []string{"/", "/privacy"} {
		page := body(t, get(t, s, "GET", path))
		if !strings.Contains(page, meta) {
			t.Errorf("GET %s lacks %s", path, meta)
		}
		// The worker writes its offline notice into this region, with
		// the date the region carries.
		region := regexp.MustCompile(`<div\b[^>]*\bclass="` + site.StatusClass + `"[^>]*>`).FindString(page)
		if region == "" {
			t.Errorf("GET %s has no status region", path)
		} else if date := ` ` + site.VersionDateAttr + `="27 February 2021"`; !strings.Contains(region, date) {
			t.Errorf("GET %s: the status region %s lacks%s", path, region, date)
		}
	}
	client := site.Web.Path("app.wasm") + "?" + site.BuildParam + "=" + s.Build()
	if js := body(t, get(t, s, "GET", "/app.js")); !strings.Contains(js, `"`+client+`"`) {
		t.Error("app.js does not load the client by its versioned URL")
	}
	if res := get(t, s, "GET", client); res.StatusCode != 200 || res.Header.Get("Content-Type") != "application/wasm" {
		t.Errorf("GET the versioned client = %d %s", res.StatusCode, res.Header.Get("Content-Type"))
	}
}

func TestManifest(t *testing.T) {
	for _, prefix := range []string{"", "/legal"} {
		t.Run("prefix="+prefix, func(t *testing.T) {
			s := newTestServer(t, Config{Prefix: prefix})
			res := get(t, s, "GET", prefix+"/manifest.webmanifest")
			if got := res.Header.Get("Content-Type"); got != "application/manifest+json" {
				t.Errorf("Content-Type = %q", got)
			}
			var m webManifest
			if err := json.Unmarshal([]byte(body(t, res)), &m); err != nil {
				t.Fatal(err)
			}
			if m.Name != "Seqera Legal" || m.ShortName != "Legal" || m.Description == "" {
				t.Errorf("names: %+v", m)
			}
			root := prefix + "/"
			if m.ID != root || m.StartURL != root || m.Scope != root || m.Display != "standalone" {
				t.Errorf("id %q, start_url %q, scope %q, display %q; want %s and standalone", m.ID, m.StartURL, m.Scope, m.Display, root)
			}
			if m.ThemeColor != "#160f26" || m.BackgroundColor != "#ffffff" {
				t.Errorf("colours %q %q", m.ThemeColor, m.BackgroundColor)
			}
			have := map[string]bool{}
			for _, ic := range m.Icons {
				have[ic.Sizes+" "+ic.Purpose] = true
				if !strings.HasPrefix(ic.Src, prefix+"/web/") {
					t.Errorf("icon %s is not one of the site's files", ic.Src)
				}
				if res := get(t, s, "GET", strings.TrimPrefix(ic.Src, prefix)); res.StatusCode != 200 || res.Header.Get("Content-Type") != ic.Type {
					t.Errorf("GET icon %s = %d %s, want 200 %s", ic.Src, res.StatusCode, res.Header.Get("Content-Type"), ic.Type)
				}
			}
			for _, want := range []string{"192x192 any", "512x512 any", "512x512 maskable"} {
				if !have[want] {
					t.Errorf("no %s icon in %+v", want, m.Icons)
				}
			}
			page := body(t, get(t, s, "GET", "/privacy"))
			// go-app writes attributes in random order.
			if !regexp.MustCompile(`<link (rel="manifest" href="` + prefix + `/manifest.webmanifest"|href="` + prefix + `/manifest.webmanifest" rel="manifest")>`).MatchString(page) {
				t.Error("the page does not link the manifest")
			}
		})
	}
}

// nodeJS returns the path of Node.js, which the tests of the worker's
// script run. Without it they are skipped, but fail in CI (CI set), as a
// browser test without a browser does: make test installs it.
func nodeJS(t *testing.T) string {
	t.Helper()
	node, err := exec.LookPath("node")
	if err == nil {
		return node
	}
	if os.Getenv("CI") != "" {
		t.Fatal("node is not installed (CI is set): install Node.js, as make test does")
	}
	t.Skip("node is not installed; make test installs it, and in CI this test fails")
	return ""
}

// TestWorkerScript runs the functions of the served worker in Node: the
// offline notice lands in the status region of real prerendered pages with
// app/ui's words and the page's own date, the copy is marked for the
// client, and the cache keys drop query strings but keep the client's
// version.
func TestWorkerScript(t *testing.T) {
	node := nodeJS(t)
	policies := testPolicies(t)
	policies["terms.md"] = &fstest.MapFile{Data: []byte("---\ntitle: Terms\nupdated: 2023-05-01\n---\n\n## Use\n\nText.\n")}
	s := newTestServer(t, Config{Prefix: "/legal", Policies: policies})
	dir := t.TempDir()
	write := func(name, text string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	worker := write("worker.js", body(t, get(t, s, "GET", "/legal/app-worker.js")))
	if out, err := exec.Command(node, "--check", worker).CombinedOutput(); err != nil {
		t.Fatalf("node --check of the served worker: %v\n%s", err, out)
	}
	pages := map[string]string{}
	for name, path := range map[string]string{"privacy": "/legal/privacy", "terms": "/legal/terms", "index": "/legal/", "notFound": "/legal/nope"} {
		pages[name] = body(t, get(t, s, "GET", path))
	}
	pagesJSON, err := json.Marshal(pages)
	if err != nil {
		t.Fatal(err)
	}
	const origin = "http://127.0.0.1:1"
	urls := []string{
		"/legal/privacy?wasm=false",
		"/legal/api/policies?n=1",
		"/legal/api/policies?n=2",
		"/legal/app.js",
		"/legal/web/app.css?x=1",
		"/legal/web/app.wasm?build=" + s.Build(),
		"/legal/web/app.wasm?build=" + s.Build() + "&x=1",
		"/legal/web/app.wasm?build=0123abcd",
		"/legal/web/app.wasm?x=1",
		"/legal/web/app.wasm",
	}
	urlsJSON, err := json.Marshal(urls)
	if err != nil {
		t.Fatal(err)
	}
	reasons := []string{site.ReasonOffline, site.ReasonUnavailable, site.ReasonSlow}
	reasonsJSON, err := json.Marshal(reasons)
	if err != nil {
		t.Fatal(err)
	}
	script := write("run.js", `
const fs = require("fs"), vm = require("vm");
const [worker, pages, urls] = process.argv.slice(2).map((p) => fs.readFileSync(p, "utf8"));
const self = {
  registration: { scope: "`+origin+`/legal/" },
  location: { origin: "`+origin+`" },
  addEventListener() {},
};
const ctx = vm.createContext({ self, URL, console, caches: {} });
const w = vm.runInContext(worker + "\n;({ markPage, cacheKey, precacheURL, cacheName, buildMeta })", ctx);
const marked = {}, builds = {};
for (const [name, html] of Object.entries(JSON.parse(pages))) {
  for (const reason of `+string(reasonsJSON)+`) {
    marked[name + " " + reason] = w.markPage(html, reason);
  }
  builds[name] = (w.buildMeta.exec(html) || [])[1] ?? null;
}
console.log(JSON.stringify({
  marked,
  builds,
  keys: JSON.parse(urls).map((u) => w.cacheKey(new URL(u, "`+origin+`"))),
  root: w.precacheURL("/legal"),
  page: w.precacheURL("/legal/privacy"),
  cacheName: w.cacheName,
}));
`)
	out, err := exec.Command(node, script, worker, write("pages.json", string(pagesJSON)), write("urls.json", string(urlsJSON))).Output()
	if err != nil {
		t.Fatalf("node: %v\n%s", err, out)
	}
	var got struct {
		Marked     map[string]string
		Builds     map[string]string
		Keys       []*string
		Root, Page string
		CacheName  string
	}
	if err := json.Unmarshal(out, &got); err != nil {
		t.Fatalf("%v: %s", err, out)
	}

	notice := regexp.MustCompile(`<div\b[^>]*\bclass="` + site.StatusClass + `"[^>]*><p class="` + site.OfflineNoticeClass + `">([^<]*)</p>`)
	dates := map[string]string{"privacy": "27 February 2021", "terms": "1 May 2023", "index": "1 May 2023", "notFound": ""}
	for name, date := range dates {
		for _, reason := range reasons {
			page := got.Marked[name+" "+reason]
			want := ui.OfflineText(reason, date)
			if m := notice.FindStringSubmatch(page); m == nil || m[1] != want {
				t.Errorf("%s page saved (%s): notice %q, want %q", name, reason, m, want)
			}
			if !strings.Contains(page, `<html `+site.OfflineCopyAttr+`="`+reason+`" lang="en">`) {
				t.Errorf("%s page saved (%s): not marked on <html>", name, reason)
			}
		}
		if got.Builds[name] != s.Build() {
			t.Errorf("%s page: the worker reads its build as %q, want %s", name, got.Builds[name], s.Build())
		}
	}
	if got, want := ui.OfflineText("slow", ""), "The site is slow to answer. Showing a saved copy."; got != want {
		t.Errorf("OfflineText(slow, \"\") = %q, want %q", got, want)
	}

	wantKeys := []string{
		origin + "/legal/privacy",
		origin + "/legal/api/policies",
		origin + "/legal/api/policies",
		origin + "/legal/app.js",
		origin + "/legal/web/app.css",
		origin + "/legal/web/app.wasm?build=" + s.Build(),
		origin + "/legal/web/app.wasm?build=" + s.Build(),
		"", "", "", // never kept
	}
	var keys []string
	for _, k := range got.Keys {
		if k == nil {
			keys = append(keys, "")
		} else {
			keys = append(keys, *k)
		}
	}
	if diff := cmp.Diff(wantKeys, keys); diff != "" {
		t.Errorf("cache keys of %q (-want +got):\n%s", urls, diff)
	}
	if got.Root != "/legal/" || got.Page != "/legal/privacy" {
		t.Errorf("precache URLs %q and %q, want /legal/ and /legal/privacy", got.Root, got.Page)
	}
	if want := site.CacheName("/legal/", s.Build()); got.CacheName != want {
		t.Errorf("cache name %q, want %q", got.CacheName, want)
	}
}

// TestFillScript checks how the server writes values into the
// placeholders of a script, and that it refuses a script without exactly
// one placeholder for each value, or a placeholder without a value.
func TestFillScript(t *testing.T) {
	js := "const build = \"{{.Version}}\";\nconst precachePaths = /*{{.ResourcesToCache}}*/ [];\nconst names = /*{{.Names}}*/ {\n  a: \"\",\n  b: { c: \"\" },\n};\n"
	values := map[string]any{"ResourcesToCache": goAppAction{}, "Names": map[string]any{"a": "{{x}}", "b": map[string]string{"c": "d"}}}
	got, err := fillScript("test.js", js, values)
	if err != nil {
		t.Fatal(err)
	}
	want := "const build = \"{{.Version}}\";\nconst precachePaths = {{.ResourcesToCache}};\nconst names = {\"a\":\"{\\u007bx}}\",\"b\":{\"c\":\"d\"}};\n"
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("filled in (-want +got):\n%s", diff)
	}
	for _, bad := range []string{
		strings.Replace(js, "/*{{.Names}}*/ ", "", 1),
		js + js,
		js + "const x = /*{{.Other}}*/ 1;\n",
	} {
		if _, err := fillScript("test.js", bad, values); err == nil {
			t.Errorf("no error for a script without exactly one placeholder of each value, or with another:\n%s", bad)
		}
	}
}

// TestScriptNames checks the names that the server's scripts read: each
// name that worker.js or appstart.js reads (names.x, names.x.y) is in the
// stand-in of its placeholder, and each name of a stand-in is one that the
// server writes in (scriptNames), so that no script reads a name that Go
// does not give. And the worker gets the offline notices of app/ui.
func TestScriptNames(t *testing.T) {
	var given map[string]any
	b, err := json.Marshal(newScriptNames("/legal"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &given); err != nil {
		t.Fatal(err)
	}
	has := func(path []string) bool {
		var v any = given
		for _, k := range path {
			m, ok := v.(map[string]any)
			if !ok {
				return false
			}
			if v, ok = m[k]; !ok {
				return false
			}
		}
		return true
	}
	standInRE := regexp.MustCompile(`/\*\{\{\.Names\}\}\*/ ([^;]*)`)
	for file, js := range map[string]string{"worker.js": workerJS, "appstart.js": appStart} {
		m := standInRE.FindStringSubmatch(js)
		if m == nil {
			t.Errorf("%s has no placeholder of the names", file)
			continue
		}
		// The stand-in's keys, as paths into its nested objects.
		standIn := map[string]bool{}
		var path []string // the keys of the objects around, then the last key
		depth := 0
		for _, tok := range regexp.MustCompile(`(\w+):|[{}]`).FindAllStringSubmatch(m[1], -1) {
			switch tok[0] {
			case "{":
				depth++
			case "}":
				depth--
			default:
				path = append(path[:max(depth-1, 0)], tok[1])
				standIn[strings.Join(path, ".")] = true
				if !has(path) {
					t.Errorf("%s: the stand-in names %s, which the server does not write in", file, strings.Join(path, "."))
				}
			}
		}
		uses := regexp.MustCompile(`\bnames\.(\w+)(?:\.(\w+))?`).FindAllStringSubmatch(js, -1)
		if len(uses) == 0 {
			t.Errorf("%s reads no names", file)
		}
		for _, u := range uses {
			name := u[1]
			if u[2] != "" {
				name += "." + u[2]
			}
			if !standIn[name] {
				t.Errorf("%s reads names.%s, which its stand-in lacks", file, name)
			}
		}
	}
	worker, err := workerTemplate("/legal")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?m)^const notices = (\{.*\});$`).FindStringSubmatch(worker)
	if m == nil {
		t.Fatalf("the worker has no notices:\n%s", worker)
	}
	var notices map[string]ui.OfflineNotice
	if err := json.Unmarshal([]byte(m[1]), &notices); err != nil {
		t.Fatalf("the notices %s: %v", m[1], err)
	}
	if diff := cmp.Diff(ui.OfflineNotices(), notices); diff != "" {
		t.Errorf("notices (-want +got):\n%s", diff)
	}
}
