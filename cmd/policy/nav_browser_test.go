//go:build !wasm

package main

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/fetch"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/seqeralabs/policy-widget/app/site"
	bt "github.com/seqeralabs/policy-widget/cmd/internal/browsertest"
)

// The browser tests of section navigation (web/nav.js and the components of
// app/ui). Most run twice: on the prerendered page alone (?wasm=false keeps
// go-app from loading the WebAssembly), and once the WebAssembly has
// replaced it with the DOM it builds, with go-app's own click and popstate
// handlers in place.

// navMode is a way to load a page: prerendered only, or mounted by the
// WebAssembly client.
type navMode struct {
	name  string
	query string // added to the path
	ready string // true once the page is ready
}

var (
	navPrerendered = navMode{"prerendered", "?wasm=false", navReady}
	navWasm        = navMode{"mounted", "", navReady + ` && ` + mounted}
	navModes       = []navMode{navPrerendered, navWasm}
)

// navOpen loads path#fragment (fragment may be "") in mode m on the tab ctx,
// and waits until the page is ready and still.
func navOpen(t *testing.T, ctx context.Context, base, path string, m navMode, fragment string) {
	t.Helper()
	u := base + path + m.query
	if fragment != "" {
		u += "#" + fragment
	}
	// From another document, so that a new fragment loads the page anew.
	bt.Run(t, ctx, chromedp.Navigate("about:blank"), chromedp.Navigate(u))
	bt.WaitJS(t, ctx, m.ready, 40*time.Second)
	waitScrollSettled(t, ctx)
}

// navLanding is where a section heading is after a navigation, and what the
// page says about it.
type navLanding struct {
	Top, Bottom float64 // the heading's edges in the viewport
	Sticky      float64 // the bottom of the sticky parts above the heading
	InnerHeight float64
	ScrollY     float64
	MaxScroll   float64
	Hash        string
	Focus       string   // the id of the focused element, or its tag
	Current     []string // the hashes of the TOC links with aria-current="location"
	ActiveClass []string // the hashes of the TOC links with the class is-active
}

// navLandingJS measures the heading with the id in the argument.
const navLandingJS = `((id) => {
	const h = document.getElementById(id);
	const r = h.getBoundingClientRect();
	let sticky = 0;
	for (const e of document.querySelectorAll('.site-header, .sidebar, .toc')) {
		const s = e.getBoundingClientRect();
		if (getComputedStyle(e).position === 'sticky' && s.width > 0 && s.left < r.right && s.right > r.left) {
			sticky = Math.max(sticky, s.bottom);
		}
	}
	const a = document.activeElement;
	const links = [...document.querySelectorAll('nav.toc a.toc-link')];
	return {
		top: r.top, bottom: r.bottom, sticky, innerHeight,
		scrollY, maxScroll: document.documentElement.scrollHeight - innerHeight,
		hash: location.hash,
		focus: a ? (a.id || a.tagName.toLowerCase()) : '',
		current: links.filter(l => l.getAttribute('aria-current') === 'location').map(l => l.hash),
		activeClass: links.filter(l => l.classList.contains('is-active')).map(l => l.hash),
	};
})`

func navMeasure(t *testing.T, ctx context.Context, id string) navLanding {
	t.Helper()
	return bt.Eval[navLanding](t, ctx, navLandingJS+fmt.Sprintf("(%q)", id))
}

// navCheckLanded checks that the section id is in view just below the sticky
// header, that the URL names it, that it is the active entry of the table
// of contents and, when focus is set, that it has keyboard focus.
func navCheckLanded(t *testing.T, ctx context.Context, id string, focus bool) navLanding {
	t.Helper()
	// Wait for a smooth scroll to end: on a busy machine a frame can take
	// longer than waitScrollSettled waits.
	var l navLanding
	placed := bt.Poll(8*time.Second, func() bool {
		waitScrollSettled(t, ctx)
		l = navMeasure(t, ctx, id)
		atEnd := l.ScrollY >= l.MaxScroll-1
		return l.Top >= l.Sticky-1 && l.Bottom <= l.InnerHeight && (l.Top <= l.Sticky+40 || atEnd)
	})
	if l.Hash != "#"+id {
		t.Errorf("hash = %q, want #%s", l.Hash, id)
	}
	if !placed {
		t.Errorf("heading #%s at %.0f–%.0fpx, sticky parts end at %.0fpx (viewport %.0fpx, scrollY %.0f of %.0f); want it whole and just below them",
			id, l.Top, l.Bottom, l.Sticky, l.InnerHeight, l.ScrollY, l.MaxScroll)
	}
	if focus && l.Focus != id {
		t.Errorf("focus on %q, want the heading #%s", l.Focus, id)
	}
	if want := []string{"#" + id}; !slices.Equal(l.Current, want) || !slices.Equal(l.ActiveClass, want) {
		t.Errorf("TOC links with aria-current=location: %q, with is-active: %q; want only #%s", l.Current, l.ActiveClass, id)
	}
	return l
}

