//go:build !wasm

package server

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"net/url"
	"runtime/debug"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"golang.org/x/net/http/httpguts"
)

// The fast lane answers the requests that make up nearly all of the
// server's traffic, a plain GET or HEAD of a page or file held in memory,
// without net/http, and hands every other connection to net/http.
//
// Why: net/http parses each request into an http.Request with a header
// map, a URL and a context, and spends several times the CPU of nginx on
// each, so that the server reached 0.7–0.8× nginx's requests/s on the same
// bytes, however its handlers were trimmed (see the README's Performance
// section). The answers to these requests are fixed once the server has
// started: only the Date header and the choice of encoding vary.
//
// How it stays correct: the lane reads a connection's requests itself and
// answers one only when it is sure of the answer, byte for byte what
// net/http and the handlers would send (fastAnswer is made by running them
// at start). A request is taken only when its request line is exactly
// "GET <target> HTTP/1.1" or "HEAD <target> HTTP/1.1", its target is one of
// the table's (a page or file, with no query but ?v=<version> for the
// files that take one), it has one valid Host, every header is well formed
// and of a kind that changes nothing in the answer (fastHeaders), at most
// one Accept-Encoding that the asset can satisfy, and Connection, if any,
// is keep-alive. Anything else (a conditional or range request, a body, a
// header of another kind, a request head that does not fit the buffer, a
// bare LF, HTTP/1.0, a request for the API or a 404) hands the
// connection, with the bytes read and not yet answered, to net/http, which
// serves it from then on. TestFastLaneLikeNetHTTP and FuzzFastLane compare
// the two, byte for byte, on the same requests.
//
// The lane keeps net/http's timeouts (IdleTimeout between requests,
// ReadHeaderTimeout for a request head, WriteTimeout per chunk of a body,
// as responseWriter does), logs each request as observe does, and takes
// part in the graceful stop (see fastLane.shutdown).

// fastAnswer is the answer to one method and representation of a target:
// the status line and headers as net/http writes them, without the Date
// header that net/http adds last, and the body (none for HEAD).
type fastAnswer struct {
	head []byte
	body []byte
	file int // the body's index in fastTable.files, -1 when it is sent from memory
}

// fastTable is the fast lane's table: the answers by request target, and
// the bodies that Linux sends from a memory file (bodyFile), each once.
type fastTable struct {
	targets map[string]*fastTarget
	files   [][]byte
}

// minSendfile is the size from which a body is sent with sendfile.
const minSendfile = 16 << 10

// fastTarget is a request target that the lane answers, and its answers by
// method and representation.
type fastTarget struct {
	asset *asset
	path  string // the path as observe logs it (without the query)
	get   map[*representation]*fastAnswer
	head  map[*representation]*fastAnswer
}

// fastTargets makes the lane's table: every page, file and embed page,
// under the site's prefix and without it (canonical accepts both), and the
// files that take ?v=<version> with it too. Each answer is made by running
// handler, the site's handler behind observe, on the request; a target
// whose answer is not its asset's (routing that this enumeration does not
// foresee) is left to net/http.
func (s *Server) fastTargets(handler http.Handler) *fastTable {
	type entry struct {
		a         *asset
		versioned bool
	}
	assets := map[string]entry{}
	for p, a := range s.pages {
		assets[p] = entry{a, slices.Contains(generated, p)}
	}
	for p, a := range s.static {
		assets[p] = entry{a, true}
	}
	for p, a := range s.embed.pages {
		assets[p] = entry{a, false}
	}
	if s.embed.script != nil {
		assets[embedScript] = entry{s.embed.script, false}
	}
	prefixes := []string{""}
	if s.cfg.Prefix != "" {
		prefixes = append(prefixes, s.cfg.Prefix)
	}
	table := &fastTable{targets: map[string]*fastTarget{}}
	files := map[*representation]int{}
	for p, e := range assets {
		if (&url.URL{Path: p}).EscapedPath() != p {
			continue // a path that needs escaping: net/http unescapes it
		}
		for _, prefix := range prefixes {
			targets := []string{prefix + p}
			if e.versioned {
				targets = append(targets, prefix+p+"?v="+s.version)
			}
			for _, target := range targets {
				if t, ok := fastTargetOf(handler, target, prefix+p, e.a); ok {
					table.targets[target] = t
					for rep, a := range t.get {
						if len(a.body) < minSendfile {
							continue
						}
						i, ok := files[rep]
						if !ok {
							i = len(table.files)
							files[rep] = i
							table.files = append(table.files, rep.body)
						}
						a.file = i
					}
				}
			}
		}
	}
	return table
}

