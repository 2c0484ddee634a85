//go:build !wasm

package main

import (
	"context"
	"fmt"
	"math"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/seqeralabs/policy-widget/app/site"
	bt "github.com/seqeralabs/policy-widget/cmd/internal/browsertest"
)

// The host pages of the embed tests: another origin (a loopback port of its
// own), under a strict CSP without 'unsafe-inline', with a sticky header of
// 64 px (offset, data-offset).
const (
	embedOffset = 64

	// embedHostPage uses the script tag, the oldest form.
	embedHostPage = `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Host app</title>
<link rel="stylesheet" href="/host.css">
</head>
<body>
<header class="host-header">Host app</header>
<main>
<h1>Our legal terms</h1>
<p>The host's own text, above the policy.</p>
<div id="slot"><script src="%s/embed.js" data-policy="privacy" %s defer></script></div>
<footer class="host-footer">The host's footer.</footer>
</main>
</body>
</html>
`
	embedHostCSS = `body { margin: 0; font: 16px/1.5 sans-serif; }
.host-header { position: sticky; top: 0; z-index: 1; height: 64px; background: #222; color: #fff; }
main { max-width: 56rem; margin: 0 auto; padding: 0 1rem; }
.host-footer { min-height: 100vh; }
`

	// embedRecipeCSS follows the plain HTML recipe's style sheet: room
	// below the policy, so that the host can scroll its last sections to
	// the top.
	embedRecipeCSS = "\nmain { padding-bottom: 100vh; }\n"

	// embedSPA is a single-page app: /spa/policy shows the policy, any
	// other path another view, and window.go(path) navigates with
	// history.pushState, as a router does.
	embedSPA = `<!DOCTYPE html>
<html lang="en" data-origin="%s">
<head>
<meta charset="utf-8">
<title>Single-page app</title>
<link rel="stylesheet" href="/style.css">
<script src="%s/embed.js" defer></script>
<script src="/spa.js" defer></script>
</head>
<body>
<header class="top">App</header>
<main id="view"></main>
</body>
</html>
`
	embedSPAScript = `const view = document.getElementById("view");
const render = () => {
  view.replaceChildren();
  if (location.pathname === "/spa/policy") {
    const w = document.createElement("policy-widget");
    w.setAttribute("policy", "privacy");
    w.setAttribute("offset", "64");
    const a = document.createElement("a");
    a.href = document.documentElement.dataset.origin + "/privacy";
    a.textContent = "Read our privacy policy";
    w.append(a);
    view.append(w);
  } else {
    const p = document.createElement("p");
    p.textContent = "Another view.";
    view.append(p);
  }
};
window.go = (path) => {
  history.pushState(null, "", path);
  render();
};
addEventListener("popstate", render);
render();
`
)

// embedHostFiles returns the files of the host pages that embed the policy
// server at policyURL: the script tag's pages, the plain HTML recipe of
// web/examples (at /element.html, and at /dark.html in a dark theme), and
// the single-page app.
func embedHostFiles(t *testing.T, policyURL string) map[string]embedHostFile {
	t.Helper()
	recipe := func(name string) string {
		b, err := os.ReadFile(filepath.Join(moduleRoot(t), "web", "examples", "plain", name))
		if err != nil {
			t.Fatal(err)
		}
		return strings.ReplaceAll(string(b), recipeOrigin, policyURL)
	}
	const html, css, js = "text/html; charset=utf-8", "text/css", "text/javascript"
	page := recipe("index.html")
	spa := fmt.Sprintf(embedSPA, policyURL, policyURL)
	return map[string]embedHostFile{
		"/":             {html, fmt.Sprintf(embedHostPage, policyURL, `data-toc data-offset="64"`)},
		"/section.html": {html, fmt.Sprintf(embedHostPage, policyURL, `data-section="cookies" data-offset="64"`)},
		"/since.html":   {html, fmt.Sprintf(embedHostPage, policyURL, `data-since="2021-02-27" data-toc data-offset="64"`)},
		"/host.css":     {css, embedHostCSS},
		"/element.html": {html, page},
		"/dark.html":    {html, strings.Replace(page, `<html lang="en">`, `<html lang="en" data-theme="dark">`, 1)},
		"/app.js":       {js, recipe("app.js")},
		"/style.css":    {css, recipe("style.css") + embedRecipeCSS},
		"/spa/policy":   {html, spa},
		"/spa/other":    {html, spa},
		"/spa.js":       {js, embedSPAScript},
	}
}