// navClick clicks the element of the CSS selector with the mouse.
func navClick(t *testing.T, ctx context.Context, sel string) {
	t.Helper()
	bt.Run(t, ctx, chromedp.Click(chromedp.CSS(sel)))
}

// navKeys types keys, such as kb.Tab, on the focused element.
func navKeys(t *testing.T, ctx context.Context, k string) {
	t.Helper()
	bt.Run(t, ctx, chromedp.KeyEvent(k))
}

func navScrollTo(t *testing.T, ctx context.Context, y string) {
	t.Helper()
	bt.Eval[chromedp.Void](t, ctx, `window.scrollTo({top: `+y+`, behavior: 'instant'})`)
	waitScrollSettled(t, ctx)
}

func navHistoryLength(t *testing.T, ctx context.Context) int {
	t.Helper()
	return bt.Eval[int](t, ctx, `history.length`)
}

// TestNav drives the section navigation in three browsers at once: a
// desktop one (1280×900), one that asks for reduced motion, driven with the
// keyboard, and a 390×844 phone.
func TestNav(t *testing.T) {
	srv := startServer(t)
	t.Run("desktop", func(t *testing.T) {
		t.Parallel()
		ctx := bt.NewBrowser(t, bt.Options{Width: 1280, Height: 900})
		navDesktop(t, srv.URL, ctx)
		navDeepLinks(t, srv.URL, ctx)
		navScoped(t, srv.URL, ctx)
	})
	t.Run("keyboard", func(t *testing.T) {
		t.Parallel()
		ctx := bt.NewBrowser(t, bt.Options{Width: 1280, Height: 900, ReducedMotion: true})
		navRemount(t, srv.URL, ctx) // first: before a service worker serves app.wasm
		navReducedMotion(t, srv.URL, ctx)
		navKeyboard(t, srv.URL, ctx)
	})
	t.Run("mobile", func(t *testing.T) {
		t.Parallel()
		navMobile(t, srv.URL, bt.NewBrowser(t, bt.Options{Mobile: true}))
	})
}

// navShape describes the page: its elements, and where the headings and
// TOC links are.
const navShape = `(() => {
	const sig = e => e.tagName + (e.id ? '#' + e.id : '') + '.' + [...e.classList].filter(c => c !== 'is-active').sort().join('.') +
		'(' + [...e.children].filter(c => c.tagName !== 'svg').map(sig).join(',') + ')';
	const offsets = [...document.querySelectorAll('.section-heading, .toc-link, .policy-title')].map(e => Math.round(e.getBoundingClientRect().top + scrollY));
	return JSON.stringify({dom: sig(document.querySelector('.page')), offsets});
})()`

