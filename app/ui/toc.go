package ui

import (
	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"github.com/seqeralabs/policy-widget/app/policy"
	"github.com/seqeralabs/policy-widget/app/policy/changes"
)

// tocNav is the "On this page" navigation of a policy's sections.
//
// On a wide screen it is a sticky list beside the policy. Below the narrow
// breakpoint of web/app.css it is a compact bar under the site header: a
// disclosure button that names the section being read and opens the list.
// The markup is the same at every width; web/nav.js opens and closes the
// disclosure and marks the entry of the section being read with
// aria-current="location". Without JavaScript, the list shows in full.
type tocNav struct {
	app.Compo

	Entries []*policy.TOCEntry

	// Label names the navigation; "On this page" when empty.
	Label string

	// Changed marks entries by section id: "changed" or "added" (see
	// package changes) for a reader who read an earlier version.
	Changed map[string]changes.Status
}

// Render implements app.Composer.
func (t *tocNav) Render() app.UI {
	label := t.Label
	if label == "" {
		label = "On this page"
	}
	return app.Nav().
		ID("toc").
		Class("toc").
		Aria("labelledby", "toc-title").
		Body(
			app.P().ID("toc-title").Class("toc-title").Text(label),
			app.Button().
				Type("button").
				Class("toc-toggle").
				Aria("expanded", "false").
				Aria("controls", "toc-panel").
				Body(
					app.Span().Class("toc-toggle-text").Body(
						app.Span().Class("toc-toggle-label").Text(label),
						app.Span().Class("toc-current").Hidden(true).Body(
							app.Span().Class("visually-hidden").Text(", current section: "),
							app.Span().Class("toc-current-title"),
						),
					),
					icon(iconDown),
				),
			app.Div().ID("toc-panel").Class("toc-panel").Body(tocList(t.Entries, t.Changed)),
		)
}

func tocList(entries []*policy.TOCEntry, changed map[string]changes.Status) app.UI {
	return app.Ol().Class("toc-list").Body(
		app.Range(entries).Slice(func(i int) app.UI {
			e := entries[i]
			link := app.A().
				Class("toc-link").
				Href("#"+e.ID).
				DataSet("section", e.ID)
			if s := changed[e.ID]; s != "" {
				link = link.DataSet("changed", string(s)).Body(
					app.Text(e.Title+" "),
					app.Span().Class("change-label").Text(changeLabel(s)),
				)
			} else {
				link = link.Text(e.Title)
			}
			return app.Li().Class("toc-item").Body(
				link,
				app.If(len(e.Children) > 0, tocList(e.Children, changed)),
			)
		}),
	)
}
