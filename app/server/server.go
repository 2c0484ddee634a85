//go:build !wasm

package server

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net/http"
	"net/url"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"github.com/seqeralabs/policy-widget/app/policy"
	"github.com/seqeralabs/policy-widget/app/policy/markdown"
	"github.com/seqeralabs/policy-widget/app/site"
	"github.com/seqeralabs/policy-widget/app/ui"
	"github.com/seqeralabs/policy-widget/policies"
	"github.com/seqeralabs/policy-widget/web"
)

// Config says what a Server serves.
type Config struct {
	// BaseURL is the URL of the site, such as "https://example.com/legal":
	// the sitemap, robots.txt, the feeds and the API name pages by it,
	// and every page names its own URL under it as canonical (link
	// rel=canonical and og:url). Required.
	BaseURL string

	// NoCanonical leaves the canonical URL out of the pages: set it when
	// BaseURL is only where a server listens, such as
	// http://127.0.0.1:8000 (`policy serve` without -base-url), and not
	// the site's public URL.
	NoCanonical bool

	// Prefix is the path the site is served under, such as "/legal" when a
	// proxy forwards https://example.com/legal/ to this server. Requests may
	// arrive with or without it. When empty it is the path of BaseURL.
	Prefix string

	// Policies holds the *.md policies; policies.FS when nil.
	Policies fs.FS

	// Docs are the policies of Policies, parsed; when nil, New parses
	// them.
	Docs []*policy.Document

	// Web holds the static assets, app.wasm among them; web.FS when nil.
	Web fs.FS

	// Log receives the server's messages and its request log, one line
	// per request (health checks at debug level); a text logger on
	// stderr when nil.
	Log *slog.Logger

	// FrameAncestors are the origins whose pages may show the policies in a
	// frame (/embed/<slug>, as embed.js does), such as
	// "https://app.example.com"; "https://*.example.com" and "*" are
	// allowed too (see ParseOrigins). Every other page may be framed only by
	// the site itself.
	FrameAncestors []string

	// CORSOrigins are the origins whose scripts may read the JSON API, in
	// the same form. FrameAncestors when nil.
	CORSOrigins []string

	// At fixes the day as of which the site is served (policy.At): the
	// version of each policy in effect on that day, for previews and
	// tests. The WebAssembly client then shows that day too, whatever the
	// reader's date. When zero, the day is today in UTC, by Now, and the
	// server switches to the next version on its day.
	At policy.Day

	// Now is the server's clock; time.Now when nil. Tests set it.
	Now func() time.Time

	// PageCache bounds the bytes of the pages that the server renders on
	// request and keeps (see pageCache); 32 MiB when zero.
	PageCache int64
}

// Server serves the widget: it is an http.Handler, which a program mounts
// where it likes (cmd/policy serves it with an http.Server of its own).
//
// A Server holds the site as of one day; the Servers of every day share
// what does not depend on it (shared), among it the Server as of today,
// which ServeHTTP serves: see the package documentation.
type Server struct {
	*shared

	site       *ui.Site           // the pages as of the day
	docs       []*policy.Document // the policies as of the day (site.Docs)
	until      time.Time          // when the day's site is out of date; zero: never
	pages      map[string]*asset  // prerendered pages, feeds, the service worker, sitemap.xml
	embedPages map[string]*asset  // prerendered /embed/ pages
	sitePages  []ui.Page          // the pages of the site, prerendered into pages
	notFound   *asset
	onDemand   *pageCache  // the pages rendered on request
	embed      *embedder   // the /embed/ pages and embed.js
	api        *apiHandler // the JSON API
	handler    http.Handler
}

// shared is what the Servers of every day share: the configuration, the
// policies as loaded, and the files that do not depend on the day.
type shared struct {
	cfg      Config
	loaded   []*policy.Document // the policies as loaded: every version
	build    string
	static   map[string]*asset // files of cfg.Web and the style sheets, by URL path
	fixed    map[string]*asset // the same every day: go-app's files but the service worker, the manifest, robots.txt
	styles   *styles
	starter  starter // the inline script of the pages that the client mounts
	noClient starter // the inline script of the pages that it does not
	worker   string  // the service worker's template (workerTemplate)
	appStart string  // the start of app.js (appstart.js), filled in
	now      func() time.Time

	today atomic.Pointer[Server] // the Server as of today
	mu    sync.Mutex             // held while the Server of a new day is made
}

