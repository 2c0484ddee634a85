//go:build !wasm

package main

// The browser test of versions: a reader reads version A of the privacy
// policy, the site publishes version B (A kept as policies/privacy/
// 2021-02-27.md, one section reworded and one added), and the reader comes
// back.

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/google/go-cmp/cmp"

	"github.com/seqeralabs/policy-widget/app/site"
	bt "github.com/seqeralabs/policy-widget/cmd/internal/browsertest"
)

const (
	// publishedB* are what version B changes: one section's text, and a
	// new section after it.
	publishedBChangedID = "how-do-we-store-your-data"
	publishedBAddedID   = "how-long-do-we-keep-your-data"
	publishedBOldText   = "Seqera securely stores your data in a private cloud storage solution."
	publishedBNewText   = "Seqera securely stores your data in an encrypted cloud storage solution in the European Union."
	publishedBSection   = "### How long do we keep your data?\n\nSeqera keeps your data while your account is open, and deletes it within 90 days of its closure.\n<br><br>\n\n"
	publishedBBefore    = "### What are your data protection rights?"

	// comparePathAB is the page of the changes from A to B.
	comparePathAB = "/privacy/compare/2021-02-27...2026-01-15"
)

// seenKey returns where the widget keeps the version of the privacy policy
// the reader last saw (app/ui/changed.go).
func seenKey() string { return site.StorageKey("seen", "", "privacy") }

// marked lists the headings of the page that carry data-changed, and the
// entries of its table of contents that do, as "id=status".
type marked struct {
	Headings, TOC []string
	Labels        []string // the visible labels of the marked headings
}

const markedJS = `({
	headings: [...document.querySelectorAll('article [data-changed]')].map((h) => h.id + '=' + h.dataset.changed),
	toc: [...document.querySelectorAll('nav#toc a[data-changed]')].map((a) => a.dataset.section + '=' + a.dataset.changed),
	labels: [...document.querySelectorAll('article [data-changed] .change-label')].map((l) => l.textContent),
})`

var wantMarked = marked{
	Headings: []string{publishedBChangedID + "=changed", publishedBAddedID + "=added"},
	TOC:      []string{publishedBChangedID + "=changed", publishedBAddedID + "=added"},
	Labels:   []string{"Updated", "New"},
}

// noticeB is the notice of the changes from A to B.
const noticeB = "2 sections changed since 27 February 2021"

// TestVersionsReturningReader reads version A, publishes version B and
// comes back with the same browser profile: exactly the changed and the
// added sections are marked, in the text and in the table of contents,
// the notice counts them and links to the compare page, which shows the
// changed words. A new reader of B sees no marks; offline, the marks and
// the compare page still work.
func TestVersionsReturningReader(t *testing.T) {
	binB := publishB(t)
	profile := t.TempDir()
	srvA := startServer(t)
	front := startFront(t, srvA)

	// The first browser runs in a subtest, so that it has closed when the
	// next one opens the profile.
	t.Run("version A", func(t *testing.T) {
		ctx := bt.NewBrowser(t, bt.Options{UserDataDir: profile})
		bt.Run(t, ctx, chromedp.Navigate(front.URL+"/privacy"))
		bt.WaitJS(t, ctx, mounted, 30*time.Second)
		if strings.Contains(bt.Eval[string](t, ctx, bodyText), publishedBNewText) {
			t.Fatal("version A already has version B's text: is POLICY_BIN a build of version B?")
		}
		checkNoMarks(t, ctx, "first visit")
		if got := bt.Eval[string](t, ctx, `JSON.parse(localStorage.getItem(`+jsString(seenKey())+`) ?? 'null')`); got != "2021-02-27" {
			t.Errorf("localStorage %s = %q, want the version read, 2021-02-27", seenKey(), got)
		}
		bt.WaitJS(t, ctx, workerReady(), 30*time.Second)
	})
	if t.Failed() {
		return
	}
	// Version B is published at the same address.
	srvB := bt.StartServer(t, binB, "serve")
	front.Forward(srvB.URL)
	srvA.Stop()

	ctx := bt.NewBrowser(t, bt.Options{UserDataDir: profile})
	t.Run("returning reader", func(t *testing.T) {
		bt.Run(t, ctx, chromedp.Navigate(front.URL+"/privacy"))
		bt.WaitJS(t, ctx, mounted, 30*time.Second)
		if !strings.Contains(bt.Eval[string](t, ctx, bodyText), publishedBNewText) {
			t.Fatal("the page is not version B")
		}
		checkMarks(t, ctx, "returning reader")
		if got := bt.Eval[string](t, ctx, `JSON.parse(localStorage.getItem(`+jsString(seenKey())+`) ?? 'null')`); got != "2026-01-15" {
			t.Errorf("localStorage %s = %q, want the version now read, 2026-01-15", seenKey(), got)
		}
		// A reload in the same tab keeps the marks of the visit.
		bt.Run(t, ctx, chromedp.Reload())
		bt.WaitJS(t, ctx, mounted, 30*time.Second)
		checkMarks(t, ctx, "after a reload")
	})

	t.Run("show changes", func(t *testing.T) {
		// The compare page is the server's: the link loads it whole.
		bt.Run(t, ctx, chromedp.Click(chromedp.CSS(".changes-notice a.changes-link")))
		bt.WaitJS(t, ctx, loadedServerPage(comparePathAB)+` && document.querySelector('.compare-body') !== null`, 30*time.Second)
		checkCompareAB(t, ctx, "online")
	})

	t.Run("new reader", func(t *testing.T) {
		ctx := bt.NewBrowser(t, bt.Options{})
		bt.Run(t, ctx, chromedp.Navigate(front.URL+"/privacy"))
		bt.WaitJS(t, ctx, mounted, 30*time.Second)
		checkNoMarks(t, ctx, "a new reader of version B")
		if errs := bt.ConsoleErrors(ctx); len(errs) > 0 {
			t.Errorf("console errors: %q", errs)
		}
	})

	t.Run("offline", func(t *testing.T) {
		// Version B's worker keeps every page, the compare page included.
		bt.WaitJS(t, ctx, workerReady(), 30*time.Second)
		bt.WaitJS(t, ctx, `(async () => {
			const cache = await caches.open(await `+pageCacheName()+`);
			return (await cache.keys()).some((r) => new URL(r.url).pathname === `+jsString(comparePathAB)+`);
		})()`, 30*time.Second)
		front.Down()
		srvB.Stop()

		bt.Run(t, ctx, chromedp.Navigate(front.URL+"/privacy"))
		bt.WaitJS(t, ctx, mounted, 30*time.Second)
		if got := bt.Eval[string](t, ctx, offlineCopy); got != "offline" {
			t.Errorf("data-offline-copy = %q, want offline (served from the cache)", got)
		}
		checkMarks(t, ctx, "offline")

		bt.Run(t, ctx, chromedp.Navigate(front.URL+comparePathAB))
		bt.WaitJS(t, ctx, loadedServerPage(comparePathAB)+` && document.querySelector('.compare-body') !== null`, 30*time.Second)
		if got := bt.Eval[string](t, ctx, offlineCopy); got != "offline" {
			t.Errorf("compare page: data-offline-copy = %q, want offline", got)
		}
		checkCompareAB(t, ctx, "offline")
	})
	if errs := bt.ConsoleErrors(ctx); len(errs) > 0 {
		t.Errorf("console errors: %q", errs)
	}
}