// recipeOrigin is the policy server of the recipes of web/examples, which
// the tests replace with theirs.
const recipeOrigin = "https://legal.example.com"

// embedProbe runs first in the host page: it records the messages that
// reach the host (with, for a frame's first policy:height, whether its
// fallback showed), the widget's events, CSP violations and the globals
// before embed.js; it counts the mutation observers that observe and the
// timers pending; and __probe.frames() lists the frames of the page,
// those of shadow roots included. In an /embed/ frame it reports to the
// host, before the frame's first paint, the theme that paint has.
const embedProbe = `if (window.top === window && !window.__probe) {
	const frames = (root) => [...root.querySelectorAll('*')].flatMap((e) => e.localName === 'iframe' ? [e] : e.shadowRoot ? frames(e.shadowRoot) : []);
	const probe = window.__probe = {
		messages: [], events: [], violations: [], observers: new Set(), timers: new Set(),
		globals: Object.getOwnPropertyNames(window),
		frames: () => frames(document),
	};
	// fallbackShows reports whether the fallback of the widget of frame f
	// (the children of the element or of its container) is on screen.
	const fallbackShows = (f) => {
		const w = f.getRootNode().host;
		let fallback = w && w.firstElementChild;
		if (fallback && fallback.localName === 'slot') fallback = w.getRootNode().host.firstElementChild;
		return fallback ? fallback.checkVisibility() : null;
	};
	addEventListener('message', (e) => {
		const all = probe.frames();
		const i = all.findIndex((f) => f.contentWindow === e.source);
		const m = {origin: e.origin, frame: i, type: e.data && e.data.type, data: e.data};
		if (m.type === '` + site.FrameHeight + `' && i >= 0 && !probe.messages.some((p) => p.frame === i && p.type === '` + site.FrameHeight + `')) m.fallback = fallbackShows(all[i]);
		probe.messages.push(m);
	});
	for (const type of ['policy:loaded', 'policy:viewed', 'policy:section']) {
		document.addEventListener(type, (e) => probe.events.push({type, target: e.target.localName, detail: e.detail}));
	}
	document.addEventListener('securitypolicyviolation', (e) => probe.violations.push(e.violatedDirective + ' ' + e.blockedURI));
	const observe = MutationObserver.prototype.observe, disconnect = MutationObserver.prototype.disconnect;
	MutationObserver.prototype.observe = function (...args) { probe.observers.add(this); return observe.apply(this, args); };
	MutationObserver.prototype.disconnect = function () { probe.observers.delete(this); return disconnect.call(this); };
	const setTimeout = window.setTimeout, clearTimeout = window.clearTimeout;
	window.setTimeout = function (f, ms, ...args) {
		const id = setTimeout(function () { probe.timers.delete(id); if (typeof f === 'function') f.apply(this, arguments); }, ms, ...args);
		probe.timers.add(id);
		return id;
	};
	window.clearTimeout = function (id) { probe.timers.delete(id); return clearTimeout(id); };
} else if (window.top !== window && location.pathname.includes('/embed/')) {
	requestAnimationFrame(() => top.postMessage({
		type: 'probe:first-frame',
		painted: performance.getEntriesByType('paint').length,
		scheme: getComputedStyle(document.documentElement).colorScheme,
		background: document.body ? getComputedStyle(document.body).backgroundColor : '',
	}, '*'));
}`

// embedMessages returns how many messages of the type the host got from
// its frame number frame.
func embedMessages(t *testing.T, ctx context.Context, frame int, typ string) int {
	t.Helper()
	return bt.Eval[int](t, ctx, fmt.Sprintf(`__probe.messages.filter((m) => m.frame === %d && m.type === %q).length`, frame, typ))
}

// embedEvents returns how many events of the type reached the host's
// document.
func embedEvents(t *testing.T, ctx context.Context, typ string) int {
	t.Helper()
	return bt.Eval[int](t, ctx, fmt.Sprintf(`__probe.events.filter((e) => e.type === %q).length`, typ))
}

// embedFit is how a frame fits its content.
type embedFit struct {
	FrameHeight   float64 // the iframe's height in the host
	InnerHeight   float64 // the frame's viewport
	ScrollHeight  float64 // the frame document's
	ClientHeight  float64
	ContentBottom float64 // the bottom of the frame's content
}