// New checks the policies and prerenders every page. It fails, naming the
// file and line, when a policy is broken: nothing is ever half served.
func New(cfg Config) (*Server, error) {
	embedded := cfg.Policies == nil
	if embedded {
		cfg.Policies = policies.FS
	}
	if cfg.Web == nil {
		cfg.Web = web.FS
	}
	if cfg.Log == nil {
		cfg.Log = slog.New(slog.NewTextHandler(os.Stderr, nil))
	}
	if cfg.BaseURL == "" {
		return nil, errors.New("no base URL: Config.BaseURL is the URL of the site, such as https://example.com/legal")
	}
	cfg.BaseURL = strings.TrimSuffix(cfg.BaseURL, "/")
	base, err := url.Parse(cfg.BaseURL)
	if err != nil || base.Host == "" {
		return nil, fmt.Errorf("base URL %q is not an absolute URL", cfg.BaseURL)
	}
	if cfg.Prefix == "" {
		cfg.Prefix = base.Path
	}
	cfg.Prefix = strings.TrimSuffix(cfg.Prefix, "/")
	if cfg.Prefix != "" && !strings.HasPrefix(cfg.Prefix, "/") {
		return nil, fmt.Errorf("prefix %q must start with /", cfg.Prefix)
	}
	if !strings.HasSuffix(cfg.BaseURL, cfg.Prefix) {
		cfg.BaseURL += cfg.Prefix
	}

	docs := cfg.Docs
	if docs == nil {
		if docs, err = markdown.Load(cfg.Policies, markdown.WithSite()); err != nil {
			return nil, err
		}
	}
	// The client carries the policies as parsed at build time: it must
	// show what the server prerenders.
	if embedded {
		if err := policies.CheckDocuments(docs); err != nil {
			return nil, err
		}
	}
	for _, d := range docs {
		for _, w := range d.Warnings {
			cfg.Log.Warn(w.Error())
		}
	}
	if _, err := fs.Stat(cfg.Web, clientFile); err != nil {
		return nil, errors.New("web/app.wasm is missing: build it with `make build`")
	}
	sh := &shared{cfg: cfg, loaded: docs, now: cfg.Now}
	if sh.now == nil {
		sh.now = time.Now
	}
	if sh.build, err = BuildID(cfg.Web, cfg.Policies); err != nil {
		return nil, err
	}
	if sh.static, err = loadStatic(cfg.Web); err != nil {
		return nil, err
	}
	if err := sh.prepare(); err != nil {
		return nil, err
	}
	day := cfg.At
	if day.IsZero() {
		day = policy.DayIn(sh.now(), time.UTC)
	}
	s, err := sh.at(day)
	if err != nil {
		return nil, err
	}
	sh.today.Store(s)
	return s, nil
}

// at makes the site as of day: it prerenders its pages, the worker that
// precaches them, and the answers of the API.
func (sh *shared) at(day policy.Day) (*Server, error) {
	s := &Server{shared: sh, site: ui.NewSiteAt(sh.cfg.Prefix, sh.loaded, day)}
	s.docs = s.site.Docs
	if sh.cfg.At.IsZero() && !s.site.Next.IsZero() {
		s.until = s.site.Next.Time()
	}
	limit := sh.cfg.PageCache
	if limit <= 0 {
		limit = defaultPageCacheBytes
	}
	s.onDemand = newPageCache(limit)
	if err := s.prerender(); err != nil {
		return nil, err
	}
	routes, err := s.routes()
	if err != nil {
		return nil, err
	}
	s.handler = s.logRequests(routes)
	return s, nil
}

