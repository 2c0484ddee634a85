// Command example stands in for another Seqera app built with go-app v9: it
// shows the privacy policy in a page of its own, at /legal/privacy, under
// its own header, with the widget's ui.Embedded component. The policy is
// embedded in its binary (policies.Documents, parsed at build time): no
// request to the policy server.
//
// Like cmd/policy it is one main built twice: for GOOS=js GOARCH=wasm into
// cmd/example/web/app.wasm (the client), then natively into bin/example
// (the server, which embeds that app.wasm):
//
//	GOOS=js GOARCH=wasm go build -o cmd/example/web/app.wasm ./cmd/example
//	go build -o bin/example ./cmd/example
//	bin/example -addr 127.0.0.1:8001
package main

import (
	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"github.com/seqeralabs/policy-widget/app/policy"
	"github.com/seqeralabs/policy-widget/app/ui"
	"github.com/seqeralabs/policy-widget/policies"
)

func main() {
	docs, err := policies.Documents() // parsed at build time
	if err != nil {
		app.Log(err)
		fail(err)
		return
	}
	privacy := policy.Find(docs, "privacy")
	app.Route("/", &home{})
	app.RouteFunc("/legal/privacy", func() app.Composer { return &legalPage{Doc: privacy} })
	app.RunWhenOnBrowser()
	serve()
}

// shell is the app's own page: its header and navigation, then content.
func shell(content app.UI) app.UI {
	return app.Div().Class("acme").Body(
		app.Header().Class("acme-header").Body(
			app.A().Class("acme-brand").Href("/").Text("Acme Console"),
			app.Nav().Class("acme-nav").Aria("label", "Acme Console").Body(
				app.A().Href("/").Text("Home"),
				app.A().Href("/legal/privacy").Text("Privacy"),
			),
		),
		app.Main().Class("acme-main").Body(content),
	)
}

// legalPage shows the policy under the app's header.
type legalPage struct {
	app.Compo

	Doc *policy.Document
}

func (p *legalPage) OnPreRender(ctx app.Context) { p.setTitle(ctx) }
func (p *legalPage) OnMount(ctx app.Context)     { p.setTitle(ctx) }

func (p *legalPage) setTitle(ctx app.Context) {
	ctx.Page().SetTitle(p.Doc.Title + " · Acme Console")
}

func (p *legalPage) Render() app.UI {
	return shell(ui.NewEmbedded(p.Doc))
}

// home is the app's own home page.
type home struct {
	app.Compo
}

func (h *home) Render() app.UI {
	return shell(app.Div().Body(
		app.H1().Text("Acme Console"),
		app.P().Body(
			app.Text("Read our "),
			app.A().Href("/legal/privacy").Text("privacy policy"),
			app.Text("."),
		),
	))
}
