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

	"github.com/seqeralabs/policy-widget/app/ui"
)

// precacheList returns the resources that the served app-worker.js
// precaches.
func precacheList(t *testing.T, worker string) []string {
	t.Helper()
	m := regexp.MustCompile(`(?m)^const precachePaths = (\[.*\]);$`).FindStringSubmatch(worker)
	if m == nil {
		t.Fatalf("app-worker.js has no precache list:\n%s", worker)
	}
	var list []string
	if err := json.Unmarshal([]byte(m[1]), &list); err != nil {
		t.Fatalf("precache list %s: %v", m[1], err)
	}
	return list
}

func TestServiceWorker(t *testing.T) {
	for _, prefix := range []string{"", "/legal"} {
		t.Run("prefix="+prefix, func(t *testing.T) {
			s := newTestServer(t, Config{Prefix: prefix})
			res := get(t, s, "GET", prefix+"/app-worker.js")
			worker := body(t, res)
			if res.StatusCode != 200 || !strings.HasPrefix(res.Header.Get("Content-Type"), "application/javascript") {
				t.Fatalf("GET app-worker.js = %d %s", res.StatusCode, res.Header.Get("Content-Type"))
			}
			if !strings.Contains(worker, `const version = "`+s.Version()+`";`) {
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
				prefix + "/web/app.wasm?v=" + s.Version(),
				prefix + s.styles.site,
				prefix + s.styles.embed,
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
	meta := `<meta name="policy-widget-version" content="` + s.Version() + `">`
	for _, path := range []string{"/", "/privacy"} {
		page := body(t, get(t, s, "GET", path))
		if !strings.Contains(page, meta) {
			t.Errorf("GET %s lacks %s", path, meta)
		}
		// The worker writes its offline notice into this region.
		if !regexp.MustCompile(`<div\b[^>]*\bclass="status-live"[^>]*>`).MatchString(page) {
			t.Errorf("GET %s has no status region", path)
		}
	}
	if js := body(t, get(t, s, "GET", "/app.js")); !strings.Contains(js, `"/web/app.wasm?v=`+s.Version()+`"`) {
		t.Error("app.js does not load the client by its versioned URL")
	}
	if res := get(t, s, "GET", "/web/app.wasm?v="+s.Version()); res.StatusCode != 200 || res.Header.Get("Content-Type") != "application/wasm" {
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

// TestWorkerMarksSavedPages runs the worker's page marking in Node on a real
// prerendered page: the offline notice must land in the status region with
// the policy's date, and the copy must be marked for the client.
func TestWorkerMarksSavedPages(t *testing.T) {
	node, err := exec.LookPath("node")
	if err != nil {
		t.Skip("node is not installed; the browser tests run the worker for real")
	}
	s := newTestServer(t, Config{Prefix: "/legal"})
	dir := t.TempDir()
	write := func(name, text string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	worker := write("worker.js", body(t, get(t, s, "GET", "/legal/app-worker.js")))
	policyPage := write("privacy.html", body(t, get(t, s, "GET", "/legal/privacy")))
	indexPage := write("index.html", body(t, get(t, s, "GET", "/legal/")))
	script := write("run.js", `
const fs = require("fs"), vm = require("vm");
const [worker, policyPage, indexPage] = process.argv.slice(2).map((p) => fs.readFileSync(p, "utf8"));
const self = {
  registration: { scope: "http://127.0.0.1:1/legal/" },
  location: { origin: "http://127.0.0.1:1" },
  addEventListener() {},
};
const ctx = vm.createContext({ self, URL, console, caches: {} });
const w = vm.runInContext(worker + "\n;({ markPage, versionDate, precacheURL, cacheName })", ctx);
console.log(JSON.stringify({
  policy: w.markPage(policyPage, "offline"),
  index: w.markPage(indexPage, "unavailable"),
  slow: w.markPage(policyPage, "slow"),
  root: w.precacheURL("/legal"),
  page: w.precacheURL("/legal/privacy"),
  cacheName: w.cacheName,
}));
`)
	out, err := exec.Command(node, script, worker, policyPage, indexPage).Output()
	if err != nil {
		t.Fatalf("node: %v\n%s", err, out)
	}
	var got struct{ Policy, Index, Slow, Root, Page, CacheName string }
	if err := json.Unmarshal(out, &got); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	notice := regexp.MustCompile(`<div\b[^>]*\bclass="status-live"[^>]*><p class="status-message status-offline">([^<]*)</p>`)
	if m := notice.FindStringSubmatch(got.Policy); m == nil || m[1] != ui.OfflineText("offline", "27 February 2021") {
		t.Errorf("offline notice in the policy page = %q", m)
	}
	if !strings.Contains(got.Policy, `<html data-offline-copy="offline" lang="en">`) {
		t.Error("the saved policy page is not marked on <html>")
	}
	if m := notice.FindStringSubmatch(got.Index); m == nil || m[1] != ui.OfflineText("unavailable", "27 February 2021") {
		t.Errorf("notice in the index = %q", m)
	}
	if m := notice.FindStringSubmatch(got.Slow); m == nil || m[1] != ui.OfflineText("slow", "27 February 2021") {
		t.Errorf("notice of a slow answer = %q", m)
	}
	if got.Root != "/legal/" || got.Page != "/legal/privacy" {
		t.Errorf("precache URLs %q and %q, want /legal/ and /legal/privacy", got.Root, got.Page)
	}
	if got.CacheName != "policy-widget /legal/ "+s.Version() {
		t.Errorf("cache name %q", got.CacheName)
	}
}
