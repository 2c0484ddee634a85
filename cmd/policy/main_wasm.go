//go:build wasm

package main

import (
	"github.com/seqeralabs/policy-widget/app/policy"
	"github.com/seqeralabs/policy-widget/policies"
)

// documents returns the policies as parsed at build time: the client
// carries no Markdown parser.
func documents() ([]*policy.Document, error) { return policies.Documents() }

// serve is the server's part of main; the client has none.
func serve([]*policy.Document) {}

func fail(error) {}