// loadedServerPage is true once the page at path, a page of versions,
// which the client does not mount, is the document on screen, loaded as a
// whole, and it has no client.
func loadedServerPage(path string) string {
	return `(location.pathname === ` + jsString(path) + ` && performance.getEntriesByType('navigation')[0]?.name.endsWith(` + jsString(path) + `) &&
		document.readyState === 'complete' && typeof Go === 'undefined' && !document.querySelector('[` + site.MountedAttr + `]'))`
}

// checkNoMarks checks that the policy on screen has no marks and no notice.
func checkNoMarks(t *testing.T, ctx context.Context, when string) {
	t.Helper()
	if diff := cmp.Diff(marked{Headings: []string{}, TOC: []string{}, Labels: []string{}}, bt.Eval[marked](t, ctx, markedJS)); diff != "" {
		t.Errorf("%s: marked sections (-want +got):\n%s", when, diff)
	}
	if n := bt.Eval[int](t, ctx, `document.querySelectorAll('.changes-notice').length`); n != 0 {
		t.Errorf("%s: %d notices of changes, want none", when, n)
	}
}

// compareSection is one section of a compare page.
type compareSection struct {
	ID, Status, Heading string
	Ins, Del            []string
}

// checkCompareAB checks the compare page of A and B: its two sections,
// the changed words of one as <ins> and <del>, the other all new, and its
// table of contents of those two.
func checkCompareAB(t *testing.T, ctx context.Context, when string) {
	t.Helper()
	got := bt.Eval[[]compareSection](t, ctx, `[...document.querySelectorAll('.compare-body .diff-section')].map((s) => {
		const h = s.querySelector('h2');
		const words = (sel) => [...s.querySelectorAll('.diff-text ' + sel)].map((e) => e.textContent.replace(/^\[(inserted|deleted): |\]$/g, '').trim());
		return {id: h.id, status: s.dataset.status, heading: h.textContent, ins: words('ins'), del: words('del')};
	})`)
	if len(got) != 2 {
		t.Fatalf("%s: the compare page has %d sections, want 2: %+v", when, len(got), got)
	}
	changed, added := got[0], got[1]
	if changed.ID != publishedBChangedID || changed.Status != "changed" ||
		!slices.ContainsFunc(changed.Del, func(s string) bool { return strings.Contains(s, "private") }) ||
		!slices.ContainsFunc(changed.Ins, func(s string) bool { return strings.Contains(s, "encrypted") }) ||
		!slices.ContainsFunc(changed.Ins, func(s string) bool { return strings.Contains(s, "European Union") }) {
		t.Errorf("%s: the changed section is %+v; want #%s, changed, with \"private\" deleted and \"encrypted\" and \"European Union\" inserted", when, changed, publishedBChangedID)
	}
	if added.ID != publishedBAddedID || added.Status != "added" || len(added.Del) != 0 || len(added.Ins) != 1 ||
		!strings.Contains(added.Ins[0], "90 days") || !strings.Contains(added.Heading, "new") {
		t.Errorf("%s: the added section is %+v; want #%s, added, all its text inserted, its heading saying new", when, added, publishedBAddedID)
	}
	toc := bt.Eval[[]string](t, ctx, `[...document.querySelectorAll('nav#toc a')].map((a) => a.getAttribute('href'))`)
	if diff := cmp.Diff([]string{"#" + publishedBChangedID, "#" + publishedBAddedID}, toc); diff != "" {
		t.Errorf("%s: the compare page's table of contents (-want +got):\n%s", when, diff)
	}
	// Readable without colour: the words say what they are.
	if got := bt.Eval[string](t, ctx, `document.querySelector('.compare-body del')?.textContent ?? ''`); !strings.HasPrefix(got, "[deleted: ") {
		t.Errorf("%s: a deletion reads %q, want it to start with [deleted: ", when, got)
	}
}

