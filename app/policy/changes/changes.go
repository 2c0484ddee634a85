// Package changes finds what changed between two versions of a policy: which
// sections changed, were added or were removed, and, for a compare page,
// the word-level differences of each section.
//
// A section is a heading (h2 to h6 with an id) and the content after it up
// to the next heading; the content before the first heading is the
// preamble, with id "" and the page's h1 as its title, which every version
// has, so two preambles are always matched. Each section has a hash of its
// heading and content (Sections).
//
// Sections are matched by heading id, so a heading reworded with an
// explicit {#id} is the same section, changed; a heading reworded without
// one gets a new id, and its section is removed and added. A section that
// only moved (elsewhere in the document, or to another heading level) is
// not changed: a reader who knew it has nothing new to read there. Compare
// needs only the ids and hashes of the old version's sections, which a
// client can keep for the version a reader last saw.
//
// The package imports the model only, besides go-diff for the word diffs
// of compare pages (Diff, Words), which are built for the server alone
// (files tagged !wasm): the WebAssembly client matches sections (Sections,
// Compare) to mark what changed, and carries neither go-diff nor the word
// diffs. The client carries a policy's older versions abridged to the
// digests of their sections (Abridge), which is all Compare needs.
package changes

// Summary lists the sections that differ between two versions.
type Summary struct {
	Changed []Section // in both, with another hash: the new section, in the new order
	Added   []Section // only in the new version, in its order
	Removed []Section // only in the old version, in its order
}

// Compare matches the sections of two versions of a document by id and
// lists those that changed, were added or were removed. It reads only their
// ids and hashes.
func Compare(old, new []Section) Summary {
	var sum Summary
	m := match(old, new)
	for i, s := range new {
		switch j := m.oldOf[i]; {
		case j < 0:
			sum.Added = append(sum.Added, s)
		case old[j].Hash != s.Hash:
			sum.Changed = append(sum.Changed, s)
		}
	}
	for j, s := range old {
		if m.newOf[j] < 0 {
			sum.Removed = append(sum.Removed, s)
		}
	}
	return sum
}

// Status says how a section differs between two versions.
type Status string

const (
	Unchanged Status = "unchanged"
	Changed   Status = "changed"
	Added     Status = "added"
	Removed   Status = "removed"
)

// matching pairs the sections of two versions: oldOf[i] is the index in old
// of new[i], and newOf[j] that in new of old[j], or -1.
type matching struct{ oldOf, newOf []int }

// match pairs sections by id. A parsed document's ids are unique; in one
// built otherwise, the n-th section with an id is paired with the n-th
// section with that id in the other version.
func match(old, new []Section) matching {
	type key struct {
		id string
		n  int
	}
	keys := func(ss []Section) []key {
		seen := make(map[string]int, len(ss))
		out := make([]key, len(ss))
		for i, s := range ss {
			out[i] = key{s.ID, seen[s.ID]}
			seen[s.ID]++
		}
		return out
	}
	oldKeys := keys(old)
	at := make(map[key]int, len(old))
	for j, k := range oldKeys {
		at[k] = j
	}
	m := matching{oldOf: make([]int, len(new)), newOf: make([]int, len(old))}
	for j := range m.newOf {
		m.newOf[j] = -1
	}
	for i, k := range keys(new) {
		j, ok := at[k]
		if !ok {
			m.oldOf[i] = -1
			continue
		}
		m.oldOf[i] = j
		m.newOf[j] = i
	}
	return m
}
