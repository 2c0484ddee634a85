package markdown_test

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"

	"github.com/seqeralabs/policy-widget/app/policy"
	"github.com/seqeralabs/policy-widget/app/policy/markdown"
)

// versionFile returns a policy file titled title, with "updated: updated"
// on its line 3 (none when updated is ""), and body from line 6 on.
func versionFile(title, updated, body string) *fstest.MapFile {
	front := "---\ntitle: " + title + "\n"
	if updated != "" {
		front += "updated: " + updated + "\n"
	}
	return &fstest.MapFile{Data: []byte(front + "---\n\n" + body + "\n")}
}

// day parses a day of a test.
func day(t testing.TB, s string) policy.Day {
	t.Helper()
	d, err := policy.ParseDay(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func TestLoadVersions(t *testing.T) {
	fsys := fstest.MapFS{
		"terms.md":               versionFile("Terms", "2026-01-15", "## Use {#use}\n\nNew text."),
		"terms/2021-02-27.md":    versionFile("Terms", "2021-02-27", "## Use {#use}\n\nOld text."),
		"terms/2024-06-01.md":    versionFile("Terms", "2024-06-01", "## Use {#use}\n\nMiddle text."),
		"privacy.md":             versionFile("Privacy", "", "Text."),
		"privacy/not-a-date.txt": {Data: []byte("ignored: not a version")},
	}
	docs, err := markdown.Load(fsys, markdown.WithDay(day(t, "2026-03-01")))
	if err != nil {
		t.Fatal(err)
	}
	terms := docs[1]
	var got []string
	for _, v := range terms.History() {
		got = append(got, v.Version()+" "+v.Slug+" "+v.File)
	}
	want := []string{"2026-01-15 terms terms.md", "2024-06-01 terms terms/2024-06-01.md", "2021-02-27 terms terms/2021-02-27.md"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("history (-want +got):\n%s", diff)
	}
	if v := terms.FindVersion("2024-06-01"); v == nil || v.Body[1].PlainText() != "Middle text." {
		t.Errorf("FindVersion(2024-06-01) = %+v", v)
	}
	if v := terms.FindVersion("2020-01-01"); v != nil {
		t.Errorf("FindVersion of an unknown date = %+v, want nil", v)
	}
	if len(docs[0].Versions) != 0 {
		t.Errorf("privacy has versions %v", docs[0].Versions)
	}
}

// TestDigest: a document's digest is the hex of the first 8 bytes of the
// SHA-256 of its file, as read: a byte order mark and CR LF line endings
// count, although the document is the same.
func TestDigest(t *testing.T) {
	src := versionFile("Terms", "2026-01-15", "Text.").Data
	crlf := []byte(strings.ReplaceAll(string(src), "\n", "\r\n"))
	bom := append([]byte("\ufeff"), src...)
	var digests []string
	for _, b := range [][]byte{src, crlf, bom} {
		doc, err := markdown.Parse("terms.md", b)
		if err != nil {
			t.Fatal(err)
		}
		sum := sha256.Sum256(b)
		if want := hex.EncodeToString(sum[:8]); doc.Digest != want {
			t.Errorf("Digest = %q, want %q", doc.Digest, want)
		}
		digests = append(digests, doc.Digest)
	}
	if digests[0] == digests[1] || digests[0] == digests[2] || len(digests[0]) != 16 {
		t.Errorf("digests %q: want 16 hex digits, different for different bytes", digests)
	}

	docs, err := markdown.Load(fstest.MapFS{
		"terms.md":            {Data: src},
		"terms/2021-02-27.md": versionFile("Terms", "2021-02-27", "Old."),
	}, markdown.WithDay(day(t, "2026-03-01")))
	if err != nil {
		t.Fatal(err)
	}
	if docs[0].Digest != digests[0] || docs[0].Versions[0].Digest == "" || docs[0].Versions[0].Digest == digests[0] {
		t.Errorf("Load's digests: %q and %q", docs[0].Digest, docs[0].Versions[0].Digest)
	}
}

// TestLoadUpcoming loads policies with an upcoming version, as of days
// before and on its date.
func TestLoadUpcoming(t *testing.T) {
	fsys := fstest.MapFS{
		// An upcoming version of terms, announced on 2026-03-01.
		"terms.md":            versionFile("Terms", "2026-09-01", "Upcoming text."),
		"terms/2026-01-15.md": versionFile("Terms", "2026-01-15", "Text in effect."),
		"terms/2024-06-01.md": versionFile("Terms", "2024-06-01", "Old text."),
		// A new policy, announced before its first day.
		"cookies.md": versionFile("Cookies", "2026-06-01", "Cookie text."),
	}
	for _, tc := range []struct {
		day  string
		want []string // each policy as of day
	}{
		{"2026-03-01", []string{
			"cookies 2026-06-01 announced, next 2026-06-01",
			"terms 2026-01-15 in effect, upcoming 2026-09-01, next 2026-09-01",
		}},
		{"2026-06-01", []string{
			"cookies 2026-06-01 in effect",
			"terms 2026-01-15 in effect, upcoming 2026-09-01, next 2026-09-01",
		}},
		{"2026-09-01", []string{
			"cookies 2026-06-01 in effect",
			"terms 2026-09-01 in effect",
		}},
	} {
		t.Run(tc.day, func(t *testing.T) {
			d := day(t, tc.day)
			docs, err := markdown.Load(fsys, markdown.WithDay(d))
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, doc := range docs {
				v, next := doc.At(d)
				s := v.Slug + " " + v.Version()
				if v.InEffect(d) {
					s += " in effect"
				} else {
					s += " announced"
				}
				if v.Upcoming != nil {
					s += ", upcoming " + v.Upcoming.Version()
				}
				if !next.IsZero() {
					s += ", next " + next.String()
				}
				got = append(got, s)
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("policies as of %s (-want +got):\n%s", tc.day, diff)
			}
		})
	}
}

// TestLoadVersionsErrors checks each error of versions: the file, line and
// column it names, and its message, whole.
func TestLoadVersionsErrors(t *testing.T) {
	const checked = "2026-03-01"
	for _, tc := range []struct {
		name string
		fsys fstest.MapFS
		want []string
	}{
		{"name is not a date", fstest.MapFS{
			"terms.md":         versionFile("Terms", "2026-01-15", "Text."),
			"terms/old-one.md": versionFile("Terms", "2021-02-27", "Text."),
		}, []string{
			`terms/old-one.md:3:10: the file name "old-one" is not a date in the form YYYY-MM-DD; an earlier version is named after its updated date: rename the file to terms/2021-02-27.md`,
		}},
		{"name is not a real date", fstest.MapFS{
			"terms.md":            versionFile("Terms", "2026-01-15", "Text."),
			"terms/2025-02-29.md": versionFile("Terms", "2025-02-28", "Text."),
		}, []string{
			`terms/2025-02-29.md:3:10: the file name "2025-02-29" is not a real date: February 2025 has 28 days; an earlier version is named after its updated date: rename the file to terms/2025-02-28.md`,
		}},
		{"updated is not a real date", fstest.MapFS{
			"terms.md":            versionFile("Terms", "2026-02-30", "Text."),
			"terms/2021-02-27.md": versionFile("Terms", "2021-02-27", "Text."),
		}, []string{
			`terms.md:3:10: updated "2026-02-30" is not a real date: February 2026 has 28 days`,
		}},
		{"updated of a version is not a real date", fstest.MapFS{
			"terms.md":            versionFile("Terms", "2026-01-15", "Text."),
			"terms/2021-02-27.md": versionFile("Terms", "2021-02-31", "Text."),
		}, []string{
			`terms/2021-02-27.md:3:10: updated "2021-02-31" is not a real date: February 2021 has 28 days`,
		}},
		{"updated differs from the name", fstest.MapFS{
			"terms.md":            versionFile("Terms", "2026-01-15", "Text."),
			"terms/2021-02-27.md": versionFile("Terms", "2021-03-01", "Text."),
		}, []string{
			`terms/2021-02-27.md:3:10: updated is 2021-03-01, but the file is named after 2021-02-27, and an earlier version is named after its updated date: correct updated, or rename the file to terms/2021-03-01.md`,
		}},
		{"a version without updated", fstest.MapFS{
			"terms.md":            versionFile("Terms", "2026-01-15", "Text."),
			"terms/2021-02-27.md": versionFile("Terms", "", "Text."),
		}, []string{
			`terms/2021-02-27.md:2:1: an earlier version needs "updated: 2021-02-27", the day on which it took effect, and is named after it`,
		}},
		{"two versions with the same date", fstest.MapFS{
			"terms.md":            versionFile("Terms", "2026-01-15", "Text."),
			"terms/2026-01-15.md": versionFile("Terms", "2026-01-15", "Text."),
		}, []string{
			`terms/2026-01-15.md:3:10: this version and terms.md are both dated 2026-01-15: two versions of a policy cannot have the same date; give terms.md, the new version, the day on which it takes effect`,
		}},
		{"two upcoming versions", fstest.MapFS{
			"terms.md":            versionFile("Terms", "2026-09-01", "Text."),
			"terms/2026-06-01.md": versionFile("Terms", "2026-06-01", "Text."),
			"terms/2026-01-15.md": versionFile("Terms", "2026-01-15", "Text."),
		}, []string{
			`terms/2026-06-01.md:3:10: this version (2026-06-01) and terms.md (2026-09-01) are both upcoming as of the day checked (2026-03-01): a policy announces one upcoming version at a time; add the changes of terms.md once this version has taken effect, on 2026-06-01`,
		}},
		{"an upcoming version dated before the one after it", fstest.MapFS{
			"terms.md":            versionFile("Terms", "2026-06-01", "Text."),
			"terms/2026-09-01.md": versionFile("Terms", "2026-09-01", "Text."),
			"terms/2026-01-15.md": versionFile("Terms", "2026-01-15", "Text."),
		}, []string{
			`terms.md:3:10: this upcoming version is dated 2026-06-01, before the version terms/2026-09-01.md (2026-09-01): the upcoming version must be the newest; correct its updated, or the other file's`,
		}},
		{"an earlier version in the future, the newest file in effect", fstest.MapFS{
			"terms.md":            versionFile("Terms", "2026-01-15", "Text."),
			"terms/2026-09-01.md": versionFile("Terms", "2026-09-01", "Text."),
		}, []string{
			`terms/2026-09-01.md:3:10: this version is dated 2026-09-01, after the day checked (2026-03-01), so it is upcoming, but an upcoming version goes in terms.md: move terms.md, in effect since 2026-01-15, to terms/2026-01-15.md, and this file to terms.md`,
		}},
		{"the newest file older than an earlier version", fstest.MapFS{
			"terms.md":            versionFile("Terms", "2025-09-01", "Text."),
			"terms/2026-01-15.md": versionFile("Terms", "2026-01-15", "Text."),
			"terms/2021-02-27.md": versionFile("Terms", "2021-02-27", "Text."),
		}, []string{
			`terms.md:3:10: this version is dated 2025-09-01, before its earlier version terms/2026-01-15.md (2026-01-15): terms.md must be the newest version, the one in effect or the upcoming one; correct its updated, or the other file's`,
		}},
		{"current without a date", fstest.MapFS{
			"terms.md":            versionFile("Terms", "", "Text."),
			"terms/2021-02-27.md": versionFile("Terms", "2021-02-27", "Text."),
		}, []string{
			`terms.md:2:1: the policy has earlier versions in terms/, so it needs "updated: YYYY-MM-DD", later than theirs`,
		}},
		{"broken version", fstest.MapFS{
			"terms.md":            versionFile("Terms", "2026-01-15", "Text."),
			"terms/2021-02-27.md": {Data: []byte("no front matter\n")},
		}, []string{
			`terms/2021-02-27.md:1:1: missing front matter: the file must start with a line "---", then "title: …", then "---"`,
		}},
		{"versions without a policy", fstest.MapFS{
			"terms.md":              versionFile("Terms", "2026-01-15", "Text."),
			"cookies/2021-02-27.md": versionFile("Cookies", "2021-02-27", "Text."),
		}, []string{
			"cookies/: versions of a policy that has no cookies.md",
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := markdown.Load(tc.fsys, markdown.WithDay(day(t, checked)))
			if err == nil {
				t.Fatal("Load returned no error")
			}
			var got []string
			for _, e := range unjoin(err) {
				got = append(got, e.Error())
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("errors (-want +got):\n%s", diff)
			}
		})
	}
}

// TestLoadLaterDays checks that policies that load on a day load on every
// later one: an upcoming version that takes effect never breaks a start.
func TestLoadLaterDays(t *testing.T) {
	fsys := fstest.MapFS{
		"terms.md":            versionFile("Terms", "2026-09-01", "Upcoming text."),
		"terms/2026-01-15.md": versionFile("Terms", "2026-01-15", "Text in effect."),
		"cookies.md":          versionFile("Cookies", "2026-06-01", "Cookie text."),
	}
	for d := day(t, "2026-01-15"); d.Before(day(t, "2027-01-01")); d = d.AddDays(1) {
		if _, err := markdown.Load(fsys, markdown.WithDay(d)); err != nil {
			t.Fatalf("as of %s: %v", d, err)
		}
	}
	// And the day matters: before terms/2026-01-15.md took effect, two
	// versions were upcoming.
	if _, err := markdown.Load(fsys, markdown.WithDay(day(t, "2026-01-14"))); err == nil || !strings.Contains(err.Error(), "both upcoming") {
		t.Errorf("as of 2026-01-14: %v, want two upcoming versions", err)
	}
}
