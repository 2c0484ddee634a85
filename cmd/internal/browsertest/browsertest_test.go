//go:build !wasm

package browsertest

import (
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/signal"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// testPage has a heading, and two faults for axe: no lang on html and an image
// without alt.
const testPage = `<!DOCTYPE html>
<html>
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>browsertest</title>
</head>
<body>
<main>
<h1>Hello, browser</h1>
<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">
<button onclick="console.error('clicked', 42)">Log</button>
</main>
</body>
</html>`

// serve serves testPage on 127.0.0.1 until the test ends, and returns its URL.
func serve(t *testing.T) string {
	t.Helper()
	return listen(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write([]byte(testPage))
	})) + "/"
}

func TestBrowser(t *testing.T) {
	url := serve(t)
	ctx := NewBrowser(t, Options{})
	Run(t, ctx, chromedp.Navigate(url), chromedp.WaitVisible(chromedp.CSS("h1")))

	if got := Eval[string](t, ctx, `document.querySelector('h1').textContent`); got != "Hello, browser" {
		t.Errorf("h1 = %q, want %q", got, "Hello, browser")
	}
	if got := Eval[int](t, ctx, `innerWidth`); got != 1280 {
		t.Errorf("innerWidth = %d, want 1280", got)
	}
	if Eval[bool](t, ctx, `matchMedia('(prefers-color-scheme: dark)').matches`) {
		t.Error("prefers-color-scheme is dark without DarkMode")
	}
	if got := Eval[int](t, ctx, `Promise.resolve(6 * 7)`); got != 42 {
		t.Errorf("awaited promise = %d, want 42", got)
	}

	Run(t, ctx, chromedp.Click(chromedp.CSS("button")))
	WaitJS(t, ctx, `document.readyState === 'complete'`, 5*time.Second)
	Run(t, ctx, chromedp.Evaluate[chromedp.Void](`setTimeout(() => { throw new Error('boom') })`))
	Poll(5*time.Second, func() bool { return len(ConsoleErrors(ctx)) >= 2 })
	errs := ConsoleErrors(ctx)
	if len(errs) != 2 || !strings.Contains(errs[0], "clicked 42") || !strings.Contains(errs[1], "boom") {
		t.Errorf("ConsoleErrors = %q, want the console.error call and the exception", errs)
	}

	vs := Axe(t, ctx)
	ids := make([]string, len(vs))
	for i, v := range vs {
		ids[i] = v.ID
	}
	for _, want := range []string{"image-alt", "html-has-lang"} {
		if !slices.Contains(ids, want) {
			t.Errorf("axe violations %q lack %s:\n%s", ids, want, FormatViolations(vs))
		}
	}
	// A second run reuses the injected script.
	if again := Axe(t, ctx); len(again) != len(vs) {
		t.Errorf("second Axe run found %d violations, want %d", len(again), len(vs))
	}

	tab := NewTab(t, ctx)
	Run(t, tab, chromedp.Navigate(url))
	if got := Eval[string](t, tab, `document.title`); got != "browsertest" {
		t.Errorf("title in new tab = %q", got)
	}
	if errs := ConsoleErrors(tab); len(errs) != 0 {
		t.Errorf("new tab has console errors %q", errs)
	}
}

func TestEmulation(t *testing.T) {
	url := serve(t)
	ctx := NewBrowser(t, Options{Mobile: true, DarkMode: true, ReducedMotion: true})
	Run(t, ctx, chromedp.Navigate(url))
	WaitJS(t, ctx, `document.querySelector('h1') !== null`, 5*time.Second)

	checks := map[string]string{
		`matchMedia('(prefers-color-scheme: dark)').matches`:     "dark mode",
		`matchMedia('(prefers-reduced-motion: reduce)').matches`: "reduced motion",
		`innerWidth === 390 && innerHeight === 844`:              "390x844 viewport",
		`devicePixelRatio === 3`:                                 "device scale factor 3",
		`matchMedia('(pointer: coarse)').matches`:                "touch",
	}
	for expr, what := range checks {
		if !Eval[bool](t, ctx, expr) {
			t.Errorf("%s not emulated: %s is false", what, expr)
		}
	}

	// A new tab of the same browser gets the same emulation.
	tab := NewTab(t, ctx)
	Run(t, tab, chromedp.Navigate(url))
	if !Eval[bool](t, tab, `matchMedia('(prefers-color-scheme: dark)').matches && innerWidth === 390`) {
		t.Error("new tab lacks the emulation of its browser")
	}
}

