//go:build !wasm

package main

// The benchmark of versions: what a policy's history costs the server's
// start and a reader's first visit. The same site is built three times with
// `go build -overlay` (package browsertest's BuildSite, as the tests build
// theirs), with /privacy having no earlier version, 20 and 120 of them
// (package historytest: one every two months, each changing one sentence),
// and for each, in runs interleaved between the sites:
//
//   - the time from starting `bin/policy serve` until /privacy has
//     answered;
//   - the peak resident memory of the server (VmHWM) in its first 10
//     seconds, during which a first visit is made;
//   - the bytes of that first visit in Chromium (a fresh profile): the
//     bodies of every response that reached the server, the page's and
//     the service worker's install, from the net log;
//   - what precaching the comparisons of each version with the one before
//     it and with the one in effect would add to that visit: the brotli
//     bodies of those pages, fetched from the server;
//
// and the size of app.wasm in brotli.

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/seqeralabs/policy-widget/app/policy"
	"github.com/seqeralabs/policy-widget/app/policy/markdown/historytest"
	"github.com/seqeralabs/policy-widget/app/site"
	"github.com/seqeralabs/policy-widget/cmd/internal/browsertest"
	"github.com/seqeralabs/policy-widget/cmd/internal/perf"
)

// memoryWindow is how long after its start the server's peak memory is
// read.
const memoryWindow = 10 * time.Second

// history is one site of the benchmark of versions.
type history struct {
	earlier int          // /privacy's earlier versions
	days    []policy.Day // the dates of its versions, oldest first
	bin     string
	wasmBr  int64 // app.wasm in brotli
	runs    []*historyRun
	// linear is what the pages of the comparisons of each version with
	// the one before it and with the one in effect weigh in brotli, and
	// how many they are.
	linear      int64
	linearPages int
}

// historyRun is one start of a site's server, with a first visit.
type historyRun struct {
	start   time.Duration // until /privacy answered
	peak    int64         // VmHWM after memoryWindow
	visit   int64         // bytes of the first visit's responses
	unsized int           // responses of the visit without a Content-Length
	late    bool          // the visit ended after memoryWindow
}

// parseHistories reads the -histories flag: numbers of earlier versions,
// separated by commas.
func parseHistories(s string) ([]int, error) {
	var ns []int
	for _, f := range strings.Split(s, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n < 0 {
			return nil, fmt.Errorf("-histories %q: want numbers of earlier versions, such as 20,120", s)
		}
		ns = append(ns, n)
	}
	return ns, nil
}

