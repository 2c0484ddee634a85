package ui

import (
	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"github.com/seqeralabs/policy-widget/app/policy"
)

// Embedded is a policy without the site around it: no site header, skip
// link or offline notice, only the table of contents (when TOC is set) and
// the article. Another go-app v9 app mounts it in a page of its own:
//
//	docs, err := policies.Documents() // parsed at build time: no Markdown parser in the client
//	...
//	privacy := policy.Find(docs, "privacy")
//	app.RouteFunc("/legal/privacy", func() app.Composer { return ui.NewEmbedded(privacy) })
//
// or places ui.NewEmbedded(privacy) inside its own layout. The host styles
// it with the widget's web/app.css and web/embed.css. Its section headings
// keep their ids, so "#cookies" links and go-app's fragment navigation work
// in the host page; the host's sticky header needs a matching
// scroll-padding-top on its html element.
//
// The widget's own /embed/<slug> page, which embed.js shows in a frame, is
// made of it too.
type Embedded struct {
	app.Compo

	// Doc is the policy to show; it must not be nil.
	Doc *policy.Document

	// TOC shows the "On this page" list of sections above the article.
	TOC bool

	mounted bool
}

// NewEmbedded returns the embeddable component of doc, with its table of
// contents.
func NewEmbedded(doc *policy.Document) *Embedded {
	return &Embedded{Doc: doc, TOC: true}
}

// OnMount implements app.Mounter.
func (e *Embedded) OnMount(app.Context) {
	e.mounted = true
}

// Render implements app.Composer. The root carries data-wasm="mounted" once
// the WebAssembly client has taken it over.
func (e *Embedded) Render() app.UI {
	d := e.Doc
	root := app.Div().Class("policy-embed")
	if e.mounted {
		root = root.DataSet("wasm", "mounted")
	}
	return root.Body(
		app.If(e.TOC && len(d.TOC) > 0,
			app.Div().Class("policy-embed-toc").Body(&TOC{Entries: d.TOC}),
		),
		Article(d),
	)
}

// EmbedPath returns the path of the chrome-less page of the policy slug,
// which embed.js shows in a frame: "/embed/privacy".
func EmbedPath(slug string) string {
	return "/embed/" + slug
}

// embedPage is the page at EmbedPath: the Embedded policy alone. Its table
// of contents is always rendered; web/frame.js shows it only when the page
// was asked for with ?toc=1, before the page paints, so that one prerendered
// page serves both variants.
type embedPage struct {
	app.Compo

	Doc *policy.Document

	mounted bool
}

// OnPreRender implements app.PreRenderer.
func (p *embedPage) OnPreRender(ctx app.Context) {
	setPage(ctx, p.Doc.Title, p.Doc.Description, p.Doc.Lang)
}

// OnMount implements app.Mounter.
func (p *embedPage) OnMount(ctx app.Context) {
	setPage(ctx, p.Doc.Title, p.Doc.Description, p.Doc.Lang)
	p.mounted = true
}

// Render implements app.Composer.
func (p *embedPage) Render() app.UI {
	page := app.Div().Class("page page-embed")
	if p.mounted {
		page = page.DataSet("wasm", "mounted")
	}
	return page.Body(&Embedded{Doc: p.Doc, TOC: true})
}