// navDesktop walks the section navigation of /privacy at 1280×900: TOC
// clicks, a second click on the same link, the policy's own links, back and
// forward, the scroll-spy, the last section at the bottom and "Back to top",
// on the prerendered page and after the WebAssembly has mounted. The two
// pages have the same DOM, and nothing moves when the one replaces the
// other.
func navDesktop(t *testing.T, base string, browserCtx context.Context) {
	shapes := map[string]string{}
	for i, m := range navModes {
		t.Run(m.name, func(t *testing.T) {
			ctx := browserCtx
			if i > 0 {
				ctx = bt.NewTab(t, browserCtx)
			}
			navOpen(t, ctx, base, "/privacy", m, "")
			shapes[m.name] = bt.Eval[string](t, ctx, navShape)
			if got := navMeasure(t, ctx, "cookies").Current; len(got) != 0 {
				t.Errorf("at the top, TOC links %q are current, want none", got)
			}

			// A TOC click: hash, place, focus, active entry, one history
			// entry; the scroll is smooth (no reduced motion asked for).
			before := navHistoryLength(t, ctx)
			navClick(t, ctx, `nav#toc a[href="#cookies"]`)
			if y := bt.Eval[float64](t, ctx, `document.getElementById('cookies').getBoundingClientRect().top`); y < 300 {
				t.Logf("the heading was already at %.0fpx right after the click: scroll not smooth?", y)
			}
			navCheckLanded(t, ctx, "cookies", true)
			if got := navHistoryLength(t, ctx); got != before+1 {
				t.Errorf("history.length = %d after a TOC click, want %d", got, before+1)
			}

			// The same link again, after scrolling away: go-app v9 would
			// ignore it; it scrolls again, with no new history entry.
			navScrollTo(t, ctx, "0")
			navClick(t, ctx, `nav#toc a[href="#cookies"]`)
			navCheckLanded(t, ctx, "cookies", true)
			if got := navHistoryLength(t, ctx); got != before+1 {
				t.Errorf("history.length = %d after the same link again, want %d", got, before+1)
			}

			// A link of the policy itself ("Topics").
			navScrollTo(t, ctx, "0")
			navClick(t, ctx, `.policy-body a[href="#how-to-manage-cookies"]`)
			navCheckLanded(t, ctx, "how-to-manage-cookies", true)

			// Back and forward.
			bt.Eval[chromedp.Void](t, ctx, `history.back()`)
			bt.WaitJS(t, ctx, `location.hash === '#cookies'`, 5*time.Second)
			navCheckLanded(t, ctx, "cookies", true)
			bt.Eval[chromedp.Void](t, ctx, `history.forward()`)
			bt.WaitJS(t, ctx, `location.hash === '#how-to-manage-cookies'`, 5*time.Second)
			navCheckLanded(t, ctx, "how-to-manage-cookies", true)

			// Scroll-spy: the reader scrolls on; the section whose heading
			// has reached the top is the active one.
			navScrollTo(t, ctx, `document.getElementById('how-do-we-store-your-data').getBoundingClientRect().top + scrollY - parseFloat(getComputedStyle(document.documentElement).scrollPaddingTop)`)
			bt.WaitJS(t, ctx, `document.querySelector('nav#toc a[aria-current="location"]')?.hash === '#how-do-we-store-your-data'`, 5*time.Second)
			navScrollTo(t, ctx, `document.getElementById('cookies').getBoundingClientRect().top + scrollY - 200`)
			bt.WaitJS(t, ctx, `document.querySelector('nav#toc a[aria-current="location"]')?.hash === '#what-are-your-data-protection-rights'`, 5*time.Second)

			// At the bottom, the last section is active, though its heading
			// cannot reach the top.
			navScrollTo(t, ctx, `document.documentElement.scrollHeight`)
			last := bt.Eval[string](t, ctx, `[...document.querySelectorAll('nav#toc a.toc-link')].at(-1).hash`)
			bt.WaitJS(t, ctx, `(() => { const c = [...document.querySelectorAll('nav#toc a[aria-current="location"]')]; return c.length === 1 && c[0].hash === `+fmt.Sprintf("%q", last)+` })()`, 5*time.Second)
			if top := bt.Eval[float64](t, ctx, `document.querySelector(`+fmt.Sprintf("%q", last)+`).getBoundingClientRect().top`); top < 150 {
				t.Errorf("the last heading is at %.0fpx: the test does not show the bottom rule", top)
			}

			// "Back to top", at the end of the policy.
			navClick(t, ctx, `.back-to-top a[href="#top"]`)
			waitScrollSettled(t, ctx)
			if got := bt.Eval[string](t, ctx, `scrollY + ' ' + location.hash + ' ' + document.activeElement.id`); got != "0 #top top" {
				t.Errorf("after Back to top: scrollY, hash, focus = %q, want \"0 #top top\"", got)
			}
			if got := navMeasure(t, ctx, "cookies").Current; len(got) != 0 {
				t.Errorf("back at the top, TOC links %q are current, want none", got)
			}
			navNoConsoleErrors(t, ctx)
		})
	}

	if a, b := shapes[navPrerendered.name], shapes[navWasm.name]; a != b {
		t.Errorf("prerendered and mounted pages differ:\nprerendered: %s\nmounted:     %s", a, b)
	}

	// A TOC too long for the window scrolls, so that the active entry
	// stays in view.
	t.Run("long TOC", func(t *testing.T) {
		ctx := bt.NewTab(t, browserCtx)
		bt.Run(t, ctx, chromedp.EmulateViewport(1280, 420))
		navOpen(t, ctx, base, "/privacy", navPrerendered, "")
		if !bt.Eval[bool](t, ctx, `(() => { const n = document.querySelector('nav#toc'); return n.scrollHeight > n.clientHeight })()`) {
			t.Fatal("the TOC fits the 420px window: the test shows nothing")
		}
		navScrollTo(t, ctx, `document.documentElement.scrollHeight`)
		bt.WaitJS(t, ctx, `(() => {
			const a = document.querySelector('nav#toc a[aria-current="location"]');
			if (!a || a !== [...document.querySelectorAll('nav#toc a.toc-link')].at(-1)) return false;
			const n = document.querySelector('nav#toc').getBoundingClientRect(), r = a.getBoundingClientRect();
			return r.top >= n.top && r.bottom <= n.bottom;
		})()`, 5*time.Second)
		navScrollTo(t, ctx, "0")
		navClick(t, ctx, `.policy-body a[href="#topics"]`)
		bt.WaitJS(t, ctx, `(() => {
			const a = document.querySelector('nav#toc a[aria-current="location"]');
			const n = document.querySelector('nav#toc').getBoundingClientRect(), r = a.getBoundingClientRect();
			return a.hash === '#topics' && r.top >= n.top && r.bottom <= n.bottom;
		})()`, 5*time.Second)
	})

	// The print stylesheet: nothing sticky, no TOC, no heading tools, and
	// the address of each external link after its text.
	t.Run("print", func(t *testing.T) {
		ctx := bt.NewTab(t, browserCtx)
		navOpen(t, ctx, base, "/privacy", navPrerendered, "")
		bt.Run(t, ctx, chromedp.Func(func(ctx context.Context, tgt *chromedp.Target) error {
			_, err := cdp.Call(ctx, tgt, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "print"})
			return err
		}))
		type printed struct {
			Sticky []string
			Shown  []string
			After  string
		}
		p := bt.Eval[printed](t, ctx, `(() => {
			const all = [...document.querySelectorAll('.page *')];
			const a = document.createElement('a');
			a.href = 'https://example.com/x';
			a.textContent = 'example';
			document.querySelector('.policy-body p').append(a);
			return {
				sticky: all.filter(e => ['sticky', 'fixed'].includes(getComputedStyle(e).position) && e.getClientRects().length > 0).map(e => e.className),
				shown: ['.sidebar', 'nav#toc', '.heading-tools', '.skip-link', '.back-to-top'].filter(s => document.querySelector(s)?.getClientRects().length > 0),
				after: getComputedStyle(a, '::after').content,
			};
		})()`)
		if len(p.Sticky) > 0 || len(p.Shown) > 0 {
			t.Errorf("printed: sticky elements %q, shown %q; want none", p.Sticky, p.Shown)
		}
		if !strings.Contains(p.After, "https://example.com/x") {
			t.Errorf("printed external link is followed by %s, want its address", p.After)
		}
	})
}

