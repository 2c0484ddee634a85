//go:build !wasm

// Command loadtest puts a real bin/policy serve under load on loopback, as
// `make loadtest` does: 256 keep-alive connections for 20 seconds, split
// evenly between the page /privacy, the client /web/app.wasm (brotli) and
// the API's /api/policies/privacy. It exits with status 1 when a request
// fails or gets another answer than the one it got before the load (status
// 200, the same encoding and length), or when the server's resident memory
// after the run is more than 1.2 times what it was before. It prints the
// requests per second and the latency percentiles of each URL.
//
// The server runs with GODEBUG=gctrace=1, so that its garbage collections
// can be seen: the warm-up, with the same load as the run, lasts until the
// server has collected its garbage at least once (the start-up leaves a
// large heap of garbage that inflates the resident memory until then), for
// at least -warmup and at most a minute. Its memory is read after the
// warm-up and after the run, once it is stable (VmRSS of
// /proc/PID/status), and the live heap after its last collection is
// printed too: unlike the resident memory, which follows the Go runtime's
// pace of returning freed memory to the system, it shows a leak at once.
//
// Usage:
//
//	loadtest [-policy bin/policy] [-c 256] [-d 20s]
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"net/http"
	"os"
	"os/signal"
	"slices"
	"sort"
	"strings"
	"syscall"
	"text/tabwriter"
	"time"

	"github.com/seqeralabs/policy-widget/cmd/internal/perf"
)

