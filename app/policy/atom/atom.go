// Package atom writes the Atom feed of a policy's versions, which the
// server serves at /<slug>/changes.atom (site.Feed): one entry per
// published version, newest first, listing the sections it changed and
// linking to its compare page. An upcoming version has its entry as soon
// as it is published, before it takes effect: the feed announces the
// change. An entry says from which day its version is in effect, so that
// it reads the same before and after that day: the feed does not change
// on the day, and no reader is told of the change twice. Policy pages link
// to it from their <head>, so a feed reader finds it from the page's
// address.
package atom

import (
	"bytes"
	"encoding/xml"
	"html"
	"strings"
	"time"

	"github.com/seqeralabs/policy-widget/app/policy"
	"github.com/seqeralabs/policy-widget/app/policy/changes"
	"github.com/seqeralabs/policy-widget/app/site"
)

type atomFeed struct {
	XMLName xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	Lang    string      `xml:"xml:lang,attr,omitempty"`
	ID      string      `xml:"id"`
	Title   string      `xml:"title"`
	Updated string      `xml:"updated"`
	Links   []atomLink  `xml:"link"`
	Author  atomAuthor  `xml:"author"`
	Entries []atomEntry `xml:"entry"`
}

type atomLink struct {
	Rel  string `xml:"rel,attr,omitempty"`
	Type string `xml:"type,attr,omitempty"`
	Href string `xml:"href,attr"`
}

type atomAuthor struct {
	Name string `xml:"name"`
}

type atomEntry struct {
	ID      string      `xml:"id"`
	Title   string      `xml:"title"`
	Updated string      `xml:"updated"`
	Links   []atomLink  `xml:"link"`
	Content atomContent `xml:"content"`
}

type atomContent struct {
	Type string `xml:"type,attr"`
	Body string `xml:",chardata"`
}

// atomTime writes a version's date as an Atom date.
func atomTime(t time.Time) string {
	return t.UTC().Format(time.RFC3339)
}

// Feed returns the Atom feed of the versions of d, a policy as of a day,
// whose pages are under base (the site's public URL).
func Feed(base string, d *policy.Document) []byte {
	history := d.History()
	if d.Upcoming != nil {
		history = append([]*policy.Document{d.Upcoming}, history...)
	}
	self := base + site.Feed.Path(d.Slug)
	f := atomFeed{
		Lang:    d.Lang,
		ID:      self,
		Title:   d.Title + ": changes",
		Updated: atomTime(history[0].Updated.Time()),
		Links: []atomLink{
			{Rel: "self", Type: "application/atom+xml", Href: self},
			{Rel: "alternate", Type: "text/html", Href: base + site.Policy.Path(d.Slug)},
		},
		Author: atomAuthor{Name: "Seqera"},
	}
	for i, v := range history {
		page := base + site.Version.Path(d.Slug, v.Version())
		e := atomEntry{
			ID:      page,
			Title:   v.Title + ": version of " + v.Updated.Format("2 January 2006"),
			Updated: atomTime(v.Updated.Time()),
			Links:   []atomLink{{Rel: "alternate", Type: "text/html", Href: page}},
		}
		var body strings.Builder
		body.WriteString("<p>In effect from " + html.EscapeString(v.Updated.Format("2 January 2006")) + ".</p>")
		if i+1 < len(history) {
			prev := history[i+1]
			compare := base + site.Compare.Path(d.Slug, prev.Version(), v.Version())
			e.Links = []atomLink{
				{Rel: "alternate", Type: "text/html", Href: compare},
				{Rel: "related", Type: "text/html", Href: page},
			}
			sum := changes.Compare(changes.Sections(prev), changes.Sections(v))
			body.WriteString("<p>Changes since the version of " + html.EscapeString(prev.Updated.Format("2 January 2006")) + ":</p><ul>")
			item := func(what string, s changes.Section) {
				title := s.Title
				if s.ID == "" {
					title = "Introduction"
				}
				body.WriteString("<li>" + what + ": " + html.EscapeString(title) + "</li>")
			}
			for _, s := range sum.Changed {
				item("Changed", s)
			}
			for _, s := range sum.Added {
				item("New", s)
			}
			for _, s := range sum.Removed {
				item("Removed", s)
			}
			body.WriteString(`</ul><p><a href="` + html.EscapeString(compare) + `">See every change, word by word.</a></p>`)
		} else {
			body.WriteString("<p>The first published version.</p>")
		}
		e.Content = atomContent{Type: "html", Body: body.String()}
		f.Entries = append(f.Entries, e)
	}
	var b bytes.Buffer
	b.WriteString(xml.Header)
	enc := xml.NewEncoder(&b)
	enc.Indent("", "  ")
	if err := enc.Encode(f); err != nil {
		panic(err) // strings only: cannot happen
	}
	b.WriteByte('\n')
	return b.Bytes()
}

// ContentType is the Content-Type of the feeds.
const ContentType = "application/atom+xml; charset=utf-8"
