// Package web embeds the widget's static assets: styles, scripts, icons and
// the WebAssembly client (app.wasm, a build output of `make build`).
package web

import (
	"embed"
	"io/fs"
	"path"
	"strings"
)

//go:embed *
var files embed.FS

// FS holds the files the server serves under /web/: every file of this
// folder but Go sources, the README's screenshots, and the page on
// embedding (embedding.md) with its recipes (examples/). app.wasm is in it
// only once it has been built; the server refuses to start without it.
var FS fs.FS = assets{files}

// assets hides the files that are not served.
type assets struct{ fsys embed.FS }

func hidden(name string) bool {
	if strings.HasSuffix(name, ".go") || name == "embedding.md" {
		return true
	}
	for _, dir := range []string{"screenshots", "examples"} {
		if name == dir || strings.HasPrefix(name, dir+"/") {
			return true
		}
	}
	return false
}

func (a assets) Open(name string) (fs.File, error) {
	if hidden(name) {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
	}
	return a.fsys.Open(name)
}

func (a assets) ReadDir(name string) ([]fs.DirEntry, error) {
	if hidden(name) {
		return nil, &fs.PathError{Op: "readdir", Path: name, Err: fs.ErrNotExist}
	}
	entries, err := a.fsys.ReadDir(name)
	kept := entries[:0]
	for _, e := range entries {
		if !hidden(path.Join(name, e.Name())) {
			kept = append(kept, e)
		}
	}
	return kept, err
}
