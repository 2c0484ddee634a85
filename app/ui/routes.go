package ui

import (
	"strings"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"github.com/seqeralabs/policy-widget/app/policy"
)

// Site is the widget's set of pages: the policies, and the path the site is
// served under. The WebAssembly client routes its pages (Route) and the
// server prerenders the same pages (Pages), from the same Site, so the two
// can never disagree; nothing about it is global.
type Site struct {
	// Prefix is the path the site is served under: "" at the root,
	// "/legal" behind a proxy that forwards /legal/. Links in the pages
	// start with it.
	Prefix string

	// Docs are the policies, sorted by slug.
	Docs []*policy.Document
}

// NewSite returns the site of docs served under prefix ("" or a path such
// as "/legal"; a trailing slash is dropped).
func NewSite(prefix string, docs []*policy.Document) *Site {
	return &Site{Prefix: strings.TrimSuffix(prefix, "/"), Docs: docs}
}

// Page is one page of the site.
type Page struct {
	// Path is the page's path without the site's prefix: "/",
	// "/privacy", "/embed/privacy".
	Path string

	// Title, Description and Lang are the document's <title>, its meta
	// description and the lang of its <html>.
	Title, Description, Lang string

	// Doc is the policy the page shows, or nil.
	Doc *policy.Document

	// Embed marks the chrome-less pages that embed.js shows in a frame.
	Embed bool

	// NotFound marks the page of a path that names nothing: it is served
	// with status 404.
	NotFound bool

	// Feed says that the page links to the Atom feed of Doc's versions.
	Feed bool

	// New returns the page's root component.
	New func() app.Composer
}

// NotFoundPath is the path under which Pages lists the not-found page;
// no policy can have it, since a slug has no dot.
const NotFoundPath = "/404.html"

// Pages returns every page of the site: the index, each policy's page and
// embed page, and the not-found page (at NotFoundPath).
func (s *Site) Pages() []Page {
	pages := []Page{{
		Path: "/", Title: SiteName, Description: indexDescription, Lang: "en",
		New: func() app.Composer { return &index{Site: s} },
	}}
	for _, d := range s.Docs {
		pages = append(pages,
			Page{
				Path: "/" + d.Slug, Title: pageTitle(d.Title), Description: d.Description, Lang: d.Lang, Doc: d, Feed: d.Version() != "",
				New: func() app.Composer { return &policyPage{Doc: d, Prefix: s.Prefix} },
			},
			Page{
				Path: EmbedPath(d.Slug), Title: pageTitle(d.Title), Description: d.Description, Lang: d.Lang, Doc: d, Embed: true,
				New: func() app.Composer { return &embedPage{Doc: d, Prefix: s.Prefix} },
			},
		)
		pages = append(pages, s.versionPages(d)...)
	}
	return append(pages, Page{
		Path: NotFoundPath, Title: pageTitle(notFoundTitle), Lang: "en", NotFound: true,
		New: func() app.Composer { return &notFound{Prefix: s.Prefix} },
	})
}

// Route registers the pages with go-app's router, and the not-found page
// for any other path. Call it once, in main, before app.RunWhenOnBrowser.
func (s *Site) Route() {
	s.RoutePages("")
	s.RouteNotFound()
}

// RoutePages registers the pages with go-app's router, and the not-found
// page at path (without the prefix) when no page has it: the path the
// client starts on. It compiles no regular expression, which costs the
// client a long task at start (V8 compiles each function of package regexp
// on its first call); RouteNotFound, called once the page has mounted, adds
// the not-found page for every other path.
func (s *Site) RoutePages(path string) {
	known := false
	for _, p := range s.Pages() {
		if !p.NotFound {
			app.RouteFunc(p.Path, p.New)
			known = known || p.Path == path
		}
	}
	if path != "" && !known {
		app.RouteFunc(path, s.newNotFound)
	}
}

// RouteNotFound registers the not-found page for any path that no page
// has.
func (s *Site) RouteNotFound() {
	app.RouteWithRegexpFunc("^/.*", s.newNotFound)
}

func (s *Site) newNotFound() app.Composer { return &notFound{Prefix: s.Prefix} }

// EmbedPath returns the path of the chrome-less page of the policy slug,
// which embed.js shows in a frame: "/embed/privacy".
func EmbedPath(slug string) string {
	return "/embed/" + slug
}

// pageTitle returns the <title> of a page named title.
func pageTitle(title string) string {
	if title == "" {
		return SiteName
	}
	return title + " · " + SiteName
}

// href returns the URL path of a page of the site, with its prefix.
func href(prefix, path string) string {
	return prefix + path
}
