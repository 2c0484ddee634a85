//go:build !linux && !wasm

package perf

import "os/exec"

// dieWithParent does nothing outside Linux.
func dieWithParent(*exec.Cmd) {}
