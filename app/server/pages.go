//go:build !wasm

package server

import (
	"github.com/seqeralabs/policy-widget/app/policy/atom"

	"bytes"
	"crypto/sha256"
	_ "embed"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"html"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"github.com/seqeralabs/policy-widget/app/site"
	"github.com/seqeralabs/policy-widget/app/ui"
)

// generated lists go-app's own files, rendered through its handler: the
// service worker by each day's prerender (it lists the pages to
// precache), the others once, by prepare.
var generated = []string{site.AppJS.Pattern, site.Worker.Pattern, site.Manifest.Pattern, site.WasmExec.Pattern, site.AppCSS.Pattern}

// prepare makes what the site serves the same every day: the style sheets,
// the pages' inline scripts, go-app's files but the service worker, the
// manifest and robots.txt.
func (sh *shared) prepare() error {
	var err error
	if sh.styles, err = newStyles(sh.cfg.Web); err != nil {
		return err
	}
	if sh.worker, err = workerTemplate(sh.cfg.Prefix); err != nil {
		return err
	}
	if sh.appStart, err = fillScript("appstart.js", appStart, map[string]any{"Names": newScriptNames(sh.cfg.Prefix)}); err != nil {
		return err
	}
	sh.starter = newStarter(sh.cfg.Prefix, true)
	sh.noClient = newStarter(sh.cfg.Prefix, false)
	sh.fixed = make(map[string]*asset)
	for _, path := range generated {
		if path == site.Worker.Path() {
			continue
		}
		a, err := sh.generate(path, nil)
		if err != nil {
			return err
		}
		sh.fixed[path] = a
	}
	sh.addOfflineAssets()
	sh.fixed[site.Robots.Path()] = newAsset(site.Robots.Path(), sh.robots(), "text/plain; charset=utf-8")
	return nil
}

// generate renders the go-app file at path through go-app's handler, with
// the pages to precache of cacheable.
func (sh *shared) generate(path string, cacheable []string) (*asset, error) {
	base, err := url.Parse(sh.cfg.BaseURL)
	if err != nil {
		return nil, fmt.Errorf("base URL: %w", err)
	}
	req := httptest.NewRequest(http.MethodGet, path, nil)
	req.Host = base.Host
	rec := httptest.NewRecorder()
	sh.appHandler(cacheable).ServeHTTP(rec, req)
	if rec.Code != http.StatusOK {
		return nil, fmt.Errorf("prerendering %s: status %d", path, rec.Code)
	}
	body := rec.Body.Bytes()
	if path == site.AppJS.Path() {
		if body, err = patchAppJS(body, sh.appStart); err != nil {
			return nil, err
		}
	}
	// The type of the file's extension, as for every other file, rather
	// than go-app's (application/javascript, text/css without a charset):
	// a static host serves the export's copy by its extension.
	return newAsset(path, body, ""), nil
}

// prerender renders the pages of the site as of its day that every reader
// needs (ui.Site.Pages), the feeds, the sitemap and the service worker,
// and keeps the results. A panic while rendering is returned as an error,
// so a server never starts with a page it cannot render.
func (s *Server) prerender() (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("prerendering failed: %v", r)
		}
	}()
	s.pages = make(map[string]*asset)
	s.embedPages = make(map[string]*asset)
	s.sitePages = s.site.Pages()
	for _, p := range s.sitePages {
		a, err := s.renderPage(p)
		if err != nil {
			return fmt.Errorf("prerendering %s: %w", p.Path, err)
		}
		switch {
		case p.NotFound:
			a.status = http.StatusNotFound
			s.notFound = a
		case p.Embed:
			s.embedPages[p.Path] = a
		default:
			s.pages[p.Path] = a
		}
	}
	for _, d := range s.docs {
		if d.Version() != "" {
			path := site.Feed.Path(d.Slug)
			s.pages[path] = newAsset(path, atom.Feed(s.cfg.BaseURL, d), atom.ContentType)
		}
	}
	s.pages[site.Sitemap.Path()] = newAsset(site.Sitemap.Path(), s.sitemap(), "application/xml; charset=utf-8")
	if s.pages[site.Worker.Path()], err = s.generate(site.Worker.Path(), s.cacheable()); err != nil {
		return err
	}
	return nil
}

// render renders a page that was not prerendered, on request; a panic is
// returned as an error.
func (s *Server) render(p ui.Page) (a *asset, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("rendering %s failed: %v", p.Path, r)
		}
	}()
	return s.renderPage(p)
}

// renderPage renders a page of the site as a whole HTML document: the head
// written here, the body by the page's go-app components, as the
// WebAssembly client mounts them, normalised (see normalizeHTML).
func (s *Server) renderPage(p ui.Page) (*asset, error) {
	compo := p.New()
	d := app.NewServerTester(compo)
	d.Consume()
	body := app.HTMLString(compo)
	d.Close()
	body, err := normalizeHTML(body)
	if err != nil {
		return nil, err
	}
	return newAsset(p.Path, s.document(p, body), "text/html; charset=utf-8"), nil
}

