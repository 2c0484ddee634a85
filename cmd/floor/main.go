// Command floor is the floor of the widget's browser benchmark: an empty
// go-app v9 app, with one component that marks its page mounted, so that
// `make bench` can tell how much of the widget's start-up any go-app app
// pays and how much is the widget's own.
//
// Like cmd/policy it is one main built twice, with the same Go and the same
// flags as the widget's client: for GOOS=js GOARCH=wasm into
// cmd/floor/web/app.wasm (precompressed to app.wasm.br and app.wasm.gz by
// cmd/precompress), then natively into bin/floor, which embeds them:
//
//	make bin/floor
//	bin/floor -addr 127.0.0.1:8002
package main

import (
	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"github.com/seqeralabs/policy-widget/app/site"
)

// floor is the app's one component. Like the widget's pages, it sets
// data-wasm="mounted" on its .page element once the client has mounted it
// (site.MountedAttr on an element of site.PageClass), which the
// benchmark's probe waits for.
type floor struct {
	app.Compo

	mounted bool
}

// OnMount implements app.Mounter.
func (f *floor) OnMount(ctx app.Context) {
	f.mounted = true
}

// Render implements app.Composer.
func (f *floor) Render() app.UI {
	page := app.Div().Class(site.PageClass)
	if f.mounted {
		page = page.Attr(site.MountedAttr, site.MountedValue)
	}
	return page.Body(
		app.H1().Text("Floor"),
		app.P().Text("An empty go-app v9 app."),
	)
}

func main() {
	app.Route("/", &floor{})
	app.RunWhenOnBrowser()
	serve()
}
