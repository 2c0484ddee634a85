//go:build !wasm

package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/fetch"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
	"github.com/google/go-cmp/cmp"
	"github.com/seqeralabs/policy-widget/app/site"
	bt "github.com/seqeralabs/policy-widget/cmd/internal/browsertest"
)

// The helpers that several of this package's tests share.

// exitCode returns the exit status of a command that ran, or -1 when it
// could not run.
func exitCode(err error) int {
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		return exit.ExitCode()
	}
	if err != nil {
		return -1
	}
	return 0
}

// mounted is true once the WebAssembly client has taken over the page: only
// the client sets data-wasm on the page (site.Mounted).
const mounted = `document.querySelector('.` + site.PageClass + site.Mounted + `') !== null`

// offlineCopy is the reason why the page is a saved copy, which the service
// worker sets on <html> (site.OfflineCopyAttr), or "".
const offlineCopy = `(document.documentElement.getAttribute('` + site.OfflineCopyAttr + `') ?? '')`

// classes returns the selector of the elements of every class of list, a
// class attribute: ".a.b" for "a b".
func classes(list string) string {
	return "." + strings.ReplaceAll(list, " ", ".")
}

// startServer runs `policy serve` of the real binary with args, on a
// listener of the test (bt.StartServer).
func startServer(t *testing.T, args ...string) *bt.Server {
	t.Helper()
	return bt.StartServer(t, bt.Binary(t), append([]string{"serve"}, args...)...)
}

// startFront starts a front (bt.Front) that forwards to srv: the address
// of a test that stops its server, or replaces it with another version.
func startFront(t *testing.T, srv *bt.Server) *bt.Front {
	t.Helper()
	f := bt.StartFront(t)
	f.Forward(srv.URL)
	return f
}

// waitScrollSettled waits until the page has not scrolled for 300 ms, so
// that a smooth scroll has ended.
func waitScrollSettled(t *testing.T, ctx context.Context) {
	t.Helper()
	bt.Eval[bool](t, ctx, `new Promise(resolve => {
		let last = -1, still = 0;
		const tick = () => {
			if (window.scrollY === last) { still++ } else { still = 0; last = window.scrollY }
			if (still >= 6) { resolve(true) } else { setTimeout(tick, 50) }
		};
		tick();
	})`)
}

var update = flag.Bool("update", false, "rewrite the testdata/check/*.golden files")

// embedHost serves the host pages of the embed tests: pages of another
// origin than the policy server's, on a loopback listener of their own that
// the test opens before it starts the policy server, so that its origin can
// be given to -frame-ancestors. Every answer has a strict CSP without
// 'unsafe-inline' that allows the policy server's scripts and frames.
type embedHost struct {
	URL string // the origin, such as http://127.0.0.1:41234

	l     net.Listener
	mu    sync.Mutex
	files map[string]embedHostFile // by path
	posts []string                 // the bodies of POST requests, in order
}

type embedHostFile struct{ contentType, body string }

// listenEmbedHost opens the listener of a host; serve serves it.
func listenEmbedHost(t *testing.T) *embedHost {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("host server: %v", err)
	}
	t.Cleanup(func() { l.Close() })
	return &embedHost{URL: "http://" + l.Addr().String(), l: l, files: map[string]embedHostFile{}}
}

// serve serves the host pages (embedHostFiles), which embed the policy
// server at policyURL, until the test ends.
func (h *embedHost) serve(t *testing.T, policyURL string) {
	t.Helper()
	for p, f := range embedHostFiles(t, policyURL) {
		h.add(p, f.contentType, f.body)
	}
	csp := "default-src 'self'; script-src 'self' " + policyURL + "; frame-src " + policyURL +
		"; style-src 'self'; img-src 'self'; object-src 'none'; base-uri 'none'"
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Security-Policy", csp)
		h.mu.Lock()
		f, ok := h.files[r.URL.Path]
		if r.Method == http.MethodPost {
			b, _ := io.ReadAll(r.Body)
			h.posts = append(h.posts, r.URL.Path+" "+string(b))
		}
		h.mu.Unlock()
		switch {
		case r.Method == http.MethodPost:
			w.WriteHeader(http.StatusNoContent)
		case ok:
			w.Header().Set("Content-Type", f.contentType)
			fmt.Fprint(w, f.body)
		default:
			http.NotFound(w, r)
		}
	})}
	served := make(chan struct{})
	go func() {
		defer close(served)
		srv.Serve(h.l)
	}()
	t.Cleanup(func() {
		srv.Close()
		<-served
	})
}