func TestWaitJSAndProfile(t *testing.T) {
	url := serve(t)
	dir := t.TempDir()

	// Each subtest closes its browser when it ends, so the second browser
	// starts on the profile that the first one left.
	t.Run("write", func(t *testing.T) {
		ctx := NewBrowser(t, Options{UserDataDir: dir})
		Run(t, ctx, chromedp.Navigate(url))
		Run(t, ctx, chromedp.Evaluate[chromedp.Void](`setTimeout(() => { window.ready = true }, 200); localStorage.setItem('k', 'v')`))
		WaitJS(t, ctx, `window.ready === true`, 5*time.Second)
	})
	t.Run("read", func(t *testing.T) {
		ctx := NewBrowser(t, Options{UserDataDir: dir})
		Run(t, ctx, chromedp.Navigate(url))
		if got := Eval[*string](t, ctx, `localStorage.getItem('k')`); got == nil || *got != "v" {
			t.Errorf("localStorage after a restart = %v, want \"v\"", got)
		}
	})
}

// TestHelperServer is the server that TestStartServer runs: the test binary
// itself with BROWSERTEST_HELPER_SERVER=1, which serves on the socket of
// -listen-fd as bin/policy serve does. It does nothing in a normal run.
func TestHelperServer(t *testing.T) {
	if os.Getenv("BROWSERTEST_HELPER_SERVER") != "1" {
		return
	}
	fs := flag.NewFlagSet("serve", flag.ExitOnError)
	fd := fs.Int("listen-fd", 0, "file descriptor of the listening socket")
	// The flags of the server come after "--", after those of go test.
	for i, a := range os.Args {
		if a == "--" {
			fs.Parse(os.Args[i+1:])
			break
		}
	}
	// Catch SIGTERM before saying where it listens: a test may stop it
	// at once.
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, syscall.SIGTERM)
	l, err := net.FileListener(os.NewFile(uintptr(*fd), "listener"))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fmt.Printf("listening on http://%s (build v1)\n", l.Addr())
	go http.Serve(l, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, "ok")
	}))
	<-sig
	fmt.Fprintln(os.Stderr, "stopping")
	os.Exit(3)
}

// TestStartServer starts a server on a listener that the test opened, and
// stops it.
func TestStartServer(t *testing.T) {
	t.Setenv("BROWSERTEST_HELPER_SERVER", "1")
	s := StartServer(t, os.Args[0], "-test.run=^TestHelperServer$", "--")
	if !strings.HasPrefix(s.URL, "http://127.0.0.1:") || s.Build != "v1" {
		t.Errorf("URL %q, build %q; want http://127.0.0.1:PORT and v1", s.URL, s.Build)
	}
	if got := getBody(t, s.URL); got != "ok" {
		t.Errorf("body = %q, want ok", got)
	}
	s.Signal(t, syscall.SIGTERM)
	if status, _ := s.Wait(t, 10*time.Second); status != 3 {
		t.Errorf("exit status %d, want 3", status)
	}
	s.Stop()
	if !strings.Contains(s.Stderr(), "stopping") || strings.Contains(s.Stderr(), "listening") {
		t.Errorf("stderr %q, want the line of stderr only", s.Stderr())
	}
	if _, err := http.Get(s.URL); err == nil {
		t.Error("the server's address still answers once it has exited")
	}
}

// TestFront forwards to two servers in turn on one address, then is down
// (a network error) and a bad gateway (502).
func TestFront(t *testing.T) {
	f := StartFront(t)
	if _, err := http.Get(f.URL); err == nil {
		t.Error("a front that forwards nowhere answered")
	}
	for _, name := range []string{"A", "B"} {
		srv := listen(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			fmt.Fprintf(w, "%s %s %s", name, r.Host, r.Header.Get("X-Forwarded-For"))
		}))
		f.Forward(srv)
		want := fmt.Sprintf("%s %s ", name, strings.TrimPrefix(f.URL, "http://"))
		if got := getBody(t, f.URL); got != want {
			t.Errorf("through the front to %s: %q, want %q (the browser's Host, no X-Forwarded-For)", name, got, want)
		}
	}
	f.Down()
	if res, err := http.Get(f.URL); err == nil {
		res.Body.Close()
		t.Errorf("down: %s, want a network error", res.Status)
	}
	f.BadGateway()
	if res, err := http.Get(f.URL); err != nil || res.StatusCode != http.StatusBadGateway {
		t.Errorf("bad gateway: %v, %v; want 502", res, err)
	} else {
		res.Body.Close()
	}
	http.DefaultClient.CloseIdleConnections()
}

// listen serves h on a listener of the test until it ends, and returns its
// URL.
func listen(t *testing.T, h http.Handler) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{Handler: h}
	served := make(chan struct{})
	go func() {
		defer close(served)
		srv.Serve(l)
	}()
	t.Cleanup(func() {
		srv.Close()
		<-served
	})
	return "http://" + l.Addr().String()
}

// getBody returns the body of GET url.
func getBody(t *testing.T, url string) string {
	t.Helper()
	res, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
