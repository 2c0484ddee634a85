//go:build !wasm

// Command bench is the widget's browser and HTTP benchmark, run by `make
// bench` after the Go benchmarks. Everything runs on loopback, side by side
// in the same run, and is printed as ratios to a baseline:
//
//   - In Chromium (viewport 1280×800, a fresh profile for every cold load,
//     the pages' cold loads interleaved): the First Contentful Paint of
//     /privacy from bin/policy serve against the same page saved as one
//     self-contained file served by nginx (the static page); the FCP of a
//     second visit with the service worker installed against the static
//     page's cold FCP; and the time until the Wasm client has mounted the
//     page, the blocking time until then and the longest task, against an
//     empty go-app v9 app (bin/floor, see cmd/floor). Also the requests of a
//     cold visit per URL, from Chromium's net log, and the size of app.wasm
//     on the wire.
//   - Over HTTP: requests per second and 99th percentile latency of /privacy
//     (gzip) and of /web/app.wasm (brotli) from bin/policy serve against
//     nginx with one worker and sendfile serving the very same bytes, with
//     wrk when it is installed, or else with the load generator of
//     cmd/internal/perf.
//   - Versions (versions.go): the start, memory and first visit of the site
//     with 20 and 120 earlier versions of /privacy against the same site
//     without.
//
// Usage:
//
//	bench [-n 7] [-policy bin/policy] [-floor bin/floor] [-browser=false] [-http=false] [-versions=false]
package main

import (
	"bytes"
	"cmp"
	"context"
	"flag"
	"fmt"
	"io"
	"math"
	"net/http"
	"os"
	"os/exec"
	"os/signal"
	"runtime"
	"slices"
	"strings"
	"syscall"
	"text/tabwriter"
	"time"

	"github.com/seqeralabs/policy-widget/cmd/internal/perf"
)

// config is the command line, and what run learns on the way.
type config struct {
	n, warmupRounds      int
	policy, floor        string
	floorPage            string
	nginx, wrk, chromium string
	page                 string
	width, height        int
	browser, http        bool
	stopWorker           bool
	settle, visitTimeout time.Duration
	conns, threads       int
	duration, httpWarmup time.Duration
	forceGoLoad          bool
	versions             bool
	versionsN            int
	histories            string
	out, progress        io.Writer

	widgetURL, floorURL, nginxURL string
	staticPath                    string // the static page's path on nginx
	privacyGz, wasmBr             []byte // the page in gzip and app.wasm in brotli, as the widget sends them
	chromiumVersion, nginxVersion string
}

func main() {
	var c config
	flag.IntVar(&c.n, "n", 7, "cold loads of each page in the browser benchmark (medians of n)")
	flag.IntVar(&c.warmupRounds, "warmup", 1, "rounds of loads before the measured ones, not counted")
	flag.StringVar(&c.policy, "policy", "bin/policy", "the widget's server binary (make build)")
	flag.StringVar(&c.floor, "floor", "bin/floor", "the floor app's binary (make bin/floor)")
	flag.StringVar(&c.nginx, "nginx", "nginx", "the nginx executable (Debian nginx-light)")
	flag.StringVar(&c.wrk, "wrk", "wrk", "the wrk executable; when it is missing the built-in load generator runs")
	flag.BoolVar(&c.forceGoLoad, "go-load", false, "use the built-in load generator even when wrk is installed")
	flag.StringVar(&c.chromium, "chromium", "", "the Chromium executable (default: $CHROMIUM or /usr/bin/chromium)")
	flag.StringVar(&c.page, "page", "/privacy", "the widget's page to load")
	flag.StringVar(&c.floorPage, "floor-page", "/", "the floor's page to load (with -floor set to another build of the widget, an A/B comparison)")
	flag.BoolVar(&c.browser, "browser", true, "run the browser benchmark")
	flag.BoolVar(&c.http, "http", true, "run the HTTP benchmark")
	flag.BoolVar(&c.stopWorker, "stop-worker", true, "stop the service worker before the warm visit, as the browser stops an idle one; false keeps it running")
	flag.DurationVar(&c.settle, "settle", 1500*time.Millisecond, "quiet time after a cold visit's service worker is activated, before the warm visit")
	flag.DurationVar(&c.visitTimeout, "visit-timeout", 60*time.Second, "limit of one page load")
	flag.IntVar(&c.conns, "c", 64, "HTTP benchmark: keep-alive connections")
	flag.IntVar(&c.threads, "t", 2, "HTTP benchmark: wrk threads")
	flag.DurationVar(&c.duration, "d", 10*time.Second, "HTTP benchmark: duration of each measured run")
	flag.DurationVar(&c.httpWarmup, "http-warmup", 2*time.Second, "HTTP benchmark: load before each measured run, not counted")
	flag.BoolVar(&c.versions, "versions", true, "run the benchmark of versions: builds the site with /privacy's earlier versions of -histories (minutes)")
	flag.IntVar(&c.versionsN, "versions-n", 3, "benchmark of versions: starts of each site (medians of n)")
	flag.StringVar(&c.histories, "histories", "20,120", "benchmark of versions: the numbers of earlier versions of the sites besides the one without")
	flag.Parse()
	c.width, c.height = 1280, 800
	c.out, c.progress = os.Stdout, os.Stderr
	if flag.NArg() > 0 || c.n < 1 {
		flag.Usage()
		os.Exit(2)
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, &c); err != nil {
		fmt.Fprintf(os.Stderr, "bench: %v\n", err)
		os.Exit(1)
	}
}