func main() {
	policy := flag.String("policy", "bin/policy", "the widget's server binary (make build)")
	conns := flag.Int("c", 256, "concurrent keep-alive connections")
	duration := flag.Duration("d", 20*time.Second, "duration of the measured run")
	warmup := flag.Duration("warmup", 5*time.Second, "least load before the memory is first measured, not counted; it goes on until the server has collected garbage, for up to a minute")
	maxGrowth := flag.Float64("max-rss-growth", 1.2, "largest allowed ratio of the server's RSS after the run to before it")
	flag.Parse()
	if flag.NArg() > 0 || *conns < 3 || *duration <= 0 {
		flag.Usage()
		os.Exit(2)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, *policy, *conns, *duration, *warmup, *maxGrowth); err != nil {
		fmt.Fprintf(os.Stderr, "loadtest: %v\n", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, policy string, conns int, duration, warmup time.Duration, maxGrowth float64) (err error) {
	if err := raiseFileLimit(conns); err != nil {
		return err
	}
	started := time.Now()
	srv, err := perf.StartServer(ctx, []string{"GODEBUG=gctrace=1"}, policy, "serve", "-addr", "127.0.0.1:0")
	if err != nil {
		return fmt.Errorf("%w (build it with make build)", err)
	}
	defer func() {
		if serr := srv.Stop(); serr != nil && err == nil {
			err = fmt.Errorf("%w\n%s", serr, srv.Output())
		}
	}()

	targets, err := targets(ctx, srv.URL)
	if err != nil {
		return err
	}
	fmt.Printf("load test of %s (pid %d): %d keep-alive connections on loopback, %d per URL\n", srv.URL, srv.PID(), conns, conns/len(targets))

	gcs := len(perf.ParseGCTrace(srv.Output()))
	var warmed time.Duration
	for warmed < maxWarmup {
		if _, _, err := perf.Load(ctx, targets, conns, warmup); err != nil {
			return err
		}
		warmed += warmup
		if len(perf.ParseGCTrace(srv.Output())) > gcs {
			break
		}
	}
	gcs = len(perf.ParseGCTrace(srv.Output()))
	note := "until the server's first garbage collection under load"
	if gcs == 0 || perf.ParseGCTrace(srv.Output())[gcs-1].At < time.Since(started)-warmed {
		note = "and the server collected no garbage: the memory before the run may include the start-up's"
	}
	fmt.Printf("warm-up: %v, %s\n", warmed, note)
	before, err := settledRSS(ctx, srv.PID())
	if err != nil {
		return err
	}
	liveBefore := lastLive(srv.Output())

	fmt.Printf("run: %v\n", duration)
	results, dials, err := perf.Load(ctx, targets, conns, duration)
	if err != nil {
		return err
	}
	after, err := settledRSS(ctx, srv.PID())
	if err != nil {
		return err
	}
	liveAfter := lastLive(srv.Output())
	gcsRun := len(perf.ParseGCTrace(srv.Output())) - gcs
	if srv.Exited() {
		return fmt.Errorf("the server exited during the run:\n%s", srv.Output())
	}

	tw := tabwriter.NewWriter(os.Stdout, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "URL\trequests\trequests/s\tp50\tp99\tmax\terrors\tstatuses\t")
	var failed []string
	for _, r := range results {
		fmt.Fprintf(tw, "%s\t%d\t%.0f\t%s\t%s\t%s\t%d\t%s\t\n", r.Name, r.Requests, r.RequestsPerSecond(),
			ms(r.P(50)), ms(r.P(99)), ms(r.P(100)), r.Errors, statuses(r.Statuses))
		if r.Errors > 0 {
			failed = append(failed, fmt.Sprintf("%s: %d failed, such as: %s", r.Name, r.Errors, strings.Join(r.ErrorSamples, "; ")))
		}
		if r.Requests == 0 {
			failed = append(failed, r.Name+": no request succeeded")
		}
	}
	tw.Flush()
	fmt.Printf("TCP connections opened: %d for %d clients (keep-alive)\n", dials, conns)
	growth := float64(after) / float64(before)
	fmt.Printf("server RSS: %.1f MB after the warm-up, %.1f MB after the run: %.2f× (limit %.2f×)\n",
		float64(before)/1e6, float64(after)/1e6, growth, maxGrowth)
	fmt.Printf("server live heap after its last garbage collection: %s after the warm-up, %s after the run (%d collections in the run)\n",
		mb(liveBefore), mb(liveAfter), gcsRun)

	if growth > maxGrowth {
		failed = append(failed, fmt.Sprintf("the server's memory grew %.2f× during the run (limit %.2f×)", growth, maxGrowth))
	}
	if len(failed) > 0 {
		return fmt.Errorf("%w:\n  %s", perf.ErrLoad, strings.Join(failed, "\n  "))
	}
	fmt.Println("ok: no failed request, no unexpected answer, memory within the limit")
	return nil
}

// targets fetches each URL once and returns load targets that expect the
// same answer: status 200, the same Content-Encoding and length.
func targets(ctx context.Context, base string) ([]perf.Target, error) {
	list := []struct {
		name, path string
		header     http.Header
	}{
		{"/privacy", "/privacy", http.Header{"Accept-Encoding": {"gzip, deflate, br, zstd"}}},
		{"/web/app.wasm (br)", "/web/app.wasm", http.Header{"Accept-Encoding": {"br"}}},
		{"/api/policies/privacy", "/api/policies/privacy", nil},
	}
	var ts []perf.Target
	for _, t := range list {
		body, h, err := perf.Get(ctx, base+t.path, t.header)
		if err != nil {
			return nil, err
		}
		if t.header.Get("Accept-Encoding") == "br" && h.Get("Content-Encoding") != "br" {
			return nil, fmt.Errorf("%s: Content-Encoding %q, want br", t.path, h.Get("Content-Encoding"))
		}
		ts = append(ts, perf.Target{
			Name:   t.name,
			URL:    base + t.path,
			Header: t.header,
			Check:  perf.ExpectBody(h.Get("Content-Encoding"), int64(len(body))),
		})
	}
	return ts, nil
}

// maxWarmup bounds the warm-up that waits for a garbage collection.
const maxWarmup = time.Minute

// lastLive returns the live heap after the last garbage collection in the
// server's output, or -1 when it has collected none.
func lastLive(out string) int64 {
	gcs := perf.ParseGCTrace(out)
	if len(gcs) == 0 {
		return -1
	}
	return gcs[len(gcs)-1].Live
}

func mb(n int64) string {
	if n < 0 {
		return "–"
	}
	return fmt.Sprintf("%d MB", n>>20)
}

// settledRSS waits a second after a run, for the server to close its
// connections, then until its resident memory is stable (within 2% over
// two seconds: the Go runtime returns freed memory to the system over
// time), for up to 30 seconds, and returns it.
func settledRSS(ctx context.Context, pid int) (int64, error) {
	var samples []int64
	deadline := time.Now().Add(31 * time.Second)
	wait := time.Second
	for {
		select {
		case <-ctx.Done():
			return 0, ctx.Err()
		case <-time.After(wait):
		}
		wait = 500 * time.Millisecond
		rss, err := perf.RSS(pid)
		if err != nil {
			return 0, err
		}
		samples = append(samples, rss)
		if n := len(samples); n >= 5 {
			lo, hi := slices.Min(samples[n-5:]), slices.Max(samples[n-5:])
			if float64(hi) <= 1.02*float64(lo) || time.Now().After(deadline) {
				return rss, nil
			}
		}
	}
}

// raiseFileLimit makes sure that the process may open a file descriptor
// for each connection, with room to spare, raising its soft limit if need
// be. The server inherits the limit.
func raiseFileLimit(conns int) error {
	need := uint64(2*conns + 128)
	var lim syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_NOFILE, &lim); err != nil {
		return err
	}
	if lim.Cur >= need {
		return nil
	}
	if lim.Max < need {
		return fmt.Errorf("ulimit -n is %d (hard limit %d): %d connections need %d; raise it", lim.Cur, lim.Max, conns, need)
	}
	lim.Cur = need
	if err := syscall.Setrlimit(syscall.RLIMIT_NOFILE, &lim); err != nil {
		return errors.New("raising ulimit -n: " + err.Error())
	}
	return nil
}

func ms(d time.Duration) string {
	return fmt.Sprintf("%.1f ms", float64(d)/float64(time.Millisecond))
}

// statuses writes the counts of the status codes, such as "200×1234".
func statuses(m map[int]int64) string {
	codes := make([]int, 0, len(m))
	for c := range m {
		codes = append(codes, c)
	}
	sort.Ints(codes)
	parts := make([]string, len(codes))
	for i, c := range codes {
		parts[i] = fmt.Sprintf("%d×%d", c, m[c])
	}
	return strings.Join(parts, " ")
}
