//go:build !wasm

package server

import (
	"io"
	"sync"
	"sync/atomic"
	"time"
)

// LogWriter buffers a log's lines and writes them out in batches: every
// interval, when a batch reaches 32 KiB, and on Flush and Close. A request
// log writes a line per request; written one by one they cost a system
// call each, as much as the answer itself. Each Write is kept whole
// (slog's handlers write one record per call), so a reader of the log never
// sees half a line, and the lines go out in the order of the Writes.
//
// The batches are written by the LogWriter's own goroutine, not by the
// Write that fills one: slog's handlers call Write holding their mutex, so
// a request that wrote the log out would make every other request wait for
// the output, a pipe or a terminal that may be slow to read. A Write only
// waits when the output has fallen behind by 1 MiB.
type LogWriter struct {
	out  io.Writer
	mu   sync.Mutex // guards buf
	buf  []byte     // the batch being filled
	full chan struct{}

	// outMu is held while a batch is written out: one at a time, in the
	// order they were filled.
	outMu sync.Mutex
	spare []byte // the last batch's buffer, for the next; guarded by outMu
	err   error  // the first error of a write by the goroutine; guarded by outMu

	closed atomic.Bool
	done   chan struct{}
	once   sync.Once
}

// logBatch is the size at which a batch is written without waiting for the
// interval, and logMax the size at which a Write waits for the output.
const (
	logBatch = 32 << 10
	logMax   = 1 << 20
)

// NewLogWriter returns a LogWriter to out that writes its batches at least
// every interval.
func NewLogWriter(out io.Writer, interval time.Duration) *LogWriter {
	w := &LogWriter{out: out, full: make(chan struct{}, 1), done: make(chan struct{})}
	go func() {
		t := time.NewTicker(interval)
		defer t.Stop()
		for {
			select {
			case <-w.done:
				return
			case <-t.C:
			case <-w.full:
			}
			w.outMu.Lock()
			if err := w.writeBatch(); err != nil && w.err == nil {
				w.err = err
			}
			w.outMu.Unlock()
		}
	}()
	return w
}

// Write adds p to the batch. It writes the batch out itself only when the
// output has fallen behind by logMax, or after Close.
func (w *LogWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	w.buf = append(w.buf, p...)
	n := len(w.buf)
	w.mu.Unlock()
	switch {
	case n >= logMax || (n >= logBatch && w.closed.Load()):
		return len(p), w.Flush()
	case n >= logBatch:
		select {
		case w.full <- struct{}{}:
		default: // the goroutine has been told already
		}
	}
	return len(p), nil
}

// Flush writes out everything written before it was called.
func (w *LogWriter) Flush() error {
	w.outMu.Lock()
	defer w.outMu.Unlock()
	return w.writeBatch()
}

// writeBatch writes the batch out, with w.outMu held. The Writes fill a
// new batch meanwhile.
func (w *LogWriter) writeBatch() error {
	w.mu.Lock()
	batch := w.buf
	w.buf = w.spare[:0]
	w.mu.Unlock()
	if len(batch) == 0 {
		w.spare = batch
		return nil
	}
	_, err := w.out.Write(batch)
	// A batch that grew while the output was slow is not kept.
	w.spare = nil
	if cap(batch) <= 4*logBatch {
		w.spare = batch[:0]
	}
	return err
}

// Close writes the batch out and stops the goroutine. It returns the
// error of the last write, or else the first error of a write by the
// goroutine. Writes after Close still reach the output: the Write that
// fills a batch writes it out, and so does Flush.
func (w *LogWriter) Close() error {
	w.once.Do(func() {
		w.closed.Store(true)
		close(w.done)
	})
	w.outMu.Lock()
	defer w.outMu.Unlock()
	if err := w.writeBatch(); err != nil {
		return err
	}
	return w.err
}
