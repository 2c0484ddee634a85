//go:build !wasm

package main

// The browser test of the static export: the real binary's site, exported
// under /legal, served by nginx with the configuration the export writes, read
// in Chromium online and, after one visit, offline.

import (
	"bytes"
	"context"
	"io"
	"io/fs"
	"net/http"
	"net/url"
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

// exportFrameAncestor is the origin given to the export's
// -frame-ancestors (and so -cors-origins).
const exportFrameAncestor = "https://app.example.com"

// nginxServer returns an nginx server block that listens on listen and
// holds nothing but the export's own configuration, _nginx.conf of dir, as
// the deploy guide (app/export/deploy.md) says.
func nginxServer(listen, dir string) string {
	return "server {\n    listen " + listen + ";\n    server_name example.com;\n    include " + dir + "/_nginx.conf;\n}\n"
}

// exportSite runs `policy export` of bin into a new folder, with the flags
// of an embedding site, and returns the folder.
func exportSite(t *testing.T, bin, baseURL string) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "site")
	out, err := exec.Command(bin, "export", "-out", dir, "-prefix", "/legal", "-base-url", baseURL,
		"-frame-ancestors", exportFrameAncestor).CombinedOutput()
	if err != nil {
		t.Fatalf("policy export: %v\n%s", err, out)
	}
	if !strings.Contains(string(out), "exported build ") {
		t.Errorf("policy export said %q", out)
	}
	return dir
}

// TestExportOnNginx exports the site under /legal, serves the folder with
// nginx with the export's _nginx.conf, and checks that nginx answers every URL as the
// server does; then, in Chromium, that the page renders, the WebAssembly
// mounts, a deep link lands below the sticky header, and after one visit
// the site works offline: the page, a deep link and the client. nginx
// listens on a unix socket, and the browser reaches it through a front
// (bt.Front), which is down once nginx is stopped.
func TestExportOnNginx(t *testing.T) {
	bin := bt.Binary(t)
	front := bt.StartFront(t)
	base := front.URL + "/legal"
	dir := exportSite(t, bin, base)
	ng := bt.StartNginx(t, func(listen string) string { return nginxServer(listen, dir) })
	front.Forward(ng.URL)

	srv := startServer(t, "-prefix", "/legal", "-base-url", base, "-frame-ancestors", exportFrameAncestor)
	compareWithServer(t, dir, srv.URL, front.URL)
	srv.Stop()
	if t.Failed() {
		return
	}

	ctx := bt.NewBrowser(t, bt.Options{UserDataDir: t.TempDir(), Width: 1280, Height: 800})
	requests := recordRequests(t, ctx)
	bt.Run(t, ctx, chromedp.Navigate(front.URL+"/legal/privacy#cookies"))
	bt.WaitJS(t, ctx, `document.readyState === 'complete'`, 10*time.Second)
	if got := bt.Eval[string](t, ctx, `document.querySelector('h1')?.textContent ?? ''`); got != "Privacy policy" {
		t.Errorf("h1 %q", got)
	}
	toc := bt.Eval[[]string](t, ctx, `[...document.querySelectorAll('nav#toc a')].map(a => a.getAttribute('href'))`)
	if len(toc) != 13 || toc[7] != "#cookies" {
		t.Errorf("TOC links = %q, want 13 with #cookies eighth", toc)
	}
	checkLanded(t, ctx, "cookies", "prerendered deep link")
	bt.WaitJS(t, ctx, mounted, 30*time.Second)
	checkLanded(t, ctx, "cookies", "deep link once the WebAssembly mounted")
	// Every URL the page uses is under the prefix.
	if got := bt.Eval[[]string](t, ctx, `[...document.querySelectorAll('[src], link[href], a[href]')].map(e => e.src || e.href).filter(u => u.startsWith(location.origin) && !u.startsWith(location.origin + '/legal/'))`); len(got) > 0 {
		t.Errorf("URLs outside /legal/: %q", got)
	}
	bt.WaitJS(t, ctx, workerReady(), 30*time.Second)
	if got := bt.Eval[string](t, ctx, `navigator.serviceWorker.getRegistration().then(r => r.scope)`); got != front.URL+"/legal/" {
		t.Errorf("worker scope %q, want %s/legal/", got, front.URL)
	}

	front.Down()
	ng.Stop()

	bt.Run(t, ctx, chromedp.Reload())
	checkOfflinePolicy(t, ctx, "offline, after a reload")

	// The client still works: from the index to the policy, inside it.
	bt.Run(t, ctx, chromedp.Navigate(front.URL+"/legal/"))
	bt.WaitJS(t, ctx, mounted, 30*time.Second)
	waitText(t, ctx, classes(site.OfflineNoticeClass), offlineNotice, "index offline")
	bt.Run(t, ctx, chromedp.Click(chromedp.CSS(`a.index-link`)))
	bt.WaitJS(t, ctx, `location.pathname === '/legal/privacy' && document.querySelector('h1')?.textContent === 'Privacy policy'`, 10*time.Second)

	// A deep link offline, loaded as a new document: the list of
	// versions, a page of the server's, then the policy.
	bt.Run(t, ctx, chromedp.Navigate(front.URL+"/legal/privacy/versions"))
	bt.WaitJS(t, ctx, loadedServerPage("/legal/privacy/versions")+` && `+offlineCopy+` === '`+site.ReasonOffline+`'`, 30*time.Second)
	bt.Run(t, ctx, chromedp.Navigate(front.URL+"/legal/privacy#how-to-manage-cookies"))
	checkOfflinePolicy(t, ctx, "offline deep link")
	checkLanded(t, ctx, "how-to-manage-cookies", "offline deep link")

	if errs := bt.ConsoleErrors(ctx); len(errs) > 0 {
		t.Errorf("console errors: %q", errs)
	}
	requests.checkSameOrigin(t, front.URL)
	// The pages and the worker never ask for x.html: a host that
	// redirects /x.html to /x serves them as nginx does.
	for _, u := range requests.list() {
		if p, _, _ := strings.Cut(u, "?"); strings.HasSuffix(p, ".html") {
			t.Errorf("the browser asked for %s", u)
		}
	}
}

