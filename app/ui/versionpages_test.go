//go:build !wasm

package ui

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/net/html"

	"github.com/seqeralabs/policy-widget/app/policy"
	"github.com/seqeralabs/policy-widget/app/policy/changes"
	"github.com/seqeralabs/policy-widget/app/site"
)

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

// TestSitePagesOfVersions checks the pages of versions that the server
// renders at start: those a reader of the policy needs, whose number does
// not grow with the history.
func TestSitePagesOfVersions(t *testing.T) {
	for _, tc := range []struct {
		name string
		doc  *policy.Document
		day  string
		want []string
	}{
		{"three versions", versioned(t), "2026-03-01", []string{
			"/", "/terms", "/embed/terms", "/terms/versions",
			"/terms/v/2024-06-01", "/terms/compare/2024-06-01...2026-01-15",
			site.NotFound.Path(),
		}},
		{"upcoming", upcoming(t), "2026-03-01", []string{
			"/", "/terms", "/embed/terms", "/terms/versions",
			"/terms/v/2024-06-01", "/terms/compare/2024-06-01...2026-01-15",
			"/terms/v/2026-09-01", "/terms/compare/2026-01-15...2026-09-01",
			site.NotFound.Path(),
		}},
		{"upcoming, taken effect", upcoming(t), "2026-09-01", []string{
			"/", "/terms", "/embed/terms", "/terms/versions",
			"/terms/v/2026-01-15", "/terms/compare/2026-01-15...2026-09-01",
			site.NotFound.Path(),
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var paths []string
			for _, p := range NewSiteAt("/legal", []*policy.Document{tc.doc}, day(t, tc.day)).Pages() {
				paths = append(paths, p.Path)
			}
			if diff := cmp.Diff(tc.want, paths); diff != "" {
				t.Errorf("pages (-want +got):\n%s", diff)
			}
		})
	}
}

// TestLinkedPages checks the pages of versions that a static export
// writes: every version, and the comparisons of each with the one before
// it, with the one in effect and with the upcoming one; every link of them
// to a page of versions leads to one of them.
func TestLinkedPages(t *testing.T) {
	site := NewSiteAt("", []*policy.Document{upcoming(t)}, day(t, "2026-03-01"))
	var paths []string
	written := map[string]bool{}
	for _, p := range site.LinkedPages() {
		paths = append(paths, p.Path)
		written[p.Path] = true
	}
	want := []string{
		"/terms/versions",
		"/terms/v/2026-09-01",
		"/terms/compare/2026-01-15...2026-09-01",
		"/terms/v/2026-01-15",
		"/terms/compare/2024-06-01...2026-01-15",
		"/terms/v/2024-06-01",
		"/terms/compare/2021-02-27...2024-06-01",
		"/terms/compare/2024-06-01...2026-09-01",
		"/terms/v/2021-02-27",
		"/terms/compare/2021-02-27...2026-01-15",
		"/terms/compare/2021-02-27...2026-09-01",
	}
	if diff := cmp.Diff(want, paths); diff != "" {
		t.Errorf("linked pages (-want +got):\n%s", diff)
	}
	for _, p := range append(site.Pages(), site.LinkedPages()...) {
		for _, a := range byTag(renderHTML(t, p.New()), "a") {
			href := attr(a, "href")
			if strings.Contains(href, "/v/") || strings.Contains(href, "/compare/") || strings.HasSuffix(href, "/versions") {
				if !written[href] {
					t.Errorf("%s links to %s, which is not among the linked pages", p.Path, href)
				}
			}
		}
	}
}

// TestSitePage checks the pages of versions rendered on request: the
// dates of the policy's versions only, the older first.
func TestSitePage(t *testing.T) {
	site := NewSiteAt("", []*policy.Document{upcoming(t)}, day(t, "2026-03-01"))
	for _, tc := range []struct {
		path  string
		title string // "" when there is no such page
	}{
		{"/terms/versions", "Terms: versions · Seqera Legal"},
		{"/terms/v/2021-02-27", "Terms, version of 27 February 2021 · Seqera Legal"},
		{"/terms/v/2026-01-15", "Terms, version of 15 January 2026 · Seqera Legal"},
		{"/terms/v/2026-09-01", "Terms, version of 1 September 2026 · Seqera Legal"},
		{"/terms/compare/2021-02-27...2024-06-01", "Terms: changes from 27 February 2021 to 1 June 2024 · Seqera Legal"},
		{"/terms/compare/2021-02-27...2026-09-01", "Terms: changes from 27 February 2021 to 1 September 2026 · Seqera Legal"},
		{"/terms/v/2022-01-01", ""},
		{"/terms/v/2026-02-30", ""},
		{"/terms/v/", ""},
		{"/terms/compare/2024-06-01...2021-02-27", ""},
		{"/terms/compare/2024-06-01...2024-06-01", ""},
		{"/terms/compare/2024-06-01..2026-01-15", ""},
		{"/terms/compare/2024-06-01...2026-01-15/x", ""},
		{"/terms/v/2024-06-01/x", ""},
		{"/privacy/v/2024-06-01", ""},
		{"/terms", ""},
		{"/terms/", ""},
		{"/", ""},
	} {
		p, ok := site.Page(tc.path)
		if ok != (tc.title != "") || (ok && (p.Title != tc.title || p.Path != tc.path || !p.NoClient)) {
			t.Errorf("Page(%q) = %q at %q (NoClient %v), %v; want %q", tc.path, p.Title, p.Path, p.NoClient, ok, tc.title)
		}
	}
}

// TestVersionPageNotices checks what the page of each version says of it.
func TestVersionPageNotices(t *testing.T) {
	site := NewSiteAt("", []*policy.Document{upcoming(t)}, day(t, "2026-03-01"))
	for path, want := range map[string]string{
		"/terms/v/2026-09-01": "This version takes effect on 1 September 2026. Until then, the version of 15 January 2026 is in effect: read it, see what changes, or see all versions.",
		"/terms/v/2026-01-15": "This is the version in effect, since 15 January 2026. It is replaced on 1 September 2026: see what changes, or see all versions.",
		"/terms/v/2021-02-27": "You are reading the version of 27 February 2021. It was replaced on 1 June 2024: read the version in effect, see what changed since, or see all versions.",
	} {
		p, ok := site.Page(path)
		if !ok {
			t.Fatalf("no page %s", path)
		}
		root := renderHTML(t, p.New())
		notice := byClass(root, "version-notice")
		if len(notice) != 1 {
			t.Fatalf("%s: %d notices", path, len(notice))
		}
		if got := strings.Join(strings.Fields(text(notice[0])), " "); got != want {
			t.Errorf("%s: notice %q, want %q", path, got, want)
		}
	}
	p, _ := site.Page("/terms/versions")
	var items []string
	for _, li := range byClass(renderHTML(t, p.New()), "versions-item") {
		items = append(items, strings.Join(strings.Fields(text(li)), " "))
	}
	want := []string{
		"1 September 2026 (upcoming) Terms 1 section changed since 15 January 2026",
		"15 January 2026 (in effect) Terms 3 sections changed since 1 June 2024",
		"1 June 2024 Terms 1 section changed since 27 February 2021",
		"27 February 2021 Terms First published version",
	}
	if diff := cmp.Diff(want, items); diff != "" {
		t.Errorf("the list of versions (-want +got):\n%s", diff)
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
