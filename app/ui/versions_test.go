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

// The versions of the policy that versioned and upcoming make: 2021
// (first), 2024 (the cookies section changed), 2026 (the rights section
// reworded under its explicit id, a contact section added, the old
// "Retention" section removed) and, in upcoming, one more dated 1
// September 2026 (the contact section changed).
var (
	terms2021 = termsFront("2021-02-27") + "## Cookies\n\nWe use cookies.\n\n## Your rights {#rights}\n\nYou have rights.\n\n## Retention\n\nWe keep data.\n"
	terms2024 = termsFront("2024-06-01") + "## Cookies\n\nWe use few cookies.\n\n## Your rights {#rights}\n\nYou have rights.\n\n## Retention\n\nWe keep data.\n"
	terms2026 = termsFront("2026-01-15") + "## Cookies\n\nWe use few cookies.\n\n## Your data rights {#rights}\n\nYou have rights.\n\n## Contact \"us\"\n\nWrite to us.\n"
	terms2609 = termsFront("2026-09-01") + "## Cookies\n\nWe use few cookies.\n\n## Your data rights {#rights}\n\nYou have rights.\n\n## Contact \"us\"\n\nWrite to us, or call.\n"
)

func termsFront(date string) string {
	return "---\ntitle: Terms\nupdated: " + date + "\n---\n\n# Terms\n\nIntro.\n\n"
}

// versioned returns the policy of three versions, 2026-01-15 the newest.
func versioned(t *testing.T) *policy.Document {
	t.Helper()
	return loadTerms(t, fstest.MapFS{
		"terms.md":            {Data: []byte(terms2026)},
		"terms/2021-02-27.md": {Data: []byte(terms2021)},
		"terms/2024-06-01.md": {Data: []byte(terms2024)},
	})
}

// upcoming returns the policy of four versions, as loaded: 2026-09-01 is
// upcoming until that day.
func upcoming(t *testing.T) *policy.Document {
	t.Helper()
	return loadTerms(t, fstest.MapFS{
		"terms.md":            {Data: []byte(terms2609)},
		"terms/2021-02-27.md": {Data: []byte(terms2021)},
		"terms/2024-06-01.md": {Data: []byte(terms2024)},
		"terms/2026-01-15.md": {Data: []byte(terms2026)},
	})
}

func loadTerms(t *testing.T, fsys fstest.MapFS) *policy.Document {
	t.Helper()
	docs, err := markdown.Load(fsys, markdown.WithDay(day(t, "2026-03-01")))
	if err != nil {
		t.Fatal(err)
	}
	return docs[0]
}

