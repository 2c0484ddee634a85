//go:build !wasm

package server

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"golang.org/x/net/http/httpguts"
)

// lanePair is two servers of the same content: one with the fast lane,
// one that serves every request with net/http.
type lanePair struct {
	fast, slow         *Server
	fastAddr, slowAddr string
	fastLog, slowLog   *syncBuffer
}

func openLanePair(t testing.TB, cfg Config) *lanePair {
	t.Helper()
	w := testWeb(t)
	big := bytes.Repeat([]byte("0123456789abcdef"), 300<<10/16) // several chunks
	w["big.bin"] = &fstest.MapFile{Data: big}
	cfg.Addr, cfg.Web, cfg.Policies = "127.0.0.1:0", w, testPolicies(t)
	p := &lanePair{}
	for _, slow := range []bool{false, true} {
		logs := new(syncBuffer)
		c := cfg
		c.Log = slog.New(slog.NewTextHandler(logs, nil))
		s, err := New(c)
		if err != nil {
			t.Fatal(err)
		}
		s.noFast = slow
		<-s.fastReady
		if err := s.Open(); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Shutdown(canceled()) })
		if !slow {
			<-s.fast.filesLoaded
			if runtime.GOOS == "linux" && s.fast.files.Load() == nil {
				t.Fatal("no memory file for sendfile")
			}
		}
		addr := strings.TrimPrefix(s.URL(), "http://")
		if slow {
			p.slow, p.slowAddr, p.slowLog = s, addr, logs
		} else {
			p.fast, p.fastAddr, p.fastLog = s, addr, logs
		}
	}
	if p.fast.Version() != p.slow.Version() {
		t.Fatalf("versions %s and %s", p.fast.Version(), p.slow.Version())
	}
	return p
}

// exchange sends raw on a new connection, closes its sending side, and
// returns everything the server sent until it closed the connection.
func exchange(addr, raw string) (string, error) {
	c, err := net.DialTimeout("tcp", addr, 5*time.Second)
	if err != nil {
		return "", err
	}
	defer c.Close()
	c.SetDeadline(time.Now().Add(10 * time.Second))
	if _, err := io.WriteString(c, raw); err != nil {
		return "", err
	}
	c.(*net.TCPConn).CloseWrite()
	got, err := io.ReadAll(c)
	return string(got), err
}

var dateLine = regexp.MustCompile(`\r\nDate: [A-Za-z]{3}, \d\d [A-Za-z]{3} \d{4} \d\d:\d\d:\d\d GMT\r\n`)

// logLine is what a request's log line says, but for its duration and
// remote address.
var logLine = regexp.MustCompile(`msg=request method=(\S+) path=(\S+) status=(\d+) bytes=(\d+) duration=\S+ remote=\S+`)

func requestsLogged(logs *syncBuffer) []string {
	var lines []string
	for _, m := range logLine.FindAllStringSubmatch(logs.String(), -1) {
		lines = append(lines, strings.Join(m[1:], " "))
	}
	return lines
}

// compare sends raw to both servers and reports how their answers differ,
// with the Date headers left out; "" when they are the same.
func (p *lanePair) compare(raw string) (string, error) {
	fast, ferr := exchange(p.fastAddr, raw)
	slow, serr := exchange(p.slowAddr, raw)
	if ferr != nil || serr != nil {
		return "", errors.Join(ferr, serr)
	}
	fast = dateLine.ReplaceAllString(fast, "\r\nDate: (date)\r\n")
	slow = dateLine.ReplaceAllString(slow, "\r\nDate: (date)\r\n")
	if fast == slow {
		return "", nil
	}
	i := 0
	for i < len(fast) && i < len(slow) && fast[i] == slow[i] {
		i++
	}
	clip := func(s string) string { return s[max(0, i-200):min(len(s), i+200)] }
	return fmt.Sprintf("the answers (%d and %d bytes) differ at byte %d:\nfast lane: %q\nnet/http:  %q", len(fast), len(slow), i, clip(fast), clip(slow)), nil
}

