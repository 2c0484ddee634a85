// Package ui holds the go-app components of the policy widget: the page
// shell, a policy with its table of contents, the index of policies and the
// not-found page. The same components are prerendered by the server and
// mounted by the WebAssembly client.
package ui

import (
	"github.com/maxence-charriere/go-app/v9/pkg/app"
)

// SiteName names the site in page titles and the header.
const SiteName = "Seqera Legal"

// shell is the frame around every full page: a skip link, the site header
// and the main landmark. mounted marks the page once the WebAssembly client
// has taken it over.
func shell(mounted bool, nav app.UI, content ...app.UI) app.UI {
	page := app.Div().Class("page")
	if mounted {
		page = page.DataSet("wasm", "mounted")
	}
	return page.Body(
		app.A().Class("skip-link").Href("#main").Text("Skip to content"),
		&Status{},
		app.Header().Class("site-header").Body(
			app.Div().Class("site-header-inner").Body(
				app.A().Class("brand").Href(Href("/")).Text(SiteName),
			),
		),
		app.Div().Class("layout").Body(
			nav,
			app.Main().ID("main").Class("content").Attr("tabindex", "-1").Body(content...),
		),
	)
}

// setPage sets the document's title, description and language.
func setPage(ctx app.Context, title, description, lang string) {
	if title == "" {
		title = SiteName
	} else {
		title += " · " + SiteName
	}
	ctx.Page().SetTitle(title)
	ctx.Page().SetDescription(description)
	if lang != "" {
		ctx.Page().SetLang(lang)
	}
}
