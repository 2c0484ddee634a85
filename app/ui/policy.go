package ui

import (
	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"github.com/seqeralabs/policy-widget/app/policy"
	"github.com/seqeralabs/policy-widget/app/site"
)

// policyPage is the page of one policy: its title and date, the table of
// contents and the body, in the site's shell, and a notice at the top
// when the policy is to change.
type policyPage struct {
	app.Compo

	Doc    *policy.Document // the policy as of Day
	Day    policy.Day
	Prefix string

	mounted bool
	marks   *changeMarks // what changed since the reader's last visit
}

// OnMount implements app.Mounter: it marks what changed since the reader
// last read the policy, and tells the page that the reader has seen it.
func (p *policyPage) OnMount(ctx app.Context) {
	setPage(ctx, p.Doc.Title, p.Doc.Description, p.Doc.Lang)
	p.mounted = true
	p.marks = readerMarks(ctx, p.Doc, p.Prefix, "")
	viewed(p.Doc, p.marks)
}

func (p *policyPage) dismiss(ctx app.Context, e app.Event) {
	dismissMarks(ctx, p.Doc, p.Prefix)
	p.marks.Dismissed = true
}

// Render implements app.Composer.
func (p *policyPage) Render() app.UI {
	d := p.Doc
	return shell(p.Prefix, p.mounted, versionDate(d), sidebarOf(d, p.marks),
		upcomingNotice(d, p.Day, p.Prefix, true, false),
		changesNotice(d, p.marks, p.Prefix, true, false, p.dismiss),
		article(d, articleOptions{marks: p.marks, versions: versionsLink(d, p.Prefix)}),
	)
}

// sidebarOf returns the sidebar of a policy's page: its table of contents,
// with the marks of m (which may be nil), and "Back to top".
func sidebarOf(d *policy.Document, m *changeMarks) app.UI {
	if len(d.TOC) == 0 {
		return nil
	}
	toc := &tocNav{Entries: d.TOC}
	if m != nil {
		toc.Changed = m.Status
	}
	return app.Div().Class("sidebar").Body(
		app.Div().Class("sidebar-inner").Body(
			toc,
			app.If(isLong(d),
				app.A().Class("sidebar-top").Href("#"+site.TopID).Body(
					icon(iconUp),
					app.Span().Text("Back to top"),
				),
			),
		),
	)
}

// sidebar returns the sidebar of a policy's page without marks.
func sidebar(d *policy.Document) app.UI { return sidebarOf(d, nil) }

// versionsLink returns the path of the versions of d, or "" when d has no
// version date.
func versionsLink(d *policy.Document, prefix string) string {
	if d.Version() == "" {
		return ""
	}
	return href(prefix, site.Versions.Path(d.Slug))
}

// longSections is the number of sections from which a policy counts as
// long, and gets "Back to top" links.
const longSections = 4

// isLong reports whether d is long enough for "Back to top" links.
func isLong(d *policy.Document) bool {
	return countEntries(d.TOC) >= longSections
}

func countEntries(entries []*policy.TOCEntry) int {
	n := len(entries)
	for _, e := range entries {
		n += countEntries(e.Children)
	}
	return n
}

// articleOptions are what an article shows besides its policy.
type articleOptions struct {
	marks    *changeMarks // the sections to mark as changed, or nil
	versions string       // the URL of the list of versions, or ""
}

// article renders a policy's title, date and body, without any page
// around it. The title is the target of "Back to top" links (#top). The
// article ends with a polite live region, in which web/nav.js announces
// that a section's link was copied.
func article(d *policy.Document, opts articleOptions) app.UI {
	return app.Article().Class("policy").Lang(d.Lang).Body(
		app.Header().Class("policy-header").Body(
			app.H1().ID(site.TopID).Class("policy-title").Attr("tabindex", "-1").Text(d.Heading),
			app.If(!d.Updated.IsZero(),
				app.P().Class("policy-updated").Body(
					app.Text("Last updated: "),
					app.Time().
						DateTime(d.Version()).
						Text(longDate(d.Updated.Time())),
					app.If(opts.versions != "",
						app.Text(" · "),
						app.A().Class("policy-versions").Href(opts.versions).Text("All versions"),
					),
				),
			),
		),
		rawElement("div", "policy-body", bodyHTML(d.Body, opts.marks)),
		app.If(isLong(d),
			app.P().Class("back-to-top").Body(
				app.A().Class("back-to-top-link").Href("#"+site.TopID).Body(
					icon(iconUp),
					app.Span().Text("Back to top"),
				),
			),
		),
		app.Div().
			Class("nav-announcer visually-hidden").
			Attr("role", "status").
			Aria("live", "polite").
			Aria("atomic", "true"),
	)
}
