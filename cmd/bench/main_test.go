//go:build !wasm

package main

import (
	"bytes"
	"math"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/seqeralabs/policy-widget/cmd/internal/perf"
)

// testPages returns the three pages with samples: the static page paints
// at 100, 110, 120 ms; the floor at 90 and mounts at 500 (one 200 ms long
// task); the widget paints at 200, 220, 240 and mounts at 1000 (a 450 ms
// and a 60 ms long task). Warm visits paint at 80 (floor) and 130 (widget).
func testPages() ([]*variant, map[*variant][]*sample) {
	c := &config{nginxURL: "http://127.0.0.1:1", floorURL: "http://127.0.0.1:2", widgetURL: "http://127.0.0.1:3", page: "/privacy", staticPath: "/static/privacy.html"}
	variants := pages(c)
	static, floor, widget := variants[0], variants[1], variants[2]
	visit := func(fcp, mount float64, tasks ...perf.Task) *perf.Visit {
		return &perf.Visit{FCP: fcp, Mount: mount, LongTasks: tasks, Instantiated: mount - 100,
			WasmStart: 50, WasmFirstByte: 60, WasmEnd: mount - 150, ResponseStart: 5}
	}
	samples := map[*variant][]*sample{}
	for i := range 3 {
		d := float64(10 * i)
		samples[static] = append(samples[static], &sample{cold: visit(100+d, math.NaN())})
		samples[floor] = append(samples[floor], &sample{
			cold: visit(90, 500, perf.Task{Start: 300, Duration: 200}),
			warm: visit(80, 300),
		})
		samples[widget] = append(samples[widget], &sample{
			cold: visit(200+2*d, 1000, perf.Task{Start: 400, Duration: 60}, perf.Task{Start: 550, Duration: 450}, perf.Task{Start: 1200, Duration: 900}),
			warm: visit(130, 600),
		})
	}
	return variants, samples
}

func TestPrintTimings(t *testing.T) {
	variants, samples := testPages()
	var b bytes.Buffer
	printTimings(&b, variants, samples)
	out := b.String()
	// The widget against its baselines: cold FCP 220 / 110; warm FCP
	// against the static page's cold FCP, 130 / 110; mount 1000 / 500;
	// blocking time (10 + 400) / 150, the task after the mount left out;
	// longest task 450 / 200.
	for _, want := range []string{
		`cold FCP +110 \[100–120\] +90 \[90–90\] +220 \[200–240\] +2\.00× static +≤ 1\.15×`,
		`warm FCP +– +80 \[80–80\] +130 \[130–130\] +1\.18× static cold`,
		`cold mount +– +500 \[500–500\] +1000 \[1000–1000\] +2\.00× floor`,
		`blocking time until mount +– +150 \[150–150\] +410 \[410–410\] +2\.73× floor`,
		`longest task until mount +– +200 \[200–200\] +450 \[450–450\] +2\.25× floor`,
		`warm mount +– +300 \[300–300\] +600 \[600–600\] +2\.00× floor warm`,
	} {
		if !regexp.MustCompile(want).MatchString(out) {
			t.Errorf("no line matching %q in:\n%s", want, out)
		}
	}
}

func TestPrintMountPhases(t *testing.T) {
	variants, samples := testPages()
	var b bytes.Buffer
	printMountPhases(&b, variants, samples)
	out := b.String()
	for _, want := range []string{
		`go\.run until mounted +100 ms +100 ms +\+0 ms`,
		`long tasks until mount +1 +2 +\+1`,
		`widget, the load with the median mount \(1000 ms\): long tasks \(start\+duration\) 400\+60, 550\+450, 1200\+900 \(after mount\)`,
	} {
		if !regexp.MustCompile(want).MatchString(out) {
			t.Errorf("no line matching %q in:\n%s", want, out)
		}
	}
}

