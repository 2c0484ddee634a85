//go:build !wasm

package browsertest

import (
	"io"
	"net/http"
	"os"
	"path/filepath"
	"testing"
)

// TestStartNginx serves a file with nginx, and checks that Stop stops it.
func TestStartNginx(t *testing.T) {
	root := t.TempDir()
	if err := os.WriteFile(filepath.Join(root, "hello.txt"), []byte("hello from nginx\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	n := StartNginx(t, func(listen string) string {
		return `server {
	listen ` + listen + `;
	location / {
		root ` + root + `;
	}
}`
	})
	f := StartFront(t)
	f.Forward(n.URL)
	res, err := http.Get(f.URL + "/hello.txt")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusOK || string(b) != "hello from nginx\n" {
		t.Fatalf("GET /hello.txt: %d %q", res.StatusCode, b)
	}
	n.Stop()
	if res, err := http.Get(f.URL + "/hello.txt"); err != nil || res.StatusCode != http.StatusBadGateway {
		t.Fatalf("after Stop: %v, %v; want the front's 502 for a server it cannot reach", res, err)
	} else {
		res.Body.Close()
	}
	http.DefaultClient.CloseIdleConnections()
}
