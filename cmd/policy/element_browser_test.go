//go:build !wasm

package main

import (
	"bytes"
	"context"
	"fmt"
	"image/png"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/domdebugger"
	"github.com/chromedp/cdproto/heapprofiler"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/performance"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"github.com/seqeralabs/policy-widget/app/site"
	bt "github.com/seqeralabs/policy-widget/cmd/internal/browsertest"
)

// The browser tests of <policy-widget> on the plain HTML recipe
// (web/examples/plain), served by a host of another origin.

// The body's background of the frame in each theme (app.css's --bg).
const (
	frameLight = "rgb(255, 255, 255)"
	frameDark  = "rgb(19, 17, 24)"
)

// frameBackground is the body's background in a frame.
const frameBackground = `getComputedStyle(document.body).backgroundColor`

// elementJS returns an expression of the host page on its <policy-widget>.
func elementJS(expr string) string {
	return `((w) => ` + expr + `)(document.querySelector('policy-widget'))`
}

// TestEmbedElement embeds the privacy policy with <policy-widget> in the
// plain HTML recipe, and goes through what the element does: its fallback,
// its events, section navigation, every attribute, the sizing of its frame,
// the host's theme and custom properties, and accessibility.
func TestEmbedElement(t *testing.T) {
	host, srv := startEmbed(t, bt.Binary(t))
	ctx := bt.NewBrowser(t, bt.Options{Width: 1280, Height: 800})
	installEmbedProbe(t, ctx)
	bt.Run(t, ctx, chromedp.Navigate(host.URL+"/element.html"))
	bt.WaitJS(t, ctx, `__probe.messages.some((m) => m.frame === 0 && m.type === '`+site.FrameReady+`' && m.data.mounted === true) && __probe.events.some((e) => e.type === 'policy:viewed')`, 30*time.Second)

	t.Run("fallback until the policy shows", func(t *testing.T) {
		// When the first height reached the host, before the element
		// took it, the fallback link was on screen; now the frame is.
		if shows := bt.Eval[bool](t, ctx, `__probe.messages.find((m) => m.frame === 0 && m.type === '`+site.FrameHeight+`').fallback`); !shows {
			t.Error("the fallback did not show until the policy did")
		}
		type state struct {
			Fallback   bool
			Children   string
			Attributes []string
			Frames     int
			Sheets     int
		}
		got := bt.Eval[state](t, ctx, elementJS(`({
			fallback: w.querySelector('a').checkVisibility(),
			children: w.innerHTML.trim(),
			attributes: w.getAttributeNames(),
			frames: __probe.frames().length,
			sheets: w.shadowRoot.adoptedStyleSheets.length,
		})`))
		want := state{Children: `<a href="` + srv.URL + `/privacy">Read our privacy policy</a>`, Attributes: []string{"policy", "toc", "offset"}, Frames: 1, Sheets: 1}
		if got.Fallback || got.Children != want.Children || !slices.Equal(got.Attributes, want.Attributes) || got.Frames != 1 || got.Sheets != 1 {
			t.Errorf("the element: %+v;\nwant the fallback hidden, the children and attributes as the page has them, one frame, one adopted style sheet: %+v", got, want)
		}
	})

	t.Run("shows the policy", func(t *testing.T) {
		type content struct {
			Mounted, TOC bool
			H1           string
		}
		c := embedFrameEval[content](t, ctx, 0, `({
			mounted: `+mounted+`,
			toc: getComputedStyle(document.querySelector('.policy-embed-toc')).display !== 'none',
			h1: document.querySelector('article h1').textContent,
		})`)
		if !c.Mounted || c.H1 != "Privacy policy" || !c.TOC {
			t.Errorf("frame: %+v; want the mounted policy with its TOC", c)
		}
		if got := bt.Eval[string](t, ctx, `__probe.frames()[0].title`); got != "Privacy policy" {
			t.Errorf("frame title = %q, want the policy's heading", got)
		}
		embedCheckFit(t, ctx, 0)
		embedCheckHostClean(t, ctx, srv.URL, 1)
	})

	t.Run("a second copy of the script", func(t *testing.T) {
		// Another tag of embed.js (two bundles of one app load it): the
		// first copy keeps serving the page.
		if !bt.Eval[bool](t, ctx, `new Promise((resolve, reject) => {
			const element = customElements.get('policy-widget'), api = window.PolicyWidget;
			const s = document.createElement('script');
			s.src = `+jsString(srv.URL+"/embed.js")+`;
			s.onload = () => resolve(customElements.get('policy-widget') === element && window.PolicyWidget === api);
			s.onerror = reject;
			document.head.append(s);
		})`) {
			t.Error("a second copy of embed.js replaced the element's definition or window.PolicyWidget")
		}
		if n := bt.Eval[int](t, ctx, `__probe.frames().length`); n != 1 {
			t.Errorf("%d frames after a second copy of the script, want 1", n)
		}
	})

	t.Run("events", func(t *testing.T) {
		type event struct {
			Type, Target string
			Detail       map[string]any
		}
		got := bt.Eval[[]event](t, ctx, `__probe.events`)
		want := []event{
			{"policy:loaded", "policy-widget", map[string]any{"policy": "privacy", "title": "Privacy policy"}},
			{"policy:viewed", "policy-widget", map[string]any{"policy": "privacy", "version": "2021-02-27", "since": nil, "changed": 0.0}},
		}
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("events:\n%+v\nwant\n%+v", got, want)
		}
		// The recipe's app.js records the version shown, once.
		var posts []string
		bt.Poll(5*time.Second, func() bool { posts = host.postsTo("/api/seen"); return len(posts) > 0 })
		if len(posts) != 1 || posts[0] != `{"policy":"privacy","version":"2021-02-27"}` {
			t.Errorf("app.js posted %q, want the version once", posts)
		}
	})

	t.Run("TOC click", func(t *testing.T) {
		type point struct{ X, Y float64 }
		link := embedFrameEval[point](t, ctx, 0, `(() => {
			const r = document.querySelector('nav#toc a[href="#cookies"]').getBoundingClientRect();
			return {x: r.left + r.width / 2, y: r.top + r.height / 2};
		})()`)
		frame := bt.Eval[point](t, ctx, `(() => { const r = __probe.frames()[0].getBoundingClientRect(); return {x: r.left, y: r.top}; })()`)
		scrolls := embedMessages(t, ctx, 0, site.FrameScroll)
		bt.Run(t, ctx, chromedp.MouseClickXY(frame.X+link.X, frame.Y+link.Y))
		embedCheckLanded(t, ctx, 0, "cookies", scrolls)
		if got := bt.Eval[[]string](t, ctx, `__probe.events.filter((e) => e.type === 'policy:section').map((e) => e.detail.policy + ' ' + e.detail.id)`); len(got) != 1 || got[0] != "privacy cookies" {
			t.Errorf("policy:section events %q, want one for cookies", got)
		}
	})

	t.Run("goto", func(t *testing.T) {
		scrolls := embedMessages(t, ctx, 0, site.FrameScroll)
		bt.Eval[bool](t, ctx, elementJS(`(w.goto('how-do-we-store-your-data'), true)`))
		embedCheckLanded(t, ctx, 0, "how-do-we-store-your-data", scrolls)
		// Asked by the host, not the reader: no policy:section.
		if n := embedEvents(t, ctx, "policy:section"); n != 1 {
			t.Errorf("%d policy:section events, want still 1", n)
		}
	})

	t.Run("section attribute", func(t *testing.T) {
		scrolls := embedMessages(t, ctx, 0, site.FrameScroll)
		bt.Eval[bool](t, ctx, elementJS(`(w.setAttribute('section', 'how-to-manage-cookies'), true)`))
		embedCheckLanded(t, ctx, 0, "how-to-manage-cookies", scrolls)
		bt.Eval[bool](t, ctx, elementJS(`(w.removeAttribute('section'), true)`))
	})

	t.Run("toc and label attributes", func(t *testing.T) {
		loads := embedMessages(t, ctx, 0, site.FrameLoaded)
		withTOC := embedFitOf(t, ctx, 0).FrameHeight
		bt.Eval[bool](t, ctx, elementJS(`(w.removeAttribute('toc'), true)`))
		embedWaitFrame(t, ctx, 0, `getComputedStyle(document.querySelector('.policy-embed-toc')).display === 'none'`, 5*time.Second)
		embedWaitFit(t, ctx, 0)
		if without := embedFitOf(t, ctx, 0).FrameHeight; without >= withTOC {
			t.Errorf("the frame is %.0f px without its TOC, %.0f px with it", without, withTOC)
		}
		bt.Eval[bool](t, ctx, elementJS(`(w.setAttribute('toc', ''), true)`))
		embedWaitFrame(t, ctx, 0, `getComputedStyle(document.querySelector('.policy-embed-toc')).display !== 'none'`, 5*time.Second)
		embedWaitFit(t, ctx, 0)
		if got := embedMessages(t, ctx, 0, site.FrameLoaded); got != loads {
			t.Errorf("the frame loaded again for the TOC (%d loads, %d before)", got, loads)
		}
		for _, c := range []struct{ set, want string }{
			{`w.setAttribute('label', 'Our privacy policy')`, "Our privacy policy"},
			{`w.removeAttribute('label')`, "Privacy policy"},
		} {
			if got := bt.Eval[string](t, ctx, elementJS(`(`+c.set+`, __probe.frames()[0].title)`)); got != c.want {
				t.Errorf("%s: the frame's title is %q, want %q", c.set, got, c.want)
			}
		}
	})

	t.Run("sizing", func(t *testing.T) {
		// The frame's height follows its content as the host narrows and
		// widens again: back at 1280 px it needs what it needed before.
		var heights []float64
		for _, width := range []int64{1280, 390, 1280} {
			bt.Run(t, ctx, chromedp.EmulateViewport(width, 800))
			heights = append(heights, embedWaitFit(t, ctx, 0))
		}
		t.Logf("frame heights at 1280, 390 and 1280 px: %.0f, %.0f, %.0f px", heights[0], heights[1], heights[2])
		if heights[1] <= heights[0] || math.Abs(heights[2]-heights[0]) > 2 {
			t.Errorf("frame heights at 1280, 390 and 1280 px: %.0f, %.0f, %.0f; want it taller when narrow, and as before when wide again", heights[0], heights[1], heights[2])
		}
		embedCheckFit(t, ctx, 0)
	})

	t.Run("host theme", func(t *testing.T) {
		// The host switches its theme both ways, three times: the frame
		// follows, without a reload, each time within the goal of 200 ms
		// (the time from the host's change to the frame's first animation
		// frame in the new theme).
		loads := embedMessages(t, ctx, 0, site.FrameLoaded)
		var times []time.Duration
		for range 3 {
			for _, c := range []struct{ set, scheme, background string }{
				{`document.documentElement.dataset.theme = 'dark'`, "dark", frameDark},
				{`document.documentElement.dataset.theme = 'light'`, "light", frameLight},
			} {
				times = append(times, embedThemeSwitch(t, ctx, c.set, c.background))
				if got := bt.Eval[string](t, ctx, `getComputedStyle(__probe.frames()[0]).colorScheme`); got != c.scheme {
					t.Errorf("%s: the iframe's color-scheme is %q, want %q (no opaque backdrop behind the frame)", c.set, got, c.scheme)
				}
			}
		}
		sorted := slices.Clone(times)
		slices.Sort(sorted)
		median := sorted[len(sorted)/2]
		t.Logf("theme switches: %v, median %v", times, median)
		if median > 200*time.Millisecond {
			t.Errorf("the frame showed the host's new theme after %v (median of %v), more than 200 ms", median, times)
		}
		if got := embedMessages(t, ctx, 0, site.FrameLoaded); got != loads {
			t.Errorf("the frame loaded again for the theme (%d loads, %d before)", got, loads)
		}
		bt.Eval[bool](t, ctx, `(delete document.documentElement.dataset.theme, true)`)
	})

	t.Run("theme sources", func(t *testing.T) {
		reset := `(() => {
			for (const el of [document.documentElement, document.body]) {
				for (const a of ['data-theme', 'data-bs-theme', 'data-mode', 'class', 'style']) el.removeAttribute(a);
			}
			return true;
		})()`
		for _, c := range []struct {
			name, set, system string
			want              string // the frame's background
		}{
			{"nothing, system light", ``, "light", frameLight},
			{"nothing, system dark", ``, "dark", frameDark},
			{"data-theme on html", `document.documentElement.setAttribute('data-theme', 'dark')`, "light", frameDark},
			{"data-theme light on a dark system", `document.documentElement.setAttribute('data-theme', 'light')`, "dark", frameLight},
			{"data-bs-theme on body", `document.body.setAttribute('data-bs-theme', 'dark')`, "light", frameDark},
			{"data-mode", `document.documentElement.setAttribute('data-mode', 'dark')`, "light", frameDark},
			{"dark class", `document.documentElement.classList.add('dark')`, "light", frameDark},
			{"color-scheme dark", `document.documentElement.style.colorScheme = 'dark'`, "light", frameDark},
			{"color-scheme light dark, system dark", `document.documentElement.style.colorScheme = 'light dark'`, "dark", frameDark},
			{"color-scheme light dark, system light", `document.documentElement.style.colorScheme = 'light dark'`, "light", frameLight},
			{"an unknown data-theme", `document.documentElement.setAttribute('data-theme', 'sepia')`, "light", frameLight},
		} {
			bt.Eval[bool](t, ctx, reset)
			a11yColorScheme(t, ctx, c.system)
			if c.set != "" {
				bt.Eval[bool](t, ctx, `(`+c.set+`, true)`)
			}
			embedWaitFrame(t, ctx, 0, frameBackground+` === `+jsString(c.want), 5*time.Second)
			if t.Failed() {
				t.Fatalf("%s", c.name)
			}
		}
		bt.Eval[bool](t, ctx, reset)
		a11yColorScheme(t, ctx, "light")
	})

	t.Run("theme attribute", func(t *testing.T) {
		bt.Eval[bool](t, ctx, `(document.documentElement.dataset.theme = 'dark', true)`)
		for _, c := range []struct {
			set  string
			want string
		}{
			{`w.setAttribute('theme', 'light')`, frameLight}, // forced, on a dark host
			{`w.setAttribute('theme', 'auto')`, frameLight},  // the reader's system is light
			{`w.setAttribute('theme', 'dark')`, frameDark},
			{`w.removeAttribute('theme')`, frameDark}, // the host's
		} {
			bt.Eval[bool](t, ctx, elementJS(`(`+c.set+`, true)`))
			embedWaitFrame(t, ctx, 0, frameBackground+` === `+jsString(c.want), 5*time.Second)
		}
		bt.Eval[bool](t, ctx, `(delete document.documentElement.dataset.theme, true)`)
		embedWaitFrame(t, ctx, 0, frameBackground+` === `+jsString(frameLight), 5*time.Second)
	})

	t.Run("custom properties", func(t *testing.T) {
		// The recipe's style sheet gives the policy its accent in each
		// theme.
		link := `getComputedStyle(document.querySelector('.policy-body p a')).color`
		embedWaitFrame(t, ctx, 0, link+` === 'rgb(109, 40, 217)'`, 5*time.Second)
		bt.Eval[bool](t, ctx, `(document.documentElement.dataset.theme = 'dark', true)`)
		embedWaitFrame(t, ctx, 0, link+` === 'rgb(196, 181, 253)' && `+frameBackground+` === `+jsString(frameDark), 5*time.Second)
		// A host that gives the widget a font and a transparent
		// background: the frame shows the host's own background through
		// it (the frame's color-scheme matches its page's, so the browser
		// paints no opaque backdrop).
		bt.Eval[bool](t, ctx, elementJS(`(w.style.setProperty('--policy-font', 'serif'),
			w.style.setProperty('--policy-background', 'transparent'),
			document.documentElement.dataset.theme = 'light',
			document.documentElement.dataset.theme = 'dark', true)`))
		embedWaitFrame(t, ctx, 0, frameBackground+` === 'rgba(0, 0, 0, 0)'`, 5*time.Second)
		if font := embedFrameEval[string](t, ctx, 0, `getComputedStyle(document.body).fontFamily`); font != "serif" {
			t.Errorf("the frame's font is %q, want serif", font)
		}
		r, g, b := embedPixel(t, ctx, `(() => { const r = __probe.frames()[0].getBoundingClientRect(); return {x: r.left + 2, y: Math.min(Math.max(r.top, 64) + 20, r.bottom - 2)}; })()`)
		if r != 16 || g != 16 || b != 20 {
			t.Errorf("the frame's corner is rgb(%d, %d, %d), want the host's background rgb(16, 16, 20)", r, g, b)
		}
		bt.Eval[bool](t, ctx, elementJS(`(w.removeAttribute('style'), delete document.documentElement.dataset.theme, true)`))
		embedWaitFrame(t, ctx, 0, link+` === 'rgb(109, 40, 217)' && `+frameBackground+` === `+jsString(frameLight), 5*time.Second)
	})

	t.Run("axe", func(t *testing.T) {
		// axe on the host page, the frame included: axe-core in the frame
		// (an isolated world) answers the host's, so that the rules that
		// span frames (one main landmark in the page, content in
		// landmarks, where the frame is in one) judge the page as a whole.
		// By default axe talks to frames of its own origin only.
		source, run := bt.AxeScript(t)
		configure := fmt.Sprintf(`;axe.configure({allowedOrigins: [%q, %q]});0`, host.URL, srv.URL)
		bt.Eval[any](t, ctx, source+configure)
		for _, theme := range []struct{ set, background string }{
			{`document.documentElement.dataset.theme = 'light'`, frameLight},
			{`document.documentElement.dataset.theme = 'dark'`, frameDark},
		} {
			bt.Eval[bool](t, ctx, `(`+theme.set+`, true)`)
			embedWaitFrame(t, ctx, 0, frameBackground+` === `+jsString(theme.background), 5*time.Second)
			worldEval[any](t, ctx, embedWorld(t, ctx, 0), source+configure)
			if vs := bt.Eval[[]bt.Violation](t, ctx, run); len(vs) > 0 {
				t.Errorf("%s: axe found %d violations:\n%s", theme.set, len(vs), bt.FormatViolations(vs))
			}
			if !bt.Eval[bool](t, ctx, `axe.run(document, {runOnly: ['frame-tested']}).then((r) => r.passes.length === 1 && r.incomplete.length === 0 && r.violations.length === 0)`) {
				t.Errorf("%s: axe did not test the frame", theme.set)
			}
		}
		bt.Eval[bool](t, ctx, `(delete document.documentElement.dataset.theme, true)`)
	})

	t.Run("since and policy attributes", func(t *testing.T) {
		// since loads the frame again for that version.
		mounts := embedMessages(t, ctx, 0, site.FrameReady)
		bt.Eval[bool](t, ctx, elementJS(`(w.setAttribute('since', '2021-02-27T10:00:00Z'), true)`))
		bt.WaitJS(t, ctx, fmt.Sprintf(`__probe.messages.filter((m) => m.frame === 0 && m.type === '`+site.FrameReady+`').length > %d`, mounts), 30*time.Second)
		if src := bt.Eval[string](t, ctx, `__probe.frames()[0].src`); !strings.HasSuffix(src, "/embed/privacy?toc=1&theme=light&since=2021-02-27") {
			t.Errorf("frame src %q, want the since date in it", src)
		}
		// Another policy: an unknown one shows nothing, so the fallback
		// shows again; back to the privacy policy.
		bt.Eval[bool](t, ctx, elementJS(`(w.setAttribute('policy', 'nope'), true)`))
		if got := bt.Eval[string](t, ctx, elementJS(`__probe.frames()[0].src + ' ' + w.querySelector('a').checkVisibility()`)); !strings.Contains(got, "/embed/nope?") || !strings.HasSuffix(got, " true") {
			t.Errorf("policy=nope: %q; want a frame of /embed/nope and the fallback on screen", got)
		}
		loaded := embedEvents(t, ctx, "policy:loaded")
		bt.Eval[bool](t, ctx, elementJS(`(w.setAttribute('policy', 'privacy'), w.removeAttribute('since'), true)`))
		bt.WaitJS(t, ctx, fmt.Sprintf(`__probe.events.filter((e) => e.type === 'policy:loaded').length > %d && !document.querySelector('policy-widget > a').checkVisibility()`, loaded), 30*time.Second)
		if n := bt.Eval[int](t, ctx, `__probe.frames().length`); n != 1 {
			t.Errorf("%d frames, want 1", n)
		}
		embedCheckFit(t, ctx, 0)
	})

	t.Run("viewed once per view", func(t *testing.T) {
		// One policy:viewed, and one post of app.js, for each time the
		// frame's client mounted the policy: the first load and since's.
		bt.WaitJS(t, ctx, `__probe.messages.filter((m) => m.frame === 0 && m.type === '`+site.FrameReady+`').length === 3`, 30*time.Second)
		bt.WaitJS(t, ctx, `__probe.events.filter((e) => e.type === 'policy:viewed').length === 3`, 10*time.Second)
		bt.Poll(5*time.Second, func() bool { return len(host.postsTo("/api/seen")) >= 3 })
		if got := host.postsTo("/api/seen"); len(got) != 3 {
			t.Errorf("app.js posted %d times, want 3: %q", len(got), got)
		}
	})

	t.Run("dark host", func(t *testing.T) {
		// A host that is dark before it first paints (as Docusaurus sets
		// data-theme): the frame's first paint is dark too.
		bt.Run(t, ctx, chromedp.Navigate(host.URL+"/dark.html"))
		bt.WaitJS(t, ctx, `__probe.events.some((e) => e.type === 'policy:loaded') && __probe.messages.some((m) => m.type === 'probe:first-frame')`, 30*time.Second)
		type first struct {
			Painted            int
			Scheme, Background string
		}
		got := bt.Eval[first](t, ctx, `__probe.messages.find((m) => m.type === 'probe:first-frame').data`)
		t.Logf("the frame's document before its first paint: %+v", got)
		if got.Painted != 0 || got.Scheme != "dark" || (got.Background != "" && got.Background != frameDark) {
			t.Errorf("the frame's document before its first paint: %+v; want the dark scheme and background", got)
		}
		if src := bt.Eval[string](t, ctx, `__probe.frames()[0].src`); !strings.Contains(src, "theme=dark") {
			t.Errorf("frame src %q, want theme=dark", src)
		}
		if got := bt.Eval[string](t, ctx, `getComputedStyle(__probe.frames()[0]).colorScheme`); got != "dark" {
			t.Errorf("the iframe's color-scheme is %q, want dark", got)
		}
		r, g, b := embedPixel(t, ctx, `(() => { const r = __probe.frames()[0].getBoundingClientRect(); return {x: r.left + 2, y: Math.min(Math.max(r.top, 64) + 20, r.bottom - 2)}; })()`)
		if r != 19 || g != 17 || b != 24 {
			t.Errorf("the frame's corner is rgb(%d, %d, %d), want the dark theme's rgb(19, 17, 24)", r, g, b)
		}
		embedCheckHostClean(t, ctx, srv.URL, 1)
	})

	if errs := bt.ConsoleErrors(ctx); len(errs) > 0 {
		t.Errorf("console errors: %q", errs)
	}
}

