package ui

import (
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/net/html"

	"github.com/seqeralabs/policy-widget/app/policy"
	"github.com/seqeralabs/policy-widget/app/policy/changes"
	"github.com/seqeralabs/policy-widget/app/policy/markdown"
)

// versioned returns a policy published in three versions: 2021 (first),
// 2024 (the cookies section changed) and 2026 (the rights section
// reworded under its explicit id, a contact section added, the old
// "Retention" section removed).
func versioned(t *testing.T) *policy.Document {
	t.Helper()
	front := func(date string) string {
		return "---\ntitle: Terms\nupdated: " + date + "\n---\n\n# Terms\n\nIntro.\n\n"
	}
	v2021 := front("2021-02-27") + "## Cookies\n\nWe use cookies.\n\n## Your rights {#rights}\n\nYou have rights.\n\n## Retention\n\nWe keep data.\n"
	v2024 := front("2024-06-01") + "## Cookies\n\nWe use few cookies.\n\n## Your rights {#rights}\n\nYou have rights.\n\n## Retention\n\nWe keep data.\n"
	v2026 := front("2026-01-15") + "## Cookies\n\nWe use few cookies.\n\n## Your data rights {#rights}\n\nYou have rights.\n\n## Contact \"us\"\n\nWrite to us.\n"
	docs, err := markdown.Load(fstest.MapFS{
		"terms.md":            {Data: []byte(v2026)},
		"terms/2021-02-27.md": {Data: []byte(v2021)},
		"terms/2024-06-01.md": {Data: []byte(v2024)},
	})
	if err != nil {
		t.Fatal(err)
	}
	return docs[0]
}

func TestMarksBetween(t *testing.T) {
	d := versioned(t)
	m := marksBetween(d.FindVersion("2021-02-27"), d)
	want := map[string]changes.Status{"cookies": changes.Changed, "rights": changes.Changed, "contact-us": changes.Added}
	if diff := cmp.Diff(want, m.Status); diff != "" {
		t.Errorf("marks (-want +got):\n%s", diff)
	}
	if len(m.Removed) != 1 || m.Removed[0].Title != "Retention" || m.count() != 4 {
		t.Errorf("removed = %+v, count %d; want Retention, 4", m.Removed, m.count())
	}
	if m := marksBetween(d, d); m != nil {
		t.Errorf("marks of a version against itself = %+v, want none", m)
	}

	// The body and the table of contents carry the marks.
	root := renderHTML(t, &policyPage{Doc: d, marks: m})
	var marked []string
	for _, h := range all(root, func(n *html.Node) bool { return attr(n, "data-changed") != "" }) {
		marked = append(marked, h.Data+"#"+attr(h, "id")+attr(h, "data-section")+"="+attr(h, "data-changed")+":"+text(h))
	}
	slices.Sort(marked)
	wantMarked := []string{
		"a#contact-us=added:Contact \"us\" New",
		"a#cookies=changed:Cookies Updated",
		"a#rights=changed:Your data rights Updated",
		"h2#contact-us=added:Contact \"us\" New",
		"h2#cookies=changed:Cookies Updated",
		"h2#rights=changed:Your data rights Updated",
	}
	if diff := cmp.Diff(wantMarked, marked); diff != "" {
		t.Errorf("marked elements (-want +got):\n%s", diff)
	}
	notice := byClass(root, "changes-notice")
	if len(notice) != 1 {
		t.Fatalf("%d notices, want 1", len(notice))
	}
	got := strings.Join(strings.Fields(text(notice[0])), " ")
	if want := "4 sections changed since 27 February 2021 — show changes Removed: Retention Dismiss"; got != want {
		t.Errorf("notice = %q, want %q", got, want)
	}
	if link := byClass(notice[0], "changes-link"); len(link) != 1 || attr(link[0], "href") != "/terms/compare/2021-02-27...2026-01-15" {
		t.Errorf("show changes link = %v", link)
	}
	// A first visit: no marks, no notice.
	root = renderHTML(t, &policyPage{Doc: d})
	if n := len(all(root, func(n *html.Node) bool { return attr(n, "data-changed") != "" })) + len(byClass(root, "changes-notice")); n != 0 {
		t.Errorf("a reader without a past version sees %d marks or notices", n)
	}
}

