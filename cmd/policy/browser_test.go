//go:build !wasm

package main

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/seqeralabs/policy-widget/app/site"
	bt "github.com/seqeralabs/policy-widget/cmd/internal/browsertest"
)

func TestBrowserPolicyPage(t *testing.T) {
	srv := startServer(t)
	ctx := bt.NewBrowser(t, bt.Options{})
	bt.Run(t, ctx, chromedp.Navigate(srv.URL+"/privacy"))
	bt.WaitJS(t, ctx, mounted, 30*time.Second)

	if got, want := bt.Eval[string](t, ctx, `document.querySelector('h1').textContent`), "Privacy policy"; got != want {
		t.Errorf("h1 = %q, want %q", got, want)
	}
	if got := bt.Eval[int](t, ctx, `document.querySelectorAll('h1').length`); got != 1 {
		t.Errorf("%d h1 elements, want 1", got)
	}
	if got, want := bt.Eval[string](t, ctx, `document.title`), "Privacy Policy · Seqera Legal"; got != want {
		t.Errorf("title = %q, want %q", got, want)
	}
	toc := bt.Eval[[]string](t, ctx, `[...document.querySelectorAll('nav#toc a')].map(a => a.getAttribute('href'))`)
	if len(toc) != 13 || toc[7] != "#cookies" {
		t.Errorf("TOC links = %q, want 13 with #cookies eighth", toc)
	}
	// Every TOC link leads to a heading of the article.
	if missing := bt.Eval[[]string](t, ctx, `[...document.querySelectorAll('nav#toc a')].map(a => a.hash.slice(1)).filter(id => !document.getElementById(id)?.matches('article h2, article h3'))`); len(missing) > 0 {
		t.Errorf("TOC links without a heading: %q", missing)
	}
	if got := bt.Eval[string](t, ctx, `document.querySelector('nav#toc').getAttribute('aria-labelledby')`); got == "" {
		t.Error("the TOC nav has no accessible name")
	}
	if got := bt.Eval[string](t, ctx, `[...document.querySelectorAll('article strong')].map(s => s.textContent).join('|')`); !strings.Contains(got, "Functionality") {
		t.Errorf("bold text = %q, want Functionality in it", got)
	}
	if got := bt.Eval[string](t, ctx, `document.querySelector('article').innerText`); !strings.Contains(got, "Carrer de Marià Aguiló, 28") {
		t.Errorf("the article lacks the policy's last paragraph")
	}
	if errs := bt.ConsoleErrors(ctx); len(errs) > 0 {
		t.Errorf("console errors: %q", errs)
	}
}

// TestBrowserDeepLink loads /privacy#how-to-manage-cookies and checks that
// the heading is at the top of the viewport, just below the sticky header,
// both on the prerendered page and once the WebAssembly has mounted.
func TestBrowserDeepLink(t *testing.T) {
	srv := startServer(t)
	ctx := bt.NewBrowser(t, bt.Options{Width: 1280, Height: 800})
	bt.Run(t, ctx, chromedp.Navigate(srv.URL+"/privacy#how-to-manage-cookies"))
	const place = `(() => {
		const h = document.getElementById('how-to-manage-cookies').getBoundingClientRect();
		const header = document.querySelector('.site-header').getBoundingClientRect();
		return {top: h.top, bottom: h.bottom, headerBottom: header.bottom, scrollY: window.scrollY};
	})()`
	type placement struct{ Top, Bottom, HeaderBottom, ScrollY float64 }
	check := func(when string) {
		t.Helper()
		p := bt.Eval[placement](t, ctx, place)
		if p.ScrollY == 0 || p.Top < p.HeaderBottom || p.Top > p.HeaderBottom+40 {
			t.Errorf("%s: heading top at %.0fpx, header bottom at %.0fpx (scrollY %.0f); want the heading just below the header", when, p.Top, p.HeaderBottom, p.ScrollY)
		}
	}
	bt.WaitJS(t, ctx, `document.readyState === 'complete'`, 10*time.Second)
	waitScrollSettled(t, ctx)
	check("prerendered")
	bt.WaitJS(t, ctx, mounted, 30*time.Second)
	waitScrollSettled(t, ctx)
	check("after the WebAssembly mounted")
}

// TestBrowserNotFound loads a path that names no page: the client mounts
// the site's not-found page on it (routed by its path at start, without a
// regular expression), and later, once the page has mounted, a link to
// another such path loads it from the server (as any path that the client
// does not mount, such as a page of versions), which answers with the
// same page, never go-app's own.
func TestBrowserNotFound(t *testing.T) {
	srv := startServer(t)
	ctx := bt.NewBrowser(t, bt.Options{})
	bt.Run(t, ctx, chromedp.Navigate(srv.URL+"/no-such-policy"))
	bt.WaitJS(t, ctx, mounted, 30*time.Second)
	if got, want := bt.Eval[string](t, ctx, `document.querySelector('.not-found h1')?.textContent ?? ''`), "Page not found"; got != want {
		t.Errorf("h1 on load = %q, want %q", got, want)
	}

	bt.Run(t, ctx, chromedp.Navigate(srv.URL+"/privacy"))
	bt.WaitJS(t, ctx, mounted, 30*time.Second)
	// The not-found page of every other path is routed after the mount
	// (notFoundDelay in main_wasm.go): follow a link once it is.
	bt.WaitJS(t, ctx, `document.documentElement.getAttribute('`+site.RoutedAttr+`') === '`+site.RoutedValue+`'`, 10*time.Second)
	bt.Eval[bool](t, ctx, `(() => {
		const a = document.createElement('a');
		a.href = '/another-missing-page';
		a.textContent = 'missing';
		document.querySelector('article').append(a);
		a.click();
		return true;
	})()`)
	bt.WaitJS(t, ctx, `location.pathname === '/another-missing-page' && performance.getEntriesByType('navigation')[0].name.endsWith('/another-missing-page') && `+
		mounted+` && document.querySelector('.not-found h1')?.textContent === 'Page not found'`, 20*time.Second)
	if got := bt.Eval[int](t, ctx, `document.querySelectorAll('.goapp-app-info').length`); got != 0 {
		t.Error("go-app's own not-found page is on screen")
	}
	if errs := bt.ConsoleErrors(ctx); len(errs) > 0 {
		t.Errorf("console errors: %q", errs)
	}
}