// add serves body at path.
func (h *embedHost) add(path, contentType, body string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.files[path] = embedHostFile{contentType, body}
}

// postsTo returns the bodies of the POST requests to path so far.
func (h *embedHost) postsTo(path string) []string {
	h.mu.Lock()
	defer h.mu.Unlock()
	var bodies []string
	for _, p := range h.posts {
		if b, ok := strings.CutPrefix(p, path+" "); ok {
			bodies = append(bodies, b)
		}
	}
	return bodies
}

// startEmbed starts a host and a policy server (bin) that lets it frame
// its /embed/ pages.
func startEmbed(t *testing.T, bin string) (*embedHost, *bt.Server) {
	t.Helper()
	host := listenEmbedHost(t)
	srv := bt.StartServer(t, bin, "serve", "-frame-ancestors", host.URL)
	host.serve(t, srv.URL)
	return host, srv
}

func installEmbedProbe(t *testing.T, ctx context.Context) {
	t.Helper()
	bt.Run(t, ctx, chromedp.Func(func(ctx context.Context, tgt *chromedp.Target) error {
		_, err := cdp.Call(ctx, tgt, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: embedProbe})
		return err
	}))
}

// embedWorld returns an isolated world in the document of the n-th /embed/
// frame of the page: the frame's DOM, not its globals. Its own globals last
// as long as the frame's document.
func embedWorld(t *testing.T, ctx context.Context, n int) runtime.ExecutionContextID {
	t.Helper()
	rctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	id, err := chromedp.Run(rctx, chromedp.Action[runtime.ExecutionContextID](func(ctx context.Context, tgt *chromedp.Target) (runtime.ExecutionContextID, error) {
		tree, err := cdp.Call(ctx, tgt, page.GetFrameTree, cdp.Empty{})
		if err != nil {
			return 0, err
		}
		var frames []*cdp.Frame
		var walk func(*page.FrameTree)
		walk = func(ft *page.FrameTree) {
			if strings.Contains(ft.Frame.URL, "/embed/") {
				frames = append(frames, ft.Frame)
			}
			for _, c := range ft.ChildFrames {
				walk(c)
			}
		}
		walk(tree.FrameTree)
		if n >= len(frames) {
			return 0, fmt.Errorf("no /embed/ frame number %d (%d frames)", n, len(frames))
		}
		world, err := cdp.Call(ctx, tgt, page.CreateIsolatedWorld, page.CreateIsolatedWorldParams{FrameID: frames[n].ID, WorldName: "embed-test"})
		if err != nil {
			return 0, err
		}
		return world.ExecutionContextID, nil
	}))
	if err != nil {
		t.Fatalf("frame %d: %v", n, err)
	}
	return id
}

// worldEval evaluates expr in the execution context id, awaits a promise
// that it returns, and decodes the result into T.
func worldEval[T any](t *testing.T, ctx context.Context, id runtime.ExecutionContextID, expr string) T {
	t.Helper()
	rctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	v, err := chromedp.Run(rctx, chromedp.Action[T](func(ctx context.Context, tgt *chromedp.Target) (T, error) {
		var v T
		yes := true
		res, err := cdp.Call(ctx, tgt, runtime.Evaluate, runtime.EvaluateParams{
			Expression:    expr,
			ContextID:     id,
			ReturnByValue: &yes,
			AwaitPromise:  &yes,
		})
		if err != nil {
			return v, err
		}
		if res.ExceptionDetails != nil {
			return v, &chromedp.ExceptionError{ExceptionDetails: res.ExceptionDetails}
		}
		if res.Result.Value == nil {
			return v, nil
		}
		return v, json.Unmarshal(res.Result.Value, &v)
	}))
	if err != nil {
		t.Fatalf("evaluating %s: %v", expr, err)
	}
	return v
}

