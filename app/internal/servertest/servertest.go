//go:build !wasm

// Package servertest holds what the tests of package server share with
// those of the packages built on it (package export): the files a test
// server is made from, and a request sent to a handler in process.
//
// It does not import package server, whose own tests use it: each of
// those packages makes its test server with server.New from these files.
package servertest

import (
	"encoding/json"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/seqeralabs/policy-widget/policies"
	"github.com/seqeralabs/policy-widget/web"
)

// Web returns the real assets with a small stand-in app.wasm (and none of
// its compressed forms), so that tests need no WebAssembly build and
// handle no multi-megabyte file.
func Web(t testing.TB) fstest.MapFS {
	t.Helper()
	m := fstest.MapFS{}
	err := fs.WalkDir(web.FS, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || strings.HasPrefix(name, "app.wasm") {
			return err
		}
		b, err := fs.ReadFile(web.FS, name)
		m[name] = &fstest.MapFile{Data: b}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	m["app.wasm"] = &fstest.MapFile{Data: []byte("\x00asm\x01\x00\x00\x00 stand-in")}
	return m
}

// Policies returns the privacy policy that the widget ships.
func Policies(t testing.TB) fstest.MapFS {
	t.Helper()
	b, err := fs.ReadFile(policies.FS, "privacy.md")
	if err != nil {
		t.Fatal(err)
	}
	return fstest.MapFS{"privacy.md": &fstest.MapFile{Data: b}}
}

// VersionedPolicies returns the privacy policy with an earlier version,
// so that the site has version pages, a compare page and a feed.
func VersionedPolicies(t testing.TB) fstest.MapFS {
	t.Helper()
	m := Policies(t)
	src := string(m["privacy.md"].Data)
	old := strings.Replace(src, "updated: 2021-02-27", "updated: 2020-06-01", 1)
	old = strings.Replace(old, "For further information, visit allaboutcookies.org.", "See allaboutcookies.org.", 1)
	if old == src {
		t.Fatal("the earlier version is the same as the current one")
	}
	m["privacy/2020-06-01.md"] = &fstest.MapFile{Data: []byte(old)}
	return m
}

// Do sends a request to h, with headers given as name, value pairs.
func Do(t testing.TB, h http.Handler, method, target string, header ...string) *httptest.ResponseRecorder {
	t.Helper()
	req := httptest.NewRequest(method, target, nil)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

// PrecacheList returns the resources that a service worker as served
// (app-worker.js) precaches.
func PrecacheList(t testing.TB, worker string) []string {
	t.Helper()
	m := regexp.MustCompile(`(?m)^const precachePaths = (\[.*\]);$`).FindStringSubmatch(worker)
	if m == nil {
		t.Fatalf("app-worker.js has no precache list:\n%s", worker)
	}
	var list []string
	if err := json.Unmarshal([]byte(m[1]), &list); err != nil {
		t.Fatalf("precache list %s: %v", m[1], err)
	}
	return list
}
