//go:build !wasm

package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	bt "github.com/seqeralabs/policy-widget/cmd/internal/browsertest"
)

// serveProcess is `policy serve` run by a test, which sends it signals and
// waits for its exit status.
type serveProcess struct {
	addr, version string
	cmd           *exec.Cmd
	stderr        *lockedBuffer
	exited        chan struct{} // closed once the process has exited
	exitedAt      time.Time     // set before exited is closed
}

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

var listeningRE = regexp.MustCompile(`^listening on http://(127\.0\.0\.1:\d+) \(version (\w+)\)`)

// startServe runs the policy binary's serve command on a free port with
// the extra arguments, and waits until it listens. The process is killed
// when the test ends, if it still runs.
func startServe(t *testing.T, args ...string) *serveProcess {
	t.Helper()
	cmd := exec.Command(bt.Binary(t), append([]string{"serve", "-addr", "127.0.0.1:0"}, args...)...)
	p := &serveProcess{cmd: cmd, stderr: new(lockedBuffer), exited: make(chan struct{})}
	cmd.Stderr = p.stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	listening := make(chan []string, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			if m := listeningRE.FindStringSubmatch(sc.Text()); m != nil {
				listening <- m
			}
		}
		cmd.Wait()
		p.exitedAt = time.Now()
		close(p.exited)
	}()
	t.Cleanup(func() {
		cmd.Process.Kill()
		<-p.exited
		if t.Failed() {
			t.Logf("stderr of policy serve %q:\n%s", args, p.stderr)
		}
	})
	select {
	case m := <-listening:
		p.addr, p.version = m[1], m[2]
	case <-p.exited:
		t.Fatalf("policy serve exited before it listened:\n%s", p.stderr)
	case <-time.After(30 * time.Second):
		t.Fatalf("policy serve did not listen within 30s:\n%s", p.stderr)
	}
	return p
}

// waitExit waits up to limit for the process to exit, and returns its
// exit status and when it exited.
func (p *serveProcess) waitExit(t *testing.T, limit time.Duration) (int, time.Time) {
	t.Helper()
	select {
	case <-p.exited:
		return p.cmd.ProcessState.ExitCode(), p.exitedAt
	case <-time.After(limit):
		t.Fatalf("policy serve has not exited %v after SIGTERM", limit)
	}
	return -1, time.Time{}
}

// slowDownload requests target over a connection with a small receive
// buffer and reads the body at about rate bytes per second. It calls
// during once, after the first bytes have come.
func slowDownload(t *testing.T, addr, target string, rate int, during func()) (body []byte, contentLength int64, err error) {
	t.Helper()
	d := net.Dialer{Control: func(network, address string, c syscall.RawConn) error {
		return c.Control(func(fd uintptr) {
			syscall.SetsockoptInt(int(fd), syscall.SOL_SOCKET, syscall.SO_RCVBUF, 32<<10)
		})
	}}
	conn, err := d.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	fmt.Fprintf(conn, "GET %s HTTP/1.1\r\nHost: %s\r\n\r\n", target, addr)
	res, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %s", target, res.Status)
	}
	var buf bytes.Buffer
	chunk := make([]byte, 16<<10)
	start := time.Now()
	for {
		n, err := res.Body.Read(chunk)
		buf.Write(chunk[:n])
		if during != nil && buf.Len() > 0 {
			during()
			during = nil
		}
		if err == io.EOF {
			return buf.Bytes(), res.ContentLength, nil
		}
		if err != nil {
			return buf.Bytes(), res.ContentLength, err
		}
		time.Sleep(time.Until(start.Add(time.Duration(buf.Len()) * time.Second / time.Duration(rate))))
	}
}

