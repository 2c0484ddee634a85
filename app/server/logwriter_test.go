//go:build !wasm

package server

import (
	"bytes"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"
)

// lockedBuffer is a bytes.Buffer safe for the writer's goroutine.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

func TestLogWriter(t *testing.T) {
	var out lockedBuffer
	w := NewLogWriter(&out, time.Hour)
	w.Write([]byte("one\n"))
	w.Write([]byte("two\n"))
	if got := out.String(); got != "" {
		t.Errorf("written before a flush: %q", got)
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	if got := out.String(); got != "one\ntwo\n" {
		t.Errorf("after Flush: %q", got)
	}
	// A full batch goes out at once, without Flush (the interval is an
	// hour), whole lines only.
	line := strings.Repeat("x", 1000) + "\n"
	for range logBatch/len(line) + 1 {
		w.Write([]byte(line))
	}
	for deadline := time.Now().Add(5 * time.Second); len(out.String()) <= len("one\ntwo\n") && time.Now().Before(deadline); {
		time.Sleep(time.Millisecond)
	}
	if got := out.String(); len(got) <= len("one\ntwo\n") || !strings.HasSuffix(got, "\n") {
		t.Errorf("a full batch was not written whole: %d bytes", len(got))
	}
	w.Write([]byte("last\n"))
	w.Close()
	if got := out.String(); !strings.HasSuffix(got, "last\n") {
		t.Errorf("Close did not write the batch: ...%q", got[max(0, len(got)-20):])
	}

	// The timer writes a batch without Flush.
	var timed lockedBuffer
	w = NewLogWriter(&timed, 10*time.Millisecond)
	defer w.Close()
	w.Write([]byte("soon\n"))
	deadline := time.Now().Add(5 * time.Second)
	for timed.String() == "" && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	if got := timed.String(); got != "soon\n" {
		t.Errorf("after the interval: %q", got)
	}
}

// blockedWriter is an output that takes nothing until it is released, like
// a pipe that nobody reads.
type blockedWriter struct {
	lockedBuffer
	release chan struct{}
	writing chan struct{} // receives when a write starts
}

func (b *blockedWriter) Write(p []byte) (int, error) {
	select {
	case b.writing <- struct{}{}:
	default:
	}
	<-b.release
	return b.lockedBuffer.Write(p)
}

// TestLogWriterSlowOutput checks that the Writes, which slog's handlers
// make holding their mutex, do not wait for a slow output while it is less
// than logMax behind, that they do once it is, and that the lines go out
// whole and in order.
func TestLogWriterSlowOutput(t *testing.T) {
	out := &blockedWriter{release: make(chan struct{}), writing: make(chan struct{}, 1)}
	w := NewLogWriter(out, time.Hour)
	var want strings.Builder
	n := 0
	write := func() {
		line := fmt.Sprintf("line %d %s\n", n, strings.Repeat("x", 200))
		n++
		want.WriteString(line)
		w.Write([]byte(line))
	}
	// A full batch: the goroutine starts writing it, and blocks.
	for want.Len() < logBatch {
		write()
	}
	select {
	case <-out.writing:
	case <-time.After(5 * time.Second):
		t.Fatal("a full batch was not written")
	}
	// The Writes go on while the output is blocked, up to logMax.
	done := make(chan struct{})
	go func() {
		defer close(done)
		for want.Len() < logMax-logBatch/2 {
			write()
		}
	}()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("Write waits for a blocked output")
	}
	// Beyond logMax, a Write waits for the output.
	go func() {
		defer close(out.release)
		for want.Len() < logMax+logBatch {
			write()
		}
	}()
	select {
	case <-out.release:
		t.Fatal("Write keeps more than logMax while the output is blocked")
	case <-time.After(100 * time.Millisecond):
	}
	out.release <- struct{}{} // the goroutine's batch
	out.release <- struct{}{} // the batch of the Write that waits
	<-out.release             // the Writes are done
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if got := out.String(); got != want.String() {
		t.Errorf("the output is not the lines written, in order: %d bytes, want %d", len(got), want.Len())
	}
}