// run starts the servers, runs the benchmarks and stops the servers.
func run(ctx context.Context, c *config) (err error) {
	if c.browser {
		if c.chromium == "" {
			if c.chromium, err = perf.Chromium(); err != nil {
				return err
			}
		}
		c.chromiumVersion = perf.ChromiumVersion(c.chromium)
	}
	if c.nginx, err = perf.NginxPath(c.nginx); err != nil {
		return err
	}
	c.nginxVersion = perf.NginxVersion(c.nginx)

	widget, err := perf.StartServer(ctx, nil, c.policy, "serve", "-addr", "127.0.0.1:0")
	if err != nil {
		return fmt.Errorf("%w (build it with make build)", err)
	}
	defer stopServer(widget, "bin/policy", &err)
	c.widgetURL = widget.URL

	if c.browser {
		var floor *perf.Server
		floor, err = perf.StartServer(ctx, nil, c.floor, "-addr", "127.0.0.1:0")
		if err != nil {
			return fmt.Errorf("%w (build it with make bin/floor)", err)
		}
		defer stopServer(floor, "bin/floor", &err)
		c.floorURL = floor.URL
	}

	files, err := nginxFiles(ctx, c)
	if err != nil {
		return err
	}
	ngx, err := perf.StartNginx(ctx, c.nginx, files)
	if err != nil {
		return err
	}
	defer func() {
		if serr := ngx.Stop(); serr != nil && err == nil {
			err = serr
		}
	}()
	c.nginxURL = ngx.URL
	if err := sameBytes(ctx, c); err != nil {
		return err
	}

	fmt.Fprintf(c.out, "\n%s, %d CPUs, load average %s; widget %s; %s\n", runtime.Version(), runtime.NumCPU(), loadAverage(), c.widgetURL, c.nginxVersion)
	defer func() {
		if err == nil {
			fmt.Fprintf(c.out, "\nload average at the end: %s (other work on the machine makes the timings noisy: see the ranges)\n", loadAverage())
		}
	}()
	if c.browser {
		if err := browserBench(ctx, c); err != nil {
			return err
		}
	}
	if c.http {
		if err := httpBench(ctx, c); err != nil {
			return err
		}
	}
	if widget.Exited() {
		return fmt.Errorf("bin/policy exited during the benchmark:\n%s", widget.Output())
	}
	if c.versions {
		if err := versionsBench(ctx, c); err != nil {
			return err
		}
	}
	if widget.Exited() {
		return fmt.Errorf("bin/policy exited during the benchmark:\n%s", widget.Output())
	}
	return nil
}

// loadAverage returns the 1, 5 and 15 minute load averages of the machine.
func loadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if f := strings.Fields(string(b)); err == nil && len(f) >= 3 {
		return strings.Join(f[:3], " ")
	}
	return "unknown"
}

