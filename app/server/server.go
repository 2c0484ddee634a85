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
	"time"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"github.com/seqeralabs/policy-widget/app/policy"
	"github.com/seqeralabs/policy-widget/app/policy/markdown"
	"github.com/seqeralabs/policy-widget/app/ui"
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
}

// Server serves the widget.
type Server struct {
	cfg      Config
	docs     []*policy.Document
	version  string
	pages    map[string]*asset // prerendered pages and go-app's generated files
	static   map[string]*asset // files of cfg.Web, by URL path
	notFound *asset
	handler  http.Handler

	ln   net.Listener
	http *http.Server
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

	docs, err := markdown.Load(cfg.Policies, markdown.WithPageIDs(ui.PageIDs...), markdown.WithReservedSlugs(ui.ReservedSlugs...))
	if err != nil {
		return nil, err
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
	s := &Server{cfg: cfg, docs: docs}
	if s.version, err = Version(cfg.Web, cfg.Policies); err != nil {
		return nil, err
	}
	if s.static, err = loadStatic(cfg.Web); err != nil {
		return nil, err
	}
	if err := s.prerender(); err != nil {
		return nil, err
	}
	if s.handler, err = s.routes(); err != nil {
		return nil, err
	}
	return s, nil
}

// Docs returns the policies the server serves, sorted by slug.
func (s *Server) Docs() []*policy.Document { return s.docs }

// Version identifies the content served: the same policies and assets give
// the same version.
func (s *Server) Version() string { return s.version }

// appHandler returns the go-app handler that renders the pages.
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
		ThemeColor:      "#160f26",
		Icon: app.Icon{
			Default:    "/web/icon-192.png",
			Large:      "/web/icon-512.png",
			SVG:        "/web/icon.svg",
			AppleTouch: "/web/apple-touch-icon.png",
		},
		Styles:             []string{"/web/app.css", "/web/status.css", "/web/embed.css"},
		Scripts:            []string{"/web/nav.js defer"},
		Version:            s.version,
		LoadingLabel:       " ",
		Resources:          offlineResources{staticResources{prefix: s.cfg.Prefix}, s.version},
		CacheableResources: s.cacheable(),
		// Offline reading and safe updates: see worker.go and worker.js.
		ServiceWorkerTemplate: serviceWorkerTemplate,
		RawHeaders:            []string{versionMeta(s.version)},
	}
}

// cacheable lists what the service worker keeps for offline reading
// besides go-app's files, the client, the styles, scripts and icons: every
// page. go-app adds the path prefix to /web/ paths only, so pages get it
// here.
func (s *Server) cacheable() []string {
	paths := []string{"/web/icon.svg", maskableIcon, s.cfg.Prefix + "/"}
	for _, d := range s.docs {
		paths = append(paths, s.cfg.Prefix+"/"+d.Slug)
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

// Open starts listening on cfg.Addr and serving in the background, and
// prints the URL it serves on.
func (s *Server) Open() error {
	ln, err := net.Listen("tcp", s.cfg.Addr)
	if err != nil {
		return err
	}
	s.ln = ln
	s.http = &http.Server{
		Handler:           s,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    1 << 16,
	}
	go func() {
		if err := s.http.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
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

// Close stops the server, letting requests in flight finish for up to five
// seconds.
func (s *Server) Close() error {
	if s.http == nil {
		return nil
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	return s.http.Shutdown(ctx)
}
