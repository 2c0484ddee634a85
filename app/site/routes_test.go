package site

import (
	"go/ast"
	"go/parser"
	"go/token"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestPath(t *testing.T) {
	for _, tc := range []struct {
		r      Route
		values []string
		want   string
	}{
		{Index, nil, "/"},
		{Policy, []string{"privacy"}, "/privacy"},
		{Versions, []string{"privacy"}, "/privacy/versions"},
		{Version, []string{"privacy", "2021-02-27"}, "/privacy/v/2021-02-27"},
		{Compare, []string{"privacy", "2021-02-27", "2026-01-15"}, "/privacy/compare/2021-02-27...2026-01-15"},
		{Feed, []string{"privacy"}, "/privacy/changes.atom"},
		{Embed, []string{"privacy"}, "/embed/privacy"},
		{Web, []string{"app.wasm"}, "/web/app.wasm"},
		{API, []string{"a/b"}, "/api/a/b"},
		{Health, nil, "/healthz"},
	} {
		if got := tc.r.Path(tc.values...); got != tc.want {
			t.Errorf("%s.Path(%q) = %q, want %q", tc.r.Pattern, tc.values, got, tc.want)
		}
	}
	for _, values := range [][]string{nil, {"privacy"}, {"privacy", "2021-02-27", "x"}} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("%s.Path(%q) did not panic", Version.Pattern, values)
				}
			}()
			Version.Path(values...)
		}()
	}
}

func TestMatch(t *testing.T) {
	for _, tc := range []struct {
		r    Route
		path string
		want []string // nil: no match
	}{
		{Index, "/", []string{}},
		{Index, "/privacy", nil},
		{Policy, "/privacy", []string{"privacy"}},
		{Policy, "/", nil},
		{Policy, "/privacy/versions", nil},
		{Versions, "/privacy/versions", []string{"privacy"}},
		{Version, "/privacy/v/2021-02-27", []string{"privacy", "2021-02-27"}},
		{Version, "/privacy/v/", nil},
		{Compare, "/privacy/compare/2021-02-27...2026-01-15", []string{"privacy", "2021-02-27", "2026-01-15"}},
		{Compare, "/privacy/compare/2021-02-27...", nil},
		{Compare, "/privacy/compare/...2026-01-15", nil},
		{Compare, "/privacy/compare/2021-02-27..2026-01-15", nil},
		{Feed, "/privacy/changes.atom", []string{"privacy"}},
		{Feed, "/privacy/changes.atomx", nil},
		{Embed, "/embed/privacy", []string{"privacy"}},
		{Embed, "/embed/privacy/x", nil},
		{API, "/api/", []string{""}},
		{API, "/api/a/b", []string{"a/b"}},
		{API, "/api", nil},
		{Health, "/healthz", []string{}},
		{Health, "/healthz/", nil},
	} {
		got, ok := tc.r.Match(tc.path)
		if ok != (tc.want != nil) || (ok && !slices.Equal(got, tc.want)) {
			t.Errorf("%s.Match(%q) = %q, %v; want %q", tc.r.Pattern, tc.path, got, ok, tc.want)
		}
	}
}

// TestPathMatch checks that every route matches its own paths, with the
// values they were made of.
func TestPathMatch(t *testing.T) {
	for _, r := range Routes() {
		values := exampleValues(r)
		p := r.Path(values...)
		if got, ok := r.Match(p); !ok || !slices.Equal(got, values) {
			t.Errorf("%s.Match(%q) = %q, %v; want %q", r.Pattern, p, got, ok, values)
		}
	}
}

// exampleValues returns values for the wildcards of r.
func exampleValues(r Route) []string {
	values := []string{}
	for i := strings.Count(r.Pattern, "{"); i > 0; i-- {
		values = append(values, "x"+strings.Repeat("y", i))
	}
	return values
}

func TestHeaderPattern(t *testing.T) {
	for r, want := range map[Route]string{
		Index:   "/",
		Policy:  "/:slug",
		Version: "/:slug/v/:date",
		Compare: "/:slug/compare/:from...:to",
		Web:     "/web/:file",
		API:     "",
		Health:  "/healthz",
	} {
		if got := r.HeaderPattern(); got != want {
			t.Errorf("%s.HeaderPattern() = %q, want %q", r.Pattern, got, want)
		}
	}
}

