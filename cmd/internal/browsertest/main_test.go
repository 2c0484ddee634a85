//go:build !wasm

package browsertest

import (
	"testing"

	"go.uber.org/goleak"
)

// TestMain fails the tests when a goroutine that one of them started
// outlives them: a server, a front, a browser's connection.
func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}
