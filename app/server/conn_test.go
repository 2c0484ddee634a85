//go:build !wasm

package server

import (
	"bufio"
	"bytes"
	"context"
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"syscall"
	"testing"
	"testing/fstest"
	"time"
)

// bigSize is the size of big.bin, the large file of these tests: more
// than the socket buffers of both ends hold, so that a slow reader paces
// the server.
const bigSize = 12 << 20

// syncBuffer is a bytes.Buffer for a logger that the server's goroutines
// write to.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) Reset() {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.buf.Reset()
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// openServer opens a server on a free port of 127.0.0.1, with big.bin
// among its web files, and closes it when the test ends. It returns the
// server, its address, big.bin and the server's log.
func openServer(t *testing.T, cfg Config) (*Server, string, []byte, *syncBuffer) {
	t.Helper()
	big := make([]byte, bigSize)
	rand.Read(big)
	w := testWeb(t)
	w["big.bin"] = &fstest.MapFile{Data: big}
	cfg.Addr, cfg.Web, cfg.Policies = "127.0.0.1:0", w, testPolicies(t)
	logs := new(syncBuffer)
	cfg.Log = slog.New(slog.NewTextHandler(logs, nil))
	s, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	<-s.fastReady // so that the fast lane serves what it can
	if err := s.Open(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Shutdown(canceled()) })
	<-s.fast.filesLoaded
	return s, strings.TrimPrefix(s.URL(), "http://"), big, logs
}

// dialSmall connects to addr with a small receive buffer, so that the
// kernel does not read megabytes ahead of a slow reader.
func dialSmall(t testing.TB, addr string) net.Conn {
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
// per second, in steady small reads. It returns the body read and the
// error that ended it, nil when the body is whole.
func slowGet(conn net.Conn, target string, rate int) (*http.Response, []byte, error) {
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
		if err == io.EOF {
			return res, body.Bytes(), nil
		}
		if err != nil {
			return res, body.Bytes(), err
		}
		time.Sleep(time.Until(start.Add(time.Duration(body.Len()) * time.Second / time.Duration(rate))))
	}
}

// TestSlowReaderGetsWholeBody reads a 12 MB file at 4 MB/s, three times
// the write timeout: the server's timeout is one of progress, so the
// download completes. The same reader against a server with the old,
// absolute WriteTimeout is cut, which shows that the test can fail.
func TestSlowReaderGetsWholeBody(t *testing.T) {
	const timeout, rate = time.Second, 4 << 20
	_, addr, big, _ := openServer(t, Config{WriteTimeout: timeout})

	t.Run("absolute WriteTimeout", func(t *testing.T) {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		old := &http.Server{WriteTimeout: timeout, Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			http.ServeContent(w, r, "big.bin", time.Time{}, bytes.NewReader(big))
		})}
		go old.Serve(ln)
		defer old.Close()
		if _, body, err := slowGet(dialSmall(t, ln.Addr().String()), "/big.bin", rate); err == nil || len(body) == len(big) {
			t.Fatalf("the old timeout did not cut the download (%d of %d bytes, %v): the test shows nothing", len(body), len(big), err)
		}
	})

	start := time.Now()
	res, body, err := slowGet(dialSmall(t, addr), "/web/big.bin", rate)
	took := time.Since(start)
	if err != nil || !bytes.Equal(body, big) {
		t.Fatalf("got %d of %d bytes in %v: %v", len(body), len(big), took, err)
	}
	if res.StatusCode != http.StatusOK || took < 2*timeout {
		t.Errorf("status %d after %v; want 200, after more than twice the timeout %v", res.StatusCode, took, timeout)
	}
}

