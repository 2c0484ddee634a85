package ui

import (
	"strings"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"github.com/seqeralabs/policy-widget/app/policy"
)

// prefix is the path the widget is served under, such as "/legal", or "".
var prefix string

// Route registers the go-app routes of the widget: "/" lists docs, "/<slug>"
// shows each policy, "/embed/<slug>" shows it without the site around it
// (the page that embed.js frames), and any other path shows NotFound. Call
// it in the same way in the WebAssembly client and in the server.
// pathPrefix is the path the site is served under ("" at the root, "/legal"
// behind a proxy at /legal/); links in the pages start with it.
func Route(pathPrefix string, docs []*policy.Document) {
	prefix = strings.TrimSuffix(pathPrefix, "/")
	app.RouteFunc("/", func() app.Composer { return &Index{Docs: docs} })
	for _, d := range docs {
		app.RouteFunc("/"+d.Slug, func() app.Composer { return NewPolicy(d) })
		app.RouteFunc(EmbedPath(d.Slug), func() app.Composer { return &embedPage{Doc: d} })
	}
	app.RouteWithRegexpFunc("^/.*", func() app.Composer { return &NotFound{} })
}

// Href returns the URL path of a page of the widget, such as "/privacy",
// with the path prefix the site is served under.
func Href(path string) string {
	return prefix + path
}
