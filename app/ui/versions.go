package ui

import (
	"strconv"
	"strings"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"github.com/seqeralabs/policy-widget/app/policy"
	"github.com/seqeralabs/policy-widget/app/policy/changes"
)

// The versions of a policy: every published version has a permanent page,
// /<slug>/v/<date> (the current one too); /<slug>/versions lists them; and
// /<slug>/compare/<from>...<to> shows, section by section, the words that
// changed from one version to another. All of them are prerendered and
// kept for offline reading like the policy itself.

// VersionsPath returns the path of the list of versions of the policy slug.
func VersionsPath(slug string) string { return "/" + slug + "/versions" }

// VersionPath returns the permanent path of the version v of the policy
// slug: "/privacy/v/2021-02-27".
func VersionPath(slug, v string) string { return "/" + slug + "/v/" + v }

// ComparePath returns the path of the page comparing the versions from and
// to of the policy slug: "/privacy/compare/2021-02-27...2026-01-15".
func ComparePath(slug, from, to string) string {
	return "/" + slug + "/compare/" + from + "..." + to
}

// FeedPath returns the path of the Atom feed of the versions of the policy
// slug.
func FeedPath(slug string) string { return "/" + slug + "/changes.atom" }

// versionPages returns the pages of the versions of d.
func (s *Site) versionPages(d *policy.Document) []Page {
	if d.Version() == "" {
		return nil
	}
	title := d.Title
	pages := []Page{{
		Path: VersionsPath(d.Slug), Title: pageTitle(title + ": versions"), Lang: d.Lang, Doc: d,
		Description: "Every published version of the " + title + ", and what changed in each.",
		New:         func() app.Composer { return &versionsPage{Doc: d, Prefix: s.Prefix} },
	}}
	history := d.History()
	for _, v := range history {
		pages = append(pages, Page{
			Path: VersionPath(d.Slug, v.Version()), Title: pageTitle(v.Title + ", version of " + versionLongDate(v.Version())),
			Description: v.Description, Lang: v.Lang, Doc: d,
			New: func() app.Composer { return &versionPage{Doc: v, Current: d, Prefix: s.Prefix} },
		})
	}
	// Every pair, older first: a reader may have read any version.
	for i := len(history) - 1; i > 0; i-- {
		for j := i - 1; j >= 0; j-- {
			from, to := history[i], history[j]
			pages = append(pages, Page{
				Path:  ComparePath(d.Slug, from.Version(), to.Version()),
				Title: pageTitle(to.Title + ": changes from " + versionLongDate(from.Version()) + " to " + versionLongDate(to.Version())),
				Lang:  to.Lang, Doc: d,
				New: func() app.Composer { return &comparePage{From: from, To: to, Current: d, Prefix: s.Prefix} },
			})
		}
	}
	return pages
}

// versionPage is the permanent page of one version of a policy.
type versionPage struct {
	app.Compo

	Doc     *policy.Document // the version shown
	Current *policy.Document // the policy's current version
	Prefix  string

	mounted bool
}

// OnMount implements app.Mounter.
func (p *versionPage) OnMount(ctx app.Context) {
	setPage(ctx, p.Doc.Title+", version of "+versionLongDate(p.Doc.Version()), p.Doc.Description, p.Doc.Lang)
	p.mounted = true
}

// Render implements app.Composer.
func (p *versionPage) Render() app.UI {
	d, cur := p.Doc, p.Current
	v := d.Version()
	var notice app.UI
	if v == cur.Version() {
		notice = app.P().Body(
			app.Text("This is the current version of this policy, published on "),
			app.Time().DateTime(v).Text(versionLongDate(v)),
			app.Text(". "),
			app.A().Href(href(p.Prefix, VersionsPath(cur.Slug))).Text("All versions"),
		)
	} else {
		notice = app.P().Body(
			app.Text("You are reading the version of "),
			app.Time().DateTime(v).Text(versionLongDate(v)),
			app.Text(". It was replaced on "),
			app.Time().DateTime(cur.Version()).Text(versionLongDate(cur.Version())),
			app.Text(": "),
			app.A().Href(href(p.Prefix, "/"+cur.Slug)).Text("read the current version"),
			app.Text(", "),
			app.A().Href(href(p.Prefix, ComparePath(cur.Slug, v, cur.Version()))).Text("see what changed since"),
			app.Text(", or "),
			app.A().Href(href(p.Prefix, VersionsPath(cur.Slug))).Text("see all versions"),
			app.Text("."),
		)
	}
	return shell(p.Prefix, p.mounted, versionDate(d), sidebar(d),
		app.Div().Class("version-notice").Body(notice),
		article(d, articleOptions{}),
	)
}

