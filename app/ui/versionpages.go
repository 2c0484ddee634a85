//go:build !wasm

package ui

import (
	"strconv"
	"strings"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"github.com/seqeralabs/policy-widget/app/policy"
	"github.com/seqeralabs/policy-widget/app/policy/changes"
	"github.com/seqeralabs/policy-widget/app/site"
)

// The pages of versions, which only the server renders (see versions.go).

// versionPages returns the pages of the versions of d, a policy as of
// s.Day, that a reader of the policy needs: the list of its versions, the
// page of the version before the one in effect and the comparison of the
// two, and, while a version is upcoming, its page and its comparison with
// the one in effect. Site.Page gives every other page of a version.
func (s *Site) versionPages(d *policy.Document) []Page {
	if d.Version() == "" {
		return nil
	}
	pages := []Page{s.versionsPage(d)}
	if len(d.Versions) > 0 {
		prev := d.Versions[0]
		pages = append(pages, s.versionPage(d, prev), s.comparePage(d, prev, d))
	}
	if d.Upcoming != nil {
		pages = append(pages, s.versionPage(d, d.Upcoming), s.comparePage(d, d, d.Upcoming))
	}
	return pages
}

// LinkedPages returns the pages of versions that the pages of the site
// link to, for a static export, which cannot render a page when it is
// asked for: for each policy, the list of its versions, the page of each
// version, and the comparisons of each version with the one before it (the
// list of versions and the feed link them), with the one in effect (a
// version's page, the notice of what changed since a reader's last visit,
// the API) and with the upcoming one (the same, once it has taken effect
// in the reader's browser). Their number grows with the history, not with
// its square. They include those of versionPages.
func (s *Site) LinkedPages() []Page {
	var pages []Page
	for _, d := range s.Docs {
		if d.Version() == "" {
			continue
		}
		pages = append(pages, s.versionsPage(d))
		all := versions(d) // newest first
		seen := make(map[string]bool)
		compare := func(from, to *policy.Document) {
			if p := s.comparePage(d, from, to); from.Updated.Before(to.Updated) && !seen[p.Path] {
				seen[p.Path] = true
				pages = append(pages, p)
			}
		}
		for i, v := range all {
			pages = append(pages, s.versionPage(d, v))
			if i+1 < len(all) {
				compare(all[i+1], v)
			}
			compare(v, d)
			if d.Upcoming != nil {
				compare(v, d.Upcoming)
			}
		}
	}
	return pages
}

// Page returns the page of a version at path (without the site's prefix):
// the list of a policy's versions (site.Versions), the page of one of its
// versions (site.Version), or the comparison of two of its versions, the
// older first (site.Compare). It reports false for any other path, a
// date that is not one of the policy's versions among them.
func (s *Site) Page(path string) (Page, bool) {
	doc := func(slug string) *policy.Document {
		if d := policy.Find(s.Docs, slug); d != nil && d.Version() != "" {
			return d
		}
		return nil
	}
	if v, ok := site.Versions.Match(path); ok {
		if d := doc(v[0]); d != nil {
			return s.versionsPage(d), true
		}
	}
	if v, ok := site.Version.Match(path); ok {
		if d := doc(v[0]); d != nil {
			if version := d.FindVersion(v[1]); version != nil {
				return s.versionPage(d, version), true
			}
		}
	}
	if v, ok := site.Compare.Match(path); ok {
		if d := doc(v[0]); d != nil {
			from, to := d.FindVersion(v[1]), d.FindVersion(v[2])
			if from != nil && to != nil && from.Updated.Before(to.Updated) {
				return s.comparePage(d, from, to), true
			}
		}
	}
	return Page{}, false
}

// versionsPage returns the page that lists the versions of d.
func (s *Site) versionsPage(d *policy.Document) Page {
	return Page{
		Path: site.Versions.Path(d.Slug), Title: pageTitle(d.Title + ": versions"), Lang: d.Lang, Doc: d, NoClient: true,
		Description: "Every published version of the " + d.Title + ", and what changed in each.",
		New:         func() app.Composer { return &versionsPage{Doc: d, Day: s.Day, Prefix: s.Prefix} },
	}
}