func TestComparePage(t *testing.T) {
	d := versioned(t)
	root := renderHTML(t, &comparePage{From: d.FindVersion("2021-02-27"), To: d, Current: d})
	// Its own table of contents lists the changed sections only.
	var toc []string
	for _, a := range all(root, func(n *html.Node) bool { return hasClass(n, "toc-link") }) {
		toc = append(toc, attr(a, "href")+" "+text(a))
	}
	wantTOC := []string{"#cookies Cookies (changed)", "#rights Your data rights (changed)", "#retention Retention (removed)", "#contact-us Contact \"us\" (new)"}
	if diff := cmp.Diff(wantTOC, toc); diff != "" {
		t.Errorf("TOC (-want +got):\n%s", diff)
	}
	// Every TOC entry leads to a section heading of the page.
	for _, e := range toc {
		id := strings.TrimPrefix(strings.Fields(e)[0], "#")
		if len(all(root, func(n *html.Node) bool { return n.Data == "h2" && attr(n, "id") == id })) != 1 {
			t.Errorf("no h2#%s on the compare page", id)
		}
	}
	body := byClass(root, "compare-body")[0]
	var ins, del []string
	for _, n := range byTag(body, "ins") {
		ins = append(ins, text(n))
	}
	for _, n := range byTag(body, "del") {
		del = append(del, text(n))
	}
	// Each change says in words what it is, for screen readers.
	// The titles of new and removed sections are plain: their status says it.
	wantIns := []string{"[inserted: few]", "[inserted: data]", "[inserted: Write to us.]"}
	wantDel := []string{"[deleted: We keep data.]"}
	if diff := cmp.Diff(wantIns, ins); diff != "" {
		t.Errorf("insertions (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(wantDel, del); diff != "" {
		t.Errorf("deletions (-want +got):\n%s", diff)
	}
}

func TestSitePagesOfVersions(t *testing.T) {
	d := versioned(t)
	var paths []string
	for _, p := range NewSite("/legal", []*policy.Document{d}).Pages() {
		paths = append(paths, p.Path)
	}
	want := []string{
		"/", "/terms", "/embed/terms", "/terms/versions",
		"/terms/v/2026-01-15", "/terms/v/2024-06-01", "/terms/v/2021-02-27",
		"/terms/compare/2021-02-27...2024-06-01", "/terms/compare/2021-02-27...2026-01-15", "/terms/compare/2024-06-01...2026-01-15",
		NotFoundPath,
	}
	if diff := cmp.Diff(want, paths); diff != "" {
		t.Errorf("pages (-want +got):\n%s", diff)
	}
}

func TestWriteOps(t *testing.T) {
	var b strings.Builder
	writeOps(&b, []changes.Op{
		{Kind: changes.Equal, Text: "data in "},
		{Kind: changes.Delete, Text: "a private"},
		{Kind: changes.Insert, Text: "an <encrypted>"},
		{Kind: changes.Equal, Text: " store"},
		{Kind: changes.Insert, Text: " in the EU"},
		{Kind: changes.Equal, Text: "."},
		{Kind: changes.Insert, Text: "\n"},
	})
	want := `data in <del><span class="visually-hidden">[deleted: </span>a private<span class="visually-hidden">]</span></del>` +
		`<ins class="diff-next"><span class="visually-hidden">[inserted: </span>an &lt;encrypted&gt;<span class="visually-hidden">]</span></ins>` +
		` store <ins><span class="visually-hidden">[inserted: </span>in the EU<span class="visually-hidden">]</span></ins>.` +
		`<ins><span class="visually-hidden">[inserted: </span>` + "\n" + `<span class="visually-hidden">]</span></ins>`
	if diff := cmp.Diff(want, b.String()); diff != "" {
		t.Errorf("writeOps (-want +got):\n%s", diff)
	}
}
