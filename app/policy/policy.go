package policy

import (
	"encoding/json"
	"fmt"
)

// Document is one version of a policy, parsed and checked, with the
// policy's other versions: a policy as loaded (package markdown) is its
// newest version, with every earlier one in Versions; At gives the policy
// as readers see it on a day.
type Document struct {
	Slug string `json:"slug"` // the policy's, from its file name: "privacy" for privacy.md and privacy/2021-02-27.md
	File string `json:"file"` // the file's path in the policies' folder, for messages: "privacy/2021-02-27.md"

	// Digest identifies the file's content: the hex of the first 8 bytes
	// of the SHA-256 of the file as read, such as "3f2a9c0d1e4b5a67". It
	// changes with any byte of the file, and is not a version: see the
	// package documentation.
	Digest string `json:"digest"`

	Meta

	// Heading is the text of the page's one h1: the policy's leading "#"
	// heading when it repeats the title, and the title otherwise.
	Heading string `json:"heading"`

	TOC  []*TOCEntry `json:"toc"`  // the sections listed in the table of contents
	Body []*Node     `json:"body"` // the sanitised body, without the page's h1

	// Warnings are problems that do not stop the policy from being served,
	// such as a link to a section that does not exist.
	Warnings []*Error `json:"warnings,omitempty"`

	// Versions are the policy's earlier versions, newest first: those
	// dated before d. As loaded, they are the files
	// policies/<slug>/<YYYY-MM-DD>.md; in a version itself, they are
	// empty.
	Versions []*Document `json:"versions,omitempty"`

	// Upcoming is the version that follows d, announced but not in effect
	// yet, in a document that At returns; nil when there is none, in a
	// document as loaded, and in a version itself.
	Upcoming *Document `json:"upcoming,omitempty"`

	// Sections are set in an abridged version: one carried without its
	// text (no TOC, no Body), as the digests of its sections, which is
	// all it takes to tell a reader what changed since it. The
	// WebAssembly client carries a policy's older versions so (see
	// changes.Abridge); nil in a version with its text.
	Sections []SectionDigest `json:"sections,omitempty"`
}

// SectionDigest identifies one section of a version without its text: its
// heading's id ("" for the text before the first heading), its title and
// level, and the hash of its heading and content (changes.Section, which
// makes them).
type SectionDigest struct {
	ID    string `json:"id"`
	Title string `json:"title"`
	Level int    `json:"level"`
	Hash  string `json:"hash"`
}

// Abridged reports whether d is an abridged version: one carried as the
// digests of its sections (Sections), without its text.
func (d *Document) Abridged() bool { return d.Sections != nil }

// VersionLayout is the layout of a version's name, its date (DayLayout):
// "YYYY-MM-DD", as in policies/privacy/2021-02-27.md.
const VersionLayout = DayLayout

// Version names the version of the policy that d is: its date, the day
// it takes effect, from "updated", such as "2021-02-27", or "" when it has
// none.
func (d *Document) Version() string { return d.Updated.String() }

// History returns d and its earlier versions, newest first (not its
// upcoming version).
func (d *Document) History() []*Document {
	return append([]*Document{d}, d.Versions...)
}

// FindVersion returns the version of d named v: d itself, one of its
// earlier versions, or its upcoming version; nil when none is named v.
func (d *Document) FindVersion(v string) *Document {
	if d.Upcoming != nil && d.Upcoming.Version() == v {
		return d.Upcoming
	}
	for _, h := range d.History() {
		if h.Version() == v {
			return h
		}
	}
	return nil
}

// SeenVersion returns the version of d to compare with for a reader who
// last saw the version named seen (a date, "2006-01-02", such as the one an
// app stores for its user): the newest version of d that is not newer than
// seen. It returns nil when seen is d's own version or later (nothing
// changed since), when no version is that old (what changed is unknown), or
// when seen is not a date. The widget's marks and the API's ?since= both
// follow this rule.
func (d *Document) SeenVersion(seen string) *Document {
	if _, err := ParseDay(seen); err != nil || seen >= d.Version() {
		return nil
	}
	for _, v := range d.Versions {
		if v.Version() <= seen {
			return v
		}
	}
	return nil
}

// TOCEntry is one section in a table of contents.
type TOCEntry struct {
	ID       string      `json:"id"`
	Title    string      `json:"title"`
	Level    int         `json:"level"` // the heading's level on the page: 2 for h2
	Children []*TOCEntry `json:"children"`
}

// Meta is what a policy's YAML front matter says about it.
type Meta struct {
	Title       string `json:"title"`       // required
	Description string `json:"description"` // optional, used for <meta name="description">
	Updated     Day    `json:"updated"`     // optional, from "updated: YYYY-MM-DD": the version's date
	Lang        string `json:"lang"`        // optional BCP 47 tag; "en" when absent
	TOCDepth    int    `json:"toc_depth"`   // optional "toc_depth": heading levels listed in the TOC; 2 when absent
}

// Marshal encodes documents as the JSON that Unmarshal reads. The server
// compares the client's documents (policies/documents.go) with the ones it
// parsed in this form.
func Marshal(docs []*Document) ([]byte, error) {
	b, err := json.MarshalIndent(docs, "", " ")
	if err != nil {
		return nil, err
	}
	return append(b, '\n'), nil
}

// Find returns the policy of docs whose slug is slug, or nil.
func Find(docs []*Document, slug string) *Document {
	for _, d := range docs {
		if d.Slug == slug {
			return d
		}
	}
	return nil
}

// Unmarshal decodes documents encoded by Marshal.
func Unmarshal(b []byte) ([]*Document, error) {
	var docs []*Document
	if err := json.Unmarshal(b, &docs); err != nil {
		return nil, fmt.Errorf("decoding policy documents: %w", err)
	}
	return docs, nil
}
