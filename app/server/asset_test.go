//go:build !wasm

package server

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestAcceptEncoding checks the choice of representation against RFC 9110,
// section 12.5.3, for an asset with gzip and brotli forms and for one too
// small to have them. "406" is 406 Not Acceptable.
func TestAcceptEncoding(t *testing.T) {
	s := newTestServer(t, Config{})
	for _, tc := range []struct {
		name   string
		accept []string // header lines; nil: no header
		big    string   // for /privacy, with gzip and br forms
		small  string   // for /web/icon-192.png, a PNG, with none
	}{
		{"no header", nil, "", ""},
		{"empty header", []string{""}, "", ""},
		{"gzip", []string{"gzip"}, "gzip", ""},
		{"br", []string{"br"}, "br", ""},
		{"browser", []string{"gzip, deflate, br, zstd"}, "br", ""},
		{"two header lines", []string{"gzip", "br"}, "br", ""},
		{"br refused", []string{"br;q=0"}, "", ""},
		{"br refused, gzip", []string{"br;q=0, gzip"}, "gzip", ""},
		{"highest q wins", []string{"br;q=0.5, gzip;q=0.8"}, "gzip", ""},
		{"highest q wins, order", []string{"gzip;q=1.0, br;q=0.999"}, "gzip", ""},
		{"tie goes to br", []string{"gzip;q=0.5, br;q=0.5"}, "br", ""},
		{"identity preferred", []string{"gzip;q=0.5, identity"}, "", ""},
		{"identity less preferred", []string{"gzip, identity;q=0.5"}, "gzip", ""},
		{"identity tie goes to compression", []string{"gzip;q=0.5, identity;q=0.5"}, "gzip", ""},
		{"identity refused alone", []string{"identity;q=0"}, "406", "406"},
		{"identity refused, gzip", []string{"identity;q=0, gzip"}, "gzip", "406"},
		{"star", []string{"*"}, "br", ""},
		{"star refused", []string{"*;q=0"}, "406", "406"},
		{"star refused, identity", []string{"*;q=0, identity"}, "", ""},
		{"star refused, identity refused", []string{"*;q=0, identity;q=0"}, "406", "406"},
		{"star refused, gzip", []string{"*;q=0, gzip"}, "gzip", "406"},
		{"star low, gzip", []string{"*;q=0.5, gzip"}, "gzip", ""},
		{"br refused, star", []string{"br;q=0, *"}, "gzip", ""},
		{"x-gzip", []string{"x-gzip"}, "gzip", ""},
		{"case", []string{"GZIP;Q=0.5, BR;Q=0.4"}, "gzip", ""},
		{"spaces", []string{" br ; q=0 , gzip ; q=0.3 "}, "gzip", ""},
		{"malformed q is ignored", []string{"br;q=2, gzip;q=0.0001, deflate"}, "", ""},
		{"malformed q does not refuse", []string{"identity;q=x"}, "", ""},
		{"unknown coding", []string{"zstd"}, "", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for _, c := range []struct{ target, want string }{{"/privacy", tc.big}, {"/web/icon-192.png", tc.small}} {
				req := httptest.NewRequest("GET", c.target, nil)
				for _, v := range tc.accept {
					req.Header.Add("Accept-Encoding", v)
				}
				rec := httptest.NewRecorder()
				s.ServeHTTP(rec, req)
				got := rec.Header().Get("Content-Encoding")
				if rec.Code == http.StatusNotAcceptable {
					got = "406"
				} else if rec.Code != http.StatusOK {
					t.Fatalf("%s: status %d", c.target, rec.Code)
				}
				if got != c.want {
					t.Errorf("%s with Accept-Encoding %q: %q, want %q", c.target, tc.accept, got, c.want)
				}
				if !varies(rec, "Accept-Encoding") {
					t.Errorf("%s: no Vary: Accept-Encoding", c.target)
				}
			}
		})
	}
}

// etagOf is the strong ETag that a body must have.
func etagOf(body []byte) string {
	sum := sha256.Sum256(body)
	return `"` + hex.EncodeToString(sum[:12]) + `"`
}

