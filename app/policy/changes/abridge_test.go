package changes_test

import (
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/seqeralabs/policy-widget/app/policy/changes"
	"github.com/seqeralabs/policy-widget/app/policy/markdown"
)

// TestAbridge checks what the client carries of a policy with three
// versions: the two newest whole, the oldest as the digests of its
// sections, which compare as its whole text does.
func TestAbridge(t *testing.T) {
	front := func(date string) string {
		return "---\ntitle: Terms\nupdated: " + date + "\n---\n\n# Terms\n\nIntro.\n\n"
	}
	docs, err := markdown.Load(fstest.MapFS{
		"terms.md":            {Data: []byte(front("2026-01-15") + "## Data {#data}\n\nYour email.\n\n## Contact\n\nWrite.\n")},
		"terms/2024-06-01.md": {Data: []byte(front("2024-06-01") + "## Data {#data}\n\nYour name.\n\n## Old\n\nGone.\n")},
		"terms/2021-02-27.md": {Data: []byte(front("2021-02-27") + "## Data {#data}\n\nYour name.\n\n## Old\n\nGone soon.\n")},
		"undated.md":          {Data: []byte("---\ntitle: Undated\n---\n\nText.\n")},
	})
	if err != nil {
		t.Fatal(err)
	}
	terms := docs[0]
	oldest := terms.Versions[1]
	got := changes.Abridge(docs)
	if got[1] != docs[1] {
		t.Errorf("a policy without earlier versions is copied; want it as it is")
	}
	a := got[0]
	if a == terms || a.Versions[0] != terms.Versions[0] || a.Body == nil {
		t.Fatalf("the newest version and the one before it are not carried whole")
	}
	ab := a.Versions[1]
	if !ab.Abridged() || ab.Body != nil || ab.TOC != nil || ab.Version() != "2021-02-27" || ab.Title != "Terms" {
		t.Errorf("the oldest version: abridged %v, body %v, toc %v, version %s, title %q; want abridged, without its text, with its date and title",
			ab.Abridged(), ab.Body != nil, ab.TOC != nil, ab.Version(), ab.Title)
	}
	if oldest.Abridged() || oldest.Body == nil || terms.Versions[1] != oldest {
		t.Errorf("Abridge changed the documents it was given")
	}
	// The digests are the sections without their text, and compare the same.
	want := changes.Sections(oldest)
	if diff := cmp.Diff(want, changes.Sections(ab), cmpopts.IgnoreFields(changes.Section{}, "Text")); diff != "" {
		t.Errorf("sections of the abridged version (-want +got):\n%s", diff)
	}
	cur := changes.Sections(terms)
	if diff := cmp.Diff(changes.Compare(want, cur), changes.Compare(changes.Sections(ab), cur), cmpopts.IgnoreFields(changes.Section{}, "Text")); diff != "" {
		t.Errorf("Compare with the abridged version (-whole +abridged):\n%s", diff)
	}
	if changes.AbridgeVersion(ab) != ab {
		t.Errorf("AbridgeVersion of an abridged version is not the version itself")
	}
}