// embedSectionTop returns where the top of the section id of frame n is in
// the host's viewport.
func embedSectionTop(t *testing.T, ctx context.Context, n int, id string) float64 {
	t.Helper()
	in := embedFrameEval[float64](t, ctx, n, fmt.Sprintf(`document.getElementById(%q).getBoundingClientRect().top`, id))
	frame := bt.Eval[float64](t, ctx, fmt.Sprintf(`__probe.frames()[%d].getBoundingClientRect().top`, n))
	return frame + in
}

// embedCheckLanded waits for the host to scroll after the frame's
// policy:scroll message number scrolls+1, and checks that the section id of
// frame n lands at the top of the host's viewport, below the sticky header.
// A smooth scroll takes long on a busy machine: it polls for up to 15 s.
func embedCheckLanded(t *testing.T, ctx context.Context, n int, id string, scrolls int) {
	t.Helper()
	bt.WaitJS(t, ctx, fmt.Sprintf(`__probe.messages.filter((m) => m.frame === %d && m.type === '`+site.FrameScroll+`').length > %d`, n, scrolls), 10*time.Second)
	var top float64
	landed := bt.Poll(15*time.Second, func() bool {
		top = embedSectionTop(t, ctx, n, id)
		if math.Abs(top-embedOffset) <= 2 {
			waitScrollSettled(t, ctx)
			top = embedSectionTop(t, ctx, n, id)
		}
		return math.Abs(top-embedOffset) <= 2
	})
	if !landed {
		t.Errorf("#%s is at %.1f px in the host's viewport, want %d (below the sticky header)", id, top, embedOffset)
	}
}

type embedHostState struct {
	Href          string
	HistoryLength int
	ScrollY       float64
}

const embedHostStateJS = `({href: location.href, historyLength: history.length, scrollY: scrollY})`

// embedCheckHostClean checks that the host page got no global but
// PolicyWidget (besides its own, ownGlobals), no style sheet in its
// document (which has sheets of its own) and no CSP violation from the
// embed, and messages from the policy's origin only.
func embedCheckHostClean(t *testing.T, ctx context.Context, policyURL string, sheets int, ownGlobals ...string) {
	t.Helper()
	if bad := bt.Eval[[]string](t, ctx, `__probe.messages.filter((m) => m.type && m.type.startsWith('policy:') && m.origin !== `+jsString(policyURL)+`).map((m) => m.origin)`); len(bad) > 0 {
		t.Errorf("policy messages from %q", bad)
	}
	want := append([]string{"PolicyWidget"}, ownGlobals...)
	if got := bt.Eval[[]string](t, ctx, `Object.getOwnPropertyNames(window).filter((n) => !__probe.globals.includes(n) && n !== '__probe' && !/^\d+$/.test(n))`); strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("new globals in the host: %q, want %q", got, want)
	}
	if got := bt.Eval[int](t, ctx, `document.styleSheets.length + document.adoptedStyleSheets.length + document.querySelectorAll('style').length`); got != sheets {
		t.Errorf("%d style sheets in the host's document, want its own %d", got, sheets)
	}
	if v := bt.Eval[[]string](t, ctx, `__probe.violations`); len(v) > 0 {
		t.Errorf("CSP violations in the host: %q", v)
	}
}

