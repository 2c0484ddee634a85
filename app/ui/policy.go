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
	var nav app.UI = app.Div().Class("sidebar")
	if len(d.TOC) > 0 {
		nav = app.Aside().Class("sidebar").Body(&TOC{Entries: d.TOC})
	}
	return shell(p.mounted, nav, Article(d))
}

// Article renders a policy's title, date and body, without any page
// around it.
func Article(d *policy.Document) app.UI {
	return app.Article().Class("policy").Lang(d.Lang).Body(
		app.Header().Class("policy-header").Body(
			app.H1().Class("policy-title").Text(d.Heading),
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
	)
}
