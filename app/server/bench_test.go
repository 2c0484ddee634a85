//go:build !wasm

package server

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/seqeralabs/policy-widget/app/ui"
)

// BenchmarkServePolicy compares serving /privacy from the prerendered,
// compressed copy in memory with the baseline: go-app's own handler, which
// renders the page on every request (through go-app's router: the routes
// are registered here, as the client's main does; the server itself needs
// none).
func BenchmarkServePolicy(b *testing.B) {
	s := newTestServer(b, Config{})
	ui.NewSite("", s.docs).Route()
	run := func(b *testing.B, h http.Handler, accept string) {
		req := httptest.NewRequest("GET", "/privacy", nil)
		req.Header.Set("Accept-Encoding", accept)
		b.ReportAllocs()
		for b.Loop() {
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			if rec.Code != http.StatusOK {
				b.Fatalf("status %d", rec.Code)
			}
		}
	}
	b.Run("baseline", func(b *testing.B) { run(b, s.appHandler(s.cacheable()), "") })
	b.Run("prerendered", func(b *testing.B) { run(b, s, "") })
	b.Run("prerendered-br", func(b *testing.B) { run(b, s, "br") })
}

// BenchmarkStart measures New: parsing the policies, prerendering every
// page and loading the assets (the compressed forms are made on demand).
func BenchmarkStart(b *testing.B) {
	w, p := testWeb(b), testPolicies(b)
	b.ReportAllocs()
	for b.Loop() {
		newTestServer(b, Config{Web: w, Policies: p})
	}
}

// BenchmarkAPISince compares an answer of /api/policies/privacy?since=,
// made per request (the sections matched by their precomputed hashes, the
// JSON encoded, its ETag hashed), with the baseline: the precomputed
// answer without ?since=. The privacy policy has an earlier version, with
// one sentence changed since.
func BenchmarkAPISince(b *testing.B) {
	policies := testPolicies(b)
	old := policies["privacy.md"].Data
	cur := strings.Replace(string(old), "updated: 2021-02-27", "updated: 2026-01-15", 1)
	cur = strings.Replace(cur, "private cloud storage solution", "encrypted cloud storage solution", 1)
	policies["privacy/2021-02-27.md"] = &fstest.MapFile{Data: old}
	policies["privacy.md"] = &fstest.MapFile{Data: []byte(cur)}
	s := newTestServer(b, Config{Policies: policies})
	run := func(b *testing.B, target string) {
		req := httptest.NewRequest("GET", target, nil)
		b.ReportAllocs()
		for b.Loop() {
			rec := httptest.NewRecorder()
			s.ServeHTTP(rec, req)
			if rec.Code != http.StatusOK {
				b.Fatalf("status %d", rec.Code)
			}
		}
	}
	b.Run("baseline", func(b *testing.B) { run(b, "/api/policies/privacy") })
	b.Run("since", func(b *testing.B) { run(b, "/api/policies/privacy?since=2021-02-27") })
}

// BenchmarkServeHTTP measures the server's own work per request, through
// the whole handler (request log, routing, headers, http.ServeContent)
// with the request log of `policy serve`: slog's text handler, here
// writing nowhere. What net/http does around a handler (reading the
// request, writing to the connection) is not in it: cmd/bench measures
// that with wrk.
func BenchmarkServeHTTP(b *testing.B) {
	s := newTestServer(b, Config{Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	for _, tc := range []struct {
		name, target string
		header       []string
		status       int
	}{
		{"privacy", "/privacy", nil, http.StatusOK}, // what cmd/bench asks: no Accept-Encoding
		{"privacy-browser", "/privacy", []string{"Accept-Encoding", "gzip, deflate, br, zstd"}, http.StatusOK},
		{"privacy-304", "/privacy", []string{"Accept-Encoding", "br", "If-None-Match", s.pages["/privacy"].form("br").etag}, http.StatusNotModified},
		{"privacy-range", "/privacy", []string{"Range", "bytes=0-99"}, http.StatusPartialContent},
		{"style-sheet-br", "/web/app.css", []string{"Accept-Encoding", "br"}, http.StatusOK},
		{"api-br", "/api/policies/privacy", []string{"Accept-Encoding", "br"}, http.StatusOK},
	} {
		b.Run(tc.name, func(b *testing.B) {
			req := httptest.NewRequest("GET", tc.target, nil)
			for i := 0; i+1 < len(tc.header); i += 2 {
				req.Header.Set(tc.header[i], tc.header[i+1])
			}
			// Like net/http, each response gets a new header map;
			// unlike httptest.Recorder, the body is not copied.
			w := &countingWriter{}
			b.ReportAllocs()
			for b.Loop() {
				*w = countingWriter{header: make(http.Header)}
				s.ServeHTTP(w, req)
				if w.status != tc.status {
					b.Fatalf("status %d, want %d", w.status, tc.status)
				}
			}
		})
	}
}

// countingWriter is a ResponseWriter that keeps the status and counts the
// bytes of the body.
type countingWriter struct {
	header http.Header
	status int
	bytes  int
}

func (w *countingWriter) Header() http.Header { return w.header }

func (w *countingWriter) WriteHeader(status int) {
	if w.status == 0 {
		w.status = status
	}
}

func (w *countingWriter) Write(p []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	w.bytes += len(p)
	return len(p), nil
}
