package ui

import (
	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"github.com/seqeralabs/policy-widget/app/policy"
)

// Index lists every policy.
type Index struct {
	app.Compo

	Docs []*policy.Document

	mounted bool
}

// OnPreRender implements app.PreRenderer.
func (x *Index) OnPreRender(ctx app.Context) {
	setPage(ctx, "", "Seqera's legal policies.", "en")
}

// OnMount implements app.Mounter.
func (x *Index) OnMount(ctx app.Context) {
	setPage(ctx, "", "Seqera's legal policies.", "en")
	x.mounted = true
}

// Render implements app.Composer.
func (x *Index) Render() app.UI {
	return shell(x.mounted, versionDate(x.Docs...), nil,
		app.Div().Class("index").Body(
			app.H1().Class("index-title").Text("Legal policies"),
			app.P().Class("index-intro").Text("The policies that apply to Seqera's websites and services."),
			app.Ul().Class("index-list").Body(
				app.Range(x.Docs).Slice(func(i int) app.UI {
					d := x.Docs[i]
					return app.Li().Class("index-item").Body(
						app.A().Class("index-link").Href(Href("/"+d.Slug)).Text(d.Title),
						app.If(d.Description != "", app.P().Class("index-description").Text(d.Description)),
						app.If(!d.Updated.IsZero(),
							app.P().Class("index-updated").Body(
								app.Text("Last updated: "),
								app.Time().DateTime(d.Updated.Format("2006-01-02")).Text(d.Updated.Format("2 January 2006")),
							),
						),
					)
				}),
			),
		),
	)
}

// NotFound is the page of a path that names no policy.
type NotFound struct {
	app.Compo

	mounted bool
}

// OnPreRender implements app.PreRenderer.
func (n *NotFound) OnPreRender(ctx app.Context) {
	setPage(ctx, "Page not found", "", "en")
}

// OnMount implements app.Mounter.
func (n *NotFound) OnMount(ctx app.Context) {
	setPage(ctx, "Page not found", "", "en")
	n.mounted = true
}

// Render implements app.Composer.
func (n *NotFound) Render() app.UI {
	return shell(n.mounted, "", nil,
		app.Div().Class("not-found").Body(
			app.H1().Text("Page not found"),
			app.P().Body(
				app.Text("There is no policy at this address. "),
				app.A().Href(Href("/")).Text("See all policies"),
				app.Text("."),
			),
		),
	)
}
