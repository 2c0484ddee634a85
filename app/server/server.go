//go:build !wasm

// Package server is the HTTP side of the policy widget: it checks the
// policies, prerenders every page through go-app, and serves the pages, the
// WebAssembly client and the static assets, compressed and cached in
// memory.
package server

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net"
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
	"github.com/seqeralabs/policy-widget/app/ui"
	"github.com/seqeralabs/policy-widget/app/ui/reserved"
	"github.com/seqeralabs/policy-widget/policies"
	"github.com/seqeralabs/policy-widget/web"
)

// Config says what a Server serves, and where.
type Config struct {
	// Addr is the TCP address to listen on, such as "127.0.0.1:8000".
	Addr string

	// BaseURL is the public URL of the site, used in og:url and the
	// sitemap. When empty it is "http://" + Addr.
	BaseURL string

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

	// Log receives the server's messages; a text logger on stderr when nil.
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

	// ReadHeaderTimeout bounds the time to read a request's headers, and
	// a request body, which this server never needs; 10 s when zero.
	ReadHeaderTimeout time.Duration

	// WriteTimeout bounds the time a response may make no progress: when a
	// write of it is not taken by the network within this time, the
	// connection is cut. A large body that keeps moving, such as app.wasm
	// on a slow phone, is never cut, however long it takes: every chunk of
	// it (writeChunk) gets this time again. 30 s when zero.
	WriteTimeout time.Duration

	// IdleTimeout bounds the time a kept-alive connection waits for its
	// next request; 120 s when zero.
	IdleTimeout time.Duration

	// Grace is how long Close lets the requests in flight finish before it
	// cuts them; 30 s when zero.
	Grace time.Duration
}

// The defaults of the Config's timeouts.
const (
	defaultReadHeaderTimeout = 10 * time.Second
	defaultWriteTimeout      = 30 * time.Second
	defaultIdleTimeout       = 120 * time.Second
	defaultGrace             = 30 * time.Second
)

// writeChunk is the size of the pieces in which a body is written, each
// with a new write deadline.
const writeChunk = 64 << 10

// Server serves the widget.
type Server struct {
	cfg        Config
	docs       []*policy.Document
	version    string
	pages      map[string]*asset // prerendered pages, feeds, go-app's generated files, robots.txt, sitemap.xml
	embedPages map[string]*asset // prerendered /embed/ pages
	static     map[string]*asset // files of cfg.Web and the style sheets, by URL path
	styles     *styles
	starter    starter   // the pages' inline script
	sitePages  []ui.Page // the pages of the site, prerendered into pages
	publicURL  bool      // cfg.BaseURL was given, not made from cfg.Addr
	notFound   *asset
	embed      *embedder   // the /embed/ pages and embed.js
	api        *apiHandler // the JSON API
	router     *router
	handler    http.Handler

	fastTable atomic.Pointer[fastTable] // the fast lane's answers (fastlane.go), once made
	fastReady chan struct{}             // closed once fastTable is set
	noFast    bool                      // serve every request with net/http (tests)

	ln       net.Listener
	fast     *fastLane // nil with noFast
	http     *http.Server
	inFlight atomic.Int64 // requests being served
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
	for _, d := range []struct {
		v   *time.Duration
		def time.Duration
	}{
		{&cfg.ReadHeaderTimeout, defaultReadHeaderTimeout},
		{&cfg.WriteTimeout, defaultWriteTimeout},
		{&cfg.IdleTimeout, defaultIdleTimeout},
		{&cfg.Grace, defaultGrace},
	} {
		if *d.v <= 0 {
			*d.v = d.def
		}
	}
	publicURL := cfg.BaseURL != ""
	if !publicURL {
		cfg.BaseURL = "http://" + cfg.Addr
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
		if docs, err = markdown.Load(cfg.Policies, markdown.WithPageIDs(reserved.IDs...), markdown.WithReservedSlugs(reserved.Slugs...)); err != nil {
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
	if _, err := fs.Stat(cfg.Web, "app.wasm"); err != nil {
		return nil, errors.New("web/app.wasm is missing: build it with `make build`")
	}
	s := &Server{cfg: cfg, docs: docs, publicURL: publicURL}
	if s.version, err = Version(cfg.Web, cfg.Policies); err != nil {
		return nil, err
	}
	if s.static, err = loadStatic(cfg.Web); err != nil {
		return nil, err
	}
	if err := s.prerender(); err != nil {
		return nil, err
	}
	routes, err := s.routes()
	if err != nil {
		return nil, err
	}
	s.handler = s.observe(routes)
	// The fast lane's table waits for the compressed forms, made in the
	// background: until then every connection goes to net/http.
	s.fastReady = make(chan struct{})
	go func() {
		s.fastTable.Store(s.fastTargets(routes))
		close(s.fastReady)
	}()
	return s, nil
}

// Docs returns the policies the server serves, sorted by slug.
func (s *Server) Docs() []*policy.Document { return s.docs }

// Version identifies the content served: the same policies and assets give
// the same version.
func (s *Server) Version() string { return s.version }

// appHandler returns go-app's handler, which renders go-app's own files
// (app.js with the client's environment, wasm_exec.js, the service worker
// from worker.js, app.css) and gives the manifest its names and colours.
// The pages are not its: prerender renders them (pages.go).
func (s *Server) appHandler() *app.Handler {
	title := ui.SiteName
	description := "Seqera's legal policies."
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
			Default:    iconDefault,
			Large:      iconLarge,
			SVG:        iconSVG,
			AppleTouch: iconAppleTouch,
		},
		// The pages' head is written by document (pages.go); these only
		// tell go-app's service worker template what to precache.
		Scripts:            []string{navScript},
		Version:            s.version,
		LoadingLabel:       " ",
		Resources:          offlineResources{staticResources{prefix: s.cfg.Prefix}, s.version},
		CacheableResources: s.cacheable(),
		// Offline reading and safe updates: see worker.go and worker.js.
		ServiceWorkerTemplate: serviceWorkerTemplate,
	}
}

