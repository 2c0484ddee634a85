//go:build !wasm

package perf

import (
	"context"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/css"
	"github.com/chromedp/cdproto/dom"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/serviceworker"
	"github.com/chromedp/chromedp"

	"github.com/seqeralabs/policy-widget/app/site"
)

// visitJS is the script that records a visit's timings in the page; see
// the comments in it, and probeScript.
//
//go:embed visit.js
var visitJS string

// probeScript returns visitJS with the names of the widget's pages that it
// looks for (package site) written in the place of its placeholder.
func probeScript() (string, error) {
	const placeholder = `/*{{.Names}}*/ { mounted: "", mountedAttr: "" }`
	if n := strings.Count(visitJS, placeholder); n != 1 {
		return "", fmt.Errorf("visit.js has %d times %s, want 1", n, placeholder)
	}
	names, err := json.Marshal(map[string]string{
		"mounted":     "." + site.PageClass + site.Mounted,
		"mountedAttr": site.MountedAttr,
	})
	if err != nil {
		return "", err
	}
	return strings.Replace(visitJS, placeholder, string(names), 1), nil
}

// Chromium returns the Chromium executable: $CHROMIUM, or /usr/bin/chromium,
// or chromium, chromium-browser or google-chrome in PATH, as the browser
// tests find it.
func Chromium() (string, error) {
	if p := os.Getenv("CHROMIUM"); p != "" {
		full, err := exec.LookPath(p)
		if err != nil {
			return "", fmt.Errorf("CHROMIUM=%q is not an executable: %v", p, err)
		}
		return full, nil
	}
	for _, name := range []string{"/usr/bin/chromium", "chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p, nil
		}
	}
	return "", errors.New("no Chromium found: install the Debian package chromium (make deps) or set CHROMIUM")
}

// ChromiumVersion returns the output of chromium --version.
func ChromiumVersion(exe string) string {
	out, err := exec.Command(exe, "--version").Output()
	if err != nil {
		return filepath.Base(exe) + " (version unknown)"
	}
	return strings.TrimSpace(string(out))
}

// Browser is a headless Chromium with a fresh profile of its own that
// records its net log, with one tab carrying the probe of visit.js and a
// fixed viewport. Close it with Close.
type Browser struct {
	dir         string
	netLog      string
	allocCancel context.CancelFunc
	tab         context.Context
	tabCancel   context.CancelFunc
	closed      bool
}

// StartBrowser starts Chromium (the executable exe) with a new profile in
// a temporary directory and a viewport of width × height CSS pixels. The
// tab it returns has only the Page and Runtime domains of the DevTools
// protocol enabled, so that the DevTools connection costs the page as
// little as can be: chromedp's DOM, CSS, Network and Log domains are
// turned off again (the net log counts the requests instead).
func StartBrowser(ctx context.Context, exe string, width, height int) (*Browser, error) {
	dir, err := os.MkdirTemp("", "perf-chromium-")
	if err != nil {
		return nil, err
	}
	b := &Browser{dir: dir, netLog: filepath.Join(dir, "netlog.json")}
	allocCtx, allocCancel := chromedp.NewExecAllocator(ctx,
		append(HeadlessOptions(exe, filepath.Join(dir, "profile"), width, height),
			chromedp.Flag("log-net-log", b.netLog))...)
	b.allocCancel = allocCancel
	b.tab, b.tabCancel = chromedp.NewContext(allocCtx)

	setUp := chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		for _, disable := range []cdp.Command[cdp.Empty, cdp.Empty]{css.Disable, dom.Disable, network.Disable, log.Disable} {
			if _, err := cdp.Call(ctx, t, disable, cdp.Empty{}); err != nil {
				return fmt.Errorf("%s: %w", disable.Method, err)
			}
		}
		if _, err := cdp.Call(ctx, t, emulation.SetDeviceMetricsOverride, emulation.SetDeviceMetricsOverrideParams{
			Width: int64(width), Height: int64(height), DeviceScaleFactor: 1,
		}); err != nil {
			return err
		}
		probe, err := probeScript()
		if err != nil {
			return err
		}
		_, err = cdp.Call(ctx, t, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: probe})
		return err
	})
	// The first run starts the browser, whose life is bound to the context
	// of that run: it must not carry a timeout, so a timer guards it.
	done := make(chan error, 1)
	go func() { done <- chromedp.Do(b.tab, setUp) }()
	select {
	case err = <-done:
	case <-time.After(30 * time.Second):
		err = errors.New("Chromium did not start within 30s")
	}
	if err != nil {
		b.Close()
		return nil, fmt.Errorf("starting Chromium: %w", err)
	}
	return b, nil
}

