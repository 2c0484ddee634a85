// Command policy is the policy widget. Built for WebAssembly it is the
// client that mounts the pages in the browser; built natively it is the
// server: `policy serve` serves the widget, `policy check` checks the
// policies, `policy export` writes policies/documents.json.
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
	// The server tells the client the path it is served under.
	ui.Route(app.Getenv("GOAPP_ROOT_PREFIX"), docs)
	app.RunWhenOnBrowser()
	serve(docs)
}
