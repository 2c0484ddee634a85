//go:build !wasm

package main

import (
	"context"
	"fmt"
	"regexp"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	bt "github.com/seqeralabs/policy-widget/cmd/internal/browsertest"
)

// TestA11yAxe runs axe-core (WCAG 2.0, 2.1 and 2.2 A and AA, and the best
// practices) on /privacy and / once the WebAssembly has mounted, at desktop
// (1280×900) and mobile (390×844) sizes, in the light and the dark theme:
// eight runs that must find nothing. The theme changes in place, by
// emulating prefers-color-scheme. On mobile axe also runs with the "On this
// page" list open. The desktop run checks the page shell as well: language,
// landmarks, skip link and a viewport that allows zooming.
func TestA11yAxe(t *testing.T) {
	srv := startServer(t)
	configs := []struct {
		name string
		opts bt.Options
	}{
		{"desktop", bt.Options{Width: 1280, Height: 900}},
		{"mobile", bt.Options{Mobile: true}},
	}
	for _, c := range configs {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			browserCtx := bt.NewBrowser(t, c.opts)
			for i, path := range []string{"/privacy", "/"} {
				ctx := browserCtx
				if i > 0 {
					ctx = bt.NewTab(t, browserCtx)
				}
				bt.Run(t, ctx, chromedp.Navigate(srv.URL+path))
				bt.WaitJS(t, ctx, navReady+" && "+mounted, 60*time.Second)
				for _, theme := range []struct{ scheme, bg string }{{"light", "rgb(255, 255, 255)"}, {"dark", "rgb(19, 17, 24)"}} {
					what := fmt.Sprintf("%s %s %s", c.name, path, theme.scheme)
					a11yColorScheme(t, ctx, theme.scheme)
					if got := bt.Eval[string](t, ctx, `getComputedStyle(document.body).backgroundColor`); got != theme.bg {
						t.Errorf("%s: background %s, want %s", what, got, theme.bg)
					}
					if vs := bt.Axe(t, ctx); len(vs) > 0 {
						t.Errorf("%s: axe found %d violations:\n%s", what, len(vs), bt.FormatViolations(vs))
					}
					if c.opts.Mobile && path == "/privacy" {
						bt.Run(t, ctx, chromedp.Click(chromedp.CSS("nav#toc .toc-toggle")))
						bt.WaitJS(t, ctx, `document.getElementById('toc-panel').getClientRects().length > 0`, 5*time.Second)
						if vs := bt.Axe(t, ctx); len(vs) > 0 {
							t.Errorf("%s, the list open: axe found %d violations:\n%s", what, len(vs), bt.FormatViolations(vs))
						}
						bt.Run(t, ctx, chromedp.KeyEvent(kb.Escape))
					}
				}
				if !c.opts.Mobile {
					a11yCheckShell(t, ctx, path)
				}
				navNoConsoleErrors(t, ctx)
			}
		})
	}
}

// a11yColorScheme emulates prefers-color-scheme: scheme on the tab ctx.
func a11yColorScheme(t *testing.T, ctx context.Context, scheme string) {
	t.Helper()
	bt.Run(t, ctx, chromedp.Func(func(ctx context.Context, tgt *chromedp.Target) error {
		_, err := cdp.Call(ctx, tgt, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
			Features: []*emulation.MediaFeature{
				{Name: "prefers-color-scheme", Value: scheme},
				{Name: "prefers-reduced-motion", Value: "no-preference"},
			},
		})
		return err
	}))
}

// a11yZoomBlocked matches what keeps readers from zooming.
var a11yZoomBlocked = regexp.MustCompile(`(?i)maximum-scale|user-scalable\s*=\s*(0|no)`)

