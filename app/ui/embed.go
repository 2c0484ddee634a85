package ui

import (
	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"github.com/seqeralabs/policy-widget/app/policy"
	"github.com/seqeralabs/policy-widget/app/site"
)

// Embedded is a policy without the site around it: no site header, skip
// link or offline notice, only the table of contents (when TOC is set) and
// the article. Another go-app v9 app mounts it in a page of its own:
//
//	docs, err := policies.Documents() // parsed at build time: no Markdown parser in the client
//	...
//	privacy := policy.Find(docs, "privacy")
//	app.RouteFunc("/legal/privacy", func() app.Composer { return ui.NewEmbedded(privacy) })
//
// or places ui.NewEmbedded(privacy) inside its own layout. The host styles
// it with the widget's web/app.css and web/embed.css. Its section headings
// keep their ids, so "#cookies" links and go-app's fragment navigation work
// in the host page; the host's sticky header needs a matching
// scroll-padding-top on its html element.
//
// The widget's own /embed/<slug> page, which embed.js shows in a frame, is
// made of it too.
type Embedded struct {
	app.Compo

	// Doc is the policy to show, as loaded (policies.Documents) or as of
	// a day (policy.At); it must not be nil. The component shows the
	// version in effect on Day, with a notice when the policy is to
	// change.
	Doc *policy.Document

	// Day is the day as of which the policy is shown. When zero, it is
	// today: the reader's date in the browser, so that a new version
	// takes effect for each reader on their own date, and the date in UTC
	// on a server.
	Day policy.Day

	// TOC shows the "On this page" list of sections above the article.
	TOC bool

	// Since is the version of the policy that the app's user last saw or
	// accepted, such as "2021-02-27" (a version's "updated" date; the app
	// keeps it, on its server for instance). The sections changed since
	// then are marked. When empty, the browser's memory of the reader's
	// last visit is used, as on the widget's own pages.
	Since string

	// SiteURL is the URL of the policy site, such as
	// "https://legal.seqera.io": the notices of changes link to its
	// compare pages, in a new tab. When empty, they have no link.
	SiteURL string

	// onSite is set on the site's own /embed/ page, where SiteURL is the
	// site's path prefix: the notice links to the compare page even when
	// the prefix is "".
	onSite bool

	mounted     bool
	marks       *changeMarks
	markedSince string // the Since that marks was made for
}

// NewEmbedded returns the embeddable component of doc, with its table of
// contents.
func NewEmbedded(doc *policy.Document) *Embedded {
	return &Embedded{Doc: doc, TOC: true}
}

// OnMount implements app.Mounter. It marks the sections changed since
// Since (or the reader's last visit), and dispatches policy:viewed on the
// document.
func (e *Embedded) OnMount(ctx app.Context) {
	e.mounted = true
	e.mark(ctx)
}

// OnUpdate implements app.Updater: a host that learns its user's version
// after the component mounted (from its server, say) sets Since then, and
// gets the marks of that version.
func (e *Embedded) OnUpdate(ctx app.Context) {
	if e.Since != e.markedSince {
		e.mark(ctx)
	}
}

func (e *Embedded) mark(ctx app.Context) {
	e.markedSince = e.Since
	d := e.doc()
	e.marks = readerMarks(ctx, d, e.SiteURL, e.Since)
	viewed(d, e.marks)
}

func (e *Embedded) dismiss(ctx app.Context, ev app.Event) {
	dismissMarks(ctx, e.Doc, e.SiteURL)
	e.marks.Dismissed = true
}

// day returns the day as of which the policy is shown.
func (e *Embedded) day() policy.Day {
	if e.Day.IsZero() {
		return today()
	}
	return e.Day
}

// doc returns the policy as of the day it is shown.
func (e *Embedded) doc() *policy.Document {
	d, _ := asOf(e.Doc, e.day())
	return d
}

// Render implements app.Composer. The root (site.EmbedClass) carries
// site.MountedAttr once the WebAssembly client has taken it over.
func (e *Embedded) Render() app.UI {
	d := e.doc()
	root := app.Div().Class(site.EmbedClass)
	if e.mounted {
		root = root.Attr(site.MountedAttr, site.MountedValue)
	}
	toc := &tocNav{Entries: d.TOC}
	if e.marks != nil {
		toc.Changed = e.marks.Status
	}
	return root.Body(
		app.If(e.TOC && len(d.TOC) > 0,
			app.Div().Class("policy-embed-toc").Body(toc),
		),
		upcomingNotice(d, e.day(), e.SiteURL, e.SiteURL != "" || e.onSite, true),
		changesNotice(d, e.marks, e.SiteURL, e.SiteURL != "" || e.onSite, true, e.dismiss),
		article(d, articleOptions{marks: e.marks}),
	)
}

// embedPage is the page at site.Embed: the Embedded policy alone. Its table
// of contents is always rendered; web/frame.js shows it only when the page
// was asked for with ?toc=1, before the page paints, so that one prerendered
// page serves both variants.
type embedPage struct {
	app.Compo

	Doc    *policy.Document // the policy as of Day
	Day    policy.Day
	Prefix string

	since   string // the ?since= of the page's URL (site.EmbedSinceParam): embed.js's data-since
	mounted bool
}

// OnInit implements app.Initializer: in the browser, it reads the version
// that the host app passed (embed.js's data-since, as ?since=) before the
// policy is rendered and marked.
func (p *embedPage) OnInit() {
	if app.IsClient {
		p.since = app.Window().URL().Query().Get(site.EmbedSinceParam)
	}
}

// OnMount implements app.Mounter.
func (p *embedPage) OnMount(ctx app.Context) {
	setPage(ctx, p.Doc.Title, p.Doc.Description, p.Doc.Lang)
	p.mounted = true
}

// Render implements app.Composer.
func (p *embedPage) Render() app.UI {
	page := app.Div().Class(site.PageClass + " page-embed")
	if p.mounted {
		page = page.Attr(site.MountedAttr, site.MountedValue)
	}
	return page.Body(&Embedded{Doc: p.Doc, Day: p.Day, TOC: true, Since: p.since, SiteURL: p.Prefix, onSite: true})
}
