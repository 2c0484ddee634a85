//go:build !wasm

package server

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"sort"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/andybalholm/brotli"

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
			rec := do(t, s, "GET", target, "Accept-Encoding", enc)
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
			if rec := do(t, s, "GET", target, "Accept-Encoding", enc, "If-None-Match", etag); rec.Code != http.StatusNotModified ||
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
		if rec := do(t, s, "GET", target, "Accept-Encoding", "gzip", "If-None-Match", identity); rec.Code != http.StatusOK {
			t.Errorf("%s gzip with the identity ETag: %d, want 200", target, rec.Code)
		}
	}
}

// TestRangeConditionalHEAD checks what http.ServeContent brings, through a
// real connection, on a page and on the client, in each encoding: byte
// ranges of the form sent (a resumed download), If-None-Match and
// If-Range against that form's ETag, If-Modified-Since ignored (no
// modification time), and HEAD with the headers of GET and no body.
func TestRangeConditionalHEAD(t *testing.T) {
	w := testWeb(t)
	wasm := append([]byte("\x00asm\x01\x00\x00\x00"), bytes.Repeat([]byte("a stand-in client "), 200)...)
	w["app.wasm"].Data = wasm
	w["app.wasm.gz"] = &fstest.MapFile{Data: gzipped(t, wasm)}
	w["app.wasm.br"] = &fstest.MapFile{Data: brotlied(t, wasm)}
	s := newTestServer(t, Config{Web: w})
	srv := listen(t, s)
	send := func(method, target string, header ...string) (*http.Response, []byte) {
		t.Helper()
		req, err := http.NewRequest(method, srv.URL+target, nil)
		if err != nil {
			t.Fatal(err)
		}
		for i := 0; i+1 < len(header); i += 2 {
			req.Header.Set(header[i], header[i+1])
		}
		res, err := srv.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, err := io.ReadAll(res.Body)
		if err != nil {
			t.Fatal(err)
		}
		return res, b
	}
	for _, target := range []string{"/privacy", "/web/app.wasm", "/web/app.wasm?build=" + s.Build()} {
		identity := []byte(nil)
		for _, enc := range []string{"identity", "gzip", "br"} {
			t.Run(target+" "+enc, func(t *testing.T) {
				ae := "Accept-Encoding"
				res, full := send("GET", target, ae, enc)
				etag, n := res.Header.Get("ETag"), len(full)
				wantEnc := strings.TrimPrefix(enc, "identity")
				if res.StatusCode != http.StatusOK || res.Header.Get("Content-Encoding") != wantEnc || etag != etagOf(full) ||
					res.Header.Get("Content-Length") != fmt.Sprint(n) || res.Header.Get("Accept-Ranges") != "bytes" {
					t.Fatalf("GET: %d, Content-Encoding %q, ETag %s, Content-Length %s for %d bytes, Accept-Ranges %q",
						res.StatusCode, res.Header.Get("Content-Encoding"), etag, res.Header.Get("Content-Length"), n, res.Header.Get("Accept-Ranges"))
				}
				if identity == nil {
					identity = full
				} else if got := decode(t, enc, full); !bytes.Equal(got, identity) {
					t.Errorf("the %s body decodes to %d bytes, not the %d of the identity body", enc, len(got), len(identity))
				}

				// A range of the bytes sent, of their length.
				res, part := send("GET", target, ae, enc, "Range", "bytes=4-13")
				if res.StatusCode != http.StatusPartialContent || !bytes.Equal(part, full[4:14]) ||
					res.Header.Get("Content-Range") != fmt.Sprintf("bytes 4-13/%d", n) || res.Header.Get("Content-Length") != "10" ||
					res.Header.Get("Content-Encoding") != wantEnc || res.Header.Get("ETag") != etag {
					t.Errorf("Range bytes=4-13: %d %q, Content-Range %q, Content-Length %q, Content-Encoding %q, ETag %s",
						res.StatusCode, part, res.Header.Get("Content-Range"), res.Header.Get("Content-Length"), res.Header.Get("Content-Encoding"), res.Header.Get("ETag"))
				}
				if res, _ := send("GET", target, ae, enc, "Range", fmt.Sprintf("bytes=%d-", n)); res.StatusCode != http.StatusRequestedRangeNotSatisfiable ||
					res.Header.Get("Content-Range") != fmt.Sprintf("bytes */%d", n) {
					t.Errorf("Range past the end: %d, Content-Range %q; want 416, bytes */%d", res.StatusCode, res.Header.Get("Content-Range"), n)
				}
				if res, b := send("GET", target, ae, enc, "Range", "bytes=4-13", "If-Range", etag); res.StatusCode != http.StatusPartialContent || !bytes.Equal(b, full[4:14]) {
					t.Errorf("Range with a current If-Range: %d, want 206", res.StatusCode)
				}
				if res, b := send("GET", target, ae, enc, "Range", "bytes=4-13", "If-Range", `"other"`); res.StatusCode != http.StatusOK || !bytes.Equal(b, full) {
					t.Errorf("Range with a stale If-Range: %d with %d bytes, want 200 with all %d", res.StatusCode, len(b), n)
				}

				// Conditional requests.
				for _, inm := range []string{etag, "W/" + etag, `"other", ` + etag, "*"} {
					if res, b := send("GET", target, ae, enc, "If-None-Match", inm); res.StatusCode != http.StatusNotModified || len(b) != 0 || res.Header.Get("ETag") != etag {
						t.Errorf("If-None-Match %s: %d with %d bytes, ETag %s; want 304, no body, ETag %s", inm, res.StatusCode, len(b), res.Header.Get("ETag"), etag)
					}
				}
				if res, b := send("GET", target, ae, enc, "If-None-Match", `"other"`); res.StatusCode != http.StatusOK || !bytes.Equal(b, full) {
					t.Errorf("a stale If-None-Match: %d, want 200 with the body", res.StatusCode)
				}
				if res, b := send("GET", target, ae, enc, "If-Modified-Since", time.Now().UTC().Format(http.TimeFormat)); res.StatusCode != http.StatusOK || !bytes.Equal(b, full) {
					t.Errorf("If-Modified-Since: %d, want 200 with the body (no modification time)", res.StatusCode)
				}

				// HEAD: GET's headers, no body.
				res, b := send("HEAD", target, ae, enc)
				if res.StatusCode != http.StatusOK || len(b) != 0 || res.Header.Get("Content-Length") != fmt.Sprint(n) ||
					res.Header.Get("ETag") != etag || res.Header.Get("Content-Encoding") != wantEnc {
					t.Errorf("HEAD: %d, %d bytes, Content-Length %s, ETag %s, Content-Encoding %q; GET sends %d bytes, ETag %s",
						res.StatusCode, len(b), res.Header.Get("Content-Length"), res.Header.Get("ETag"), res.Header.Get("Content-Encoding"), n, etag)
				}
				if res, _ := send("HEAD", target, ae, enc, "If-None-Match", etag); res.StatusCode != http.StatusNotModified {
					t.Errorf("HEAD with If-None-Match: %d, want 304", res.StatusCode)
				}
			})
		}
	}
}