// TestEmbedScriptTag embeds the privacy policy with the script tag of
// earlier versions in a page of another origin, and a data-policy
// container that a single-page app renders later.
func TestEmbedScriptTag(t *testing.T) {
	host, srv := startEmbed(t, bt.Binary(t))
	denied := listenEmbedHost(t)
	denied.serve(t, srv.URL)
	ctx := bt.NewBrowser(t, bt.Options{Width: 1280, Height: 800})
	installEmbedProbe(t, ctx)

	start := time.Now()
	bt.Run(t, ctx, chromedp.Navigate(host.URL+"/"))
	bt.WaitJS(t, ctx, `__probe.messages.some((m) => m.frame === 0 && m.type === '`+site.FrameReady+`' && m.data.mounted === true)`, 30*time.Second)
	t.Logf("the frame reported the WebAssembly mounted %v after navigating", time.Since(start).Round(time.Millisecond))
	before := bt.Eval[embedHostState](t, ctx, embedHostStateJS)

	t.Run("frame", func(t *testing.T) {
		// The script inserted a <policy-widget> after itself, which holds
		// the frame in its shadow root.
		if n := bt.Eval[int](t, ctx, `document.querySelectorAll('#slot > script + policy-widget').length === 1 ? document.querySelector('#slot > policy-widget').shadowRoot.querySelectorAll('iframe').length : -1`); n != 1 {
			t.Fatalf("%d frames in a <policy-widget> right after the script tag, want 1", n)
		}
		if got := bt.Eval[[]string](t, ctx, `document.querySelector('#slot > policy-widget').getAttributeNames()`); strings.Join(got, " ") != "policy toc offset" {
			t.Errorf("the element's attributes: %q, want the script's data-policy, data-toc and data-offset", got)
		}
		type content struct {
			Mounted, TOC, SiteHeader, SkipLink bool
			H1                                 string
		}
		c := embedFrameEval[content](t, ctx, 0, `({
			mounted: `+mounted+`,
			toc: !!document.querySelector('nav#toc') && getComputedStyle(document.querySelector('.policy-embed-toc')).display !== 'none',
			siteHeader: !!document.querySelector('.site-header'),
			skipLink: !!document.querySelector('.skip-link'),
			h1: document.querySelector('article h1').textContent,
		})`)
		if !c.Mounted || c.H1 != "Privacy policy" || !c.TOC || c.SiteHeader || c.SkipLink {
			t.Errorf("frame: %+v; want the mounted policy with its TOC (data-toc), no site header, no skip link", c)
		}
		if got := bt.Eval[string](t, ctx, `__probe.frames()[0].title`); got != "Privacy policy" {
			t.Errorf("frame title = %q, want the policy's heading", got)
		}
		embedCheckFit(t, ctx, 0)
		// Nothing scrolled the host: not the frame's loading, not go-app.
		if before.ScrollY != 0 {
			t.Errorf("the host scrolled to %.0f by itself on load", before.ScrollY)
		}
		embedCheckHostClean(t, ctx, srv.URL, 1)
	})

	t.Run("TOC click", func(t *testing.T) {
		type point struct{ X, Y float64 }
		link := embedFrameEval[point](t, ctx, 0, `(() => {
			const r = document.querySelector('nav#toc a[href="#cookies"]').getBoundingClientRect();
			return {x: r.left + r.width / 2, y: r.top + r.height / 2};
		})()`)
		frame := bt.Eval[point](t, ctx, `(() => { const r = __probe.frames()[0].getBoundingClientRect(); return {x: r.left, y: r.top}; })()`)
		x, y := frame.X+link.X, frame.Y+link.Y
		if y > 780 {
			t.Fatalf("the TOC link is below the viewport, at %.0f px", y)
		}
		scrolls := embedMessages(t, ctx, 0, site.FrameScroll)
		bt.Run(t, ctx, chromedp.MouseClickXY(x, y))
		embedCheckLanded(t, ctx, 0, "cookies", scrolls)
		after := bt.Eval[embedHostState](t, ctx, embedHostStateJS)
		if after.Href != before.Href || after.HistoryLength != before.HistoryLength {
			t.Errorf("the host navigated: %+v, was %+v", after, before)
		}
		type frameState struct {
			Hash, Focus string
			ScrollY     float64
		}
		if fs := embedFrameEval[frameState](t, ctx, 0, `({hash: location.hash, focus: document.activeElement.id, scrollY: scrollY})`); fs.Hash != "" || fs.ScrollY != 0 || fs.Focus != "cookies" {
			t.Errorf("frame after the click: %+v; want no hash, no scroll, focus on the heading", fs)
		}
	})

	t.Run("in-policy link", func(t *testing.T) {
		scrolls := embedMessages(t, ctx, 0, site.FrameScroll)
		embedFrameEval[bool](t, ctx, 0, `(document.querySelector('.policy-body a[href="#how-do-we-store-your-data"]').click(), true)`)
		embedCheckLanded(t, ctx, 0, "how-do-we-store-your-data", scrolls)
		if after := bt.Eval[embedHostState](t, ctx, embedHostStateJS); after.Href != before.Href || after.HistoryLength != before.HistoryLength {
			t.Errorf("the host navigated: %+v, was %+v", after, before)
		}
	})

	t.Run("nav.js hands over", func(t *testing.T) {
		// A fragment navigation inside the frame: nav.js (popstate and
		// hashchange) and go-app (scrollIntoView) all ask for it; frame.js
		// cancels their policy:navigate and asks the host once.
		scrolls := embedMessages(t, ctx, 0, site.FrameScroll)
		embedFrameEval[bool](t, ctx, 0, `(location.hash = 'how-do-we-use-cookies', true)`)
		embedCheckLanded(t, ctx, 0, "how-do-we-use-cookies", scrolls)
		if got := embedMessages(t, ctx, 0, site.FrameScroll) - scrolls; got != 1 {
			t.Errorf("%d scroll requests for one navigation, want 1", got)
		}
		if y := embedFrameEval[float64](t, ctx, 0, `scrollY`); y != 0 {
			t.Errorf("the frame scrolled to %.0f", y)
		}
	})

	t.Run("PolicyWidget.goto", func(t *testing.T) {
		// By the script tag, as the older forms do.
		scrolls := embedMessages(t, ctx, 0, site.FrameScroll)
		bt.Eval[bool](t, ctx, `(PolicyWidget.goto(document.querySelector('#slot > script'), 'cookies'), true)`)
		embedCheckLanded(t, ctx, 0, "cookies", scrolls)
	})

	t.Run("host hash", func(t *testing.T) {
		scrolls := embedMessages(t, ctx, 0, site.FrameScroll)
		bt.Eval[bool](t, ctx, `(location.hash = 'privacy:how-to-manage-cookies', true)`)
		embedCheckLanded(t, ctx, 0, "how-to-manage-cookies", scrolls)
	})

	t.Run("removed and added again", func(t *testing.T) {
		heights := embedMessages(t, ctx, 0, site.FrameHeight)
		// Removed: the widget drops its frame at once.
		if !bt.Eval[bool](t, ctx, `(() => {
			const slot = document.getElementById('slot');
			window.__slot = {slot, parent: slot.parentNode, next: slot.nextSibling};
			slot.remove();
			return slot.querySelector('policy-widget').shadowRoot.querySelector('iframe') === null;
		})()`) {
			t.Error("the removed widget kept its frame")
		}
		bt.Eval[bool](t, ctx, `(__slot.parent.insertBefore(__slot.slot, __slot.next), true)`)
		bt.WaitJS(t, ctx, `__probe.messages.filter((m) => m.frame === 0 && m.type === '`+site.FrameReady+`').length === 2`, 30*time.Second)
		if got := embedMessages(t, ctx, 0, site.FrameHeight); got <= heights {
			t.Errorf("no new height after the frame came back (%d height messages, %d before)", got, heights)
		}
		if n := bt.Eval[int](t, ctx, `__probe.frames().length`); n != 1 {
			t.Errorf("%d frames after the widget came back, want 1", n)
		}
		embedCheckFit(t, ctx, 0)

		// A container that a single-page app renders later, with a
		// fallback child of its own, in the dark theme.
		bt.Eval[bool](t, ctx, `(() => {
			const div = document.createElement('div');
			div.id = 'later';
			div.dataset.policy = 'privacy';
			div.dataset.offset = '64';
			div.dataset.theme = 'dark';
			const a = document.createElement('a');
			a.href = '/privacy';
			a.textContent = 'Privacy policy';
			div.append(a);
			document.querySelector('.host-footer').before(div);
			return true;
		})()`)
		bt.WaitJS(t, ctx, `__probe.messages.some((m) => m.frame === 1 && m.type === '`+site.FrameReady+`')`, 30*time.Second)
		type container struct {
			Frames   int
			Children string
			Shows    bool
		}
		c := bt.Eval[container](t, ctx, `(() => {
			const div = document.getElementById('later');
			return {
				frames: div.shadowRoot.querySelector('policy-widget').shadowRoot.querySelectorAll('iframe').length,
				children: div.innerHTML,
				shows: div.querySelector('a').checkVisibility(),
			};
		})()`)
		if c.Frames != 1 || c.Children != `<a href="/privacy">Privacy policy</a>` || c.Shows {
			t.Errorf("the container: %+v; want one frame in its shadow root, its child as it was, hidden once the policy shows", c)
		}
		if shows := bt.Eval[bool](t, ctx, `__probe.messages.find((m) => m.frame === 1 && m.type === '`+site.FrameHeight+`').fallback`); !shows {
			t.Error("the container's child did not show until the policy did")
		}
		embedCheckFit(t, ctx, 1)
		if toc := embedFrameEval[bool](t, ctx, 1, `getComputedStyle(document.querySelector('.policy-embed-toc')).display !== 'none'`); toc {
			t.Error("the TOC shows without data-toc")
		}
		// data-theme="dark" on a browser in light mode.
		const theme = `getComputedStyle(document.documentElement).colorScheme + ' ' + getComputedStyle(document.body).backgroundColor`
		if dark, light := embedFrameEval[string](t, ctx, 1, theme), embedFrameEval[string](t, ctx, 0, theme); !strings.HasPrefix(dark, "dark ") || dark[5:] == light[strings.IndexByte(light, ' ')+1:] {
			t.Errorf("data-theme=dark gives %q, the default %q; want the dark theme", dark, light)
		}
		bt.Eval[bool](t, ctx, `(document.getElementById('later').remove(), true)`)
		if n := bt.Eval[int](t, ctx, `__probe.frames().length`); n != 1 {
			t.Errorf("%d frames after the container left, want 1", n)
		}

		// Containers that have a shadow root already, or cannot have one,
		// are left alone.
		bt.Eval[bool](t, ctx, `(() => {
			const div = document.createElement('div');
			div.id = 'shadowed';
			div.attachShadow({mode: 'open'});
			div.dataset.policy = 'privacy';
			const li = document.createElement('li');
			li.id = 'item';
			li.dataset.policy = 'privacy';
			document.querySelector('main').append(div, li);
			return true;
		})()`)
		type alone struct {
			Shadowed int
			Item     bool
			Frames   int
		}
		if got := bt.Eval[alone](t, ctx, `({shadowed: document.getElementById('shadowed').shadowRoot.childNodes.length, item: !!document.getElementById('item').shadowRoot, frames: __probe.frames().length})`); got != (alone{0, false, 1}) {
			t.Errorf("containers with a shadow root, or that cannot have one: %+v; want them untouched and no frame added", got)
		}
		bt.Eval[bool](t, ctx, `(document.getElementById('shadowed').remove(), document.getElementById('item').remove(), true)`)
	})

	t.Run("data-section", func(t *testing.T) {
		bt.Run(t, ctx, chromedp.Navigate(host.URL+"/section.html"))
		bt.WaitJS(t, ctx, `__probe.messages.some((m) => m.frame === 0 && m.type === '`+site.FrameReady+`')`, 30*time.Second)
		embedCheckLanded(t, ctx, 0, "cookies", 0)
		if href := bt.Eval[string](t, ctx, `location.href`); href != host.URL+"/section.html" {
			t.Errorf("host URL = %q, want it unchanged", href)
		}
	})

	t.Run("host hash on load", func(t *testing.T) {
		bt.Run(t, ctx, chromedp.Navigate(host.URL+"/#privacy:how-to-manage-cookies"))
		embedCheckLanded(t, ctx, 0, "how-to-manage-cookies", 0)
	})

	t.Run("origin not allowed", func(t *testing.T) {
		res, err := http.Get(srv.URL + "/embed/privacy")
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		csp := res.Header.Get("Content-Security-Policy")
		if !strings.Contains(csp, "frame-ancestors 'self' "+host.URL) || strings.Contains(csp, denied.URL) {
			t.Errorf("/embed/privacy CSP = %q; want frame-ancestors 'self' %s only", csp, host.URL)
		}
		bt.Run(t, ctx, chromedp.Navigate(denied.URL+"/element.html"))
		// Chromium shows its error page instead of the policy.
		var frames []cdp.Frame
		bt.Poll(10*time.Second, func() bool {
			frames = nil
			bt.Run(t, ctx, chromedp.Func(func(ctx context.Context, tgt *chromedp.Target) error {
				tree, err := cdp.Call(ctx, tgt, page.GetFrameTree, cdp.Empty{})
				if err == nil {
					for _, c := range tree.FrameTree.ChildFrames {
						frames = append(frames, *c.Frame)
					}
				}
				return err
			}))
			return len(frames) == 1 && strings.HasPrefix(frames[0].URL, "chrome-error:")
		})
		if len(frames) != 1 || !strings.HasPrefix(frames[0].URL, "chrome-error:") || !strings.Contains(frames[0].UnreachableURL, "/embed/privacy") {
			t.Fatalf("frames of the host not allowed: %+v; want one, blocked (chrome-error, unreachable /embed/privacy)", frames)
		}
		bt.WaitJS(t, ctx, `document.readyState === 'complete'`, 10*time.Second)
		// The error page sends nothing; the fallback stays, the frame has
		// no height.
		if got := bt.Eval[[]string](t, ctx, `__probe.messages.filter((m) => m.type && m.type.startsWith('policy:')).map((m) => m.type)`); len(got) > 0 {
			t.Errorf("a frame on a host not allowed sent %q", got)
		}
		type blocked struct {
			Height   float64
			Fallback bool
		}
		if b := bt.Eval[blocked](t, ctx, `({height: __probe.frames()[0].getBoundingClientRect().height, fallback: document.querySelector('policy-widget > a').checkVisibility()})`); b.Height != 0 || !b.Fallback {
			t.Errorf("on a host not allowed: %+v; want the fallback link on screen and a frame 0 px high", b)
		}
	})

	if errs := bt.ConsoleErrors(ctx); len(errs) > 0 {
		t.Errorf("console errors: %q", errs)
	}
}

