//go:build !wasm

package server

import (
	"context"
	"io"
	"net"
	"sync"
)

// gatherListener gives the server connections that can gather the writes
// of a response's first piece into one system call (see gatherConn).
type gatherListener struct{ net.Listener }

func (l gatherListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if tc, ok := c.(*net.TCPConn); ok {
		return &gatherConn{TCPConn: tc}, nil
	}
	return c, err
}

// gatherConn is a server connection that, while a response's body is
// written (between hold and release), holds a write of up to heldMax bytes
// and sends it with the next one in a single writev. net/http buffers a
// response's head in a 4 KiB buffer: a body of more than that goes out in
// two writes, the full buffer (the head and the body's first bytes), then
// the rest. Two system calls and two packets, and the client wakes up for
// the first to find half a response. nginx sends head and body together.
//
// Only the goroutine that serves the connection writes to it: net/http
// writes a response from the goroutine that reads the request.
type gatherConn struct {
	*net.TCPConn
	replay  []byte // read by the fast lane and not answered: Read returns it first
	holding bool
	held    *[]byte // a write held back, from heldBuffers
	bufs    net.Buffers
}

// heldMax is the largest write held back: net/http's buffer of the
// connection is 4 KiB.
const heldMax = 4 << 10

var heldBuffers = sync.Pool{New: func() any { b := make([]byte, 0, heldMax); return &b }}

// connKey is the key of a request's gatherConn in its context.
type connKey struct{}

// connContext is the http.Server's ConnContext: it puts the connection in
// the context of its requests, for responseWriter.
func connContext(ctx context.Context, c net.Conn) context.Context {
	if gc, ok := c.(*gatherConn); ok {
		return context.WithValue(ctx, connKey{}, gc)
	}
	return ctx
}

// Read returns the bytes the fast lane handed over, then the connection's.
func (c *gatherConn) Read(p []byte) (int, error) {
	if len(c.replay) > 0 {
		n := copy(p, c.replay)
		c.replay = c.replay[n:]
		return n, nil
	}
	return c.TCPConn.Read(p)
}

// hold starts holding back a small write.
func (c *gatherConn) hold() { c.holding = true }

// release writes out the write held back, if any, and stops holding.
func (c *gatherConn) release() error {
	c.holding = false
	if c.held == nil {
		return nil
	}
	_, err := c.TCPConn.Write(*c.held)
	c.putHeld()
	return err
}

func (c *gatherConn) putHeld() {
	*c.held = (*c.held)[:0]
	heldBuffers.Put(c.held)
	c.held = nil
}

func (c *gatherConn) Write(p []byte) (int, error) {
	switch {
	case c.held != nil:
		// The held write and this one, in one system call.
		c.bufs = append(c.bufs[:0], *c.held, p)
		held := int64(len(*c.held))
		n, err := c.bufs.WriteTo(c.TCPConn)
		c.bufs = c.bufs[:0]
		c.putHeld()
		return int(max(n-held, 0)), err
	case c.holding && len(p) <= heldMax:
		c.held = heldBuffers.Get().(*[]byte)
		*c.held = append(*c.held, p...)
		return len(p), nil
	}
	return c.TCPConn.Write(p)
}

// ReadFrom is net.TCPConn's (sendfile, splice), after the write held back.
func (c *gatherConn) ReadFrom(r io.Reader) (int64, error) {
	if c.held != nil {
		if err := c.release(); err != nil {
			return 0, err
		}
		c.holding = true
	}
	return c.TCPConn.ReadFrom(r)
}
