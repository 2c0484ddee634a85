//go:build !wasm

package main

// The browser tests of offline reading and safe updates. Going offline means
// a server that is gone: offline emulation in the page would leave the
// service worker's own fetches online. The tests reach their servers
// through a front (bt.Front), which stays on one address while the server
// behind it is stopped or replaced by another version, and which is then
// down: the browser gets a network error, as from a server that is gone. The browsers keep their profile on
// disk (Options.UserDataDir), and some tests restart the browser on it, as a
// reader who comes back later does.

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/google/go-cmp/cmp"

	"github.com/seqeralabs/policy-widget/app/site"
	bt "github.com/seqeralabs/policy-widget/cmd/internal/browsertest"
)

const (
	// offlineNotice is the banner of a saved copy of the privacy policy.
	offlineNotice = "You are offline. Showing the version of 27 February 2021."
	// versionBText is in the privacy policy of version B only.
	versionBText = "This is version B of the policy."
	// bothVersionsText is in the privacy policy of both versions.
	bothVersionsText = "This GDPR-compliant privacy policy will explain"

	bodyText = `document.body.innerText`
)

// foreignCaches are caches on the site's origin that are not its worker's:
// go-app's default worker names its caches app-<version> (another go-app
// app on the origin may use them), and the widget behind another path
// prefix has a scope of its own.
var foreignCaches = []string{"app-0123abcd", "policy-widget /other/ 0123abcd"}

// TestOfflineReading visits the site once, stops the server, and reads
// every page from the service worker, in the same browser and in a browser
// restarted on the same profile: the pages render, the WebAssembly client
// mounts, a deep link lands on its section, and the offline banner names
// the version shown.
func TestOfflineReading(t *testing.T) {
	profile := t.TempDir()
	srv := startServer(t)
	front := startFront(t, srv)
	var requests []*requestLog

	// The first browser runs in a subtest, so that it has closed when the
	// second one opens the profile.
	t.Run("visit", func(t *testing.T) {
		ctx := bt.NewBrowser(t, bt.Options{UserDataDir: profile, Width: 1280, Height: 800})
		requests = append(requests, recordRequests(t, ctx))
		bt.Run(t, ctx, chromedp.Navigate(front.URL+"/privacy"))
		bt.WaitJS(t, ctx, mounted, 30*time.Second)
		bt.WaitJS(t, ctx, workerReady(), 30*time.Second)
		if got := bt.Eval[string](t, ctx, `document.querySelector('.`+site.StatusClass+`').textContent`); got != "" {
			t.Errorf("online, the status region says %q", got)
		}

		front.Down()
		srv.Stop()

		// Reload in the same browser.
		bt.Run(t, ctx, chromedp.Reload())
		checkOfflinePolicy(t, ctx, "after a reload")

		// The prerendered page, before or without the client, has the banner too.
		bt.Run(t, ctx, chromedp.Navigate(front.URL+"/privacy?wasm=false"))
		bt.WaitJS(t, ctx, `document.readyState === 'complete'`, 10*time.Second)
		waitText(t, ctx, classes(site.OfflineNoticeClass), offlineNotice, "prerendered page")
		if !strings.Contains(bt.Eval[string](t, ctx, bodyText), bothVersionsText) {
			t.Error("prerendered page: the policy is not on screen")
		}
		if errs := bt.ConsoleErrors(ctx); len(errs) > 0 {
			t.Errorf("console errors: %q", errs)
		}
	})
	if t.Failed() {
		return
	}

	// A reader who comes back later: a new browser on the same profile.
	t.Run("restarted", func(t *testing.T) {
		ctx := bt.NewBrowser(t, bt.Options{UserDataDir: profile, Width: 1280, Height: 800})
		requests = append(requests, recordRequests(t, ctx))

		bt.Run(t, ctx, chromedp.Navigate(front.URL+"/privacy#cookies"))
		checkOfflinePolicy(t, ctx, "deep link")
		waitScrollSettled(t, ctx)
		type placement struct{ Top, HeaderBottom, ScrollY float64 }
		p := bt.Eval[placement](t, ctx, `(() => {
			const h = document.getElementById('cookies').getBoundingClientRect();
			const header = document.querySelector('.site-header').getBoundingClientRect();
			return {top: h.top, headerBottom: header.bottom, scrollY: window.scrollY};
		})()`)
		if p.ScrollY == 0 || p.Top < p.HeaderBottom || p.Top > p.HeaderBottom+40 {
			t.Errorf("#cookies: heading top at %.0fpx, header bottom at %.0fpx (scrollY %.0f); want the heading just below the header", p.Top, p.HeaderBottom, p.ScrollY)
		}

		bt.Run(t, ctx, chromedp.Navigate(front.URL+"/"))
		bt.WaitJS(t, ctx, mounted, 30*time.Second)
		if got := bt.Eval[string](t, ctx, `document.querySelector('h1').textContent`); got != "Legal policies" {
			t.Errorf("index offline: h1 %q", got)
		}
		waitText(t, ctx, classes(site.OfflineNoticeClass), offlineNotice, "index offline")
		// From the index to the policy, inside the client.
		bt.Run(t, ctx, chromedp.Click(chromedp.CSS(`a.index-link`)))
		bt.WaitJS(t, ctx, `location.pathname === '/privacy' && document.querySelector('h1')?.textContent === 'Privacy policy'`, 10*time.Second)
		if errs := bt.ConsoleErrors(ctx); len(errs) > 0 {
			t.Errorf("console errors: %q", errs)
		}
	})
	for _, r := range requests {
		r.checkSameOrigin(t, front.URL)
	}
}