// TestEmbedFrameScoped frames /embed/privacy in a page of the site itself,
// where the test can see into the frame's own window: frame.js and nav.js
// patch no built-in there, and go-app's scroll to a fragment of the frame
// becomes one request to the parent to scroll, not a scroll of its own.
func TestEmbedFrameScoped(t *testing.T) {
	srv := startServer(t)
	ctx := bt.NewBrowser(t, bt.Options{Width: 1280, Height: 800})
	bt.Run(t, ctx, chromedp.Navigate(srv.URL+"/?wasm=false"))
	bt.WaitJS(t, ctx, `document.readyState === 'complete'`, 10*time.Second)
	bt.Eval[chromedp.Void](t, ctx, `(() => {
		window.__scrolls = [];
		addEventListener('message', (e) => e.data && e.data.type === '`+site.FrameScroll+`' && __scrolls.push(e.data.id));
		const frame = document.createElement('iframe');
		frame.src = '/embed/privacy';
		frame.style.height = '600px';
		document.body.append(frame);
	})()`)
	const frameMounted = `!!frames[0]?.document.querySelector('.` + site.PageClass + site.Mounted + `')`
	bt.WaitJS(t, ctx, frameMounted, 30*time.Second)
	if !bt.Eval[bool](t, ctx, `frames[0].document.documentElement.classList.contains('policy-frame-framed')`) {
		t.Fatal("frame.js does not see the frame as framed")
	}
	if !bt.Eval[bool](t, ctx, nativeBuiltins+`(frames[0])`) {
		t.Error("a built-in of the frame is patched")
	}

	// go-app's scroll to the fragment of the URL, as it calls it after a
	// mount or popstate: a bare scrollIntoView() on the target. (The
	// fragment is set without a navigation, which the browser would scroll
	// to itself.) nav.js guards the elements with an id once the browser is
	// idle after a mount.
	bt.WaitJS(t, ctx, `Object.hasOwn(frames[0].document.getElementById('how-do-we-use-cookies'), 'scrollIntoView')`, 10*time.Second)
	bt.Eval[chromedp.Void](t, ctx, `(() => {
		const w = frames[0];
		w.history.replaceState(null, '', '#how-do-we-use-cookies');
		w.document.getElementById('how-do-we-use-cookies').scrollIntoView();
	})()`)
	bt.WaitJS(t, ctx, `__scrolls.length > 0`, 10*time.Second)
	// A second request would come before a message posted once the frame
	// has painted again and run a task after that: posted messages arrive
	// in order.
	bt.Eval[chromedp.Void](t, ctx, `(() => {
		window.__barrier = false;
		addEventListener('message', (e) => e.data === 'test:barrier' && (__barrier = true));
		frames[0].requestAnimationFrame(() => frames[0].setTimeout(() => postMessage('test:barrier', '*')));
	})()`)
	bt.WaitJS(t, ctx, `__barrier`, 10*time.Second)
	if got := bt.Eval[[]string](t, ctx, `__scrolls`); len(got) != 1 || got[0] != "how-do-we-use-cookies" {
		t.Errorf("scroll requests to the parent: %q, want one for how-do-we-use-cookies", got)
	}
	if y := bt.Eval[[]float64](t, ctx, `[frames[0].scrollY, scrollY]`); y[0] != 0 || y[1] != 0 {
		t.Errorf("the frame scrolled to %.0f, its parent to %.0f; want neither to scroll by itself", y[0], y[1])
	}
	if errs := bt.ConsoleErrors(ctx); len(errs) > 0 {
		t.Errorf("console errors: %q", errs)
	}
}
