// Package policies embeds the policy documents that the widget ships.
//
// Every *.md file in this folder is a policy; its slug is its file name
// without the extension (privacy.md is served at /privacy).
package policies

import "embed"

// FS holds every policy Markdown file, embedded at build time so that
// neither the server nor the WebAssembly client reads files at run time.
//
//go:embed *.md
var FS embed.FS
