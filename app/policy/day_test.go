package policy

import (
	"encoding/json"
	"strings"
	"testing"
	"time"
)

func TestParseDay(t *testing.T) {
	for _, tc := range []struct {
		in      string
		want    Day
		wantErr string // part of the error; "" when none is wanted
	}{
		{"2021-02-27", NewDay(2021, time.February, 27), ""},
		{"2024-02-29", NewDay(2024, time.February, 29), ""}, // a leap year
		{"2000-02-29", NewDay(2000, time.February, 29), ""}, // divisible by 400
		{"1999-12-31", NewDay(1999, time.December, 31), ""},
		{"2026-02-30", Day{}, `"2026-02-30" is not a real date: February 2026 has 28 days`},
		{"2025-02-29", Day{}, "February 2025 has 28 days"},
		{"1900-02-29", Day{}, "February 1900 has 28 days"}, // divisible by 100
		{"2026-04-31", Day{}, "April 2026 has 30 days"},
		{"2026-01-00", Day{}, "January 2026 has 31 days"},
		{"2026-13-01", Day{}, `"2026-13-01" is not a real date: there is no month 13`},
		{"2026-00-10", Day{}, "there is no month 0"},
		{"2026-1-5", Day{}, `"2026-1-5" is not a date in the form YYYY-MM-DD`},
		{"27/02/2021", Day{}, "not a date in the form YYYY-MM-DD"},
		{"2021-02-27T00:00:00Z", Day{}, "not a date in the form"},
		{"2021-02-2x", Day{}, "not a date in the form"},
		{"+021-02-27", Day{}, "not a date in the form"},
		{"", Day{}, "not a date in the form"},
	} {
		got, err := ParseDay(tc.in)
		switch {
		case tc.wantErr == "" && err != nil:
			t.Errorf("ParseDay(%q): %v", tc.in, err)
		case tc.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tc.wantErr)):
			t.Errorf("ParseDay(%q) error = %v, want one containing %q", tc.in, err, tc.wantErr)
		case got != tc.want:
			t.Errorf("ParseDay(%q) = %v, want %v", tc.in, got, tc.want)
		case tc.wantErr == "" && got.String() != tc.in:
			t.Errorf("ParseDay(%q).String() = %q", tc.in, got)
		}
	}
}

func TestDayIn(t *testing.T) {
	tokyo := time.FixedZone("JST", 9*60*60)
	california := time.FixedZone("PST", -8*60*60)
	// 23:30 UTC on 31 December 2026 is already 1 January in Tokyo, and
	// still the afternoon of 31 December in California.
	t0 := time.Date(2026, time.December, 31, 23, 30, 0, 0, time.UTC)
	for _, tc := range []struct {
		loc  *time.Location
		want string
	}{
		{time.UTC, "2026-12-31"},
		{tokyo, "2027-01-01"},
		{california, "2026-12-31"},
	} {
		if got := DayIn(t0, tc.loc).String(); got != tc.want {
			t.Errorf("DayIn(%v, %v) = %s, want %s", t0, tc.loc, got, tc.want)
		}
	}
	// The moment's own zone does not count: only loc does.
	if got := DayIn(t0.In(tokyo), time.UTC).String(); got != "2026-12-31" {
		t.Errorf("DayIn of a Tokyo time in UTC = %s, want 2026-12-31", got)
	}
	if got, want := Today(time.UTC), DayIn(time.Now(), time.UTC); got != want && got != want.AddDays(-1) {
		t.Errorf("Today(UTC) = %v, want %v", got, want)
	}
}

func TestDayArithmetic(t *testing.T) {
	d := NewDay(2024, time.February, 28)
	for _, tc := range []struct {
		n    int
		want string
	}{
		{0, "2024-02-28"},
		{1, "2024-02-29"},
		{2, "2024-03-01"},
		{-59, "2023-12-31"},
		{366, "2025-02-28"},
	} {
		if got := d.AddDays(tc.n).String(); got != tc.want {
			t.Errorf("%v.AddDays(%d) = %s, want %s", d, tc.n, got, tc.want)
		}
	}
	if got := NewDay(2026, time.February, 30).String(); got != "2026-03-02" {
		t.Errorf("NewDay(2026, 2, 30) = %s, want it normalized to 2026-03-02", got)
	}

	a, b := NewDay(2021, 2, 27), NewDay(2021, 3, 1)
	for _, tc := range []struct {
		x, y          Day
		cmp           int
		before, after bool
	}{
		{a, b, -1, true, false},
		{b, a, +1, false, true},
		{a, a, 0, false, false},
		{Day{}, a, -1, true, false}, // no date is before every date
		{NewDay(2020, 12, 31), a, -1, true, false},
		{NewDay(2021, 2, 28), a, +1, false, true},
	} {
		if got := tc.x.Compare(tc.y); got != tc.cmp {
			t.Errorf("%v.Compare(%v) = %d, want %d", tc.x, tc.y, got, tc.cmp)
		}
		if got := tc.x.Before(tc.y); got != tc.before {
			t.Errorf("%v.Before(%v) = %v", tc.x, tc.y, got)
		}
		if got := tc.x.After(tc.y); got != tc.after {
			t.Errorf("%v.After(%v) = %v", tc.x, tc.y, got)
		}
		if got := tc.x.Equal(tc.y); got != (tc.cmp == 0) {
			t.Errorf("%v.Equal(%v) = %v", tc.x, tc.y, got)
		}
	}
}

func TestDayText(t *testing.T) {
	d := NewDay(2021, 2, 27)
	if got := d.Format("2 January 2006"); got != "27 February 2021" {
		t.Errorf("Format = %q", got)
	}
	if got := d.Time(); !got.Equal(time.Date(2021, 2, 27, 0, 0, 0, 0, time.UTC)) || got.Location() != time.UTC {
		t.Errorf("Time = %v, want midnight UTC", got)
	}
	var zero Day
	if !zero.IsZero() || zero.String() != "" || !zero.Time().IsZero() || d.IsZero() {
		t.Errorf("zero Day: IsZero %v, String %q, Time %v; IsZero of a date %v", zero.IsZero(), zero, zero.Time(), d.IsZero())
	}

	type doc struct {
		A, B Day
	}
	b, err := json.Marshal(doc{A: d})
	if err != nil {
		t.Fatal(err)
	}
	if string(b) != `{"A":"2021-02-27","B":""}` {
		t.Errorf("JSON = %s", b)
	}
	var got doc
	if err := json.Unmarshal(b, &got); err != nil || got != (doc{A: d}) {
		t.Errorf("decoded %+v, %v", got, err)
	}
	err = json.Unmarshal([]byte(`{"A":"2026-02-30"}`), &got)
	if err == nil || !strings.Contains(err.Error(), "February 2026 has 28 days") {
		t.Errorf("decoding a date that does not exist: %v", err)
	}
}