// TestOfflineFirstVisitOnce: on a first visit, the service worker's
// install takes the page, its scripts and its manifest from what the page
// loaded, and does not ask the server for them again; the other pages and
// files it keeps for offline reading it fetches once. The server's request
// log counts every request that reached it.
func TestOfflineFirstVisitOnce(t *testing.T) {
	srv := startServer(t)
	front := startFront(t, srv)
	ctx := bt.NewBrowser(t, bt.Options{Width: 1280, Height: 800})
	bt.Run(t, ctx, chromedp.Navigate(front.URL+"/privacy"))
	bt.WaitJS(t, ctx, mounted, 30*time.Second)
	bt.WaitJS(t, ctx, workerReady(), 30*time.Second)
	requests := func() map[string]int {
		count := map[string]int{}
		for _, line := range strings.Split(srv.Output(), "\n") {
			if !strings.Contains(line, "msg=request method=GET ") {
				continue
			}
			_, rest, _ := strings.Cut(line, " path=")
			path, _, _ := strings.Cut(rest, " ")
			count[path]++
		}
		return count
	}
	visit := []string{"/privacy", "/wasm_exec.js", "/app.js", "/web/nav.js", "/web/app.wasm", "/manifest.webmanifest", "/", "/privacy/versions", "/app-worker.js"}
	// A request's log line is written once its answer is, which the
	// browser may have read whole a moment before.
	bt.Poll(10*time.Second, func() bool {
		c := requests()
		return !slices.ContainsFunc(visit, func(p string) bool { return c[p] == 0 })
	})
	count := requests()
	for _, path := range visit {
		if count[path] != 1 {
			t.Errorf("GET %s reached the server %d times on a first visit, want once", path, count[path])
		}
	}
	for path, n := range count {
		// Chromium itself asks for the page's icon twice as it loads the
		// page (the tab's icon), before the worker exists.
		if n > 1 && path != "/web/icon.svg" {
			t.Errorf("GET %s reached the server %d times on a first visit, want once", path, n)
		}
	}
	t.Logf("requests of a first visit that reached the server: %v", count)
	// What the page kept is what the worker serves offline.
	front.Down()
	srv.Stop()
	bt.Run(t, ctx, chromedp.Reload())
	checkOfflinePolicy(t, ctx, "after a reload")
}

