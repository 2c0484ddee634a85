//go:build !wasm

package server

import (
	"encoding/xml"
	"os"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/seqeralabs/policy-widget/app/policy/atom"
)

// atomFeed is what the tests read of a feed, as a feed reader does.
type atomFeed struct {
	ID      string `xml:"id"`
	Updated string `xml:"updated"`
	Entries []struct {
		ID      string `xml:"id"`
		Title   string `xml:"title"`
		Updated string `xml:"updated"`
		Links   []struct {
			Href string `xml:"href,attr"`
		} `xml:"link"`
		Content struct {
			Body string `xml:",chardata"`
		} `xml:"content"`
	} `xml:"entry"`
}

// TestFeed reads the Atom feed of a policy with an earlier version: one
// entry per version, newest first, the newest linking to its compare page
// and listing the sections it changed; and the policy's page links the feed
// from its head.
func TestFeed(t *testing.T) {
	s := newTestServer(t, Config{BaseURL: "https://legal.example.com", Policies: os.DirFS("testdata/policies")})
	res := get(t, s, "GET", "/sample/changes.atom")
	if res.StatusCode != 200 || res.Header.Get("Content-Type") != atom.ContentType {
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
	if !strings.HasPrefix(newest, "<p>In effect from 1 March 2024.</p>") {
		t.Errorf("the newest entry does not say when it takes effect:\n%s", newest)
	}
	page := body(t, get(t, s, "GET", "/sample"))
	if !strings.Contains(page, `<link rel="alternate" type="application/atom+xml" title="Sample Policy: changes" href="/sample/changes.atom">`) {
		t.Error("the policy's page does not link its feed")
	}
}

// TestFeedAnnounces checks that the feed has the entry of an upcoming
// version as soon as it is published, and does not change on its day.
func TestFeedAnnounces(t *testing.T) {
	feedOn := func(day string) string {
		s := newTestServer(t, Config{BaseURL: "https://legal.example.com", Policies: os.DirFS("testdata/policies"), At: testDay(t, day)})
		return body(t, get(t, s, "GET", "/sample/changes.atom"))
	}
	before, on := feedOn("2024-02-29"), feedOn("2024-03-01")
	var f atomFeed
	if err := xml.Unmarshal([]byte(before), &f); err != nil {
		t.Fatal(err)
	}
	if len(f.Entries) != 2 || f.Entries[0].ID != "https://legal.example.com/sample/v/2024-03-01" ||
		f.Entries[0].Links[0].Href != "https://legal.example.com/sample/compare/2023-05-10...2024-03-01" ||
		!strings.Contains(f.Entries[0].Content.Body, "In effect from 1 March 2024.") {
		t.Errorf("the day before 1 March 2024, the feed does not announce the version of that day: %+v", f.Entries)
	}
	if before != on {
		t.Errorf("the feed changed on the day the version took effect:\nbefore:\n%s\non the day:\n%s", before, on)
	}
}
