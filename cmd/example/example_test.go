//go:build !wasm

package main

import (
	"context"
	"errors"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/seqeralabs/policy-widget/app/site"
	bt "github.com/seqeralabs/policy-widget/cmd/internal/browsertest"
)

// exampleBinary returns bin/example: $EXAMPLE_BIN, or a build of
// ./cmd/example, which needs cmd/example/web/app.wasm.
func exampleBinary(t *testing.T) string {
	t.Helper()
	if p := os.Getenv("EXAMPLE_BIN"); p != "" {
		return p
	}
	root, err := bt.ModuleRoot()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(root, "cmd", "example", "web", "app.wasm")); err != nil {
		t.Fatal("cmd/example/web/app.wasm is missing: run make build (or GOOS=js GOARCH=wasm go build -o cmd/example/web/app.wasm ./cmd/example)")
	}
	bin := filepath.Join(t.TempDir(), "example")
	cmd := exec.Command("go", "build", "-o", bin, "./cmd/example")
	cmd.Dir = root
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build ./cmd/example: %v\n%s", err, out)
	}
	return bin
}

// TestExample runs the example app, another go-app v9 app that mounts the
// widget's ui.Embedded component at /legal/privacy under its own header.
func TestExample(t *testing.T) {
	srv := bt.StartServer(t, exampleBinary(t))

	// go-app prerenders the page: the policy is in the HTML, without
	// JavaScript.
	res, err := http.Get(srv.URL + "/legal/privacy")
	if err != nil {
		t.Fatal(err)
	}
	html, err := io.ReadAll(res.Body)
	res.Body.Close()
	if err != nil || res.StatusCode != http.StatusOK {
		t.Fatalf("GET /legal/privacy: %d, %v", res.StatusCode, err)
	}
	for _, want := range []string{`class="acme-header"`, `class="policy-embed"`, `id="cookies"`, `href="#cookies"`, "Carrer de Marià Aguiló, 28"} {
		if !strings.Contains(string(html), want) {
			t.Errorf("the prerendered page lacks %s", want)
		}
	}

	ctx := bt.NewBrowser(t, bt.Options{Width: 1280, Height: 800})
	bt.Run(t, ctx, chromedp.Navigate(srv.URL+"/legal/privacy"))
	bt.WaitJS(t, ctx, `document.querySelector('.`+site.EmbedClass+site.Mounted+`')`, 30*time.Second)

	type page struct {
		Title, Header, H1 string
		SiteHeader        bool
		TOC               []string
		Missing           []string
	}
	p := bt.Eval[page](t, ctx, `({
		title: document.title,
		header: document.querySelector('.acme-header .acme-brand').textContent,
		h1: document.querySelector('.policy-embed h1').textContent,
		siteHeader: !!document.querySelector('.site-header'),
		toc: [...document.querySelectorAll('.policy-embed nav#toc a.toc-link')].map((a) => a.getAttribute('href')),
		missing: [...document.querySelectorAll('.policy-embed nav#toc a.toc-link')].map((a) => a.hash.slice(1)).filter((id) => !document.getElementById(id)?.matches('article h2, article h3')),
	})`)
	if p.Header != "Acme Console" || p.SiteHeader || p.H1 != "Privacy policy" || p.Title != "Privacy Policy · Acme Console" {
		t.Errorf("page: %+v; want the app's own header and title around the policy, no widget header", p)
	}
	if len(p.TOC) != 13 || p.TOC[7] != "#cookies" || len(p.Missing) > 0 {
		t.Errorf("TOC links %q (without a heading: %q); want 13 with #cookies eighth, each to a heading", p.TOC, p.Missing)
	}

	// A TOC link brings its section just below the app's sticky header.
	bt.Run(t, ctx, chromedp.Click(chromedp.CSS(`.policy-embed nav#toc a[href="#cookies"]`)))
	// nav.js scrolls smoothly, which takes long on a busy machine: wait for
	// the heading to land, then for the scroll to end.
	bt.WaitJS(t, ctx, `(() => {
		const top = document.getElementById('cookies').getBoundingClientRect().top;
		const bottom = document.querySelector('.acme-header').getBoundingClientRect().bottom;
		return top >= bottom && top <= bottom + 40;
	})()`, 15*time.Second)
	settle(t, ctx)
	type landing struct {
		Top, HeaderBottom float64
		Hash              string
	}
	l := bt.Eval[landing](t, ctx, `({
		top: document.getElementById('cookies').getBoundingClientRect().top,
		headerBottom: document.querySelector('.acme-header').getBoundingClientRect().bottom,
		hash: location.hash,
	})`)
	if l.Top < l.HeaderBottom || l.Top > l.HeaderBottom+40 || l.Hash != "#cookies" {
		t.Errorf("after the TOC click: %+v; want #cookies just below the header (within 40 px) and the hash #cookies", l)
	}
	// nav.js patches no built-in of the app's page: only the widget's own
	// elements get its scrollIntoView, which catches go-app's.
	type scope struct{ Native, Heading bool }
	sc := bt.Eval[scope](t, ctx, `({
		native: [Element.prototype.scrollIntoView, HTMLElement.prototype.focus].every((f) => /\{\s*\[native code\]\s*\}$/.test(Function.prototype.toString.call(f))),
		heading: Object.hasOwn(document.getElementById('cookies'), 'scrollIntoView'),
	})`)
	if !sc.Native || !sc.Heading {
		t.Errorf("%+v; want the built-ins native and the widget's heading guarded", sc)
	}
	if errs := bt.ConsoleErrors(ctx); len(errs) > 0 {
		t.Errorf("console errors: %q", errs)
	}
}

// settle waits until the page has not scrolled for 300 ms.
func settle(t *testing.T, ctx context.Context) {
	t.Helper()
	ok := bt.Eval[bool](t, ctx, `new Promise((resolve) => {
		let last = -1, still = 0;
		const tick = () => {
			if (scrollY === last) { still++ } else { still = 0; last = scrollY }
			if (still >= 6) { resolve(true) } else { setTimeout(tick, 50) }
		};
		tick();
	})`)
	if !ok {
		t.Fatal(errors.New("the page never stopped scrolling"))
	}
}
