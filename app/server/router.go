//go:build !wasm

package server

import (
	"net/http"
	"sort"
	"strings"
)

// route is a pattern of a ServeMux without method, host or wildcard, and
// its handler: an exact path, or, ending in "/", a subtree.
type route struct {
	pattern string
	handler http.Handler
}

// routeTable finds the route of a clean path as a ServeMux finds it among
// such patterns: the exact path first, then the longest subtree that holds
// it. A ServeMux allocates for a subtree pattern such as "/" and, when the
// path does not end in "/", looks the path up again with one, to redirect;
// this is a map look-up and a few prefix comparisons.
type routeTable struct {
	exact    map[string]http.Handler
	subtrees []route // longest first
}

func newRouteTable(routes []route) routeTable {
	t := routeTable{exact: map[string]http.Handler{}}
	for _, r := range routes {
		if strings.HasSuffix(r.pattern, "/") {
			t.subtrees = append(t.subtrees, r)
		} else {
			t.exact[r.pattern] = r.handler
		}
	}
	sort.SliceStable(t.subtrees, func(i, j int) bool { return len(t.subtrees[i].pattern) > len(t.subtrees[j].pattern) })
	return t
}

// lookup returns the handler of path p, nil when no pattern matches.
func (t routeTable) lookup(p string) http.Handler {
	if h, ok := t.exact[p]; ok {
		return h
	}
	for _, r := range t.subtrees {
		if strings.HasPrefix(p, r.pattern) {
			return r.handler
		}
	}
	return nil
}

// router routes a GET or HEAD request, nearly every one, with the patterns
// that its ServeMux, mux, was made of: api's, of every method, then site's,
// of GET (and so HEAD). Every other request, and a path with an escaped
// slash, which a ServeMux matches by its escaped segments, go to mux.
// canonical has cleaned the path: no ServeMux redirect is left to make
// (site has its own routes for /web and /embed).
type router struct {
	mux       http.Handler
	api, site routeTable
}

func newRouter(mux http.Handler, api, site []route) *router {
	return &router{mux: mux, api: newRouteTable(api), site: newRouteTable(site)}
}

func (rt *router) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if (r.Method == http.MethodGet || r.Method == http.MethodHead) && r.URL.RawPath == "" {
		h := rt.api.lookup(r.URL.Path)
		if h == nil {
			h = rt.site.lookup(r.URL.Path)
		}
		if h != nil {
			h.ServeHTTP(w, r)
			return
		}
	}
	rt.mux.ServeHTTP(w, r)
}
