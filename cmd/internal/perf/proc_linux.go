//go:build linux

package perf

import (
	"os/exec"
	"syscall"
)

// dieWithParent makes the kernel stop the process of cmd when the harness
// dies, so that no server outlives an interrupted benchmark.
func dieWithParent(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGTERM}
}
