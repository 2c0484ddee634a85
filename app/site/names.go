package site

// The build: the identity of the site's files (server.Server.Build), which
// every page names, and after which the service worker names its cache.
const (
	// BuildMeta is the name of the <meta> element that carries the build
	// of a page. The service worker reads it from the pages it fetches,
	// to learn that a new build is deployed before its own update; app.js
	// reads it to copy a first visit's files into the cache of its build.
	BuildMeta = "policy-widget-build"

	// BuildParam is the query parameter that names the build in the URL
	// of a file: /web/app.wasm?build=<build>. The server answers a client
	// of another build with 404; the service worker keeps the client only
	// under the URL of its own build.
	BuildParam = "build"
)

// CacheName returns the name of the service worker's cache of build, for
// the worker of scope, the path it controls ("/", or "/legal/" behind a
// proxy). The build ends the name: CacheName(scope, "") starts the name of
// the cache of every build of the scope, by which the worker deletes the
// other builds' caches and no other cache of the origin.
func CacheName(scope, build string) string {
	return "policy-widget " + scope + " " + build
}

// The messages between the pages and the service worker (postMessage):
// {policyWidget: "build"} asks the worker its build; the worker answers,
// and tells the open pages when it activates, with
// {policyWidget: {build: "<build>"}}.
const (
	WorkerMessage = "policyWidget"
	WorkerBuild   = "build"
)

// A page that the service worker serves from its cache, because the
// network failed, is marked as a saved copy: its <html> gets
// OfflineCopyAttr, the answer CopyHeader, both set to the reason, and the
// worker writes the offline notice into the page's status region (of
// class StatusClass), as a paragraph of class OfflineNoticeClass, so that
// the reader is told before, and without, the WebAssembly client. The
// client renders the same region, and reads the reason from <html>.
const (
	OfflineCopyAttr    = "data-offline-copy"
	CopyHeader         = "X-Policy-Widget-Copy"
	StatusClass        = "status-live"
	OfflineNoticeClass = "status-message status-offline"

	// VersionDateAttr is the attribute of the status region that holds
	// the date of the version the page shows ("27 February 2021"), which
	// the worker's notice names.
	VersionDateAttr = "data-version-date"
)

// The reasons why a page is a saved copy: the network failed (or the
// browser is offline), the server or a proxy in front of it answered with
// a 5xx status, or it did not answer within three seconds.
const (
	ReasonOffline     = "offline"
	ReasonUnavailable = "unavailable"
	ReasonSlow        = "slow"
)

// StorageKey returns the key of the browser's storage under which the
// widget keeps what it remembers about the policy slug ("seen": the
// version the reader last saw) for the site served under prefix:
// StorageKey("seen", "", "privacy") is "policy-widget:seen:/privacy".
func StorageKey(what, prefix, slug string) string {
	return "policy-widget:" + what + ":" + prefix + "/" + slug
}

// What the scripts look for in the pages that the Go components render.
const (
	// PageClass is the class of the root of every page of the site, and
	// EmbedClass that of the policy that other apps mount (ui.Embedded,
	// within the /embed/ pages too): the roots of the widget.
	PageClass  = "page"
	EmbedClass = "policy-embed"

	// MountedAttr is set to MountedValue on the root once the WebAssembly
	// client has mounted it; Mounted is the selector of such a root.
	MountedAttr  = "data-wasm"
	MountedValue = "mounted"
	Mounted      = "[" + MountedAttr + `="` + MountedValue + `"]`

	// RoutedAttr is set to RoutedValue on <html> once the client has
	// routed every path, the not-found page of any other path included:
	// tests wait for it before they follow a link to a missing page.
	RoutedAttr  = "data-routed"
	RoutedValue = "all"
)

// The events that the widget dispatches on the document.
const (
	// ViewedEvent says that a policy is on screen, each time the client
	// shows one: its detail is {policy, version, since, changed} (see
	// web/element.go). A host app may record the version; the frame of
	// the embed passes it to embed.js (FrameViewed).
	ViewedEvent = "policy:viewed"

	// NavigateEvent is dispatched, cancelable, by web/nav.js before it
	// brings a section into view: its detail is {id}. A listener that
	// cancels it takes the navigation over, as the frame of the embed
	// does to have the host page scroll.
	NavigateEvent = "policy:navigate"
)

// The messages between an /embed/ page in a frame (web/frame.js) and the
// host page's embed.js (postMessage), by their type: {type, …}.
const (
	// From the frame to the host.
	FrameLoaded = "policy:loaded" // {slug, title}: the page is loaded
	FrameHeight = "policy:height" // {height}: the content's height, in px
	FrameReady  = "policy:ready"  // {mounted: true, slug}: the client has mounted the page
	FrameScroll = "policy:scroll" // {id, top, smooth, user}: scroll the host page to the section at top px
	FrameViewed = ViewedEvent     // {slug, policy, version, since, changed}: ViewedEvent's detail

	// From the host to the frame.
	FrameGoto    = "policy:goto"    // {id, smooth}: go to the section
	FrameOptions = "policy:options" // {toc, theme, vars}: the options of the element
)

// The query parameters of an /embed/ page, which embed.js sets from the
// element's attributes.
const (
	EmbedTOCParam   = "toc"   // "1": show the table of contents
	EmbedThemeParam = "theme" // "light" or "dark"; else the reader's system
	EmbedSinceParam = "since" // the version the host's user last saw
)

// SlugPattern is the regular expression of a policy's slug, its file name:
// words of lowercase letters and digits joined by hyphens. It is the same
// in Go's syntax and JavaScript's.
const SlugPattern = `^[a-z0-9]+(?:-[a-z0-9]+)*$`

// TopID is the id of the policy's title, the target of "Back to top".
const TopID = "top"

// IDs are the element ids that the widget's pages use around a policy: the
// page shell, the table of contents, the policy's title, and go-app's
// loader, which the server writes into every page. A heading must not take
// one of them (package markdown's lint reports it), or links and
// aria-controls would point at the wrong element.
var IDs = []string{
	"main",                  // shell: the main landmark, target of the skip link
	TopID,                   // Article: the policy's h1
	"toc",                   // TOC: the navigation
	"toc-title",             // TOC: its label
	"toc-panel",             // TOC: the list the mobile toggle controls
	"preamble",              // compare page: the text before the first heading
	"app-wasm-loader",       // go-app's loader
	"app-wasm-loader-icon",  // go-app's loader
	"app-wasm-loader-label", // go-app's loader
}