// cacheable lists what the service worker keeps for offline reading
// besides go-app's files, the client, the scripts and icons: every
// page. go-app adds the path prefix to /web/ paths only, so pages get it
// here.
func (s *Server) cacheable() []string {
	paths := []string{iconSVG, maskableIcon}
	for _, p := range s.sitePages {
		if !p.Embed && !p.NotFound {
			paths = append(paths, s.cfg.Prefix+p.Path)
		}
	}
	return paths
}

// staticResources tells go-app where the static files are: under the
// site's path prefix. The server serves them itself, from the embedded
// web.FS.
type staticResources struct{ prefix string }

func (r staticResources) Package() string { return r.prefix }
func (r staticResources) Static() string  { return r.prefix }
func (r staticResources) AppWASM() string { return r.prefix + "/web/app.wasm" }

// ServeHTTP implements http.Handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.handler.ServeHTTP(w, r)
}

// observe logs one line per request (health checks at debug level), writes
// bodies in chunks that each get Config.WriteTimeout, and counts the
// requests in flight.
func (s *Server) observe(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		s.inFlight.Add(1)
		defer s.inFlight.Add(-1)
		rw := &responseWriter{ResponseWriter: w, timeout: s.cfg.WriteTimeout, start: start, r: r}
		if r.ContentLength != 0 {
			// The server answers without reading the body, then discards
			// it: not for longer than it waits for headers.
			http.NewResponseController(w).SetReadDeadline(start.Add(s.cfg.ReadHeaderTimeout))
		}
		next.ServeHTTP(rw, r)

		if rw.status == 0 {
			rw.status = http.StatusOK
		}
		s.logRequest(r.Context(), r.Method, r.URL.Path, rw.status, rw.bytes, time.Since(start), r.RemoteAddr, rw.err)
	})
}

// logRequest writes the request log's line of a request (health checks at
// debug level), for observe and the fast lane.
func (s *Server) logRequest(ctx context.Context, method, path string, status int, bytes int64, took time.Duration, remote string, err error) {
	level := slog.LevelInfo
	if unprefixed, _ := strings.CutPrefix(path, s.cfg.Prefix); path == "/healthz" || unprefixed == "/healthz" {
		level = slog.LevelDebug
	}
	attrs := []slog.Attr{
		slog.String("method", method),
		slog.String("path", path),
		slog.Int("status", status),
		slog.Int64("bytes", bytes),
		slog.Duration("duration", took),
		slog.String("remote", remote),
	}
	if err != nil {
		attrs = append(attrs, slog.String("err", err.Error()))
	}
	s.cfg.Log.LogAttrs(ctx, level, "request", attrs...)
}

// responseWriter records the status and size of a response for the log,
// and writes its body in chunks, extending the connection's write deadline
// before each: a download stalls out after Config.WriteTimeout, but one that
// keeps moving is never cut.
//
// The first chunk has the deadline that net/http set when it had read the
// request, Config.WriteTimeout away (http.Server.WriteTimeout): moving it
// on again microseconds later would cost every response for nothing. It is
// moved on for the first chunk too when the handler took more than
// firstChunkSlack to start the body.
type responseWriter struct {
	http.ResponseWriter
	timeout time.Duration // 0 when the connection has no deadlines (tests)
	start   time.Time     // when the request had been read
	r       *http.Request
	conn    *gatherConn // r's connection, once a large chunk is written; nil in tests
	status  int
	bytes   int64
	err     error // the first failed write
}