// navDeepLinks loads /privacy#<id>: the section is in view and active on
// the prerendered page, right after the WebAssembly mounts and on reload;
// a section near the end stays the active one though its heading cannot
// reach the top; an unknown fragment leaves the reader at the top.
func navDeepLinks(t *testing.T, base string, browserCtx context.Context) {
	for _, m := range navModes {
		t.Run("deep link "+m.name, func(t *testing.T) {
			ctx := bt.NewTab(t, browserCtx)
			navOpen(t, ctx, base, "/privacy", m, "how-to-manage-cookies")
			navCheckLanded(t, ctx, "how-to-manage-cookies", false)

			if m == navWasm {
				bt.Run(t, ctx, chromedp.Reload())
				bt.WaitJS(t, ctx, m.ready, 40*time.Second)
				navCheckLanded(t, ctx, "how-to-manage-cookies", false)
			}

			navOpen(t, ctx, base, "/privacy", m, "changes-to-our-privacy-policy")
			l := navCheckLanded(t, ctx, "changes-to-our-privacy-policy", false)
			if l.ScrollY < l.MaxScroll-1 {
				t.Logf("the page scrolled the heading to the top: the pinning is not shown")
			}

			navOpen(t, ctx, base, "/privacy", m, "no-such-section")
			if got := bt.Eval[float64](t, ctx, `scrollY`); got != 0 {
				t.Errorf("unknown fragment: scrollY = %.0f, want 0", got)
			}
			if got := navMeasure(t, ctx, "cookies").Current; len(got) != 0 {
				t.Errorf("unknown fragment: TOC links %q are current, want none", got)
			}
			navNoConsoleErrors(t, ctx)
		})
	}
}

