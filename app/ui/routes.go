package ui

import (
	"strings"
	"time"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"github.com/seqeralabs/policy-widget/app/policy"
	"github.com/seqeralabs/policy-widget/app/site"
)

// Site is the widget's set of pages: the policies as of a day, and the
// path the site is served under. The WebAssembly client routes its pages
// (Route) and the server prerenders the same pages (Pages), from the same
// Site, so the two can never disagree; nothing about it is global.
//
// Which version of a policy a page shows depends on the day (policy.At):
// the server makes its Site as of the day in UTC, or the day of its -at
// flag, and makes a new one when that day comes to Next; the client makes
// its own as of the reader's date, so that a new version takes effect for
// the reader on their date, offline too.
type Site struct {
	// Prefix is the path the site is served under: "" at the root,
	// "/legal" behind a proxy that forwards /legal/. Links in the pages
	// start with it.
	Prefix string

	// Day is the day as of which the site shows the policies.
	Day policy.Day

	// Docs are the policies as of Day (policy.At), sorted by slug.
	Docs []*policy.Document

	// Next is the first day after Day on which a policy shows another
	// version, or the zero Day when none will.
	Next policy.Day
}

// NewSite returns the site of docs, policies as loaded, served under
// prefix ("" or a path such as "/legal"; a trailing slash is dropped), as
// of today: the reader's date in the browser (policy.Today(time.Local)),
// the date in UTC on a server.
func NewSite(prefix string, docs []*policy.Document) *Site {
	return NewSiteAt(prefix, docs, today())
}

// NewSiteAt returns the site of docs, policies as loaded, served under
// prefix, as of day.
func NewSiteAt(prefix string, docs []*policy.Document, day policy.Day) *Site {
	s := &Site{Prefix: strings.TrimSuffix(prefix, "/"), Day: day, Docs: make([]*policy.Document, len(docs))}
	for i, d := range docs {
		var next policy.Day
		s.Docs[i], next = asOf(d, day)
		if !next.IsZero() && (s.Next.IsZero() || next.Before(s.Next)) {
			s.Next = next
		}
	}
	return s
}

// DayEnv names the variable of go-app's environment (app.Getenv) that
// fixes the day as of which the client shows the policies, "YYYY-MM-DD":
// a server whose day is fixed (`policy serve -at`) sets it, so that the
// client shows what the server does. Without it, the client goes by the
// reader's date.
const DayEnv = "POLICY_WIDGET_DAY"

// today returns the day as of which a page shows a policy when it is not
// told one: in the browser, the day of DayEnv or else the reader's date,
// whose time zone Go's time.Local is; on a server, the date in UTC, as
// package policy says.
func today() policy.Day {
	if !app.IsClient {
		return policy.Today(time.UTC)
	}
	if d, err := policy.ParseDay(app.Getenv(DayEnv)); err == nil {
		return d
	}
	return policy.Today(time.Local)
}

// asOf returns the policy d as readers see it on day (d.At), among the
// versions that it carries with their text: the client carries the older
// versions abridged (changes.Abridge), and a reader whose clock is behind
// the versions it carries whole gets the oldest of those.
func asOf(d *policy.Document, day policy.Day) (*policy.Document, policy.Day) {
	v, next := d.At(day)
	if !v.Abridged() {
		return v, next
	}
	oldest := d
	for _, w := range d.Versions {
		if !w.Abridged() {
			oldest = w
		}
	}
	return d.At(oldest.Updated)
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

	// NoClient marks the pages that the WebAssembly client does not mount:
	// the pages of versions (a version, the list of versions, a
	// comparison), which only the server renders. They are whole as
	// served, and load no client; a link to one from a page of the client
	// loads it from the server (RouteOthers).
	NoClient bool

	// New returns the page's root component.
	New func() app.Composer
}

