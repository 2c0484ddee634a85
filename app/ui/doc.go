// Package ui holds the go-app components of the policy widget: the page
// shell, a policy with its table of contents, the index of policies, the
// not-found page, and the pages of a policy's versions.
//
// A Site is the set of pages as of a day (policy.At): the server makes its
// own as of the day in UTC, and the WebAssembly client its own as of the
// reader's date, so that a version takes effect for each reader on their
// date without a redeploy, offline too. Until then, the page of a policy
// that is to change says so at the top, and links to the comparison of
// the two versions.
//
// Two kinds of pages:
//
//   - The pages that the client mounts (Site.Pages without NoClient): the
//     index, each policy's page and embed page, the not-found page. The
//     server prerenders them, and the client takes them over, which needs
//     the policies' text in the client: it carries each policy's two
//     newest versions whole, and the older ones as the digests of their
//     sections (changes.Abridge), enough to mark what changed since a
//     reader's last visit.
//   - The pages of versions (versionpages.go, built for the server only):
//     a version, the list of versions, a comparison of two versions. The
//     server renders those that a reader of a policy needs at start, and
//     the service worker keeps them; any other when it is asked for. The
//     client does not mount them: their components, the word diffs and
//     the older versions' text stay out of it, and a link to one from a
//     page of the client loads it from the server (Site.RouteOthers).
//
// # Reading and navigating
//
// Every page can be read and navigated before, and without, the client:
// web/nav.js, a small script on every page, adds section navigation to the
// prerendered page and keeps it working after go-app replaces the page with
// the DOM it builds (the same components render both, so nothing moves). It
// is JavaScript because the client takes seconds to arrive on a phone, and
// a reader who follows a link to #cookies should not wait for it.
//
//   - Table of contents and in-page links: the URL hash is updated (Back
//     returns), the heading lands below the sticky header (CSS
//     scroll-padding-top), keyboard focus moves to it, and a second click
//     scrolls again; smoothly only when prefers-reduced-motion allows.
//   - The entry of the section being read is marked, with
//     aria-current="location" (IntersectionObservers, no scroll handler).
//   - Deep links (/privacy#cookies) land on load, stay there when the
//     client mounts, and follow Back and Forward.
//   - Each section heading has a link to itself and a button that copies
//     it. Below 56rem the table of contents is an "On this page" bar that
//     names the current section.
//   - The shell: a skip link, header, nav and main landmarks, the policy's
//     lang, visible focus, light and dark themes at WCAG 2.2 AA contrast,
//     pinch-zoom, "Back to top", and a print style sheet.
//
// A page that hosts the widget can take section navigation over: before it
// scrolls, nav.js dispatches a cancelable policy:navigate event on the
// document (the frame of the embed does, to scroll the host page instead).
//
// # What changed since the last visit
//
// The widget remembers in the browser's storage, per policy, the version
// the reader last saw (changed.go; nothing leaves the browser). On a visit
// to a newer version, the changed and new sections are marked in the text
// and the table of contents, and a notice says how many changed since then
// and links to the comparison. An app that knows which version its user
// accepted passes it instead (Embedded.Since, the element's since). Each
// time a policy is shown, a policy:viewed event says which version, and
// the one compared with.
package ui