// embedFrameEval evaluates expr in the document of the n-th /embed/ frame
// of the page (an isolated world: the frame's DOM, not its globals) and
// decodes the result into T.
func embedFrameEval[T any](t *testing.T, ctx context.Context, n int, expr string) T {
	t.Helper()
	return worldEval[T](t, ctx, embedWorld(t, ctx, n), expr)
}

// embedWaitFrame evaluates expr in the n-th /embed/ frame every 50 ms until
// it is true, for up to timeout.
func embedWaitFrame(t *testing.T, ctx context.Context, n int, expr string, timeout time.Duration) {
	t.Helper()
	id := embedWorld(t, ctx, n)
	if !worldEval[bool](t, ctx, id, `new Promise((resolve) => {
		const deadline = performance.now() + `+strconv.Itoa(int(timeout.Milliseconds()))+`;
		const poll = () => {
			if (`+expr+`) resolve(true);
			else if (performance.now() > deadline) resolve(false);
			else setTimeout(poll, 50);
		};
		poll();
	})`) {
		t.Fatalf("in frame %d, %s was not true within %v", n, expr, timeout)
	}
}

// embedFitJS measures, in a frame, the frame's viewport and the content.
const embedFitJS = `({
	innerHeight: innerHeight,
	scrollHeight: document.documentElement.scrollHeight,
	clientHeight: document.documentElement.clientHeight,
	contentBottom: document.querySelector('.page').getBoundingClientRect().bottom + scrollY,
})`

// embedFitOf returns how frame n fits its content.
func embedFitOf(t *testing.T, ctx context.Context, n int) embedFit {
	t.Helper()
	f := embedFrameEval[embedFit](t, ctx, n, embedFitJS)
	f.FrameHeight = bt.Eval[float64](t, ctx, fmt.Sprintf(`__probe.frames()[%d].getBoundingClientRect().height`, n))
	return f
}

func embedCheckFit(t *testing.T, ctx context.Context, n int) {
	t.Helper()
	f := embedFitOf(t, ctx, n)
	if f.FrameHeight < 500 || math.Abs(f.FrameHeight-f.ContentBottom) > 2 || math.Abs(f.FrameHeight-f.InnerHeight) > 1 {
		t.Errorf("frame %d: %.1f px high for %.1f px of content (viewport %.1f); want them within 2 px", n, f.FrameHeight, f.ContentBottom, f.InnerHeight)
	}
	if f.ScrollHeight > f.ClientHeight {
		t.Errorf("frame %d scrolls: scrollHeight %.0f > clientHeight %.0f", n, f.ScrollHeight, f.ClientHeight)
	}
}

// navReady is true once nav.js has bound to the page.
const navReady = `document.readyState === 'complete' && typeof window.policyNav === 'object'`

func navNoConsoleErrors(t *testing.T, ctx context.Context) {
	t.Helper()
	if errs := bt.ConsoleErrors(ctx); len(errs) > 0 {
		t.Errorf("console errors: %q", errs)
	}
}

// nativeBuiltins is true when the built-ins that the scripts of the widget
// once patched are the browser's own, in the window w.
const nativeBuiltins = `((w) => [w.Element.prototype.scrollIntoView, w.Element.prototype.scrollIntoViewIfNeeded, w.HTMLElement.prototype.focus, w.Document.prototype.getElementById]
	.every((f) => typeof f === 'function' && /\{\s*\[native code\]\s*\}$/.test(w.Function.prototype.toString.call(f))))`

// pageBuild is the build of the page, from its <meta> element.
const pageBuild = `document.querySelector('meta[name="` + site.BuildMeta + `"]').content`

// cacheName returns an expression of the name of the service worker's
// cache of build in scope, two expressions: site.CacheName's, with their
// values in its place.
func cacheName(scope, build string) string {
	return jsString(site.CacheName("\x00", "\x01")) + `.replace("\u0000", () => ` + scope + `).replace("\u0001", () => ` + build + `)`
}

