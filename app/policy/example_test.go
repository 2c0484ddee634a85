package policy_test

import (
	"fmt"
	"time"

	"github.com/seqeralabs/policy-widget/app/policy"
)

// A policy as loaded: privacy.md, dated 1 September 2026, is upcoming
// until then; privacy/2026-01-15.md is in effect.
func privacy() *policy.Document {
	return &policy.Document{
		Slug: "privacy", File: "privacy.md",
		Meta: policy.Meta{Title: "Privacy Policy", Updated: policy.NewDay(2026, time.September, 1)},
		Versions: []*policy.Document{
			{Slug: "privacy", File: "privacy/2026-01-15.md", Meta: policy.Meta{Title: "Privacy Policy", Updated: policy.NewDay(2026, time.January, 15)}},
			{Slug: "privacy", File: "privacy/2021-02-27.md", Meta: policy.Meta{Title: "Privacy Policy", Updated: policy.NewDay(2021, time.February, 27)}},
		},
	}
}

func ExampleDocument_At() {
	doc := privacy()
	for _, day := range []string{"2026-03-01", "2026-09-01"} {
		d, _ := policy.ParseDay(day)
		view, next := doc.At(d)
		fmt.Printf("on %s: version %s (%s), %d earlier", d, view.Version(), view.File, len(view.Versions))
		if view.Upcoming != nil {
			fmt.Printf(", changes on %s (%s)", view.Upcoming.Updated.Format("2 January 2006"), next)
		}
		fmt.Println()
	}
	// Output:
	// on 2026-03-01: version 2026-01-15 (privacy/2026-01-15.md), 1 earlier, changes on 1 September 2026 (2026-09-01)
	// on 2026-09-01: version 2026-09-01 (privacy.md), 2 earlier
}

// A server serves the policies as of the day in UTC, and asks again once
// that day has come to next.
func ExampleAt() {
	docs := []*policy.Document{privacy()}
	now := time.Date(2026, time.August, 31, 23, 59, 0, 0, time.UTC) // time.Now() on a server
	views, next := policy.At(docs, policy.DayIn(now, time.UTC))
	fmt.Println(views[0].Version(), "until", next)

	now = now.Add(time.Minute)
	if today := policy.DayIn(now, time.UTC); !next.IsZero() && !today.Before(next) {
		views, next = policy.At(docs, today)
	}
	if next.IsZero() {
		fmt.Println(views[0].Version(), "from now on")
	}
	// Output:
	// 2026-01-15 until 2026-09-01
	// 2026-09-01 from now on
}

// The client goes by the reader's date: in Tokyo, the new version is in
// effect while it is still 31 August in UTC.
func ExampleDayIn() {
	now := time.Date(2026, time.August, 31, 20, 0, 0, 0, time.UTC)
	tokyo := time.FixedZone("JST", 9*60*60) // time.Local in a browser in Tokyo
	for _, loc := range []*time.Location{time.UTC, tokyo} {
		view, _ := privacy().At(policy.DayIn(now, loc))
		fmt.Println(loc, policy.DayIn(now, loc), view.Version())
	}
	// Output:
	// UTC 2026-08-31 2026-01-15
	// JST 2026-09-01 2026-09-01
}
