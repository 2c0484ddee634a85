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
	"strconv"
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
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write([]byte(testPage))
	})}
	go srv.Serve(l)
	t.Cleanup(func() { srv.Close() })
	return "http://" + l.Addr().String() + "/"
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
	deadline := time.Now().Add(5 * time.Second)
	for len(ConsoleErrors(ctx)) < 2 && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
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

func TestFreePort(t *testing.T) {
	addr := FreePort(t)
	l, err := net.Listen("tcp", addr)
	if err != nil {
		t.Fatalf("FreePort gave %s, which is not free: %v", addr, err)
	}
	l.Close()
	if !strings.HasPrefix(addr, "127.0.0.1:") {
		t.Errorf("FreePort = %q, want 127.0.0.1:PORT", addr)
	}
	// Below the ephemeral ports: no listener on port 0 is given it.
	if b, err := os.ReadFile("/proc/sys/net/ipv4/ip_local_port_range"); err == nil {
		var low int
		fmt.Sscan(string(b), &low)
		port, _ := strconv.Atoi(strings.TrimPrefix(addr, "127.0.0.1:"))
		if port >= low {
			t.Errorf("FreePort = %q, in the ephemeral range from %d", addr, low)
		}
	}
}

// TestHelperServer is the server that TestStartServer runs: the test binary
// itself with BROWSERTEST_HELPER_SERVER=1. It does nothing in a normal run.
func TestHelperServer(t *testing.T) {
	if os.Getenv("BROWSERTEST_HELPER_SERVER") != "1" {
		return
	}
	fs := flag.NewFlagSet("serve", flag.ExitOnError)
	addr := fs.String("addr", "127.0.0.1:0", "listen address")
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
	l, err := net.Listen("tcp", *addr)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fmt.Printf("listening on http://%s\n", l.Addr())
	go http.Serve(l, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, "ok")
	}))
	<-sig
	fmt.Println("stopping")
	os.Exit(0)
}

func TestStartServer(t *testing.T) {
	t.Setenv("BROWSERTEST_HELPER_SERVER", "1")
	addr := FreePort(t)
	for i := range 2 {
		// The second round restarts the server on the same port.
		s := StartServer(t, os.Args[0], "-test.run=^TestHelperServer$", "--", "-addr", addr)
		if s.URL != "http://"+addr {
			t.Fatalf("round %d: URL = %q, want http://%s", i, s.URL, addr)
		}
		resp, err := http.Get(s.URL)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if string(body) != "ok" {
			t.Errorf("round %d: body = %q, want ok", i, body)
		}
		s.Stop()
		s.Stop()
		if !strings.Contains(s.Output(), "stopping") {
			t.Errorf("round %d: the server did not stop on SIGTERM; output:\n%s", i, s.Output())
		}
	}
}