// embedWaitFit waits until frame n fits its content and its height stays
// the same for three polls, and returns that height.
func embedWaitFit(t *testing.T, ctx context.Context, n int) float64 {
	t.Helper()
	last, same := -1.0, 0
	var f embedFit
	settled := bt.Poll(10*time.Second, func() bool {
		f = embedFitOf(t, ctx, n)
		fits := math.Abs(f.FrameHeight-f.ContentBottom) <= 2 && math.Abs(f.FrameHeight-f.InnerHeight) <= 1
		if fits && f.FrameHeight == last {
			same++
		} else {
			same = 0
		}
		last = f.FrameHeight
		return same == 2
	})
	if !settled {
		t.Fatalf("frame %d did not settle to its content: %+v", n, f)
	}
	return f.FrameHeight
}

// embedThemeSwitch runs set, a statement that changes the host's theme,
// and returns the time from then to the first animation frame of frame 0
// whose background is background.
func embedThemeSwitch(t *testing.T, ctx context.Context, set, background string) time.Duration {
	t.Helper()
	world := embedWorld(t, ctx, 0)
	worldEval[bool](t, ctx, world, `(window.__switched = new Promise((resolve) => {
		const tick = () => `+frameBackground+` === `+jsString(background)+` ? resolve(performance.timeOrigin + performance.now()) : requestAnimationFrame(tick);
		requestAnimationFrame(tick);
	}), true)`)
	start := bt.Eval[float64](t, ctx, `(() => { const t = performance.timeOrigin + performance.now(); `+set+`; return t; })()`)
	end := worldEval[float64](t, ctx, world, `window.__switched`)
	return time.Duration((end - start) * float64(time.Millisecond)).Round(100 * time.Microsecond)
}

