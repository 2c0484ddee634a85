package historytest_test

import (
	"fmt"
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/seqeralabs/policy-widget/app/policy"
	"github.com/seqeralabs/policy-widget/app/policy/changes"
	"github.com/seqeralabs/policy-widget/app/policy/markdown"
	"github.com/seqeralabs/policy-widget/app/policy/markdown/historytest"
	"github.com/seqeralabs/policy-widget/policies"
)

// lintOptions are the site's, as the server and policy check use them.
var lintOptions = []markdown.Option{markdown.WithSite()}

// TestLoad generates the shipped privacy policy with 20 and 120 earlier
// versions and loads them: every version is there, newest first, two
// months apart, the oldest is the seed's text, and each one changes one
// sentence, in one section, of the one before it.
func TestLoad(t *testing.T) {
	seed, err := fs.ReadFile(policies.FS, "privacy.md")
	if err != nil {
		t.Fatal(err)
	}
	seedDoc, err := markdown.Parse("privacy.md", seed, lintOptions...)
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range []int{20, 120} {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			h := historytest.History{Earlier: n}
			fsys, err := h.FS()
			if err != nil {
				t.Fatal(err)
			}
			if len(fsys) != n+1 {
				t.Errorf("%d files, want %d", len(fsys), n+1)
			}
			docs, err := markdown.Load(fsys, append(lintOptions, markdown.WithDay(policy.NewDay(2021, 3, 1)))...)
			if err != nil {
				t.Fatal(err)
			}
			if len(docs) != 1 || docs[0].Slug != "privacy" || len(docs[0].Versions) != n {
				t.Fatalf("loaded %d policies, the first with %d earlier versions; want privacy with %d", len(docs), len(docs[0].Versions), n)
			}
			history := docs[0].History()

			days, err := h.Days()
			if err != nil {
				t.Fatal(err)
			}
			if len(days) != n+1 || days[n].String() != "2021-02-27" {
				t.Fatalf("Days = %v, want %d ending with the seed's date", days, n+1)
			}
			for i, v := range history {
				// Newest first, as Days are oldest first.
				if want := days[n-i]; v.Updated != want {
					t.Errorf("version %d is dated %s, want %s", i, v.Updated, want)
				}
			}
			for i := 1; i <= n; i++ {
				newer, older := days[i].Time(), days[i-1].Time()
				if y, m, _ := older.AddDate(0, 2, 0).Date(); y != newer.Year() || m != newer.Month() {
					t.Errorf("%s and %s are not two months apart", days[i-1], days[i])
				}
			}

			oldest := history[n]
			if got, want := plain(oldest.Body), plain(seedDoc.Body); got != want {
				t.Errorf("the oldest version's text differs from the seed's")
			}
			for i := 0; i < n; i++ {
				v, prev := history[i], history[i+1]
				sum := changes.Compare(changes.Sections(prev), changes.Sections(v))
				if len(sum.Changed) != 1 || len(sum.Added)+len(sum.Removed) != 0 {
					t.Errorf("%s changes %d sections and adds or removes %d from %s, want one changed", v.Version(), len(sum.Changed), len(sum.Added)+len(sum.Removed), prev.Version())
				}
				if d := lineDiff(fsys, v, prev); d != 1 {
					t.Errorf("%s differs from %s in %d lines of text, want 1", v.File, prev.File, d)
				}
				if want := ", as revised on " + v.Updated.Format("2 January 2006") + "."; !strings.Contains(plain(v.Body), want) {
					t.Errorf("%s does not say %q", v.File, want)
				}
			}
		})
	}
}

// plain returns the text of nodes.
func plain(nodes []*policy.Node) string {
	var b strings.Builder
	for _, n := range nodes {
		b.WriteString(n.PlainText() + "\n")
	}
	return b.String()
}

// lineDiff returns how many lines after the front matter differ between
// the files of two versions.
func lineDiff(fsys fstest.MapFS, a, b *policy.Document) int {
	body := func(d *policy.Document) []string {
		_, after, _ := strings.Cut(string(fsys[d.File].Data), "\n---\n")
		return strings.Split(after, "\n")
	}
	la, lb := body(a), body(b)
	if len(la) != len(lb) {
		return -1
	}
	n := 0
	for i := range la {
		if la[i] != lb[i] {
			n++
		}
	}
	return n
}

// TestUpcoming generates a history with an upcoming version: as of the
// current version's date, it loads and is announced; as of the day before,
// two versions would be upcoming, which the check refuses.
func TestUpcoming(t *testing.T) {
	cur, up := policy.NewDay(2026, 1, 15), policy.NewDay(2026, 2, 14)
	fsys, err := historytest.History{Earlier: 20, Current: cur, Upcoming: up}.FS()
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := fsys["privacy/2026-01-15.md"]; !ok {
		t.Errorf("the version in effect is not privacy/2026-01-15.md: %v", names(fsys))
	}
	docs, err := markdown.Load(fsys, append(lintOptions, markdown.WithDay(cur))...)
	if err != nil {
		t.Fatal(err)
	}
	v, next := docs[0].At(cur)
	if v.Version() != "2026-01-15" || v.Upcoming == nil || v.Upcoming.Version() != "2026-02-14" || next != up || len(v.Versions) != 20 {
		t.Errorf("as of %s: version %s, upcoming %v, next %s, %d earlier; want 2026-01-15, 2026-02-14, 2026-02-14, 20", cur, v.Version(), v.Upcoming, next, len(v.Versions))
	}
	if _, err := markdown.Load(fsys, append(lintOptions, markdown.WithDay(cur.AddDays(-1)))...); err == nil || !strings.Contains(err.Error(), "both upcoming") {
		t.Errorf("as of the day before: %v, want two upcoming versions", err)
	}
}

func names(fsys fstest.MapFS) []string {
	var s []string
	for name := range fsys {
		s = append(s, name)
	}
	return s
}

func TestErrors(t *testing.T) {
	for _, tc := range []struct {
		name string
		h    historytest.History
		want string
	}{
		{"upcoming before current", historytest.History{Current: policy.NewDay(2026, 1, 15), Upcoming: policy.NewDay(2026, 1, 15)}, "is not after the current one's"},
		{"no prose", historytest.History{Seed: []byte("---\ntitle: T\nupdated: 2021-02-27\n---\n\n- a list item.\n")}, "no paragraph of plain prose"},
		{"no date", historytest.History{Seed: []byte("---\ntitle: T\n---\n\nText.\n")}, "no updated date"},
		{"negative", historytest.History{Earlier: -1}, "-1 earlier versions"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := tc.h.FS(); err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("FS error = %v, want one containing %q", err, tc.want)
			}
		})
	}

	// Another seed, slug and date.
	fsys, err := historytest.History{
		Seed: []byte("---\ntitle: Terms\n---\n\nThese terms apply.\n\n## Use\n\nUse it well.\n"), Slug: "terms",
		Earlier: 3, Current: policy.NewDay(2024, 8, 31),
	}.FS()
	if err != nil {
		t.Fatal(err)
	}
	docs, err := markdown.Load(fsys, markdown.WithDay(policy.NewDay(2024, 9, 1)))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, v := range docs[0].History() {
		got = append(got, v.File)
	}
	// 31 August minus 2, 4 and 6 months, normalized as time.AddDate does:
	// June and April have no 31st, February 2024 has 29 days.
	if want := "terms.md terms/2024-07-01.md terms/2024-05-01.md terms/2024-03-02.md"; strings.Join(got, " ") != want {
		t.Errorf("files %q, want %q", got, want)
	}
}
