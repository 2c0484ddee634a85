//go:build !wasm

package server

import (
	"encoding/xml"
	"os"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestFeed reads the Atom feed of a policy with an earlier version: one
// entry per version, newest first, the newest linking to its compare page
// and listing the sections it changed; and the policy's page links the feed
// from its head.
func TestFeed(t *testing.T) {
	s := newTestServer(t, Config{BaseURL: "https://legal.example.com", Policies: os.DirFS("testdata/policies")})
	res := get(t, s, "GET", "/sample/changes.atom")
	if res.StatusCode != 200 || res.Header.Get("Content-Type") != atomType {
		t.Fatalf("GET /sample/changes.atom: %d %s", res.StatusCode, res.Header.Get("Content-Type"))
	}
	var f atomFeed
	if err := xml.Unmarshal([]byte(body(t, res)), &f); err != nil {
		t.Fatalf("the feed is not XML: %v", err)
	}
	type entry struct{ ID, Title, Updated, Link string }
	var got []entry
	for _, e := range f.Entries {
		got = append(got, entry{e.ID, e.Title, e.Updated, e.Links[0].Href})
	}
	want := []entry{
		{"https://legal.example.com/sample/v/2024-03-01", "Sample Policy: version of 1 March 2024", "2024-03-01T00:00:00Z",
			"https://legal.example.com/sample/compare/2023-05-10...2024-03-01"},
		{"https://legal.example.com/sample/v/2023-05-10", "Sample Policy: version of 10 May 2023", "2023-05-10T00:00:00Z",
			"https://legal.example.com/sample/v/2023-05-10"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("entries (-want +got):\n%s", diff)
	}
	if f.ID != "https://legal.example.com/sample/changes.atom" || f.Updated != "2024-03-01T00:00:00Z" {
		t.Errorf("feed id %q, updated %q", f.ID, f.Updated)
	}
	newest := f.Entries[0].Content.Body
	for _, part := range []string{"Changed: Introduction", "Changed: What we collect", "Changed: Cookies", "New: Third-party cookies", "Removed: Old section"} {
		if !strings.Contains(newest, part) {
			t.Errorf("the newest entry does not say %q:\n%s", part, newest)
		}
	}
	page := body(t, get(t, s, "GET", "/sample"))
	if !strings.Contains(page, `<link rel="alternate" type="application/atom+xml" title="Sample Policy: changes" href="/sample/changes.atom">`) {
		t.Error("the policy's page does not link its feed")
	}
}