// stopServer stops s, and reports an unclean stop in *err unless it holds
// an error already.
func stopServer(s *perf.Server, name string, err *error) {
	if serr := s.Stop(); serr != nil && *err == nil {
		*err = fmt.Errorf("%s: %w\n%s", name, serr, s.Output())
	}
}

// nginxFiles fetches from the widget what nginx serves: the page as the
// widget sends it in gzip (HTTP benchmark), the page made self-contained
// (browser benchmark's static page) and app.wasm in brotli.
func nginxFiles(ctx context.Context, c *config) ([]perf.NginxFile, error) {
	page, _, err := perf.Get(ctx, c.widgetURL+c.page, nil)
	if err != nil {
		return nil, err
	}
	static, err := perf.SelfContained(page, func(path string) ([]byte, error) {
		b, _, err := perf.Get(ctx, c.widgetURL+path, nil)
		return b, err
	})
	if err != nil {
		return nil, fmt.Errorf("the static page: %w", err)
	}
	encoded := func(path, encoding string) ([]byte, error) {
		b, h, err := perf.Get(ctx, c.widgetURL+path, http.Header{"Accept-Encoding": {encoding}})
		if err == nil && h.Get("Content-Encoding") != encoding {
			err = fmt.Errorf("the widget sends %s with Content-Encoding %q to a client that accepts %s", path, h.Get("Content-Encoding"), encoding)
		}
		return b, err
	}
	gz, err := encoded(c.page, "gzip")
	if err != nil {
		return nil, err
	}
	br, err := encoded("/web/app.wasm", "br")
	if err != nil {
		return nil, err
	}
	c.privacyGz, c.wasmBr, c.staticPath = gz, br, "/static"+c.page+".html"
	return []perf.NginxFile{
		{Path: c.page, Body: gz, ContentType: "text/html; charset=utf-8", ContentEncoding: "gzip"},
		{Path: c.staticPath, Body: static, ContentType: "text/html; charset=utf-8"},
		{Path: "/web/app.wasm", Body: br, ContentType: "application/wasm", ContentEncoding: "br"},
	}, nil
}

// sameBytes checks that nginx and the widget answer the HTTP benchmark's
// requests with the same bodies.
func sameBytes(ctx context.Context, c *config) error {
	for _, t := range httpTargets(c) {
		a, _, err := perf.Get(ctx, c.widgetURL+t.path, t.header)
		if err != nil {
			return err
		}
		b, h, err := perf.Get(ctx, c.nginxURL+t.path, t.header)
		if err != nil {
			return err
		}
		if !bytes.Equal(a, b) {
			return fmt.Errorf("nginx and the widget send different bodies for %s (%d and %d bytes)", t.name, len(b), len(a))
		}
		if enc := t.header.Get("Accept-Encoding"); enc != "" && h.Get("Content-Encoding") != enc {
			return fmt.Errorf("nginx sends %s with Content-Encoding %q", t.path, h.Get("Content-Encoding"))
		}
	}
	return nil
}

// ---------------------------------------------------------------------------
// Browser benchmark

// variant is a page of the browser benchmark.
type variant struct {
	name  string
	base  string // origin, for the paths in the request counts
	url   string
	mount bool // the page has a Wasm client that marks it mounted
	warm  bool // also visit it a second time in the same profile
}

// sample is one cold visit of a variant, and the warm visit after it.
type sample struct {
	cold, warm         *perf.Visit
	coldReqs, warmReqs []perf.Request
}

// pages returns the pages of the browser benchmark: the static page, the
// floor and the widget, in this order.
func pages(c *config) []*variant {
	return []*variant{
		{name: "static page", base: c.nginxURL, url: c.nginxURL + c.staticPath},
		{name: "floor", base: c.floorURL, url: c.floorURL + c.floorPage, mount: true, warm: true},
		{name: "widget", base: c.widgetURL, url: c.widgetURL + c.page, mount: true, warm: true},
	}
}