func TestServeMuxPattern(t *testing.T) {
	for r, want := range map[Route]string{
		Index:       "/",
		Policy:      "/",
		Compare:     "/",
		Embed:       "/embed/",
		Web:         "/web/",
		APIPolicy:   "/api/policies/",
		API:         "/api/",
		APIPolicies: "/api/policies",
		Health:      "/healthz",
	} {
		if got := r.ServeMuxPattern(); got != want {
			t.Errorf("%s.ServeMuxPattern() = %q, want %q", r.Pattern, got, want)
		}
	}
}

// TestReservedSlugs checks that the first segment of every route is
// reserved, and so are the names that a static export would write in the
// place of a route's file.
func TestReservedSlugs(t *testing.T) {
	reserved := ReservedSlugs()
	for _, r := range Routes() {
		first, _, _ := strings.Cut(strings.TrimPrefix(r.Pattern, "/"), "/")
		if first != "" && !strings.Contains(first, "{") && !slices.Contains(reserved, first) {
			t.Errorf("route %s: %q is not reserved", r.Pattern, first)
		}
	}
	for _, want := range []string{"api", "web", "embed", "oembed", "healthz", "index", "404", "embed.js", "app.js", "robots.txt"} {
		if !slices.Contains(reserved, want) {
			t.Errorf("%q is not reserved: %q", want, reserved)
		}
	}
	if c := slices.Compact(slices.Sorted(slices.Values(reserved))); len(c) != len(reserved) {
		t.Errorf("reserved twice: %q", reserved)
	}
	for _, s := range reserved {
		if _, ok := Policy.Match("/" + s); !ok {
			t.Errorf("%q is not a first segment", s)
		}
	}
}

func TestFileName(t *testing.T) {
	for _, tc := range []struct {
		path string
		page bool
		want string
	}{
		{"/", true, "index.html"},
		{"/privacy", true, "privacy.html"},
		{"/privacy/versions", true, "privacy/versions.html"},
		{"/privacy/compare/2020-06-01...2021-02-27", true, "privacy/compare/2020-06-01...2021-02-27.html"},
		{"/404.html", true, "404.html"},
		{"/app.js", false, "app.js"},
		{"/privacy/changes.atom", false, "privacy/changes.atom"},
	} {
		if got := FileName(tc.path, tc.page); got != tc.want {
			t.Errorf("FileName(%q, %v) = %q, want %q", tc.path, tc.page, got, tc.want)
		}
	}
}

// TestNames checks the names that are made of others.
func TestNames(t *testing.T) {
	if diff := cmp.Diff(`[data-wasm="mounted"]`, Mounted); diff != "" {
		t.Errorf("Mounted (-want +got):\n%s", diff)
	}
	if got, want := CacheName("/legal/", "abc"), CacheName("/legal/", "")+"abc"; got != want {
		t.Errorf("CacheName does not end with the build: %q, want %q", got, want)
	}
	if got := StorageKey("seen", "/legal", "privacy"); got != "policy-widget:seen:/legal/privacy" {
		t.Errorf("StorageKey = %q", got)
	}
}

// TestRoutesListsEveryRoute checks that Routes lists every route that this
// package declares (a variable of type Route), and no other: a route
// missing from it would be linked to but neither served nor reserved.
func TestRoutesListsEveryRoute(t *testing.T) {
	f, err := parser.ParseFile(token.NewFileSet(), "routes.go", nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	var declared []string
	ast.Inspect(f, func(n ast.Node) bool {
		lit, ok := n.(*ast.CompositeLit)
		if !ok {
			return true
		}
		if id, ok := lit.Type.(*ast.Ident); !ok || id.Name != "Route" {
			return true
		}
		pattern, err := strconv.Unquote(lit.Elts[0].(*ast.BasicLit).Value)
		if err != nil {
			t.Fatal(err)
		}
		declared = append(declared, pattern)
		return true
	})
	var listed []string
	for _, r := range Routes() {
		listed = append(listed, r.Pattern)
	}
	if len(declared) < 20 {
		t.Fatalf("found %d routes in routes.go: the test reads it wrong", len(declared))
	}
	if diff := cmp.Diff(slices.Sorted(slices.Values(declared)), slices.Sorted(slices.Values(listed))); diff != "" {
		t.Errorf("the routes of routes.go (-want) and of Routes (+got):\n%s", diff)
	}
}
