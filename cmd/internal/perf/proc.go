//go:build !wasm

package perf

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
)

// listenRE matches the line that bin/policy serve and bin/floor print
// once they accept connections.
var listenRE = regexp.MustCompile(`listening on (http://127\.0\.0\.1:\d+)`)

// Server is a server process started by StartServer.
type Server struct {
	// URL is the base URL of the server, such as http://127.0.0.1:43123.
	URL string

	name    string
	cmd     *exec.Cmd
	out     *serverOutput
	exited  chan struct{}
	waitErr error
	once    sync.Once
}

// lockedBuffer is the output of a process, safe for concurrent use.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// serverOutput is the output of the widget's server: every line but those
// of its request log. Under load the request log is
// megabytes a second; kept in a buffer that grows by copying, it made this
// process stop reading the pipe for tens of milliseconds at a time, and
// the server, once its log had fallen 1 MiB behind, wait for it: the
// spikes of p99 latency were the harness's (nginx logs to a file).
type serverOutput struct {
	mu      sync.Mutex
	buf     bytes.Buffer
	partial []byte // a line not ended yet
}

// requestLine reports whether line is one of the request log's, in the
// text or JSON format.
func requestLine(line []byte) bool {
	return bytes.Contains(line, []byte(" msg=request ")) || bytes.Contains(line, []byte(`"msg":"request"`))
}

func (o *serverOutput) Write(p []byte) (int, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.partial = append(o.partial, p...)
	lines := o.partial
	for {
		i := bytes.IndexByte(lines, '\n')
		if i < 0 {
			break
		}
		o.keep(lines[:i+1])
		lines = lines[i+1:]
	}
	o.partial = append(o.partial[:0], lines...)
	return len(p), nil
}

func (o *serverOutput) keep(line []byte) {
	if !requestLine(line) {
		o.buf.Write(line)
	}
}

// String returns the lines kept, and the line not ended yet.
func (o *serverOutput) String() string {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.buf.String() + string(o.partial)
}

// StartServer runs bin with args (such as "serve", "-addr", "127.0.0.1:0")
// and waits up to 30 seconds for it to print "listening on
// http://127.0.0.1:PORT". env, such as "GODEBUG=gctrace=1", is added to
// the environment. Stop the server with Stop.
func StartServer(ctx context.Context, env []string, bin string, args ...string) (*Server, error) {
	out := &serverOutput{}
	cmd := exec.Command(bin, args...)
	cmd.Env = append(os.Environ(), env...)
	cmd.Stdout, cmd.Stderr = out, out
	dieWithParent(cmd)
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("starting %s: %w", bin, err)
	}
	s := &Server{name: filepath.Base(bin), cmd: cmd, out: out, exited: make(chan struct{})}
	go func() {
		s.waitErr = cmd.Wait()
		close(s.exited)
	}()
	deadline := time.After(30 * time.Second)
	for {
		if m := listenRE.FindStringSubmatch(out.String()); m != nil {
			s.URL = m[1]
			return s, nil
		}
		select {
		case <-s.exited:
			return nil, fmt.Errorf("%s exited before it listened: %v\n%s", bin, s.waitErr, out.String())
		case <-deadline:
			s.Stop()
			return nil, fmt.Errorf("%s printed no 'listening on http://127.0.0.1:PORT' within 30s:\n%s", bin, out.String())
		case <-ctx.Done():
			s.Stop()
			return nil, ctx.Err()
		case <-time.After(20 * time.Millisecond):
		}
	}
}

// PID returns the process id of the server.
func (s *Server) PID() int { return s.cmd.Process.Pid }

// Output returns what the server has written so far, but for its request
// log.
func (s *Server) Output() string { return s.out.String() }

// Exited reports whether the process has exited.
func (s *Server) Exited() bool {
	select {
	case <-s.exited:
		return true
	default:
		return false
	}
}

// Stop sends SIGTERM to the server and kills it when it has not exited
// after 10 seconds. It returns an error when the server did not exit
// cleanly. Calls after the first do nothing and return nil.
func (s *Server) Stop() error {
	var err error
	s.once.Do(func() { err = stopProcess(s.name, s.cmd, s.exited, &s.waitErr) })
	return err
}

