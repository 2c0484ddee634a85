//go:build !wasm

package perf

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestParseWrk(t *testing.T) {
	tests := []struct {
		file string
		want *WrkResult
	}{
		{"wrk-ok.txt", &WrkResult{
			Requests: 127751, RequestsPerSec: 12648.62,
			P50: 173 * time.Microsecond, P99: 40470 * time.Microsecond,
		}},
		{"wrk-errors.txt", &WrkResult{
			Requests: 62366, RequestsPerSec: 29698.10,
			P50: 56 * time.Microsecond, P99: 1010 * time.Millisecond,
			Non2xx: 62366, SocketErrors: 16,
			SocketErrorLine: "Socket errors: connect 0, read 12, write 3, timeout 1",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			out, err := os.ReadFile(filepath.Join("testdata", tt.file))
			if err != nil {
				t.Fatal(err)
			}
			got, err := ParseWrk(string(out))
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("ParseWrk (-want +got):\n%s", diff)
			}
		})
	}
}

func TestParseWrkIncomplete(t *testing.T) {
	// Without --latency, wrk prints no percentiles.
	out := "Running 1s test @ http://127.0.0.1:1/\n  10 requests in 1.00s, 1KB read\nRequests/sec:     10.00\n"
	if _, err := ParseWrk(out); err == nil {
		t.Error("ParseWrk of a report without the latency distribution: no error")
	}
}

func TestParseWrkDuration(t *testing.T) {
	tests := map[string]time.Duration{
		"173.00us": 173 * time.Microsecond,
		"1.94ms":   1940 * time.Microsecond,
		"4.24s":    4240 * time.Millisecond,
		"1.50m":    90 * time.Second,
	}
	for in, want := range tests {
		got, err := parseWrkDuration(in)
		// Float arithmetic: within a nanosecond.
		if err != nil || got-want > 1 || want-got > 1 {
			t.Errorf("parseWrkDuration(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	if _, err := parseWrkDuration("12 ms"); err == nil {
		t.Error(`parseWrkDuration("12 ms"): no error`)
	}
}
