package ui

import "github.com/maxence-charriere/go-app/v9/pkg/app"

// Status shows the reader the state of the copy on screen: offline, or a
// newer version available. It is part of every full page.
type Status struct {
	app.Compo
}

// Render implements app.Composer.
func (s *Status) Render() app.UI {
	return app.Div().Class("status")
}
