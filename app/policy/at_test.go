package policy

import (
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// version returns a version of the policy "terms" dated date ("" for none),
// from the file file.
func version(file, date string) *Document {
	d := &Document{Slug: "terms", File: file, Meta: Meta{Title: "Terms " + date}}
	if date != "" {
		var err error
		if d.Updated, err = ParseDay(date); err != nil {
			panic(err)
		}
	}
	return d
}

// termsHistory returns a policy as loaded: terms.md dated 2026-09-01, an
// upcoming version as of 2026-03-01, and three earlier versions.
func termsHistory() *Document {
	d := version("terms.md", "2026-09-01")
	d.Versions = []*Document{
		version("terms/2026-01-15.md", "2026-01-15"),
		version("terms/2024-06-01.md", "2024-06-01"),
		version("terms/2021-02-27.md", "2021-02-27"),
	}
	return d
}

// describe writes what At returned in one line.
func describe(d *Document, next Day) string {
	var vs []string
	for _, v := range d.Versions {
		vs = append(vs, v.Version())
		if v.Versions != nil || v.Upcoming != nil {
			vs = append(vs, "(not a version itself)")
		}
	}
	up := "none"
	if d.Upcoming != nil {
		up = d.Upcoming.Version()
		if d.Upcoming.Versions != nil || d.Upcoming.Upcoming != nil || d.Upcoming.Slug != d.Slug {
			up += " (not a version itself)"
		}
	}
	return fmt.Sprintf("%s %s [%s] upcoming %s next %q", d.Slug, d.Version(), strings.Join(vs, " "), up, next)
}

func TestAt(t *testing.T) {
	for _, tc := range []struct {
		day      string
		want     string
		inEffect bool
	}{
		{"2020-01-01", `terms 2021-02-27 [] upcoming 2024-06-01 next "2021-02-27"`, false},
		{"2021-02-26", `terms 2021-02-27 [] upcoming 2024-06-01 next "2021-02-27"`, false},
		{"2021-02-27", `terms 2021-02-27 [] upcoming 2024-06-01 next "2024-06-01"`, true},
		{"2025-01-01", `terms 2024-06-01 [2021-02-27] upcoming 2026-01-15 next "2026-01-15"`, true},
		{"2026-01-14", `terms 2024-06-01 [2021-02-27] upcoming 2026-01-15 next "2026-01-15"`, true},
		{"2026-01-15", `terms 2026-01-15 [2024-06-01 2021-02-27] upcoming 2026-09-01 next "2026-09-01"`, true},
		{"2026-03-01", `terms 2026-01-15 [2024-06-01 2021-02-27] upcoming 2026-09-01 next "2026-09-01"`, true},
		{"2026-08-31", `terms 2026-01-15 [2024-06-01 2021-02-27] upcoming 2026-09-01 next "2026-09-01"`, true},
		{"2026-09-01", `terms 2026-09-01 [2026-01-15 2024-06-01 2021-02-27] upcoming none next ""`, true},
		{"2099-12-31", `terms 2026-09-01 [2026-01-15 2024-06-01 2021-02-27] upcoming none next ""`, true},
	} {
		t.Run(tc.day, func(t *testing.T) {
			d := termsHistory()
			day, _ := ParseDay(tc.day)
			got, next := d.At(day)
			if s := describe(got, next); s != tc.want {
				t.Errorf("At(%s) = %s\nwant       %s", tc.day, s, tc.want)
			}
			if got.InEffect(day) != tc.inEffect {
				t.Errorf("At(%s).InEffect = %v, want %v", tc.day, got.InEffect(day), tc.inEffect)
			}
			if diff := cmp.Diff(termsHistory(), d); diff != "" {
				t.Errorf("At changed the policy (-before +after):\n%s", diff)
			}

			// When at most one version is dated after day, as the
			// checks ensure, what At returns holds every version, and
			// gives the same answers on every later day.
			if day.Before(NewDay(2026, 1, 15)) {
				return
			}
			for _, later := range []string{tc.day, "2026-03-01", "2026-09-01", "2099-12-31"} {
				day2, _ := ParseDay(later)
				if day2.Before(day) {
					continue
				}
				want := describe(d.At(day2))
				if s := describe(got.At(day2)); s != want {
					t.Errorf("At(%s).At(%s) = %s\nwant            %s", tc.day, later, s, want)
				}
			}
		})
	}
}

func TestAtSharesAndAllocates(t *testing.T) {
	d := termsHistory()
	after, _ := ParseDay("2027-01-01")
	if got, _ := d.At(after); got != d {
		t.Errorf("At of a day on which the newest version is in effect returned a copy, want d itself")
	}
	if n := testing.AllocsPerRun(100, func() { d.At(after) }); n != 0 {
		t.Errorf("At allocated %v times when the answer is d", n)
	}
	before, _ := ParseDay("2026-03-01")
	got, _ := d.At(before)
	if &got.Versions[0] != &d.Versions[1] {
		t.Errorf("the earlier versions are a copy, want them shared with d")
	}
}

func TestAtSingleVersions(t *testing.T) {
	day, _ := ParseDay("2026-03-01")

	undated := version("undated.md", "")
	if got, next := undated.At(day); got != undated || !next.IsZero() || !got.InEffect(day) {
		t.Errorf("a policy without a date: At = %s, InEffect %v; want d itself, always in effect", describe(got, next), got.InEffect(day))
	}

	// A new policy, announced before its first day.
	announced := version("terms.md", "2026-09-01")
	got, next := announced.At(day)
	if got != announced || next.String() != "2026-09-01" || got.InEffect(day) {
		t.Errorf("a policy announced before its first day: At = %s, InEffect %v; want d itself, not in effect, next its date", describe(got, next), got.InEffect(day))
	}
	on, _ := ParseDay("2026-09-01")
	if got, next := announced.At(on); got != announced || !next.IsZero() || !got.InEffect(on) {
		t.Errorf("on its first day: At = %s, InEffect %v; want d, in effect, no next", describe(got, next), got.InEffect(on))
	}
}

func TestAtOfAll(t *testing.T) {
	terms := termsHistory()
	cookies := version("cookies.md", "2026-04-01")
	cookies.Slug = "cookies"
	cookies.Versions = []*Document{version("cookies/2025-01-01.md", "2025-01-01")}
	undated := version("undated.md", "")
	docs := []*Document{cookies, terms, undated}

	for _, tc := range []struct {
		day, want string
		wantNext  string
	}{
		{"2026-03-01", "2025-01-01 2026-01-15 ", "2026-04-01"}, // cookies changes first
		{"2026-04-01", "2026-04-01 2026-01-15 ", "2026-09-01"},
		{"2026-09-01", "2026-04-01 2026-09-01 ", ""},
	} {
		day, _ := ParseDay(tc.day)
		views, next := At(docs, day)
		var got []string
		for _, v := range views {
			got = append(got, v.Version())
		}
		if s := strings.Join(got, " "); s != tc.want || next.String() != tc.wantNext {
			t.Errorf("At(docs, %s) = %q, next %q; want %q, next %q", tc.day, s, next, tc.want, tc.wantNext)
		}
	}
}

func TestFindVersionUpcoming(t *testing.T) {
	day, _ := ParseDay("2026-03-01")
	d, _ := termsHistory().At(day)
	for _, v := range []string{"2026-09-01", "2026-01-15", "2021-02-27"} {
		if got := d.FindVersion(v); got == nil || got.Version() != v {
			t.Errorf("FindVersion(%s) = %v", v, got)
		}
	}
	if got := d.FindVersion("2026-05-01"); got != nil {
		t.Errorf("FindVersion of a date that is no version = %v", got)
	}
}