// embedPixel returns the colour of the host page's pixel at the point (in
// CSS px) that the expression gives as {x, y}.
func embedPixel(t *testing.T, ctx context.Context, point string) (r, g, b uint8) {
	t.Helper()
	p := bt.Eval[struct{ X, Y float64 }](t, ctx, point)
	scale := bt.Eval[float64](t, ctx, `devicePixelRatio`)
	var shot []byte
	bt.Run(t, ctx, chromedp.Func(func(ctx context.Context, tgt *chromedp.Target) error {
		var err error
		shot, err = chromedp.CaptureScreenshot()(ctx, tgt)
		return err
	}))
	img, err := png.Decode(bytes.NewReader(shot))
	if err != nil {
		t.Fatal(err)
	}
	cr, cg, cb, _ := img.At(int(p.X*scale), int(p.Y*scale)).RGBA()
	return uint8(cr >> 8), uint8(cg >> 8), uint8(cb >> 8)
}

// embedCounts are what a removed widget must leave as it found: the
// listeners on the host's window and document (DOMDebugger), the mutation
// observers that observe and the timers pending (counted by the probe),
// and the frames.
type embedCounts struct {
	WindowListeners, DocumentListeners, Observers, Timers, Frames int
}

func embedCountsOf(t *testing.T, ctx context.Context) embedCounts {
	t.Helper()
	c := bt.Eval[embedCounts](t, ctx, `({observers: __probe.observers.size, timers: __probe.timers.size, frames: __probe.frames().length})`)
	c.WindowListeners = embedListeners(t, ctx, "window")
	c.DocumentListeners = embedListeners(t, ctx, "document")
	return c
}