// TestFastLaneLikeNetHTTP sends the same bytes to a server with the fast
// lane and one without: the answers must be the same, byte for byte (but
// for Date), and so must the request log; the lane must answer the
// requests it is made for, and leave the others to net/http.
func TestFastLaneLikeNetHTTP(t *testing.T) {
	for _, prefix := range []string{"", "/legal"} {
		t.Run("prefix="+prefix, func(t *testing.T) {
			p := openLanePair(t, Config{Prefix: prefix})
			v := p.fast.Version()
			get := func(target string, lines ...string) string {
				return "GET " + target + " HTTP/1.1\r\n" + strings.Join(lines, "\r\n") + "\r\n\r\n"
			}
			host := "Host: example.com"
			long := strings.Repeat("a", 5000)
			cases := []struct {
				name string
				raw  string
				fast int // requests the lane answers
			}{
				{"plain", get("/privacy", host), 1},
				{"prefixed", get(prefix+"/privacy", host), 1},
				{"head", "HEAD /privacy HTTP/1.1\r\n" + host + "\r\n\r\n", 1},
				{"br", get("/privacy", host, "Accept-Encoding: gzip, deflate, br, zstd"), 1},
				{"gzip", get("/privacy", host, "Accept-Encoding: gzip"), 1},
				{"identity", get("/privacy", host, "Accept-Encoding: identity"), 1},
				{"q values", get("/privacy", host, "Accept-Encoding: gzip;q=0.5, br;q=0.4"), 1},
				{"empty accept-encoding", get("/privacy", host, "Accept-Encoding:"), 1},
				{"nothing acceptable", get("/privacy", host, "Accept-Encoding: br;q=0, gzip;q=0, identity;q=0"), 0},
				{"star q=0", get("/privacy", host, "Accept-Encoding: *;q=0"), 0},
				{"two accept-encodings", get("/privacy", host, "Accept-Encoding: gzip", "Accept-Encoding: br"), 0},
				{"browser", get("/privacy", host, "Connection: keep-alive", "Cache-Control: max-age=0",
					`sec-ch-ua: "Chromium";v="131", "Not_A Brand";v="24"`, "sec-ch-ua-mobile: ?0", `sec-ch-ua-platform: "Linux"`,
					"Upgrade-Insecure-Requests: 1", "User-Agent: Mozilla/5.0 (X11; Linux x86_64)",
					"Accept: text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
					"Sec-Fetch-Site: none", "Sec-Fetch-Mode: navigate", "Sec-Fetch-User: ?1", "Sec-Fetch-Dest: document",
					"Accept-Encoding: gzip, deflate, br, zstd", "Accept-Language: en-GB,en;q=0.9", "Priority: u=0, i"), 1},
				{"lower case, no spaces", "GET /privacy HTTP/1.1\r\nhost:example.com\r\naccept-encoding:br\r\nconnection:Keep-Alive\r\n\r\n", 1},
				{"trailing blanks", get("/privacy", "Host: example.com \t", "Accept-Encoding: br \t"), 1},
				{"pipelined", get("/privacy", host) + "HEAD /privacy HTTP/1.1\r\n" + host + "\r\n\r\n" + get("/privacy", host, "Accept-Encoding: br"), 3},
				{"then conditional", get("/privacy", host) + get("/privacy", host, `If-None-Match: "x"`) + get("/privacy", host), 1},
				{"then 404", get("/privacy", host) + get("/nope", host) + get("/privacy", host), 1},
				{"large file", get("/web/big.bin", host), 1},
				{"versioned file", get("/web/nav.js?v="+v, host, "Accept-Encoding: br"), 1},
				{"generated file", get("/app.js?v="+v, host), 1},
				{"other version", get("/web/nav.js?v=0123", host), 0},
				{"other query", get("/privacy?a=1", host), 0},
				{"embed page", get("/embed/privacy", host, "Accept-Encoding: gzip"), 1},
				{"embed script", get("/embed.js", host), 1},
				{"index", get("/", host), 1},
				{"the prefix", get(prefix, host), 0},
				{"trailing slash", get("/privacy/", host), 0},
				{"escaped", get("/%70rivacy", host), 0},
				{"dot segment", get("/web/../privacy", host), 0},
				{"absolute form", get("http://example.com/privacy", host), 0},
				{"post", "POST /privacy HTTP/1.1\r\n" + host + "\r\nContent-Length: 2\r\n\r\nhi", 0},
				{"lower-case method", "get /privacy HTTP/1.1\r\n" + host + "\r\n\r\n", 0},
				{"HTTP/1.0", "GET /privacy HTTP/1.0\r\n" + host + "\r\n\r\n", 0},
				{"HTTP/1.0 keep-alive", "GET /privacy HTTP/1.0\r\n" + host + "\r\nConnection: keep-alive\r\n\r\n", 0},
				{"no host", get("/privacy"), 0},
				{"two hosts", get("/privacy", host, host), 0},
				{"bad host", get("/privacy", "Host: a b"), 0},
				{"connection close", get("/privacy", host, "Connection: close"), 0},
				{"content-length", get("/privacy", host, "Content-Length: 0"), 0},
				{"chunked", get("/privacy", host, "Transfer-Encoding: chunked") + "0\r\n\r\n", 0},
				{"expect", get("/privacy", host, "Expect: 100-continue"), 0},
				{"range", get("/privacy", host, "Range: bytes=0-9"), 0},
				{"origin", get("/privacy", host, "Origin: https://example.org"), 0},
				{"unknown header", get("/privacy", host, "X-Thing: 1"), 0},
				{"obs-fold", get("/privacy", host, "User-Agent: a", " b"), 0},
				{"space before colon", get("/privacy", host, "User-Agent : a"), 0},
				{"control in value", get("/privacy", host, "User-Agent: a\x01b"), 0},
				{"bad byte in name", get("/privacy", host, "User\x80Agent: a"), 0},
				{"long name", get("/privacy", host, "Sec-Ch-"+strings.Repeat("x", 40)+": 1"), 0},
				{"long head", get("/privacy", host, "Cookie: "+long), 0},
				{"bare LF", "GET /privacy HTTP/1.1\n" + host + "\n\n", 0},
				{"bare LF at the end", "GET /privacy HTTP/1.1\r\n" + host + "\r\n\n", 0},
				{"blank line first", "\r\n" + get("/privacy", host), 0},
				{"cut short", "GET /privacy HTTP/1.1\r\n" + host + "\r\n", 0},
				{"request line only", "GET /privacy HTTP/1.1\r\n\r\n", 0},
				{"nothing", "", 0},
				{"health", get("/healthz", host), 0},
				{"api", get("/api/policies", host), 0},
			}
			for _, c := range cases {
				t.Run(c.name, func(t *testing.T) {
					before := p.fast.fast.answered.Load()
					p.fastLog.Reset()
					p.slowLog.Reset()
					diff, err := p.compare(c.raw)
					if err != nil {
						t.Fatal(err)
					}
					if diff != "" {
						t.Error(diff)
					}
					if n := p.fast.fast.answered.Load() - before; n != int64(c.fast) {
						t.Errorf("the fast lane answered %d requests, want %d", n, c.fast)
					}
					// The log is written in batches: wait for the lines.
					var fast, slow []string
					for range 100 {
						fast, slow = requestsLogged(p.fastLog), requestsLogged(p.slowLog)
						if len(fast) == len(slow) && slices.Equal(fast, slow) {
							break
						}
						time.Sleep(10 * time.Millisecond)
					}
					if !slices.Equal(fast, slow) {
						t.Errorf("the fast lane logged\n%s\nnet/http\n%s", strings.Join(fast, "\n"), strings.Join(slow, "\n"))
					}
				})
			}
		})
	}
}

