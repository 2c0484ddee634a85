package ui

import (
	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"github.com/seqeralabs/policy-widget/app/site"
)

// SiteName names the site in page titles and the header.
const SiteName = "Seqera Legal"

// shell is the frame around every full page: a skip link to the main
// landmark, the site header (banner), the main landmark holding the page's
// sidebar, when it has one, and content, and the site footer. mounted marks
// the page once the WebAssembly client has taken it over; date is the date
// of the version shown, for the offline notice (see versionDate).
//
// The skip link leads to main, and the sidebar (a policy's "On this page"
// navigation) is the first thing in it, so that after the skip link the
// next Tab reaches the table of contents, then the policy.
//
// The empty "page-end" element closes the page: web/nav.js watches it to
// tell when the reader has scrolled to the bottom.
func shell(prefix string, mounted bool, date string, sidebar app.UI, content ...app.UI) app.UI {
	page := app.Div().Class(site.PageClass)
	if mounted {
		page = page.Attr(site.MountedAttr, site.MountedValue)
	}
	layout := "layout"
	if sidebar == nil {
		layout += " layout-single"
	}
	return page.Body(
		app.A().Class("skip-link").Href("#main").Text("Skip to content"),
		&statusRegion{Date: date},
		app.Header().Class("site-header").Body(
			app.Div().Class("site-header-inner").Body(
				app.A().Class("brand").Href(href(prefix, site.Index.Path())).Body(
					icon(logo),
					app.Span().Class("brand-name").Text(SiteName),
				),
			),
		),
		app.Main().ID("main").Class(layout).Attr("tabindex", "-1").Body(
			app.If(sidebar != nil, sidebar),
			app.Div().Class("content").Body(content...),
		),
		app.Footer().Class("site-footer").Body(
			app.Div().Class("site-footer-inner").Body(
				app.Span().Text("© Seqera"),
				app.A().Href(href(prefix, site.Index.Path())).Text("All legal policies"),
			),
		),
		app.Div().Class("page-end").Aria("hidden", "true"),
	)
}

// setPage sets the document's title, description and language once the
// client has mounted a page, as the server wrote them into the prerendered
// page (see Page).
func setPage(ctx app.Context, title, description, lang string) {
	ctx.Page().SetTitle(pageTitle(title))
	ctx.Page().SetDescription(description)
	if lang != "" {
		ctx.Page().SetLang(lang)
	}
}