// document returns the HTML document of page p around its body.
//
// go-app's handler writes its own head, which the widget does not use: it
// has a viewport that forbids zooming, a preload and a stylesheet link per
// style sheet plus go-app's own app.css, all render-blocking, attribute
// values quoted as Go strings, and attributes in map order. This head has
// the page's style sheet inline (its hash is in the Content-Security-Policy),
// the scripts added by the starter after the first paint, and nothing that
// the text waits for: the page paints from its first response, as a static
// page would.
//
// The body is what go-app's client expects: the page's root element first
// (the client replaces body.firstElementChild), then go-app's loader, which
// app.js removes once the client runs and which web/app.css hides.
func (s *Server) document(p ui.Page, body string) []byte {
	esc := html.EscapeString
	prefix := s.cfg.Prefix
	var b bytes.Buffer
	b.Grow(len(body) + 2048)
	b.WriteString("<!DOCTYPE html>\n")
	fmt.Fprintf(&b, "<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n", esc(p.Lang))
	if p.Embed {
		// First: a plain script here runs before the page first paints.
		fmt.Fprintf(&b, "<script src=\"%s\"></script>\n", esc(prefix+site.Web.Path(frameScript)))
	}
	b.WriteString("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1, viewport-fit=cover\">\n")
	fmt.Fprintf(&b, "<title>%s</title>\n", esc(p.Title))
	if p.Description != "" {
		fmt.Fprintf(&b, "<meta name=\"description\" content=\"%s\">\n", esc(p.Description))
	}
	fmt.Fprintf(&b, "<meta name=\"theme-color\" content=\"%s\">\n", esc(themeColor))
	if !p.NotFound {
		// The page's public URL, unless the base URL is only where the
		// server listens (NoCanonical): nav.js copies section links from
		// the canonical URL. An /embed/ page names its policy's page, the
		// one that search engines index (see embedRobots); with
		// NoCanonical by a path, which resolves against the URL that the
		// embed page was fetched from, on the site's own host.
		canonical := p.Path
		if p.Embed {
			canonical = site.Policy.Path(p.Doc.Slug)
		}
		if !s.cfg.NoCanonical {
			u := s.cfg.BaseURL + canonical
			fmt.Fprintf(&b, "<link rel=\"canonical\" href=\"%s\">\n", esc(u))
			fmt.Fprintf(&b, "<meta property=\"og:url\" content=\"%s\">\n", esc(u))
		} else if p.Embed {
			fmt.Fprintf(&b, "<link rel=\"canonical\" href=\"%s\">\n", esc(prefix+canonical))
		}
		fmt.Fprintf(&b, "<meta property=\"og:type\" content=\"website\">\n")
		fmt.Fprintf(&b, "<meta property=\"og:site_name\" content=\"%s\">\n", esc(ui.SiteName))
		fmt.Fprintf(&b, "<meta property=\"og:title\" content=\"%s\">\n", esc(p.Title))
		if p.Description != "" {
			fmt.Fprintf(&b, "<meta property=\"og:description\" content=\"%s\">\n", esc(p.Description))
		}
	}
	b.WriteString("<style>")
	b.WriteString(s.styles.sheet(p.Embed).css)
	b.WriteString("</style>\n")
	fmt.Fprintf(&b, "<link rel=\"icon\" href=\"%s\" type=\"image/svg+xml\">\n", esc(prefix+site.Web.Path(iconSVG)))
	fmt.Fprintf(&b, "<link rel=\"apple-touch-icon\" href=\"%s\">\n", esc(prefix+site.Web.Path(iconAppleTouch)))
	fmt.Fprintf(&b, "<link rel=\"manifest\" href=\"%s\">\n", esc(prefix+site.Manifest.Path()))
	if p.Feed {
		fmt.Fprintf(&b, "<link rel=\"alternate\" type=\"application/atom+xml\" title=\"%s\" href=\"%s\">\n",
			esc(p.Doc.Title+": changes"), esc(prefix+site.Feed.Path(p.Doc.Slug)))
	}
	b.WriteString(buildMeta(s.build) + "\n")
	starter := s.starter
	if p.NoClient {
		starter = s.noClient
	}
	b.WriteString("<script>" + starter.js + "</script>\n")
	b.WriteString("</head>\n<body>\n")
	b.WriteString(body)
	if !p.NoClient {
		b.WriteString("\n<aside id=\"app-wasm-loader\" class=\"goapp-app-info\" hidden>" +
			"<span id=\"app-wasm-loader-icon\"></span><p id=\"app-wasm-loader-label\"></p></aside>")
	}
	b.WriteString("\n")
	b.WriteString("</body>\n</html>\n")
	return b.Bytes()
}

// The files of web/ that every page uses (at site.Web), and the theme
// colour.
const (
	iconSVG        = "icon.svg"
	iconDefault    = "icon-192.png"
	iconLarge      = "icon-512.png"
	iconAppleTouch = "apple-touch-icon.png"
	navScript      = "nav.js"
	themeColor     = "#160f26"
)

