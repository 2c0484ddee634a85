//go:build ignore

// Gen writes documents.go, the policies of this folder parsed, as Go data
// for the WebAssembly client: `go generate ./policies` (make build runs it). It
// imports only the model, the parser and package site (the pages' own ids
// and paths), so it builds in seconds and works when documents.go is
// missing or stale.
package main

import (
	"fmt"
	"os"

	"github.com/seqeralabs/policy-widget/app/policy/markdown"
)

func main() {
	// The same checks as the server's: a heading may not take an id of
	// the page, and a link to one (#top) is fine.
	b, err := markdown.Encode(os.DirFS("."), markdown.WithSite())
	if err != nil {
		fmt.Fprintf(os.Stderr, "gen: %v\n", err)
		os.Exit(1)
	}
	// Write a temporary file first, so that a build never embeds half a
	// file.
	if err := os.WriteFile("documents.go.tmp", b, 0o644); err != nil {
		fmt.Fprintf(os.Stderr, "gen: %v\n", err)
		os.Exit(1)
	}
	if err := os.Rename("documents.go.tmp", "documents.go"); err != nil {
		fmt.Fprintf(os.Stderr, "gen: %v\n", err)
		os.Exit(1)
	}
}