func browserBench(ctx context.Context, c *config) error {
	variants := pages(c)
	samples := map[*variant][]*sample{}
	rounds := c.warmupRounds + c.n
	began := time.Now()
	for r := range rounds {
		fmt.Fprintf(c.progress, "bench: browser round %d/%d%s\n", r+1, rounds, map[bool]string{true: " (warm-up)"}[r < c.warmupRounds])
		// Interleaved, and each round starts with the next page, so that
		// no page is always first after a browser start.
		for k := range variants {
			v := variants[(k+r)%len(variants)]
			s, err := visit(ctx, c, v)
			if err != nil {
				return fmt.Errorf("%s: %w", v.name, err)
			}
			if r >= c.warmupRounds {
				samples[v] = append(samples[v], s)
			}
		}
	}

	w := c.out
	warmHow := "its service worker stopped first, as the browser stops an idle one"
	if !c.stopWorker {
		warmHow = "its service worker still running"
	}
	fmt.Fprintf(w, "\n== Browser: %s, headless, viewport %d×%d, loopback (%.0f s)\n", c.chromiumVersion, c.width, c.height, time.Since(began).Seconds())
	fmt.Fprintf(w, "%d cold loads of each page, each in a fresh profile, interleaved, after %s not counted;\n", c.n, plural(fmt.Sprint(c.warmupRounds), "round"))
	fmt.Fprintf(w, "a warm load is a second visit in the same profile after the worker was activated, with %s.\n", warmHow)
	fmt.Fprintf(w, "static page: %s as one self-contained file (CSS inlined, images as data: URLs, no scripts), from nginx\n", c.page)
	fmt.Fprintf(w, "floor: an empty go-app v9 app (cmd/floor), same Go, flags and brotli as the widget's client\n")
	fmt.Fprintf(w, "medians [min–max] in ms since navigation start\n\n")
	printTimings(w, variants, samples)
	printMountPhases(w, variants, samples)
	return printRequests(w, variants, samples)
}

// values returns f of the samples, leaving out NaN.
func values(samples []*sample, f func(*sample) float64) []float64 {
	var xs []float64
	for _, s := range samples {
		if x := f(s); !math.IsNaN(x) {
			xs = append(xs, x)
		}
	}
	return xs
}

// cold and warm make a function of a sample from a function of a visit.
func cold(f func(*perf.Visit) float64) func(*sample) float64 {
	return func(s *sample) float64 { return f(s.cold) }
}

func warm(f func(*perf.Visit) float64) func(*sample) float64 {
	return func(s *sample) float64 {
		if s.warm == nil {
			return math.NaN()
		}
		return f(s.warm)
	}
}

func fcp(v *perf.Visit) float64      { return v.FCP }
func mount(v *perf.Visit) float64    { return v.Mount }
func blocking(v *perf.Visit) float64 { b, _ := v.BlockingTime(); return b }
func longest(v *perf.Visit) float64  { _, l := v.BlockingTime(); return l }

// printTimings prints the table of timings with the widget's ratios to
// their baselines, and the goals of issue 8.
func printTimings(w io.Writer, variants []*variant, samples map[*variant][]*sample) {
	static, floor, widget := variants[0], variants[1], variants[2]
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "\tstatic page\tfloor\twidget\twidget, ratio\tgoal")
	row := func(label string, f func(*sample) float64, base *variant, baseF func(*sample) float64, baseName, goal string) {
		cells := []string{label}
		for _, v := range variants {
			cells = append(cells, spread(values(samples[v], f)))
		}
		ratio := perf.Ratio(perf.Median(values(samples[widget], f)), perf.Median(values(samples[base], baseF)))
		cells = append(cells, perf.FormatRatio(ratio)+" "+baseName, goal)
		fmt.Fprintln(tw, strings.Join(cells, "\t"))
	}
	row("cold FCP", cold(fcp), static, cold(fcp), "static", "≤ 1.15×")
	row("warm FCP", warm(fcp), static, cold(fcp), "static cold", "≤ 1.15×")
	row("cold mount", cold(mount), floor, cold(mount), "floor", "≤ 1.2×")
	row("blocking time until mount", cold(blocking), floor, cold(blocking), "floor", "≤ 1.25×")
	row("longest task until mount", cold(longest), floor, cold(longest), "floor", "")
	row("warm mount", warm(mount), floor, warm(mount), "floor warm", "")
	tw.Flush()
}