// Pages returns the pages of the site that every reader needs, which the
// server renders at start and the service worker keeps for offline
// reading: the index, each policy's page and embed page, the pages of its
// versions that a reader of the policy needs (see versionPages, which the
// client does not mount), and the not-found page (at site.NotFound). The
// server renders the other pages of versions when they are asked for
// (Site.Page).
func (s *Site) Pages() []Page {
	pages := []Page{{
		Path: site.Index.Path(), Title: SiteName, Description: indexDescription, Lang: "en",
		New: func() app.Composer { return &index{Site: s} },
	}}
	for _, d := range s.Docs {
		pages = append(pages,
			Page{
				Path: site.Policy.Path(d.Slug), Title: pageTitle(d.Title), Description: d.Description, Lang: d.Lang, Doc: d, Feed: d.Version() != "",
				New: func() app.Composer { return &policyPage{Doc: d, Day: s.Day, Prefix: s.Prefix} },
			},
			Page{
				Path: site.Embed.Path(d.Slug), Title: pageTitle(d.Title), Description: d.Description, Lang: d.Lang, Doc: d, Embed: true,
				New: func() app.Composer { return &embedPage{Doc: d, Day: s.Day, Prefix: s.Prefix} },
			},
		)
		pages = append(pages, s.versionPages(d)...)
	}
	return append(pages, Page{
		Path: site.NotFound.Path(), Title: pageTitle(notFoundTitle), Lang: "en", NotFound: true,
		New: func() app.Composer { return &notFound{Prefix: s.Prefix} },
	})
}

// Route registers the pages with go-app's router, and every other path
// (RouteOthers). Call it once, in main, before app.RunWhenOnBrowser.
func (s *Site) Route() {
	s.RoutePages("")
	s.RouteOthers()
}

// RoutePages registers the pages that the client mounts with go-app's
// router, the pages of versions that they link to (which the client loads
// from the server, see RouteOthers), and the not-found page at path
// (without the prefix) when no page has it: the path the client starts
// on. It compiles no regular expression, which costs the client a long
// task at start (V8 compiles each function of package regexp on its first
// call); RouteOthers, called once the page has mounted, routes every other
// path.
func (s *Site) RoutePages(path string) {
	known := false
	for _, p := range s.Pages() {
		if !p.NotFound && !p.NoClient {
			app.RouteFunc(p.Path, p.New)
			known = known || p.Path == path
		}
	}
	for _, d := range s.Docs {
		for _, p := range linkedVersionPaths(d) {
			app.RouteFunc(p, s.newServerPage)
		}
	}
	if path != "" && !known {
		app.RouteFunc(path, s.newNotFound)
	}
}

// linkedVersionPaths returns the paths of the pages of versions that the
// pages of the client link to, for d, a policy as of a day: the list of
// its versions ("All versions"), the comparisons of each earlier version
// with the one in effect (the notice of what changed since a reader's last
// visit) and of that one with the upcoming one (the notice of the
// change). Their number grows with the history, not with its square.
func linkedVersionPaths(d *policy.Document) []string {
	if d.Version() == "" {
		return nil
	}
	paths := []string{site.Versions.Path(d.Slug)}
	for _, v := range d.Versions {
		paths = append(paths, site.Compare.Path(d.Slug, v.Version(), d.Version()))
	}
	if d.Upcoming != nil {
		paths = append(paths, site.Compare.Path(d.Slug, d.Version(), d.Upcoming.Version()))
	}
	return paths
}

// RouteOthers routes every path that no page of the client has to a page
// that loads it from the server: a page of versions, which the client
// does not mount, or a path that names nothing, which the server answers
// with the not-found page. go-app navigates within the client on a click
// on any link of the site; this makes the click on a link to such a page
// a whole page load.
func (s *Site) RouteOthers() {
	app.RouteWithRegexpFunc("^/.*", s.newServerPage)
}

func (s *Site) newServerPage() app.Composer { return &serverPage{Prefix: s.Prefix} }

func (s *Site) newNotFound() app.Composer { return &notFound{Prefix: s.Prefix} }

// serverPage is the page of a path that the client does not mount: on
// mount, once go-app has put the path in the address bar, it loads it
// from the server. It shows the site's frame meanwhile.
type serverPage struct {
	app.Compo

	Prefix string
}

// OnMount implements app.Mounter.
func (p *serverPage) OnMount(ctx app.Context) {
	app.Window().Get("location").Call("reload")
}

// Render implements app.Composer.
func (p *serverPage) Render() app.UI {
	return shell(p.Prefix, false, "", nil)
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
