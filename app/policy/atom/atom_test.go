package atom_test

import (
	"encoding/xml"
	"strings"
	"testing"

	"github.com/seqeralabs/policy-widget/app/policy"
	"github.com/seqeralabs/policy-widget/app/policy/atom"
	"github.com/seqeralabs/policy-widget/app/policy/markdown"
	"github.com/seqeralabs/policy-widget/app/policy/markdown/historytest"
)

// TestFeedHistory writes the feed of a policy with three earlier versions
// and an upcoming one: an entry per version, newest (the upcoming) first,
// each linking to its comparison with the one before, and the oldest
// saying it is the first.
func TestFeedHistory(t *testing.T) {
	current, upcoming := policy.NewDay(2026, 6, 1), policy.NewDay(2027, 1, 1)
	fsys, err := historytest.History{Earlier: 3, Current: current, Upcoming: upcoming}.FS()
	if err != nil {
		t.Fatal(err)
	}
	docs, err := markdown.Load(fsys)
	if err != nil {
		t.Fatal(err)
	}
	views, _ := policy.At(docs, policy.NewDay(2026, 12, 6))
	var f struct {
		Entries []struct {
			ID    string `xml:"id"`
			Links []struct {
				Href string `xml:"href,attr"`
			} `xml:"link"`
			Content string `xml:"content"`
		} `xml:"entry"`
	}
	if err := xml.Unmarshal(atom.Feed("https://legal.example.com", views[0]), &f); err != nil {
		t.Fatalf("the feed is not XML: %v", err)
	}
	days := []string{"2027-01-01", "2026-06-01", "2026-04-01", "2026-02-01", "2025-12-01"}
	if len(f.Entries) != len(days) {
		t.Fatalf("%d entries; want %d, one per version", len(f.Entries), len(days))
	}
	for i, e := range f.Entries {
		if want := "https://legal.example.com/privacy/v/" + days[i]; e.ID != want {
			t.Errorf("entry %d: id %s; want %s", i, e.ID, want)
		}
		if i+1 == len(days) {
			if !strings.Contains(e.Content, "The first published version.") {
				t.Errorf("the oldest entry does not say it is the first: %s", e.Content)
			}
			continue
		}
		if want := "https://legal.example.com/privacy/compare/" + days[i+1] + "..." + days[i]; e.Links[0].Href != want {
			t.Errorf("entry %d links to %s; want %s", i, e.Links[0].Href, want)
		}
		if !strings.Contains(e.Content, "Changed: ") {
			t.Errorf("entry %d lists no changed section: %s", i, e.Content)
		}
	}
}
