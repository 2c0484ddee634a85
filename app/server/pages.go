//go:build !wasm

package server

import (
	"bytes"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"

	"github.com/seqeralabs/policy-widget/app/ui"
)

// generated lists go-app's own files, rendered once like the pages.
var generated = []string{"/app.js", "/app-worker.js", "/manifest.webmanifest", "/wasm_exec.js", "/app.css"}

// notFoundPath is a path that no policy can have, used to render the
// not-found page once.
const notFoundPath = "/404.html"

// prerender renders every page and go-app file once, through go-app's
// handler, and keeps the results. A panic while rendering is returned as an
// error, so a server never starts with a page it cannot render.
func (s *Server) prerender() (err error) {
	ui.Route(s.cfg.Prefix, s.docs)
	h := s.appHandler()
	base, err := url.Parse(s.cfg.BaseURL)
	if err != nil {
		return fmt.Errorf("base URL: %w", err)
	}
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("prerendering failed: %v", r)
		}
	}()
	render := func(path string) (*asset, error) {
		req := httptest.NewRequest(http.MethodGet, path, nil)
		req.Host = base.Host
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK {
			return nil, fmt.Errorf("prerendering %s: status %d", path, rec.Code)
		}
		body := rec.Body.Bytes()
		contentType := rec.Header().Get("Content-Type")
		if contentType == "text/html" {
			body = fixPage(body)
			contentType = "text/html; charset=utf-8"
		}
		return newAsset(path, body, contentType), nil
	}
	s.pages = make(map[string]*asset)
	paths := append([]string{"/"}, generated...)
	for _, d := range s.docs {
		paths = append(paths, "/"+d.Slug)
	}
	for _, p := range paths {
		if s.pages[p], err = render(p); err != nil {
			return err
		}
	}
	s.addOfflineAssets()
	if s.notFound, err = render(notFoundPath); err != nil {
		return err
	}
	s.notFound.status = http.StatusNotFound
	for _, a := range s.pages {
		go a.compress()
	}
	return nil
}

// fixPage mends what go-app v9 writes into every page: its viewport meta
// forbids zooming, which fails WCAG 1.4.4.
func fixPage(page []byte) []byte {
	return bytes.Replace(page,
		[]byte(`content="width=device-width, initial-scale=1, maximum-scale=1, user-scalable=0, viewport-fit=cover"`),
		[]byte(`content="width=device-width, initial-scale=1, viewport-fit=cover"`), 1)
}
