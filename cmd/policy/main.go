// Command policy is the policy widget. Built for WebAssembly it is the
// client that mounts the pages in the browser; built natively it is the
// server: `policy serve` serves the widget, `policy check` checks the
// policies.
package main

import (
	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"github.com/seqeralabs/policy-widget/app/ui"
)

func main() {
	docs, err := documents()
	if err != nil {
		// The server checks the same policies before it starts, so a
		// client never runs with broken ones; report it all the same.
		app.Log(err)
		fail(err)
		return
	}
	// The pages are routed once, here. The server tells the client the
	// path it is served under; the server itself prerenders the same
	// pages (ui.Site.Pages) without go-app's router.
	route(ui.NewSite(app.Getenv("GOAPP_ROOT_PREFIX"), docs))
	// Let the browser handle input and paint between starting the client
	// and mounting the page: two shorter tasks instead of one long one.
	yield()
	app.RunWhenOnBrowser()
	serve(docs)
}