// TestOfflineNewVersionFirstLoad serves version A, visits it, then serves
// version B on the same address: a reader who comes back sees B's text on
// the first load, with no update notice, since B is what is on screen.
func TestOfflineNewVersionFirstLoad(t *testing.T) {
	binB := versionB(t)
	profile := t.TempDir()
	srvA := startServer(t)
	front := startFront(t, srvA)
	var requests []*requestLog
	var cacheA string
	t.Run("version A", func(t *testing.T) {
		ctx := bt.NewBrowser(t, bt.Options{UserDataDir: profile})
		requests = append(requests, recordRequests(t, ctx))
		bt.Run(t, ctx, chromedp.Navigate(front.URL+"/privacy"))
		bt.WaitJS(t, ctx, mounted, 30*time.Second)
		bt.WaitJS(t, ctx, workerReady(), 30*time.Second)
		if strings.Contains(bt.Eval[string](t, ctx, bodyText), versionBText) {
			t.Fatal("version A already has version B's text: is POLICY_BIN a build of version B?")
		}
		cacheA = bt.Eval[string](t, ctx, pageCacheName())
		// Caches that are not this worker's, made before the worker of
		// version B activates.
		bt.WaitJS(t, ctx, `Promise.all(`+jsList(foreignCaches)+`.map((n) => caches.open(n))).then(() => true)`, 10*time.Second)
	})
	// Version B at the same address.
	srvB := bt.StartServer(t, binB, "serve")
	front.Forward(srvB.URL)
	srvA.Stop()

	ctx := bt.NewBrowser(t, bt.Options{UserDataDir: profile})
	requests = append(requests, recordRequests(t, ctx))
	bt.Run(t, ctx, chromedp.Navigate(front.URL+"/privacy"))
	if !strings.Contains(bt.Eval[string](t, ctx, bodyText), versionBText) {
		t.Error("the prerendered page of the first load is not version B")
	}
	bt.WaitJS(t, ctx, mounted, 30*time.Second)
	if !strings.Contains(bt.Eval[string](t, ctx, bodyText), versionBText) {
		t.Error("once the client mounted, version B's text is not on screen: the client of version A ran")
	}
	if got := bt.Eval[string](t, ctx, `document.querySelector('.policy-updated time')?.textContent ?? ''`); got != "15 January 2026" {
		t.Errorf("Last updated %q, want version B's 15 January 2026", got)
	}
	// Version B's worker takes over and deletes version A's cache, and no
	// other; the page is B already, so no notice. The worker deletes them
	// as it activates: once it is activated, it has deleted all it will.
	bt.WaitJS(t, ctx, workerReady(), 30*time.Second)
	bt.WaitJS(t, ctx, `caches.keys().then(k => !k.includes(`+jsString(cacheA)+`))`, 10*time.Second)
	bt.WaitJS(t, ctx, `navigator.serviceWorker.getRegistration().then((r) => r.active?.state === 'activated')`, 10*time.Second)
	want := append([]string{bt.Eval[string](t, ctx, pageCacheName())}, foreignCaches...)
	slices.Sort(want)
	if diff := cmp.Diff(want, bt.Eval[[]string](t, ctx, `caches.keys().then((k) => k.sort())`)); diff != "" {
		t.Errorf("caches once version B's worker is active (-want +got):\n%s", diff)
	}
	if got := bt.Eval[string](t, ctx, `document.querySelector('.`+site.StatusClass+`').textContent`); got != "" {
		t.Errorf("the status region says %q; the page is already the new version", got)
	}
	if errs := bt.ConsoleErrors(ctx); len(errs) > 0 {
		t.Errorf("console errors: %q", errs)
	}
	for _, r := range requests {
		r.checkSameOrigin(t, front.URL)
	}
}

