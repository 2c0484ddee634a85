//go:build !wasm

package main

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/google/go-cmp/cmp"

	"github.com/seqeralabs/policy-widget/app/site"
	bt "github.com/seqeralabs/policy-widget/cmd/internal/browsertest"
)

// serializeArticle describes the policy's article as a list of lines: each
// element with its attributes sorted, and each text with its runs of HTML
// white space collapsed (non-breaking spaces are kept: they are text).
// White space alone between elements is left out: go-app's server writes
// line breaks between an element's children, the client does not.
const serializeArticle = `(() => {
	const out = [];
	const walk = (n, depth) => {
		for (const c of n.childNodes) {
			if (c.nodeType === Node.TEXT_NODE) {
				const t = c.data.replace(/[ \t\n\r\f]+/g, ' ').trim();
				if (t) out.push(' '.repeat(depth) + JSON.stringify(t));
			} else if (c.nodeType === Node.ELEMENT_NODE) {
				const attrs = [...c.attributes].filter(a => a.name !== '` + site.MountedAttr + `').map(a => a.name + '=' + JSON.stringify(a.value)).sort();
				out.push(' '.repeat(depth) + c.localName + (attrs.length ? ' ' + attrs.join(' ') : ''));
				walk(c, depth + 1);
			}
		}
	};
	walk(document.querySelector('article.policy'), 0);
	return out;
})()`

// TestAnyText serves a policy full of the characters that go-app's server
// rendering broke (quotes, ampersands, angle brackets, backslashes,
// non-breaking spaces, accents, other scripts, emoji: in headings, the
// description, link titles, abbr titles, alt text and code), and checks
// that the prerendered page (the client kept away with ?wasm=false) and the
// page the WebAssembly mounted are the same, and say what the author
// wrote.
func TestAnyText(t *testing.T) {
	src, err := os.ReadFile(filepath.Join(moduleRoot(t), "app", "server", "testdata", "text", "characters.md"))
	if err != nil {
		t.Fatal(err)
	}
	bin := buildSite(t, "characters", map[string][]byte{"characters.md": src})
	srv := bt.StartServer(t, bin, "serve")
	ctx := bt.NewBrowser(t, bt.Options{})

	bt.Run(t, ctx, chromedp.Navigate(srv.URL+"/characters?wasm=false"))
	bt.WaitJS(t, ctx, `document.readyState === 'complete'`, 10*time.Second)
	prerendered := bt.Eval[[]string](t, ctx, serializeArticle)
	head := bt.Eval[[]string](t, ctx, `[document.title, document.querySelector('meta[name=description]').content]`)

	bt.Run(t, ctx, chromedp.Navigate(srv.URL+"/characters"))
	bt.WaitJS(t, ctx, mounted, 30*time.Second)
	mountedDOM := bt.Eval[[]string](t, ctx, serializeArticle)
	if diff := cmp.Diff(prerendered, mountedDOM); diff != "" {
		t.Errorf("the prerendered article and the mounted one differ (-prerendered +mounted):\n%s", diff)
	}
	if len(prerendered) < 50 {
		t.Fatalf("only %d lines compared", len(prerendered))
	}

	const description = "Say \"hello\" & <goodbye> to a\\back slash, a non-breaking\u00a0space and café’s accents."
	if want := []string{"Characters & \"Quotes\" Policy · Seqera Legal", description}; !cmp.Equal(head, want) {
		t.Errorf("title and description = %q, want %q", head, want)
	}
	const heading = "Definitions of \"Personal Data\" & <things>, a\\b, 1\u00a0000 and café’s"
	for _, tc := range []struct{ expr, want string }{
		{`document.querySelector('h1').textContent`, "Characters & \"Quotes\" Policy"},
		{`document.querySelector('.policy-body h2').textContent`, heading},
		{`document.querySelector('.heading-anchor').getAttribute('aria-label')`, "Link to section: " + heading},
		{`document.querySelector('nav#toc a').textContent`, heading},
		{`document.querySelector('.policy-body a[title]').title`, "Title with \"quotes\" & <tags>"},
		{`document.querySelector('.policy-body a[title]').getAttribute('href')`, "https://example.com/?a=1&b=\"2\""},
		{`document.querySelector('abbr').title`, "Definitions \"quoted\" & more"},
		{`document.querySelector('.policy-body img').alt`, "An image's \"alt\" & <text>"},
		{`document.querySelector('pre code').textContent`, "<p class=\"x\">a \"quoted\" & <b>bold</b> \\ back</p>\n"},
	} {
		if got := bt.Eval[string](t, ctx, tc.expr); got != tc.want {
			t.Errorf("%s = %q, want %q", tc.expr, got, tc.want)
		}
	}
	// Nothing the text says became markup.
	if n := bt.Eval[int](t, ctx, `document.querySelectorAll('things, goodbye, tags, .policy-body b').length`); n != 0 {
		t.Errorf("%d elements made of the text", n)
	}
	if errs := bt.ConsoleErrors(ctx); len(errs) > 0 {
		t.Errorf("console errors: %q", errs)
	}
}
