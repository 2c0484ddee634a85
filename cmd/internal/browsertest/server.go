//go:build !wasm

package browsertest

import (
	"bytes"
	"errors"
	"fmt"
	"math/rand/v2"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// listenRE matches the line that the server prints when it accepts
// connections.
var listenRE = regexp.MustCompile(`listening on (http://127\.0\.0\.1:\d+)`)

// Server is a server process that a test started with StartServer.
type Server struct {
	// URL is the base URL of the server, such as http://127.0.0.1:43123.
	URL string

	cmd      *exec.Cmd
	out      *outputBuffer
	exited   chan struct{} // closed when the process has exited
	waitErr  error         // the result of cmd.Wait, set before exited closes
	stopOnce sync.Once
}

// outputBuffer collects the output of the server, and closes ready when the
// output first matches listenRE.
type outputBuffer struct {
	mu    sync.Mutex
	buf   bytes.Buffer
	url   string
	ready chan struct{}
}

// Write appends p to the buffer.
func (b *outputBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.buf.Write(p)
	if b.url == "" {
		if m := listenRE.FindSubmatch(b.buf.Bytes()); m != nil {
			b.url = string(m[1])
			close(b.ready)
		}
	}
	return len(p), nil
}

// String returns the output so far.
func (b *outputBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// StartServer runs bin with args, for example "serve", "-addr",
// "127.0.0.1:0", and waits up to 20 seconds until it prints "listening on
// http://127.0.0.1:PORT". The server stops when the test ends, and its output
// goes to the test log when the test fails.
func StartServer(t testing.TB, bin string, args ...string) *Server {
	t.Helper()
	out := &outputBuffer{ready: make(chan struct{})}
	cmd := exec.Command(bin, args...)
	cmd.Stdout, cmd.Stderr = out, out
	if err := cmd.Start(); err != nil {
		t.Fatalf("browsertest: starting %s: %v", bin, err)
	}
	s := &Server{cmd: cmd, out: out, exited: make(chan struct{})}
	go func() {
		s.waitErr = cmd.Wait()
		close(s.exited)
	}()
	t.Cleanup(func() {
		s.Stop()
		if t.Failed() {
			t.Logf("output of %s %q:\n%s", filepath.Base(bin), args, out.String())
		}
	})

	select {
	case <-out.ready:
		out.mu.Lock()
		s.URL = out.url
		out.mu.Unlock()
		return s
	case <-s.exited:
		t.Fatalf("browsertest: %s exited before it listened: %v\n%s", bin, s.waitErr, out.String())
	case <-time.After(20 * time.Second):
		t.Fatalf("browsertest: %s printed no 'listening on http://127.0.0.1:PORT' line within 20s:\n%s", bin, out.String())
	}
	return nil
}

// Output returns what the server has written to stdout and stderr so far.
func (s *Server) Output() string {
	return s.out.String()
}

// Stop sends SIGTERM to the server, and kills it when it has not exited after
// 5 seconds. It waits for the process to exit. Calls after the first do
// nothing.
func (s *Server) Stop() {
	s.stopOnce.Do(func() {
		select {
		case <-s.exited:
			return
		default:
		}
		if err := s.cmd.Process.Signal(syscall.SIGTERM); err != nil && !errors.Is(err, os.ErrProcessDone) {
			_ = s.cmd.Process.Kill()
		}
		select {
		case <-s.exited:
		case <-time.After(5 * time.Second):
			_ = s.cmd.Process.Kill()
			<-s.exited
		}
	})
}

// FreePort returns an address of the form 127.0.0.1:PORT with a port that was
// free a moment ago. Pass it with -addr to start a server again on the same
// port after a restart, or to name a server in another's flags before it
// starts.
//
// The port is below the kernel's range of ephemeral ports, which it gives to
// listeners on port 0 and to outgoing connections: a server started
// meanwhile with -addr 127.0.0.1:0 cannot be given it (one was, and a test
// failed with "address already in use").
func FreePort(t testing.TB) string {
	t.Helper()
	low := 32768
	if b, err := os.ReadFile("/proc/sys/net/ipv4/ip_local_port_range"); err == nil {
		fmt.Sscan(string(b), &low)
	}
	const base, tries = 10000, 100
	for i := 0; ; i++ {
		addr := "127.0.0.1:0" // the kernel's choice, when no port below its range is free
		if i < tries && low-base >= 1000 {
			addr = fmt.Sprintf("127.0.0.1:%d", base+rand.IntN(low-base))
		}
		l, err := net.Listen("tcp", addr)
		if err != nil && strings.HasSuffix(addr, ":0") {
			t.Fatalf("browsertest: finding a free port: %v", err)
		}
		if err != nil {
			continue // taken
		}
		addr = l.Addr().String()
		if err := l.Close(); err != nil {
			t.Fatalf("browsertest: finding a free port: %v", err)
		}
		return addr
	}
}

var (
	buildOnce sync.Once
	buildPath string
	buildErr  error
)

// Binary returns the path of the policy binary for tests. The environment
// variable POLICY_BIN overrides it. Otherwise Binary builds ./cmd/policy of the
// module once per test process. The binary embeds web/app.wasm, so run make
// build first.
func Binary(t testing.TB) string {
	t.Helper()
	if p := os.Getenv("POLICY_BIN"); p != "" {
		return p
	}
	buildOnce.Do(func() { buildPath, buildErr = buildBinary() })
	if buildErr != nil {
		t.Fatalf("browsertest: %v", buildErr)
	}
	return buildPath
}

// buildBinary builds ./cmd/policy into the user cache directory. It builds
// into a unique file and renames it into place, so that test processes that
// run in parallel never see a partial binary and no temporary files remain.
func buildBinary() (string, error) {
	root, err := ModuleRoot()
	if err != nil {
		return "", err
	}
	if _, err := os.Stat(filepath.Join(root, "web", "app.wasm")); err != nil {
		return "", errors.New("web/app.wasm is missing: run 'make build' before the browser tests (the binary embeds it)")
	}
	cache, err := os.UserCacheDir()
	if err != nil {
		cache = os.TempDir()
	}
	dir := filepath.Join(cache, "policy-widget-browsertest")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	tmp, err := os.MkdirTemp(dir, "build-*")
	if err != nil {
		return "", err
	}
	defer os.RemoveAll(tmp)
	out, err := build("./cmd/policy", BuildOptions{}, func() string { return tmp })
	if err != nil {
		return "", err
	}
	bin := filepath.Join(dir, "policy")
	if err := os.Rename(out, bin); err != nil {
		return "", err
	}
	return bin, nil
}

// ModuleRoot returns the directory of the go.mod file that encloses the
// working directory.
func ModuleRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("no go.mod above the working directory")
		}
		dir = parent
	}
}