// navRemount: a reader who follows a deep link, then scrolls on and moves
// focus while the WebAssembly loads keeps both when it mounts (go-app v9
// would scroll back to the fragment, and its new DOM drops focus). The test
// holds the request of app.wasm until the reader has moved. It runs in a
// tab of its own: the first tab of a headless browser does not have the
// system focus, and gets no focus events.
func navRemount(t *testing.T, base string, browserCtx context.Context) {
	ctx := bt.NewTab(t, browserCtx)
	paused := make(chan fetch.RequestID, 4)
	if err := chromedp.Listen(ctx, func(ev any) {
		if e, ok := ev.(*fetch.EventRequestPaused); ok {
			select {
			case paused <- e.RequestID:
			default:
			}
		}
	}); err != nil {
		t.Fatal(err)
	}
	call := func(f func(ctx context.Context, tgt *chromedp.Target) error) { bt.Run(t, ctx, chromedp.Func(f)) }
	call(func(ctx context.Context, tgt *chromedp.Target) error {
		_, err := cdp.Call(ctx, tgt, fetch.Enable, fetch.EnableParams{Patterns: []*fetch.RequestPattern{{URLPattern: "*app.wasm*"}}})
		return err
	})
	bt.Run(t, ctx, chromedp.Navigate(base+"/privacy#cookies"))
	var request fetch.RequestID
	select {
	case request = <-paused:
	case <-time.After(30 * time.Second):
		t.Fatal("the page did not request app.wasm")
	}
	bt.WaitJS(t, ctx, navReady, 10*time.Second)
	navCheckLanded(t, ctx, "cookies", false)
	navScrollTo(t, ctx, "300")
	bt.Eval[chromedp.Void](t, ctx, `document.querySelector('nav#toc a[href="#how-do-we-use-cookies"]').focus()`)
	if bt.Eval[bool](t, ctx, mounted) {
		t.Fatal("the WebAssembly mounted while app.wasm was held")
	}
	call(func(ctx context.Context, tgt *chromedp.Target) error {
		if _, err := cdp.Call(ctx, tgt, fetch.ContinueRequest, fetch.ContinueRequestParams{RequestID: request}); err != nil {
			return err
		}
		_, err := cdp.Call(ctx, tgt, fetch.Disable, cdp.Empty{})
		return err
	})
	bt.WaitJS(t, ctx, mounted, 40*time.Second)
	waitScrollSettled(t, ctx)
	if got := bt.Eval[float64](t, ctx, `scrollY`); got != 300 {
		t.Errorf("scrollY = %.0f after the mount, want the reader's 300", got)
	}
	if got := bt.Eval[string](t, ctx, `(() => {
		const a = document.activeElement;
		return document.querySelector('.`+site.PageClass+site.Mounted+`').contains(a) ? a.className + ' ' + a.hash : 'focus on ' + a.tagName;
	})()`); got != "toc-link #how-do-we-use-cookies" {
		t.Errorf("focus after the mount: %s, want the same TOC link in the new DOM", got)
	}
	navNoConsoleErrors(t, ctx)
}

