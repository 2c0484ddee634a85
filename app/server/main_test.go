//go:build !wasm

package server

import (
	"testing"

	"go.uber.org/goleak"
)

// TestMain fails the tests when a goroutine that one of them started
// outlives them, such as a compression or a test server.
func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}
