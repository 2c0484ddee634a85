//go:build !wasm

package perf

import (
	"math"
	"testing"
	"time"
)

func TestMedian(t *testing.T) {
	tests := []struct {
		name string
		xs   []float64
		want float64
	}{
		{"one", []float64{3}, 3},
		{"odd", []float64{5, 1, 3}, 3},
		{"even", []float64{4, 1, 3, 2}, 2.5},
		{"repeated", []float64{2, 2, 9, 2}, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := append([]float64(nil), tt.xs...)
			if got := Median(tt.xs); got != tt.want {
				t.Errorf("Median(%v) = %v, want %v", in, got, tt.want)
			}
			for i := range in {
				if in[i] != tt.xs[i] {
					t.Fatalf("Median changed its input: %v, was %v", tt.xs, in)
				}
			}
		})
	}
	if got := Median(nil); !math.IsNaN(got) {
		t.Errorf("Median(nil) = %v, want NaN", got)
	}
}

func TestPercentile(t *testing.T) {
	var ds []time.Duration
	for i := 1; i <= 200; i++ {
		ds = append(ds, time.Duration(i)*time.Millisecond)
	}
	tests := []struct {
		p    float64
		want time.Duration
	}{
		{50, 100 * time.Millisecond},
		{99, 198 * time.Millisecond},
		{100, 200 * time.Millisecond},
		{0.1, 1 * time.Millisecond},
	}
	for _, tt := range tests {
		if got := Percentile(ds, tt.p); got != tt.want {
			t.Errorf("Percentile(1..200 ms, %v) = %v, want %v", tt.p, got, tt.want)
		}
	}
	if got := Percentile([]time.Duration{7}, 99); got != 7 {
		t.Errorf("Percentile of one value = %v, want it", got)
	}
	if got := Percentile(nil, 99); got != 0 {
		t.Errorf("Percentile(nil) = %v, want 0", got)
	}
}

func TestRatio(t *testing.T) {
	tests := []struct {
		name    string
		x, base float64
		want    string
	}{
		{"slower", 508, 216, "2.35×"},
		{"faster", 216, 432, "0.50×"},
		{"no base", 1, 0, "–"},
		{"missing", math.NaN(), 2, "–"},
	}
	for _, tt := range tests {
		if got := FormatRatio(Ratio(tt.x, tt.base)); got != tt.want {
			t.Errorf("%s: FormatRatio(Ratio(%v, %v)) = %q, want %q", tt.name, tt.x, tt.base, got, tt.want)
		}
	}
}

func TestBlockingTime(t *testing.T) {
	tasks := []Task{
		{Start: 100, Duration: 60},   // 10 ms blocking
		{Start: 400, Duration: 993},  // the mount's task: 943 ms, and the longest
		{Start: 1500, Duration: 200}, // after the mount: not counted
	}
	blocking, longest := BlockingTime(tasks, 1390)
	if blocking != 953 || longest != 993 {
		t.Errorf("BlockingTime = %v, %v; want 953, 993", blocking, longest)
	}
	if b, l := BlockingTime(nil, 1000); b != 0 || l != 0 {
		t.Errorf("BlockingTime of no tasks = %v, %v; want 0, 0", b, l)
	}
	v := &Visit{Mount: math.NaN(), LongTasks: tasks}
	if b, l := v.BlockingTime(); !math.IsNaN(b) || !math.IsNaN(l) {
		t.Errorf("BlockingTime of a visit that did not mount = %v, %v; want NaN", b, l)
	}
}