// Visit is what the probe recorded of one page load, in milliseconds since
// navigation start; NaN for what did not happen.
type Visit struct {
	URL string
	// FCP is the First Contentful Paint.
	FCP float64
	// Mount is when the page got data-wasm="mounted" on .page (site.Mounted).
	Mount float64
	// LongTasks are the main thread's tasks over 50 ms until the visit
	// was read (a quarter second after Mount).
	LongTasks []Task
	// InstantiateStart and Instantiated are when go-app called
	// WebAssembly.instantiateStreaming and when it resolved: the client
	// was then downloaded and compiled, and go.run began.
	InstantiateStart, Instantiated float64
	// WasmStart, WasmFirstByte and WasmEnd are the start of the fetch of
	// app.wasm, its first byte and its end (resource timing), WasmTransfer
	// its transferred size (0 when it came from a cache), and
	// WasmViaWorker tells whether a service worker answered the fetch.
	WasmStart, WasmFirstByte, WasmEnd float64
	WasmTransfer                      int64
	WasmViaWorker                     bool
	// ResponseStart is when the first byte of the page arrived.
	ResponseStart float64
	// Width and Height are the viewport's.
	Width, Height int
}

// BlockingTime returns the blocking time and the longest task until the
// page mounted.
func (v *Visit) BlockingTime() (blocking, longest float64) {
	if math.IsNaN(v.Mount) {
		return math.NaN(), math.NaN()
	}
	return BlockingTime(v.LongTasks, v.Mount)
}

// visitJSON is the probe's result as JavaScript gives it: null for what
// did not happen.
type visitJSON struct {
	URL              string   `json:"url"`
	FCP              *float64 `json:"fcp"`
	Mount            *float64 `json:"mount"`
	LongTasks        []Task   `json:"longTasks"`
	InstantiateStart *float64 `json:"instantiateStart"`
	Instantiated     *float64 `json:"instantiated"`
	Wasm             *struct {
		FetchStart    float64 `json:"fetchStart"`
		WorkerStart   float64 `json:"workerStart"`
		ResponseStart float64 `json:"responseStart"`
		ResponseEnd   float64 `json:"responseEnd"`
		TransferSize  int64   `json:"transferSize"`
	} `json:"wasm"`
	ResponseStart *float64 `json:"responseStart"`
	Width         int      `json:"width"`
	Height        int      `json:"height"`
	Errors        []string `json:"errors"`
}

func orNaN(p *float64) float64 {
	if p == nil {
		return math.NaN()
	}
	return *p
}

// Visit navigates the tab to url and waits, for up to timeout, until the
// page has painted and, when wantMount is set, mounted.
func (b *Browser) Visit(ctx context.Context, url string, wantMount bool, timeout time.Duration) (*Visit, error) {
	ctx, cancel := b.runContext(ctx, timeout)
	defer cancel()
	if err := chromedp.Do(ctx, chromedp.Navigate(url)); err != nil {
		return nil, fmt.Errorf("loading %s: %w", url, err)
	}
	expr := fmt.Sprintf("window.__perf.done(%t)", wantMount)
	r, err := chromedp.Run(ctx, chromedp.Evaluate[visitJSON](expr, chromedp.EvalAwaitPromise))
	if err != nil {
		what := "paint"
		if wantMount {
			what = `paint and get .page[data-wasm="mounted"]`
		}
		return nil, fmt.Errorf("%s did not %s within %v: %w", url, what, timeout, err)
	}
	if len(r.Errors) > 0 {
		return nil, fmt.Errorf("%s: the probe failed: %s", url, strings.Join(r.Errors, "; "))
	}
	v := &Visit{
		URL:              r.URL,
		FCP:              orNaN(r.FCP),
		Mount:            orNaN(r.Mount),
		LongTasks:        r.LongTasks,
		InstantiateStart: orNaN(r.InstantiateStart),
		Instantiated:     orNaN(r.Instantiated),
		WasmStart:        math.NaN(),
		WasmFirstByte:    math.NaN(),
		WasmEnd:          math.NaN(),
		ResponseStart:    orNaN(r.ResponseStart),
		Width:            r.Width,
		Height:           r.Height,
	}
	if r.Wasm != nil {
		v.WasmStart, v.WasmFirstByte, v.WasmEnd = r.Wasm.FetchStart, r.Wasm.ResponseStart, r.Wasm.ResponseEnd
		v.WasmTransfer, v.WasmViaWorker = r.Wasm.TransferSize, r.Wasm.WorkerStart > 0
	}
	return v, nil
}

