//go:build !wasm

package server

import (
	"bytes"
	"net/http"
	"strings"
	"testing"

	"github.com/seqeralabs/policy-widget/app/internal/servertest"
)

// TestAPIJSONNames checks that the server answers the API's URLs in a
// static export with the same bytes as the others.
func TestAPIJSONNames(t *testing.T) {
	s := newTestServer(t, Config{Prefix: "/legal", BaseURL: "https://legal.example.com/legal", Policies: servertest.VersionedPolicies(t)})
	for _, tc := range []struct{ json, plain string }{
		{"/legal/api/policies.json", "/legal/api/policies"},
		{"/api/policies/privacy.json", "/api/policies/privacy"},
	} {
		got, want := do(t, s, "GET", tc.json), do(t, s, "GET", tc.plain)
		if got.Code != http.StatusOK || !bytes.Equal(got.Body.Bytes(), want.Body.Bytes()) || got.Header().Get("ETag") != want.Header().Get("ETag") {
			t.Errorf("GET %s: %d, %d bytes; GET %s: %d bytes", tc.json, got.Code, got.Body.Len(), tc.plain, want.Body.Len())
		}
	}
	if rec := do(t, s, "GET", "/api/policies/nope.json"); rec.Code != http.StatusNotFound || !strings.Contains(rec.Body.String(), `"error"`) {
		t.Errorf("GET /api/policies/nope.json: %d %s", rec.Code, rec.Body.String())
	}
}