// printMountPhases prints where the time until mount goes, floor and
// widget side by side, and the long tasks of their median loads.
func printMountPhases(w io.Writer, variants []*variant, samples map[*variant][]*sample) {
	floor, widget := variants[1], variants[2]
	fmt.Fprintf(w, "\nWhere the time until mount goes (cold loads, medians in ms since navigation start):\n")
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "\tfloor\twidget\twidget − floor")
	medians := func(f func(*perf.Visit) float64) (a, b float64) {
		return perf.Median(values(samples[floor], cold(f))), perf.Median(values(samples[widget], cold(f)))
	}
	phase := func(label string, f func(*perf.Visit) float64) {
		a, b := medians(f)
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", label, perf.FormatMS(a), perf.FormatMS(b), signedMS(b-a))
	}
	phase("first byte of the page", func(v *perf.Visit) float64 { return v.ResponseStart })
	phase("first contentful paint", fcp)
	phase("app.wasm requested", func(v *perf.Visit) float64 { return v.WasmStart })
	phase("app.wasm first byte", func(v *perf.Visit) float64 { return v.WasmFirstByte })
	phase("app.wasm received", func(v *perf.Visit) float64 { return v.WasmEnd })
	phase("compiled (instantiateStreaming resolved, go.run starts)", func(v *perf.Visit) float64 { return v.Instantiated })
	phase("mounted", mount)
	phase("  request until first byte of app.wasm", func(v *perf.Visit) float64 { return v.WasmFirstByte - v.WasmStart })
	phase("  first byte until app.wasm received", func(v *perf.Visit) float64 { return v.WasmEnd - v.WasmFirstByte })
	phase("  compile after the download", func(v *perf.Visit) float64 { return v.Instantiated - v.WasmEnd })
	phase("  go.run until mounted", func(v *perf.Visit) float64 { return v.Mount - v.Instantiated })
	a, b := medians(func(v *perf.Visit) float64 { return float64(countTasks(v)) })
	fmt.Fprintf(tw, "  long tasks until mount\t%g\t%g\t%+g\n", a, b, b-a)
	viaWorker := func(v *variant) string {
		n := 0
		for _, s := range samples[v] {
			if s.cold.WasmViaWorker {
				n++
			}
		}
		return fmt.Sprintf("%d of %d", n, len(samples[v]))
	}
	fmt.Fprintf(tw, "  loads whose app.wasm came through the service worker\t%s\t%s\t\n", viaWorker(floor), viaWorker(widget))
	tw.Flush()
	for _, v := range []*variant{floor, widget} {
		if s := medianSample(samples[v], func(s *sample) float64 { return s.cold.Mount }); s != nil {
			fmt.Fprintf(w, "  %s, the load with the median mount (%s): long tasks (start+duration) %s\n", v.name, perf.FormatMS(s.cold.Mount), taskList(s.cold))
		}
	}
}

// visit makes one cold visit of v in a new browser, and the warm visit
// after it when v has one.
func visit(ctx context.Context, c *config, v *variant) (*sample, error) {
	b, err := perf.StartBrowser(ctx, c.chromium, c.width, c.height)
	if err != nil {
		return nil, err
	}
	s := &sample{}
	boundary, err := visitIn(ctx, c, b, v, s)
	reqs, cerr := b.Close()
	if err != nil {
		return nil, err
	}
	if cerr != nil {
		return nil, cerr
	}
	for _, r := range reqs {
		if r.Time.Before(boundary) {
			s.coldReqs = append(s.coldReqs, r)
		} else {
			s.warmReqs = append(s.warmReqs, r)
		}
	}
	if s.cold.Width != c.width || s.cold.Height != c.height {
		return nil, fmt.Errorf("the viewport is %d×%d, not %d×%d", s.cold.Width, s.cold.Height, c.width, c.height)
	}
	return s, nil
}

