// Package reserved lists what the widget's pages (package ui) use for
// themselves: element ids and the first segments of paths. A policy must
// not take them: the lint of package markdown is given these lists
// (markdown.WithPageIDs, markdown.WithReservedSlugs). The package imports
// nothing, so the policies' generator can use it without go-app.
package reserved

// IDs are the element ids that the widget's pages use around a policy:
// the page shell, the table of contents, the policy's title, and go-app's
// loader, which the server writes into every page. A heading must not take
// one of them (package markdown's lint reports it), or links and
// aria-controls would point at the wrong element.
var IDs = []string{
	"main",                  // shell: the main landmark, target of the skip link
	"top",                   // Article: the policy's h1, target of "Back to top"
	"toc",                   // TOC: the navigation
	"toc-title",             // TOC: its label
	"toc-panel",             // TOC: the list the mobile toggle controls
	"preamble",              // compare page: the text before the first heading
	"app-wasm-loader",       // go-app's loader
	"app-wasm-loader-icon",  // go-app's loader
	"app-wasm-loader-label", // go-app's loader
}

// Slugs are the first path segments that the site uses for itself:
// a policy named like one of them would never be served at /<slug>.
var Slugs = []string{
	"api", "web", "embed", "oembed", "healthz",
	"app.js", "app.css", "app-worker.js", "wasm_exec.js", "manifest.webmanifest",
	"robots.txt", "sitemap.xml", "embed.js", "404.html", "index.html",
	// The static export writes / as index.html and the not-found page as
	// 404.html.
	"index", "404",
}
