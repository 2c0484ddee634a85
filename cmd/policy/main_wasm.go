//go:build wasm

package main

import (
	"time"

	"github.com/seqeralabs/policy-widget/app/policy"
	"github.com/seqeralabs/policy-widget/policies"
)

// documents returns the policies as parsed at build time: the client
// carries no Markdown parser.
func documents() ([]*policy.Document, error) { return policies.Documents() }

// serve is the server's part of main; the client has none.
func serve([]*policy.Document) {}

func fail(error) {}

// yield lets the browser's event loop run: time.Sleep waits on a
// setTimeout, which ends the task that runs the client so far.
func yield() { time.Sleep(time.Millisecond) }