// visitIn runs the visits of v in b, and returns the time between the
// cold and the warm visit: the requests before it are the cold visit's.
func visitIn(ctx context.Context, c *config, b *perf.Browser, v *variant, s *sample) (time.Time, error) {
	var err error
	if s.cold, err = b.Visit(ctx, v.url, v.mount, c.visitTimeout); err != nil {
		return time.Time{}, err
	}
	if !v.warm {
		return time.Now().Add(time.Hour), nil
	}
	if err := b.WaitServiceWorker(ctx, 30*time.Second); err != nil {
		return time.Time{}, err
	}
	time.Sleep(c.settle)
	if c.stopWorker {
		if err := b.StopServiceWorkers(ctx); err != nil {
			return time.Time{}, err
		}
	}
	if err := b.Blank(ctx); err != nil {
		return time.Time{}, err
	}
	boundary := time.Now()
	s.warm, err = b.Visit(ctx, v.url, v.mount, c.visitTimeout)
	return boundary, err
}

// printRequests prints the requests per visit and URL, flags the URLs
// fetched more than once, the size of app.wasm on the wire, and any
// request that left loopback.
func printRequests(w io.Writer, variants []*variant, samples map[*variant][]*sample) error {
	fmt.Fprintf(w, "\nRequests per visit that reached a server (Chromium's net log: page, service worker and browser;\nmedian count over the visits [min–max], statuses of the first visit; * = fetched more than once):\n")
	var foreign []string
	wasmSize := map[*variant]int64{}
	for _, v := range variants {
		for _, warm := range []bool{false, true} {
			if warm && !v.warm {
				continue
			}
			var visits [][]perf.Request
			for _, s := range samples[v] {
				reqs := s.coldReqs
				if warm {
					reqs = s.warmReqs
				}
				visits = append(visits, reqs)
				for _, r := range reqs {
					if !r.Loopback() {
						foreign = append(foreign, r.URL)
					}
				}
			}
			label := v.name + ", cold visit"
			if warm {
				label = v.name + ", warm visit"
			}
			printVisitRequests(w, label, v.base, visits)
			if !warm {
				wasmSize[v] = wasmTransfer(visits)
			}
		}
	}
	floor, widget := variants[1], variants[2]
	fmt.Fprintf(w, "\napp.wasm on the wire (cold visit, the 200 answer): widget %s, floor %s: %s floor\n",
		bytesLabel(wasmSize[widget]), bytesLabel(wasmSize[floor]),
		perf.FormatRatio(perf.Ratio(float64(wasmSize[widget]), float64(wasmSize[floor]))))
	if len(foreign) > 0 {
		slices.Sort(foreign)
		return fmt.Errorf("requests left loopback: %s", strings.Join(slices.Compact(foreign), ", "))
	}
	fmt.Fprintln(w, "No request left loopback.")
	return nil
}

// printVisitRequests prints the requests of the visits of one kind per
// path, in the order of their first request in the first visit.
func printVisitRequests(w io.Writer, label, base string, visits [][]perf.Request) {
	type path struct {
		name     string
		counts   []float64
		statuses []string
		first    int
	}
	paths := map[string]*path{}
	for i, reqs := range visits {
		for j, r := range reqs {
			p := paths[r.Path(base)]
			if p == nil {
				p = &path{name: r.Path(base), counts: make([]float64, len(visits)), first: i*10000 + j}
				paths[p.name] = p
			}
			p.counts[i]++
			if i == 0 {
				p.statuses = append(p.statuses, statusLabel(r))
			}
		}
	}
	list := make([]*path, 0, len(paths))
	total := make([]float64, len(visits))
	for _, p := range paths {
		list = append(list, p)
		for i, n := range p.counts {
			total[i] += n
		}
	}
	slices.SortFunc(list, func(a, b *path) int { return cmp.Compare(a.first, b.first) })
	fmt.Fprintf(w, "  %s: %s\n", label, plural(countLabel(total), "request"))
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	for _, p := range list {
		mark := " "
		if perf.Median(p.counts) > 1 || slices.Max(p.counts) > 1 {
			mark = "*"
		}
		fmt.Fprintf(tw, "   %s %s\t%s\t%s\n", mark, countLabel(p.counts), p.name, strings.Join(p.statuses, " "))
	}
	tw.Flush()
}

