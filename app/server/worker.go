//go:build !wasm

package server

import (
	_ "embed"
)

// serviceWorkerTemplate is the app worker of the widget, a text/template
// that go-app fills in with {{.Version}} and {{.ResourcesToCache}}; see the
// comments in worker.js. It replaces go-app v9's default worker, which is
// cache-first for pages: after a redeploy that worker shows the old policy
// with no notice until the reader reloads twice.
//
// It drops go-app's push and notificationclick handlers: the widget never
// subscribes to push notifications.
//
//go:embed worker.js
var serviceWorkerTemplate string

// versionMetaName names the <meta> element that carries the version of a
// page. The service worker reads it from the pages it fetches, to learn
// that a new version is deployed before its own update.
const versionMetaName = "policy-widget-version"

// versionMeta returns the <meta> element that every page carries with the
// version it belongs to.
func versionMeta(version string) string {
	return `<meta name="` + versionMetaName + `" content="` + version + `">`
}

// offlineResources is staticResources with the version in the URL of the
// WebAssembly client. The client embeds the policies, so a page must never
// run the client of another version: the service worker keeps files by URL,
// and the version in the URL makes the page of a new version fetch its own
// client even while the worker of the old version still runs.
type offlineResources struct {
	staticResources
	version string
}

func (r offlineResources) AppWASM() string {
	return r.staticResources.AppWASM() + "?v=" + r.version
}

// addOfflineAssets replaces go-app's web app manifest with the widget's
// own. Call it from prerender, once the pages and go-app's files are
// rendered and before they are compressed.
func (s *Server) addOfflineAssets() {
	s.pages["/manifest.webmanifest"] = newAsset("manifest.webmanifest", s.manifest(), "application/manifest+json")
}