// viewedProbe records, in the host page, every policy:viewed event that
// reaches its document.
const viewedProbe = `if (window.top === window) {
	window.__viewed = [];
	document.addEventListener('policy:viewed', (e) => window.__viewed.push({target: e.target.tagName, detail: e.detail}));
}`

// TestVersionsEmbedSince embeds version B in a host page that passes
// data-since="2021-02-27", the version its user accepted: the frame marks
// the sections changed since, and the host page gets a policy:viewed event
// with the version shown.
func TestVersionsEmbedSince(t *testing.T) {
	binB := publishB(t)
	host, srv := startEmbed(t, binB)
	ctx := bt.NewBrowser(t, bt.Options{})
	installEmbedProbe(t, ctx)
	bt.Run(t, ctx, chromedp.Func(func(ctx context.Context, tgt *chromedp.Target) error {
		_, err := cdp.Call(ctx, tgt, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: viewedProbe})
		return err
	}))

	bt.Run(t, ctx, chromedp.Navigate(host.URL+"/since.html"))
	bt.WaitJS(t, ctx, `window.__viewed.length > 0`, 30*time.Second)
	if got := bt.Eval[string](t, ctx, `__probe.frames()[0].src`); !strings.HasSuffix(got, "/embed/privacy?toc=1&theme=light&since=2021-02-27") {
		t.Errorf("frame src %q, want /embed/privacy?toc=1&theme=light&since=2021-02-27 (the host is light)", got)
	}
	type viewed struct {
		Target string
		Detail struct {
			Policy, Version, Since string
			Changed                int
		}
	}
	events := bt.Eval[[]viewed](t, ctx, `window.__viewed`)
	want := viewed{Target: "POLICY-WIDGET"}
	want.Detail.Policy, want.Detail.Version, want.Detail.Since, want.Detail.Changed = "privacy", "2026-01-15", "2021-02-27", 2
	if diff := cmp.Diff([]viewed{want}, events); diff != "" {
		t.Errorf("policy:viewed events in the host (-want +got):\n%s", diff)
	}

	got := embedFrameEval[marked](t, ctx, 0, markedJS)
	if diff := cmp.Diff(wantMarked, got); diff != "" {
		t.Errorf("marked sections in the frame (-want +got):\n%s", diff)
	}
	type notice struct{ Summary, Href, Target string }
	n := embedFrameEval[notice](t, ctx, 0, `({
		summary: document.querySelector('.changes-notice .changes-summary')?.textContent ?? '',
		href: document.querySelector('.changes-notice a.changes-link')?.getAttribute('href') ?? '',
		target: document.querySelector('.changes-notice a.changes-link')?.target ?? '',
	})`)
	if !strings.HasPrefix(n.Summary, noticeB) || n.Href != comparePathAB || n.Target != "_blank" {
		t.Errorf("the frame's notice: %+v; want %q and a link to %s in a new tab", n, noticeB, comparePathAB)
	}
	// data-since is the app's memory, not the frame's: nothing stored.
	if got := embedFrameEval[string](t, ctx, 0, `localStorage.getItem(`+jsString(seenKey())+`) ?? ''`); got != "" {
		t.Errorf("with data-since, the frame stored %s = %q", seenKey(), got)
	}
	embedCheckFit(t, ctx, 0)
	if v := bt.Eval[[]string](t, ctx, `__probe.violations`); len(v) > 0 {
		t.Errorf("CSP violations in the host: %q", v)
	}
	if bad := bt.Eval[[]string](t, ctx, `__probe.messages.filter((m) => m.type === '`+site.FrameViewed+`' && m.origin !== `+fmt.Sprintf("%q", srv.URL)+`).map((m) => m.origin)`); len(bad) > 0 {
		t.Errorf("policy:viewed messages from %q", bad)
	}
}
