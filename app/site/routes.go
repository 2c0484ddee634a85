package site

import (
	"fmt"
	"slices"
	"strings"
)

// A Route is a path of the site, or a family of paths.
type Route struct {
	// Pattern is the route's path. Its segments are literal, or hold
	// wildcards that a request fills in, in the syntax of http.ServeMux:
	// {name} stands for one segment, and {name...}, in the last segment,
	// for the rest of the path. Unlike ServeMux, a segment may join
	// wildcards and literal text: "{from}...{to}".
	Pattern string

	// Kind says what answers the route, and so which handler of the
	// server serves it.
	Kind Kind
}

// Kind is what answers a route.
type Kind int

const (
	// KindPage is a page of the site, in HTML: prerendered or rendered on
	// request. A static export writes it as a file with PageExt.
	KindPage Kind = iota + 1
	// KindFile is a file made with the pages: a feed, go-app's files,
	// robots.txt, sitemap.xml.
	KindFile
	// KindStatic is a file of web/, the folder of the site's assets.
	KindStatic
	// KindEmbed is an /embed/ page: a policy without the site around it,
	// which embed.js shows in a frame.
	KindEmbed
	// KindEmbedFile is a file that host pages load from the site's root:
	// embed.js, its types and its Custom Elements Manifest.
	KindEmbedFile
	// KindAPI is an answer of the JSON API or of oEmbed.
	KindAPI
	// KindHealth is the health check.
	KindHealth
)

// The routes of the site: Routes lists them all.
var (
	// Index lists the policies.
	Index = Route{"/", KindPage}
	// Policy is a policy's page, as of the day.
	Policy = Route{"/{slug}", KindPage}
	// Versions lists the versions of a policy.
	Versions = Route{"/{slug}/versions", KindPage}
	// Feed is the Atom feed of a policy's versions.
	Feed = Route{"/{slug}/changes.atom", KindFile}
	// Version is the permanent page of a version of a policy, by its
	// date: "/privacy/v/2021-02-27".
	Version = Route{"/{slug}/v/{date}", KindPage}
	// Compare shows what changed from one version of a policy to a later
	// one: "/privacy/compare/2021-02-27...2026-01-15".
	Compare = Route{"/{slug}/compare/{from}...{to}", KindPage}
	// NotFound is the page of a path that names nothing, which the server
	// sends with status 404 at any such path; a static export writes it
	// here.
	NotFound = Route{"/404.html", KindPage}

	// Embed is the chrome-less page of a policy that embed.js shows in a
	// frame.
	Embed = Route{"/embed/{slug}", KindEmbed}
	// EmbedScript is the script that host pages load: it defines the
	// <policy-widget> element. Web holds it too, as /web/embed.js.
	EmbedScript = Route{"/embed.js", KindEmbedFile}
	// EmbedTypes holds the TypeScript declarations of the element.
	EmbedTypes = Route{"/embed.d.ts", KindEmbedFile}
	// EmbedManifest is the element's Custom Elements Manifest.
	EmbedManifest = Route{"/custom-elements.json", KindEmbedFile}

	// Web holds the files of web/: styles, scripts, icons and the
	// WebAssembly client (app.wasm).
	Web = Route{"/web/{file}", KindStatic}
	// AppJS is go-app's script, which starts the client and registers the
	// service worker.
	AppJS = Route{"/app.js", KindFile}
	// Worker is the service worker.
	Worker = Route{"/app-worker.js", KindFile}
	// WasmExec is Go's support script of the WebAssembly client.
	WasmExec = Route{"/wasm_exec.js", KindFile}
	// AppCSS is go-app's style sheet (of its loader).
	AppCSS = Route{"/app.css", KindFile}
	// Manifest is the web app manifest.
	Manifest = Route{"/manifest.webmanifest", KindFile}
	// Robots is robots.txt.
	Robots = Route{"/robots.txt", KindFile}
	// Sitemap is sitemap.xml.
	Sitemap = Route{"/sitemap.xml", KindFile}

	// APIPolicies lists the policies (JSON).
	APIPolicies = Route{"/api/policies", KindAPI}
	// APIPolicy is a policy (JSON); "/api/policies/privacy.json" too.
	APIPolicy = Route{"/api/policies/{slug}", KindAPI}
	// API is every other path of the API: an error in JSON.
	API = Route{"/api/{path...}", KindAPI}
	// OEmbed answers oEmbed's requests for a policy's page.
	OEmbed = Route{"/oembed", KindAPI}

	// Health answers the health checks of load balancers.
	Health = Route{"/healthz", KindHealth}
)

// Routes returns the routes of the site. The server registers each with
// the handler of its kind, and any other path gets the not-found page; a
// static export writes one rule of headers per route with wildcards, in
// this order; and the first segments of their paths are the reserved
// slugs (ReservedSlugs).
func Routes() []Route {
	return []Route{
		Index, Policy, Versions, Feed, Version, Compare, NotFound,
		Embed, EmbedScript, EmbedTypes, EmbedManifest,
		Web, AppJS, Worker, WasmExec, AppCSS, Manifest, Robots, Sitemap,
		APIPolicies, APIPolicy, API, OEmbed,
		Health,
	}
}