// TestOfflineCacheKeys checks that the worker keeps one entry per path
// whatever the query, and the client only under its own build.
func TestOfflineCacheKeys(t *testing.T) {
	srv := startServer(t)
	ctx := bt.NewBrowser(t, bt.Options{UserDataDir: t.TempDir()})
	bt.Run(t, ctx, chromedp.Navigate(srv.URL+"/privacy"))
	bt.WaitJS(t, ctx, mounted, 30*time.Second)
	bt.WaitJS(t, ctx, workerReady(), 30*time.Second)
	build := bt.Eval[string](t, ctx, pageBuild)

	// keys lists the paths and queries of the entries of the cache of
	// the page's version, sorted.
	keys := `(async () => {
		const cache = await caches.open(await ` + pageCacheName() + `);
		return (await cache.keys()).map((r) => new URL(r.url).pathname + new URL(r.url).search).sort();
	})()`
	// fetchAll fetches the URLs through the worker and returns their
	// statuses.
	fetchAll := func(urls ...string) []int {
		t.Helper()
		return bt.Eval[[]int](t, ctx, `Promise.all(`+jsList(urls)+`.map((u) => fetch(u).then(async (r) => (await r.arrayBuffer(), r.status))))`)
	}
	// settle waits until the worker has written what the fetches before it
	// gave: it fetches a path that is not kept yet, and waits for it.
	settle := func(path string) {
		t.Helper()
		if got := fetchAll(path); got[0] != 200 {
			t.Fatalf("GET %s = %d", path, got[0])
		}
		bt.WaitJS(t, ctx, keys+`.then((k) => k.includes(`+jsString(path)+`))`, 10*time.Second)
	}
	before := bt.Eval[[]string](t, ctx, keys)
	if !slices.Contains(before, "/web/app.wasm?build="+build) || !slices.Contains(before, "/privacy") {
		t.Fatalf("the precache lacks the client or the page: %q", before)
	}

	var api []string
	for i := range 200 {
		api = append(api, fmt.Sprintf("/api/policies?n=%d", i))
	}
	for i, status := range fetchAll(api...) {
		if status != 200 {
			t.Fatalf("GET %s = %d", api[i], status)
		}
	}
	settle("/api/policies/privacy")
	want := append(slices.Clone(before), "/api/policies", "/api/policies/privacy")
	slices.Sort(want)
	if diff := cmp.Diff(want, bt.Eval[[]string](t, ctx, keys)); diff != "" {
		t.Errorf("entries after 200 queries of /api/policies (-want +got):\n%s", diff)
	}

	// Other queries of the client and of the files under /web/: the
	// client of this version is served from the cache, any other is never
	// kept, whatever the server answers.
	fetchAll("/web/app.wasm?x=1", "/web/app.wasm?x=2", "/web/app.wasm", "/web/app.wasm?build=0123abcd",
		"/web/app.wasm?build="+build+"&x=1", "/web/nav.js?x=1", "/web/nav.js?build=0123abcd")
	settle("/robots.txt")
	want = append(want, "/robots.txt")
	slices.Sort(want)
	if diff := cmp.Diff(want, bt.Eval[[]string](t, ctx, keys)); diff != "" {
		t.Errorf("entries after queries of the client and of /web/ files (-want +got):\n%s", diff)
	}
	if errs := bt.ConsoleErrors(ctx); len(errs) > 0 {
		t.Errorf("console errors: %q", errs)
	}
}

// TestOfflineUpdateNotice deploys version B while a page of version A is
// open: the page keeps A's text, a notice offers to reload, and reloading
// shows B.
func TestOfflineUpdateNotice(t *testing.T) {
	binB := versionB(t)
	srvA := startServer(t)
	front := startFront(t, srvA)
	ctx := bt.NewBrowser(t, bt.Options{UserDataDir: t.TempDir()})
	requests := recordRequests(t, ctx)
	bt.Run(t, ctx, chromedp.Navigate(front.URL+"/privacy"))
	bt.WaitJS(t, ctx, mounted, 30*time.Second)
	bt.WaitJS(t, ctx, workerReady(), 30*time.Second)

	srvB := bt.StartServer(t, binB, "serve")
	front.Forward(srvB.URL)
	srvA.Stop()
	// The page checks every ten seconds; the new worker then installs.
	bt.WaitJS(t, ctx, `document.querySelector('.status-update')`, 40*time.Second)
	if got := bt.Eval[string](t, ctx, `document.querySelector('.status-update').textContent`); !strings.Contains(got, "A new version of this page is available.") {
		t.Errorf("update notice %q", got)
	}
	if strings.Contains(bt.Eval[string](t, ctx, bodyText), versionBText) {
		t.Error("the text changed under the reader before a reload")
	}
	bt.Run(t, ctx, chromedp.Click(chromedp.CSS(`.status-update button`)))
	bt.WaitJS(t, ctx, `document.body.innerText.includes(`+jsString(versionBText)+`)`, 30*time.Second)
	bt.WaitJS(t, ctx, mounted, 30*time.Second)
	if !strings.Contains(bt.Eval[string](t, ctx, bodyText), versionBText) {
		t.Error("after the reload and the mount, version B's text is not on screen")
	}
	if got := bt.Eval[string](t, ctx, `document.querySelector('.`+site.StatusClass+`').textContent`); got != "" {
		t.Errorf("after the reload the status region says %q", got)
	}
	if errs := bt.ConsoleErrors(ctx); len(errs) > 0 {
		t.Errorf("console errors: %q", errs)
	}
	requests.checkSameOrigin(t, front.URL)
}

