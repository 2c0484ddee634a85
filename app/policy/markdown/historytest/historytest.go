// Package historytest makes long histories of a policy for tests and
// benchmarks: a policy file with any number of earlier versions, one every
// two months, each changing one sentence of the one before it, and
// optionally an upcoming version, as files that markdown.Load accepts.
//
//	fsys, err := historytest.History{Earlier: 120}.FS()
//	docs, err := markdown.Load(fsys) // privacy, with 120 earlier versions
//
// The files are a fstest.MapFS: os.CopyFS writes them to a folder (for
// `policy check DIR`), and their paths under policies/ make a
// `go build -overlay` of a site with that history.
package historytest

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"strings"
	"testing/fstest"
	"time"

	"github.com/seqeralabs/policy-widget/app/policy"
	"github.com/seqeralabs/policy-widget/policies"
)

// History describes the generated history of one policy. The zero History
// is the shipped privacy policy with no earlier version.
type History struct {
	// Seed is the policy file that the versions are made from: the oldest
	// version is its text. When nil, it is the shipped
	// policies/privacy.md.
	Seed []byte

	// Slug is the policy's: its files are <slug>.md and
	// <slug>/<YYYY-MM-DD>.md. When empty, it is "privacy".
	Slug string

	// Earlier is how many earlier versions the policy has: the k-th
	// (k = 1…Earlier) is dated 2k months before Current, normalized as
	// time.AddDate does (two months before 31 August is 1 July).
	Earlier int

	// Current is the date of the version in effect (before Upcoming's
	// date). When zero, it is the seed's "updated".
	Current policy.Day

	// Upcoming, when not zero, is the date of one more version, after
	// Current: an upcoming version as of any day before it. It is then
	// <slug>.md, and the version of Current <slug>/<Current>.md.
	Upcoming policy.Day
}

// Days returns the dates of the versions of h, oldest first: the earlier
// versions, Current, and Upcoming if it is set.
func (h History) Days() ([]policy.Day, error) {
	h, _, err := h.defaults()
	if err != nil {
		return nil, err
	}
	return h.days(), nil
}

func (h History) days() []policy.Day {
	var days []policy.Day
	cur := h.Current.Time()
	for k := h.Earlier; k >= 1; k-- {
		days = append(days, policy.DayIn(cur.AddDate(0, -2*k, 0), time.UTC))
	}
	days = append(days, h.Current)
	if !h.Upcoming.IsZero() {
		days = append(days, h.Upcoming)
	}
	return days
}

// FS returns the files of the history, by their path in the policies'
// folder: <slug>.md, the newest version, and <slug>/<YYYY-MM-DD>.md, the
// earlier ones. The oldest version is the seed's text; each later one
// changes one sentence of the one before it, the sentences taken in turn
// from the seed's plain paragraphs (lines of prose without links or
// markup), so that each comparison of a version with the one before it
// shows one changed section.
func (h History) FS() (fstest.MapFS, error) {
	h, seed, err := h.defaults()
	if err != nil {
		return nil, err
	}
	front, body, err := split(seed)
	if err != nil {
		return nil, err
	}
	lines := strings.SplitAfter(string(body), "\n")
	var slots []int        // the lines of prose that the versions change
	var sentences []string // their text, without the full stop and newline
	for i, l := range lines {
		if prose(l) {
			slots = append(slots, i)
			sentences = append(sentences, strings.TrimSuffix(strings.TrimSpace(l), "."))
		}
	}
	if len(slots) == 0 {
		return nil, errors.New("historytest: the seed has no paragraph of plain prose to change")
	}

	days := h.days()
	fsys := fstest.MapFS{}
	for i, day := range days {
		if i > 0 {
			// Version i changes the last sentence of one line: the
			// next slot, in turn.
			k := (i - 1) % len(slots)
			lines[slots[k]] = sentences[k] + ", as revised on " + day.Format("2 January 2006") + ".\n"
		}
		name := h.Slug + "/" + day.String() + ".md"
		if i == len(days)-1 {
			name = h.Slug + ".md"
		}
		fsys[name] = &fstest.MapFile{Data: []byte(withUpdated(front, day) + strings.Join(lines, ""))}
	}
	return fsys, nil
}

// defaults returns h with its defaults filled in, and its seed.
func (h History) defaults() (History, []byte, error) {
	seed := h.Seed
	if seed == nil {
		var err error
		if seed, err = fs.ReadFile(policies.FS, "privacy.md"); err != nil {
			return h, nil, fmt.Errorf("historytest: %w", err)
		}
	}
	seed = bytes.ReplaceAll(seed, []byte("\r\n"), []byte("\n"))
	if h.Slug == "" {
		h.Slug = "privacy"
	}
	if h.Earlier < 0 {
		return h, nil, fmt.Errorf("historytest: %d earlier versions", h.Earlier)
	}
	if h.Current.IsZero() {
		front, _, err := split(seed)
		if err != nil {
			return h, nil, err
		}
		for _, l := range strings.Split(front, "\n") {
			if v, ok := strings.CutPrefix(l, "updated:"); ok {
				if h.Current, err = policy.ParseDay(strings.Trim(strings.TrimSpace(v), `"'`)); err != nil {
					return h, nil, fmt.Errorf("historytest: the seed's updated: %w", err)
				}
			}
		}
		if h.Current.IsZero() {
			return h, nil, errors.New("historytest: the seed has no updated date: set History.Current")
		}
	}
	if !h.Upcoming.IsZero() && !h.Upcoming.After(h.Current) {
		return h, nil, fmt.Errorf("historytest: the upcoming version's date, %s, is not after the current one's, %s", h.Upcoming, h.Current)
	}
	return h, seed, nil
}

// split cuts a policy file into its front matter, without its "---"
// lines, and its body.
func split(src []byte) (front string, body []byte, err error) {
	rest, ok := bytes.CutPrefix(src, []byte("---\n"))
	if !ok {
		return "", nil, errors.New("historytest: the seed does not start with front matter")
	}
	f, b, ok := bytes.Cut(rest, []byte("\n---\n"))
	if !ok {
		return "", nil, errors.New("historytest: the seed's front matter is not closed")
	}
	return string(f), b, nil
}

// withUpdated returns the front matter front, with its "---" lines and
// "updated: day" in place of its own "updated" (or after its last line).
func withUpdated(front string, day policy.Day) string {
	updated := "updated: " + day.String() + "\n"
	var b strings.Builder
	b.WriteString("---\n")
	for _, l := range strings.Split(front, "\n") {
		if strings.HasPrefix(l, "updated:") {
			b.WriteString(updated)
			updated = ""
		} else {
			b.WriteString(l + "\n")
		}
	}
	b.WriteString(updated + "---\n")
	return b.String()
}

// prose reports whether a line of Markdown is a plain sentence: it starts
// with a capital letter, not indented, ends with a full stop, and has no link, markup or
// HTML, so that changing its end changes one sentence and nothing else.
func prose(line string) bool {
	l := strings.TrimRight(line, " \n")
	return len(l) > 1 && l[0] >= 'A' && l[0] <= 'Z' && strings.HasSuffix(l, ".") &&
		!strings.ContainsAny(l, "[]()*_<>`|#\\")
}
