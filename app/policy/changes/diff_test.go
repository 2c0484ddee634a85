//go:build !wasm

package changes_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/seqeralabs/policy-widget/app/policy/changes"
)

func TestDiff(t *testing.T) {
	old := sections(t, base+"\n## Sharing\n\nNever.\n")
	new := sections(t, "Intro.\n\n## Contact\n\nWrite to us.\n\n## What data {#data}\n\nWe collect your email.\n\n## Rights\n\nAsk.\n")
	got := changes.Diff(old, new)
	want := []changes.SectionDiff{
		{
			ID: "", Title: "Test", Level: 1, Status: changes.Unchanged,
			TitleOps: []changes.Op{{Kind: changes.Equal, Text: "Test"}},
			Ops:      []changes.Op{{Kind: changes.Equal, Text: "Intro."}},
		},
		{
			ID: "contact", Title: "Contact", Level: 2, Status: changes.Unchanged,
			TitleOps: []changes.Op{{Kind: changes.Equal, Text: "Contact"}},
			Ops:      []changes.Op{{Kind: changes.Equal, Text: "Write to us."}},
		},
		{
			// Removed after the section before it in the old version.
			ID: "sharing", Title: "Sharing", Level: 2, Status: changes.Removed,
			TitleOps: []changes.Op{{Kind: changes.Delete, Text: "Sharing"}},
			Ops:      []changes.Op{{Kind: changes.Delete, Text: "Never."}},
		},
		{
			ID: "data", Title: "What data", OldTitle: "Data", Level: 2, Status: changes.Changed,
			TitleOps: []changes.Op{{Kind: changes.Delete, Text: "Data"}, {Kind: changes.Insert, Text: "What data"}},
			Ops: []changes.Op{
				{Kind: changes.Equal, Text: "We collect your "},
				{Kind: changes.Delete, Text: "name"},
				{Kind: changes.Insert, Text: "email"},
				{Kind: changes.Equal, Text: "."},
			},
		},
		{
			ID: "cookies", Title: "Cookies", Level: 2, Status: changes.Removed,
			TitleOps: []changes.Op{{Kind: changes.Delete, Text: "Cookies"}},
			Ops:      []changes.Op{{Kind: changes.Delete, Text: "We use cookies."}},
		},
		{
			ID: "rights", Title: "Rights", Level: 2, Status: changes.Added,
			TitleOps: []changes.Op{{Kind: changes.Insert, Text: "Rights"}},
			Ops:      []changes.Op{{Kind: changes.Insert, Text: "Ask."}},
		},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Diff (-want +got):\n%s", diff)
	}
}

// TestDiffMarkupOnly checks a section whose text stayed and whose link
// changed: Changed, with only Equal ops.
func TestDiffMarkupOnly(t *testing.T) {
	old := sections(t, "## A\n\nSee [this](/a).\n")
	new := sections(t, "## A\n\nSee [this](/b).\n")
	got := changes.Diff(old, new)[1]
	want := changes.SectionDiff{
		ID: "a", Title: "A", Level: 2, Status: changes.Changed,
		TitleOps: []changes.Op{{Kind: changes.Equal, Text: "A"}},
		Ops:      []changes.Op{{Kind: changes.Equal, Text: "See this."}},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Diff (-want +got):\n%s", diff)
	}
}