// embedListeners returns how many event listeners the object that expr
// gives has.
func embedListeners(t *testing.T, ctx context.Context, expr string) int {
	t.Helper()
	var n int
	bt.Run(t, ctx, chromedp.Func(func(ctx context.Context, tgt *chromedp.Target) error {
		res, err := cdp.Call(ctx, tgt, runtime.Evaluate, runtime.EvaluateParams{Expression: expr})
		if err != nil {
			return err
		}
		defer cdp.Call(ctx, tgt, runtime.ReleaseObject, runtime.ReleaseObjectParams{ObjectID: res.Result.ObjectID})
		l, err := cdp.Call(ctx, tgt, domdebugger.GetEventListeners, domdebugger.GetEventListenersParams{ObjectID: res.Result.ObjectID})
		n = len(l.Listeners)
		return err
	}))
	return n
}

// embedMetrics returns Chromium's counters of the page after a garbage
// collection: JSHeapUsedSize, JSEventListeners, Documents, Frames, Nodes…
func embedMetrics(t *testing.T, ctx context.Context) map[string]float64 {
	t.Helper()
	m := map[string]float64{}
	bt.Run(t, ctx, chromedp.Func(func(ctx context.Context, tgt *chromedp.Target) error {
		if _, err := cdp.Call(ctx, tgt, heapprofiler.CollectGarbage, cdp.Empty{}); err != nil {
			return err
		}
		res, err := cdp.Call(ctx, tgt, performance.GetMetrics, cdp.Empty{})
		for _, v := range res.Metrics {
			m[v.Name] = v.Value
		}
		return err
	}))
	return m
}