// TestStalledReaderIsCut checks that a client that stops reading loses its
// connection after the write timeout, and that the log says so.
func TestStalledReaderIsCut(t *testing.T) {
	const timeout = 300 * time.Millisecond
	_, addr, big, logs := openServer(t, Config{WriteTimeout: timeout})
	conn := dialSmall(t, addr)
	fmt.Fprintf(conn, "GET /web/big.bin HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
	deadline := time.Now().Add(10 * time.Second)
	for !strings.Contains(logs.String(), "path=/web/big.bin") {
		if time.Now().After(deadline) {
			t.Fatalf("the server has not given up on a stalled reader after 10s; log:\n%s", logs)
		}
		time.Sleep(50 * time.Millisecond)
	}
	if log := logs.String(); !strings.Contains(log, "timeout") {
		t.Errorf("the request's log line does not say it timed out:\n%s", log)
	}
	conn.SetReadDeadline(time.Now().Add(10 * time.Second))
	n, err := io.Copy(io.Discard, conn)
	if n >= int64(len(big)) || errors.Is(err, syscall.ETIMEDOUT) {
		t.Errorf("read %d bytes (of %d) after the stall, error %v; want the connection cut short", n, len(big), err)
	}
}

// TestIdleAndSlowClientsAreCut checks the other timeouts: a kept-alive
// connection with no next request, a request whose headers never end, and
// one whose body never comes.
func TestIdleAndSlowClientsAreCut(t *testing.T) {
	const timeout = 300 * time.Millisecond
	_, addr, _, _ := openServer(t, Config{ReadHeaderTimeout: timeout, IdleTimeout: timeout})
	for _, tc := range []struct {
		name, send, answer string
	}{
		{"idle", "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", "HTTP/1.1 200 OK"},
		{"headers", "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n", ""},
		{"body", "POST /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 100000\r\n\r\n0123456789", "HTTP/1.1 405"},
		// The same on the fast lane (fastlane.go), and a connection
		// that sends nothing.
		{"idle, fast lane", "GET /privacy HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", "HTTP/1.1 200 OK"},
		{"headers, fast lane", "GET /privacy HTTP/1.1\r\nHost: 127.0.0.1\r\n", ""},
		{"idle after two bytes, fast lane", "GET /privacy HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\nGE", "HTTP/1.1 200 OK"},
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

// canceled returns a context that is done: Shutdown with it cuts at once.
func canceled() context.Context {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	return ctx
}

// TestCloseLetsDownloadsFinish closes the server during a slow download:
// the download completes, new connections are refused, and Close returns
// nil once the server has written the whole body.
func TestCloseLetsDownloadsFinish(t *testing.T) {
	s, addr, big, _ := openServer(t, Config{Grace: 20 * time.Second})
	conn := dialSmall(t, addr)
	closed := make(chan error, 1)
	go func() {
		waitInFlight(s)
		closed <- s.Close()
	}()
	_, body, err := slowGet(conn, "/web/big.bin", 6<<20)
	if err != nil || !bytes.Equal(body, big) {
		t.Fatalf("got %d of %d bytes: %v", len(body), len(big), err)
	}
	if c, err := net.DialTimeout("tcp", addr, time.Second); err == nil {
		c.Close()
		t.Error("the server accepts connections while it stops")
	}
	select {
	case err := <-closed:
		if err != nil {
			t.Errorf("Close = %v, want nil", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Close has not returned 10s after the download ended")
	}
}

// TestCloseCutsAfterGrace closes the server during a download that would
// outlast the grace period: Close cuts it when the period is over, and
// says so.
func TestCloseCutsAfterGrace(t *testing.T) {
	const grace = 500 * time.Millisecond
	s, addr, big, _ := openServer(t, Config{Grace: grace})
	conn := dialSmall(t, addr)
	closed := make(chan error, 1)
	var took time.Duration
	go func() {
		waitInFlight(s)
		start := time.Now()
		err := s.Close()
		took = time.Since(start)
		closed <- err
	}()
	_, body, err := slowGet(conn, "/web/big.bin", 1<<20) // 12 s
	if err == nil || len(body) >= len(big) {
		t.Errorf("the download got %d of %d bytes (%v); want it cut", len(body), len(big), err)
	}
	select {
	case err := <-closed:
		if err == nil || !strings.Contains(err.Error(), "1 requests in flight cut") || !strings.Contains(err.Error(), "grace period of 500ms") {
			t.Errorf("Close = %v, want an error saying it cut one request after the grace period", err)
		}
		if took < grace || took > grace+2*time.Second {
			t.Errorf("Close took %v, want the grace period, %v", took, grace)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Close has not returned")
	}
}

// TestRequestLog checks the one line per request, in JSON, and that health
// checks are logged at debug level only.
func TestRequestLog(t *testing.T) {
	for _, level := range []slog.Level{slog.LevelInfo, slog.LevelDebug} {
		var buf bytes.Buffer
		cfg := Config{Addr: "127.0.0.1:8000", Web: testWeb(t), Policies: testPolicies(t), Prefix: "/legal"}
		cfg.Log = slog.New(slog.NewJSONHandler(&buf, &slog.HandlerOptions{Level: level}))
		s, err := New(cfg)
		if err != nil {
			t.Fatal(err)
		}
		buf.Reset() // start-up messages
		type line struct {
			Level    string
			Msg      string
			Method   string
			Path     string
			Status   int
			Bytes    int
			Duration int64
			Remote   string
		}
		var want []line
		for _, tc := range []struct {
			method, target string
			status         int
		}{
			{"GET", "/legal/privacy", 200},
			{"HEAD", "/privacy", 200},
			{"GET", "/nope", 404},
			{"POST", "/privacy", 405},
			{"GET", "/legal/healthz", 200},
			{"GET", "/legal", 301},
		} {
			req := httptest.NewRequest(tc.method, tc.target, nil)
			req.Header.Set("Accept-Encoding", "br")
			rec := httptest.NewRecorder()
			s.ServeHTTP(rec, req)
			if tc.target == "/legal/healthz" && level != slog.LevelDebug {
				continue
			}
			lv := "INFO"
			if tc.target == "/legal/healthz" {
				lv = "DEBUG"
			}
			want = append(want, line{lv, "request", tc.method, tc.target, tc.status, rec.Body.Len(), 0, req.RemoteAddr})
		}
		var got []line
		for _, l := range bytes.Split(bytes.TrimSpace(buf.Bytes()), []byte("\n")) {
			var g line
			if err := json.Unmarshal(l, &g); err != nil {
				t.Fatalf("log line %q: %v", l, err)
			}
			if g.Duration <= 0 {
				t.Errorf("log line %s: no duration", l)
			}
			g.Duration = 0
			got = append(got, g)
		}
		if len(got) != len(want) {
			t.Fatalf("level %v: %d log lines, want %d:\n%s", level, len(got), len(want), buf.Bytes())
		}
		for i := range want {
			if got[i] != want[i] {
				t.Errorf("level %v: log line %d = %+v, want %+v", level, i, got[i], want[i])
			}
		}
	}
}

// waitInFlight waits until the server is serving a request, and a little
// more, for up to 10 seconds: closing it before its handler has the request
// would close an idle connection, which is not what the tests are about (on
// a loaded machine, 300 ms was sometimes not enough).
func waitInFlight(s *Server) {
	for deadline := time.Now().Add(10 * time.Second); s.inFlight.Load() == 0 && time.Now().Before(deadline); {
		time.Sleep(5 * time.Millisecond)
	}
	time.Sleep(300 * time.Millisecond)
}

// TestGatherConn checks that a write held back goes out with the next one,
// or on release, whole and in order, and that nothing is held back
// outside hold and release.
func TestGatherConn(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	client, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer client.Close()
	c, err := gatherListener{ln}.Accept()
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	gc, ok := c.(*gatherConn)
	if !ok {
		t.Fatalf("Accept returns a %T", c)
	}
	read := func(n int) string {
		t.Helper()
		client.SetReadDeadline(time.Now().Add(5 * time.Second))
		b := make([]byte, n)
		if _, err := io.ReadFull(client, b); err != nil {
			t.Fatalf("reading %d bytes: %v", n, err)
		}
		return string(b)
	}
	nothing := func() {
		t.Helper()
		client.SetReadDeadline(time.Now().Add(100 * time.Millisecond))
		if n, err := client.Read(make([]byte, 1)); n > 0 || !errors.Is(err, os.ErrDeadlineExceeded) {
			t.Fatalf("read %d bytes (%v), want nothing", n, err)
		}
	}
	head, body := strings.Repeat("h", heldMax), strings.Repeat("b", 20000)

	gc.hold()
	if n, err := gc.Write([]byte(head)); n != len(head) || err != nil {
		t.Fatalf("held Write = %d, %v", n, err)
	}
	nothing()
	if n, err := gc.Write([]byte(body)); n != len(body) || err != nil {
		t.Fatalf("Write after a held one = %d, %v; want %d, nil", n, err, len(body))
	}
	if err := gc.release(); err != nil {
		t.Fatal(err)
	}
	if got := read(len(head) + len(body)); got != head+body {
		t.Error("the held write and the next one came out in another order")
	}

	gc.hold()
	gc.Write([]byte("small"))
	nothing()
	if err := gc.release(); err != nil {
		t.Fatal(err)
	}
	if got := read(5); got != "small" {
		t.Errorf("after release: %q", got)
	}

	gc.Write([]byte("free"))
	if got := read(4); got != "free" {
		t.Errorf("outside hold: %q", got)
	}
}

// TestBodiesAroundTheBuffer fetches, on one kept-alive connection, files
// of sizes around net/http's 4 KiB buffer of the connection, whose first
// write a gatherConn holds back: every body comes whole.
func TestBodiesAroundTheBuffer(t *testing.T) {
	w := testWeb(t)
	var sizes []int
	for _, n := range []int{1, 2000, 3000, 3500, 3800, 4000, 4096, 4097, 4500, 6000, 8192, 9000, writeChunk, writeChunk + 1, 3*writeChunk + 100} {
		sizes = append(sizes, n)
		b := make([]byte, n)
		rand.Read(b)
		w[fmt.Sprintf("f%d.bin", n)] = &fstest.MapFile{Data: b}
	}
	logs := new(syncBuffer)
	s, err := New(Config{Addr: "127.0.0.1:0", Web: w, Policies: testPolicies(t), Log: slog.New(slog.NewTextHandler(logs, nil))})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Open(); err != nil {
		t.Fatal(err)
	}
	defer s.Shutdown(canceled())
	client := &http.Client{Transport: &http.Transport{MaxConnsPerHost: 1, DisableCompression: true}}
	for range 2 {
		for _, n := range sizes {
			for _, method := range []string{"GET", "HEAD"} {
				req, _ := http.NewRequest(method, fmt.Sprintf("%s/web/f%d.bin", s.URL(), n), nil)
				res, err := client.Do(req)
				if err != nil {
					t.Fatal(err)
				}
				body, err := io.ReadAll(res.Body)
				res.Body.Close()
				want := w[fmt.Sprintf("f%d.bin", n)].Data
				if method == "HEAD" {
					want = nil
				}
				if err != nil || res.StatusCode != http.StatusOK || !bytes.Equal(body, want) || res.ContentLength != int64(n) {
					t.Errorf("%s f%d.bin: %d, %d of %d bytes, Content-Length %d, %v", method, n, res.StatusCode, len(body), len(want), res.ContentLength, err)
				}
			}
		}
	}
}