// workerReady returns an expression that is true once the service worker
// controls the page and its cache of the page's build holds the privacy
// page and the client.
func workerReady() string {
	return `(async () => {
	if (!navigator.serviceWorker.controller) return false;
	const v = ` + pageBuild + `;
	const reg = await navigator.serviceWorker.getRegistration();
	const name = ` + cacheName("new URL(reg.scope).pathname", "v") + `;
	if (!(await caches.keys()).includes(name)) return false;
	const keys = (await (await caches.open(name)).keys()).map(r => r.url);
	return keys.includes(new URL("privacy", reg.scope).href) && keys.some(u => u.includes("app.wasm?` + site.BuildParam + `=" + v));
})()`
}

// pageCacheName returns a promise of the name of the cache of the worker of
// the page's build.
func pageCacheName() string {
	return `navigator.serviceWorker.getRegistration().then((reg) => ` + cacheName("new URL(reg.scope).pathname", pageBuild) + `)`
}

// checkOfflinePolicy checks the privacy policy served offline: on screen,
// mounted, and with the offline banner.
func checkOfflinePolicy(t *testing.T, ctx context.Context, when string) {
	t.Helper()
	bt.WaitJS(t, ctx, mounted, 30*time.Second)
	if got := bt.Eval[string](t, ctx, offlineCopy); got != site.ReasonOffline {
		t.Errorf("%s: data-offline-copy = %q, want offline (served from the cache)", when, got)
	}
	if got := bt.Eval[string](t, ctx, `document.querySelector('h1')?.textContent ?? ''`); got != "Privacy policy" {
		t.Errorf("%s: h1 %q", when, got)
	}
	if !strings.Contains(bt.Eval[string](t, ctx, bodyText), bothVersionsText) {
		t.Errorf("%s: the policy is not on screen", when)
	}
	waitText(t, ctx, classes(site.OfflineNoticeClass), offlineNotice, when)
	if got := bt.Eval[string](t, ctx, `document.querySelector('.`+site.StatusClass+`').getAttribute('aria-live') ?? ''`); got != "polite" {
		t.Errorf("%s: the status region is not aria-live polite (%q)", when, got)
	}
}

// waitText waits up to five seconds for the text of the element that
// matches selector to be want, and reports what it is otherwise.
func waitText(t *testing.T, ctx context.Context, selector, want, when string) {
	t.Helper()
	expr := `document.querySelector(` + jsString(selector) + `)?.textContent ?? ''`
	var got string
	if bt.Poll(5*time.Second, func() bool { got = bt.Eval[string](t, ctx, expr); return got == want }) {
		return
	}
	t.Errorf("%s: %s says %q, want %q", when, selector, got, want)
}

func jsString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

func recordRequests(t *testing.T, ctx context.Context) *requestLog {
	t.Helper()
	l := &requestLog{}
	err := chromedp.ListenBrowser(ctx, func(ev any) {
		e, ok := ev.(*fetch.EventRequestPaused)
		if !ok {
			return
		}
		l.mu.Lock()
		l.urls = append(l.urls, e.Request.URL)
		l.mu.Unlock()
		local := strings.HasPrefix(e.Request.URL, "http://127.0.0.1:")
		// A listener must not run commands: answer from another goroutine.
		go func() {
			if local {
				_, _ = chromedp.CallBrowser(ctx, fetch.ContinueRequest, fetch.ContinueRequestParams{RequestID: e.RequestID})
				return
			}
			_, _ = chromedp.CallBrowser(ctx, fetch.FailRequest, fetch.FailRequestParams{RequestID: e.RequestID, ErrorReason: network.ErrorReasonBlockedByClient})
		}()
	})
	if err != nil {
		t.Fatal(err)
	}
	rctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if _, err := chromedp.CallBrowser(rctx, fetch.Enable, fetch.EnableParams{}); err != nil {
		t.Fatalf("recording requests: %v", err)
	}
	return l
}

