package ui

import (
	"strconv"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"github.com/seqeralabs/policy-widget/app/policy"
	"github.com/seqeralabs/policy-widget/app/site"
)

// The versions of a policy: every published version has a permanent page,
// /<slug>/v/<date> (site.Version: the one in effect and the upcoming one
// too); /<slug>/versions (site.Versions) lists them; and
// /<slug>/compare/<from>...<to> (site.Compare) shows, section by section,
// the words that changed from one version to a later one. These are the server's pages (versionpages.go, which the client
// does not carry): the client does not mount them, so that neither the
// components nor the word diffs nor the older versions' text weigh on it.
//
// The server renders at start, and the service worker keeps for offline
// reading, those that a reader of the policy needs: the list of versions,
// the page of the version before the one in effect and the comparison of
// the two, and, while a version is upcoming, its page and its comparison
// with the one in effect. It renders any other when it is asked for
// (Site.Page), and the service worker keeps those that a reader opened.

// upcomingNotice is the notice at the top of a policy d, as of a day, that
// is to change: "This policy changes on <date>", with a link to the
// comparison of the version in effect with the upcoming one (when linked:
// the site's pages are at prefix; in a new tab when newTab). A policy
// announced before it first takes effect says when it does. It is nil when
// neither is the case.
func upcomingNotice(d *policy.Document, day policy.Day, prefix string, linked, newTab bool) app.UI {
	var what string
	var date policy.Day
	var compare string
	switch {
	case !d.InEffect(day):
		what, date = "This policy takes effect on ", d.Updated
	case d.Upcoming != nil:
		what, date = "This policy changes on ", d.Upcoming.Updated
		compare = href(prefix, site.Compare.Path(d.Slug, d.Version(), d.Upcoming.Version()))
	default:
		return nil
	}
	p := &prose{}
	p.strong(func(p *prose) { p.text(what).date(date) })
	if linked && compare != "" {
		var attrs []policy.Attr
		if newTab {
			attrs = []policy.Attr{{Key: "target", Val: "_blank"}, {Key: "rel", Val: "noopener"}}
		}
		p.text(": ").link(compare, "see what changes", append(attrs, policy.Attr{Key: "class", Val: "upcoming-link"})...)
	}
	p.text(".")
	return app.Div().Class("version-notice upcoming-notice").Body(p.paragraph("upcoming-text"))
}

// plural returns "1 section" or "n sections".
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return strconv.Itoa(n) + " " + noun + "s"
}