// gzipped and brotlied return b compressed.
func gzipped(t testing.TB, b []byte) []byte {
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	zw.Write(b)
	zw.Close()
	return buf.Bytes()
}

func brotlied(t testing.TB, b []byte) []byte {
	var buf bytes.Buffer
	bw := brotli.NewWriter(&buf)
	bw.Write(b)
	bw.Close()
	return buf.Bytes()
}

// decode returns b decoded from the encoding enc.
func decode(t testing.TB, enc string, b []byte) []byte {
	t.Helper()
	var r io.Reader = bytes.NewReader(b)
	switch enc {
	case "gzip":
		zr, err := gzip.NewReader(r)
		if err != nil {
			t.Fatal(err)
		}
		r = zr
	case "br":
		r = brotli.NewReader(r)
	}
	got, err := io.ReadAll(r)
	if err != nil {
		t.Fatalf("decoding %s: %v", enc, err)
	}
	return got
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
			rec := do(t, s, "GET", p, "Accept-Encoding", enc)
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
	rec := do(t, s, "GET", "/privacy", "Accept-Encoding", "identity;q=0, zstd")
	body, _ := io.ReadAll(rec.Body)
	if rec.Code != http.StatusNotAcceptable || !bytes.Contains(body, []byte("identity, gzip, br")) || rec.Header().Get("Cache-Control") != "no-store" {
		t.Errorf("406: %d %q, Cache-Control %q", rec.Code, body, rec.Header().Get("Cache-Control"))
	}
	if diff := cmp.Diff("", rec.Header().Get("ETag")); diff != "" {
		t.Errorf("406 with an ETag (-want +got):\n%s", diff)
	}
}

