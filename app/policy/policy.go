// Package policy is the model of a policy: a Document with its metadata,
// table of contents and sanitised body tree. It imports no parser, so the
// WebAssembly client can carry documents without a Markdown parser;
// package markdown makes them from the Markdown files.
package policy

import (
	"encoding/json"
	"fmt"
	"time"
)

// Document is one policy, parsed and checked.
type Document struct {
	Slug string `json:"slug"` // from the file name: "privacy" for privacy.md
	File string `json:"file"` // the file's name, for messages
	Meta

	// Heading is the text of the page's one h1: the policy's leading "#"
	// heading when it repeats the title, and the title otherwise.
	Heading string `json:"heading"`

	TOC  []*TOCEntry `json:"toc"`  // the sections listed in the table of contents
	Body []*Node     `json:"body"` // the sanitised body, without the page's h1

	// Warnings are problems that do not stop the policy from being served,
	// such as a link to a section that does not exist.
	Warnings []*Error `json:"warnings,omitempty"`

	// Versions are the policy's earlier published versions, newest first,
	// from policies/<slug>/<YYYY-MM-DD>.md; empty in a version itself.
	Versions []*Document `json:"versions,omitempty"`
}

// VersionLayout is the layout of a version's name: the date of its
// "updated", as in policies/privacy/2021-02-27.md.
const VersionLayout = "2006-01-02"

// Version names the version of the policy that d is: the date of its
// "updated", such as "2021-02-27", or "" when it has none.
func (d *Document) Version() string {
	if d.Updated.IsZero() {
		return ""
	}
	return d.Updated.Format(VersionLayout)
}

// History returns d and its earlier versions, newest first.
func (d *Document) History() []*Document {
	return append([]*Document{d}, d.Versions...)
}

// FindVersion returns the version of d named v (d itself when v is d's
// version), or nil.
func (d *Document) FindVersion(v string) *Document {
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
	if _, err := time.Parse(VersionLayout, seen); err != nil || seen >= d.Version() {
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
	Title       string    `json:"title"`       // required
	Description string    `json:"description"` // optional, used for <meta name="description">
	Updated     time.Time `json:"updated"`     // optional, from "updated: 2006-01-02"
	Lang        string    `json:"lang"`        // optional BCP 47 tag; "en" when absent
	TOCDepth    int       `json:"toc_depth"`   // optional "toc_depth": heading levels listed in the TOC; 2 when absent
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
