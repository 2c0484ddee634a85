package changes_test

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/seqeralabs/policy-widget/app/policy/changes"
)

const base = `Intro.

## Data {#data}

We collect your name.

## Cookies

We use cookies.

## Contact

Write to us.
`

// summary is a Summary by ids, and the titles of the removed sections.
type summary struct {
	Changed, Added, Removed []string
	RemovedTitles           []string
}

func summarize(s changes.Summary) summary {
	var out summary
	for _, c := range s.Changed {
		out.Changed = append(out.Changed, c.ID)
	}
	for _, c := range s.Added {
		out.Added = append(out.Added, c.ID)
	}
	for _, c := range s.Removed {
		out.Removed = append(out.Removed, c.ID)
		out.RemovedTitles = append(out.RemovedTitles, c.Title)
	}
	return out
}

func TestCompare(t *testing.T) {
	for _, tc := range []struct {
		name string
		old  string
		new  string
		want summary
	}{
		{name: "unchanged", old: base, new: base},
		{
			name: "rename with explicit id",
			old:  base,
			new:  strings.Replace(base, "## Data {#data}", "## What data we collect {#data}", 1),
			want: summary{Changed: []string{"data"}},
		},
		{
			name: "rename without explicit id",
			old:  base,
			new:  strings.Replace(base, "## Cookies", "## Cookies we use", 1),
			want: summary{Added: []string{"cookies-we-use"}, Removed: []string{"cookies"}, RemovedTitles: []string{"Cookies"}},
		},
		{
			name: "moved section",
			old:  base,
			new:  "Intro.\n\n## Contact\n\nWrite to us.\n\n## Data {#data}\n\nWe collect your name.\n\n## Cookies\n\nWe use cookies.\n",
		},
		{
			name: "moved deeper",
			old:  base,
			new:  strings.Replace(base, "## Cookies", "### Cookies", 1),
		},
		{
			name: "moved and changed",
			old:  base,
			new:  "Intro.\n\n## Contact\n\nWrite to us.\n\n## Data {#data}\n\nWe collect your name and email.\n\n## Cookies\n\nWe use cookies.\n",
			want: summary{Changed: []string{"data"}},
		},
		{
			name: "removed section",
			old:  base,
			new:  strings.Replace(base, "## Cookies\n\nWe use cookies.\n\n", "", 1),
			want: summary{Removed: []string{"cookies"}, RemovedTitles: []string{"Cookies"}},
		},
		{
			name: "added sections",
			old:  base,
			new:  "## First\n\nNew.\n\n" + base + "\n## Rights\n\nYou may ask.\n",
			want: summary{Added: []string{"first", "rights"}, Changed: []string{""}},
		},
		{
			name: "preamble change",
			old:  base,
			new:  strings.Replace(base, "Intro.", "Introduction.", 1),
			want: summary{Changed: []string{""}},
		},
		{
			name: "changed in new order",
			old:  base,
			new:  "Intro.\n\n## Contact\n\nWrite to us at x.\n\n## Cookies\n\nWe use no cookies.\n\n## Data {#data}\n\nWe collect your name.\n",
			want: summary{Changed: []string{"contact", "cookies"}},
		},
		{
			name: "removed in old order",
			old:  base,
			new:  "Intro.\n",
			want: summary{Removed: []string{"data", "cookies", "contact"}, RemovedTitles: []string{"Data", "Cookies", "Contact"}},
		},
		{
			name: "everything",
			old:  base,
			new:  "Intro.\n\n## Data {#data}\n\nWe collect your email.\n\n## Contact\n\nWrite to us.\n\n## Sharing\n\nNever.\n",
			want: summary{Changed: []string{"data"}, Added: []string{"sharing"}, Removed: []string{"cookies"}, RemovedTitles: []string{"Cookies"}},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := summarize(changes.Compare(sections(t, tc.old), sections(t, tc.new)))
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("Compare (-want +got):\n%s", diff)
			}
		})
	}
}

// TestCompareHashes checks that Compare reads no more than ids and hashes,
// the form in which a client may keep the version a reader last saw.
func TestCompareHashes(t *testing.T) {
	old := sections(t, base)
	for i := range old {
		old[i] = changes.Section{ID: old[i].ID, Hash: old[i].Hash}
	}
	got := summarize(changes.Compare(old, sections(t, strings.Replace(base, "your name", "your email", 1))))
	if diff := cmp.Diff(summary{Changed: []string{"data"}}, got); diff != "" {
		t.Errorf("Compare (-want +got):\n%s", diff)
	}
}

// TestCompareDuplicateIDs checks documents built by hand with an id twice:
// the n-th of each version are paired.
func TestCompareDuplicateIDs(t *testing.T) {
	old := []changes.Section{{ID: ""}, {ID: "a", Hash: "1"}, {ID: "a", Hash: "2"}}
	new := []changes.Section{{ID: ""}, {ID: "a", Hash: "1"}, {ID: "a", Hash: "3"}, {ID: "a", Hash: "4"}}
	got := changes.Compare(old, new)
	want := changes.Summary{Changed: new[2:3], Added: new[3:]}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Compare (-want +got):\n%s", diff)
	}
}
