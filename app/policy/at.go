package policy

// At returns the policy d as readers see it on day, and next, the first
// day after day on which they see it otherwise: the zero Day when nothing
// is dated after day.
//
// d is a policy as loaded (its newest version, with the earlier ones in
// Versions) or as At returned it. The policy on day is a copy of the
// version in effect on day, the newest one dated on or before it, with
// the versions dated before it in Versions, newest first, and the one
// dated after it, if any, in Upcoming (a version itself: no Versions, no
// Upcoming); next is then Upcoming's date.
//
// Two cases have no version in effect in that sense:
//   - A policy without "updated" has one version, always in effect: At
//     returns d and the zero Day.
//   - A policy whose first version is dated after day is announced before
//     it takes effect: At returns that first version, which is not in
//     effect on day (InEffect reports false), so that readers can read it
//     before it applies to them; next is its date, and Upcoming the
//     version after it, if any.
//
// What At returns holds every version of d when at most one is dated
// after day, which the checks of package markdown ensure for the day they
// check and every later day: its At then gives the same answers as d's on
// day and every later day. On an earlier day, ask d.
//
// At allocates nothing when the answer is d itself. It does not change d,
// so goroutines may call it at once; the documents it returns share their
// parts with d: callers must not change them, nor d.
func (d *Document) At(day Day) (doc *Document, next Day) {
	// The versions, newest first: d.Upcoming, d, d.Versions...
	var upcoming []*Document
	if d.Upcoming != nil {
		upcoming = []*Document{d.Upcoming}
	}
	n := len(upcoming) + 1 + len(d.Versions)
	version := func(i int) *Document {
		switch {
		case i < len(upcoming):
			return upcoming[i]
		case i == len(upcoming):
			return d
		}
		return d.Versions[i-len(upcoming)-1]
	}
	// earlier returns the versions after the i-th, newest first.
	earlier := func(i int) []*Document {
		switch {
		case i < len(upcoming):
			v := *d
			v.Versions, v.Upcoming = nil, nil
			return append([]*Document{&v}, d.Versions...)
		case i+1 < n:
			return d.Versions[i-len(upcoming):]
		}
		return nil
	}

	i := n - 1 // the oldest, when none is in effect yet
	for k := range n {
		if version(k).InEffect(day) {
			i = k
			break
		}
	}
	head := version(i)
	var after *Document
	if i > 0 {
		after = version(i - 1)
	}
	if head == d && after == nil {
		if !d.InEffect(day) {
			return d, d.Updated
		}
		return d, Day{}
	}

	v := *head
	v.Slug = d.Slug
	v.Versions = earlier(i)
	v.Upcoming = nil
	if after != nil {
		u := *after
		u.Slug, u.Versions, u.Upcoming = d.Slug, nil, nil
		v.Upcoming = &u
	}
	switch {
	case !v.InEffect(day):
		next = v.Updated
	case v.Upcoming != nil:
		next = v.Upcoming.Updated
	}
	return &v, next
}

// InEffect reports whether the version d has taken effect by day: it has
// no date, or its date is day or before. Of a policy that At returned for
// day, it reports whether the policy is in effect on day, or only
// announced.
func (d *Document) InEffect(day Day) bool { return !d.Updated.After(day) }

// At returns each policy of docs as readers see it on day (Document.At),
// and the first day after day on which any of them changes: the zero Day
// when none will. A server serves the policies it returns while the day
// (in UTC) is before next, then calls At again.
func At(docs []*Document, day Day) (views []*Document, next Day) {
	views = make([]*Document, len(docs))
	for i, d := range docs {
		var n Day
		views[i], n = d.At(day)
		if !n.IsZero() && (next.IsZero() || n.Before(next)) {
			next = n
		}
	}
	return views, next
}