func TestPrintRequests(t *testing.T) {
	variants, samples := testPages()
	req := func(url string, status int, length int64) perf.Request {
		return perf.Request{URL: url, Status: status, ContentLength: length, Time: time.Now()}
	}
	widget := "http://127.0.0.1:3"
	for i, s := range samples[variants[2]] {
		s.coldReqs = []perf.Request{
			req(widget+"/privacy", 200, 9000),
			req(widget+"/web/icon.svg", 200, 500),
			req(widget+"/web/app.wasm?build=1", 200, 1500000),
			req(widget+"/web/icon.svg", 304, -1),
		}
		if i == 0 {
			s.coldReqs = append(s.coldReqs, req(widget+"/web/icon.svg", 304, -1))
		}
	}
	for _, s := range samples[variants[1]] {
		s.coldReqs = []perf.Request{req("http://127.0.0.1:2/web/app.wasm", 200, 1000000)}
	}
	var b bytes.Buffer
	if err := printRequests(&b, variants, samples); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, want := range []string{
		`widget, cold visit: 4 \[4–5\] requests`,
		`\* 2 \[2–3\] +/web/icon\.svg +200 304 304`,
		`  1 +/privacy +200`,
		`app\.wasm on the wire \(cold visit, the 200 answer\): widget 1\.50 MB, floor 1000\.0 kB: 1\.50× floor`,
		`No request left loopback`,
	} {
		if !regexp.MustCompile(want).MatchString(out) {
			t.Errorf("no line matching %q in:\n%s", want, out)
		}
	}

	samples[variants[0]][0].coldReqs = []perf.Request{req("https://fonts.example/a.woff2", 200, 10)}
	if err := printRequests(&bytes.Buffer{}, variants, samples); err == nil || !strings.Contains(err.Error(), "fonts.example") {
		t.Errorf("a request to another host: error %v, want one naming it", err)
	}
}

func TestPrintVersions(t *testing.T) {
	run := func(start time.Duration, peak, visit int64) *historyRun {
		return &historyRun{start: start, peak: peak, visit: visit}
	}
	sites := []*history{
		{earlier: 0, wasmBr: 1548602, runs: []*historyRun{run(300*time.Millisecond, 60e6, 1600000), run(400*time.Millisecond, 70e6, 1600000)}},
		{earlier: 20, wasmBr: 1559162, linear: 320000, linearPages: 40, runs: []*historyRun{run(450*time.Millisecond, 80e6, 1680000), run(250*time.Millisecond, 90e6, 1680000)}},
	}
	sites[1].runs[1].unsized = 2
	var b bytes.Buffer
	printVersions(&b, sites)
	out := b.String()
	for _, want := range []string{
		`bin/policy serve until /privacy answers +0\.35 s \[0\.30 s–0\.40 s\] +0\.35 s \[0\.25 s–0\.45 s\] 1\.00× +≤ 1\.5 s \(20\)`,
		`peak RSS \(VmHWM\) in the first 10 s +65 MB \[60 MB–70 MB\] +85 MB \[80 MB–90 MB\] 1\.31×`,
		`first visit: page \+ worker install +1\.600 MB \[1\.600 MB–1\.600 MB\] +1\.680 MB \[1\.680 MB–1\.680 MB\] 1\.05× +≤ 1\.1× \(20\)`,
		`\+ the comparisons with the one before and in effect +– +\+0\.320 MB \(40 pages\): 1\.25×`,
		`app\.wasm, brotli +1\.549 MB +1\.559 MB +≤ 1\.6 MB`,
		`note: 20 earlier: 2 responses without a Content-Length, not counted`,
	} {
		if !regexp.MustCompile(want).MatchString(out) {
			t.Errorf("no line matching %q in:\n%s", want, out)
		}
	}
}

func TestParseHistories(t *testing.T) {
	if got, err := parseHistories("20, 120"); err != nil || len(got) != 2 || got[0] != 20 || got[1] != 120 {
		t.Errorf("parseHistories(20, 120) = %v, %v", got, err)
	}
	for _, bad := range []string{"", "x", "-1", "20,,120"} {
		if _, err := parseHistories(bad); err == nil {
			t.Errorf("parseHistories(%q): no error", bad)
		}
	}
}
