//go:build !wasm

package server

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"regexp"
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

// scriptNames are the names that the server's scripts, the service worker
// (worker.js) and the start of app.js (appstart.js), share with the pages,
// the client and the server: package site's, with the values of this
// site's prefix. The server writes them into each script (fillScript); a
// script reads the ones it needs.
type scriptNames struct {
	// CachePrefix starts the name of the worker's cache of every build
	// of the site (site.CacheName of its scope): the build ends it.
	CachePrefix string `json:"cachePrefix"`
	// BuildMeta names the pages' <meta> element of their build, and
	// BuildMetaRE is a regular expression of that element, as the server
	// writes it (buildMeta), whose group 1 is the build.
	BuildMeta   string `json:"buildMeta"`
	BuildMetaRE string `json:"buildMetaRE"`
	BuildParam  string `json:"buildParam"`
	// ClientPath is the path of the client, WebPath the folder of the
	// files of web/, under the site's prefix.
	ClientPath string `json:"clientPath"`
	WebPath    string `json:"webPath"`
	// Message and MessageBuild make the messages between the pages and
	// the worker: {[message]: messageBuild} asks the build, and
	// {[message]: {[messageBuild]: build}} answers.
	Message      string `json:"message"`
	MessageBuild string `json:"messageBuild"`
	// The marks of a saved copy (see site.OfflineCopyAttr).
	CopyAttr    string `json:"copyAttr"`
	CopyHeader  string `json:"copyHeader"`
	StatusClass string `json:"statusClass"`
	NoticeClass string `json:"noticeClass"`
	DateAttr    string `json:"dateAttr"`
	Reasons     struct {
		Offline     string `json:"offline"`
		Unavailable string `json:"unavailable"`
		Slow        string `json:"slow"`
	} `json:"reasons"`
	// Mounted selects the root that the client has mounted, which has
	// MountedAttr.
	Mounted     string `json:"mounted"`
	MountedAttr string `json:"mountedAttr"`
}

// newScriptNames returns the names of the scripts of the site served
// under prefix.
func newScriptNames(prefix string) scriptNames {
	before, after, _ := strings.Cut(buildMeta("\x00"), "\x00")
	n := scriptNames{
		CachePrefix:  site.CacheName(prefix+"/", ""),
		BuildMeta:    site.BuildMeta,
		BuildMetaRE:  regexp.QuoteMeta(before) + `([^"]*)` + regexp.QuoteMeta(after),
		BuildParam:   site.BuildParam,
		ClientPath:   prefix + site.Web.Path(clientFile),
		WebPath:      prefix + site.Web.ServeMuxPattern(),
		Message:      site.WorkerMessage,
		MessageBuild: site.WorkerBuild,
		CopyAttr:     site.OfflineCopyAttr,
		CopyHeader:   site.CopyHeader,
		StatusClass:  site.StatusClass,
		NoticeClass:  site.OfflineNoticeClass,
		DateAttr:     site.VersionDateAttr,
		Mounted:      site.Mounted,
		MountedAttr:  site.MountedAttr,
	}
	n.Reasons.Offline, n.Reasons.Unavailable, n.Reasons.Slow = site.ReasonOffline, site.ReasonUnavailable, site.ReasonSlow
	return n
}

// workerTemplate returns the service worker of the site served under
// prefix: workerJS with the names of the scripts and the words of the
// offline notice, which app/ui owns, written in (fillScript), as the
// text/template that go-app fills in with {{.Version}} (the build) and
// {{.ResourcesToCache}}.
func workerTemplate(prefix string) (string, error) {
	return fillScript("worker.js", workerJS, map[string]any{
		"Names":            newScriptNames(prefix),
		"Notices":          ui.OfflineNotices(),
		"ResourcesToCache": goAppAction{},
	})
}

// goAppAction is the value of a placeholder that go-app fills in: it is
// written in as the action of go-app's text/template.
type goAppAction struct{}

// placeholderRE matches a placeholder of a script, /*{{.Name}}*/, and the
// value that stands in for it up to the end of its statement (";"), which
// keeps the script valid JavaScript as it stands:
//
//	const names = /*{{.Names}}*/ { cachePrefix: "", buildMeta: "" };
var placeholderRE = regexp.MustCompile(`/\*\{\{\.([A-Za-z]+)\}\}\*/ [^;]*`)

// fillScript writes values, as JSON, into the script js named file, in
// the place of their placeholders (placeholderRE); a goAppAction is
// written in as the action of go-app's text/template, such as
// {{.ResourcesToCache}}. Each value must have one placeholder, and each
// placeholder a value.
func fillScript(file, js string, values map[string]any) (string, error) {
	seen := make(map[string]int)
	var err error
	js = placeholderRE.ReplaceAllStringFunc(js, func(m string) string {
		name := placeholderRE.FindStringSubmatch(m)[1]
		seen[name]++
		v, ok := values[name]
		if !ok {
			err = fmt.Errorf("%s: no value for the placeholder /*{{.%s}}*/", file, name)
			return m
		}
		if _, ok := v.(goAppAction); ok {
			return "{{." + name + "}}"
		}
		b, merr := json.Marshal(v)
		if merr != nil {
			err = merr
		}
		// "{{" can only be inside a JSON string, where go-app's
		// text/template must not take it for an action.
		return strings.ReplaceAll(string(b), "{{", `{\u007b`)
	})
	if err != nil {
		return "", err
	}
	for name := range values {
		if seen[name] != 1 {
			return "", fmt.Errorf("%s has %d placeholders /*{{.%s}}*/, want 1", file, seen[name], name)
		}
	}
	return js, nil
}

// buildMeta returns the <meta> element that every page carries with the
// build it belongs to (site.BuildMeta). The service worker reads it from
// the pages it fetches, to learn that a new build is deployed before its
// own update.
func buildMeta(build string) string {
	return `<meta name="` + site.BuildMeta + `" content="` + build + `">`
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
