// Package ui holds the go-app components of the policy widget: the page
// shell, a policy with its table of contents, the index of policies, the
// not-found page, and the pages of a policy's versions.
//
// A Site is the set of pages as of a day (policy.At): the server makes its
// own as of the day in UTC, and the WebAssembly client its own as of the
// reader's date, so that a version takes effect for each reader on their
// date without a redeploy, offline too. Until then, the page of a policy
// that is to change says so at the top, and links to the comparison of
// the two versions.
//
// Two kinds of pages:
//
//   - The pages that the client mounts (Site.Pages without NoClient): the
//     index, each policy's page and embed page, the not-found page. The
//     server prerenders them, and the client takes them over, which needs
//     the policies' text in the client: it carries each policy's two
//     newest versions whole, and the older ones as the digests of their
//     sections (changes.Abridge), enough to mark what changed since a
//     reader's last visit.
//   - The pages of versions (versionpages.go, built for the server only):
//     a version, the list of versions, a comparison of two versions. The
//     server renders those that a reader of a policy needs at start, and
//     the service worker keeps them; any other when it is asked for. The
//     client does not mount them: their components, the word diffs and
//     the older versions' text stay out of it, and a link to one from a
//     page of the client loads it from the server (Site.RouteOthers).
package ui

import (
	"github.com/maxence-charriere/go-app/v9/pkg/app"
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
	page := app.Div().Class("page")
	if mounted {
		page = page.DataSet("wasm", "mounted")
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
				app.A().Class("brand").Href(href(prefix, "/")).Body(
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
				app.A().Href(href(prefix, "/")).Text("All legal policies"),
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