// TestFastLaneTables checks the lane's byte tables against the functions
// of net/http's own checks.
func TestFastLaneTables(t *testing.T) {
	for b := range 256 {
		s := string([]byte{byte(b)})
		if tokenByte[b] != httpguts.ValidHeaderFieldName(s) {
			t.Errorf("token byte %#x: %v", b, tokenByte[b])
		}
		if valueByte[b] != httpguts.ValidHeaderFieldValue(s) {
			t.Errorf("value byte %#x: %v", b, valueByte[b])
		}
		if hostByte[b] != httpguts.ValidHostHeader(s) {
			t.Errorf("host byte %#x: %v", b, hostByte[b])
		}
	}
	for _, c := range []struct {
		head string
		end  int
	}{
		{"GET / HTTP/1.1\r\nHost: a\r\n\r\n", 27},
		{"GET / HTTP/1.1\r\nHost: a\r\n\r\nGET", 27},
		{"GET / HTTP/1.1\r\nHost: a\r\n", 0},
		{"GET / HTTP/1.1\r\nHost: a\r\n\r", 0},
		{"GET / HTTP/1.1\nHost: a\r\n\r\n", -1},
		{"GET / HTTP/1.1\r\nHost: a\r\n\n", -1},
		{"\n", -1},
		{"", 0},
	} {
		if got := headEnd([]byte(c.head)); got != c.end {
			t.Errorf("headEnd(%q) = %d, want %d", c.head, got, c.end)
		}
	}
}

