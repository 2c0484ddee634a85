//go:build !wasm

package server

import (
	"bytes"
	"io"
	"sync"
	"time"
)

// LogWriter buffers a log's lines and writes them out in batches: every
// interval, when a batch reaches 32 KiB, and on Close. A request log writes
// a line per request; written one by one they cost a system call each,
// as much as the answer itself. Each Write is kept whole (slog's handlers
// write one record per call), so a reader of the log never sees half a
// line.
type LogWriter struct {
	mu   sync.Mutex
	out  io.Writer
	buf  bytes.Buffer
	done chan struct{}
	once sync.Once
}

// logBatch is the size at which a batch is written without waiting.
const logBatch = 32 << 10

// NewLogWriter returns a LogWriter to out that writes its batches at least
// every interval.
func NewLogWriter(out io.Writer, interval time.Duration) *LogWriter {
	w := &LogWriter{out: out, done: make(chan struct{})}
	go func() {
		t := time.NewTicker(interval)
		defer t.Stop()
		for {
			select {
			case <-w.done:
				return
			case <-t.C:
				w.Flush()
			}
		}
	}()
	return w
}

// Write adds p to the batch.
func (w *LogWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.buf.Write(p)
	if w.buf.Len() >= logBatch {
		return len(p), w.flushLocked()
	}
	return len(p), nil
}

// Flush writes the batch out.
func (w *LogWriter) Flush() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.flushLocked()
}

func (w *LogWriter) flushLocked() error {
	if w.buf.Len() == 0 {
		return nil
	}
	_, err := w.out.Write(w.buf.Bytes())
	w.buf.Reset()
	return err
}

// Close writes the batch out and stops the timer.
func (w *LogWriter) Close() error {
	w.once.Do(func() { close(w.done) })
	return w.Flush()
}