// wasmTransfer returns the median Content-Length of the 200 answers for
// app.wasm in the visits.
func wasmTransfer(visits [][]perf.Request) int64 {
	var sizes []float64
	for _, reqs := range visits {
		for _, r := range reqs {
			if strings.Contains(r.URL, "/app.wasm") && r.Status == http.StatusOK && r.ContentLength >= 0 {
				sizes = append(sizes, float64(r.ContentLength))
			}
		}
	}
	if len(sizes) == 0 {
		return -1
	}
	return int64(perf.Median(sizes))
}

// ---------------------------------------------------------------------------
// HTTP benchmark

// httpTarget is a request of the HTTP benchmark.
type httpTarget struct {
	name, path string
	header     http.Header
	encoding   string
	size       int
}

func httpTargets(c *config) []httpTarget {
	return []httpTarget{
		{name: c.page, path: c.page, header: http.Header{"Accept-Encoding": {"gzip"}}, encoding: "gzip", size: len(c.privacyGz)},
		{name: "/web/app.wasm", path: "/web/app.wasm", header: http.Header{"Accept-Encoding": {"br"}}, encoding: "br", size: len(c.wasmBr)},
	}
}

// httpResult is one run's requests per second and 99th percentile.
type httpResult struct {
	rps float64
	p99 time.Duration
}

func httpBench(ctx context.Context, c *config) error {
	useWrk := !c.forceGoLoad
	if _, err := exec.LookPath(c.wrk); err != nil {
		useWrk = false
	}
	tool := fmt.Sprintf("the load generator of cmd/internal/perf (wrk is not installed; install the Debian package wrk)")
	if c.forceGoLoad {
		tool = "the load generator of cmd/internal/perf (-go-load)"
	}
	if useWrk {
		tool = fmt.Sprintf("wrk, %d threads", c.threads)
	}
	began := time.Now()
	servers := []struct{ name, url string }{{"nginx", c.nginxURL}, {"widget", c.widgetURL}}
	results := map[string]map[string]httpResult{}
	for i, t := range httpTargets(c) {
		results[t.name] = map[string]httpResult{}
		// nginx first for one target, the widget first for the other.
		order := []int{0, 1}
		if i%2 == 1 {
			order = []int{1, 0}
		}
		for _, k := range order {
			s := servers[k]
			fmt.Fprintf(c.progress, "bench: HTTP %s from %s\n", t.name, s.name)
			if _, err := loadRun(ctx, c, useWrk, s.url, t, c.httpWarmup); err != nil {
				return fmt.Errorf("%s, warm-up: %w", s.name, err)
			}
			r, err := loadRun(ctx, c, useWrk, s.url, t, c.duration)
			if err != nil {
				return fmt.Errorf("%s: %w", s.name, err)
			}
			results[t.name][s.name] = r
		}
	}

	w := c.out
	fmt.Fprintf(w, "\n== HTTP: %s; %d keep-alive connections, %v per run after a %v warm-up, loopback (%.0f s)\n",
		tool, c.conns, c.duration, c.httpWarmup, time.Since(began).Seconds())
	fmt.Fprintf(w, "nginx: one worker, sendfile on, serving the same bytes from files (the page and app.wasm as the widget\nsends them, in gzip and brotli, with their Content-Encoding)\n\n")
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "\t\tnginx\twidget\twidget, ratio\tgoal")
	for _, t := range httpTargets(c) {
		n, g := results[t.name]["nginx"], results[t.name]["widget"]
		size := bytesLabel(int64(t.size))
		if t.encoding != "" {
			size += " " + t.encoding
		}
		fmt.Fprintf(tw, "%s (%s)\trequests/s\t%.0f\t%.0f\t%s nginx\t%s\n", t.name, size, n.rps, g.rps,
			perf.FormatRatio(perf.Ratio(g.rps, n.rps)), map[bool]string{true: "≥ 0.5×"}[t.path == c.page])
		fmt.Fprintf(tw, "\tp99 latency\t%s\t%s\t%s nginx\t%s\n", durationLabel(n.p99), durationLabel(g.p99),
			perf.FormatRatio(perf.Ratio(float64(g.p99), float64(n.p99))), map[bool]string{true: "≤ 3×"}[t.path == c.page])
	}
	return tw.Flush()
}