// checkLanded checks that the heading id is at the top of the viewport,
// just below the sticky header, once the page has stopped scrolling.
func checkLanded(t *testing.T, ctx context.Context, id, when string) {
	t.Helper()
	waitScrollSettled(t, ctx)
	type placement struct{ Top, HeaderBottom, ScrollY float64 }
	p := bt.Eval[placement](t, ctx, `(() => {
		const h = document.getElementById(`+jsString(id)+`).getBoundingClientRect();
		const header = document.querySelector('.site-header').getBoundingClientRect();
		return {top: h.top, headerBottom: header.bottom, scrollY: window.scrollY};
	})()`)
	if p.ScrollY == 0 || p.Top < p.HeaderBottom || p.Top > p.HeaderBottom+40 {
		t.Errorf("%s: #%s at %.0fpx, header bottom at %.0fpx (scrollY %.0f); want the heading just below the header", when, id, p.Top, p.HeaderBottom, p.ScrollY)
	}
}

// compareWithServer requests the URL of every file of the export dir, and
// a few others, from the server and from nginx, and checks that nginx
// answers as the server does: status, body (gzip when the server sends
// it), type and the headers of _headers.
func compareWithServer(t *testing.T, dir, server, nginx string) {
	t.Helper()
	paths := []string{"/legal", "/legal/privacy/", "/legal/no-such-page", "/legal/privacy/v/1999-01-01"}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		name, _ := filepath.Rel(dir, p)
		name = filepath.ToSlash(name)
		switch {
		case name == "_headers" || name == "_nginx.conf" || name == "404.html" || strings.HasSuffix(name, ".gz") || strings.HasSuffix(name, ".br"):
			return nil
		case name == "index.html":
			name = ""
		default:
			name = strings.TrimSuffix(name, ".html")
		}
		paths = append(paths, "/legal/"+name)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(paths) < 30 {
		t.Fatalf("only %d URLs to compare: %q", len(paths), paths)
	}
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	get := func(base, p string) (*http.Response, []byte) {
		req, err := http.NewRequest("GET", base+p, nil)
		if err != nil {
			t.Fatal(err)
		}
		// Set by hand, so the body stays as sent.
		req.Header.Set("Accept-Encoding", "gzip")
		req.Header.Set("Origin", exportFrameAncestor)
		res, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, err := io.ReadAll(res.Body)
		if err != nil {
			t.Fatal(err)
		}
		return res, b
	}
	for _, p := range paths {
		want, wantBody := get(server, p)
		got, gotBody := get(nginx, p)
		if got.StatusCode != want.StatusCode {
			t.Errorf("GET %s: nginx %d, server %d", p, got.StatusCode, want.StatusCode)
			continue
		}
		if loc := want.Header.Get("Location"); loc != "" {
			u, err := url.Parse(got.Header.Get("Location"))
			if err != nil || u.Path != loc {
				t.Errorf("GET %s: nginx redirects to %q, the server to %q", p, got.Header.Get("Location"), loc)
			}
			continue
		}
		if !bytes.Equal(gotBody, wantBody) {
			t.Errorf("GET %s: nginx sends %d bytes, the server %d (Content-Encoding %q and %q)", p, len(gotBody), len(wantBody),
				got.Header.Get("Content-Encoding"), want.Header.Get("Content-Encoding"))
		}
		for _, h := range []string{
			"Content-Encoding", "Content-Security-Policy", "Permissions-Policy", "X-Content-Type-Options", "Referrer-Policy",
			"Cache-Control", "X-Robots-Tag", "Cross-Origin-Resource-Policy", "Access-Control-Allow-Origin", "Access-Control-Expose-Headers",
		} {
			if g, w := got.Header.Get(h), want.Header.Get(h); g != w {
				t.Errorf("GET %s: nginx sends %s %q, the server %q", p, h, g, w)
			}
		}
		// The same type: _nginx.conf gives each extension the server's.
		if g, w := got.Header.Get("Content-Type"), want.Header.Get("Content-Type"); g != w {
			t.Errorf("GET %s: nginx sends Content-Type %q, the server %q", p, g, w)
		}
	}
}

