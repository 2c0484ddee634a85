package ui

import (
	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"github.com/seqeralabs/policy-widget/app/policy"
)

// Policy is the page of one policy: its title and date, the table of
// contents and the body.
type Policy struct {
	app.Compo

	Doc *policy.Document

	mounted bool
}

// NewPolicy returns the page component of doc.
func NewPolicy(doc *policy.Document) *Policy {
	return &Policy{Doc: doc}
}

// OnPreRender implements app.PreRenderer.
func (p *Policy) OnPreRender(ctx app.Context) {
	setPage(ctx, p.Doc.Title, p.Doc.Description, p.Doc.Lang)
}

// OnMount implements app.Mounter.
func (p *Policy) OnMount(ctx app.Context) {
	setPage(ctx, p.Doc.Title, p.Doc.Description, p.Doc.Lang)
	p.mounted = true
}

// Render implements app.Composer.
func (p *Policy) Render() app.UI {
	d := p.Doc
	var sidebar app.UI
	if len(d.TOC) > 0 {
		sidebar = app.Div().Class("sidebar").Body(
			app.Div().Class("sidebar-inner").Body(
				&TOC{Entries: d.TOC},
				app.If(IsLong(d),
					app.A().Class("sidebar-top").Href("#top").Body(
						icon(iconUp),
						app.Span().Text("Back to top"),
					),
				),
			),
		)
	}
	return shell(p.mounted, versionDate(d), sidebar, Article(d))
}

// longSections is the number of sections from which a policy counts as
// long, and gets "Back to top" links.
const longSections = 4

// IsLong reports whether d is long enough for "Back to top" links.
func IsLong(d *policy.Document) bool {
	return countEntries(d.TOC) >= longSections
}

func countEntries(entries []*policy.TOCEntry) int {
	n := len(entries)
	for _, e := range entries {
		n += countEntries(e.Children)
	}
	return n
}

// Article renders a policy's title, date and body, without any page
// around it. The title is the target of "Back to top" links (#top). The
// article ends with a polite live region, in which web/nav.js announces
// that a section's link was copied.
func Article(d *policy.Document) app.UI {
	return app.Article().Class("policy").Lang(d.Lang).Body(
		app.Header().Class("policy-header").Body(
			app.H1().ID("top").Class("policy-title").Attr("tabindex", "-1").Text(d.Heading),
			app.If(!d.Updated.IsZero(),
				app.P().Class("policy-updated").Body(
					app.Text("Last updated: "),
					app.Time().
						DateTime(d.Updated.Format("2006-01-02")).
						Text(d.Updated.Format("2 January 2006")),
				),
			),
		),
		app.Div().Class("policy-body").Body(Nodes(d.Body)...),
		app.If(IsLong(d),
			app.P().Class("back-to-top").Body(
				app.A().Class("back-to-top-link").Href("#top").Body(
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