// TestCompressOnDemand checks that New compresses nothing, that a request
// compresses only the form it gets, and that it waits for its turn while
// maxCompressions compressions run.
func TestCompressOnDemand(t *testing.T) {
	s := newTestServer(t, Config{})
	compressed := func() []string {
		var out []string
		for _, m := range []map[string]*asset{s.pages, s.embedPages, s.static, s.api.details} {
			for p, a := range m {
				for _, rep := range []representation{a.gz, a.br} {
					if rep.body != nil {
						out = append(out, p+" "+rep.encoding)
					}
				}
			}
		}
		sort.Strings(out)
		return out
	}
	if got := compressed(); len(got) > 0 {
		t.Fatalf("compressed at start: %q", got)
	}
	if rec := do(t, s, "GET", "/privacy"); rec.Code != http.StatusOK || len(compressed()) > 0 {
		t.Fatalf("GET /privacy without Accept-Encoding: %d, and compressed %q", rec.Code, compressed())
	}

	for range maxCompressions {
		compressions <- struct{}{}
	}
	done := make(chan *httptest.ResponseRecorder)
	go func() { done <- do(t, s, "GET", "/privacy", "Accept-Encoding", "gzip, br") }()
	var rec *httptest.ResponseRecorder
	select {
	case rec = <-done:
		t.Error("a request compressed while maxCompressions compressions ran")
	case <-time.After(100 * time.Millisecond): // what must not happen meanwhile
	}
	for range maxCompressions {
		<-compressions
	}
	if rec == nil {
		rec = <-done
	}
	if rec.Code != http.StatusOK || rec.Header().Get("Content-Encoding") != "br" {
		t.Fatalf("GET /privacy with br: %d, Content-Encoding %q", rec.Code, rec.Header().Get("Content-Encoding"))
	}
	if diff := cmp.Diff([]string{"/privacy br"}, compressed()); diff != "" {
		t.Errorf("compressed forms after one br request (-want +got):\n%s", diff)
	}
}

// TestBrotliWindow checks that a body is compressed with the smallest
// window that holds it, and about as well as with the default one (within
// 1%).
func TestBrotliWindow(t *testing.T) {
	for _, tc := range []struct{ n, want int }{{0, 10}, {1000, 10}, {1008, 10}, {1009, 11}, {30000, 15}, {32752, 15}, {32753, 16}, {8 << 20, 24}, {64 << 20, 24}} {
		if got := brotliWindow(tc.n); got != tc.want {
			t.Errorf("brotliWindow(%d) = %d, want %d", tc.n, got, tc.want)
		}
	}
	page := do(t, newTestServer(t, Config{}), "GET", "/privacy").Body.Bytes()
	small := compress(page, "br")
	var def bytes.Buffer
	w := brotli.NewWriterLevel(&def, brotli.BestCompression)
	w.Write(page)
	w.Close()
	if len(small) > def.Len()+def.Len()/100 {
		t.Errorf("%d bytes with the small window, %d with the default one", len(small), def.Len())
	}
	got, err := io.ReadAll(brotli.NewReader(bytes.NewReader(small)))
	if err != nil || !bytes.Equal(got, page) {
		t.Errorf("the body does not decode back: %v", err)
	}
}
