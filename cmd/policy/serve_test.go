//go:build !wasm

package main

import (
	"bufio"
	"bytes"
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"syscall"
	"testing"
	"testing/fstest"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/seqeralabs/policy-widget/app/server"
	bt "github.com/seqeralabs/policy-widget/cmd/internal/browsertest"
	"github.com/seqeralabs/policy-widget/web"
)

// The tests of `policy serve`: the real binary for what a deployment sees
// (signals, exit status, flags), and the same http.Server in process for
// its timeouts, which need values too short for a real deployment.

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

// dialSmall connects to addr with a small receive buffer, so that the
// kernel does not read megabytes ahead of a slow reader.
func dialSmall(t *testing.T, addr string) net.Conn {
	t.Helper()
	d := net.Dialer{Control: func(network, address string, c syscall.RawConn) error {
		var serr error
		err := c.Control(func(fd uintptr) {
			serr = syscall.SetsockoptInt(int(fd), syscall.SOL_SOCKET, syscall.SO_RCVBUF, 32<<10)
		})
		if err != nil {
			return err
		}
		return serr
	}}
	conn, err := d.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	return conn
}

// slowGet sends GET target on conn and reads the body at about rate bytes
// per second, in steady small reads; it calls during once, after the
// first bytes have come. It returns the response, the body read and the
// error that ended it, nil when the body is whole.
func slowGet(conn net.Conn, target string, rate int, during func()) (*http.Response, []byte, error) {
	fmt.Fprintf(conn, "GET %s HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", target)
	res, err := http.ReadResponse(bufio.NewReaderSize(conn, 4<<10), nil)
	if err != nil {
		return nil, nil, err
	}
	defer res.Body.Close()
	var body bytes.Buffer
	start := time.Now()
	buf := make([]byte, 16<<10)
	for {
		n, err := res.Body.Read(buf)
		body.Write(buf[:n])
		if during != nil && body.Len() > 0 {
			during()
			during = nil
		}
		if err == io.EOF {
			return res, body.Bytes(), nil
		}
		if err != nil {
			return res, body.Bytes(), err
		}
		// The slow client is the behaviour under test: it reads at its
		// pace, whatever the server does.
		time.Sleep(time.Until(start.Add(time.Duration(body.Len()) * time.Second / time.Duration(rate))))
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

// TestServeSIGTERM stops the real server with SIGTERM while a kept-alive
// connection is idle and a slow client downloads app.wasm: the idle
// connection is closed at once, the download completes, and the process
// exits with status 0, well within 6 s.
func TestServeSIGTERM(t *testing.T) {
	srv := startServer(t, "-grace", "30s")
	addr := strings.TrimPrefix(srv.URL, "http://")

	idle := dialSmall(t, addr)
	fmt.Fprintf(idle, "GET /healthz HTTP/1.1\r\nHost: %s\r\n\r\n", addr)
	idleReader := bufio.NewReader(idle)
	res, err := http.ReadResponse(idleReader, nil)
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusOK || res.Close {
		t.Fatalf("GET /healthz: %s, Connection: close %v; want 200, kept alive", res.Status, res.Close)
	}
	idleClosed := make(chan time.Time, 1)
	go func() {
		io.Copy(io.Discard, idleReader) // until the server closes it
		idleClosed <- time.Now()
	}()

	want := appWasm(t)
	var signalled time.Time
	res, body, err := slowGet(dialSmall(t, addr), "/web/app.wasm?build="+srv.Build, 4<<20, func() {
		signalled = time.Now()
		srv.Signal(t, syscall.SIGTERM)
	})
	downloaded := time.Now()
	if err != nil || !bytes.Equal(body, want) || res.ContentLength != int64(len(want)) {
		t.Fatalf("got %d bytes (Content-Length %d) of app.wasm's %d: %v", len(body), res.ContentLength, len(want), err)
	}
	status, exited := srv.Wait(t, 10*time.Second)
	if took := exited.Sub(signalled); status != 0 || took > 6*time.Second {
		t.Errorf("exit status %d, %v after SIGTERM; want 0 within 6s:\n%s", status, took, srv.Output())
	}
	select {
	case at := <-idleClosed:
		if !at.Before(downloaded) {
			t.Errorf("the idle connection was closed %v after SIGTERM, once the download had ended: want it at once", at.Sub(signalled))
		}
	case <-time.After(5 * time.Second):
		t.Error("the idle connection is still open after the server exited")
	}
	for _, want := range []string{"signal=terminated", "in_flight=1"} {
		if !strings.Contains(srv.Stderr(), want) {
			t.Errorf("the log lacks %s:\n%s", want, srv.Stderr())
		}
	}
}

// TestServeSIGTERMFresh stops the server with two connections open that
// have sent nothing yet, as a browser's preconnections: the server closes
// both at once and exits within a second or two (net/http alone closes such
// a connection only once it is 5 seconds old, and the build before this
// one took 9.8 s). A request sent on one after the signal is not served
// (net/http does not serve a request it reads once Shutdown began) but its
// connection is closed, so that a client retries elsewhere rather than
// waits.
func TestServeSIGTERMFresh(t *testing.T) {
	srv := startServer(t)
	addr := strings.TrimPrefix(srv.URL, "http://")
	silent, late := dialSmall(t, addr), dialSmall(t, addr)
	// Once a request on a third connection is answered, the server has
	// accepted the two before it: a listener accepts in order.
	third := dialSmall(t, addr)
	fmt.Fprintf(third, "GET /healthz HTTP/1.1\r\nHost: %s\r\nConnection: close\r\n\r\n", addr)
	if res, err := http.ReadResponse(bufio.NewReader(third), nil); err != nil || res.StatusCode != http.StatusOK {
		t.Fatalf("GET /healthz: %v, %v", res, err)
	}

	signalled := time.Now()
	srv.Signal(t, syscall.SIGTERM)
	waitOutput(t, srv, "signal=terminated")
	fmt.Fprintf(late, "GET /healthz HTTP/1.1\r\nHost: %s\r\n\r\n", addr)
	status, exited := srv.Wait(t, 10*time.Second)
	if took := exited.Sub(signalled); status != 0 || took > 2*time.Second {
		t.Errorf("exit status %d, %v after SIGTERM; want 0 within 2s:\n%s", status, took, srv.Output())
	}
	for name, c := range map[string]net.Conn{"silent": silent, "late": late} {
		c.SetReadDeadline(time.Now().Add(5 * time.Second))
		if n, err := c.Read(make([]byte, 1)); n != 0 || (err != io.EOF && !errors.Is(err, syscall.ECONNRESET)) {
			t.Errorf("the %s connection: read %d bytes, %v; want it closed by the server", name, n, err)
		}
	}
}

// TestServeCut stops the server during a download that would outlast the
// grace period, or with a second signal: the server cuts the download
// then, and exits with status 1, saying why.
func TestServeCut(t *testing.T) {
	for _, tc := range []struct {
		name, grace string
		signals     int
		after       time.Duration // the least time from the first signal to the exit
		why         string
	}{
		{"grace over", "1s", 1, time.Second, "the grace period of 1s is over"},
		{"second signal", "30s", 2, 0, "a second signal (terminated) came"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := startServer(t, "-grace", tc.grace)
			var signalled time.Time
			_, body, err := slowGet(dialSmall(t, strings.TrimPrefix(srv.URL, "http://")), "/web/app.wasm", 1<<20, func() {
				signalled = time.Now()
				srv.Signal(t, syscall.SIGTERM)
				if tc.signals == 2 {
					// Once the first is taken: two at once may arrive
					// as one.
					waitOutput(t, srv, "signal=terminated")
					srv.Signal(t, syscall.SIGTERM)
				}
			})
			if err == nil || len(body) >= len(appWasm(t)) {
				t.Errorf("the download got %d bytes (%v); want it cut", len(body), err)
			}
			status, exited := srv.Wait(t, 20*time.Second)
			if took := exited.Sub(signalled); status != 1 || took < tc.after || took > tc.after+4*time.Second {
				t.Errorf("exit status %d after %v, want 1 after %v", status, took, tc.after)
			}
			if !strings.Contains(srv.Stderr(), "stopped with 1 requests in flight cut: "+tc.why) {
				t.Errorf("the error does not say that one request was cut, and why (%s):\n%s", tc.why, srv.Stderr())
			}
		})
	}
}

// waitOutput waits up to 10 seconds for the server's output to hold want.
func waitOutput(t *testing.T, srv *bt.Server, want string) {
	t.Helper()
	if !bt.Poll(10*time.Second, func() bool { return strings.Contains(srv.Output(), want) }) {
		t.Fatalf("the server has not written %q within 10s:\n%s", want, srv.Output())
	}
}

// TestServeFlags checks -log-format json (one JSON line per request), the
// errors of bad values, and that -addr serves where it says.
func TestServeFlags(t *testing.T) {
	srv := startServer(t, "-log-format", "json")
	req, _ := http.NewRequest("GET", srv.URL+"/privacy", nil)
	req.Header.Set("Accept-Encoding", "br") // the bytes sent, not decoded
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	n, _ := io.Copy(io.Discard, res.Body)
	res.Body.Close()
	http.DefaultClient.CloseIdleConnections()
	// The line is written once the answer is, which the client may have
	// read whole a moment before.
	waitOutput(t, srv, `"path":"/privacy"`)
	var line struct {
		Msg, Method, Path string
		Status, Bytes     int
	}
	for _, l := range strings.Split(strings.TrimSpace(srv.Stderr()), "\n") {
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
		{"-addr 127.0.0.1:0 -listen-fd 3", `give -addr or -listen-fd, not both`},
		{"-listen-fd 9", `-listen-fd 9: `},
		{"-addr nowhere", `listen tcp: address nowhere`},
	} {
		cmd := exec.Command(bt.Binary(t), append([]string{"serve"}, strings.Fields(tc.args)...)...)
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

	// -addr: the server says where it listens, and serves there.
	cmd = exec.Command(bt.Binary(t), "serve", "-addr", "127.0.0.1:0")
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Wait()
	defer cmd.Process.Kill()
	line1, err := bufio.NewReader(stdout).ReadString('\n')
	url, _, _ := strings.Cut(strings.TrimPrefix(line1, "listening on "), " ")
	if err != nil || !strings.HasPrefix(url, "http://127.0.0.1:") {
		t.Fatalf("serve -addr 127.0.0.1:0 said %q (%v)", line1, err)
	}
	if got := bodyOf(t, url+"/healthz"); got != "ok\n" {
		t.Errorf("GET %s/healthz = %q", url, got)
	}
}

// bodyOf returns the body of GET url.
func bodyOf(t *testing.T, url string) string {
	t.Helper()
	client := &http.Client{Transport: &http.Transport{}}
	defer client.CloseIdleConnections()
	res, err := client.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestServeETagsStable starts the real server twice, as a restart or a
// second replica would (with the same public URL), and compares the ETag
// of every form of its answers.
func TestServeETagsStable(t *testing.T) {
	paths := map[string][]string{
		"assets and API": {"/web/app.wasm", "/web/app.css", "/web/nav.js", "/app.js", "/app-worker.js", "/manifest.webmanifest", "/embed.js", "/api/policies", "/api/policies/privacy"},
		"pages":          {"/", "/privacy", "/embed/privacy"},
	}
	collect := func() map[string]string {
		srv := startServer(t, "-base-url", "https://legal.example.com")
		client := &http.Client{Transport: &http.Transport{DisableCompression: true}}
		defer client.CloseIdleConnections()
		out := map[string]string{}
		for _, list := range paths {
			for _, path := range list {
				for _, enc := range []string{"identity", "gzip", "br"} {
					req, _ := http.NewRequest("HEAD", srv.URL+path, nil)
					req.Header.Set("Accept-Encoding", enc)
					res, err := client.Do(req)
					if err != nil {
						t.Fatal(err)
					}
					res.Body.Close()
					out[path+" "+enc] = res.Header.Get("ETag")
				}
			}
		}
		srv.Stop()
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

// bigSize is the size of big.bin, the large file of the timeout tests:
// more than the socket buffers of both ends hold, so that a slow reader
// paces the server.
const bigSize = 12 << 20

// serveInProcess serves the widget with big.bin among its files, as `policy
// serve` does (newHTTPServer, serveUntilStopped) but with the timeouts to,
// on a listener of the test, until the test ends. It returns the address,
// big.bin and the log.
func serveInProcess(t *testing.T, to timeouts) (string, []byte, *lockedBuffer) {
	t.Helper()
	big := make([]byte, bigSize)
	rand.Read(big)
	files := fstest.MapFS{"big.bin": &fstest.MapFile{Data: big}}
	err := fs.WalkDir(web.FS, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(web.FS, name)
		files[name] = &fstest.MapFile{Data: b}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	logs := new(lockedBuffer)
	log := slog.New(slog.NewTextHandler(logs, nil))
	s, err := server.New(server.Config{BaseURL: "http://127.0.0.1", NoCanonical: true, Web: files, Log: log})
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	stop := make(chan os.Signal, 1)
	served := make(chan error, 1)
	go func() { served <- serveUntilStopped(ln, newHTTPServer(s, log, to), log, time.Second, stop, func() {}) }()
	t.Cleanup(func() {
		stop <- syscall.SIGTERM
		<-served
	})
	return ln.Addr().String(), big, logs
}

// TestServeSlowReaderGetsWholeBody reads a 12 MB file at 4 MB/s, three
// times the write timeout: the timeout is one of progress, so the
// download completes. The same reader against an http.Server with only
// the absolute WriteTimeout is cut, which shows that the test can fail.
func TestServeSlowReaderGetsWholeBody(t *testing.T) {
	const timeout, rate = time.Second, 4 << 20
	addr, big, _ := serveInProcess(t, timeouts{readHeader: timeout, write: timeout, idle: timeout})

	t.Run("absolute WriteTimeout", func(t *testing.T) {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		old := &http.Server{WriteTimeout: timeout, Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			http.ServeContent(w, r, "big.bin", time.Time{}, bytes.NewReader(big))
		})}
		served := make(chan struct{})
		go func() {
			defer close(served)
			old.Serve(ln)
		}()
		defer func() {
			old.Close()
			<-served
		}()
		if _, body, err := slowGet(dialSmall(t, ln.Addr().String()), "/big.bin", rate, nil); err == nil || len(body) == len(big) {
			t.Fatalf("the absolute timeout did not cut the download (%d of %d bytes, %v): the test shows nothing", len(body), len(big), err)
		}
	})

	start := time.Now()
	res, body, err := slowGet(dialSmall(t, addr), "/web/big.bin", rate, nil)
	took := time.Since(start)
	if err != nil || !bytes.Equal(body, big) {
		t.Fatalf("got %d of %d bytes in %v: %v", len(body), len(big), took, err)
	}
	if res.StatusCode != http.StatusOK || took < 2*timeout {
		t.Errorf("status %d after %v; want 200, after more than twice the timeout %v", res.StatusCode, took, timeout)
	}
}

// TestServeStalledReaderIsCut checks that a client that stops reading
// loses its connection after the write timeout, and that the request log
// says so.
func TestServeStalledReaderIsCut(t *testing.T) {
	const timeout = 300 * time.Millisecond
	addr, big, logs := serveInProcess(t, timeouts{readHeader: time.Second, write: timeout, idle: time.Second})
	conn := dialSmall(t, addr)
	fmt.Fprintf(conn, "GET /web/big.bin HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
	// The line is written once the server has given up.
	if !bt.Poll(10*time.Second, func() bool { return strings.Contains(logs.String(), "path=/web/big.bin") }) {
		t.Fatalf("the server has not given up on a stalled reader after 10s; log:\n%s", logs)
	}
	if log := logs.String(); !strings.Contains(log, "timeout") {
		t.Errorf("the request's log line does not say it timed out:\n%s", log)
	}
	conn.SetReadDeadline(time.Now().Add(10 * time.Second))
	n, err := io.Copy(io.Discard, conn)
	if n >= int64(len(big)) || errors.Is(err, os.ErrDeadlineExceeded) {
		t.Errorf("read %d bytes (of %d) after the stall, error %v; want the connection cut short", n, len(big), err)
	}
}

// TestServeIdleAndSlowClientsAreCut checks the other timeouts: a
// kept-alive connection with no next request, a request whose headers
// never end, one whose body never comes, and a connection that sends
// nothing.
func TestServeIdleAndSlowClientsAreCut(t *testing.T) {
	const timeout = 300 * time.Millisecond
	addr, _, _ := serveInProcess(t, timeouts{readHeader: timeout, write: time.Second, idle: timeout})
	for _, tc := range []struct {
		name, send, answer string
	}{
		{"idle", "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", "HTTP/1.1 200 OK"},
		{"headers", "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n", ""},
		{"body", "POST /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 100000\r\n\r\n0123456789", "HTTP/1.1 405"},
		{"nothing", "", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			conn := dialSmall(t, addr)
			start := time.Now()
			io.WriteString(conn, tc.send)
			conn.SetReadDeadline(time.Now().Add(5 * time.Second))
			got, err := io.ReadAll(conn)
			if err != nil || time.Since(start) > 3*time.Second {
				t.Fatalf("after %v: %v; want the server to close the connection within 3s", time.Since(start), err)
			}
			if !strings.HasPrefix(string(got), tc.answer) {
				t.Errorf("answer %q, want it to start with %q", got, tc.answer)
			}
		})
	}
}