// Path returns the path of the route with its wildcards filled in by
// values, in their order: Version.Path("privacy", "2021-02-27") is
// "/privacy/v/2021-02-27". It panics unless there is one value per
// wildcard.
func (r Route) Path(values ...string) string {
	var b strings.Builder
	rest, n := r.Pattern, 0
	for {
		before, after, ok := strings.Cut(rest, "{")
		b.WriteString(before)
		if !ok {
			break
		}
		if n == len(values) {
			panic(fmt.Sprintf("site: route %s takes more than %d values", r.Pattern, len(values)))
		}
		b.WriteString(values[n])
		n++
		_, rest, _ = strings.Cut(after, "}")
	}
	if n != len(values) {
		panic(fmt.Sprintf("site: route %s takes %d values, not %d", r.Pattern, n, len(values)))
	}
	return b.String()
}

// Match reports whether the path p is one of the route's, and returns the
// values of its wildcards: Version.Match("/privacy/v/2021-02-27") gives
// "privacy" and "2021-02-27". A wildcard never matches an empty value, but
// {name...} does.
func (r Route) Match(p string) ([]string, bool) {
	want := segments(r.Pattern)
	got := segments(p)
	if rest := want[len(want)-1]; strings.HasSuffix(rest, "...}") && !strings.Contains(rest[1:], "{") {
		// {name...}: the rest of the path, after the segments before it.
		n := len(want) - 1
		if len(got) < len(want) {
			return nil, false
		}
		values, ok := matchSegments(want[:n], got[:n])
		return append(values, strings.Join(got[n:], "/")), ok
	}
	if len(got) != len(want) {
		return nil, false
	}
	return matchSegments(want, got)
}

// segments returns the segments of a path: "/" has one, "".
func segments(p string) []string {
	return strings.Split(strings.TrimPrefix(p, "/"), "/")
}

func matchSegments(want, got []string) ([]string, bool) {
	var values []string
	for i, w := range want {
		v, ok := matchSegment(w, got[i])
		if !ok {
			return nil, false
		}
		values = append(values, v...)
	}
	return values, true
}

// matchSegment matches one segment of a path against one of a pattern:
// literal text, and wildcards that each take text up to the literal text
// after them (its first occurrence) or to the end.
func matchSegment(pattern, s string) ([]string, bool) {
	var values []string
	for pattern != "" {
		lit, rest, wild := strings.Cut(pattern, "{")
		if !strings.HasPrefix(s, lit) {
			return nil, false
		}
		s = s[len(lit):]
		if !wild {
			return values, s == ""
		}
		_, pattern, _ = strings.Cut(rest, "}")
		next, _, _ := strings.Cut(pattern, "{")
		end := len(s)
		if next != "" {
			end = strings.Index(s, next)
		}
		if end <= 0 {
			return nil, false
		}
		values = append(values, s[:end])
		s = s[end:]
	}
	return values, s == ""
}

// HeaderPattern returns the route's path as a pattern of the _headers
// files of Netlify and Cloudflare Pages, where ":name" stands for one
// segment: "/:slug/v/:date". A route that takes the rest of a path
// ({name...}) has none: such paths are a server's answers, which no file
// of an export holds.
func (r Route) HeaderPattern() string {
	if strings.Contains(r.Pattern, "...}") {
		return ""
	}
	return strings.NewReplacer("{", ":", "}", "").Replace(r.Pattern)
}

// ServeMuxPattern returns the pattern of http.ServeMux that covers the
// route, without a method: the route's own path when it has no wildcard,
// the folder of the segments before its first wildcard ("/embed/" for
// "/embed/{slug}"), or "/" when the first segment is one.
func (r Route) ServeMuxPattern() string {
	segs := segments(r.Pattern)
	for i, s := range segs {
		if strings.Contains(s, "{") {
			return "/" + strings.Join(segs[:i], "/") + strings.Repeat("/", min(i, 1))
		}
	}
	return r.Pattern
}

// Literal reports whether the route is one path, without wildcards.
func (r Route) Literal() bool {
	return !strings.Contains(r.Pattern, "{")
}

// ReservedSlugs returns the names that a policy's slug must not take: a
// policy named like one would not be served at /<slug>, or a static
// export would write its page in the place of another file. They are the
// literal first segments of the routes' paths ("api", "web", "embed.js",
// …), and the names of the routes' pages at the root of an export without
// PageExt: "index" (the index is index.html) and "404" (the not-found
// page).
func ReservedSlugs() []string {
	var slugs []string
	add := func(s string) {
		if !slices.Contains(slugs, s) {
			slugs = append(slugs, s)
		}
	}
	for _, r := range Routes() {
		if first := segments(r.Pattern)[0]; first != "" && !strings.Contains(first, "{") {
			add(first)
		}
		if !r.Literal() {
			continue
		}
		if name := FileName(r.Pattern, r.Kind == KindPage); !strings.Contains(name, "/") {
			if page, ok := strings.CutSuffix(name, PageExt); ok {
				add(name)
				add(page)
			}
		}
	}
	return slugs
}

// PageExt ends the name of a page's file in a static export, and
// IndexFile is the file of the index: static hosts serve /privacy from
// privacy.html, and / from index.html (nginx: try_files $uri $uri.html
// $uri/index.html).
const (
	PageExt   = ".html"
	IndexFile = "index.html"
)

// FileName returns the name of the file, in a static export's folder, of
// the answer at the path p: IndexFile for "/", p with PageExt for another
// page (unless it ends with it already), p itself for any other file.
func FileName(p string, page bool) string {
	if p == "/" {
		return IndexFile
	}
	name := strings.TrimPrefix(p, "/")
	if page && !strings.HasSuffix(name, PageExt) {
		name += PageExt
	}
	return name
}
