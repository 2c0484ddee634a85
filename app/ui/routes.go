package ui

import (
	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"github.com/seqeralabs/policy-widget/app/policy"
)

// Route registers the go-app routes of the widget: "/" lists docs, "/<slug>"
// shows each policy, and any other path shows NotFound. Call it in the same
// way in the WebAssembly client and in the server.
func Route(docs []*policy.Document) {
	app.RouteFunc("/", func() app.Composer { return &Index{Docs: docs} })
	for _, d := range docs {
		app.RouteFunc("/"+d.Slug, func() app.Composer { return NewPolicy(d) })
	}
	app.RouteWithRegexpFunc("^/.*", func() app.Composer { return &NotFound{} })
}