func versionsBench(ctx context.Context, c *config) error {
	counts, err := parseHistories(c.histories)
	if err != nil {
		return err
	}
	if c.chromium == "" {
		if c.chromium, err = perf.Chromium(); err != nil {
			return err
		}
	}
	dir, err := os.MkdirTemp("", "bench-versions-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	began := time.Now()
	var sites []*history
	for _, n := range append([]int{0}, counts...) {
		h := &history{earlier: n}
		fmt.Fprintf(c.progress, "bench: building the site with %d earlier versions\n", n)
		if err := h.build(filepath.Join(dir, strconv.Itoa(n))); err != nil {
			return fmt.Errorf("the site with %d earlier versions: %w", n, err)
		}
		sites = append(sites, h)
	}
	for r := range c.versionsN {
		for k := range sites {
			h := sites[(k+r)%len(sites)]
			fmt.Fprintf(c.progress, "bench: versions round %d/%d, %d earlier versions\n", r+1, c.versionsN, h.earlier)
			run, err := h.run(ctx, c, r == 0)
			if err != nil {
				return fmt.Errorf("the site with %d earlier versions: %w", h.earlier, err)
			}
			h.runs = append(h.runs, run)
		}
	}
	fmt.Fprintf(c.out, "\n== Versions: /privacy with %s earlier versions, the same build otherwise (%.0f s)\n", joinCounts(sites), time.Since(began).Seconds())
	fmt.Fprintf(c.out, "(historytest: one version every two months, each changing one sentence); medians [min–max] of %s, interleaved;\n", plural(strconv.Itoa(c.versionsN), "start"))
	fmt.Fprintf(c.out, "in each, a first visit of /privacy in Chromium (fresh profile) until its service worker is activated\n\n")
	printVersions(c.out, sites)
	return nil
}

// build builds the site of h into dir.
func (h *history) build(dir string) error {
	hist := historytest.History{Earlier: h.earlier}
	fsys, err := hist.FS()
	if err != nil {
		return err
	}
	if h.days, err = hist.Days(); err != nil {
		return err
	}
	files := map[string][]byte{}
	for name, f := range fsys {
		files[name] = f.Data
	}
	if h.bin, err = browsertest.BuildSite(browsertest.SiteOptions{Policies: files, Dir: dir, Compress: true}); err != nil {
		return err
	}
	fi, err := os.Stat(filepath.Join(dir, "app.wasm.br"))
	if err != nil {
		return err
	}
	h.wasmBr = fi.Size()
	return nil
}

// run starts the server of h, times /privacy, makes a first visit and
// reads the peak memory; on the first run it also weighs the comparisons
// that the service worker does not precache.
func (h *history) run(ctx context.Context, c *config, first bool) (*historyRun, error) {
	start := time.Now()
	srv, err := perf.StartServer(ctx, nil, h.bin, "serve", "-addr", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	defer srv.Stop()
	r := &historyRun{}
	if _, _, err := perf.Get(ctx, srv.URL+"/privacy", nil); err != nil {
		return nil, err
	}
	r.start = time.Since(start)

	b, err := perf.StartBrowser(ctx, c.chromium, c.width, c.height)
	if err != nil {
		return nil, err
	}
	_, err = b.Visit(ctx, srv.URL+"/privacy", true, c.visitTimeout)
	if err == nil {
		err = b.WaitServiceWorker(ctx, 30*time.Second)
	}
	reqs, cerr := b.Close()
	if err != nil {
		return nil, err
	}
	if cerr != nil {
		return nil, cerr
	}
	for _, req := range reqs {
		if !req.Loopback() {
			return nil, fmt.Errorf("a request left loopback: %s", req.URL)
		}
		if req.ContentLength < 0 {
			if req.Status != http.StatusNotModified && req.Status != http.StatusNoContent {
				r.unsized++
			}
			continue
		}
		r.visit += req.ContentLength
	}
	r.late = time.Since(start) > memoryWindow
	if wait := memoryWindow - time.Since(start); wait > 0 {
		select {
		case <-time.After(wait):
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
	if r.peak, err = perf.PeakRSS(srv.PID()); err != nil {
		return nil, err
	}
	if first {
		if err := h.weighLinear(ctx, srv.URL); err != nil {
			return nil, err
		}
	}
	if srv.Exited() {
		return nil, fmt.Errorf("the server exited:\n%s", srv.Output())
	}
	return r, srv.Stop()
}

// weighLinear fetches, in brotli, the comparisons of each version with the
// one before it and with the one in effect (the newest), as the service
// worker would if it precached them, and adds up their bodies.
func (h *history) weighLinear(ctx context.Context, base string) error {
	h.linear, h.linearPages = 0, 0
	if len(h.days) < 2 {
		return nil
	}
	cur := h.days[len(h.days)-1].String()
	paths := map[string]bool{}
	for i := 1; i < len(h.days); i++ {
		paths[site.Compare.Path("privacy", h.days[i-1].String(), h.days[i].String())] = true
		paths[site.Compare.Path("privacy", h.days[i-1].String(), cur)] = true
	}
	for p := range paths {
		body, hdr, err := perf.Get(ctx, base+p, http.Header{"Accept-Encoding": {"br"}})
		if err != nil {
			return err
		}
		if hdr.Get("Content-Encoding") != "br" {
			return fmt.Errorf("%s came with Content-Encoding %q, not br", p, hdr.Get("Content-Encoding"))
		}
		h.linear += int64(len(body))
		h.linearPages++
	}
	return nil
}

func joinCounts(sites []*history) string {
	var s []string
	for _, h := range sites {
		s = append(s, strconv.Itoa(h.earlier))
	}
	if len(s) < 2 {
		return strings.Join(s, "")
	}
	return strings.Join(s[:len(s)-1], ", ") + " and " + s[len(s)-1]
}

// printVersions prints the table of the sites, the first one (without
// earlier versions) the baseline of the ratios.
func printVersions(w io.Writer, sites []*history) {
	base := sites[0]
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	header := []string{""}
	for _, h := range sites {
		header = append(header, fmt.Sprintf("%d earlier", h.earlier))
	}
	fmt.Fprintln(tw, strings.Join(append(header, "goal"), "\t"))
	med := func(h *history, f func(*historyRun) float64) float64 {
		var xs []float64
		for _, r := range h.runs {
			xs = append(xs, f(r))
		}
		return perf.Median(xs)
	}
	row := func(label string, f func(*historyRun) float64, format func(float64) string, ratio bool, goal string) {
		cells := []string{label}
		for i, h := range sites {
			var xs []float64
			for _, r := range h.runs {
				xs = append(xs, f(r))
			}
			m, lo, hi := perf.Spread(xs)
			cell := format(m)
			if len(xs) > 1 {
				cell += " [" + format(lo) + "–" + format(hi) + "]"
			}
			if ratio && i > 0 {
				cell += " " + perf.FormatRatio(perf.Ratio(m, med(base, f)))
			}
			cells = append(cells, cell)
		}
		fmt.Fprintln(tw, strings.Join(append(cells, goal), "\t"))
	}
	seconds := func(x float64) string { return fmt.Sprintf("%.2f s", x) }
	mb := func(x float64) string { return fmt.Sprintf("%.0f MB", x/1e6) }
	bytes := func(x float64) string { return fmt.Sprintf("%.3f MB", x/1e6) }
	row("bin/policy serve until /privacy answers", func(r *historyRun) float64 { return r.start.Seconds() }, seconds, true, "≤ 1.5 s (20), ≤ 3 s (120)")
	row("peak RSS (VmHWM) in the first 10 s", func(r *historyRun) float64 { return float64(r.peak) }, mb, true, "≤ 150 MB (0, 20), ≤ 200 MB (120)")
	row("first visit: page + worker install", func(r *historyRun) float64 { return float64(r.visit) }, bytes, true, "≤ 1.1× (20)")
	cells := []string{"  + the comparisons with the one before and in effect"}
	for i, h := range sites {
		if i == 0 {
			cells = append(cells, "–")
			continue
		}
		visit := med(h, func(r *historyRun) float64 { return float64(r.visit) })
		cells = append(cells, fmt.Sprintf("+%s (%d pages): %s", bytes(float64(h.linear)), h.linearPages,
			perf.FormatRatio(perf.Ratio(visit+float64(h.linear), med(base, func(r *historyRun) float64 { return float64(r.visit) })))))
	}
	fmt.Fprintln(tw, strings.Join(append(cells, "(not precached: on request)"), "\t"))
	cells = []string{"app.wasm, brotli"}
	for _, h := range sites {
		cells = append(cells, bytes(float64(h.wasmBr)))
	}
	fmt.Fprintln(tw, strings.Join(append(cells, "≤ 1.6 MB"), "\t"))
	tw.Flush()
	var notes []string
	for _, h := range sites {
		unsized, late := 0, 0
		for _, r := range h.runs {
			unsized += r.unsized
			if r.late {
				late++
			}
		}
		if unsized > 0 {
			notes = append(notes, fmt.Sprintf("%d earlier: %d responses without a Content-Length, not counted", h.earlier, unsized))
		}
		if late > 0 {
			notes = append(notes, fmt.Sprintf("%d earlier: %d of %d first visits ended after 10 s: their peak is read at their end", h.earlier, late, len(h.runs)))
		}
	}
	slices.Sort(notes)
	for _, n := range notes {
		fmt.Fprintln(w, "note: "+n)
	}
}
