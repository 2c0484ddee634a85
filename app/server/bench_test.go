//go:build !wasm

package server

import (
	"net/http"
	"net/http/httptest"
	"testing"
)

// BenchmarkServePolicy compares serving /privacy from the prerendered,
// compressed copy in memory with the baseline: go-app's own handler, which
// renders the page on every request.
func BenchmarkServePolicy(b *testing.B) {
	s := newTestServer(b, Config{})
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
	b.Run("baseline", func(b *testing.B) { run(b, s.appHandler(), "") })
	b.Run("prerendered", func(b *testing.B) { run(b, s, "") })
	b.Run("prerendered-br", func(b *testing.B) { run(b, s, "br") })
}

// BenchmarkStart measures New: parsing the policies, prerendering every
// page and loading the assets (compression happens in the background).
func BenchmarkStart(b *testing.B) {
	w, p := testWeb(b), testPolicies(b)
	b.ReportAllocs()
	for b.Loop() {
		newTestServer(b, Config{Web: w, Policies: p})
	}
}