// navReducedMotion: with prefers-reduced-motion: reduce, a TOC click
// jumps at once.
func navReducedMotion(t *testing.T, base string, ctx context.Context) {
	navOpen(t, ctx, base, "/privacy", navPrerendered, "")
	top := bt.Eval[float64](t, ctx, `(() => {
		document.querySelector('nav#toc a[href="#cookies"]').click();
		return document.getElementById('cookies').getBoundingClientRect().top;
	})()`)
	if l := navMeasure(t, ctx, "cookies"); top != l.Top || top > l.Sticky+40 {
		t.Errorf("right after the click the heading is at %.0fpx, then at %.0fpx; want it in place at once", top, l.Top)
	}
}

// navMobile drives the "On this page" disclosure at 390×844: it names
// the current section, opens and closes with its button, closes on Escape
// (focus back on the button), on a click outside, when focus leaves it and
// after a choice, which lands below the sticky header and bar.
func navMobile(t *testing.T, base string, ctx context.Context) {
	navOpen(t, ctx, base, "/privacy", navWasm, "")

	const state = `(() => {
		const b = document.querySelector('nav#toc .toc-toggle');
		const p = document.getElementById('toc-panel');
		const c = document.querySelector('nav#toc .toc-current');
		return {
			button: b.getClientRects().length > 0,
			expanded: b.getAttribute('aria-expanded'),
			panel: p.getClientRects().length > 0 && p.getBoundingClientRect().height > 0,
			current: c.hidden ? '' : c.querySelector('.toc-current-title').textContent,
			focus: document.activeElement === b ? 'toggle' : (document.activeElement.id || document.activeElement.className),
			sticky: getComputedStyle(document.querySelector('.sidebar')).position,
		};
	})()`
	type disclosure struct {
		Button   bool
		Expanded string
		Panel    bool
		Current  string
		Focus    string
		Sticky   string
	}
	check := func(when string, open bool) disclosure {
		t.Helper()
		d := bt.Eval[disclosure](t, ctx, state)
		want := "false"
		if open {
			want = "true"
		}
		if !d.Button || d.Expanded != want || d.Panel != open || d.Sticky != "sticky" {
			t.Errorf("%s: %+v; want a sticky bar with its button, aria-expanded=%s and the list shown=%v", when, d, want, open)
		}
		return d
	}
	if d := check("at first", false); d.Current != "" {
		t.Errorf("at the top the bar names section %q, want none", d.Current)
	}

	navClick(t, ctx, "nav#toc .toc-toggle")
	check("after a click on the button", true)
	navClick(t, ctx, "nav#toc .toc-toggle")
	check("after a second click", false)

	navClick(t, ctx, "nav#toc .toc-toggle")
	navKeys(t, ctx, kb.Escape)
	if d := check("after Escape", false); d.Focus != "toggle" {
		t.Errorf("after Escape focus is on %q, want the button", d.Focus)
	}

	navClick(t, ctx, "nav#toc .toc-toggle")
	bt.Run(t, ctx, chromedp.MouseClickXY(300, 20)) // the site header, outside the list
	check("after a click outside", false)

	// With the keyboard: Enter opens, Tab walks the list, and focus
	// leaving the list closes it.
	bt.Eval[chromedp.Void](t, ctx, `document.querySelector('nav#toc .toc-toggle').focus()`)
	navKeys(t, ctx, kb.Enter)
	check("after Enter", true)
	navKeys(t, ctx, kb.Tab)
	if got := bt.Eval[string](t, ctx, `document.activeElement.hash`); got != "#topics" {
		t.Errorf("Tab from the open button focused %q, want the first entry", got)
	}
	n := bt.Eval[int](t, ctx, `document.querySelectorAll('#toc-panel a').length`)
	for range n {
		navKeys(t, ctx, kb.Tab)
	}
	check("after tabbing out of the list", false)

	// A choice closes the list and lands below the sticky header and bar.
	navClick(t, ctx, "nav#toc .toc-toggle")
	navClick(t, ctx, `nav#toc a[href="#how-to-manage-cookies"]`)
	l := navCheckLanded(t, ctx, "how-to-manage-cookies", true)
	if d := check("after a choice", false); d.Current != "How to manage cookies" {
		t.Errorf("the bar names %q, want the section chosen", d.Current)
	}
	if header := bt.Eval[float64](t, ctx, `document.querySelector('.site-header').getBoundingClientRect().bottom`); l.Sticky <= header {
		t.Errorf("sticky parts end at %.0fpx, the header at %.0fpx: the bar is not counted", l.Sticky, header)
	}
	// Its name is what a screen reader hears.
	if got := bt.Eval[string](t, ctx, `document.querySelector('nav#toc .toc-toggle').textContent.replace(/\s+/g, ' ').trim()`); got != "On this page, current section: How to manage cookies" {
		t.Errorf("button text = %q", got)
	}
	navNoConsoleErrors(t, ctx)
}

