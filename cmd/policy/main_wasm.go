//go:build wasm

package main

import "github.com/seqeralabs/policy-widget/app/policy"

// serve is the server's part of main; the client has none.
func serve([]*policy.Document) {}

func fail(error) {}