// checkShell checks the page shell of path on the tab ctx.
func a11yCheckShell(t *testing.T, ctx context.Context, path string) {
	t.Helper()
	type shell struct {
		Lang, ArticleLang    string
		Banners, Mains, Navs int
		NavName              string
		FirstFocusable       string
		Viewport, Served     string
	}
	s := bt.Eval[shell](t, ctx, `(async () => {
		const top = sel => [...document.querySelectorAll(sel)].filter(e => !e.parentElement.closest('article, aside, main, nav, section'));
		const nav = document.querySelector('nav[aria-labelledby]');
		const focusable = [...document.querySelectorAll('a[href], button, input, select, textarea, [tabindex]')].filter(e => e.tabIndex >= 0 && e.getClientRects().length > 0);
		const served = await fetch(location.pathname).then(r => r.text());
		return {
			lang: document.documentElement.lang,
			articleLang: document.querySelector('article')?.lang ?? '',
			banners: top('header').length,
			mains: document.querySelectorAll('main').length,
			navs: document.querySelectorAll('nav').length,
			navName: nav ? document.getElementById(nav.getAttribute('aria-labelledby')).textContent : '',
			firstFocusable: focusable[0].className + ' ' + focusable[0].getAttribute('href'),
			viewport: document.querySelector('meta[name="viewport"]').content,
			served: (served.match(/<meta[^>]*name="viewport"[^>]*>/) || [''])[0],
		};
	})()`)
	if s.Lang != "en" {
		t.Errorf("%s: <html lang=%q>, want the policy's en", path, s.Lang)
	}
	if s.Banners != 1 || s.Mains != 1 {
		t.Errorf("%s: %d banner headers and %d main, want one of each", path, s.Banners, s.Mains)
	}
	if s.FirstFocusable != "skip-link #main" {
		t.Errorf("%s: first focusable element is %q, want the skip link to #main", path, s.FirstFocusable)
	}
	if path == "/privacy" && (s.ArticleLang != "en" || s.Navs != 1 || s.NavName != "On this page") {
		t.Errorf("%s: article lang %q, %d nav named %q; want en, one nav named \"On this page\"", path, s.ArticleLang, s.Navs, s.NavName)
	}
	if s.Served == "" || a11yZoomBlocked.MatchString(s.Served) || a11yZoomBlocked.MatchString(s.Viewport) || !regexp.MustCompile(`width=device-width`).MatchString(s.Viewport) {
		t.Errorf("%s: viewport meta served %q, in the document %q: want width=device-width and no zoom limit", path, s.Served, s.Viewport)
	}
}

// TestA11yVersions runs axe-core on the pages of versions, with version B
// of the privacy policy published (versions_browser_test.go): the list of
// versions, an earlier version's page, the policy marked for a reader of
// version A (its notice shown), and the compare page, at desktop and
// mobile sizes, in the light and the dark theme. The pages of versions
// are the server's, which the client does not mount.
func TestA11yVersions(t *testing.T) {
	srv := bt.StartServer(t, publishB(t), "serve")
	for _, c := range []struct {
		name string
		opts bt.Options
	}{
		{"desktop", bt.Options{Width: 1280, Height: 900}},
		{"mobile", bt.Options{Mobile: true}},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			ctx := bt.NewBrowser(t, c.opts)
			for _, path := range []string{"/privacy/versions", "/privacy/v/2021-02-27", "/privacy", comparePathAB} {
				bt.Run(t, ctx, chromedp.Navigate(srv.URL+path))
				if path == "/privacy" {
					// A reader who read version A.
					bt.Eval[bool](t, ctx, `(localStorage.setItem(`+jsString(seenKey())+`, '"2021-02-27"'), sessionStorage.clear(), true)`)
					bt.Run(t, ctx, chromedp.Reload())
				}
				if path == "/privacy" {
					bt.WaitJS(t, ctx, mounted, 60*time.Second)
					checkMarks(t, ctx, c.name)
				} else {
					// A page of versions: the server's, with no client.
					bt.WaitJS(t, ctx, loadedServerPage(path), 60*time.Second)
				}
				for _, scheme := range []string{"light", "dark"} {
					a11yColorScheme(t, ctx, scheme)
					if vs := bt.Axe(t, ctx); len(vs) > 0 {
						t.Errorf("%s %s %s: axe found %d violations:\n%s", c.name, path, scheme, len(vs), bt.FormatViolations(vs))
					}
				}
				navNoConsoleErrors(t, ctx)
			}
		})
	}
}
