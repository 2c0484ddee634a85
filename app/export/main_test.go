//go:build !wasm

package export

import (
	"testing"

	"go.uber.org/goleak"
)

// TestMain fails the tests when a goroutine that one of them started
// outlives them, such as a compression.
func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}