// firstChunkSlack is how late the first chunk of a body may start and
// still keep the write deadline that net/http set.
const firstChunkSlack = time.Second

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
	written := 0
	for len(p) > 0 {
		chunk := p[:min(len(p), writeChunk)]
		if w.timeout > 0 && (w.bytes > 0 || time.Since(w.start) > firstChunkSlack) {
			if err := http.NewResponseController(w.ResponseWriter).SetWriteDeadline(time.Now().Add(w.timeout)); errors.Is(err, http.ErrNotSupported) {
				w.timeout = 0
			}
		}
		// A chunk larger than net/http's buffer of the connection is
		// written straight to it, after what the buffer holds: both in
		// one system call (see gatherConn).
		if w.conn == nil && len(chunk) > heldMax/2 {
			w.conn, _ = w.r.Context().Value(connKey{}).(*gatherConn)
		}
		if w.conn != nil {
			w.conn.hold()
		}
		n, err := w.ResponseWriter.Write(chunk)
		if w.conn != nil {
			if rerr := w.conn.release(); err == nil {
				err = rerr
			}
		}
		written += n
		w.bytes += int64(n)
		if err != nil {
			if w.err == nil {
				w.err = err
			}
			return written, err
		}
		p = p[n:]
	}
	return written, nil
}

// ReadFrom copies r through Write with a pooled buffer: http.ServeContent
// copies the body with io.Copy, which would allocate one per response.
func (w *responseWriter) ReadFrom(r io.Reader) (int64, error) {
	buf := copyBuffers.Get().(*[]byte)
	defer copyBuffers.Put(buf)
	return io.CopyBuffer(struct{ io.Writer }{w}, r, *buf)
}

var copyBuffers = sync.Pool{New: func() any { b := make([]byte, writeChunk); return &b }}

// Unwrap lets http.ResponseController reach the connection.
func (w *responseWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// Open starts listening on cfg.Addr and serving in the background.
func (s *Server) Open() error {
	ln, err := net.Listen("tcp", s.cfg.Addr)
	if err != nil {
		return err
	}
	s.ln = ln
	s.http = &http.Server{
		Handler:           s,
		ConnContext:       connContext,
		ReadHeaderTimeout: s.cfg.ReadHeaderTimeout,
		// No ReadTimeout: it would stay set while the response is
		// written, and cancel the request's context in the middle of a
		// long download. observe bounds the reading of a body instead.
		//
		// The write deadline is set when a request has been read; every
		// chunk of the body moves it on (see responseWriter).
		WriteTimeout:   s.cfg.WriteTimeout,
		IdleTimeout:    s.cfg.IdleTimeout,
		MaxHeaderBytes: 1 << 16,
		ErrorLog:       slog.NewLogLogger(s.cfg.Log.Handler(), slog.LevelWarn),
	}
	var served net.Listener = gatherListener{ln}
	if !s.noFast {
		s.fast = newFastLane(s, ln)
		served = s.fast.listener()
		go s.fast.loadFiles()
		go s.fast.serve()
	}
	go func() {
		if err := s.http.Serve(served); err != nil && !errors.Is(err, http.ErrServerClosed) {
			s.cfg.Log.Error("serving failed", "err", err)
		}
	}()
	return nil
}

// URL returns the URL the server listens on, once Open has returned.
func (s *Server) URL() string {
	if s.ln == nil {
		return ""
	}
	return "http://" + s.ln.Addr().String()
}

// PrintListening writes the line that tells people, and tests, where the
// server listens.
func (s *Server) PrintListening(w io.Writer) {
	fmt.Fprintf(w, "listening on %s (version %s)\n", s.URL(), s.version)
}

// Close stops the server: it stops listening at once, lets the requests in
// flight finish for up to Config.Grace, then cuts those still running and
// returns an error that says so.
func (s *Server) Close() error {
	ctx, cancel := context.WithTimeoutCause(context.Background(), s.cfg.Grace,
		fmt.Errorf("the grace period of %s is over", s.cfg.Grace))
	defer cancel()
	return s.Shutdown(ctx)
}

// Shutdown is Close with a grace period that ends when ctx is done.
func (s *Server) Shutdown(ctx context.Context) error {
	if s.http == nil {
		return nil
	}
	if n := s.inFlight.Load(); n > 0 {
		s.cfg.Log.Info("stopping: letting the requests in flight finish", "in_flight", n)
	}
	// The fast lane first: the connections it hands over meanwhile go to
	// net/http, which stops next.
	var err error
	if s.fast != nil {
		err = s.fast.shutdown(ctx)
	}
	if err == nil && s.http.Shutdown(ctx) == nil {
		return nil
	}
	n := s.inFlight.Load()
	if s.fast != nil {
		s.fast.close()
	}
	s.http.Close()
	return fmt.Errorf("stopped with %d requests in flight cut: %w", n, context.Cause(ctx))
}