// fastTargetOf runs handler on a GET and a HEAD of target in each
// representation of a, and reports whether every answer is a's 200.
func fastTargetOf(handler http.Handler, target, path string, a *asset) (*fastTarget, bool) {
	a.compress()
	t := &fastTarget{asset: a, path: path,
		get: map[*representation]*fastAnswer{}, head: map[*representation]*fastAnswer{}}
	reps := map[string]*representation{"identity": &a.identity}
	if a.gz.body != nil {
		reps["gzip"], reps["br"] = &a.gz, &a.br
	}
	u, err := url.ParseRequestURI(target)
	if err != nil {
		return nil, false
	}
	for coding, rep := range reps {
		for _, method := range []string{http.MethodGet, http.MethodHead} {
			uc := *u // a handler may change its request's URL
			r := &http.Request{
				Method: method, URL: &uc, RequestURI: target, Host: "fast-lane",
				Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1,
				Header:     http.Header{"Accept-Encoding": {coding}},
				RemoteAddr: "127.0.0.1:1",
			}
			rec := &fastRecorder{header: http.Header{}}
			if method == http.MethodGet {
				rec.want = rep.body
			}
			handler.ServeHTTP(rec, r)
			h := rec.header
			if rec.status != http.StatusOK || h.Get("Etag") != rep.etag ||
				h.Get("Content-Length") != strconv.Itoa(len(rep.body)) || h.Get("Content-Encoding") != rep.encoding ||
				h.Get("Content-Type") == "" || h.Get("Date") != "" || h.Get("Connection") != "" || h.Get("Transfer-Encoding") != "" {
				return nil, false
			}
			var head bytes.Buffer
			head.WriteString("HTTP/1.1 200 OK\r\n")
			h.Write(&head) // sorted by name, as net/http writes a handler's headers
			if rec.differs || rec.written != len(rec.want) {
				return nil, false
			}
			if method == http.MethodGet {
				t.get[rep] = &fastAnswer{head: head.Bytes(), body: rep.body, file: -1}
			} else {
				t.head[rep] = &fastAnswer{head: head.Bytes(), file: -1}
			}
		}
	}
	return t, true
}

// fastRecorder records an answer of the handler: its status and header,
// and the size of its body, which it compares with want as it is written
// (without want, it only counts it).
type fastRecorder struct {
	header  http.Header
	status  int
	want    []byte
	written int
	differs bool
}

func (r *fastRecorder) Header() http.Header { return r.header }

func (r *fastRecorder) WriteHeader(status int) {
	if r.status == 0 {
		r.status = status
	}
}

func (r *fastRecorder) Write(p []byte) (int, error) {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	if end := r.written + len(p); end > len(r.want) || !bytes.Equal(r.want[r.written:end], p) {
		r.differs = true
	}
	r.written += len(p)
	return len(p), nil
}

// fastHeaders are the request headers, by lower-case name, that the lane
// accepts: none of them changes the answer of a page or file (the handlers
// read Accept-Encoding, Range, the If- headers, Origin and the CORS
// preflight's; net/http reads Host, Connection, Expect, Content-Length and
// Transfer-Encoding). Names that start with "sec-fetch-" or "sec-ch-" are
// accepted too. Any other header sends the connection to net/http.
var fastHeaders = map[string]fastHeader{
	"host":                      headerHost,
	"accept-encoding":           headerAcceptEncoding,
	"connection":                headerConnection,
	"user-agent":                headerIgnored,
	"accept":                    headerIgnored,
	"accept-language":           headerIgnored,
	"cache-control":             headerIgnored,
	"pragma":                    headerIgnored,
	"referer":                   headerIgnored,
	"cookie":                    headerIgnored,
	"dnt":                       headerIgnored,
	"sec-gpc":                   headerIgnored,
	"priority":                  headerIgnored,
	"purpose":                   headerIgnored,
	"sec-purpose":               headerIgnored,
	"upgrade-insecure-requests": headerIgnored,
	"x-forwarded-for":           headerIgnored,
	"x-forwarded-proto":         headerIgnored,
	"x-forwarded-host":          headerIgnored,
	"x-real-ip":                 headerIgnored,
	"forwarded":                 headerIgnored,
	"via":                       headerIgnored,
}

type fastHeader uint8

const (
	headerIgnored fastHeader = iota + 1
	headerHost
	headerAcceptEncoding
	headerConnection
)

// The bytes that net/http accepts in a header's name (a token), in its
// value, and in Host, from the functions it uses.
var tokenByte, valueByte, hostByte = func() (token, value, host [256]bool) {
	for b := range 256 {
		s := string([]byte{byte(b)})
		token[b] = b < 128 && httpguts.IsTokenRune(rune(b))
		value[b] = httpguts.ValidHeaderFieldValue(s)
		host[b] = httpguts.ValidHostHeader(s)
	}
	return
}()

// fastLane serves the connections of a listener: the plain requests
// itself, each other connection through handoff, the listener that
// net/http serves.
type fastLane struct {
	s  *Server
	ln net.Listener

	handoff   chan net.Conn
	closed    chan struct{} // closed when net/http closes its listener
	closeOnce sync.Once

	mu       sync.Mutex
	conns    map[*fastConn]struct{}
	shutting atomic.Bool
	wg       sync.WaitGroup

	answered atomic.Int64 // requests answered by the lane, for tests

	files        atomic.Pointer[laneFiles] // once loaded; nil without sendfile
	filesLoaded  chan struct{}             // closed when loadFiles is done
	releaseFiles sync.Once
}

// laneFiles is the memory file of the table's large bodies (Linux), and
// their offsets in it, by fastAnswer.file.
type laneFiles struct {
	file    *bodyFile
	offsets []int64
}

// loadFiles writes the table's large bodies into a memory file, once the
// table is made. Until then, or where there is none, bodies are written
// from memory.
func (f *fastLane) loadFiles() {
	defer close(f.filesLoaded)
	<-f.s.fastReady
	table := f.s.fastTable.Load()
	file, err := newBodyFile()
	if err != nil {
		return
	}
	lf := &laneFiles{file: file, offsets: make([]int64, len(table.files))}
	for i, b := range table.files {
		if lf.offsets[i], err = file.add(b); err != nil {
			f.s.cfg.Log.Warn("the fast lane writes its bodies from memory", "err", err)
			file.close()
			return
		}
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.shutting.Load() {
		file.close()
		return
	}
	f.files.Store(lf)
	// The start-up's garbage (compressing every page and file) is freed
	// now: the lane allocates so little that the next collection could
	// be the one the runtime forces after two minutes, and the process
	// would hold 100 MB more until then.
	debug.FreeOSMemory()
}

// release closes the memory file once no connection of the lane is left:
// a file descriptor closed under a sendfile could be reused by another
// file meanwhile.
func (f *fastLane) release() {
	f.releaseFiles.Do(func() {
		go func() {
			f.wg.Wait()
			if lf := f.files.Load(); lf != nil {
				lf.file.close()
			}
		}()
	})
}

func newFastLane(s *Server, ln net.Listener) *fastLane {
	return &fastLane{
		s: s, ln: ln,
		handoff: make(chan net.Conn), closed: make(chan struct{}), filesLoaded: make(chan struct{}),
		conns: map[*fastConn]struct{}{},
	}
}

// listener returns the listener that net/http serves: the connections
// that the lane hands over.
func (f *fastLane) listener() net.Listener { return handoffListener{f} }

type handoffListener struct{ f *fastLane }

func (l handoffListener) Accept() (net.Conn, error) {
	select {
	case c := <-l.f.handoff:
		return c, nil
	case <-l.f.closed:
		return nil, net.ErrClosed
	}
}

// Close is called by net/http's Shutdown and Close: the lane has stopped
// accepting by then (fastLane.shutdown), or stops now.
func (l handoffListener) Close() error {
	l.f.closeOnce.Do(func() { close(l.f.closed) })
	l.f.ln.Close()
	return nil
}

func (l handoffListener) Addr() net.Addr { return l.f.ln.Addr() }

// serve accepts connections until the listener is closed. An error such as
// too many open files is retried after a pause, as net/http does.
func (f *fastLane) serve() {
	var pause time.Duration
	for {
		c, err := f.ln.Accept()
		if err != nil {
			if errors.Is(err, net.ErrClosed) || f.shutting.Load() {
				return
			}
			pause = min(max(2*pause, 5*time.Millisecond), time.Second)
			f.s.cfg.Log.Warn("accepting a connection failed; retrying", "err", err, "in", pause)
			select {
			case <-time.After(pause):
			case <-f.closed:
				return
			}
			continue
		}
		pause = 0
		tc, ok := c.(*net.TCPConn)
		if !ok {
			f.handOver(c)
			continue
		}
		fc := &fastConn{f: f, c: &gatherConn{TCPConn: tc}}
		if !f.track(fc) {
			c.Close()
			continue
		}
		go fc.serve()
	}
}

// handOver gives c to net/http, or closes it once net/http has stopped.
func (f *fastLane) handOver(c net.Conn) {
	select {
	case f.handoff <- c:
	case <-f.closed:
		c.Close()
	}
}

func (f *fastLane) track(fc *fastConn) bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.shutting.Load() {
		return false
	}
	f.conns[fc] = struct{}{}
	f.wg.Add(1)
	return true
}

func (f *fastLane) untrack(fc *fastConn) {
	f.mu.Lock()
	delete(f.conns, fc)
	f.mu.Unlock()
	f.wg.Done()
}

// shutdown stops accepting, closes the connections that wait for a
// request, and waits for the others to finish the request they are
// reading or answering (and then close, or move to net/http, which is
// still serving) until ctx is done; then it returns ctx's cause, and the
// caller cuts them with close.
func (f *fastLane) shutdown(ctx context.Context) error {
	f.shutting.Store(true)
	f.ln.Close()
	f.mu.Lock()
	for fc := range f.conns {
		fc.wake()
	}
	f.mu.Unlock()
	done := make(chan struct{})
	go func() { f.wg.Wait(); close(done) }()
	select {
	case <-done:
		f.release()
		return nil
	case <-ctx.Done():
		return context.Cause(ctx) // the caller counts them, then closes them
	}
}

// close stops accepting and closes every connection of the lane.
func (f *fastLane) close() {
	f.shutting.Store(true)
	f.ln.Close()
	f.mu.Lock()
	for fc := range f.conns {
		fc.c.Close()
	}
	f.mu.Unlock()
	f.release()
}

// fastConnBuffer is the size of a connection's read buffer: a request head
// that does not fit goes to net/http (MaxHeaderBytes is 64 KiB). Browsers
// send 0.5 to 2 kB.
const fastConnBuffer = 4 << 10

// fastConn is one connection of the lane.
type fastConn struct {
	f *fastLane
	c *gatherConn

	mu   sync.Mutex // guards idle and the read deadline against wake
	idle bool       // waiting for a request's first bytes

	buf    []byte // buf[r:w] is read and not yet answered
	r, w   int
	remote string

	rc    syscall.RawConn // for sendfile
	ae    []byte          // the last Accept-Encoding value
	prefs acceptEncoding  // ae, parsed
	out   []byte          // a response's head
	bufs  net.Buffers
}

// errHandOver stops serving a connection on the lane.
var errHandOver = errors.New("handed over to net/http")

func (fc *fastConn) serve() {
	defer fc.f.untrack(fc)
	fc.buf = make([]byte, fastConnBuffer)
	fc.remote = fc.c.RemoteAddr().String()
	fc.rc, _ = fc.c.TCPConn.SyscallConn()
	err := fc.loop()
	if err != errHandOver {
		fc.c.Close()
		return
	}
	// net/http reads what the lane has read and not answered first, and
	// sets its own deadlines.
	fc.c.replay = slices.Clone(fc.buf[fc.r:fc.w])
	fc.c.SetDeadline(time.Time{})
	fc.f.handOver(fc.c)
}

// wake makes a connection that waits for a request stop waiting; called
// with the lane shutting.
func (fc *fastConn) wake() {
	fc.mu.Lock()
	defer fc.mu.Unlock()
	if fc.idle {
		fc.c.SetReadDeadline(time.Unix(1, 0))
	}
}

// wait marks the connection as waiting for a request's first bytes until
// deadline, unless the lane is shutting. A new connection's wait for its
// first request is not idle: as net/http, the lane lets it send the
// request while it stops.
func (fc *fastConn) wait(deadline time.Time, first bool) bool {
	fc.mu.Lock()
	defer fc.mu.Unlock()
	if fc.f.shutting.Load() && !first {
		return false
	}
	fc.idle = !first
	fc.c.SetReadDeadline(deadline)
	return true
}

// active marks the connection as busy with a request, and, when more of
// its head is to be read, sets the read deadline.
func (fc *fastConn) active(deadline time.Time, read bool) {
	fc.mu.Lock()
	defer fc.mu.Unlock()
	fc.idle = false
	if read {
		fc.c.SetReadDeadline(deadline)
	}
}

// fill reads more of the connection into buf.
func (fc *fastConn) fill() error {
	if fc.r > 0 {
		fc.w = copy(fc.buf, fc.buf[fc.r:fc.w])
		fc.r = 0
	}
	n, err := fc.c.TCPConn.Read(fc.buf[fc.w:])
	fc.w += n
	if n > 0 {
		return nil
	}
	if err == nil {
		err = errors.New("empty read")
	}
	return err
}

// loop answers the connection's requests until it ends, or one needs
// net/http (errHandOver).
func (fc *fastConn) loop() error {
	cfg := &fc.f.s.cfg
	// As net/http: a connection's first request head must arrive within
	// ReadHeaderTimeout of the connection; each later one may wait
	// IdleTimeout for its first four bytes, then has ReadHeaderTimeout.
	accepted := time.Now()
	for first := true; ; first = false {
		deadline := accepted.Add(cfg.ReadHeaderTimeout)
		if !first {
			deadline = time.Now().Add(cfg.IdleTimeout)
		}
		if fc.r == fc.w || !first && fc.w-fc.r < 4 {
			if !fc.wait(deadline, first) {
				return net.ErrClosed
			}
			for fc.r == fc.w || !first && fc.w-fc.r < 4 {
				if err := fc.fill(); err != nil {
					// Nothing, or less than four bytes after a request:
					// net/http closes the connection without a word.
					return err
				}
			}
		}
		start := time.Now()
		if !first {
			deadline = start.Add(cfg.ReadHeaderTimeout)
		}
		// A head that came whole needs no read deadline: the next wait
		// sets one.
		end := headEnd(fc.buf[fc.r:fc.w])
		fc.active(deadline, end == 0)
		for end == 0 {
			if fc.r == 0 && fc.w == len(fc.buf) {
				return errHandOver // a long head: net/http reads it
			}
			if err := fc.fill(); err != nil {
				if err == io.EOF {
					// A request cut short: net/http answers 400.
					return errHandOver
				}
				return err // a timeout or a reset: net/http closes too
			}
			end = headEnd(fc.buf[fc.r:fc.w])
		}
		if end < 0 {
			return errHandOver
		}
		req, ok := fc.parse(fc.buf[fc.r : fc.r+end])
		if !ok {
			return errHandOver
		}
		fc.r += end
		if err := fc.answer(req, start); err != nil {
			return err
		}
	}
}

// headEnd returns the length of the request head at the start of b, up to
// and with its empty line; 0 when b does not hold all of it, and -1 when
// its lines do not all end in CRLF (net/http takes a bare LF).
func headEnd(b []byte) int {
	for i := 0; ; {
		j := bytes.IndexByte(b[i:], '\n')
		if j < 0 {
			return 0
		}
		i += j
		if i == 0 || b[i-1] != '\r' {
			return -1
		}
		if i >= 3 && b[i-2] == '\n' && b[i-3] == '\r' {
			return i + 1
		}
		i++
	}
}

// parse returns the answer to a request head, or false when the request is
// not one for the lane.
func (fc *fastConn) parse(head []byte) (req fastRequest, ok bool) {
	line, rest, _ := bytes.Cut(head, []byte("\r\n"))
	switch {
	case bytes.HasPrefix(line, []byte("GET ")):
		req.method, line = http.MethodGet, line[4:]
	case bytes.HasPrefix(line, []byte("HEAD ")):
		req.method, line = http.MethodHead, line[5:]
	default:
		return req, false
	}
	target, proto, _ := bytes.Cut(line, []byte(" "))
	if string(proto) != "HTTP/1.1" {
		return req, false
	}
	table := fc.f.s.fastTable.Load()
	if table == nil {
		return req, false // the table is being made
	}
	t := table.targets[string(target)]
	if t == nil {
		return req, false
	}
	hosts := 0
	var ae []byte
	aes := 0
	var name [40]byte
	for len(rest) > 2 {
		line, rest, _ = bytes.Cut(rest, []byte("\r\n"))
		colon := bytes.IndexByte(line, ':')
		if colon <= 0 || colon > len(name) {
			return req, false
		}
		for i, b := range line[:colon] {
			if !tokenByte[b] {
				return req, false
			}
			if 'A' <= b && b <= 'Z' {
				b += 'a' - 'A'
			}
			name[i] = b
		}
		value := bytes.Trim(line[colon+1:], " \t")
		for _, b := range value {
			if !valueByte[b] {
				return req, false
			}
		}
		n := name[:colon]
		kind := fastHeaders[string(n)]
		if kind == 0 && (bytes.HasPrefix(n, []byte("sec-fetch-")) || bytes.HasPrefix(n, []byte("sec-ch-"))) {
			kind = headerIgnored
		}
		switch kind {
		case headerHost:
			hosts++
			for _, b := range value {
				if !hostByte[b] {
					return req, false
				}
			}
		case headerAcceptEncoding:
			aes++
			ae = value
		case headerConnection:
			if !bytes.EqualFold(value, []byte("keep-alive")) {
				return req, false
			}
		case headerIgnored:
		default:
			return req, false
		}
	}
	if hosts != 1 || aes > 1 {
		return req, false
	}
	prefs := acceptEncoding{}
	if aes == 1 {
		if !bytes.Equal(ae, fc.ae) || fc.ae == nil {
			fc.ae = append(fc.ae[:0:0], ae...)
			fc.prefs = parseAcceptEncoding([]string{string(ae)})
		}
		prefs = fc.prefs
	}
	rep, ok := t.asset.choose(prefs)
	if !ok {
		return req, false // 406, from net/http
	}
	answers := t.get
	if req.method == http.MethodHead {
		answers = t.head
	}
	req.answer, req.path = answers[rep], t.path
	return req, req.answer != nil
}

// fastRequest is a request that the lane answers.
type fastRequest struct {
	method, path string
	answer       *fastAnswer
}

// answer writes the answer to req, read at start, and logs it as observe
// does.
func (fc *fastConn) answer(req fastRequest, start time.Time) error {
	s := fc.f.s
	s.inFlight.Add(1)
	defer s.inFlight.Add(-1)
	fc.out = append(append(append(fc.out[:0], req.answer.head...), "Date: "...), httpDate(start)...)
	fc.out = append(fc.out, "\r\n\r\n"...)
	// The body in chunks that each get WriteTimeout, as responseWriter
	// writes them, the head with the first: from the memory file when
	// the body is there, else from memory.
	var lf *laneFiles
	if req.answer.file >= 0 && fc.rc != nil {
		lf = fc.f.files.Load()
	}
	body, head := req.answer.body, fc.out
	var written int
	err := fc.c.SetWriteDeadline(start.Add(s.cfg.WriteTimeout))
	for err == nil && (head != nil || written < len(body)) {
		if head == nil {
			fc.c.SetWriteDeadline(time.Now().Add(s.cfg.WriteTimeout))
		}
		chunk := min(len(body)-written, writeChunk)
		var n int
		if lf != nil {
			n, err = lf.file.sendfile(fc.rc, head, lf.offsets[req.answer.file]+int64(written), chunk)
		} else {
			fc.bufs = append(fc.bufs[:0], head, body[written:written+chunk])
			var m int64
			m, err = fc.bufs.WriteTo(fc.c.TCPConn)
			n = max(int(m)-len(head), 0)
		}
		written += n
		head = nil
	}
	fc.f.answered.Add(1)
	s.logRequest(context.Background(), req.method, req.path, http.StatusOK, int64(written), time.Since(start), fc.remote, err)
	return err
}

// httpDate returns t as the Date header's value, made once a second.
func httpDate(t time.Time) []byte {
	sec := t.Unix()
	if d := lastDate.Load(); d != nil && d.sec == sec {
		return d.value
	}
	d := &dateValue{sec: sec, value: t.UTC().AppendFormat(nil, http.TimeFormat)}
	lastDate.Store(d)
	return d.value
}

type dateValue struct {
	sec   int64
	value []byte
}

var lastDate atomic.Pointer[dateValue]
