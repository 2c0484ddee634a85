//go:build !wasm

package main

// The browser test of an upcoming version: the site publishes version B of
// the privacy policy long before it takes effect (announceB). Readers see
// version A with a notice of the change, which links to the comparison;
// once the reader's date has come, the page shows B, offline too, with no
// server; and `policy serve -at` shows B at once.

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/seqeralabs/policy-widget/app/site"
	bt "github.com/seqeralabs/policy-widget/cmd/internal/browsertest"
)

const (
	// upcomingDate is the date of the announced version B: a day that
	// comes long after these tests are written.
	upcomingDate = "2099-01-01"
	// comparePathAU is the comparison of A, in effect, with B, upcoming.
	comparePathAU = "/privacy/compare/2021-02-27...2099-01-01"
	// versionPathA is the permanent page of A, which the server renders
	// when it is asked for (only the pages that every reader needs are
	// rendered at start, and precached).
	versionPathA = "/privacy/v/2021-02-27"
	// upcomingNoticeText is the notice of the change on the policy's page.
	upcomingNoticeText = "This policy changes on 1 January 2099: see what changes."
)

// noticeJS reads the notice of an upcoming version: its text and the
// target of its link.
const noticeJS = `({
	text: (document.querySelector('.upcoming-notice')?.textContent ?? '').replace(/\s+/g, ' ').trim(),
	href: document.querySelector('.upcoming-notice a')?.getAttribute('href') ?? '',
})`

type upcomingNotice struct{ Text, Href string }

// shiftClock moves the clock of every document that the tab loads from
// now on to noon UTC of day: Go's WebAssembly reads the time, and the
// time zone, through JavaScript's Date. Only the page's clock moves: the
// browser's, the service worker's and the server's do not.
func shiftClock(t *testing.T, ctx context.Context, day string) {
	t.Helper()
	script := `(() => {
		const RealDate = Date;
		const shift = RealDate.parse(` + jsString(day+"T12:00:00Z") + `) - RealDate.now();
		class ShiftedDate extends RealDate {
			constructor(...args) { args.length ? super(...args) : super(RealDate.now() + shift); }
			static now() { return RealDate.now() + shift; }
		}
		globalThis.Date = ShiftedDate;
	})()`
	bt.Run(t, ctx, chromedp.Func(func(ctx context.Context, tgt *chromedp.Target) error {
		_, err := cdp.Call(ctx, tgt, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: script})
		return err
	}))
}

