package ui

import (
	"strconv"
	"time"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"github.com/seqeralabs/policy-widget/app/policy"
	"github.com/seqeralabs/policy-widget/app/policy/changes"
	"github.com/seqeralabs/policy-widget/app/site"
)

// What changed since the reader last read a policy. The widget remembers,
// per policy and in the browser's localStorage only, the version the reader
// last saw. On a visit to a newer version, each section that changed or is
// new is marked "Updated" or "New" (the heading carries data-changed, and
// so does its entry in the table of contents), and a notice says how many
// sections changed since then, lists the removed ones, and links to the
// compare page. A first visit shows no marks. The marks of a visit stay
// for reloads in the same tab (sessionStorage) until the notice is
// dismissed.
//
// An app that knows which version its user last accepted passes it instead
// (Embedded.Since, embed.js's data-since); then nothing is stored.

// changeMarks are the changes shown to a returning reader.
type changeMarks struct {
	// Since is the version compared with, such as "2021-02-27".
	Since string

	// Status gives the Changed or Added status of a section, by id.
	Status map[string]changes.Status

	// Removed are the sections of Since that the policy no longer has.
	Removed []changes.Section

	// Dismissed hides the notice; the marks stay.
	Dismissed bool
}

// count is the number of sections that changed, were added or removed.
func (m *changeMarks) count() int {
	return len(m.Status) + len(m.Removed)
}

// status returns the mark of the section id, or "".
func (m *changeMarks) status(id string) changes.Status {
	if m == nil {
		return ""
	}
	return m.Status[id]
}

// marksBetween returns the marks of cur for a reader who read old.
func marksBetween(old, cur *policy.Document) *changeMarks {
	sum := changes.Compare(changes.Sections(old), changes.Sections(cur))
	m := &changeMarks{Since: old.Version(), Status: make(map[string]changes.Status), Removed: sum.Removed}
	for _, s := range sum.Changed {
		m.Status[s.ID] = changes.Changed
	}
	for _, s := range sum.Added {
		m.Status[s.ID] = changes.Added
	}
	if m.count() == 0 {
		return nil
	}
	return m
}

// readerMarks returns the marks to show on d for this reader, and records
// that the reader has now seen d's version. since is the version an app
// passed (Embedded.Since), or "" to use what the browser remembers.
func readerMarks(ctx app.Context, d *policy.Document, prefix, since string) *changeMarks {
	cur := d.Version()
	if cur == "" {
		return nil
	}
	session := site.StorageKey("since", prefix, d.Slug)
	if since == "" {
		since = storageGet(sessionStorage, session)
		if since == "" {
			since = storageGet(localStorage, site.StorageKey("seen", prefix, d.Slug))
		}
		if since != "" && since < cur {
			storageSet(sessionStorage, session, since)
		}
		storageSet(localStorage, site.StorageKey("seen", prefix, d.Slug), cur)
	}
	old := d.SeenVersion(since)
	if old == nil {
		return nil
	}
	return marksBetween(old, d)
}

// dismissMarks forgets the marks of this tab.
func dismissMarks(ctx app.Context, d *policy.Document, prefix string) {
	ctx.SessionStorage().Del(site.StorageKey("since", prefix, d.Slug))
}

// The browser's storages, by their names on window.
const (
	localStorage   = "localStorage"
	sessionStorage = "sessionStorage"
)

// storageGet returns the string stored under key in the storage named
// store, or "" when there is none or the browser refuses access. Values
// are JSON strings, as go-app's ctx.LocalStorage writes them; the widget
// reads and writes them itself because encoding/json, by reflection, is a
// long task at mount in WebAssembly (V8 compiles each function on its first
// call), and its values are dates.
func storageGet(store, key string) (s string) {
	defer func() {
		if recover() != nil {
			s = "" // a frame without storage: a SecurityError
		}
	}()
	v := app.Window().Get(store).Call("getItem", key)
	if v.Type() != app.TypeString {
		return ""
	}
	s, err := strconv.Unquote(v.String())
	if err != nil {
		return ""
	}
	return s
}

// storageSet stores s under key in the storage named store, as a JSON
// string (see storageGet), and does nothing when the browser refuses.
func storageSet(store, key, s string) {
	defer func() { recover() }()
	app.Window().Get(store).Call("setItem", key, strconv.Quote(s))
}

// viewed dispatches the policy:viewed event (site.ViewedEvent) on the
// document: the version of d on screen, and the one compared with, if any.
// A host app listens to it to record that its user has seen the policy;
// embed.js relays it from its frame to the host page.
func viewed(d *policy.Document, m *changeMarks) {
	detail := map[string]any{"policy": d.Slug, "version": d.Version()}
	if m != nil {
		detail["since"] = m.Since
		detail["changed"] = m.count()
	}
	ev := app.Window().Get("CustomEvent").New(site.ViewedEvent, map[string]any{"detail": detail, "bubbles": true})
	app.Window().Get("document").Call("dispatchEvent", ev)
}

// changesNotice is the notice of the changes since the reader's version,
// with a link to the compare page (when linked: the site's pages are at
// prefix; in a new tab when newTab) and a button that hides it.
func changesNotice(d *policy.Document, m *changeMarks, prefix string, linked, newTab bool, dismiss app.EventHandler) app.UI {
	if m == nil || m.Dismissed {
		return nil
	}
	n := m.count()
	what := strconv.Itoa(n) + " sections changed"
	if n == 1 {
		what = "1 section changed"
	}
	var removed []app.UI
	for i, s := range m.Removed {
		if i > 0 {
			removed = append(removed, app.Text(", "))
		}
		removed = append(removed, app.Span().Class("changes-removed-title").Text(s.Title))
	}
	link := app.A().Class("changes-link").Href(href(prefix, site.Compare.Path(d.Slug, m.Since, d.Version()))).Text("show changes")
	if newTab {
		link = link.Target("_blank").Rel("noopener")
	}
	return app.Div().Class("changes-notice").Attr("role", "status").Body(
		app.P().Class("changes-summary").Body(
			app.Strong().Text(what),
			app.Text(" since "),
			app.Time().DateTime(m.Since).Text(versionLongDate(m.Since)),
			app.If(linked,
				app.Text(" — "),
				link,
			),
		),
		app.If(len(removed) > 0,
			app.P().Class("changes-removed").Body(append([]app.UI{app.Text("Removed: ")}, removed...)...),
		),
		app.Button().Type("button").Class("changes-dismiss").Aria("label", "Dismiss the notice of changes").Text("Dismiss").OnClick(dismiss),
	)
}

// changeLabel is the visible label of a marked section.
func changeLabel(s changes.Status) string {
	if s == changes.Added {
		return "New"
	}
	return "Updated"
}

// versionDate returns the date of the version v ("2021-02-27") as the pages
// write dates: "27 February 2021".
func versionLongDate(v string) string {
	t, err := time.Parse(policy.VersionLayout, v)
	if err != nil {
		return v
	}
	return longDate(t)
}

// longDate writes a date as the pages do: "27 February 2021".
func longDate(t time.Time) string {
	return t.Format("2 January 2006")
}