// versionPage returns the permanent page of the version v of d.
func (s *Site) versionPage(d, v *policy.Document) Page {
	return Page{
		Path: site.Version.Path(d.Slug, v.Version()), Title: pageTitle(v.Title + ", version of " + versionLongDate(v.Version())),
		Description: v.Description, Lang: v.Lang, Doc: d, NoClient: true,
		New: func() app.Composer { return &versionPage{Version: v, Doc: d, Day: s.Day, Prefix: s.Prefix} },
	}
}

// comparePage returns the page of the changes to d from the version from
// to the later version to.
func (s *Site) comparePage(d, from, to *policy.Document) Page {
	return Page{
		Path:  site.Compare.Path(d.Slug, from.Version(), to.Version()),
		Title: pageTitle(to.Title + ": changes from " + versionLongDate(from.Version()) + " to " + versionLongDate(to.Version())),
		Lang:  to.Lang, Doc: d, NoClient: true,
		New: func() app.Composer { return &comparePage{From: from, To: to, Current: d, Prefix: s.Prefix} },
	}
}

// versions returns every version of d, a policy as of a day, newest
// first: the upcoming one, if any, the one in effect, and the earlier
// ones.
func versions(d *policy.Document) []*policy.Document {
	all := d.History()
	if d.Upcoming != nil {
		all = append([]*policy.Document{d.Upcoming}, all...)
	}
	return all
}

// versionPage is the permanent page of one version of a policy.
type versionPage struct {
	app.Compo

	Version *policy.Document // the version shown
	Doc     *policy.Document // the policy as of Day
	Day     policy.Day
	Prefix  string
}

// Render implements app.Composer.
func (p *versionPage) Render() app.UI {
	v, d := p.Version, p.Doc
	n := &prose{}
	link := func(path, text string) { n.link(href(p.Prefix, path), text) }
	all := func() { n.text(", or see "); link(site.Versions.Path(d.Slug), "all versions"); n.text(".") }
	switch {
	case v == d && !d.InEffect(p.Day):
		n.text("This is the first version of this policy. It takes effect on ").date(v.Updated).text(". See ")
		link(site.Versions.Path(d.Slug), "all versions")
		n.text(".")
	case v == d && d.Upcoming != nil:
		n.text("This is the version in effect, since ").date(v.Updated).text(". It is replaced on ").date(d.Upcoming.Updated).text(": ")
		link(site.Compare.Path(d.Slug, v.Version(), d.Upcoming.Version()), "see what changes")
		all()
	case v == d:
		n.text("This is the version in effect, since ").date(v.Updated).text(". See ")
		link(site.Versions.Path(d.Slug), "all versions")
		n.text(".")
	case v == d.Upcoming:
		n.text("This version takes effect on ").date(v.Updated).text(". Until then, the version of ").date(d.Updated).text(" is in effect: ")
		link(site.Policy.Path(d.Slug), "read it")
		n.text(", ")
		link(site.Compare.Path(d.Slug, d.Version(), v.Version()), "see what changes")
		all()
	default:
		history := versions(d)
		next := d
		for i, h := range history {
			if h == v && i > 0 {
				next = history[i-1]
			}
		}
		n.text("You are reading the version of ").date(v.Updated).text(". It was replaced on ").date(next.Updated).text(": ")
		link(site.Policy.Path(d.Slug), "read the version in effect")
		n.text(", ")
		link(site.Compare.Path(d.Slug, v.Version(), d.Version()), "see what changed since")
		all()
	}
	return shell(p.Prefix, false, versionDate(v), sidebar(v),
		app.Div().Class("version-notice").Body(n.paragraph("version-text")),
		article(v, articleOptions{}),
	)
}

// versionsPage lists the versions of a policy, newest first, with how many
// sections each changed.
type versionsPage struct {
	app.Compo

	Doc    *policy.Document // the policy as of Day
	Day    policy.Day
	Prefix string
}

