package ui

import (
	"strings"
	"time"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"github.com/seqeralabs/policy-widget/app/policy"
	"github.com/seqeralabs/policy-widget/app/site"
)

// updateCheckInterval is how often an open page asks the server, through
// the service worker, whether a new build of the site is deployed.
const updateCheckInterval = 10 * time.Second

// statusRegion shows the reader the state of the copy on screen: a saved copy
// shown offline, with the date of its version, or a newer build of the
// site to reload to. It is part of every full page, as an aria-live region.
//
// The service worker (app/server/worker.js) marks a page that it serves from
// its cache with site.OfflineCopyAttr on <html>, and writes the offline
// notice into the prerendered region (site.StatusClass) itself, so that the
// notice shows before, and without, the WebAssembly client. It takes the
// words from OfflineNotices and the date from the region's
// site.VersionDateAttr. When a new worker activates it posts its build
// (the identity of the site's files, server.Server.Build) to the open
// pages (site.WorkerMessage); a page of another build offers to reload.
type statusRegion struct {
	app.Compo

	// Date is the date of the version the page shows ("27 February
	// 2021"), or "" when it shows no policy.
	Date string

	offline    bool   // a saved copy is on screen, or the browser is offline
	reason     string // why the page is a saved copy: site.ReasonOffline, ReasonUnavailable, ReasonSlow or ""
	backOnline bool   // a saved copy is on screen, and the browser is online again
	update     bool   // another build is deployed

	build   string // the build of the page on screen
	release []func()
}

// OnMount implements app.Mounter: it reads how the page was served and
// listens for the browser going on- or offline and for new builds.
func (s *statusRegion) OnMount(ctx app.Context) {
	win := app.Window()
	s.build = app.Getenv("GOAPP_VERSION") // go-app's name for Server.Build
	if v := win.Get("document").Get("documentElement").Call("getAttribute", site.OfflineCopyAttr); v.Type() == app.TypeString {
		s.reason = v.String()
	}
	nav := win.Get("navigator")
	s.offline = s.reason != "" || !nav.Get("onLine").Bool()

	s.listen(win, "online", func(app.Value) {
		ctx.Dispatch(func(app.Context) {
			s.offline = false
			s.backOnline = s.reason != ""
		})
		checkForUpdate(nil)
	})
	s.listen(win, "offline", func(app.Value) {
		ctx.Dispatch(func(app.Context) {
			s.offline = true
			s.backOnline = false
		})
	})
	doc := win.Get("document")
	s.listen(doc, "visibilitychange", func(app.Value) {
		if doc.Get("visibilityState").String() == "visible" {
			checkForUpdate(s.reachable(ctx))
		}
	})

	sw := nav.Get("serviceWorker")
	if !sw.Truthy() {
		return
	}
	s.listen(sw, "message", func(e app.Value) {
		if b := workerBuild(e); b != "" {
			ctx.Dispatch(func(app.Context) { s.update = b != s.build })
		}
	})
	sw.Call("startMessages")
	if s.reason != "" {
		// A saved copy: a newer worker may have taken over before this
		// client started to listen.
		askBuild()
	}
	ctx.Async(func() {
		t := time.NewTicker(updateCheckInterval)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
				checkForUpdate(s.reachable(ctx))
			}
		}
	})
}

// reachable returns what to do when the server answers: a saved copy shown
// because the server could not be reached says that it is back.
func (s *statusRegion) reachable(ctx app.Context) func() {
	return func() {
		ctx.Dispatch(func(app.Context) {
			if s.offline && s.reason != "" {
				s.offline = false
				s.backOnline = true
			}
		})
	}
}

// OnAppUpdate implements app.AppUpdater. go-app calls it when a new worker
// is installed, also on the first load after a redeploy, when the page on
// screen is already of the new build: so ask the new worker its build
// rather than trust the call.
func (s *statusRegion) OnAppUpdate(ctx app.Context) {
	askBuild()
}

// OnDismount implements app.Dismounter.
func (s *statusRegion) OnDismount() {
	for _, release := range s.release {
		release()
	}
	s.release = nil
}

// Render implements app.Composer. The live region carries the date of the
// version on screen (site.VersionDateAttr) for the service worker.
func (s *statusRegion) Render() app.UI {
	return app.Div().Class("status").Body(
		app.Div().
			Class(site.StatusClass).
			Attr(site.VersionDateAttr, s.Date).
			Attr("role", "status").
			Aria("live", "polite").
			Body(
				app.If(s.offline,
					app.P().Class(site.OfflineNoticeClass).Text(OfflineText(s.reason, s.Date)),
				),
				app.If(s.backOnline && !s.offline && !s.update,
					app.P().Class("status-message status-online").Body(
						app.Span().Class("status-text").Text(backOnlineText(s.reason)),
						app.Button().Type("button").Class("status-button").Text("Reload").OnClick(s.reload),
					),
				),
				app.If(s.update,
					app.P().Class("status-message status-update").Body(
						app.Span().Class("status-text").Text("A new version of this page is available."),
						app.Button().Type("button").Class("status-button").Text("Reload").OnClick(s.reload),
					),
				),
			),
	)
}

