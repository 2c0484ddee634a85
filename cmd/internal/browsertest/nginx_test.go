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
	addr := FreePort(t)
	n := StartNginx(t, addr, `server {
	listen `+addr+`;
	location / {
		root `+root+`;
	}
}`)
	res, err := http.Get(n.URL + "/hello.txt")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusOK || string(b) != "hello from nginx\n" {
		t.Fatalf("GET /hello.txt: %d %q", res.StatusCode, b)
	}
	n.Stop()
	if res, err := http.Get(n.URL + "/hello.txt"); err == nil {
		res.Body.Close()
		t.Fatal("nginx still answers after Stop")
	}
}