// navKeyboard walks the page with the keyboard only: Tab to the skip
// link, Enter, Tab into the TOC, Enter on an entry moves focus to its
// heading; the next Tab reaches the heading's permalink, shown on focus,
// then its copy button, which copies the section's URL and announces it.
func navKeyboard(t *testing.T, base string, ctx context.Context) {
	bt.Run(t, ctx, chromedp.Func(func(ctx context.Context, tgt *chromedp.Target) error {
		for _, name := range []string{"clipboard-read", "clipboard-write"} {
			if _, err := cdp.Call(ctx, tgt, browser.SetPermission, browser.SetPermissionParams{
				Permission: &browser.PermissionDescriptor{Name: name},
				Setting:    browser.PermissionSettingGranted,
				Origin:     base,
			}); err != nil {
				return err
			}
		}
		return nil
	}))
	navOpen(t, ctx, base, "/privacy", navWasm, "")

	focused := func() string {
		t.Helper()
		return bt.Eval[string](t, ctx, `(() => { const a = document.activeElement; return a.className + (a.hash ? ' ' + a.hash : '') + (a.id ? ' #' + a.id : '') })()`)
	}
	navKeys(t, ctx, kb.Tab)
	if got := focused(); got != "skip-link #main" {
		t.Fatalf("first Tab focused %q, want the skip link", got)
	}
	if !bt.Eval[bool](t, ctx, `(() => { const r = document.activeElement.getBoundingClientRect(); return r.top >= 0 && r.bottom <= innerHeight && r.width > 0 })()`) {
		t.Error("the focused skip link is not visible")
	}
	navKeys(t, ctx, kb.Enter)
	if got := focused(); got != "layout #main" {
		t.Errorf("Enter on the skip link focused %q, want main", got)
	}
	navKeys(t, ctx, kb.Tab)
	if got := focused(); got != "toc-link #topics" {
		t.Errorf("Tab after the skip link focused %q, want the first TOC entry", got)
	}
	if got := bt.Eval[string](t, ctx, `getComputedStyle(document.activeElement).outlineStyle + ' ' + parseFloat(getComputedStyle(document.activeElement).outlineWidth)`); got != "solid 3" {
		t.Errorf("focus outline = %q, want a visible 3px outline", got)
	}
	navKeys(t, ctx, kb.Tab)
	navKeys(t, ctx, kb.Tab)
	id := bt.Eval[string](t, ctx, `document.activeElement.hash.slice(1)`)
	if id != "how-do-we-collect-your-data" {
		t.Errorf("third TOC entry is #%s", id)
	}
	navKeys(t, ctx, kb.Enter)
	navCheckLanded(t, ctx, id, true)

	// The heading's tools are hidden until hover or focus; the heading's
	// name is its text alone.
	const tools = `getComputedStyle(document.getElementById('how-do-we-store-your-data').parentElement.querySelector('.heading-tools')).opacity`
	if got := bt.Eval[string](t, ctx, tools); got != "0" {
		t.Errorf("tools of a heading neither hovered nor focused: opacity %s, want 0", got)
	}
	if got := bt.Eval[string](t, ctx, `(() => { const h = document.getElementById('`+id+`'); return h.querySelector('a, button') ? 'has controls' : h.textContent.replace(/\s+/g, ' ').trim() })()`); got != "How do we collect your data?" {
		t.Errorf("heading content = %q, want its text alone", got)
	}

	navKeys(t, ctx, kb.Tab)
	if got := focused(); got != "heading-tool heading-anchor #"+id {
		t.Errorf("Tab from the heading focused %q, want its permalink", got)
	}
	if got := bt.Eval[string](t, ctx, `document.activeElement.getAttribute('aria-label')`); got != "Link to section: How do we collect your data?" {
		t.Errorf("permalink name = %q", got)
	}
	bt.WaitJS(t, ctx, `getComputedStyle(document.activeElement.closest('.heading-tools')).opacity === '1'`, 2*time.Second)

	navKeys(t, ctx, kb.Tab)
	if got := bt.Eval[string](t, ctx, `document.activeElement.getAttribute('aria-label')`); got != "Copy link to section: How do we collect your data?" {
		t.Errorf("Tab from the permalink focused %q, want the copy button", got)
	}
	navKeys(t, ctx, kb.Enter)
	bt.WaitJS(t, ctx, `document.querySelector('article .nav-announcer').textContent !== ''`, 3*time.Second)
	if got := bt.Eval[string](t, ctx, `document.querySelector('article .nav-announcer').textContent`); got != "Link to section “How do we collect your data?” copied to the clipboard." {
		t.Errorf("announced %q", got)
	}
	if got, want := bt.Eval[string](t, ctx, `navigator.clipboard.readText()`), base+"/privacy#"+id; got != want {
		t.Errorf("clipboard = %q, want %q", got, want)
	}
	if got := bt.Eval[string](t, ctx, `document.querySelector('article .nav-announcer').getAttribute('aria-live') + ' ' + document.activeElement.className`); got != "polite heading-tool heading-copy" {
		t.Errorf("live region and focus after the copy: %q", got)
	}

	// Hover shows another heading's tools.
	box := bt.Eval[[]float64](t, ctx, `(() => {
		const h = document.getElementById('how-do-we-store-your-data');
		h.scrollIntoView({block: 'center', behavior: 'instant'});
		const r = h.getBoundingClientRect();
		return [r.left + 20, r.top + r.height / 2];
	})()`)
	bt.Run(t, ctx, chromedp.MouseEvent(input.DispatchMouseEventTypeMouseMoved, box[0], box[1]))
	bt.WaitJS(t, ctx, tools+` === '1'`, 2*time.Second)
	navNoConsoleErrors(t, ctx)
}

