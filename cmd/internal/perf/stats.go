//go:build !wasm

// Package perf is the machinery of the widget's performance harness
// (cmd/bench and cmd/loadtest): it starts the servers to compare (the
// widget, the floor app, nginx), drives cold and warm page loads in
// Chromium with a fresh profile each and reads their timings, counts the
// requests of a visit from Chromium's net log, runs HTTP load with wrk or
// its own generator, and computes the medians, percentiles and ratios the
// programs print.
//
// Timings are only ever reported as ratios against a baseline measured in
// the same run: the machines here are shared and noisy.
package perf

import (
	"fmt"
	"math"
	"slices"
	"time"
)

// Median returns the median of xs, the mean of the two middle values when
// len(xs) is even, or NaN when xs is empty. It does not change xs.
func Median(xs []float64) float64 {
	if len(xs) == 0 {
		return math.NaN()
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	n := len(s)
	if n%2 == 1 {
		return s[n/2]
	}
	return (s[n/2-1] + s[n/2]) / 2
}

// Percentile returns the p-th percentile (0 < p ≤ 100) of the sorted
// durations by the nearest-rank method: the smallest value that at least p
// percent of the values do not exceed. It returns 0 for no values.
func Percentile(sorted []time.Duration, p float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	rank := int(math.Ceil(p / 100 * float64(len(sorted))))
	rank = max(1, min(rank, len(sorted)))
	return sorted[rank-1]
}

// Ratio returns x / base, or NaN when base is zero or either is NaN.
func Ratio(x, base float64) float64 {
	if base == 0 || math.IsNaN(base) || math.IsNaN(x) {
		return math.NaN()
	}
	return x / base
}

// FormatRatio writes a ratio as "2.35×", or "–" when it is not a number.
func FormatRatio(r float64) string {
	if math.IsNaN(r) || math.IsInf(r, 0) {
		return "–"
	}
	return fmt.Sprintf("%.2f×", r)
}

// FormatMS writes milliseconds as "508 ms", or "–" when ms is NaN.
func FormatMS(ms float64) string {
	if math.IsNaN(ms) {
		return "–"
	}
	return fmt.Sprintf("%.0f ms", ms)
}

// Spread returns the median, minimum and maximum of xs, NaN for none.
func Spread(xs []float64) (median, lo, hi float64) {
	if len(xs) == 0 {
		return math.NaN(), math.NaN(), math.NaN()
	}
	return Median(xs), slices.Min(xs), slices.Max(xs)
}

// BlockingTime returns the blocking time of the long tasks that start
// before until (in milliseconds since navigation start): the sum over them
// of the part of each beyond 50 ms, as in Total Blocking Time, and the
// longest of them. A task in progress at until counts whole: the widget's
// mount happens at the end of the task that mounts it.
func BlockingTime(tasks []Task, until float64) (blocking, longest float64) {
	for _, t := range tasks {
		if t.Start >= until {
			continue
		}
		blocking += max(0, t.Duration-50)
		longest = max(longest, t.Duration)
	}
	return blocking, longest
}

// Task is a long task (over 50 ms) of a page's main thread, as its
// PerformanceObserver of "longtask" saw it, in milliseconds since
// navigation start.
type Task struct {
	Start    float64 `json:"start"`
	Duration float64 `json:"duration"`
}