// TestOfflineInstallable checks that Chromium finds the app installable and
// its manifest sound, that the banner follows the browser's offline and
// online events, and that no request of the pages, the worker or the
// browser leaves the server's origin.
func TestOfflineInstallable(t *testing.T) {
	srv := startServer(t)
	ctx := bt.NewBrowser(t, bt.Options{})
	requests := recordRequests(t, ctx)
	bt.Run(t, ctx, chromedp.Navigate(srv.URL+"/privacy"))
	bt.WaitJS(t, ctx, mounted, 30*time.Second)
	bt.WaitJS(t, ctx, workerReady(), 30*time.Second)

	rctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	manifest, err := chromedp.Call(rctx, page.GetAppManifest, page.GetAppManifestParams{})
	if err != nil {
		t.Fatal(err)
	}
	if manifest.URL != srv.URL+"/manifest.webmanifest" {
		t.Errorf("manifest at %q", manifest.URL)
	}
	for _, e := range manifest.Errors {
		t.Errorf("manifest error: %s (line %d)", e.Message, e.Line)
	}
	var m struct {
		Icons []struct{ Src, Sizes, Purpose string }
	}
	if err := json.Unmarshal([]byte(manifest.Data), &m); err != nil {
		t.Fatal(err)
	}
	maskable := false
	for _, ic := range m.Icons {
		maskable = maskable || (ic.Purpose == "maskable" && ic.Sizes == "512x512")
	}
	if !maskable {
		t.Errorf("no 512x512 maskable icon: %+v", m.Icons)
	}
	res, err := chromedp.Call(rctx, page.GetInstallabilityErrors, cdp.Empty{})
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range res.InstallabilityErrors {
		var args []string
		for _, a := range e.ErrorArguments {
			args = append(args, a.Name+"="+a.Value)
		}
		t.Errorf("installability error %s %v", e.ErrorID, args)
	}

	// The browser going offline and online again, while the page is open.
	setOffline := func(offline bool) {
		t.Helper()
		p := network.OverrideNetworkStateParams{Offline: offline, DownloadThroughput: -1, UploadThroughput: -1}
		if _, err := chromedp.Call(rctx, network.OverrideNetworkState, p); err != nil {
			t.Fatal(err)
		}
	}
	setOffline(true)
	bt.WaitJS(t, ctx, `document.querySelector('`+classes(site.OfflineNoticeClass)+`')?.textContent === `+jsString(offlineNotice), 10*time.Second)
	setOffline(false)
	bt.WaitJS(t, ctx, `document.querySelector('.`+site.StatusClass+`').textContent === ''`, 10*time.Second)

	if errs := bt.ConsoleErrors(ctx); len(errs) > 0 {
		t.Errorf("console errors: %q", errs)
	}
	requests.checkSameOrigin(t, srv.URL)
	// The log holds the service worker's own requests: its script, and its
	// precache of a file that no page loads.
	for _, path := range []string{"/app-worker.js", "/web/apple-touch-icon.png"} {
		if !requests.has(srv.URL + path) {
			t.Errorf("the request log misses %s: %q", path, requests.list())
		}
	}
}