// TestUpcomingVersion reads the privacy policy while version B is
// announced, follows the notice to the comparison, opens a page that the
// server renders on request, then comes back offline on B's date.
func TestUpcomingVersion(t *testing.T) {
	srv := bt.StartServer(t, announceB(t), "serve")
	front := startFront(t, srv)
	ctx := bt.NewBrowser(t, bt.Options{UserDataDir: t.TempDir()})

	t.Run("notice", func(t *testing.T) {
		bt.Run(t, ctx, chromedp.Navigate(front.URL+"/privacy"))
		// The server's page says it, and so does the client's once mounted.
		if got := bt.Eval[upcomingNotice](t, ctx, noticeJS); got.Text != upcomingNoticeText || got.Href != comparePathAU {
			t.Errorf("the page as served: notice %+v, want %q linking to %s", got, upcomingNoticeText, comparePathAU)
		}
		bt.WaitJS(t, ctx, mounted, 30*time.Second)
		if got := bt.Eval[upcomingNotice](t, ctx, noticeJS); got.Text != upcomingNoticeText || got.Href != comparePathAU {
			t.Errorf("the page mounted: notice %+v, want %q linking to %s", got, upcomingNoticeText, comparePathAU)
		}
		if text := bt.Eval[string](t, ctx, bodyText); !strings.Contains(text, publishedBOldText) || strings.Contains(text, publishedBNewText) {
			t.Errorf("before its date, the page is not version A")
		}
		if got := bt.Eval[string](t, ctx, `document.querySelector('.policy-updated time')?.getAttribute('datetime') ?? ''`); got != "2021-02-27" {
			t.Errorf("the page is dated %q, want the version in effect, 2021-02-27", got)
		}
		// The notice leads to the comparison, the server's page, loaded whole.
		bt.Run(t, ctx, chromedp.Click(chromedp.CSS(".upcoming-notice a")))
		bt.WaitJS(t, ctx, loadedServerPage(comparePathAU)+` && document.querySelector('.compare-body') !== null`, 30*time.Second)
		checkCompareAB(t, ctx, "the comparison with the upcoming version")
	})

	t.Run("a page rendered on request", func(t *testing.T) {
		bt.WaitJS(t, ctx, workerReady(), 30*time.Second)
		inCache := `(async () => {
			const cache = await caches.open(await ` + pageCacheName() + `);
			return (await cache.keys()).some((r) => new URL(r.url).pathname === ` + jsString(versionPathA) + `);
		})()`
		if bt.Eval[bool](t, ctx, inCache) {
			t.Fatalf("%s is precached: only the pages that every reader needs are", versionPathA)
		}
		bt.Run(t, ctx, chromedp.Navigate(front.URL+versionPathA))
		bt.WaitJS(t, ctx, loadedServerPage(versionPathA), 30*time.Second)
		if text := bt.Eval[string](t, ctx, bodyText); !strings.Contains(text, "This is the version in effect") {
			t.Errorf("%s does not say it is the version in effect", versionPathA)
		}
		// The worker keeps the pages it fetched, for offline reading.
		bt.WaitJS(t, ctx, inCache, 30*time.Second)
	})

	t.Run("on the reader's date, offline", func(t *testing.T) {
		front.Down()
		srv.Stop()
		shiftClock(t, ctx, "2099-01-02")
		// The saved copy of the page is version A's, with the notice; the
		// client, which carries both texts, shows B.
		bt.Run(t, ctx, chromedp.Navigate(front.URL+"/privacy"))
		bt.WaitJS(t, ctx, mounted, 30*time.Second)
		if got := bt.Eval[string](t, ctx, offlineCopy); got != "offline" {
			t.Errorf("data-offline-copy = %q, want offline (served from the cache)", got)
		}
		waitText(t, ctx, classes(site.OfflineNoticeClass), "You are offline. Showing the version of 1 January 2099.", "on B's date")
		if text := bt.Eval[string](t, ctx, bodyText); !strings.Contains(text, publishedBNewText) || strings.Contains(text, publishedBOldText) {
			t.Errorf("on the reader's date, offline, the page is not version B")
		}
		if got := bt.Eval[upcomingNotice](t, ctx, noticeJS); got.Text != "" {
			t.Errorf("on the reader's date, the notice of the change is still there: %+v", got)
		}
		if got := bt.Eval[string](t, ctx, `document.querySelector('.policy-updated time')?.getAttribute('datetime') ?? ''`); got != upcomingDate {
			t.Errorf("the page is dated %q, want %s", got, upcomingDate)
		}
		// The reader, who read A, is told what changed.
		if got := bt.Eval[string](t, ctx, `document.querySelector('.changes-notice .changes-summary')?.textContent ?? ''`); !strings.HasPrefix(got, noticeB) {
			t.Errorf("the notice of changes says %q, want %q", got, noticeB)
		}
		// The page rendered on request reads offline too.
		bt.Run(t, ctx, chromedp.Navigate(front.URL+versionPathA))
		bt.WaitJS(t, ctx, loadedServerPage(versionPathA)+` && `+offlineCopy+` === '`+site.ReasonOffline+`'`, 30*time.Second)
	})
	if errs := bt.ConsoleErrors(ctx); len(errs) > 0 {
		t.Errorf("console errors: %q", errs)
	}
}

// TestUpcomingAt serves the site of announced version B with -at its date:
// the server's page and the client's show B, whatever the reader's date.
func TestUpcomingAt(t *testing.T) {
	srv := bt.StartServer(t, announceB(t), "serve", "-at", upcomingDate)
	ctx := bt.NewBrowser(t, bt.Options{})
	bt.Run(t, ctx, chromedp.Navigate(srv.URL+"/privacy"))
	check := func(when string) {
		t.Helper()
		if text := bt.Eval[string](t, ctx, bodyText); !strings.Contains(text, publishedBNewText) || strings.Contains(text, publishedBOldText) {
			t.Errorf("%s: with -at %s, the page is not version B", when, upcomingDate)
		}
		if got := bt.Eval[upcomingNotice](t, ctx, noticeJS); got.Text != "" {
			t.Errorf("%s: with -at %s, a notice of a change: %+v", when, upcomingDate, got)
		}
	}
	check("as served")
	bt.WaitJS(t, ctx, mounted, 30*time.Second)
	check("mounted")
	if errs := bt.ConsoleErrors(ctx); len(errs) > 0 {
		t.Errorf("console errors: %q", errs)
	}
}
