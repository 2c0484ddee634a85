//go:build !wasm

package browsertest

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sync"
	"syscall"
	"testing"
	"time"
)

// listenRE matches the line that a server prints when it serves, and the
// build that bin/policy serve adds to it.
var listenRE = regexp.MustCompile(`listening on (http://127\.0\.0\.1:\d+)(?: \(build (\w+)\))?`)

// Server is a server process that a test started with StartServer.
type Server struct {
	// URL is the base URL of the server, such as http://127.0.0.1:43123:
	// the address of the listener that the test handed it.
	URL string
	// Build is the build that bin/policy serve says it serves
	// (server.Server.Build).
	Build string

	cmd      *exec.Cmd
	out      *outputBuffer // stdout and stderr
	stderr   *outputBuffer
	exited   chan struct{} // closed when the process has exited
	waitErr  error         // the result of cmd.Wait, set before exited closes
	exitedAt time.Time     // set before exited closes
	stopOnce sync.Once
}

// outputBuffer collects the output of the server, and closes ready when the
// output first matches listenRE.
type outputBuffer struct {
	mu    sync.Mutex
	buf   bytes.Buffer
	match []string
	ready chan struct{} // nil: not looked for
}

// Write appends p to the buffer.
func (b *outputBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.buf.Write(p)
	if b.ready != nil && b.match == nil {
		if m := listenRE.FindStringSubmatch(b.buf.String()); m != nil {
			b.match = m
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

// ListenFD is the flag, and its value, with which StartServer tells a
// server the file descriptor of the listening socket it hands over: the
// first of exec.Cmd.ExtraFiles.
var ListenFD = []string{"-listen-fd", "3"}

// StartServer opens a listener on 127.0.0.1:0, runs bin with args and
// ListenFD, and hands the listener over as file descriptor 3, on which the
// server serves (bin/policy serve, cmd/example). It waits up to 20 seconds
// for the server to print "listening on http://127.0.0.1:PORT" with the
// listener's address. The server stops when the test ends (see Stop), and
// its output goes to the test log when the test fails.
//
// The test opens the listener: no free port is ever looked for and then
// bound, which races with every other program that listens meanwhile. To
// keep one address across servers (a new version, a restart, the server
// gone), put a Front before them.
func StartServer(t testing.TB, bin string, args ...string) *Server {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("browsertest: %v", err)
	}
	f, err := ln.(*net.TCPListener).File()
	ln.Close() // the process gets f, a copy
	if err != nil {
		t.Fatalf("browsertest: %v", err)
	}
	defer f.Close()
	s := &Server{
		URL:    "http://" + ln.Addr().String(),
		out:    &outputBuffer{ready: make(chan struct{})},
		stderr: &outputBuffer{},
		exited: make(chan struct{}),
	}
	args = append(args[:len(args):len(args)], ListenFD...)
	s.cmd = exec.Command(bin, args...)
	s.cmd.Stdout, s.cmd.Stderr = s.out, io.MultiWriter(s.out, s.stderr)
	s.cmd.ExtraFiles = []*os.File{f}
	if err := s.cmd.Start(); err != nil {
		t.Fatalf("browsertest: starting %s: %v", bin, err)
	}
	go func() {
		err := s.cmd.Wait()
		s.waitErr, s.exitedAt = err, time.Now()
		close(s.exited)
	}()
	t.Cleanup(func() {
		s.Stop()
		if t.Failed() {
			t.Logf("output of %s %q:\n%s", filepath.Base(bin), args, s.out.String())
		}
	})

	select {
	case <-s.out.ready:
		s.out.mu.Lock()
		m := s.out.match
		s.out.mu.Unlock()
		if m[1] != s.URL {
			t.Fatalf("browsertest: %s listens on %s, not on the socket it was given, %s", bin, m[1], s.URL)
		}
		s.Build = m[2]
		return s
	case <-s.exited:
		t.Fatalf("browsertest: %s exited before it listened: %v\n%s", bin, s.waitErr, s.out.String())
	case <-time.After(20 * time.Second):
		t.Fatalf("browsertest: %s printed no 'listening on %s' line within 20s:\n%s", bin, s.URL, s.out.String())
	}
	return nil
}

// Output returns what the server has written to stdout and stderr so far.
func (s *Server) Output() string {
	return s.out.String()
}

// Stderr returns what the server has written to stderr so far.
func (s *Server) Stderr() string {
	return s.stderr.String()
}

// Signal sends sig to the server.
func (s *Server) Signal(t testing.TB, sig os.Signal) {
	t.Helper()
	if err := s.cmd.Process.Signal(sig); err != nil {
		t.Fatalf("browsertest: signal %v: %v", sig, err)
	}
}

// Wait waits up to limit for the server to exit, and returns its exit
// status and when it exited. It calls t.Fatal when the server has not
// exited by then.
func (s *Server) Wait(t testing.TB, limit time.Duration) (status int, at time.Time) {
	t.Helper()
	select {
	case <-s.exited:
		return s.cmd.ProcessState.ExitCode(), s.exitedAt
	case <-time.After(limit):
		t.Fatalf("browsertest: the server has not exited within %v", limit)
	}
	return -1, time.Time{}
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
			return "", fmt.Errorf("no go.mod above %s", dir)
		}
		dir = parent
	}
}