// TestOfflineSubPath serves the site behind a reverse proxy at /legal/:
// the worker, its scope and its cache follow the prefix, and with the
// server stopped behind the proxy (which answers 502) the pages are read
// from the cache. When the server is back, the banner says so and offers
// to reload.
func TestOfflineSubPath(t *testing.T) {
	srv := startServer(t, "-prefix", "/legal")
	front := startFront(t, srv)
	proxy := front.URL
	ctx := bt.NewBrowser(t, bt.Options{UserDataDir: t.TempDir()})
	requests := recordRequests(t, ctx)
	bt.Run(t, ctx, chromedp.Navigate(proxy+"/legal/privacy"))
	bt.WaitJS(t, ctx, mounted, 30*time.Second)
	bt.WaitJS(t, ctx, workerReady(), 30*time.Second)
	if got := bt.Eval[string](t, ctx, `navigator.serviceWorker.getRegistration().then(r => r.scope)`); got != proxy+"/legal/" {
		t.Errorf("worker scope %q, want %s/legal/", got, proxy)
	}

	front.BadGateway()
	srv.Stop()
	bt.Run(t, ctx, chromedp.Reload())
	bt.WaitJS(t, ctx, mounted, 30*time.Second)
	if got := bt.Eval[string](t, ctx, `document.querySelector('h1')?.textContent ?? ''`); got != "Privacy policy" {
		t.Errorf("h1 %q", got)
	}
	const want = "The site cannot be reached. Showing the version of 27 February 2021."
	waitText(t, ctx, classes(site.OfflineNoticeClass), want, "behind the proxy")
	bt.Run(t, ctx, chromedp.Navigate(proxy+"/legal/"))
	bt.WaitJS(t, ctx, mounted, 30*time.Second)
	if got := bt.Eval[string](t, ctx, `document.querySelector('a.index-link')?.getAttribute('href') ?? ''`); got != "/legal/privacy" {
		t.Errorf("index offline: policy link %q", got)
	}

	// The server comes back: the banner no longer says it cannot be
	// reached, and offers to reload; the reload is from the network.
	front.Forward(startServer(t, "-prefix", "/legal").URL)
	bt.WaitJS(t, ctx, `document.querySelector('.status-online') && !document.querySelector('`+classes(site.OfflineNoticeClass)+`')`, 30*time.Second)
	bt.Run(t, ctx, chromedp.Click(chromedp.CSS(`.status-online button`)))
	bt.WaitJS(t, ctx, `!`+offlineCopy+` && document.querySelector('.`+site.StatusClass+`')?.textContent === ''`, 30*time.Second)
	bt.WaitJS(t, ctx, mounted, 30*time.Second)

	if errs := bt.ConsoleErrors(ctx); len(errs) > 0 {
		t.Errorf("console errors: %q", errs)
	}
	requests.checkSameOrigin(t, proxy)
}

func jsList(ss []string) string {
	b, _ := json.Marshal(ss)
	return string(b)
}

// requestLog records every network request of a browser. Fetch
// interception on the browser target pauses the requests of pages, of
// service workers and of the browser itself (the manifest and its icons);
// the log notes each URL and lets it go on. A request to another origin is
// failed, so that the tests never reach the internet.
type requestLog struct {
	mu   sync.Mutex
	urls []string
}

func (l *requestLog) list() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]string(nil), l.urls...)
}

func (l *requestLog) has(u string) bool {
	for _, v := range l.list() {
		if v == u {
			return true
		}
	}
	return false
}

// checkSameOrigin fails the test for each request that is not to origin,
// and when nothing was recorded at all.
func (l *requestLog) checkSameOrigin(t *testing.T, origin string) {
	t.Helper()
	urls := l.list()
	if len(urls) == 0 {
		t.Error("no request recorded")
	}
	for _, u := range urls {
		if !strings.HasPrefix(u, origin+"/") {
			t.Errorf("request to another origin than %s: %s", origin, u)
		}
	}
}

// versionB returns the server binary of version B: the same tree with a
// changed privacy policy, a new "updated" date and versionBText (and no
// earlier version kept, as a site that replaces its text), built once per
// test process.
func versionB(t *testing.T) string {
	t.Helper()
	md, err := os.ReadFile(filepath.Join(moduleRoot(t), "policies", "privacy.md"))
	if err != nil {
		t.Fatal(err)
	}
	b := strings.Replace(string(md), "updated: 2021-02-27", "updated: 2026-01-15", 1)
	b = strings.Replace(b, bothVersionsText, versionBText+" "+bothVersionsText, 1)
	if b == string(md) || !strings.Contains(b, "2026-01-15") || !strings.Contains(b, versionBText) {
		t.Fatal("policies/privacy.md changed: the test cannot make version B of it")
	}
	return buildSite(t, "version-b", map[string][]byte{"privacy.md": []byte(b)})
}

// siteBuild is one build of buildSite.
type siteBuild struct {
	once sync.Once
	bin  string
	err  error
}

// siteBuilds are the builds of buildSite, by name.
var siteBuilds sync.Map
