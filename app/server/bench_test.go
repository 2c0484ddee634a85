//go:build !wasm

package server

import (
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