// stopProcess stops cmd, whose Wait closes exited after setting *waitErr.
func stopProcess(name string, cmd *exec.Cmd, exited <-chan struct{}, waitErr *error) error {
	select {
	case <-exited:
		return fmt.Errorf("%s had exited: %v", name, *waitErr)
	default:
	}
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil && !errors.Is(err, os.ErrProcessDone) {
		_ = cmd.Process.Kill()
	}
	select {
	case <-exited:
		if *waitErr != nil {
			return fmt.Errorf("%s stopped with %v", name, *waitErr)
		}
		return nil
	case <-time.After(10 * time.Second):
		_ = cmd.Process.Kill()
		<-exited
		return fmt.Errorf("%s did not stop within 10s of SIGTERM: killed", name)
	}
}

// GC is a garbage collection of a Go program run with GODEBUG=gctrace=1.
type GC struct {
	// N is the number of the collection, from 1.
	N int
	// At is the time since the program started.
	At time.Duration
	// Live is the heap that remained after the collection, in bytes.
	Live int64
}

// gcRE matches a line of GODEBUG=gctrace=1, such as
// "gc 7 @0.897s 4%: 14+3.9+0.034 ms clock, …, 316->316->312 MB, 316 MB goal, …":
// the number, the time and the heap at start, at end and live.
var gcRE = regexp.MustCompile(`(?m)^gc (\d+) @([0-9.]+)s [^\n]*?, (\d+)->(\d+)->(\d+) MB`)

// ParseGCTrace returns the garbage collections that the output of a Go
// program run with GODEBUG=gctrace=1 reports.
func ParseGCTrace(out string) []GC {
	var gcs []GC
	for _, m := range gcRE.FindAllStringSubmatch(out, -1) {
		n, _ := strconv.Atoi(m[1])
		at, _ := time.ParseDuration(m[2] + "s")
		live, _ := strconv.ParseInt(m[5], 10, 64)
		gcs = append(gcs, GC{N: n, At: at, Live: live << 20})
	}
	return gcs
}

// RSS returns the resident set size of the process pid in bytes, read from
// /proc/PID/status.
func RSS(pid int) (int64, error) {
	return procStatus(pid, "VmRSS")
}

// PeakRSS returns the peak resident set size of the process pid so far
// (its high water mark, VmHWM) in bytes, read from /proc/PID/status.
func PeakRSS(pid int) (int64, error) {
	return procStatus(pid, "VmHWM")
}

func procStatus(pid int, key string) (int64, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, err
	}
	return parseStatusKB(b, key)
}

// parseStatusKB returns the line key (such as VmRSS) of a /proc/PID/status
// file, in kB there, in bytes.
func parseStatusKB(status []byte, key string) (int64, error) {
	sc := bufio.NewScanner(bytes.NewReader(status))
	for sc.Scan() {
		rest, ok := strings.CutPrefix(sc.Text(), key+":")
		if !ok {
			continue
		}
		f := strings.Fields(rest)
		if len(f) != 2 || f[1] != "kB" {
			return 0, fmt.Errorf("unexpected %s line %q", key, sc.Text())
		}
		kb, err := strconv.ParseInt(f[0], 10, 64)
		if err != nil {
			return 0, fmt.Errorf("unexpected %s line %q", key, sc.Text())
		}
		return kb * 1024, nil
	}
	return 0, fmt.Errorf("no %s line in the process status", key)
}

// FreePort returns a loopback address with a port that was free a moment
// ago, for a program that cannot listen on port 0 and say which port it
// got (nginx).
func FreePort() (string, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	addr := l.Addr().String()
	return addr, l.Close()
}

// WaitDial waits until addr, a TCP address or unix:PATH, accepts
// connections, for up to timeout.
func WaitDial(ctx context.Context, addr string, timeout time.Duration) error {
	deadline := time.Now().Add(timeout)
	network, address := "tcp", addr
	if path, ok := strings.CutPrefix(addr, "unix:"); ok {
		network, address = "unix", path
	}
	for {
		c, err := net.DialTimeout(network, address, time.Second)
		if err == nil {
			return c.Close()
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("%s accepts no connection after %v: %w", addr, timeout, err)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(20 * time.Millisecond):
		}
	}
}
