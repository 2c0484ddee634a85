//go:build !wasm

package changes

// SectionDiff is one section of a compare page.
type SectionDiff struct {
	ID       string `json:"id"`
	Title    string `json:"title"`              // the new title; the old one for a removed section
	OldTitle string `json:"oldTitle,omitempty"` // the old title, when it changed
	Level    int    `json:"level"`              // the new level; the old one for a removed section
	Status   Status `json:"status"`
	// TitleOps and Ops are the word diffs of the title and of the text:
	// all Equal when unchanged, all Insert when added, all Delete when
	// removed. A Changed section may have only Equal ops: then its text is
	// the same, and its markup (a link's target, emphasis) changed.
	TitleOps []Op `json:"titleOps"`
	Ops      []Op `json:"ops"`
}

// Diff returns every section of both versions with its word diff, in the
// new version's order; a removed section comes after the section that came
// before it in the old version (the preamble at least, which every
// version has).
func Diff(old, new []Section) []SectionDiff {
	m := match(old, new)
	// removedAfter[i] lists the removed sections to show after new[i].
	removedAfter := make(map[int][]int)
	prev := -1
	for j := range old {
		if m.newOf[j] >= 0 {
			prev = m.newOf[j]
			continue
		}
		removedAfter[prev] = append(removedAfter[prev], j)
	}
	out := make([]SectionDiff, 0, len(new)+len(m.newOf))
	removed := func(i int) {
		for _, j := range removedAfter[i] {
			s := old[j]
			out = append(out, SectionDiff{
				ID: s.ID, Title: s.Title, Level: s.Level, Status: Removed,
				TitleOps: appendOp(nil, Delete, s.Title), Ops: appendOp(nil, Delete, s.Text),
			})
		}
	}
	removed(-1)
	for i, s := range new {
		d := SectionDiff{ID: s.ID, Title: s.Title, Level: s.Level}
		switch j := m.oldOf[i]; {
		case j < 0:
			d.Status = Added
			d.TitleOps = appendOp(nil, Insert, s.Title)
			d.Ops = appendOp(nil, Insert, s.Text)
		case old[j].Hash == s.Hash:
			d.Status = Unchanged
			d.TitleOps = appendOp(nil, Equal, s.Title)
			d.Ops = appendOp(nil, Equal, s.Text)
		default:
			d.Status = Changed
			if old[j].Title != s.Title {
				d.OldTitle = old[j].Title
			}
			d.TitleOps = Words(old[j].Title, s.Title)
			d.Ops = Words(old[j].Text, s.Text)
		}
		out = append(out, d)
		removed(i)
	}
	return out
}