// buildSite returns the server binary of another version of the site: the
// same tree with the policy files of policies replaced or added (by their
// path in policies/, such as "privacy.md" or "privacy/2021-02-27.md"),
// built once per test process under name, with bt.BuildSite (`go build
// -overlay`), without the client's precompressed forms: the server
// compresses the new client itself.
func buildSite(t *testing.T, name string, policies map[string][]byte) string {
	t.Helper()
	v, _ := siteBuilds.LoadOrStore(name, &siteBuild{})
	b := v.(*siteBuild)
	b.once.Do(func() {
		// Until the build succeeds: a failed build stops the test that
		// runs it with t.Fatal, and the next ones with this.
		b.err = fmt.Errorf("building %s failed: see the log of the first test that built it", name)
		start := time.Now()
		root := moduleRoot(t)
		// One directory for each checkout: tests of two checkouts may run
		// at once.
		cache, err := os.UserCacheDir()
		if err != nil {
			cache = os.TempDir()
		}
		sum := sha256.Sum256([]byte(root))
		dir := filepath.Join(cache, "policy-widget-browsertest", name+"-"+hex.EncodeToString(sum[:6]))
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		if b.bin, err = bt.BuildSite(bt.SiteOptions{Policies: policies, Dir: dir}); err != nil {
			t.Fatalf("building %s: %v", name, err)
		}
		b.err = nil
		t.Logf("built %s in %v", name, time.Since(start).Round(100*time.Millisecond))
	})
	if b.err != nil {
		t.Fatal(b.err)
	}
	return b.bin
}

// moduleRoot returns the root of the module.
func moduleRoot(t *testing.T) string {
	t.Helper()
	root, err := bt.ModuleRoot()
	if err != nil {
		t.Fatal(err)
	}
	return root
}

// publishB returns the server binary of the site with version B of the
// privacy policy published: A, the file as shipped, kept as
// policies/privacy/2021-02-27.md, and privacy.md updated on 2026-01-15
// with one section changed and one added.
func publishB(t *testing.T) string {
	t.Helper()
	return buildVersionB(t, "published-b", "2026-01-15")
}

// announceB returns the server binary of the site with version B
// published before it takes effect: the same as publishB's, dated
// upcomingDate, long after today.
func announceB(t *testing.T) string {
	t.Helper()
	return buildVersionB(t, "announced-b", upcomingDate)
}

// buildVersionB builds the site of version B of the privacy policy, dated
// date, under name.
func buildVersionB(t *testing.T, name, date string) string {
	t.Helper()
	a, err := os.ReadFile(filepath.Join(moduleRoot(t), "policies", "privacy.md"))
	if err != nil {
		t.Fatal(err)
	}
	b := string(a)
	for _, r := range [][2]string{
		{"updated: 2021-02-27", "updated: " + date},
		{publishedBOldText, publishedBNewText},
		{publishedBBefore, publishedBSection + publishedBBefore},
	} {
		if !strings.Contains(b, r[0]) {
			t.Fatalf("policies/privacy.md has no %q: the test cannot publish version B of it", r[0])
		}
		b = strings.Replace(b, r[0], r[1], 1)
	}
	return buildSite(t, name, map[string][]byte{
		"privacy/2021-02-27.md": a,
		"privacy.md":            []byte(b),
	})
}

// checkMarks checks the marks of version B for a reader of version A.
func checkMarks(t *testing.T, ctx context.Context, when string) {
	t.Helper()
	if diff := cmp.Diff(wantMarked, bt.Eval[marked](t, ctx, markedJS)); diff != "" {
		t.Errorf("%s: marked sections (-want +got):\n%s", when, diff)
	}
	summary := bt.Eval[string](t, ctx, `document.querySelector('.changes-notice .changes-summary')?.textContent ?? ''`)
	if !strings.HasPrefix(summary, noticeB) {
		t.Errorf("%s: the notice says %q, want %q", when, summary, noticeB)
	}
	if got := bt.Eval[string](t, ctx, `document.querySelector('.changes-notice a.changes-link')?.getAttribute('href') ?? ''`); got != comparePathAB {
		t.Errorf("%s: show changes links to %q, want %s", when, got, comparePathAB)
	}
}
