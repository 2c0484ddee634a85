//go:build !wasm

package server

import (
	"bytes"
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
	// A full batch goes out at once, whole lines only.
	line := strings.Repeat("x", 1000) + "\n"
	for range logBatch/len(line) + 1 {
		w.Write([]byte(line))
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