// WaitServiceWorker waits, for up to timeout, until the page has an
// activated service worker: its install, and the precaching with it, is
// over.
func (b *Browser) WaitServiceWorker(ctx context.Context, timeout time.Duration) error {
	ctx, cancel := b.runContext(ctx, timeout)
	defer cancel()
	const expr = `navigator.serviceWorker.ready.then((r) => new Promise((resolve) => {
		const w = r.active;
		const check = () => { if (w.state === "activated") resolve(true); };
		w.addEventListener("statechange", check);
		check();
	}))`
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](expr, chromedp.EvalAwaitPromise)); err != nil {
		return fmt.Errorf("no activated service worker within %v: %w", timeout, err)
	}
	return nil
}

// StopServiceWorkers stops the running service workers, as the browser
// does with an idle one: the next visit starts its worker again, as a
// returning reader's does.
func (b *Browser) StopServiceWorkers(ctx context.Context) error {
	ctx, cancel := b.runContext(ctx, 10*time.Second)
	defer cancel()
	return chromedp.Do(ctx, chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		if _, err := cdp.Call(ctx, t, serviceworker.Enable, cdp.Empty{}); err != nil {
			return err
		}
		if _, err := cdp.Call(ctx, t, serviceworker.StopAllWorkers, cdp.Empty{}); err != nil {
			return err
		}
		_, err := cdp.Call(ctx, t, serviceworker.Disable, cdp.Empty{})
		return err
	}))
}

// Blank navigates the tab to about:blank.
func (b *Browser) Blank(ctx context.Context) error {
	ctx, cancel := b.runContext(ctx, 10*time.Second)
	defer cancel()
	return chromedp.Do(ctx, chromedp.Navigate("about:blank"))
}

// runContext is the tab's context, bounded by timeout and by ctx.
func (b *Browser) runContext(ctx context.Context, timeout time.Duration) (context.Context, context.CancelFunc) {
	rctx, cancel := context.WithTimeout(b.tab, timeout)
	stop := context.AfterFunc(ctx, cancel)
	return rctx, func() { stop(); cancel() }
}

// Close closes the browser gracefully, so that it completes its net log,
// and returns the requests of the log. It removes the browser's directory.
func (b *Browser) Close() ([]Request, error) {
	if b.closed {
		return nil, errors.New("browser closed twice")
	}
	b.closed = true
	defer os.RemoveAll(b.dir)
	cctx, cancel := context.WithTimeout(b.tab, 15*time.Second)
	cerr := chromedp.Cancel(cctx)
	cancel()
	b.tabCancel()
	b.allocCancel() // waits for the process to exit
	f, err := os.Open(b.netLog)
	if err != nil {
		return nil, fmt.Errorf("Chromium's net log: %w", err)
	}
	defer f.Close()
	reqs, err := ParseNetLog(f)
	if err != nil && cerr != nil {
		err = fmt.Errorf("%w (closing Chromium: %v)", err, cerr)
	}
	return reqs, err
}

// HeadlessOptions are the options of a headless Chromium (the executable
// exe, with the profile userDataDir and a window of width×height) as it
// runs here: no sandbox (as root), no GPU, and none of the background
// connections that this machine's closed network refuses, on which
// Chromium would otherwise hang. The tests' browsers (package
// browsertest) and the benchmark's both start from them.
func HeadlessOptions(exe, userDataDir string, width, height int) []chromedp.ExecAllocatorOption {
	return []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(exe),
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Headless,
		chromedp.Flag("no-sandbox", true),
		chromedp.DisableGPU,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-breakpad", true),
		chromedp.WindowSize(width, height),
		chromedp.UserDataDir(userDataDir),
	}
}