// TestETagPerRepresentation checks that the identity, gzip and br forms of
// a response each have their own strong ETag, derived from the bytes sent,
// and that conditional requests compare with the form they would get.
func TestETagPerRepresentation(t *testing.T) {
	s := newTestServer(t, Config{})
	for _, target := range []string{"/privacy", "/app.js", "/web/app.css", "/api/policies/privacy"} {
		seen := map[string]string{}
		for _, enc := range []string{"", "gzip", "br"} {
			rec := apiDo(t, s, "GET", target, "Accept-Encoding", enc)
			if rec.Header().Get("Content-Encoding") != enc {
				t.Fatalf("%s: Content-Encoding %q, want %q", target, rec.Header().Get("Content-Encoding"), enc)
			}
			etag := rec.Header().Get("ETag")
			if want := etagOf(rec.Body.Bytes()); etag != want {
				t.Errorf("%s %q: ETag %s, want %s (the hash of the bytes sent)", target, enc, etag, want)
			}
			if other, ok := seen[etag]; ok {
				t.Errorf("%s: %q and %q share the ETag %s", target, other, enc, etag)
			}
			seen[etag] = enc
			if rec := apiDo(t, s, "GET", target, "Accept-Encoding", enc, "If-None-Match", etag); rec.Code != http.StatusNotModified ||
				rec.Header().Get("ETag") != etag || rec.Body.Len() != 0 {
				t.Errorf("%s %q with its ETag: %d (ETag %s), want 304", target, enc, rec.Code, rec.Header().Get("ETag"))
			}
		}
		// The ETag of the identity form does not validate the gzip one.
		var identity string
		for e, enc := range seen {
			if enc == "" {
				identity = e
			}
		}
		if rec := apiDo(t, s, "GET", target, "Accept-Encoding", "gzip", "If-None-Match", identity); rec.Code != http.StatusOK {
			t.Errorf("%s gzip with the identity ETag: %d, want 200", target, rec.Code)
		}
	}
}

// TestRangeAndHEAD checks what http.ServeContent brings: byte ranges
// (resumed app.wasm downloads) and HEAD with the length of the form that GET
// would send.
func TestRangeAndHEAD(t *testing.T) {
	s := newTestServer(t, Config{})
	rec := apiDo(t, s, "GET", "/web/app.wasm", "Range", "bytes=0-3")
	if rec.Code != http.StatusPartialContent || rec.Body.String() != "\x00asm" || rec.Header().Get("Content-Range") == "" {
		t.Errorf("Range bytes=0-3: %d %q %q", rec.Code, rec.Body, rec.Header().Get("Content-Range"))
	}
	etag := rec.Header().Get("ETag")
	if rec := apiDo(t, s, "GET", "/web/app.wasm", "Range", "bytes=0-3", "If-Range", `"other"`); rec.Code != http.StatusOK {
		t.Errorf("Range with a stale If-Range: %d, want 200", rec.Code)
	}
	if rec := apiDo(t, s, "GET", "/web/app.wasm", "Range", "bytes=0-3", "If-Range", etag); rec.Code != http.StatusPartialContent {
		t.Errorf("Range with a current If-Range: %d, want 206", rec.Code)
	}
	for _, enc := range []string{"", "br"} {
		get := apiDo(t, s, "GET", "/privacy", "Accept-Encoding", enc)
		head := apiDo(t, s, "HEAD", "/privacy", "Accept-Encoding", enc)
		if head.Code != http.StatusOK || head.Body.Len() != 0 || head.Header().Get("Content-Length") != fmt.Sprint(get.Body.Len()) ||
			head.Header().Get("ETag") != get.Header().Get("ETag") {
			t.Errorf("HEAD %q: %d, %d bytes, Content-Length %s, ETag %s; GET sends %d bytes, ETag %s", enc, head.Code, head.Body.Len(),
				head.Header().Get("Content-Length"), head.Header().Get("ETag"), get.Body.Len(), get.Header().Get("ETag"))
		}
	}
	// A compressed GET says its length too.
	if rec := apiDo(t, s, "GET", "/privacy", "Accept-Encoding", "br"); rec.Header().Get("Content-Length") != fmt.Sprint(rec.Body.Len()) {
		t.Errorf("br GET: Content-Length %q for %d bytes", rec.Header().Get("Content-Length"), rec.Body.Len())
	}
}

