//go:build !wasm

package main

import (
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/andybalholm/brotli"
	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"github.com/seqeralabs/policy-widget/app/site"
)

// testWeb returns a web folder with a stand-in client and its brotli form,
// so that the test needs no Wasm build.
func testWeb(t *testing.T, wasm []byte) fstest.MapFS {
	t.Helper()
	var br bytes.Buffer
	w := brotli.NewWriter(&br)
	w.Write(wasm)
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return fstest.MapFS{
		"app.wasm":    {Data: wasm},
		"app.wasm.br": {Data: br.Bytes()},
		"icon.svg":    {Data: []byte(`<svg xmlns="http://www.w3.org/2000/svg"/>`)},
	}
}

func TestServeWasm(t *testing.T) {
	wasm := bytes.Repeat([]byte("\x00asm floor "), 1000)
	web := testWeb(t, wasm)
	h, err := newHandler(web)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, accept string
		wantEncoding string
		wantBody     []byte
	}{
		{"brotli", "gzip, deflate, br, zstd", "br", web["app.wasm.br"].Data},
		{"brotli refused", "gzip, br;q=0", "", wasm}, // no gzip form in this folder
		{"identity", "", "", wasm},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := httptest.NewRequest("GET", "/web/app.wasm", nil)
			req.Header.Set("Accept-Encoding", tt.accept)
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			if rec.Code != http.StatusOK {
				t.Fatalf("status %d, want 200", rec.Code)
			}
			if got := rec.Header().Get("Content-Encoding"); got != tt.wantEncoding {
				t.Errorf("Content-Encoding %q, want %q", got, tt.wantEncoding)
			}
			if got := rec.Header().Get("Content-Type"); got != "application/wasm" {
				t.Errorf("Content-Type %q, want application/wasm", got)
			}
			if !bytes.Equal(rec.Body.Bytes(), tt.wantBody) {
				t.Errorf("body of %d bytes, want %d", rec.Body.Len(), len(tt.wantBody))
			}
			if tt.wantEncoding == "br" {
				dec, err := io.ReadAll(brotli.NewReader(rec.Body))
				if err != nil || !bytes.Equal(dec, wasm) {
					t.Errorf("brotli body does not decode to app.wasm (err %v)", err)
				}
			}
		})
	}

	t.Run("revalidated", func(t *testing.T) {
		req := httptest.NewRequest("GET", "/web/app.wasm", nil)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		req.Header.Set("If-None-Match", rec.Header().Get("ETag"))
		rec = httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != http.StatusNotModified {
			t.Errorf("status %d with a matching If-None-Match, want 304", rec.Code)
		}
	})
}

func TestStaleBrotli(t *testing.T) {
	web := testWeb(t, []byte("old client"))
	web["app.wasm"] = &fstest.MapFile{Data: []byte("new client")}
	if _, err := newHandler(web); err == nil || !strings.Contains(err.Error(), "not app.wasm compressed") {
		t.Errorf("newHandler with a stale app.wasm.br: error %v, want one naming the stale file", err)
	}
}

func TestPage(t *testing.T) {
	app.Route("/", &floor{})
	h, err := newHandler(testWeb(t, []byte("\x00asm")))
	if err != nil {
		t.Fatal(err)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/", nil))
	body := rec.Body.String()
	if rec.Code != http.StatusOK {
		t.Fatalf("status %d, want 200", rec.Code)
	}
	for _, want := range []string{`class="page"`, `href="/web/icon.svg"`, `src="/app.js"`} {
		if !strings.Contains(body, want) {
			t.Errorf("the page does not contain %s:\n%s", want, body)
		}
	}
	// Prerendered, the page is not mounted; only the client marks it.
	if strings.Contains(body, site.MountedAttr) {
		t.Errorf("the prerendered page carries %s:\n%s", site.MountedAttr, body)
	}
	// Every file the page loads is on this server (go-app's default icons
	// are not): the benchmark runs on loopback only.
	for _, attr := range []string{`src="http`, `href="http`, `src="//`, `href="//`} {
		if strings.Contains(body, attr) {
			t.Errorf("the page loads a file from another host (%s…):\n%s", attr, body)
		}
	}

	// Every file go-app's service worker precaches is there, or its
	// install fails.
	rec = httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/app-worker.js", nil))
	worker := rec.Body.String()
	for _, path := range []string{"/", "/app.css", "/app.js", "/manifest.webmanifest", "/wasm_exec.js", "/web/app.wasm", "/web/icon.svg"} {
		if !strings.Contains(worker, `"`+path+`"`) {
			t.Errorf("the service worker does not precache %s:\n%s", path, worker)
		}
		rec = httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("GET", path, nil))
		if rec.Code != http.StatusOK {
			t.Errorf("GET %s: status %d, want 200", path, rec.Code)
		}
	}

	// go-app's script loads the client from where this server serves it.
	rec = httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/app.js", nil))
	if !strings.Contains(rec.Body.String(), `"/web/app.wasm"`) {
		t.Errorf("/app.js (status %d) does not load /web/app.wasm", rec.Code)
	}
}
