package markdown_test

import (
	"strings"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"

	"github.com/seqeralabs/policy-widget/app/policy/markdown"
)

func versionFile(title, updated, body string) *fstest.MapFile {
	front := "---\ntitle: " + title + "\n"
	if updated != "" {
		front += "updated: " + updated + "\n"
	}
	return &fstest.MapFile{Data: []byte(front + "---\n\n" + body + "\n")}
}

func TestLoadVersions(t *testing.T) {
	fsys := fstest.MapFS{
		"terms.md":               versionFile("Terms", "2026-01-15", "## Use {#use}\n\nNew text."),
		"terms/2021-02-27.md":    versionFile("Terms", "2021-02-27", "## Use {#use}\n\nOld text."),
		"terms/2024-06-01.md":    versionFile("Terms", "2024-06-01", "## Use {#use}\n\nMiddle text."),
		"privacy.md":             versionFile("Privacy", "", "Text."),
		"privacy/not-a-date.txt": {Data: []byte("ignored: not a version")},
	}
	docs, err := markdown.Load(fsys)
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

func TestLoadVersionsErrors(t *testing.T) {
	for _, tc := range []struct {
		name string
		fsys fstest.MapFS
		want string
	}{
		{"name is not a date", fstest.MapFS{
			"terms.md":         versionFile("Terms", "2026-01-15", "Text."),
			"terms/old-one.md": versionFile("Terms", "2021-02-27", "Text."),
		}, "terms/old-one.md: a version of terms.md must be named after its date"},
		{"updated differs from the name", fstest.MapFS{
			"terms.md":            versionFile("Terms", "2026-01-15", "Text."),
			"terms/2021-02-27.md": versionFile("Terms", "2021-03-01", "Text."),
		}, `terms/2021-02-27.md:3:1: updated is "2021-03-01", but the file is named after 2021-02-27`},
		{"not older than the current version", fstest.MapFS{
			"terms.md":            versionFile("Terms", "2026-01-15", "Text."),
			"terms/2026-01-15.md": versionFile("Terms", "2026-01-15", "Text."),
		}, "terms/2026-01-15.md:3:1: this version is dated 2026-01-15, not earlier than the current terms.md (2026-01-15)"},
		{"current without a date", fstest.MapFS{
			"terms.md":            versionFile("Terms", "", "Text."),
			"terms/2021-02-27.md": versionFile("Terms", "2021-02-27", "Text."),
		}, `terms.md:2:1: the policy has earlier versions in terms/, so it needs "updated: YYYY-MM-DD"`},
		{"broken version", fstest.MapFS{
			"terms.md":            versionFile("Terms", "2026-01-15", "Text."),
			"terms/2021-02-27.md": {Data: []byte("no front matter\n")},
		}, "terms/2021-02-27.md:1:1: missing front matter"},
		{"versions without a policy", fstest.MapFS{
			"terms.md":              versionFile("Terms", "2026-01-15", "Text."),
			"cookies/2021-02-27.md": versionFile("Cookies", "2021-02-27", "Text."),
		}, "cookies/: versions of a policy that has no cookies.md"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := markdown.Load(tc.fsys)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("Load: %v\nwant an error containing %q", err, tc.want)
			}
		})
	}
}