// styles are the pages' style sheets: the files of web/ joined into one
// per kind of page, which the page carries inline. A page then paints from
// its first response, with no request for a style sheet before it, as a
// static page does; it costs about 4 kB more per page with brotli. The
// Content-Security-Policy allows each by its hash (cspSources), so no other
// inline style runs.
type styles struct {
	site, embed styleSheet
}

// styleSheet is the text of an inline style sheet and its hash, as a
// source of the Content-Security-Policy's style-src.
type styleSheet struct {
	css, source string
}

// styleFiles are the style sheets of web/ in the order they are joined:
// the site's pages get the first two, the /embed/ pages all three.
var styleFiles = []string{"app.css", "status.css", "embed.css"}

func newStyles(web fs.FS) (*styles, error) {
	var parts []string
	for _, name := range styleFiles {
		b, err := fs.ReadFile(web, name)
		if err != nil {
			return nil, err
		}
		// The text goes in a <style> element, which ends at the first
		// "</style" whatever the CSS around it (in a string or comment).
		if i := bytes.Index(bytes.ToLower(b), []byte("</style")); i >= 0 {
			return nil, fmt.Errorf("web/%s:%d: \"</style\" would end the inline style sheet: write it as \"<\\/style\"",
				name, 1+bytes.Count(b[:i], []byte("\n")))
		}
		parts = append(parts, string(b))
	}
	sheet := func(files []string) styleSheet {
		css := strings.Join(files, "\n")
		return styleSheet{css: css, source: cspHash(css)}
	}
	return &styles{site: sheet(parts[:2]), embed: sheet(parts)}, nil
}

// sheet returns the style sheet of a page.
func (st *styles) sheet(embed bool) styleSheet {
	if embed {
		return st.embed
	}
	return st.site
}

// starter is the page's one inline script, allowed by its hash (source)
// in the Content-Security-Policy's script-src: after the first paint (a
// frame, then a task), it adds the page's scripts, which run in their
// order. As deferred scripts they were fetched while the page was parsed
// and ran before it first painted: the page without them painted 0.89–0.92×
// as late. The text needs none of them; nav.js binds to a deep link's
// section once it runs (the browser has scrolled to it meanwhile, below the
// sticky header: scroll-padding-top), and app.js starts the client.
//
// The pages that the client does not mount (ui.Page.NoClient: the pages of
// versions) have a starter of their own, which adds app.js and nav.js
// but not wasm_exec.js: app.js then registers the service worker and
// starts no client (appstart.js). The Content-Security-Policy allows both.
type starter struct {
	js, source string
}

// newStarter returns the starter of the pages of the site at prefix, of
// those that the client mounts when client is set.
func newStarter(prefix string, client bool) starter {
	scripts := []string{prefix + site.AppJS.Path(), prefix + site.Web.Path(navScript)}
	if client {
		scripts = append([]string{prefix + site.WasmExec.Path()}, scripts...)
	}
	srcs, _ := json.Marshal(scripts)
	js := "requestAnimationFrame(()=>setTimeout(()=>{for(const src of " + string(srcs) + "){" +
		"const s=document.createElement(\"script\");s.src=src;s.async=false;document.head.append(s)}}))"
	return starter{js: js, source: cspHash(js)}
}

// cspHash returns the Content-Security-Policy source that allows an inline
// script or style sheet of this text.
func cspHash(text string) string {
	sum := sha256.Sum256([]byte(text))
	return "'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'"
}

// cspSources returns the style-src sources of the inline style sheets.
func (st *styles) cspSources() []string {
	return []string{st.site.source, st.embed.source}
}

// patchAppJS changes go-app's app.js: it starts as start says (appstart.js,
// filled in), and gives the client's response to
// WebAssembly.instantiateStreaming as it is, so that Chromium compiles the
// client while it arrives, off the main thread (go-app read it through a
// stream on the main thread to show a progress label, which the widget
// does not show: the page is there).
func patchAppJS(js []byte, start string) ([]byte, error) {
	const goappStart = "goappInitServiceWorker();\ngoappWatchForUpdate();\ngoappWatchForInstallable();\ngoappInitWebAssembly();\n"
	const fetch = `fetchWithProgress("`
	const progress = `, showProgress)`
	if bytes.Count(js, []byte(goappStart)) != 1 || bytes.Count(js, []byte(fetch)) != 1 || bytes.Count(js, []byte(progress)) != 1 {
		return nil, fmt.Errorf("app.js: go-app's start is not as expected:\n%s\nwith one %s…%s", goappStart, fetch, progress)
	}
	js = bytes.Replace(js, []byte(goappStart), []byte("goappWatchForUpdate();\ngoappWatchForInstallable();\n"+start), 1)
	js = bytes.Replace(js, []byte(fetch), []byte(`fetch("`), 1)
	return bytes.Replace(js, []byte(progress), []byte(`)`), 1), nil
}

// appStart is the start of app.js (see patchAppJS), with the placeholder
// of the names of the scripts (see fillScript).
//
//go:embed appstart.js
var appStart string