// navScoped: nav.js patches no built-in and leaves what is not the
// widget's alone. A fragment link to an element of the page outside the
// widget (as a host app has) gets the browser's own navigation: no
// policy:navigate, and that element keeps the browser's scrollIntoView.
func navScoped(t *testing.T, base string, browserCtx context.Context) {
	for _, m := range navModes {
		t.Run("scoped "+m.name, func(t *testing.T) {
			ctx := bt.NewTab(t, browserCtx)
			navOpen(t, ctx, base, "/privacy", m, "cookies")
			navCheckLanded(t, ctx, "cookies", false)
			if !bt.Eval[bool](t, ctx, nativeBuiltins+`(window)`) {
				t.Error("a built-in of the page is patched")
			}
			if !bt.Eval[bool](t, ctx, `Object.hasOwn(document.getElementById('cookies'), 'scrollIntoView')`) {
				t.Error("#cookies has no scrollIntoView of its own: go-app's scroll to the fragment is not caught")
			}
			bt.Eval[chromedp.Void](t, ctx, `(() => {
				window.__navigations = 0;
				document.addEventListener('`+site.NavigateEvent+`', () => window.__navigations++);
				const host = document.createElement('div');
				host.id = 'host-section';
				host.style.height = '2000px';
				const link = document.createElement('a');
				link.href = '#host-section';
				link.textContent = 'host link';
				document.body.prepend(link);
				document.body.append(host);
				link.click();
			})()`)
			// The browser's jump, or go-app's once mounted (it handles
			// the click, a frame later): the element at the scroll padding.
			bt.WaitJS(t, ctx, `Math.abs(document.getElementById('host-section').getBoundingClientRect().top - parseFloat(getComputedStyle(document.documentElement).scrollPaddingTop)) < 2`, 5*time.Second)
			type outside struct {
				Navigations int
				Hash        string
				Own         bool
			}
			got := bt.Eval[outside](t, ctx, `({
				navigations: window.__navigations,
				hash: location.hash,
				own: Object.hasOwn(document.getElementById('host-section'), 'scrollIntoView'),
			})`)
			if got.Navigations != 0 || got.Hash != "#host-section" || got.Own {
				t.Errorf("a link to an element outside the widget: %+v; want no policy:navigate and the browser's scrollIntoView", got)
			}
			navNoConsoleErrors(t, ctx)
		})
	}
}