func day(t *testing.T, s string) policy.Day {
	t.Helper()
	d, err := policy.ParseDay(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
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

// TestUpcomingNotice checks the policy's page and its embed page while a
// version is upcoming, and once it has taken effect.
func TestUpcomingNotice(t *testing.T) {
	terms := upcoming(t)
	for _, tc := range []struct {
		day           string
		notice, href  string // the notice's text and link; "" for none
		text, version string // words of the text shown, and the date shown
	}{
		{"2026-03-01", "This policy changes on 1 September 2026: see what changes.", "/legal/terms/compare/2026-01-15...2026-09-01", "Write to us.", "2026-01-15"},
		{"2026-08-31", "This policy changes on 1 September 2026: see what changes.", "/legal/terms/compare/2026-01-15...2026-09-01", "Write to us.", "2026-01-15"},
		{"2026-09-01", "", "", "Write to us, or call.", "2026-09-01"},
	} {
		site := NewSiteAt("/legal", []*policy.Document{terms}, day(t, tc.day))
		for _, p := range site.Pages() {
			if p.Path != "/terms" && p.Path != "/embed/terms" {
				continue
			}
			root := renderHTML(t, p.New())
			notices := byClass(root, "upcoming-notice")
			got, href := "", ""
			if len(notices) > 0 {
				got = strings.Join(strings.Fields(text(notices[0])), " ")
				if a := byTag(notices[0], "a"); len(a) == 1 {
					href = attr(a[0], "href")
				}
			}
			if len(notices) > 1 || got != tc.notice || href != tc.href {
				t.Errorf("%s as of %s: %d notices, %q linking to %q; want %q linking to %q", p.Path, tc.day, len(notices), got, href, tc.notice, tc.href)
			}
			body := text(byClass(root, "policy-body")[0])
			if !strings.Contains(body, tc.text) || (tc.text == "Write to us." && strings.Contains(body, "or call")) {
				t.Errorf("%s as of %s: the text is %q, want the version with %q", p.Path, tc.day, body, tc.text)
			}
			if got := attr(byTag(byClass(root, "policy-updated")[0], "time")[0], "datetime"); got != tc.version {
				t.Errorf("%s as of %s: dated %s, want %s", p.Path, tc.day, got, tc.version)
			}
		}
	}
	// A policy whose first version is announced says when it takes effect.
	first := loadTerms(t, fstest.MapFS{"terms.md": {Data: []byte(terms2609)}})
	root := renderHTML(t, &policyPage{Doc: first, Day: day(t, "2026-03-01")})
	if got := strings.Join(strings.Fields(text(byClass(root, "upcoming-notice")[0])), " "); got != "This policy takes effect on 1 September 2026." {
		t.Errorf("notice of an announced policy: %q", got)
	}
}

// TestSiteAsOf checks which version the site shows on each day, when it
// changes next, and that a client whose reader's clock is behind the
// versions it carries whole shows the oldest of those.
func TestSiteAsOf(t *testing.T) {
	terms := upcoming(t)
	for _, tc := range []struct{ day, version, next string }{
		{"2026-03-01", "2026-01-15", "2026-09-01"},
		{"2026-09-01", "2026-09-01", ""},
		{"2025-01-01", "2024-06-01", "2026-01-15"},
	} {
		site := NewSiteAt("", []*policy.Document{terms}, day(t, tc.day))
		if got := site.Docs[0].Version(); got != tc.version || site.Next.String() != tc.next {
			t.Errorf("as of %s: version %s, next %q; want %s, next %q", tc.day, got, site.Next, tc.version, tc.next)
		}
	}
	// As the client carries it, 2024 is abridged: a reader in 2025 sees
	// the oldest version it carries whole.
	carried := changes.Abridge([]*policy.Document{terms})
	site := NewSiteAt("", carried, day(t, "2025-01-01"))
	if got := site.Docs[0].Version(); got != "2026-01-15" || site.Docs[0].Abridged() {
		t.Errorf("the client as of 2025-01-01 shows %s (abridged %v), want 2026-01-15, whole", got, site.Docs[0].Abridged())
	}
	// The client mounts no page of versions.
	for _, p := range NewSiteAt("", []*policy.Document{terms}, day(t, "2026-03-01")).Pages() {
		versionsPage := strings.Contains(p.Path, "/v/") || strings.Contains(p.Path, "/compare/") || strings.HasSuffix(p.Path, "/versions")
		if p.NoClient != versionsPage {
			t.Errorf("%s: NoClient %v, want %v", p.Path, p.NoClient, versionsPage)
		}
	}
}

// TestClientLinksAreRouted checks that every link of a page of the client
// to a page of versions is among those that the client routes from the
// start (linkedVersionPaths), to load it from the server: the list of
// versions, the comparison of the notice of changes, of any version a
// reader may have last seen, and that of the notice of an upcoming
// version.
func TestClientLinksAreRouted(t *testing.T) {
	terms := upcoming(t)
	for _, d := range []string{"2026-03-01", "2026-09-01"} {
		site := NewSiteAt("", []*policy.Document{terms}, day(t, d))
		view := site.Docs[0]
		routed := linkedVersionPaths(view)
		for _, seen := range view.Versions {
			page := &policyPage{Doc: view, Day: site.Day, marks: marksBetween(seen, view)}
			for _, a := range byTag(renderHTML(t, page), "a") {
				href := attr(a, "href")
				if strings.Contains(href, "/compare/") || strings.HasSuffix(href, "/versions") {
					if !slices.Contains(routed, href) {
						t.Errorf("as of %s, a reader of %s: the link to %s is not routed from the start (%q)", d, seen.Version(), href, routed)
					}
				}
			}
		}
	}
}
