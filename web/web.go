// Package web embeds the widget's static assets: styles, scripts, icons and
// the WebAssembly client (app.wasm, a build output of `make build`).
package web

import "embed"

// FS holds every file of this folder. app.wasm is in it only once it has
// been built; the server refuses to start without it.
//
//go:embed *
var FS embed.FS
