//go:build !wasm

package browsertest

import (
	"context"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httputil"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"
)

// Front is a reverse proxy that a test keeps on one loopback address for
// its whole length, in front of the servers it starts: the browser's
// origin stays the same while the server behind it changes (version A,
// then version B) or goes away. A server restarted on the same port would
// need a port found free, closed and bound again, which races with every
// other program that listens meanwhile.
//
// The front passes requests and answers through unchanged: the Host
// header is the browser's, no X-Forwarded-* header is added and nothing is
// decompressed.
type Front struct {
	// URL is the front's base URL, such as http://127.0.0.1:43123.
	URL string

	srv *http.Server

	mu         sync.Mutex
	proxy      *httputil.ReverseProxy // nil when down
	badGateway bool
	transports []*http.Transport // of every Forward, closed at the end
}

// StartFront starts a front that is down (see Down) until Forward. It stops
// when the test ends.
func StartFront(t testing.TB) *Front {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("browsertest: %v", err)
	}
	f := &Front{URL: "http://" + ln.Addr().String()}
	f.srv = &http.Server{Handler: f, ReadHeaderTimeout: 10 * time.Second, ErrorLog: log.New(io.Discard, "", 0)}
	served := make(chan struct{})
	go func() {
		defer close(served)
		f.srv.Serve(ln)
	}()
	t.Cleanup(func() {
		f.srv.Close()
		<-served
		f.mu.Lock()
		defer f.mu.Unlock()
		for _, tr := range f.transports {
			tr.CloseIdleConnections()
		}
	})
	return f
}

// Forward sends every request from now on to the server at target: a base
// URL such as http://127.0.0.1:43123 (Server.URL), or unix:PATH for a
// server on a unix socket (Nginx.URL).
func (f *Front) Forward(target string) {
	tr := &http.Transport{DisableCompression: true, MaxIdleConnsPerHost: 16, IdleConnTimeout: 30 * time.Second}
	u := &url.URL{Scheme: "http", Host: "backend"}
	if path, ok := strings.CutPrefix(target, "unix:"); ok {
		tr.DialContext = func(ctx context.Context, _, _ string) (net.Conn, error) {
			var d net.Dialer
			return d.DialContext(ctx, "unix", path)
		}
	} else {
		var err error
		if u, err = url.Parse(target); err != nil {
			panic("browsertest: Forward(" + target + "): " + err.Error())
		}
	}
	proxy := &httputil.ReverseProxy{
		Rewrite: func(r *httputil.ProxyRequest) {
			r.SetURL(u)
			r.Out.Host = r.In.Host
		},
		Transport: tr,
		ErrorLog:  log.New(io.Discard, "", 0),
	}
	f.set(proxy, tr, false)
}

// Down makes the front answer as a server that is gone: every request
// from now on fails with a network error (the connection is closed with no
// answer), as a browser sees a server that is down, until Forward.
func (f *Front) Down() { f.set(nil, nil, false) }

// BadGateway makes the front answer every request from now on with 502
// Bad Gateway, as a reverse proxy does when the server behind it is down,
// until Forward.
func (f *Front) BadGateway() { f.set(nil, nil, true) }

func (f *Front) set(proxy *httputil.ReverseProxy, tr *http.Transport, badGateway bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, old := range f.transports {
		old.CloseIdleConnections()
	}
	f.proxy, f.badGateway = proxy, badGateway
	if tr != nil {
		f.transports = append(f.transports, tr)
	}
}

func (f *Front) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	proxy, badGateway := f.proxy, f.badGateway
	f.mu.Unlock()
	switch {
	case proxy != nil:
		proxy.ServeHTTP(w, r)
	case badGateway:
		http.Error(w, "502 bad gateway: the server is down", http.StatusBadGateway)
	default:
		panic(http.ErrAbortHandler) // the connection is closed, with no answer
	}
}