// FuzzFastLane sends any bytes to both servers: the answers must be the
// same. The seeds are the requests of TestFastLaneLikeNetHTTP's kinds.
func FuzzFastLane(f *testing.F) {
	for _, seed := range []string{
		"GET /privacy HTTP/1.1\r\nHost: a\r\n\r\n",
		"HEAD /privacy HTTP/1.1\r\nHost: a\r\nAccept-Encoding: gzip;q=0.5, br;q=0.4\r\n\r\n",
		"GET /privacy HTTP/1.1\r\nhost:a\r\nconnection:keep-alive\r\n\r\nGET /privacy HTTP/1.1\r\nHost: a\r\nRange: bytes=1-2\r\n\r\n",
		"GET /web/nav.js?v=x HTTP/1.1\r\nHost: a\r\nSec-Fetch-Mode: no-cors\r\n\r\n",
		"GET /privacy HTTP/1.1\nHost: a\n\n",
		"GET /embed/privacy HTTP/1.1\r\nHost: a\r\nUser-Agent: a\r\n b\r\n\r\n",
	} {
		f.Add(seed)
	}
	p := openLanePair(f, Config{})
	f.Fuzz(func(t *testing.T, raw string) {
		diff, err := p.compare(raw)
		if err != nil {
			// A server that closes with bytes unread resets the
			// connection, and the answer may be lost in either: no
			// comparison.
			return
		}
		if diff != "" {
			t.Errorf("%q: %s", raw, diff)
		}
	})
}

// TestFastLaneStops closes the server with a fast-lane connection idle
// after a request, and another in the middle of sending one: Close
// closes the first at once, answers the second, then closes it.
func TestFastLaneStops(t *testing.T) {
	s, addr, _, _ := openServer(t, Config{Grace: 10 * time.Second})
	idle := dialSmall(t, addr)
	io.WriteString(idle, "GET /privacy HTTP/1.1\r\nHost: a\r\n\r\n")
	ir := bufio.NewReader(idle)
	res, err := http.ReadResponse(ir, nil)
	if err != nil || res.StatusCode != http.StatusOK {
		t.Fatalf("%v %v", res, err)
	}
	io.Copy(io.Discard, res.Body)
	busy := dialSmall(t, addr)
	io.WriteString(busy, "GET /privacy HTTP/1.1\r\n")
	for s.fast.answered.Load() < 1 {
		time.Sleep(time.Millisecond)
	}
	time.Sleep(50 * time.Millisecond) // for busy's bytes to arrive
	closed := make(chan error, 1)
	start := time.Now()
	go func() { closed <- s.Close() }()
	idle.SetReadDeadline(time.Now().Add(5 * time.Second))
	if b, err := ir.ReadByte(); err != io.EOF {
		t.Errorf("the idle connection: read %q, %v; want EOF", b, err)
	}
	if took := time.Since(start); took > 2*time.Second {
		t.Errorf("the idle connection was closed after %v", took)
	}
	io.WriteString(busy, "Host: a\r\n\r\n")
	busy.SetReadDeadline(time.Now().Add(5 * time.Second))
	br := bufio.NewReader(busy)
	res, err = http.ReadResponse(br, nil)
	if err != nil || res.StatusCode != http.StatusOK {
		t.Fatalf("the request sent while the server stopped: %v %v", res, err)
	}
	if b, err := io.ReadAll(res.Body); err != nil || len(b) == 0 {
		t.Fatalf("its body: %d bytes, %v", len(b), err)
	}
	if _, err := br.ReadByte(); err != io.EOF {
		t.Errorf("after the answer: %v, want EOF", err)
	}
	select {
	case err := <-closed:
		if err != nil {
			t.Errorf("Close = %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Close has not returned")
	}
}

// BenchmarkLoopback is requests of /privacy on 8 keep-alive connections
// over loopback, the client's work included: net/http (baseline), then the
// fast lane.
func BenchmarkLoopback(b *testing.B) {
	p := openLanePair(b, Config{})
	for _, lane := range []struct{ name, addr string }{{"baseline", p.slowAddr}, {"fastlane", p.fastAddr}} {
		b.Run(lane.name, func(b *testing.B) {
			const conns = 8
			conn := make(chan net.Conn, conns)
			for range conns {
				c, err := net.Dial("tcp", lane.addr)
				if err != nil {
					b.Fatal(err)
				}
				defer c.Close()
				conn <- c
			}
			req := []byte("GET /privacy HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: bench\r\nAccept-Encoding: br\r\n\r\n")
			b.SetParallelism(conns / runtime.GOMAXPROCS(0))
			b.ResetTimer()
			b.RunParallel(func(pb *testing.PB) {
				c := <-conn
				br := bufio.NewReaderSize(c, 64<<10)
				for pb.Next() {
					if _, err := c.Write(req); err != nil {
						b.Error(err)
						return
					}
					n := -1
					for {
						line, err := br.ReadSlice('\n')
						if err != nil {
							b.Error(err)
							return
						}
						if v, ok := bytes.CutPrefix(line, []byte("Content-Length: ")); ok {
							n, _ = strconv.Atoi(string(bytes.TrimSpace(v)))
						}
						if len(line) == 2 {
							break
						}
					}
					if _, err := br.Discard(n); err != nil {
						b.Error(err)
						return
					}
				}
			})
		})
	}
}
