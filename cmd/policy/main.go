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

// routedAttr is the attribute that the client sets on the document element
// once it has routed every path, the not-found page of any other path
// included (see route in main_wasm.go): tests wait for it before they
// follow a link to a missing page.
const routedAttr = "data-routed"