// current returns the Server as of today, making it when the day of the
// one so far is over: once, under a lock, by the first request on or
// after that day. When it cannot be made (it was made at start for the
// days so far, so this is not to happen), the day before's site is served
// for one more minute, and the error logged.
func (s *Server) current() *Server {
	t := s.today.Load()
	if t.until.IsZero() || s.now().Before(t.until) {
		return t
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	t = s.today.Load()
	now := s.now()
	if t.until.IsZero() || now.Before(t.until) {
		return t
	}
	day := policy.DayIn(now, time.UTC)
	n, err := s.at(day)
	if err != nil {
		s.cfg.Log.Error("cannot make the site as of a new day: serving the day before's for one more minute", "day", day.String(), "err", err)
		retry := *t // its maps and pages are shared, never changed
		retry.until = now.Add(time.Minute)
		s.today.Store(&retry)
		return &retry
	}
	s.cfg.Log.Info("serving the policies as of a new day", "day", day.String(), "next", n.site.Next.String())
	s.today.Store(n)
	return n
}

// Day returns the day as of which the server serves the policies: today in
// UTC, or Config.At.
func (s *Server) Day() policy.Day { return s.current().site.Day }

// Docs returns the policies the server serves, as of today (policy.At),
// sorted by slug.
func (s *Server) Docs() []*policy.Document { return s.current().docs }

// Build identifies the files served, the policies, the client and the
// assets: the same files give the same build, and any change to them a new
// one. It is not a version of a policy, which is a date: the pages carry
// their build (a <meta> element), the client's URL names it
// (/web/app.wasm?build=), and the service worker keeps a cache per build.
func (s *Server) Build() string { return s.build }

// appHandler returns go-app's handler, which renders go-app's own files
// (app.js with the client's environment, wasm_exec.js, the service worker
// from worker.js, app.css) and gives the manifest its names and colours.
// The pages are not its: prerender renders them (pages.go). cacheable
// lists the pages that the service worker precaches (see cacheable).
func (sh *shared) appHandler(cacheable []string) *app.Handler {
	title := ui.SiteName
	description := "Seqera's legal policies."
	var env app.Environment
	if !sh.cfg.At.IsZero() {
		env = app.Environment{ui.DayEnv: sh.cfg.At.String()}
	}
	return &app.Handler{
		Name:            ui.SiteName,
		ShortName:       "Legal",
		Title:           title,
		Description:     description,
		Lang:            "en",
		Author:          "Seqera",
		BackgroundColor: "#ffffff",
		ThemeColor:      themeColor,
		Icon: app.Icon{
			Default:    site.Web.Path(iconDefault),
			Large:      site.Web.Path(iconLarge),
			SVG:        site.Web.Path(iconSVG),
			AppleTouch: site.Web.Path(iconAppleTouch),
		},
		// The pages' head is written by document (pages.go); these only
		// tell go-app's service worker template what to precache.
		Scripts:            []string{site.Web.Path(navScript)},
		Version:            sh.build, // go-app's name for it
		LoadingLabel:       " ",
		Resources:          offlineResources{staticResources{prefix: sh.cfg.Prefix}, sh.build},
		CacheableResources: cacheable,
		Env:                env,
		// Offline reading and safe updates: see worker.go and worker.js.
		ServiceWorkerTemplate: sh.worker,
	}
}

// cacheable lists what the service worker keeps for offline reading
// besides go-app's files, the client, the scripts and icons: every page
// rendered at start but the embed pages, which only frames show. go-app
// adds the path prefix to /web/ paths only, so pages get it here.
func (s *Server) cacheable() []string {
	paths := []string{site.Web.Path(iconSVG), site.Web.Path(maskableIcon)}
	for _, p := range s.sitePages {
		if !p.Embed && !p.NotFound {
			paths = append(paths, s.cfg.Prefix+p.Path)
		}
	}
	return paths
}

// clientFile is the WebAssembly client's file in web/.
const clientFile = "app.wasm"

// staticResources tells go-app where the static files are: under the
// site's path prefix. The server serves them itself, from the embedded
// web.FS.
type staticResources struct{ prefix string }

func (r staticResources) Package() string { return r.prefix }
func (r staticResources) Static() string  { return r.prefix }
func (r staticResources) AppWASM() string { return r.prefix + site.Web.Path(clientFile) }

// ServeHTTP implements http.Handler: it serves the site as of today.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.current().handler.ServeHTTP(w, r)
}

// logRequests writes the request log: one line per request, health
// checks at debug level.
func (s *Server) logRequests(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rw := &responseWriter{ResponseWriter: w}
		next.ServeHTTP(rw, r)
		if rw.status == 0 {
			rw.status = http.StatusOK
		}
		level := slog.LevelInfo
		if p, _ := strings.CutPrefix(r.URL.Path, s.cfg.Prefix); p == site.Health.Path() || r.URL.Path == site.Health.Path() {
			level = slog.LevelDebug
		}
		attrs := []slog.Attr{
			slog.String("method", r.Method),
			slog.String("path", r.URL.Path),
			slog.Int("status", rw.status),
			slog.Int64("bytes", rw.bytes),
			slog.Duration("duration", time.Since(start)),
			slog.String("remote", r.RemoteAddr),
		}
		if rw.err != nil {
			attrs = append(attrs, slog.String("err", rw.err.Error()))
		}
		s.cfg.Log.LogAttrs(r.Context(), level, "request", attrs...)
	})
}

// responseWriter records the status and size of a response, and the
// first error of its writes, for the request log.
type responseWriter struct {
	http.ResponseWriter
	status int
	bytes  int64
	err    error
}

func (w *responseWriter) WriteHeader(status int) {
	if w.status == 0 && status >= 200 {
		w.status = status
	}
	w.ResponseWriter.WriteHeader(status)
}

func (w *responseWriter) Write(p []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	n, err := w.ResponseWriter.Write(p)
	w.bytes += int64(n)
	if err != nil && w.err == nil {
		w.err = err
	}
	return n, err
}

// ReadFrom lets http.ServeContent hand the body to the writer below, which
// net/http's own copies with a buffer of its pool, rather than allocate
// one per response.
func (w *responseWriter) ReadFrom(r io.Reader) (int64, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	var n int64
	var err error
	if rf, ok := w.ResponseWriter.(io.ReaderFrom); ok {
		n, err = rf.ReadFrom(r)
	} else {
		n, err = io.Copy(struct{ io.Writer }{w.ResponseWriter}, r)
	}
	w.bytes += n
	if err != nil && w.err == nil {
		w.err = err
	}
	return n, err
}

// Unwrap lets http.ResponseController reach the connection.
func (w *responseWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }
