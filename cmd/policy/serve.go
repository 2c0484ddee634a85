//go:build !wasm

package main

// `policy serve`: the program around server.Server, which is only an
// http.Handler. It owns what belongs to a program: the listener, the
// http.Server and its timeouts, the signals, and a graceful stop.

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/seqeralabs/policy-widget/app/policy"
	"github.com/seqeralabs/policy-widget/app/server"
)

func runServe(docs []*policy.Document, args []string) error {
	fs := flag.NewFlagSet("serve", flag.ExitOnError)
	cfg := server.Config{Docs: docs}
	addr := fs.String("addr", envOr("POLICY_ADDR", "127.0.0.1:8000"), "address to listen on (env POLICY_ADDR)")
	listenFD := fs.Int("listen-fd", 0, "serve on the listening TCP socket that the process inherits as this file descriptor, such as 3, instead of listening on -addr: "+
		"the first socket of systemd's socket activation, or the first of exec.Cmd.ExtraFiles in Go (the tests hand over a socket they opened so)")
	site := siteFlags(fs, &cfg, "default: http://ADDR, where it listens, and then the pages name no canonical URL")
	grace := fs.String("grace", envOr("POLICY_GRACE", "30s"), "on SIGTERM or SIGINT, how long to let the requests in flight finish before cutting them (env POLICY_GRACE); a second signal cuts them at once. The exit status is 0 when none was cut, 1 otherwise")
	logFormat := fs.String("log-format", envOr("POLICY_LOG_FORMAT", "text"), "format of the log on stderr, one line per request: text or json (env POLICY_LOG_FORMAT)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return errors.New("serve takes no arguments besides flags")
	}
	if err := site(); err != nil {
		return err
	}
	if *listenFD > 0 {
		var both bool
		fs.Visit(func(f *flag.Flag) { both = both || f.Name == "addr" })
		if both {
			return errors.New("give -addr or -listen-fd, not both")
		}
	}
	gracePeriod, err := time.ParseDuration(*grace)
	if err != nil || gracePeriod <= 0 {
		return fmt.Errorf("-grace %q: want a positive duration such as 30s", *grace)
	}
	switch *logFormat {
	case "text":
		cfg.Log = slog.New(slog.NewTextHandler(os.Stderr, nil))
	case "json":
		cfg.Log = slog.New(slog.NewJSONHandler(os.Stderr, nil))
	default:
		return fmt.Errorf("-log-format %q: want text or json", *logFormat)
	}
	// A socket handed over listens already; -addr is listened on once the
	// policies have proved good.
	var ln net.Listener
	base := "http://" + *addr
	if *listenFD > 0 {
		if ln, err = inherited(*listenFD); err != nil {
			return err
		}
		defer ln.Close()
		base = "http://" + ln.Addr().String()
	}
	if cfg.BaseURL == "" {
		cfg.BaseURL, cfg.NoCanonical = base, true
	}
	s, err := server.New(cfg)
	if err != nil {
		return err
	}
	if ln == nil {
		if ln, err = net.Listen("tcp", *addr); err != nil {
			return err
		}
		defer ln.Close()
	}
	url := "http://" + ln.Addr().String()
	// Catch the signals before saying where it listens, so that a stop
	// right after start is graceful too.
	stop := make(chan os.Signal, 2)
	signal.Notify(stop, os.Interrupt, syscall.SIGTERM)
	return serveUntilStopped(ln, newHTTPServer(s, cfg.Log, defaultTimeouts), cfg.Log, gracePeriod, stop, func() {
		fmt.Printf("listening on %s (build %s)\n", url, s.Build())
	})
}

// inherited returns the listening socket that the process inherited as
// the file descriptor fd (-listen-fd).
func inherited(fd int) (net.Listener, error) {
	f := os.NewFile(uintptr(fd), "listen-fd")
	if f == nil {
		return nil, fmt.Errorf("-listen-fd %d: no such file descriptor", fd)
	}
	defer f.Close() // FileListener has its own copy
	ln, err := net.FileListener(f)
	if err != nil {
		return nil, fmt.Errorf("-listen-fd %d: %w", fd, err)
	}
	return ln, nil
}

// timeouts are those of the connections.
type timeouts struct {
	// readHeader bounds the time to read a request's headers, and a
	// request body, which the server never needs.
	readHeader time.Duration
	// write bounds the time a response may make no progress: when the
	// network takes nothing of a write within it, the connection is cut.
	// A large body that keeps moving, such as app.wasm on a slow phone,
	// is never cut, however long it takes (see progressWriter).
	write time.Duration
	// idle bounds the time a kept-alive connection waits for its next
	// request.
	idle time.Duration
}

var defaultTimeouts = timeouts{readHeader: 10 * time.Second, write: 30 * time.Second, idle: 120 * time.Second}

// httpServer is the http.Server of h, which counts the requests in
// flight and knows the connections that have sent no request yet.
type httpServer struct {
	*http.Server
	inFlight atomic.Int64

	mu       sync.Mutex
	fresh    map[net.Conn]bool // the connections in http.StateNew
	stopping bool
}

// connState keeps the connections that have sent no request yet, and
// closes one that the server accepted while stopping.
func (s *httpServer) connState(c net.Conn, state http.ConnState) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if state != http.StateNew {
		delete(s.fresh, c)
		return
	}
	if s.stopping {
		c.Close()
		return
	}
	s.fresh[c] = true
}

// closeFresh closes the connections that have sent no request yet (a
// browser's preconnection, say). Once the server stops, net/http would not
// serve their request anyway (it closes a connection whose request it
// reads after Shutdown began), but it waits 5 seconds before it closes one
// that sends nothing (golang/go#59037): a stop would take that long. It
// runs when Shutdown has closed the listener (RegisterOnShutdown).
func (s *httpServer) closeFresh() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.stopping = true
	for c := range s.fresh {
		c.Close()
	}
}

func newHTTPServer(h http.Handler, log *slog.Logger, t timeouts) *httpServer {
	s := &httpServer{fresh: make(map[net.Conn]bool)}
	s.Server = &http.Server{
		Handler:           s.handler(h, t),
		ConnState:         s.connState,
		ReadHeaderTimeout: t.readHeader,
		// No ReadTimeout: it would stay set while the response is
		// written, and cancel the request's context in the middle of a
		// long download. handler bounds the reading of a body instead.
		//
		// WriteTimeout sets the write deadline when a request has been
		// read; progressWriter moves it on before each piece of a body.
		WriteTimeout:   t.write,
		IdleTimeout:    t.idle,
		MaxHeaderBytes: 1 << 16,
		ErrorLog:       slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	s.RegisterOnShutdown(s.closeFresh)
	return s
}

// handler counts the requests in flight, bounds the reading of a request
// body and gives h a progressWriter.
func (s *httpServer) handler(h http.Handler, t timeouts) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.inFlight.Add(1)
		defer s.inFlight.Add(-1)
		rc := http.NewResponseController(w)
		if r.ContentLength != 0 {
			// The server answers without reading a body, and net/http
			// then discards it: not for longer than it waits for headers.
			rc.SetReadDeadline(time.Now().Add(t.readHeader))
		}
		h.ServeHTTP(&progressWriter{ResponseWriter: w, rc: rc, timeout: t.write}, r)
	})
}

// progressWriter writes a body in pieces of writeChunk bytes at most, and
// moves the connection's write deadline timeout away before each: a
// download that stalls is cut after timeout, one that keeps moving never
// is.
type progressWriter struct {
	http.ResponseWriter
	rc      *http.ResponseController
	timeout time.Duration
}

const writeChunk = 64 << 10

func (w *progressWriter) Write(p []byte) (int, error) {
	written := 0
	for len(p) > 0 {
		chunk := p[:min(len(p), writeChunk)]
		w.rc.SetWriteDeadline(time.Now().Add(w.timeout))
		n, err := w.ResponseWriter.Write(chunk)
		written += n
		if err != nil {
			return written, err
		}
		p = p[n:]
	}
	return written, nil
}

// ReadFrom copies r through Write with a buffer of a pool: http.ServeContent
// copies a body with io.Copy, which would allocate one per response.
func (w *progressWriter) ReadFrom(r io.Reader) (int64, error) {
	buf := copyBuffers.Get().(*[]byte)
	defer copyBuffers.Put(buf)
	return io.CopyBuffer(struct{ io.Writer }{w}, r, *buf)
}

var copyBuffers = sync.Pool{New: func() any { b := make([]byte, writeChunk); return &b }}

// Unwrap lets http.ResponseController reach the connection.
func (w *progressWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// serveUntilStopped serves s on ln, calls ready, and stops gracefully at
// the first value of stop (a signal) with http.Server.Shutdown: it stops
// listening and closes the idle kept-alive connections at once, and lets
// the requests in flight finish for up to grace, or until a second value
// of stop. A connection that has sent nothing yet, as a browser's
// preconnection, is closed at once (see closeFresh). It returns an error when it cut requests, or when serving failed.
func serveUntilStopped(ln net.Listener, s *httpServer, log *slog.Logger, grace time.Duration, stop <-chan os.Signal, ready func()) error {
	served := make(chan error, 1)
	go func() { served <- s.Serve(ln) }()
	ready()
	var sig os.Signal
	select {
	case sig = <-stop:
	case err := <-served:
		return err
	}
	log.Info("stopping", "signal", sig.String(), "grace", grace)
	if n := s.inFlight.Load(); n > 0 {
		log.Info("stopping: letting the requests in flight finish", "in_flight", n)
	}
	now, cutNow := context.WithCancelCause(context.Background())
	defer cutNow(nil)
	ctx, cancel := context.WithTimeoutCause(now, grace, fmt.Errorf("the grace period of %s is over", grace))
	defer cancel()
	go func() {
		select {
		case sig := <-stop:
			cutNow(fmt.Errorf("a second signal (%s) came", sig))
		case <-ctx.Done():
		}
	}()
	err := s.Shutdown(ctx)
	<-served // http.ErrServerClosed, at once
	if err == nil {
		return nil
	}
	n := s.inFlight.Load()
	s.Close()
	return fmt.Errorf("stopped with %d requests in flight cut: %w", n, context.Cause(ctx))
}