// etags returns the ETag of every form of every response that carries one,
// by path and encoding.
func etags(t *testing.T, s *Server) map[string]string {
	t.Helper()
	var paths []string
	for p := range s.pages {
		paths = append(paths, p)
	}
	for p := range s.static {
		paths = append(paths, p)
	}
	for _, d := range s.Docs() {
		paths = append(paths, "/api/policies/"+d.Slug, "/embed/"+d.Slug)
	}
	paths = append(paths, "/api/policies", "/embed.js")
	out := map[string]string{}
	for _, p := range paths {
		for _, enc := range []string{"identity", "gzip", "br"} {
			rec := apiDo(t, s, "GET", p, "Accept-Encoding", enc)
			if rec.Code != http.StatusOK {
				t.Fatalf("GET %s: %d", p, rec.Code)
			}
			out[p+" "+enc] = rec.Header().Get("ETag")
		}
	}
	return out
}

// TestETagsStable starts two servers on the same content, as a restart or
// a second replica would, and compares the ETag of every form of every
// response: the same bytes must give the same ETag, or no cache can
// revalidate across them.
func TestETagsStable(t *testing.T) {
	w, p := testWeb(t), testPolicies(t)
	a := etags(t, newTestServer(t, Config{Web: w, Policies: p}))
	b := etags(t, newTestServer(t, Config{Web: w, Policies: p}))
	if len(a) < 60 {
		t.Fatalf("only %d responses with an ETag", len(a))
	}
	isPage := func(key string) bool {
		p, _, _ := strings.Cut(key, " ")
		return p == "/" || p == "/privacy" || strings.HasPrefix(p, "/embed/")
	}
	for _, kind := range []string{"assets and API", "pages"} {
		t.Run(kind, func(t *testing.T) {
			var diffs []string
			for key := range a {
				if isPage(key) != (kind == "pages") {
					continue
				}
				if a[key] == "" || a[key] != b[key] {
					diffs = append(diffs, fmt.Sprintf("%s: %s, then %s", key, a[key], b[key]))
				}
			}
			sort.Strings(diffs)
			if len(diffs) > 0 {
				t.Errorf("ETags that differ between two starts:\n%s", strings.Join(diffs, "\n"))
			}
		})
	}
}

// TestNotAcceptable checks the 406 answer's text.
func TestNotAcceptable(t *testing.T) {
	s := newTestServer(t, Config{})
	rec := apiDo(t, s, "GET", "/privacy", "Accept-Encoding", "identity;q=0, zstd")
	body, _ := io.ReadAll(rec.Body)
	if rec.Code != http.StatusNotAcceptable || !bytes.Contains(body, []byte("identity, gzip, br")) || rec.Header().Get("Cache-Control") != "no-store" {
		t.Errorf("406: %d %q, Cache-Control %q", rec.Code, body, rec.Header().Get("Cache-Control"))
	}
	if diff := cmp.Diff("", rec.Header().Get("ETag")); diff != "" {
		t.Errorf("406 with an ETag (-want +got):\n%s", diff)
	}
}

// TestServeLikeServeContent checks that the answers that asset.serve makes
// itself, to GET and HEAD requests that are neither conditional nor ask for
// a range, are those of http.ServeContent: the same request with an
// If-None-Match that matches nothing goes through ServeContent, and gets
// the same status, headers and body.
func TestServeLikeServeContent(t *testing.T) {
	s := newTestServer(t, Config{})
	for _, target := range []string{"/privacy", "/web/app.css", "/web/icon-192.png", "/app.js", "/api/policies/privacy", "/embed/privacy", "/embed.js"} {
		for _, method := range []string{"GET", "HEAD"} {
			for _, enc := range []string{"", "gzip", "gzip, deflate, br, zstd"} {
				fast := apiDo(t, s, method, target, "Accept-Encoding", enc)
				slow := apiDo(t, s, method, target, "Accept-Encoding", enc, "If-None-Match", `"other"`)
				if fast.Code != http.StatusOK || slow.Code != fast.Code {
					t.Errorf("%s %s %q: status %d, and %d through ServeContent", method, target, enc, fast.Code, slow.Code)
				}
				if diff := cmp.Diff(slow.Header(), fast.Header()); diff != "" {
					t.Errorf("%s %s %q: headers (-ServeContent +served):\n%s", method, target, enc, diff)
				}
				if !bytes.Equal(fast.Body.Bytes(), slow.Body.Bytes()) {
					t.Errorf("%s %s %q: %d bytes, and %d through ServeContent", method, target, enc, fast.Body.Len(), slow.Body.Len())
				}
			}
		}
	}
}
