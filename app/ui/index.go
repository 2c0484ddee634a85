package ui

import (
	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"github.com/seqeralabs/policy-widget/app/policy"
	"github.com/seqeralabs/policy-widget/app/site"
)

// indexDescription is the meta description of the index.
const indexDescription = "Seqera's legal policies."

// index is the page that lists every policy.
type index struct {
	app.Compo

	Site *Site

	mounted bool
}

// OnMount implements app.Mounter.
func (x *index) OnMount(ctx app.Context) {
	setPage(ctx, "", indexDescription, "en")
	x.mounted = true
}

// Render implements app.Composer.
func (x *index) Render() app.UI {
	docs := x.Site.Docs
	return shell(x.Site.Prefix, x.mounted, versionDate(docs...), nil,
		app.Div().Class("index").Body(
			app.H1().Class("index-title").Text("Legal policies"),
			app.P().Class("index-intro").Text("The policies that apply to Seqera's websites and services."),
			app.Ul().Class("index-list").Body(
				app.Range(docs).Slice(func(i int) app.UI {
					d := docs[i]
					return app.Li().Class("index-item").Body(
						app.A().Class("index-link").Href(href(x.Site.Prefix, site.Policy.Path(d.Slug))).Text(d.Title),
						app.If(d.Description != "", app.P().Class("index-description").Text(d.Description)),
						app.If(!d.Updated.IsZero(),
							app.P().Class("index-updated").Body(
								app.If(d.InEffect(x.Site.Day),
									app.Text("Last updated: "),
									app.Time().DateTime(d.Version()).Text(longDate(d.Updated.Time())),
								).Else(
									app.Text("Takes effect on "),
									app.Time().DateTime(d.Version()).Text(longDate(d.Updated.Time())),
								),
								app.If(d.Upcoming != nil && d.InEffect(x.Site.Day), changesOn(d.Upcoming)),
							),
						),
					)
				}),
			),
		),
	)
}

// changesOn returns " · Changes on <date>" for the upcoming version u, or
// nil.
func changesOn(u *policy.Document) app.UI {
	if u == nil {
		return nil
	}
	return app.Span().Body(
		app.Text(" · Changes on "),
		app.Time().DateTime(u.Version()).Text(longDate(u.Updated.Time())),
	)
}

// notFoundTitle is the title of the not-found page.
const notFoundTitle = "Page not found"

// notFound is the page of a path that names no page of the site.
type notFound struct {
	app.Compo

	Prefix string

	mounted bool
}

// OnMount implements app.Mounter.
func (n *notFound) OnMount(ctx app.Context) {
	setPage(ctx, notFoundTitle, "", "en")
	n.mounted = true
}

// Render implements app.Composer.
func (n *notFound) Render() app.UI {
	return shell(n.Prefix, n.mounted, "", nil,
		app.Div().Class("not-found").Body(
			app.H1().Text(notFoundTitle),
			app.P().Body(
				app.Text("There is no policy at this address. "),
				app.A().Href(href(n.Prefix, site.Index.Path())).Text("See all policies"),
				app.Text("."),
			),
		),
	)
}