// loadRun puts one target of one server under load for d, and fails on any
// error or unexpected answer.
func loadRun(ctx context.Context, c *config, useWrk bool, base string, t httpTarget, d time.Duration) (httpResult, error) {
	if useWrk {
		r, err := perf.RunWrk(ctx, c.wrk, base+t.path, t.header, c.conns, c.threads, d)
		if err != nil {
			return httpResult{}, err
		}
		if r.Non2xx > 0 || r.SocketErrors > 0 {
			return httpResult{}, fmt.Errorf("%s: %d answers not 2xx or 3xx; %s", t.name, r.Non2xx, r.SocketErrorLine)
		}
		return httpResult{rps: r.RequestsPerSec, p99: r.P99}, nil
	}
	results, _, err := perf.Load(ctx, []perf.Target{{
		Name: t.name, URL: base + t.path, Header: t.header,
		Check: perf.ExpectBody(t.encoding, int64(t.size)),
	}}, c.conns, d)
	if err != nil {
		return httpResult{}, err
	}
	r := results[0]
	if r.Errors > 0 {
		return httpResult{}, fmt.Errorf("%s: %w: %d, such as %s", t.name, perf.ErrLoad, r.Errors, strings.Join(r.ErrorSamples, "; "))
	}
	return httpResult{rps: r.RequestsPerSecond(), p99: r.P(99)}, nil
}

// ---------------------------------------------------------------------------
// Formatting

// spread writes "508 [480–560]", or "–" for no values.
func spread(xs []float64) string {
	if len(xs) == 0 {
		return "–"
	}
	m, lo, hi := perf.Spread(xs)
	return fmt.Sprintf("%.0f [%.0f–%.0f]", m, lo, hi)
}

func signedMS(ms float64) string {
	if math.IsNaN(ms) {
		return "–"
	}
	return fmt.Sprintf("%+.0f ms", ms)
}

// plural writes "1 request" or "3 requests".
func plural(n, noun string) string {
	if n == "1" {
		return n + " " + noun
	}
	return n + " " + noun + "s"
}

// countLabel writes the median count, with the range when it varies.
func countLabel(counts []float64) string {
	m, lo, hi := perf.Spread(counts)
	if lo == hi {
		return fmt.Sprintf("%.0f", m)
	}
	return fmt.Sprintf("%g [%.0f–%.0f]", m, lo, hi)
}

func statusLabel(r perf.Request) string {
	s := fmt.Sprint(r.Status)
	if r.Status == 0 {
		s = "failed"
	}
	if r.Status == http.StatusOK && r.ContentEncoding != "" {
		s += "/" + r.ContentEncoding
	}
	return s
}

func bytesLabel(n int64) string {
	switch {
	case n < 0:
		return "–"
	case n >= 1<<20:
		return fmt.Sprintf("%.2f MB", float64(n)/1e6)
	case n >= 1<<10:
		return fmt.Sprintf("%.1f kB", float64(n)/1e3)
	}
	return fmt.Sprintf("%d B", n)
}

func durationLabel(d time.Duration) string {
	return fmt.Sprintf("%.2f ms", float64(d)/float64(time.Millisecond))
}

// countTasks returns the number of long tasks that started before the
// page mounted.
func countTasks(v *perf.Visit) int {
	n := 0
	for _, t := range v.LongTasks {
		if t.Start < v.Mount {
			n++
		}
	}
	return n
}

// taskList writes the long tasks of a visit as "start+duration" in ms.
func taskList(v *perf.Visit) string {
	var parts []string
	for _, t := range v.LongTasks {
		s := fmt.Sprintf("%.0f+%.0f", t.Start, t.Duration)
		if t.Start >= v.Mount {
			s += " (after mount)"
		}
		parts = append(parts, s)
	}
	if len(parts) == 0 {
		return "none"
	}
	return strings.Join(parts, ", ")
}

// medianSample returns the sample whose f is the median (the lower middle
// one for an even count).
func medianSample(samples []*sample, f func(*sample) float64) *sample {
	if len(samples) == 0 {
		return nil
	}
	s := slices.Clone(samples)
	slices.SortFunc(s, func(a, b *sample) int { return cmp.Compare(f(a), f(b)) })
	return s[(len(s)-1)/2]
}
