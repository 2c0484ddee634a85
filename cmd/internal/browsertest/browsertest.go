//go:build !wasm

// Package browsertest is a small harness for browser tests that drive the web
// app in a headless Chromium with chromedp.
//
// A test starts the server with [StartServer] (on a listener that the test
// opens and hands over), puts a [Front] before it when the server is to be
// stopped or replaced at the same address, opens a browser with
// [NewBrowser], and then drives the page with [Run], [WaitJS] and [Eval]. A
// browser test that cannot run is a failure, not a skip: the helpers call
// t.Fatal when Chromium, axe-core or the server binary is missing. Run
// install-deps.sh (or make test) to install the dependencies.
package browsertest

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"github.com/seqeralabs/policy-widget/cmd/internal/perf"
)

// runTimeout limits each call of Run and Eval, and the start of a tab.
const runTimeout = 30 * time.Second

// Chromium returns the path of the Chromium executable. The environment
// variable CHROMIUM overrides the search, which then tries /usr/bin/chromium
// and chromium, chromium-browser and google-chrome in PATH. It calls t.Fatal
// when no browser is found.
func Chromium(t testing.TB) string {
	t.Helper()
	if p := os.Getenv("CHROMIUM"); p != "" {
		full, err := exec.LookPath(p)
		if err != nil {
			t.Fatalf("browsertest: CHROMIUM=%q is not an executable: %v", p, err)
		}
		return full
	}
	if p, ok := findChromium(); ok {
		return p
	}
	t.Fatal("browsertest: no Chromium found (looked for /usr/bin/chromium, chromium, chromium-browser and google-chrome). " +
		"Install the Debian package chromium with 'make test' (it runs cmd/internal/browsertest/install-deps.sh) " +
		"or 'sudo apt-get install chromium', or set CHROMIUM to the browser executable.")
	return ""
}

// findChromium searches the usual places for a Chromium executable.
func findChromium() (string, bool) {
	for _, name := range []string{"/usr/bin/chromium", "chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p, true
		}
	}
	return "", false
}

// Options configures the browser that NewBrowser starts.
type Options struct {
	// UserDataDir is the profile directory of the browser. The empty string
	// gives a fresh directory from t.TempDir. Pass the same directory to two
	// browsers in turn to keep storage such as IndexedDB across a restart.
	UserDataDir string

	// Width and Height are the size of the viewport in CSS pixels. They
	// default to 1280x900, or to 390x844 when Mobile is set.
	Width, Height int

	// Mobile emulates a touch phone with a device scale factor of 3. The page
	// needs a viewport meta tag for innerWidth to match Width.
	Mobile bool

	// DarkMode emulates prefers-color-scheme: dark. Otherwise the page sees
	// prefers-color-scheme: light.
	DarkMode bool

	// ReducedMotion emulates prefers-reduced-motion: reduce.
	ReducedMotion bool
}

// ctxKey is the context key of the tabState of a tab.
type ctxKey struct{}

// tabState is what the harness keeps for each tab: the options to apply to new
// tabs of the same browser, and the console errors of the tab.
type tabState struct {
	opts Options

	mu     sync.Mutex
	errors []string
}

// NewBrowser starts a headless Chromium and returns the context of its first
// tab, with the viewport and the media features of opts applied. The browser
// closes gracefully when the test ends; to restart a browser on the same
// UserDataDir within one test, start the first one in a subtest.
func NewBrowser(t testing.TB, opts Options) context.Context {
	t.Helper()
	if opts.Width == 0 || opts.Height == 0 {
		opts.Width, opts.Height = 1280, 900
		if opts.Mobile {
			opts.Width, opts.Height = 390, 844
		}
	}
	dir := opts.UserDataDir
	if dir == "" {
		dir = t.TempDir()
	}
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(),
		append(perf.HeadlessOptions(Chromium(t), dir, opts.Width, opts.Height),
			// Headless hides the scrollbars, but tests measure them.
			chromedp.Flag("hide-scrollbars", false))...)
	// Cleanups run last-in first-out, so the browser stops before t.TempDir
	// removes its profile.
	t.Cleanup(cancelAlloc)
	ctx := openTab(t, allocCtx, opts)
	t.Cleanup(func() {
		// Close the browser gracefully, so that it writes its profile to
		// disk for a later browser on the same UserDataDir. The other
		// cleanups kill it if this fails.
		cctx, cancel := context.WithTimeout(ctx, 10*time.Second)
		defer cancel()
		_ = chromedp.Cancel(cctx)
	})
	return ctx
}

// NewTab opens another tab in the browser of parent, which shares its profile.
// The tab gets the viewport and media features of the browser. It closes when
// the test ends.
func NewTab(t testing.TB, parent context.Context) context.Context {
	t.Helper()
	st, ok := parent.Value(ctxKey{}).(*tabState)
	if !ok {
		t.Fatal("browsertest: NewTab needs a context from NewBrowser or NewTab")
	}
	return openTab(t, parent, st.opts)
}

