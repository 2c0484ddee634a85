//go:build !wasm

package main

import (
	"testing"

	"go.uber.org/goleak"
)

// TestMain fails the tests when a goroutine that one of them started
// outlives them: a server in process, a front, a host page's server, a
// browser's connection.
func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}
