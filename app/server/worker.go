//go:build !wasm

package server

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/seqeralabs/policy-widget/app/site"
	"github.com/seqeralabs/policy-widget/app/ui"
)

// workerJS is the service worker of the widget; see the comments in it. It
// replaces go-app v9's default worker, which is cache-first for pages:
// after a redeploy that worker shows the old policy with no notice until
// the reader reloads twice. It drops go-app's push and notificationclick
// handlers: the widget never subscribes to push notifications.
//
//go:embed worker.js
var workerJS string

// serviceWorkerTemplate is workerJS as the text/template that go-app fills
// in with {{.Version}} (the build) and {{.ResourcesToCache}}, with the words of the
// offline notice written in.
var serviceWorkerTemplate = func() string {
	t, err := workerTemplate(workerJS)
	if err != nil {
		panic(err)
	}
	return t
}()

// workerTemplate returns the template of the service worker js. As it
// stands js is valid JavaScript, with placeholders in comments followed by
// stand-in values; it writes in what go-app fills in and the settings of
// the offline notice, which app/ui owns:
//
//	/*{{.ResourcesToCache}}*/ []
//	/*{{.Offline}}*/ { notices: {}, dateAttr: "" }
func workerTemplate(js string) (string, error) {
	settings, err := json.Marshal(struct {
		Notices  map[string]ui.OfflineNotice `json:"notices"`
		DateAttr string                      `json:"dateAttr"`
	}{ui.OfflineNotices(), ui.DateAttr})
	if err != nil {
		return "", err
	}
	// "{{" can only be inside a JSON string, where text/template must not
	// take it for an action.
	offline := strings.ReplaceAll(string(settings), "{{", `{\u007b`)
	for _, r := range []struct{ placeholder, value string }{
		{`/*{{.ResourcesToCache}}*/ []`, `{{.ResourcesToCache}}`},
		{`/*{{.Offline}}*/ { notices: {}, dateAttr: "" }`, offline},
	} {
		if n := strings.Count(js, r.placeholder); n != 1 {
			return "", fmt.Errorf("worker.js has %d times %s, want 1", n, r.placeholder)
		}
		js = strings.Replace(js, r.placeholder, r.value, 1)
	}
	return js, nil
}

// buildMetaName names the <meta> element that carries the build of a
// page (Server.Build). The service worker reads it from the pages it
// fetches, to learn that a new build is deployed before its own update.
const buildMetaName = "policy-widget-build"

// buildMeta returns the <meta> element that every page carries with the
// build it belongs to.
func buildMeta(build string) string {
	return `<meta name="` + buildMetaName + `" content="` + build + `">`
}

// offlineResources is staticResources with the build in the URL of the
// WebAssembly client. The client embeds the policies, so a page must never
// run the client of another build: the service worker keeps files by URL,
// and the build in the URL makes the page of a new build fetch its own
// client even while the worker of the old build still runs.
type offlineResources struct {
	staticResources
	build string
}

func (r offlineResources) AppWASM() string {
	return r.staticResources.AppWASM() + "?" + site.BuildParam + "=" + r.build
}

// addOfflineAssets replaces go-app's web app manifest with the widget's
// own. Call it from prepare, once go-app's files are rendered.
func (sh *shared) addOfflineAssets() {
	sh.fixed[site.Manifest.Path()] = newAsset(site.Manifest.Path(), sh.manifest(), "application/manifest+json")
}