// openTab creates a tab context under parent, starts it, records its console
// errors and applies the emulation of opts.
func openTab(t testing.TB, parent context.Context, opts Options) context.Context {
	t.Helper()
	st := &tabState{opts: opts}
	ctx, cancel := chromedp.NewContext(parent, chromedp.WithListener(st.record))
	t.Cleanup(cancel)
	ctx = context.WithValue(ctx, ctxKey{}, st)

	var viewport []chromedp.EmulateViewportOption
	if opts.Mobile {
		viewport = append(viewport, chromedp.EmulateScale(3), chromedp.EmulateMobile, chromedp.EmulateTouch)
	}
	scheme, motion := "light", "no-preference"
	if opts.DarkMode {
		scheme = "dark"
	}
	if opts.ReducedMotion {
		motion = "reduce"
	}
	media := chromedp.Func(func(ctx context.Context, tgt *chromedp.Target) error {
		_, err := cdp.Call(ctx, tgt, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
			Features: []*emulation.MediaFeature{
				{Name: "prefers-color-scheme", Value: scheme},
				{Name: "prefers-reduced-motion", Value: motion},
			},
		})
		return err
	})

	// The first Run starts the browser or the tab, and their life is bound to
	// the context of that call, so it must not carry a timeout. Guard it with
	// a timer instead.
	done := make(chan error, 1)
	go func() {
		done <- chromedp.Do(ctx, chromedp.EmulateViewport(int64(opts.Width), int64(opts.Height), viewport...), media)
	}()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("browsertest: starting the browser tab: %v", err)
		}
	case <-time.After(runTimeout):
		cancel()
		t.Fatalf("browsertest: the browser tab did not start within %v", runTimeout)
	}
	return ctx
}

// record is the event listener of a tab. It keeps uncaught exceptions and
// calls of console.error.
func (st *tabState) record(ev any) {
	var msg string
	switch ev := ev.(type) {
	case *runtime.EventExceptionThrown:
		d := ev.ExceptionDetails
		msg = d.Text
		if d.Exception != nil && d.Exception.Description != "" {
			msg += " " + d.Exception.Description
		}
		if d.URL != "" {
			msg += fmt.Sprintf(" (%s:%d:%d)", d.URL, d.LineNumber+1, d.ColumnNumber+1)
		}
	case *runtime.EventConsoleAPICalled:
		if ev.Type != runtime.ConsoleAPICalledTypeError {
			return
		}
		parts := make([]string, 0, len(ev.Args))
		for _, a := range ev.Args {
			switch {
			case a.Description != "":
				parts = append(parts, a.Description)
			case len(a.Value) > 0:
				parts = append(parts, strings.Trim(string(a.Value), `"`))
			default:
				parts = append(parts, string(a.Type))
			}
		}
		msg = "console.error: " + strings.Join(parts, " ")
	default:
		return
	}
	st.mu.Lock()
	st.errors = append(st.errors, msg)
	st.mu.Unlock()
}

// ConsoleErrors returns the uncaught exceptions and console.error calls that
// the tab of ctx has seen so far, oldest first. ctx must come from NewBrowser
// or NewTab.
func ConsoleErrors(ctx context.Context) []string {
	st, ok := ctx.Value(ctxKey{}).(*tabState)
	if !ok {
		return nil
	}
	st.mu.Lock()
	defer st.mu.Unlock()
	return append([]string(nil), st.errors...)
}

// Run runs the actions on the tab of ctx in order, with a timeout of 30
// seconds for the whole call. It calls t.Fatal on error.
func Run(t testing.TB, ctx context.Context, actions ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	rctx, cancel := context.WithTimeout(ctx, runTimeout)
	defer cancel()
	if err := chromedp.Do(rctx, actions...); err != nil {
		t.Fatalf("browsertest: run (timeout %v): %v", runTimeout, err)
	}
}

// WaitJS evaluates the JavaScript expression every 50 milliseconds until it is
// truthy, and calls t.Fatal when that does not happen within timeout. A
// promise is awaited, and its result tested. Errors of the evaluation, such as
// those during a navigation, count as false.
func WaitJS(t testing.TB, ctx context.Context, expr string, timeout time.Duration) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	var lastErr error
	ok := Poll(timeout, func() bool {
		ectx, cancel := context.WithTimeout(ctx, time.Until(deadline)+time.Second)
		ok, err := chromedp.Run(ectx, chromedp.Evaluate[bool]("(async () => !!(await ("+expr+")))()", chromedp.EvalAwaitPromise))
		cancel()
		if err != nil {
			lastErr = err
		}
		if ctx.Err() != nil {
			t.Fatalf("browsertest: waiting for %s: %v", expr, ctx.Err())
		}
		return err == nil && ok
	})
	if !ok {
		msg := fmt.Sprintf("browsertest: %s was not true within %v", expr, timeout)
		if lastErr != nil {
			msg += fmt.Sprintf(" (last error: %v)", lastErr)
		}
		t.Fatal(msg)
	}
}

// Poll calls cond, at least once, until it returns true, every 50
// milliseconds for up to timeout, and reports whether it did. Tests wait with
// it for what nothing tells them of: a browser's state, a log line, a file.
func Poll(timeout time.Duration, cond func() bool) bool {
	deadline := time.Now().Add(timeout)
	for !cond() {
		if time.Now().After(deadline) {
			return false
		}
		time.Sleep(50 * time.Millisecond)
	}
	return true
}

// Eval evaluates the JavaScript expression on the tab of ctx, awaits a promise
// that it returns, and decodes the JSON value of the result into T. It calls
// t.Fatal on error, including a result of null or undefined when T cannot be
// nil.
func Eval[T any](t testing.TB, ctx context.Context, expr string) T {
	t.Helper()
	rctx, cancel := context.WithTimeout(ctx, runTimeout)
	defer cancel()
	v, err := chromedp.Run(rctx, chromedp.Evaluate[T](expr, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("browsertest: evaluating %s: %v", expr, err)
	}
	return v
}
