package policy

import (
	"errors"
	"fmt"
	"time"
)

// Day is a calendar date, such as 27 February 2021, without a time of day
// or a time zone: the date of a version (its front matter's "updated"),
// or the day as of which a policy is shown (Document.At). The zero Day is
// no date (a policy without "updated").
//
// A Day is made from its text (ParseDay), from its parts (NewDay), or from
// a moment in a time zone that the caller names (DayIn, Today): which day
// it is depends on where one is, and a Day never guesses. Days compare
// with ==, Compare, Before and After, and encode as "YYYY-MM-DD" in JSON
// and text (MarshalText).
type Day struct {
	year  int
	month time.Month
	day   int
}

// DayLayout is the layout of a Day's text, for time.Format and time.Parse:
// "YYYY-MM-DD".
const DayLayout = time.DateOnly

// NewDay returns the day of the given year, month and day of the month.
// Like time.Date, it normalizes values out of range: NewDay(2026, 2, 30)
// is 2 March 2026. Use ParseDay to refuse them.
func NewDay(year int, month time.Month, day int) Day {
	return DayIn(time.Date(year, month, day, 0, 0, 0, 0, time.UTC), time.UTC)
}

// DayIn returns the day that it is at the moment t in the time zone loc.
// The server and the static export use time.UTC; the WebAssembly client
// uses time.Local, which Go sets from the browser's time zone.
func DayIn(t time.Time, loc *time.Location) Day {
	y, m, d := t.In(loc).Date()
	return Day{y, m, d}
}

// Today returns the day that it is now in the time zone loc: see DayIn.
func Today(loc *time.Location) Day { return DayIn(time.Now(), loc) }

// ParseDay parses a day written "YYYY-MM-DD", such as "2021-02-27". It
// refuses any other form and any date that does not exist, such as
// "2026-02-30", with an error that says which.
func ParseDay(s string) (Day, error) {
	year, ok1 := digits(s, 0, 4)
	month, ok2 := digits(s, 5, 7)
	day, ok3 := digits(s, 8, 10)
	if len(s) != len(DayLayout) || s[4] != '-' || s[7] != '-' || !ok1 || !ok2 || !ok3 {
		return Day{}, fmt.Errorf("%q is not a date in the form YYYY-MM-DD", s)
	}
	if month < 1 || month > 12 {
		return Day{}, fmt.Errorf("%q is not a real date: there is no month %d", s, month)
	}
	days := daysIn(year, time.Month(month))
	if day < 1 || day > days {
		return Day{}, fmt.Errorf("%q is not a real date: %s %d has %d days", s, time.Month(month), year, days)
	}
	return Day{year, time.Month(month), day}, nil
}

// digits returns the number written s[i:j] in decimal digits, and whether
// it is one.
func digits(s string, i, j int) (int, bool) {
	if j > len(s) {
		return 0, false
	}
	n := 0
	for _, c := range []byte(s[i:j]) {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}

// daysIn returns the number of days of a month.
func daysIn(year int, month time.Month) int {
	return time.Date(year, month+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// String returns the day as "YYYY-MM-DD", or "" for the zero Day.
func (d Day) String() string {
	if d.IsZero() {
		return ""
	}
	return fmt.Sprintf("%04d-%02d-%02d", d.year, d.month, d.day)
}

// IsZero reports whether d is the zero Day, no date.
func (d Day) IsZero() bool { return d == Day{} }

// Compare returns -1 when d is before e, 0 when they are the same day,
// and +1 when d is after e. The zero Day is before every date.
func (d Day) Compare(e Day) int {
	switch {
	case d.year != e.year:
		return cmpInt(d.year, e.year)
	case d.month != e.month:
		return cmpInt(int(d.month), int(e.month))
	}
	return cmpInt(d.day, e.day)
}

func cmpInt(a, b int) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return +1
	}
	return 0
}

// Equal reports whether d and e are the same day, as d == e does. (It lets
// go-cmp compare Days, whose fields are unexported.)
func (d Day) Equal(e Day) bool { return d == e }

// Before reports whether d is before e.
func (d Day) Before(e Day) bool { return d.Compare(e) < 0 }

// After reports whether d is after e.
func (d Day) After(e Day) bool { return d.Compare(e) > 0 }

// AddDays returns the day n days after d (before it when n < 0).
func (d Day) AddDays(n int) Day {
	return NewDay(d.year, d.month, d.day+n)
}

// Time returns the start of the day in UTC, for formats that need a moment
// rather than a date, such as Atom's. Use DayIn, not Time, to go back.
func (d Day) Time() time.Time {
	if d.IsZero() {
		return time.Time{}
	}
	return time.Date(d.year, d.month, d.day, 0, 0, 0, 0, time.UTC)
}

// Format writes the day as time.Format writes d.Time() with layout, such
// as "2 January 2006": a layout should use only the date's elements.
func (d Day) Format(layout string) string { return d.Time().Format(layout) }

// MarshalText encodes the day as "YYYY-MM-DD", and the zero Day as "".
func (d Day) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalText decodes what MarshalText encodes.
func (d *Day) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*d = Day{}
		return nil
	}
	day, err := ParseDay(string(b))
	if err != nil {
		return errors.New("policy: " + err.Error())
	}
	*d = day
	return nil
}