func (s *statusRegion) reload(ctx app.Context, e app.Event) {
	ctx.Reload()
}

// OfflineNotice is the offline notice for one reason why a page is a saved
// copy, with the date of the version shown and without one.
type OfflineNotice struct {
	// Dated has "{date}" where the date goes.
	Dated string `json:"dated"`
	// Undated is the notice when the page has no date.
	Undated string `json:"undated"`
}

// offlineNotices are the notices by reason (see site.ReasonOffline): the
// network failed (or the browser went offline), the server or the proxy
// before it answered 5xx, or it did not answer within three seconds.
var offlineNotices = map[string]OfflineNotice{
	site.ReasonOffline: {
		Dated:   "You are offline. Showing the version of {date}.",
		Undated: "You are offline. Showing a saved copy.",
	},
	site.ReasonUnavailable: {
		Dated:   "The site cannot be reached. Showing the version of {date}.",
		Undated: "The site cannot be reached. Showing a saved copy.",
	},
	site.ReasonSlow: {
		Dated:   "The site is slow to answer. Showing the version of {date}.",
		Undated: "The site is slow to answer. Showing a saved copy.",
	},
}

// OfflineNotices returns the words of the offline notice by reason. The
// server writes them into the service worker, which puts them into the
// pages it serves from its cache; OfflineText is the same for the client.
func OfflineNotices() map[string]OfflineNotice {
	m := make(map[string]OfflineNotice, len(offlineNotices))
	for reason, n := range offlineNotices {
		m[reason] = n
	}
	return m
}

// OfflineText is the offline notice of a page that is a saved copy for
// reason (see OfflineNotices; "" when the browser went offline is
// site.ReasonOffline), showing the version of date ("" for none).
func OfflineText(reason, date string) string {
	n, ok := offlineNotices[reason]
	if !ok {
		n = offlineNotices[site.ReasonOffline]
	}
	if date == "" {
		return n.Undated
	}
	return strings.Replace(n.Dated, "{date}", date, 1)
}

// backOnlineText is the notice of a saved copy once the site answers
// again.
func backOnlineText(reason string) string {
	if reason == "" || reason == site.ReasonOffline {
		return "You are back online. This copy may be out of date."
	}
	return "The site can be reached again. This copy may be out of date."
}

// listen adds an event listener that OnDismount removes.
func (s *statusRegion) listen(target app.Value, event string, h func(app.Value)) {
	fn := app.FuncOf(func(this app.Value, args []app.Value) any {
		if len(args) > 0 {
			h(args[0])
		}
		return nil
	})
	target.Call("addEventListener", event, fn)
	s.release = append(s.release, func() {
		target.Call("removeEventListener", event, fn)
		fn.Release()
	})
}

// versionDate returns the date of the version of a page that shows docs:
// the latest "updated" of them, as the pages write it ("27 February
// 2021"), or "" when none has one.
func versionDate(docs ...*policy.Document) string {
	var latest *policy.Document
	for _, d := range docs {
		if !d.Updated.IsZero() && (latest == nil || d.Updated.After(latest.Updated)) {
			latest = d
		}
	}
	if latest == nil {
		return ""
	}
	return longDate(latest.Updated.Time())
}

// workerBuild returns the build in a message of the service worker,
// {policyWidget: {build}} (site.WorkerMessage), or "".
func workerBuild(e app.Value) string {
	data := e.Get("data")
	if data.Type() != app.TypeObject {
		return ""
	}
	msg := data.Get(site.WorkerMessage)
	if msg.Type() != app.TypeObject {
		return ""
	}
	if v := msg.Get(site.WorkerBuild); v.Type() == app.TypeString {
		return v.String()
	}
	return ""
}

// askBuild asks the newest service worker for its build; it answers
// with a message.
func askBuild() {
	withRegistration(func(reg app.Value) {
		w := reg.Get("waiting")
		if !w.Truthy() {
			w = reg.Get("active")
		}
		if w.Truthy() {
			w.Call("postMessage", map[string]any{site.WorkerMessage: site.WorkerBuild})
		}
	})
}

// checkForUpdate asks the browser to check for a new service worker, which
// the server's new build brings, and calls reachable if the server
// answered. Errors, such as being offline, are ignored: the next check will
// do.
func checkForUpdate(reachable func()) {
	if !app.Window().Get("navigator").Get("onLine").Bool() {
		return
	}
	withRegistration(func(reg app.Value) {
		var ok, fail app.Func
		settle := func(answered bool) {
			ok.Release()
			fail.Release()
			if answered && reachable != nil {
				reachable()
			}
		}
		ok = app.FuncOf(func(app.Value, []app.Value) any { settle(true); return nil })
		fail = app.FuncOf(func(app.Value, []app.Value) any { settle(false); return nil })
		reg.Call("update").Call("then", ok, fail)
	})
}

// withRegistration calls fn with the service worker registration of the
// page, if there is one.
func withRegistration(fn func(reg app.Value)) {
	sw := app.Window().Get("navigator").Get("serviceWorker")
	if !sw.Truthy() {
		return
	}
	sw.Call("getRegistration").Then(func(reg app.Value) {
		if reg != nil && reg.Truthy() {
			fn(reg)
		}
	})
}