// versionsPage lists the versions of a policy, newest first, with how many
// sections each changed.
type versionsPage struct {
	app.Compo

	Doc    *policy.Document
	Prefix string

	mounted bool
}

// OnMount implements app.Mounter.
func (p *versionsPage) OnMount(ctx app.Context) {
	setPage(ctx, p.Doc.Title+": versions", "", p.Doc.Lang)
	p.mounted = true
}

// Render implements app.Composer.
func (p *versionsPage) Render() app.UI {
	d := p.Doc
	history := d.History()
	items := make([]app.UI, 0, len(history))
	for i, v := range history {
		var change app.UI
		if i+1 < len(history) {
			prev := history[i+1]
			sum := changes.Compare(changes.Sections(prev), changes.Sections(v))
			n := len(sum.Changed) + len(sum.Added) + len(sum.Removed)
			change = app.A().
				Class("versions-changes").
				Href(href(p.Prefix, ComparePath(d.Slug, prev.Version(), v.Version()))).
				Text(plural(n, "section") + " changed since " + versionLongDate(prev.Version()))
		} else {
			change = app.Span().Class("versions-changes").Text("First published version")
		}
		items = append(items, app.Li().Class("versions-item").Body(
			app.P().Class("versions-date").Body(
				app.A().Href(href(p.Prefix, VersionPath(d.Slug, v.Version()))).Body(
					app.Time().DateTime(v.Version()).Text(versionLongDate(v.Version())),
				),
				app.If(i == 0, app.Span().Class("versions-current").Text(" (current)")),
			),
			app.P().Class("versions-title").Text(v.Title),
			app.P().Class("versions-summary").Body(change),
		))
	}
	return shell(p.Prefix, p.mounted, versionDate(d), nil,
		app.Div().Class("versions").Body(
			app.H1().ID("top").Class("policy-title").Attr("tabindex", "-1").Text(d.Title+": versions"),
			app.P().Class("versions-intro").Body(
				app.Text("Every published version of the "),
				app.A().Href(href(p.Prefix, "/"+d.Slug)).Text(d.Title),
				app.Text(", newest first. "),
				app.A().Href(href(p.Prefix, FeedPath(d.Slug))).Text("Subscribe to changes (Atom feed)"),
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
	Current  *policy.Document
	Prefix   string

	mounted bool
}

// OnMount implements app.Mounter.
func (p *comparePage) OnMount(ctx app.Context) {
	setPage(ctx, p.To.Title+": changes from "+versionLongDate(p.From.Version())+" to "+versionLongDate(p.To.Version()), "", p.To.Lang)
	p.mounted = true
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
	return shell(p.Prefix, p.mounted, versionDate(p.To), side,
		app.Article().Class("policy compare").Lang(p.To.Lang).Body(
			app.Header().Class("policy-header").Body(
				app.H1().ID("top").Class("policy-title").Attr("tabindex", "-1").Text("Changes to the "+p.To.Title),
				app.P().Class("policy-updated").Body(
					app.Text("From the version of "),
					app.A().Href(href(p.Prefix, VersionPath(p.Current.Slug, from))).Body(app.Time().DateTime(from).Text(versionLongDate(from))),
					app.Text(" to the version of "),
					app.A().Href(href(p.Prefix, VersionPath(p.Current.Slug, to))).Body(app.Time().DateTime(to).Text(versionLongDate(to))),
					app.Text(": "+plural(changed, "section")+" of "+strconv.Itoa(len(diffs))+" changed. "),
					app.A().Href(href(p.Prefix, VersionsPath(p.Current.Slug))).Text("All versions"),
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

// plural returns "1 section" or "n sections".
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return strconv.Itoa(n) + " " + noun + "s"
}
