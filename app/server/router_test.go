//go:build !wasm

package server

import (
	"bytes"
	"net/http"
	"sort"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestRouterLikeServeMux checks that the router sends every request where
// its ServeMuxes would: the same answer, with and without a path prefix, to
// every path the server serves and to paths near them.
func TestRouterLikeServeMux(t *testing.T) {
	for _, prefix := range []string{"", "/legal"} {
		s := apiServer(t, Config{Prefix: prefix})
		muxes := securityHeaders(s.securityHeader(), s.canonical(s.router.mux))
		paths := []string{
			"/", "/healthz", "/healthz/", "/web", "/web/", "/web/x", "/embed", "/embed/", "/embed/nope", "/embed.js", "/embed.jsx",
			"/api", "/api/", "/api/policies", "/api/policies/", "/api/policies.json", "/api/policies/sample", "/api/policies/sample.json",
			"/api/policies/sample?since=2023-05-10", "/api/nope", "/apix", "/oembed", "/oembed/", "/oembed?url=x", "/nope", "/nope/",
			"/%61pi/policies", "/api%2Fpolicies", "/web%2Fapp.css", "/embed%2Fsample", "/a%20b", "/sample?v=1", "/web/app.wasm?v=other",
		}
		for p := range s.pages {
			paths = append(paths, p, p+"/")
		}
		for p := range s.static {
			paths = append(paths, p)
		}
		for p := range s.embed.pages {
			paths = append(paths, p)
		}
		sort.Strings(paths)
		for _, p := range paths {
			for _, method := range []string{"GET", "HEAD", "POST", "OPTIONS"} {
				for _, target := range []string{p, prefix + p} {
					got := apiDo(t, s, method, target, "Accept-Encoding", "br", "Origin", "https://example.com")
					want := apiDo(t, muxes, method, target, "Accept-Encoding", "br", "Origin", "https://example.com")
					if got.Code != want.Code || !bytes.Equal(got.Body.Bytes(), want.Body.Bytes()) {
						t.Errorf("%s %s: %d, %d bytes; the ServeMuxes answer %d, %d bytes", method, target, got.Code, got.Body.Len(), want.Code, want.Body.Len())
					}
					if diff := cmp.Diff(want.Header(), got.Header()); diff != "" {
						t.Errorf("%s %s: headers (-ServeMuxes +router):\n%s", method, target, diff)
					}
				}
			}
		}
	}
}

// TestRouteTable checks the precedence of the patterns: the exact path,
// then the longest subtree.
func TestRouteTable(t *testing.T) {
	name := func(n string) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.Header().Set("Route", n) })
	}
	table := newRouteTable([]route{{"/", name("/")}, {"/a/", name("/a/")}, {"/a/b/", name("/a/b/")}, {"/a", name("/a")}, {"/a/b/c", name("/a/b/c")}})
	for p, want := range map[string]string{
		"/": "/", "/x": "/", "/a": "/a", "/a/": "/a/", "/ab": "/", "/a/x": "/a/", "/a/b": "/a/", "/a/b/": "/a/b/",
		"/a/b/c": "/a/b/c", "/a/b/c/": "/a/b/", "/a/b/cd": "/a/b/",
	} {
		h := table.lookup(p)
		if h == nil {
			t.Errorf("%s: no route, want %s", p, want)
			continue
		}
		w := &fastRecorder{header: http.Header{}}
		h.ServeHTTP(w, nil)
		if got := w.header.Get("Route"); got != want {
			t.Errorf("%s: route %s, want %s", p, got, want)
		}
	}
	if h := newRouteTable([]route{{"/a/", name("/a/")}}).lookup("/b"); h != nil {
		t.Error("/b found in a table of /a/ only")
	}
}
