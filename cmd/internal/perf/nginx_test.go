//go:build !wasm

package perf

import (
	"bytes"
	"context"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestNginx starts the real nginx (Debian nginx-light, which make test
// installs) with the benchmark's configuration: the files come back with
// their bytes and headers, and Stop removes everything.
func TestNginx(t *testing.T) {
	bin, err := NginxPath("nginx")
	if err != nil {
		t.Fatal(err)
	}
	page := []byte("<!DOCTYPE html><title>Privacy</title><p>Text</p>")
	wasm := bytes.Repeat([]byte{0xce, 0xb2, 0x01}, 4000) // stands in for brotli bytes
	ngx, err := StartNginx(context.Background(), bin, []NginxFile{
		{Path: "/privacy", Body: page, ContentType: "text/html; charset=utf-8"},
		{Path: "/web/app.wasm", Body: wasm, ContentType: "application/wasm", ContentEncoding: "br"},
	})
	if err != nil {
		t.Fatal(err)
	}
	dir := ngx.Dir
	stopped := false
	defer func() {
		if !stopped {
			ngx.Stop()
		}
	}()
	if !strings.HasPrefix(ngx.URL, "http://127.0.0.1:") {
		t.Errorf("nginx listens on %s, want 127.0.0.1", ngx.URL)
	}

	tests := []struct {
		path, contentType, encoding string
		body                        []byte
	}{
		{"/privacy", "text/html; charset=utf-8", "", page},
		{"/web/app.wasm", "application/wasm", "br", wasm},
	}
	for _, tt := range tests {
		body, h, err := Get(context.Background(), ngx.URL+tt.path, http.Header{"Accept-Encoding": {"br"}})
		if err != nil {
			t.Fatalf("GET %s: %v\n%s", tt.path, err, ngx.ErrorLog())
		}
		if !bytes.Equal(body, tt.body) {
			t.Errorf("GET %s: %d bytes, want the %d of the file", tt.path, len(body), len(tt.body))
		}
		if got := h.Get("Content-Type"); got != tt.contentType {
			t.Errorf("GET %s: Content-Type %q, want %q", tt.path, got, tt.contentType)
		}
		if got := h.Get("Content-Encoding"); got != tt.encoding {
			t.Errorf("GET %s: Content-Encoding %q, want %q", tt.path, got, tt.encoding)
		}
	}
	if _, _, err := Get(context.Background(), ngx.URL+"/other", nil); err == nil || !strings.Contains(err.Error(), "404") {
		t.Errorf("GET /other: %v, want status 404", err)
	}
	conf, err := os.ReadFile(filepath.Join(dir, "nginx.conf"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"daemon off;", "worker_processes 1;", "sendfile on;", "pid " + dir} {
		if !bytes.Contains(conf, []byte(want)) {
			t.Errorf("nginx.conf lacks %q", want)
		}
	}

	stopped = true
	if err := ngx.Stop(); err != nil {
		t.Errorf("Stop: %v", err)
	}
	if _, err := os.Stat(dir); !os.IsNotExist(err) {
		t.Errorf("nginx's directory %s remains after Stop (%v)", dir, err)
	}
}
