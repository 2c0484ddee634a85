//go:build !wasm

package perf

import (
	"os"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestParseStatusKB(t *testing.T) {
	status := "Name:\tpolicy\nVmPeak:\t 2000000 kB\nVmHWM:\t   90000 kB\nVmRSS:\t   68712 kB\nRssAnon:\t   40000 kB\n"
	for key, want := range map[string]int64{"VmRSS": 68712 * 1024, "VmHWM": 90000 * 1024} {
		if got, err := parseStatusKB([]byte(status), key); err != nil || got != want {
			t.Errorf("parseStatusKB(%s) = %d, %v; want %d", key, got, err, want)
		}
	}
	for _, bad := range []string{"Name:\tpolicy\n", "VmRSS:\t12 MB\n", "VmRSS:\tmany kB\n"} {
		if _, err := parseStatusKB([]byte(bad), "VmRSS"); err == nil {
			t.Errorf("parseStatusKB(%q): no error", bad)
		}
	}
}

func TestRSS(t *testing.T) {
	if _, err := os.Stat("/proc/self/status"); err != nil {
		t.Fatalf("no /proc: the load test reads the server's memory there (%v)", err)
	}
	n, err := RSS(os.Getpid())
	if err != nil || n < 1<<20 {
		t.Errorf("RSS of this process = %d, %v; want at least a megabyte", n, err)
	}
	if peak, err := PeakRSS(os.Getpid()); err != nil || peak < n {
		t.Errorf("PeakRSS of this process = %d, %v; want at least its RSS, %d", peak, err, n)
	}
}

func TestParseGCTrace(t *testing.T) {
	out := `gc 1 @0.018s 5%: 5.2+27+0.013 ms clock, 10+0/1.3/0+0.026 ms cpu, 9->9->7 MB, 9 MB goal, 0 MB stacks, 0 MB globals, 2 P
listening on http://127.0.0.1:18433 (build b0eea720ec9a83b5)
gc 7 @0.897s 4%: 14+3.9+0.034 ms clock, 28+0.33/1.0/0+0.068 ms cpu, 316->316->312 MB, 316 MB goal, 0 MB stacks, 0 MB globals, 2 P
gc 8 @41.5s 0%: 0.1+2+0.01 ms clock, 0.2+0/1/0+0.02 ms cpu, 624->630->14 MB, 632 MB goal, 0 MB stacks, 0 MB globals, 2 P (forced)
`
	want := []GC{
		{N: 1, At: 18 * time.Millisecond, Live: 7 << 20},
		{N: 7, At: 897 * time.Millisecond, Live: 312 << 20},
		{N: 8, At: 41500 * time.Millisecond, Live: 14 << 20},
	}
	if diff := cmp.Diff(want, ParseGCTrace(out)); diff != "" {
		t.Errorf("ParseGCTrace (-want +got):\n%s", diff)
	}
}

// TestServerOutput writes a server's output in pieces that split lines:
// the request log's lines, text and JSON, are left out, the others kept
// whole and in order.
func TestServerOutput(t *testing.T) {
	in := "listening on http://127.0.0.1:1 (build x)\n" +
		"time=1 level=INFO msg=request method=GET path=/privacy status=200\n" +
		"gc 1 @0.1s 2%: 0.1+1+0.1 ms clock, 4->4->1 MB, 4 MB goal, 2 P\n" +
		`{"time":"1","level":"INFO","msg":"request","method":"GET"}` + "\n" +
		"time=2 level=WARN msg=\"a request took long\"\n" +
		"no end"
	want := "listening on http://127.0.0.1:1 (build x)\n" +
		"gc 1 @0.1s 2%: 0.1+1+0.1 ms clock, 4->4->1 MB, 4 MB goal, 2 P\n" +
		"time=2 level=WARN msg=\"a request took long\"\n" +
		"no end"
	for _, size := range []int{1, 3, 7, 64, len(in)} {
		var o serverOutput
		for p := in; p != ""; {
			n := min(size, len(p))
			o.Write([]byte(p[:n]))
			p = p[n:]
		}
		if got := o.String(); got != want {
			t.Errorf("in pieces of %d bytes: got\n%s\nwant\n%s", size, got, want)
		}
	}
}
