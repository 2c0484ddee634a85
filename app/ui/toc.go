package ui

import (
	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"github.com/seqeralabs/policy-widget/app/policy"
)

// TOC is the "On this page" navigation of a policy's sections.
type TOC struct {
	app.Compo

	Entries []*policy.TOCEntry
}

// Render implements app.Composer.
func (t *TOC) Render() app.UI {
	return app.Nav().
		ID("toc").
		Class("toc").
		Aria("labelledby", "toc-title").
		Body(
			app.P().ID("toc-title").Class("toc-title").Text("On this page"),
			tocList(t.Entries),
		)
}

func tocList(entries []*policy.TOCEntry) app.UI {
	return app.Ol().Class("toc-list").Body(
		app.Range(entries).Slice(func(i int) app.UI {
			e := entries[i]
			return app.Li().Class("toc-item").Body(
				app.A().
					Class("toc-link").
					Href("#"+e.ID).
					DataSet("section", e.ID).
					Text(e.Title),
				app.If(len(e.Children) > 0, tocList(e.Children)),
			)
		}),
	)
}
