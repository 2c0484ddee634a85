//go:build !wasm

package perf

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"slices"
	"sync"
	"sync/atomic"
	"time"
)

// Target is a URL to put under load, and what a good answer is.
type Target struct {
	// Name names the target in reports, such as "/privacy".
	Name string
	URL  string
	// Header is sent with every request, such as Accept-Encoding: br.
	Header http.Header
	// Check returns an error when an answer whose whole body (n bytes) has
	// been read is not a good one. When nil, any 200 is.
	Check func(resp *http.Response, n int64) error
}

// LoadResult is what Load measured of one target.
type LoadResult struct {
	Name string
	// Requests counts the good answers, Errors the failed requests and
	// bad answers; Statuses counts every answer by status code.
	Requests, Errors int64
	Statuses         map[int]int64
	// ErrorSamples holds the first few distinct errors.
	ErrorSamples []string
	// Latencies are those of the good answers, from sending the request
	// to reading the whole body, sorted.
	Latencies []time.Duration
	// Bytes counts the body bytes of the good answers.
	Bytes int64
	// Elapsed is the time from the start of the run until its last
	// request ended.
	Elapsed time.Duration
}

// RequestsPerSecond returns the good answers per second.
func (r *LoadResult) RequestsPerSecond() float64 {
	if r.Elapsed <= 0 {
		return 0
	}
	return float64(r.Requests) / r.Elapsed.Seconds()
}

// P returns the p-th percentile of the latencies.
func (r *LoadResult) P(p float64) time.Duration { return Percentile(r.Latencies, p) }

// Load is a load generator: conns clients, each on its own keep-alive
// connection, send requests one after the other for d; client i requests
// targets[i % len(targets)]. No request starts after d, and those under
// way then finish (within 30 seconds, or count as errors), so that the end
// of the run makes no errors of its own. It also returns the number of
// TCP connections it opened, which is conns when every connection was kept
// alive.
func Load(ctx context.Context, targets []Target, conns int, d time.Duration) ([]*LoadResult, int64, error) {
	if len(targets) == 0 || conns < len(targets) {
		return nil, 0, fmt.Errorf("load: %d connections for %d targets", conns, len(targets))
	}
	var dials atomic.Int64
	dialer := &net.Dialer{Timeout: 10 * time.Second, KeepAlive: 30 * time.Second}
	// Each client has a transport of its own with one connection: with a
	// shared pool, a client whose connection another client took would
	// dial a new one, and the run would open more connections than conns.
	newClient := func() *http.Client {
		return &http.Client{
			Transport: &http.Transport{
				DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
					dials.Add(1)
					return dialer.DialContext(ctx, network, addr)
				},
				MaxConnsPerHost:     1,
				MaxIdleConnsPerHost: 1,
				IdleConnTimeout:     time.Minute,
				// The answers are checked as sent: no transparent gzip.
				DisableCompression: true,
			},
			Timeout: 30 * time.Second,
		}
	}

	type worker struct {
		target    int
		latencies []time.Duration
		statuses  map[int]int64
		ok, bad   int64
		bytes     int64
		errs      []string
	}
	workers := make([]*worker, conns)
	start := time.Now()
	end := start.Add(d)
	var wg sync.WaitGroup
	for i := range workers {
		w := &worker{target: i % len(targets), statuses: map[int]int64{}}
		workers[i] = w
		wg.Add(1)
		go func() {
			defer wg.Done()
			client := newClient()
			defer client.CloseIdleConnections()
			t := &targets[w.target]
			for time.Now().Before(end) && ctx.Err() == nil {
				lat, status, n, err := request(client, t)
				if status != 0 {
					w.statuses[status]++
				}
				if err != nil {
					w.bad++
					if len(w.errs) < 3 {
						w.errs = append(w.errs, err.Error())
					}
					continue
				}
				w.ok++
				w.bytes += n
				w.latencies = append(w.latencies, lat)
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	if err := ctx.Err(); err != nil {
		return nil, 0, err
	}

	results := make([]*LoadResult, len(targets))
	for i, t := range targets {
		results[i] = &LoadResult{Name: t.Name, Statuses: map[int]int64{}, Elapsed: elapsed}
	}
	for _, w := range workers {
		r := results[w.target]
		r.Requests += w.ok
		r.Errors += w.bad
		r.Bytes += w.bytes
		r.Latencies = append(r.Latencies, w.latencies...)
		for s, n := range w.statuses {
			r.Statuses[s] += n
		}
		for _, e := range w.errs {
			if len(r.ErrorSamples) < 5 && !slices.Contains(r.ErrorSamples, e) {
				r.ErrorSamples = append(r.ErrorSamples, e)
			}
		}
	}
	for _, r := range results {
		slices.Sort(r.Latencies)
	}
	return results, dials.Load(), nil
}

// request sends one request of t and reads the whole answer.
func request(client *http.Client, t *Target) (lat time.Duration, status int, n int64, err error) {
	req, err := http.NewRequest(http.MethodGet, t.URL, nil)
	if err != nil {
		return 0, 0, 0, err
	}
	for k, v := range t.Header {
		req.Header[k] = v
	}
	began := time.Now()
	resp, err := client.Do(req)
	if err != nil {
		return 0, 0, 0, err
	}
	n, err = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	lat = time.Since(began)
	if err != nil {
		return lat, resp.StatusCode, n, fmt.Errorf("reading the body: %w", err)
	}
	if t.Check != nil {
		err = t.Check(resp, n)
	} else if resp.StatusCode != http.StatusOK {
		err = fmt.Errorf("status %d", resp.StatusCode)
	}
	return lat, resp.StatusCode, n, err
}

// ExpectBody returns a Check that wants status 200, the given
// Content-Encoding ("" for none) and a body of n bytes.
func ExpectBody(encoding string, n int64) func(*http.Response, int64) error {
	return func(resp *http.Response, got int64) error {
		switch {
		case resp.StatusCode != http.StatusOK:
			return fmt.Errorf("status %d, want 200", resp.StatusCode)
		case resp.Header.Get("Content-Encoding") != encoding:
			return fmt.Errorf("Content-Encoding %q, want %q", resp.Header.Get("Content-Encoding"), encoding)
		case got != n:
			return fmt.Errorf("body of %d bytes, want %d", got, n)
		}
		return nil
	}
}

// Get fetches url with the header and returns the body of a 200 answer and
// its headers.
func Get(ctx context.Context, url string, header http.Header) ([]byte, http.Header, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return nil, nil, err
	}
	for k, v := range header {
		req.Header[k] = v
	}
	// No transparent gzip: the bytes as the server sends them.
	client := &http.Client{Transport: &http.Transport{DisableCompression: true}, Timeout: 30 * time.Second}
	resp, err := client.Do(req)
	if err != nil {
		return nil, nil, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, nil, err
	}
	if resp.StatusCode != http.StatusOK {
		return nil, nil, fmt.Errorf("GET %s: status %d", url, resp.StatusCode)
	}
	return body, resp.Header, nil
}

// ErrLoad reports failed requests or bad answers of a load run.
var ErrLoad = errors.New("failed requests or unexpected answers")