// Render implements app.Composer.
func (p *versionsPage) Render() app.UI {
	d := p.Doc
	history := versions(d)
	sections := make([][]changes.Section, len(history))
	for i, v := range history {
		sections[i] = changes.Sections(v)
	}
	items := make([]app.UI, 0, len(history))
	for i, v := range history {
		var change app.UI
		if i+1 < len(history) {
			prev := history[i+1]
			sum := changes.Compare(sections[i+1], sections[i])
			n := len(sum.Changed) + len(sum.Added) + len(sum.Removed)
			change = app.A().
				Class("versions-changes").
				Href(href(p.Prefix, site.Compare.Path(d.Slug, prev.Version(), v.Version()))).
				Text(plural(n, "section") + " changed since " + versionLongDate(prev.Version()))
		} else {
			change = app.Span().Class("versions-changes").Text("First published version")
		}
		var state string
		switch {
		case v == d.Upcoming, v == d && !d.InEffect(p.Day):
			state = " (upcoming)"
		case v == d:
			state = " (in effect)"
		}
		items = append(items, app.Li().Class("versions-item").Body(
			app.P().Class("versions-date").Body(
				app.A().Href(href(p.Prefix, site.Version.Path(d.Slug, v.Version()))).Body(
					app.Time().DateTime(v.Version()).Text(versionLongDate(v.Version())),
				),
				app.If(state != "", app.Span().Class("versions-current").Text(state)),
			),
			app.P().Class("versions-title").Text(v.Title),
			app.P().Class("versions-summary").Body(change),
		))
	}
	return shell(p.Prefix, false, versionDate(d), nil,
		app.Div().Class("versions").Body(
			app.H1().ID(site.TopID).Class("policy-title").Attr("tabindex", "-1").Text(d.Title+": versions"),
			app.P().Class("versions-intro").Body(
				app.Text("Every published version of the "),
				app.A().Href(href(p.Prefix, site.Policy.Path(d.Slug))).Text(d.Title),
				app.Text(", newest first, with the day on which each takes effect. "),
				app.A().Href(href(p.Prefix, site.Feed.Path(d.Slug))).Text("Subscribe to changes (Atom feed)"),
				app.Text("."),
			),
			app.Ol().Class("versions-list").Body(items...),
		),
	)
}

// comparePage shows the changes between two versions of a policy, section
// by section, as word-level insertions and deletions, with a table of
// contents of the changed sections only.
type comparePage struct {
	app.Compo

	From, To *policy.Document
	Current  *policy.Document // the policy as of the site's day
	Prefix   string
}

// Render implements app.Composer.
func (p *comparePage) Render() app.UI {
	from, to := p.From.Version(), p.To.Version()
	diffs := changes.Diff(changes.Sections(p.From), changes.Sections(p.To))
	var toc []*policy.TOCEntry
	changed := 0
	for _, s := range diffs {
		if s.Status == changes.Unchanged {
			continue
		}
		changed++
		toc = append(toc, &policy.TOCEntry{ID: diffID(s), Title: diffTitle(s) + " (" + statusText(s.Status) + ")", Level: 2})
	}
	var side app.UI
	if len(toc) > 0 {
		side = app.Div().Class("sidebar").Body(app.Div().Class("sidebar-inner").Body(&tocNav{Entries: toc, Label: "Changed sections"}))
	}
	return shell(p.Prefix, false, versionDate(p.To), side,
		app.Article().Class("policy compare").Lang(p.To.Lang).Body(
			app.Header().Class("policy-header").Body(
				app.H1().ID(site.TopID).Class("policy-title").Attr("tabindex", "-1").Text("Changes to the "+p.To.Title),
				app.P().Class("policy-updated").Body(
					app.Text("From the version of "),
					app.A().Href(href(p.Prefix, site.Version.Path(p.Current.Slug, from))).Body(app.Time().DateTime(from).Text(versionLongDate(from))),
					app.Text(" to the version of "),
					app.A().Href(href(p.Prefix, site.Version.Path(p.Current.Slug, to))).Body(app.Time().DateTime(to).Text(versionLongDate(to))),
					app.Text(": "+plural(changed, "section")+" of "+strconv.Itoa(len(diffs))+" changed. "),
					app.A().Href(href(p.Prefix, site.Versions.Path(p.Current.Slug))).Text("All versions"),
				),
				app.P().Class("compare-legend").Body(
					app.Text("Inserted words are "),
					app.Ins().Text("underlined"),
					app.Text(", deleted words "),
					app.Del().Text("struck through"),
					app.Text("; screen readers announce them as inserted and deleted."),
				),
			),
			rawElement("div", "compare-body", compareHTML(diffs)),
		),
	)
}