// countFrames counts the frames attached to the page of ctx from now on.
func countFrames(t *testing.T, ctx context.Context) *atomic.Int64 {
	t.Helper()
	var n atomic.Int64
	err := chromedp.Listen(ctx, func(ev any) {
		if _, ok := ev.(*page.EventFrameAttached); ok {
			n.Add(1)
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	return &n
}

// TestEmbedRouter is a single-page app whose router removes the element
// and adds it again (history.pushState), 20 times: each time the policy
// shows in exactly one frame, and a removal leaves the page as it was
// before the first element came: no frame, listener, observer or timer
// left, and no growth of the page's documents, frames, listeners or heap.
func TestEmbedRouter(t *testing.T) {
	host, _ := startEmbed(t, bt.Binary(t))
	ctx := bt.NewBrowser(t, bt.Options{Width: 1280, Height: 800})
	installEmbedProbe(t, ctx)
	bt.Run(t, ctx, chromedp.Func(func(ctx context.Context, tgt *chromedp.Target) error {
		_, err := cdp.Call(ctx, tgt, performance.Enable, performance.EnableParams{})
		return err
	}))
	bt.Run(t, ctx, chromedp.Navigate(host.URL+"/spa/other"))
	bt.WaitJS(t, ctx, `document.readyState === 'complete' && customElements.get('policy-widget') !== undefined`, 10*time.Second)
	attached := countFrames(t, ctx)
	before := embedCountsOf(t, ctx)

	const cycles = 20
	var first map[string]float64
	start := time.Now()
	for i := 1; i <= cycles; i++ {
		loaded := embedEvents(t, ctx, "policy:loaded")
		bt.Eval[bool](t, ctx, `(go('/spa/policy'), true)`)
		bt.WaitJS(t, ctx, fmt.Sprintf(`__probe.events.filter((e) => e.type === 'policy:loaded').length > %d`, loaded), 30*time.Second)
		if n := bt.Eval[int](t, ctx, `__probe.frames().length`); n != 1 {
			t.Fatalf("cycle %d: %d frames, want 1", i, n)
		}
		if h1 := embedFrameEval[string](t, ctx, 0, `document.querySelector('article h1').textContent`); h1 != "Privacy policy" {
			t.Fatalf("cycle %d: the frame shows %q", i, h1)
		}
		if shows := bt.Eval[bool](t, ctx, `document.querySelector('policy-widget > a').checkVisibility()`); shows {
			t.Fatalf("cycle %d: the fallback still shows", i)
		}
		bt.Eval[bool](t, ctx, `(go('/spa/other'), true)`)
		if after := embedCountsOf(t, ctx); after != before {
			t.Fatalf("cycle %d: after the element left: %+v; before the first came: %+v", i, after, before)
		}
		// The first two cycles warm up (compiled code, the probe's first
		// records): the metrics after the second are the baseline.
		if i == 2 {
			first = embedMetrics(t, ctx)
		}
	}
	last := embedMetrics(t, ctx)
	t.Logf("%d cycles in %v; after the second and the last (after GC): heap %.0f and %.0f kB, listeners %.0f and %.0f, documents %.0f and %.0f, frames %.0f and %.0f, nodes %.0f and %.0f",
		cycles, time.Since(start).Round(time.Millisecond),
		first["JSHeapUsedSize"]/1024, last["JSHeapUsedSize"]/1024, first["JSEventListeners"], last["JSEventListeners"],
		first["Documents"], last["Documents"], first["Frames"], last["Frames"], first["Nodes"], last["Nodes"])
	for _, name := range []string{"JSEventListeners", "Documents", "Frames"} {
		if last[name] > first[name] {
			t.Errorf("%s grew from %.0f after the second cycle to %.0f after the last", name, first[name], last[name])
		}
	}
	// The heap moves a little (the probe's records, compiled code: about
	// 50 kB in 18 cycles); 18 leaked widgets, with their frames' documents
	// and scripts, would move it far more.
	if grew := last["JSHeapUsedSize"] - first["JSHeapUsedSize"]; grew > 256<<10 {
		t.Errorf("the heap grew by %.0f kB in %d cycles", grew/1024, cycles-2)
	}
	if n := attached.Load(); n != cycles {
		t.Errorf("%d frames attached in %d cycles, want one each", n, cycles)
	}
	if errs := bt.ConsoleErrors(ctx); len(errs) > 0 {
		t.Errorf("console errors: %q", errs)
	}
}

// The React 19 host page of TestEmbedReact: the recipe's RootLayout and
// Privacy (web/examples/react), rendered in Node with renderToString and
// hydrated in the browser with hydrateRoot, both bundled by esbuild.
const (
	reactApp = `import type { PolicyViewedDetail } from "./policy-widget";
import RootLayout from "./layout";
import Privacy from "./Privacy";

export default function App({ onViewed }: { onViewed?: (detail: PolicyViewedDetail) => void }) {
  return (
    <RootLayout>
      <main>
        <h1>Privacy</h1>
        <Privacy onViewed={onViewed} />
      </main>
    </RootLayout>
  );
}
`
	reactServer = `import { renderToString } from "react-dom/server";
import App from "./app";

process.stdout.write("<!DOCTYPE html>" + renderToString(<App />));
`
	// reactClient records what React reports: hydration errors and the
	// policy:viewed details that the recipe's listener passes on.
	reactClient = `import { hydrateRoot } from "react-dom/client";
import App from "./app";

const react = ((window as any).__react = {
  errors: [] as string[],
  viewed: [] as unknown[],
  upgraded: !!document.querySelector("policy-widget")?.shadowRoot, // by embed.js, before hydration
});
hydrateRoot(document, <App onViewed={(d) => react.viewed.push(d)} />, {
  onRecoverableError: (e) => react.errors.push("recoverable: " + String(e)),
  onCaughtError: (e) => react.errors.push("caught: " + String(e)),
  onUncaughtError: (e) => react.errors.push("uncaught: " + String(e)),
});
`
)

// buildReactHost returns the server-rendered page and the script that
// hydrates it, for a policy server at policyURL.
func buildReactHost(t *testing.T, policyURL string) (html, script string) {
	t.Helper()
	root := moduleRoot(t)
	dir := t.TempDir()
	files := map[string]string{"app.tsx": reactApp, "server.tsx": reactServer, "client.tsx": reactClient}
	for _, name := range []string{"layout.tsx", "Privacy.tsx"} {
		b, err := os.ReadFile(filepath.Join(root, "web", "examples", "react", name))
		if err != nil {
			t.Fatal(err)
		}
		files[name] = strings.ReplaceAll(string(b), recipeOrigin, policyURL)
	}
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Symlink(bt.NodeModules(t), filepath.Join(dir, "node_modules")); err != nil {
		t.Fatal(err)
	}
	run := func(name string, args ...string) []byte {
		t.Helper()
		cmd := exec.Command(name, args...)
		cmd.Dir = dir
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("%s %q: %v\n%s", filepath.Base(name), args, err, stderr.Bytes())
		}
		return out
	}
	// React's development builds, whose hydration reports the most.
	esbuild := bt.NodeBin(t, "esbuild")
	common := []string{"--bundle", "--jsx=automatic", "--log-level=warning", `--define:process.env.NODE_ENV="development"`}
	run(esbuild, append([]string{"server.tsx", "--platform=node", "--outfile=server.js"}, common...)...)
	run(esbuild, append([]string{"client.tsx", "--platform=browser", "--format=iife", "--outfile=client.js"}, common...)...)
	page := string(run("node", "server.js"))
	client, err := os.ReadFile(filepath.Join(dir, "client.js"))
	if err != nil {
		t.Fatal(err)
	}
	// The hydrating script runs after embed.js, which has defined the
	// element by then: React finds it upgraded, as a site's bundle does.
	const head = "</head>"
	if !strings.Contains(page, `<script src="`+policyURL+`/embed.js" defer=""></script>`) || strings.Count(page, head) != 1 {
		t.Fatalf("the server-rendered page has no embed.js in its head:\n%s", page)
	}
	page = strings.Replace(page, head, `<script src="/react.js" defer=""></script>`+head, 1)
	return page, string(client)
}

// TestEmbedReact renders the React recipe on the server, hydrates it in
// Chromium with React 19 after embed.js has upgraded its element: no
// hydration error, one frame created in all, the children and attributes
// that React rendered as they were, and the recipe's event listener and
// goto work.
func TestEmbedReact(t *testing.T) {
	host, srv := startEmbed(t, bt.Binary(t))
	html, script := buildReactHost(t, srv.URL)
	host.add("/react.html", "text/html; charset=utf-8", html)
	host.add("/react.js", "text/javascript", script)

	ctx := bt.NewBrowser(t, bt.Options{Width: 1280, Height: 800})
	installEmbedProbe(t, ctx)
	attached := countFrames(t, ctx)
	bt.Run(t, ctx, chromedp.Navigate(host.URL+"/react.html"))
	hydrated := `Object.keys(document.querySelector('policy-widget')).some((k) => k.startsWith('__reactFiber'))`
	bt.WaitJS(t, ctx, hydrated+` && window.__react.viewed.length > 0 && __probe.messages.some((m) => m.type === '`+site.FrameReady+`')`, 30*time.Second)

	if !bt.Eval[bool](t, ctx, `window.__react.upgraded`) {
		t.Error("embed.js had not upgraded the element when React hydrated it")
	}
	if errs := bt.Eval[[]string](t, ctx, `window.__react.errors`); len(errs) > 0 {
		t.Errorf("React reported: %q", errs)
	}
	if errs := bt.ConsoleErrors(ctx); len(errs) > 0 {
		t.Errorf("console errors: %q", errs)
	}
	if n := attached.Load(); n != 1 {
		t.Errorf("%d frames created, want 1", n)
	}
	type element struct {
		Attributes []string
		Children   string
		Frames     int
	}
	got := bt.Eval[element](t, ctx, elementJS(`({attributes: w.getAttributeNames(), children: w.innerHTML, frames: __probe.frames().length})`))
	if !slices.Equal(got.Attributes, []string{"policy", "toc", "offset"}) || got.Children != `<a href="`+srv.URL+`/privacy">Read our privacy policy</a>` || got.Frames != 1 {
		t.Errorf("the element after hydration: %+v; want React's attributes and children, and one frame", got)
	}
	if got := bt.Eval[[]string](t, ctx, `window.__react.viewed.map((d) => d.policy + ' ' + d.version)`); len(got) != 1 || got[0] != "privacy 2021-02-27" {
		t.Errorf("the recipe's onViewed got %q, want the version once", got)
	}
	// The recipe's button calls goto.
	scrolls := embedMessages(t, ctx, 0, site.FrameScroll)
	bt.Run(t, ctx, chromedp.Click(chromedp.CSS(`main button`)))
	embedCheckLanded(t, ctx, 0, "cookies", scrolls)
	embedCheckHostClean(t, ctx, srv.URL, 0, "__react")
}
