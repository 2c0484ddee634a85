//go:build !wasm

package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/andybalholm/brotli"
	"github.com/maxence-charriere/go-app/v9/pkg/app"
)

// assets holds the icon and the client, web/app.wasm with its brotli and
// gzip forms, built before the server.
//
//go:embed web
var assets embed.FS

// serve serves the app on -addr until SIGINT or SIGTERM.
func serve() {
	addr := flag.String("addr", "127.0.0.1:8002", "address to listen on")
	flag.Parse()
	web, err := fs.Sub(assets, "web")
	if err != nil {
		fail(err)
	}
	h, err := newHandler(web)
	if err != nil {
		fail(err)
	}
	stop := make(chan os.Signal, 1)
	signal.Notify(stop, os.Interrupt, syscall.SIGTERM)
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		fail(err)
	}
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}
	go func() {
		if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			fail(err)
		}
	}()
	fmt.Printf("listening on http://%s\n", ln.Addr())
	<-stop
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := srv.Shutdown(ctx); err != nil {
		fail(err)
	}
}

// newHandler returns the app's handler: the client at /web/app.wasm,
// served from memory in the encoding the browser accepts (brotli for
// Chromium, as the widget serves it), the icon at /web/icon.svg, and
// go-app's pages and files for everything else.
func newHandler(web fs.FS) (http.Handler, error) {
	wasm, err := loadWasm(web)
	if err != nil {
		return nil, err
	}
	svg, err := fs.ReadFile(web, "icon.svg")
	if err != nil {
		return nil, err
	}
	mux := http.NewServeMux()
	mux.Handle("GET /web/app.wasm", wasm)
	mux.Handle("GET /web/icon.svg", newFile("image/svg+xml", svg, nil, nil))
	mux.Handle("/web/", http.NotFoundHandler())
	mux.Handle("/", &app.Handler{
		Name:  "Floor",
		Title: "Floor",
		// Local icons: go-app's default ones are on another host.
		Icon: app.Icon{
			Default:    "/web/icon.svg",
			Large:      "/web/icon.svg",
			SVG:        "/web/icon.svg",
			AppleTouch: "/web/icon.svg",
		},
		Resources: resources{},
	})
	return mux, nil
}

// resources tells go-app that the static files are under /web/ of this
// server, which serves them itself.
type resources struct{}

func (resources) Package() string { return "" }
func (resources) Static() string  { return "" }
func (resources) AppWASM() string { return "/web/app.wasm" }

// file is a file in memory with its compressed forms, if any.
type file struct {
	contentType string
	raw, br, gz []byte
	etag        string
}

func newFile(contentType string, raw, br, gz []byte) *file {
	sum := sha256.Sum256(raw)
	return &file{contentType: contentType, raw: raw, br: br, gz: gz, etag: `"` + hex.EncodeToString(sum[:12]) + `"`}
}

// loadWasm reads app.wasm and its precompressed forms, and checks that the
// brotli form is of this build.
func loadWasm(web fs.FS) (*file, error) {
	raw, err := fs.ReadFile(web, "app.wasm")
	if err != nil {
		return nil, errors.New("cmd/floor/web/app.wasm is missing: build bin/floor with `make bin/floor`")
	}
	br, err := fs.ReadFile(web, "app.wasm.br")
	if err != nil {
		return nil, errors.New("cmd/floor/web/app.wasm.br is missing: build bin/floor with `make bin/floor`")
	}
	dec, err := io.ReadAll(brotli.NewReader(bytes.NewReader(br)))
	if err != nil || !bytes.Equal(dec, raw) {
		return nil, errors.New("cmd/floor/web/app.wasm.br is not app.wasm compressed: rebuild with `make bin/floor`")
	}
	gz, _ := fs.ReadFile(web, "app.wasm.gz") // optional
	return newFile("application/wasm", raw, br, gz), nil
}

// ServeHTTP serves the file as the widget's server serves its own:
// revalidated by ETag, brotli when accepted, then gzip, then as is.
func (f *file) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Content-Type", f.contentType)
	h.Set("Cache-Control", "no-cache")
	h.Set("Vary", "Accept-Encoding")
	h.Set("ETag", f.etag)
	if r.Header.Get("If-None-Match") == f.etag {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	body := f.raw
	accepted := acceptedEncodings(r.Header.Get("Accept-Encoding"))
	switch {
	case accepted["br"] && f.br != nil:
		h.Set("Content-Encoding", "br")
		body = f.br
	case accepted["gzip"] && f.gz != nil:
		h.Set("Content-Encoding", "gzip")
		body = f.gz
	}
	h.Set("Content-Length", strconv.Itoa(len(body)))
	if r.Method != http.MethodHead {
		w.Write(body)
	}
}

// acceptedEncodings returns the codings an Accept-Encoding header accepts,
// leaving out those with q=0.
func acceptedEncodings(header string) map[string]bool {
	m := make(map[string]bool)
	for _, part := range strings.Split(header, ",") {
		name, params, _ := strings.Cut(part, ";")
		if q, ok := strings.CutPrefix(strings.TrimSpace(params), "q="); ok {
			if v, err := strconv.ParseFloat(q, 64); err == nil && v == 0 {
				continue
			}
		}
		if name = strings.ToLower(strings.TrimSpace(name)); name != "" {
			m[name] = true
		}
	}
	return m
}

func fail(err error) {
	fmt.Fprintf(os.Stderr, "floor: %v\n", err)
	os.Exit(1)
}