func appWasm(t *testing.T) []byte {
	t.Helper()
	root, err := bt.ModuleRoot()
	if err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(filepath.Join(root, "web", "app.wasm"))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestServeSIGTERMDuringDownload stops the real server with SIGTERM while
// a slow client downloads app.wasm: the download completes, and the
// process exits with status 0.
func TestServeSIGTERMDuringDownload(t *testing.T) {
	p := startServe(t, "-grace", "30s")
	want := appWasm(t)
	var signalled time.Time
	body, length, err := slowDownload(t, p.addr, "/web/app.wasm?v="+p.version, 3<<20, func() {
		signalled = time.Now()
		p.cmd.Process.Signal(syscall.SIGTERM)
	})
	if err != nil || !bytes.Equal(body, want) || length != int64(len(want)) {
		t.Fatalf("got %d bytes (Content-Length %d) of app.wasm's %d: %v", len(body), length, len(want), err)
	}
	if took := time.Since(signalled); took < 500*time.Millisecond {
		t.Errorf("the download ended %v after SIGTERM: too fast to show anything", took)
	}
	if code, _ := p.waitExit(t, 10*time.Second); code != 0 {
		t.Errorf("exit status %d, want 0:\n%s", code, p.stderr)
	}
	if !strings.Contains(p.stderr.String(), "signal=terminated") {
		t.Errorf("the log does not say why the server stopped:\n%s", p.stderr)
	}
}

// TestServeGraceOver stops the server with SIGTERM during a download that
// would outlast -grace: the server cuts it when the grace period is over
// and exits with status 1, saying so.
func TestServeGraceOver(t *testing.T) {
	p := startServe(t, "-grace", "1s")
	var signalled time.Time
	body, _, err := slowDownload(t, p.addr, "/web/app.wasm", 1<<20, func() {
		signalled = time.Now()
		p.cmd.Process.Signal(syscall.SIGTERM)
	})
	if err == nil || len(body) >= len(appWasm(t)) {
		t.Errorf("the download got %d bytes (%v); want it cut", len(body), err)
	}
	code, exitedAt := p.waitExit(t, 20*time.Second)
	if took := exitedAt.Sub(signalled); code != 1 || took < time.Second || took > 5*time.Second {
		t.Errorf("exit status %d after %v, want 1 after the grace period of 1s", code, took)
	}
	if !strings.Contains(p.stderr.String(), "the grace period of 1s is over") {
		t.Errorf("the error does not name the grace period:\n%s", p.stderr)
	}
}

// TestServeFlags checks -log-format json (one JSON line per request) and
// the errors of bad values.
func TestServeFlags(t *testing.T) {
	p := startServe(t, "-log-format", "json")
	req, _ := http.NewRequest("GET", "http://"+p.addr+"/privacy", nil)
	req.Header.Set("Accept-Encoding", "br") // the bytes sent, not decoded
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	n, _ := io.Copy(io.Discard, res.Body)
	res.Body.Close()
	deadline := time.Now().Add(5 * time.Second)
	for !strings.Contains(p.stderr.String(), `"path":"/privacy"`) && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	var line struct {
		Msg, Method, Path string
		Status, Bytes     int
	}
	for _, l := range strings.Split(strings.TrimSpace(p.stderr.String()), "\n") {
		if err := json.Unmarshal([]byte(l), &line); err != nil {
			t.Errorf("log line %q is not JSON: %v", l, err)
		}
	}
	if line.Msg != "request" || line.Method != "GET" || line.Path != "/privacy" || line.Status != 200 || int64(line.Bytes) != n {
		t.Errorf("last log line %+v, want the request for /privacy, %d bytes", line, n)
	}

	for _, tc := range []struct{ args, want string }{
		{"-log-format xml", `-log-format "xml": want text or json`},
		{"-grace soon", `-grace "soon": want a positive duration`},
		{"-grace 0s", `-grace "0s": want a positive duration`},
	} {
		cmd := exec.Command(bt.Binary(t), append([]string{"serve", "-addr", "127.0.0.1:0"}, strings.Fields(tc.args)...)...)
		out, err := cmd.CombinedOutput()
		if cmd.ProcessState.ExitCode() != 1 || !strings.Contains(string(out), tc.want) {
			t.Errorf("serve %s: %v, %q; want status 1 and %q", tc.args, err, out, tc.want)
		}
	}
	cmd := exec.Command(bt.Binary(t), "serve", "-addr", "127.0.0.1:0")
	cmd.Env = append(os.Environ(), "POLICY_LOG_FORMAT=yaml")
	if out, _ := cmd.CombinedOutput(); !strings.Contains(string(out), `-log-format "yaml"`) {
		t.Errorf("POLICY_LOG_FORMAT=yaml: %q", out)
	}
}

// TestServeETagsStable starts the real server twice, as a restart or a
// second replica would, and compares the ETag of every form of its
// answers.
func TestServeETagsStable(t *testing.T) {
	paths := map[string][]string{
		"assets and API": {"/web/app.wasm", "/web/app.css", "/web/nav.js", "/app.js", "/app-worker.js", "/manifest.webmanifest", "/embed.js", "/api/policies", "/api/policies/privacy"},
		"pages":          {"/", "/privacy", "/embed/privacy"},
	}
	collect := func() map[string]string {
		p := startServe(t)
		out := map[string]string{}
		for _, list := range paths {
			for _, path := range list {
				for _, enc := range []string{"identity", "gzip", "br"} {
					req, _ := http.NewRequest("HEAD", "http://"+p.addr+path, nil)
					req.Header.Set("Accept-Encoding", enc)
					res, err := http.DefaultTransport.RoundTrip(req)
					if err != nil {
						t.Fatal(err)
					}
					res.Body.Close()
					out[path+" "+enc] = res.Header.Get("ETag")
				}
			}
		}
		p.cmd.Process.Signal(syscall.SIGTERM)
		p.waitExit(t, 10*time.Second)
		return out
	}
	a, b := collect(), collect()
	for kind, list := range paths {
		t.Run(kind, func(t *testing.T) {
			var diffs []string
			for _, path := range list {
				for _, enc := range []string{"identity", "gzip", "br"} {
					k := path + " " + enc
					if a[k] == "" || a[k] != b[k] {
						diffs = append(diffs, fmt.Sprintf("%s: %s, then %s", k, a[k], b[k]))
					}
				}
			}
			sort.Strings(diffs)
			if len(diffs) > 0 {
				t.Errorf("ETags that differ between two starts:\n%s", strings.Join(diffs, "\n"))
			}
		})
	}
}

// TestServePermissionsPolicyInBrowser checks that Chromium reads the
// Permissions-Policy header as meant: the features a policy never uses are
// denied, the clipboard the copy buttons need is not.
func TestServePermissionsPolicyInBrowser(t *testing.T) {
	srv := startServer(t)
	ctx := bt.NewBrowser(t, bt.Options{Width: 1024, Height: 768})
	for _, path := range []string{"/privacy", "/embed/privacy"} {
		bt.Run(t, ctx, chromedp.Navigate(srv.URL+path))
		for feature, want := range map[string]bool{
			"camera": false, "microphone": false, "geolocation": false, "payment": false, "usb": false,
			"browsing-topics": false, "fullscreen": false, "clipboard-write": true,
		} {
			if got := bt.Eval[bool](t, ctx, `document.featurePolicy.allowsFeature('`+feature+`')`); got != want {
				t.Errorf("%s: allowsFeature(%q) = %v, want %v", path, feature, got, want)
			}
		}
	}
}
