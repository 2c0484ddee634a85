// Package api holds the answers of the widget's JSON API (served by
// app/server, routes in app/server/api.go), one type per answer, for the
// server that writes them and for Go clients that read them: it imports
// nothing.
//
// The README's tables of the API are generated from this file: `go test
// ./app/api -update` rewrites them, and the test fails when they disagree.
// Each field's comment is its meaning in those tables: keep it one
// sentence, about what a client reads.
//
// A version of a policy is its date, "YYYY-MM-DD": the day it takes
// effect. A digest identifies the bytes of a policy's file, and changes
// with any of them.
package api

// List is the answer of GET /api/policies: every policy.
type List struct {
	Policies []*Policy `json:"policies"` // every policy, sorted by slug
}

// Policy is a policy, as of today, in the list.
type Policy struct {
	Slug        string `json:"slug"`        // the policy's name in URLs: "privacy"
	Title       string `json:"title"`       // from its front matter
	Description string `json:"description"` // from its front matter; "" when it has none
	Lang        string `json:"lang"`        // the BCP 47 language of its text: "en"
	// Version is the version in effect, such as "2021-02-27"; null for a
	// policy without an updated date.
	Version *string `json:"version"`
	// Digest is a hex string that identifies the content of the file of
	// the version in effect, and changes with any byte of it; not a
	// version.
	Digest   string `json:"digest"`
	URL      string `json:"url"`       // the policy's page
	EmbedURL string `json:"embed_url"` // the page without the site around it, for a frame
	// Versions are the versions published so far, newest first: the one in
	// effect and the earlier ones (not the upcoming one); empty for a
	// policy without an updated date.
	Versions []Version `json:"versions"`
	// Upcoming is the next version, published but not in effect yet; null
	// when there is none.
	Upcoming *Upcoming `json:"upcoming"`
}

// Version is one version of a policy.
type Version struct {
	Date string `json:"date"` // the version: the day it takes effect, "2021-02-27"
	URL  string `json:"url"`  // its permanent page, /<slug>/v/<date>
}

// Upcoming is a version that is announced and not in effect yet.
type Upcoming struct {
	Date       string `json:"date"`        // the version: the day it takes effect
	URL        string `json:"url"`         // its permanent page
	CompareURL string `json:"compare_url"` // the page of what changes from the version in effect
}

// PolicyDetail is the answer of GET /api/policies/<slug>: the policy
// with its text, and with ?since=<date>, what changed since then.
type PolicyDetail struct {
	Policy
	Heading string      `json:"heading"` // the text of the page's h1
	TOC     []*TOCEntry `json:"toc"`     // the table of contents, a tree
	HTML    string      `json:"html"`    // the sanitised body of the version in effect, without the h1
	// Changes are what changed since the version of ?since=; only in
	// answers to it.
	Changes *Changes `json:"changes,omitempty"`
}

// TOCEntry is an entry of the table of contents.
type TOCEntry struct {
	ID       string      `json:"id"`       // the section's heading id, its anchor on the page
	Title    string      `json:"title"`    // the heading's text
	Level    int         `json:"level"`    // the heading's level: 2 for h2
	Children []*TOCEntry `json:"children"` // the entries under it; never null
}

// Changes are the sections of the version in effect that differ from
// the version a reader last saw, by heading id ("" is the introduction,
// before the first heading), in the order of the text.
type Changes struct {
	// Since is the version compared with: the newest version not newer
	// than the date of ?since= (the widget's marks follow the same rule),
	// the version in effect when that date is not older; null when it is
	// older than every version, and what changed is not known.
	Since *string `json:"since"`
	// CompareURL is the page of the changes word by word; null when
	// nothing changed, or since is null.
	CompareURL *string  `json:"compare_url"`
	Changed    []string `json:"changed"` // in both versions, with other content
	Added      []string `json:"added"`   // only in the version in effect
	Removed    []string `json:"removed"` // only in the version compared with
}

// Error is the answer of a request that fails, with its status code.
type Error struct {
	Error string `json:"error"` // what is wrong, and what to ask instead
}

// OEmbed is the answer of GET /oembed?url=<a policy's page>: an oEmbed 1.0
// response of type "rich", for CMSs.
type OEmbed struct {
	Version      string `json:"version"`       // "1.0", oEmbed's
	Type         string `json:"type"`          // "rich"
	ProviderName string `json:"provider_name"` // the site's name
	ProviderURL  string `json:"provider_url"`  // the site's index
	Title        string `json:"title"`         // the policy's title
	HTML         string `json:"html"`          // the script tag of embed.js that shows the policy
	Width        int    `json:"width"`         // at most ?maxwidth=, 720 by default
	Height       int    `json:"height"`        // at most ?maxheight=, 800 by default
}
