//go:build wasm

package main

// serve is the server's part of main; the client has none.
func serve() {}