// diffID is the id of a section on a compare page: its own, or "preamble"
// for the text before the first heading.
func diffID(s changes.SectionDiff) string {
	if s.ID == "" {
		return "preamble"
	}
	return s.ID
}

func diffTitle(s changes.SectionDiff) string {
	if s.ID == "" {
		return "Introduction"
	}
	return s.Title
}

func statusText(s changes.Status) string {
	switch s {
	case changes.Added:
		return "new"
	case changes.Removed:
		return "removed"
	}
	return "changed"
}

// compareHTML renders the changed sections of a diff: a heading with the
// section's title (the changes of a changed one marked) and status, then its text with
// insertions in <ins> and deletions in <del>, each starting with words for
// screen readers, which do not announce the elements themselves.
func compareHTML(diffs []changes.SectionDiff) string {
	var b strings.Builder
	for _, s := range diffs {
		if s.Status == changes.Unchanged {
			continue
		}
		writeStart(&b, "section", policy.Attr{Key: "class", Val: "diff-section"}, policy.Attr{Key: "data-status", Val: string(s.Status)})
		writeStart(&b, "h2", policy.Attr{Key: "id", Val: diffID(s)}, policy.Attr{Key: "class", Val: "section-heading"}, policy.Attr{Key: "tabindex", Val: "-1"})
		switch {
		case s.ID == "":
			b.WriteString("Introduction")
		case s.Status == changes.Changed:
			writeOps(&b, s.TitleOps)
		default:
			// All new or all removed: the status says so, and the title
			// stays a plain heading.
			b.WriteString(escapeText(s.Title))
		}
		b.WriteString(` <span class="diff-status">` + statusText(s.Status) + `</span></h2>`)
		b.WriteString(`<div class="diff-text">`)
		writeOps(&b, s.Ops)
		b.WriteString("</div></section>")
	}
	if b.Len() == 0 {
		b.WriteString(`<p class="diff-none">The two versions have the same text.</p>`)
	}
	return b.String()
}

// writeOps writes a word diff: insertions in <ins> and deletions in <del>,
// each starting with words for screen readers. One right after the other
// (words replaced by others) has the class diff-next, which sets the two
// apart. The white space around the words of one is written outside it,
// so that no underline or strike-through runs into the words next to it.
func writeOps(b *strings.Builder, ops []changes.Op) {
	for i, op := range ops {
		if op.Kind == changes.Equal {
			b.WriteString(escapeText(op.Text))
			continue
		}
		words := strings.TrimSpace(op.Text)
		if words == "" {
			words = op.Text // only white space: a line break, say
		}
		before, after, _ := strings.Cut(op.Text, words)
		tag, what := "ins", "inserted"
		if op.Kind == changes.Delete {
			tag, what = "del", "deleted"
		}
		class := ""
		if i > 0 && ops[i-1].Kind != changes.Equal && ops[i-1].Kind != op.Kind {
			class = ` class="diff-next"`
		}
		b.WriteString(escapeText(before) + `<` + tag + class + `><span class="visually-hidden">[` + what + `: </span>` +
			escapeText(words) + `<span class="visually-hidden">]</span></` + tag + `>` + escapeText(after))
	}
}
