// Package policy is the model of a policy: a Document with its metadata,
// table of contents and sanitised body tree, and its versions. It imports
// no parser, go-app or net/http, so that the WebAssembly client can carry
// documents without a Markdown parser; package markdown makes them from
// the Markdown files, and checks them.
//
// # Versions
//
// A policy is a series of versions, each the text of the policy from one
// day on. A version is named by that day, its date: the "updated" of its
// front matter, written YYYY-MM-DD (Document.Version, Meta.Updated). That
// is what "version" means everywhere: on the pages, in URLs
// (/privacy/v/2021-02-27), in the API, the feed and the export. The files
// are:
//
//	policies/privacy.md             the newest version
//	policies/privacy/2021-02-27.md  an earlier version, named after its date
//
// A policy as loaded is its newest version, with the earlier ones in
// Versions, newest first. It does not depend on the day: the server, the
// client (policies/documents.go) and a test hold the same documents, and
// ask them for the policy as of a day.
//
// # In effect, and upcoming
//
// On a given day, the version in effect is the newest one dated on or
// before that day. A version dated after the day is upcoming: it is
// published and announced, but not in effect yet, and takes effect on its
// date without anything being deployed. Document.At gives the policy as
// readers see it on a day: the version in effect, with the versions before
// it in Versions and the upcoming one in Upcoming, and the day on which
// that answer changes. Two cases are special:
//
//   - A policy without "updated" has one version, always in effect. It
//     cannot have earlier versions.
//   - A policy whose first version is dated after the day is announced
//     before it takes effect: At gives that first version, which is not in
//     effect (Document.InEffect is false), so that readers can read it
//     beforehand; its pages are to say when it takes effect.
//
// A policy announces at most one upcoming version at a time, and it is
// the newest file, policies/<slug>.md: see the checks below.
//
// # Days and time zones
//
// A date is a Day: a calendar date, without a time of day or a time zone,
// made from its text (ParseDay), its parts (NewDay), or a moment in a time
// zone that the caller names (DayIn, Today). Which day it is depends on
// where one is:
//
//   - the server and the static export go by UTC: Today(time.UTC);
//   - the WebAssembly client goes by the reader's local date:
//     Today(time.Local). Go sets time.Local in the browser to the offset
//     of the browser's time zone when the program starts (a fixed offset,
//     which is enough to tell the date).
//
// A new version thus takes effect on the server at midnight UTC, and in a
// reader's browser at the reader's midnight: a reader in Tokyo sees it up
// to 9 hours before the server says it is in effect, one in California up
// to 8 hours after. Pages that carry both texts are to pick one by the
// reader's date, online or offline.
//
// # Digests
//
// A digest identifies the content of a file, not a version: the hex of
// the first 8 bytes of the SHA-256 of the file as read
// (Document.Digest). It changes with any byte of the file, a typo fixed
// in an earlier version included, while the version stays the same. Use
// it where bytes matter (ETags, caches, a check that a copy is current),
// and the version where readers and URLs are concerned.
//
// # The checks
//
// Package markdown refuses to load policies that break these rules, with
// an error that names the file and the line ("file:line:col: message"),
// so that `policy check`, `make build`, `go generate ./policies` and the
// server's start all fail:
//
//   - "updated" is a real date, written YYYY-MM-DD ("2026-02-30" is not);
//   - an earlier version is named after its own "updated", and that name
//     is a real date;
//   - a policy with earlier versions has an "updated" itself;
//   - no two versions of a policy have the same date;
//   - the newest file, policies/<slug>.md, is newer than every earlier
//     version: an earlier version is never dated after it;
//   - as of the day checked (today in UTC, or `policy check -at`), at most
//     one version of a policy is upcoming, and it is policies/<slug>.md.
//
// Every rule but the last holds whatever the day; the last one only gets
// easier as days pass. Policies that load on a day therefore load on every
// later day: a server started before an upcoming version takes effect
// still starts after it.
//
// # As of a day
//
// A server serves the policies as of the day in UTC, and asks again when
// that answer changes:
//
//	views, next := policy.At(docs, policy.Today(time.UTC))
//	// ... serve views; when policy.Today(time.UTC) is no longer before
//	// next (and next is not zero), call policy.At again.
//
// The client does the same with the reader's date, so that it switches
// without a server, offline too:
//
//	view, _ := doc.At(policy.Today(time.Local))
//	if view.Upcoming != nil {
//		// "This policy changes on <view.Upcoming.Updated>", linking to
//		// the comparison of view and view.Upcoming.
//	}
//
// The static export writes the site as of a day (today in UTC, or an -at
// day), and the pages of both texts when a version is upcoming:
//
//	view, next := doc.At(day)
//	// write view; when view.Upcoming != nil, write it too, and let the
//	// page pick one by the reader's date (next is its date).
package policy
