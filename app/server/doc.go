//go:build !wasm

// Package server is the HTTP side of the policy widget: it checks the
// policies, prerenders every page through go-app, and serves the pages, the
// WebAssembly client and the static assets from memory, compressed on
// demand. Package export writes the same answers (Server.Files) as files
// for a static host.
//
// A Server is an http.Handler made from a Config, and nothing else: it
// neither listens nor sets connection timeouts nor handles signals, which
// belong to the program that mounts it. `policy serve` (cmd/policy) is
// such a program: an http.Server with its timeouts and a graceful
// Shutdown around Server.ServeHTTP, which a Go program that mounts the
// Server gets for every request too. Files go out through
// http.ServeContent, so Range, If-None-Match, If-Modified-Since and HEAD
// are the standard library's.
//
// New does bounded work: it parses the policies and prerenders the pages
// that every reader needs. The gzip and brotli forms of a page or file are
// made the first time a request accepts them, a few at a time (see asset),
// and kept; app.wasm's come from the build (cmd/precompress). Where one
// process is not enough, the static export (package export) behind nginx
// or a CDN is the answer.
//
// # As of a day
//
// What the site shows depends on the day: the version of a policy in
// effect, and a notice of an upcoming one (policy.At, ui.Site). A Server
// serves the site as of the day in UTC, and switches by its clock, without
// a restart: the first request on or after the day on which a policy shows
// another version makes the site as of that day, once, under a lock, and
// the requests after it get it; every other request pays for one look at
// the clock. Config.At fixes the day instead (`policy serve -at`, `policy
// export -at`), for previews and tests.
//
// # Pages that scale
//
// The work at start, and what a first visit downloads, do not grow with the
// history of a policy. The server renders at start only the pages that
// every reader needs (ui.Site.Pages): the index, each policy's page and
// embed page, the list of its versions, the page of the version before the
// one in effect and the comparison of the two, and while a version is
// upcoming, its page and its comparison with the one in effect. Those are
// the pages that the service worker precaches. Any other page of a
// version, or comparison of two versions (ui.Site.Page: the dates of that
// policy only, the older first; anything else is not found), is rendered
// when it is asked for, and kept in memory up to a bound (Config.PageCache,
// the least recently used dropped first); readers who ask for one page at
// once wait for one render, and at most a few renders run at once (see
// pageCache). The service worker keeps such a page once a reader has
// opened it. Files lists, for a static export, the pages that the site
// links to: every version's page, and the comparisons of each version with
// the one before it, with the one in effect and with the upcoming one
// (linear in the history).
//
// # From Markdown to page
//
// ui.Site lists the pages with the component that renders each; the
// WebAssembly client mounts the same components, so the two renderings
// never disagree. The server renders a page once (app.NewServerTester and
// app.HTMLString), without go-app's router or page head:
//
//   - pages.go writes each page's head: the page's style sheet inline and
//     one inline script, the starter, both allowed by their hashes in the
//     Content-Security-Policy (no 'unsafe-inline'). After the first paint
//     the starter adds wasm_exec.js, app.js and nav.js, which run in that
//     order (the pages of versions, which the client does not mount, get a
//     starter without the client). Then a zoomable viewport, the feed link,
//     escaped metadata, and the meta element that names the build.
//   - normalize.go rewrites go-app's server HTML into standard HTML: go-app
//     v9 writes attribute values with Go string quoting and in map order;
//     they are read back and written HTML-escaped and sorted, so a page is
//     the same bytes on every start and every replica (and so its ETag).
//   - A policy's body is HTML written by the widget itself (app/ui/body.go,
//     every text and attribute escaped) and mounted with app.Raw: the client
//     mounts it with one innerHTML, and no white space is added around
//     inline elements.
//
// The server parses the Markdown itself and refuses to start when the
// client's copy (policies/documents.go) does not match it, so a client can
// never show another text than the server prerendered. The build, a hash of
// the policies and of web/ (app.wasm included), names what is served: the
// same build gives the same name, a changed policy or asset another.
//
// # Offline and updates
//
// The service worker is the widget's own (worker.js, go-app's
// ServiceWorkerTemplate): go-app v9's default one serves pages from its
// cache first, and after a redeploy would show the old policy.
//
//   - On install it keeps the pages that every reader needs, go-app's files,
//     the client and the assets, in a cache named after the scope and the
//     build; any other page once a reader has opened it. One entry per path
//     (a query never makes another), and the client only as
//     /web/app.wasm?build=<its build>. A new build deletes the old caches of
//     its own scope and no other. The worker registers once the client has
//     mounted; before that, on a first visit, the page copies what it loaded
//     from the HTTP cache into that cache (appstart.js), so every file of a
//     first visit reaches the server once.
//   - Pages and data come from the network first, with navigation preload;
//     the network gets 3 seconds, then a network error, a timeout or a 5xx
//     from a proxy falls back to the saved copy, which says so, even before
//     the client loads ("You are offline. Showing the version of …"; the
//     words are app/ui's, written into the worker).
//   - Files under /web/ come from the cache first, for their build. The
//     server answers a client of another build with 404, never its own
//     bytes, so a rollout cannot store one build's client under another's
//     name.
//   - An open page checks for a new worker every 10 seconds and then offers
//     to reload: a new build never replaces the text under the reader.
package server