// TestExportCommandErrors checks that `policy export` refuses what it
// cannot do, with exit status 1 and a message that says why.
func TestExportCommandErrors(t *testing.T) {
	bin := bt.Binary(t)
	foreign := t.TempDir()
	if err := os.WriteFile(filepath.Join(foreign, "notes.txt"), []byte("mine"), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "site")
	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"no folder", []string{"-base-url", "https://example.com"}, "-out DIR is required"},
		{"no base URL", []string{"-out", out}, "-base-url is required"},
		{"a folder of other files", []string{"-out", foreign, "-base-url", "https://example.com"}, "give -force"},
		{"several CORS origins", []string{"-out", out, "-base-url", "https://example.com", "-cors-origins", "https://a.example https://b.example"}, "one origin"},
		{"a wildcard frame ancestor as CORS origin", []string{"-out", out, "-base-url", "https://example.com", "-frame-ancestors", "https://*.example.com"}, "one origin"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cmd := exec.Command(bin, append([]string{"export"}, tc.args...)...)
			b, err := cmd.CombinedOutput()
			if cmd.ProcessState == nil || cmd.ProcessState.ExitCode() != 1 || !strings.Contains(string(b), tc.want) {
				t.Errorf("policy export %q: %v, output %q; want exit status 1 and %q", tc.args, err, b, tc.want)
			}
		})
	}
	if _, err := os.Stat(out); err == nil {
		t.Errorf("a failed export made %s", out)
	}
	if b, _ := os.ReadFile(filepath.Join(foreign, "notes.txt")); string(b) != "mine" {
		t.Error("a refused export changed the folder")
	}
}
