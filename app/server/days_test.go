//go:build !wasm

package server

import (
	"bytes"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/seqeralabs/policy-widget/app/policy"
	"github.com/seqeralabs/policy-widget/app/policy/markdown/historytest"
	"github.com/seqeralabs/policy-widget/app/ui"
)

// testClock is a clock that a test sets.
type testClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *testClock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *testClock) set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = t
}

// syncBuffer is a bytes.Buffer that a log writes to from several
// goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}

func testDay(t testing.TB, s string) policy.Day {
	t.Helper()
	d, err := policy.ParseDay(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// upcomingHistory is the privacy policy with two earlier versions, the
// version of 15 January 2026, and one upcoming on 1 September 2026: each
// changes one sentence, which ends "as revised on <its date>".
func upcomingHistory(t testing.TB) historytest.History {
	return historytest.History{Earlier: 2, Current: testDay(t, "2026-01-15"), Upcoming: testDay(t, "2026-09-01")}
}

// historyConfig returns cfg with the policies of h.
func historyConfig(t testing.TB, h historytest.History, cfg Config) Config {
	t.Helper()
	fsys, err := h.FS()
	if err != nil {
		t.Fatal(err)
	}
	cfg.Policies = fsys
	return cfg
}

const (
	upcomingText = "as revised on 1 September 2026"
	noticeText   = "This policy changes on"
)

// TestDaySwitch checks that the server switches to the upcoming version
// on its day, by its clock, without a restart: once, whatever the number
// of requests then.
func TestDaySwitch(t *testing.T) {
	clock := &testClock{t: time.Date(2026, time.August, 31, 23, 59, 59, 0, time.UTC)}
	var log syncBuffer
	s := newTestServer(t, historyConfig(t, upcomingHistory(t), Config{
		Now: clock.now,
		Log: slog.New(slog.NewTextHandler(&log, nil)),
	}))
	page := func() string {
		t.Helper()
		rec := do(t, s, "GET", "/privacy")
		if rec.Code != http.StatusOK {
			t.Fatalf("GET /privacy: %d", rec.Code)
		}
		return rec.Body.String()
	}
	before := page()
	if strings.Contains(before, upcomingText) || !strings.Contains(before, noticeText) ||
		!strings.Contains(before, `href="/privacy/compare/2026-01-15...2026-09-01"`) {
		t.Errorf("on 31 August, /privacy is not the version of 15 January with a notice linking to the comparison")
	}
	if got := s.Day().String(); got != "2026-08-31" {
		t.Errorf("Day() = %s, want 2026-08-31", got)
	}
	precached := precacheList(t, body(t, get(t, s, "GET", "/app-worker.js")))
	for _, p := range []string{"/privacy/v/2026-09-01", "/privacy/compare/2026-01-15...2026-09-01", "/privacy/v/2025-11-15", "/privacy/compare/2025-11-15...2026-01-15"} {
		if !slices.Contains(precached, p) {
			t.Errorf("on 31 August, the worker does not precache %s: %q", p, precached)
		}
	}

	clock.set(time.Date(2026, time.September, 1, 0, 0, 0, 0, time.UTC))
	const readers = 20
	pages := make([]string, readers)
	var wg sync.WaitGroup
	for i := range readers {
		wg.Go(func() {
			rec := httpDo(s, "/privacy")
			pages[i] = rec.Body.String()
		})
	}
	wg.Wait()
	for i, p := range pages {
		if !strings.Contains(p, upcomingText) || strings.Contains(p, noticeText) {
			t.Errorf("reader %d on 1 September: /privacy is not the new version without a notice", i)
		}
	}
	if n := strings.Count(log.String(), "serving the policies as of a new day"); n != 1 {
		t.Errorf("the site as of 1 September was made %d times, want once:\n%s", n, log.String())
	}
	if got := s.Day().String(); got != "2026-09-01" {
		t.Errorf("Day() = %s, want 2026-09-01", got)
	}
	precached = precacheList(t, body(t, get(t, s, "GET", "/app-worker.js")))
	for _, p := range []string{"/privacy/v/2026-01-15", "/privacy/compare/2026-01-15...2026-09-01"} {
		if !slices.Contains(precached, p) {
			t.Errorf("on 1 September, the worker does not precache %s: %q", p, precached)
		}
	}
	// A later day changes nothing more.
	clock.set(time.Date(2027, time.January, 1, 0, 0, 0, 0, time.UTC))
	page()
	if n := strings.Count(log.String(), "serving the policies as of a new day"); n != 1 {
		t.Errorf("with no version to come, the site was made again")
	}
}

// httpDo sends a GET request to h, from any goroutine.
func httpDo(h http.Handler, target string) *httptest.ResponseRecorder {
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", target, nil))
	return rec
}

// TestAtFixesTheDay checks Config.At (`policy serve -at`): the site as of
// that day whatever the clock says, and the client told that day.
func TestAtFixesTheDay(t *testing.T) {
	clock := &testClock{t: time.Date(2026, time.March, 1, 12, 0, 0, 0, time.UTC)}
	s := newTestServer(t, historyConfig(t, upcomingHistory(t), Config{Now: clock.now, At: testDay(t, "2026-09-01")}))
	for _, now := range []time.Time{clock.now(), time.Date(2030, time.January, 1, 0, 0, 0, 0, time.UTC)} {
		clock.set(now)
		if p := do(t, s, "GET", "/privacy").Body.String(); !strings.Contains(p, upcomingText) || strings.Contains(p, noticeText) {
			t.Errorf("with -at 2026-09-01 and the clock at %v: /privacy is not the version of 1 September", now)
		}
		if got := s.Day().String(); got != "2026-09-01" {
			t.Errorf("Day() = %s, want 2026-09-01", got)
		}
	}
	if js := do(t, s, "GET", "/app.js").Body.String(); !strings.Contains(js, `"`+ui.DayEnv+`":"2026-09-01"`) {
		t.Errorf("app.js does not tell the client the day: no %s", ui.DayEnv)
	}
	if js := do(t, newTestServer(t, Config{}), "GET", "/app.js").Body.String(); strings.Contains(js, ui.DayEnv) {
		t.Errorf("without -at, app.js names %s", ui.DayEnv)
	}
}

// TestPagesOnRequest checks the pages of versions that the server renders
// when they are asked for: any version of a policy, and any comparison of
// two of its versions, the older first; anything else is not found.
func TestPagesOnRequest(t *testing.T) {
	clock := &testClock{t: time.Date(2026, time.March, 1, 12, 0, 0, 0, time.UTC)}
	s := newTestServer(t, historyConfig(t, historytest.History{Earlier: 6, Current: testDay(t, "2026-01-15")}, Config{Now: clock.now, Prefix: "/legal"}))
	days, err := historytest.History{Earlier: 6, Current: testDay(t, "2026-01-15")}.Days()
	if err != nil {
		t.Fatal(err)
	}
	oldest, older := days[0].String(), days[1].String()
	precached := precacheList(t, body(t, get(t, s, "GET", "/legal/app-worker.js")))
	for _, tc := range []struct {
		target string
		status int
		has    string
	}{
		{"/legal/privacy/v/" + oldest, 200, "You are reading the version of"},
		{"/privacy/v/" + oldest, 200, "You are reading the version of"},
		{"/legal/privacy/compare/" + oldest + "..." + older, 200, "Changes to the Privacy Policy"},
		{"/legal/privacy/compare/" + oldest + "...2026-01-15", 200, "Changes to the Privacy Policy"},
		{"/legal/privacy/v/2026-01-15", 200, "This is the version in effect"},
		{"/legal/privacy/v/" + oldest + "/", 301, ""},
		{"/legal/privacy/v/2026-02-30", 404, "Page not found"},
		{"/legal/privacy/v/2020-01-01", 404, "Page not found"},
		{"/legal/privacy/compare/" + older + "..." + oldest, 404, "Page not found"},
		{"/legal/privacy/compare/" + older + "..." + older, 404, "Page not found"},
		{"/legal/privacy/compare/" + oldest, 404, "Page not found"},
		{"/legal/terms/v/" + oldest, 404, "Page not found"},
	} {
		rec := do(t, s, "GET", tc.target, "Accept-Encoding", "identity")
		if rec.Code != tc.status || !strings.Contains(rec.Body.String(), tc.has) {
			t.Errorf("GET %s: %d, want %d with %q", tc.target, rec.Code, tc.status, tc.has)
		}
		if tc.status == 200 && slices.Contains(precached, strings.TrimPrefix(tc.target, "/legal")) {
			t.Errorf("%s is precached: only the pages that every reader needs are", tc.target)
		}
	}
	// A page of versions loads no client: app.js and nav.js, no wasm_exec.js.
	page := do(t, s, "GET", "/legal/privacy/v/"+oldest).Body.String()
	if !strings.Contains(page, `["/legal/app.js","/legal/web/nav.js"]`) || strings.Contains(page, "wasm_exec.js") || strings.Contains(page, "app-wasm-loader") {
		t.Errorf("the page of a version loads the client:\n%s", page)
	}
	// Kept, once each: the two pages of versions and the two comparisons
	// asked for (one of them twice).
	if n, _ := s.current().onDemand.len(); n != 4 {
		t.Errorf("%d pages rendered on request kept, want 4", n)
	}
	// HEAD and conditional requests work as for every page.
	rec := do(t, s, "GET", "/legal/privacy/v/"+oldest)
	if rec := do(t, s, "GET", "/legal/privacy/v/"+oldest, "If-None-Match", rec.Header().Get("ETag")); rec.Code != http.StatusNotModified {
		t.Errorf("a conditional request of a page rendered on request: %d, want 304", rec.Code)
	}
	if rec := do(t, s, "HEAD", "/legal/privacy/compare/"+oldest+"..."+older); rec.Code != 200 || rec.Body.Len() != 0 {
		t.Errorf("HEAD of a comparison: %d, %d bytes", rec.Code, rec.Body.Len())
	}
	// A start renders the pages that every reader needs, whatever the
	// history: the same number with 6 earlier versions as with 1.
	small := newTestServer(t, historyConfig(t, historytest.History{Earlier: 1, Current: testDay(t, "2026-01-15")}, Config{Now: clock.now}))
	if a, b := len(s.current().pages), len(small.current().pages); a != b {
		t.Errorf("%d answers prerendered with 6 earlier versions, %d with 1", a, b)
	}
}

// TestPagesOnRequestAtOnce renders pages of versions for readers who ask
// at once (run it with -race: go-app renders them side by side).
func TestPagesOnRequestAtOnce(t *testing.T) {
	h := historytest.History{Earlier: 8, Current: testDay(t, "2026-01-15")}
	s := newTestServer(t, historyConfig(t, h, Config{}))
	days, err := h.Days()
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for i := range 3 {
		for _, d := range days[:len(days)-1] {
			wg.Go(func() {
				target := "/privacy/v/" + d.String()
				if i%2 == 1 {
					target = "/privacy/compare/" + d.String() + "...2026-01-15"
				}
				if rec := httpDo(s, target); rec.Code != http.StatusOK {
					t.Errorf("GET %s: %d", target, rec.Code)
				}
			})
		}
	}
	wg.Wait()
	if n, _ := s.current().onDemand.len(); n != 2*len(days[:len(days)-1])-2 {
		t.Errorf("%d pages kept, want %d: each once", n, 2*len(days[:len(days)-1])-2)
	}
}
