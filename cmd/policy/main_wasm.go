//go:build wasm

package main

import (
	"net/url"
	"strings"
	"time"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"github.com/seqeralabs/policy-widget/app/policy"
	"github.com/seqeralabs/policy-widget/app/site"
	"github.com/seqeralabs/policy-widget/app/ui"
	"github.com/seqeralabs/policy-widget/policies"
)

// documents returns the policies as parsed at build time: the client
// carries no Markdown parser.
func documents() ([]*policy.Document, error) { return policies.Documents() }

// serve is the server's part of main; the client has none.
func serve([]*policy.Document) {}

func fail(error) {}

// yield lets the browser's event loop run: time.Sleep waits on a
// setTimeout, which ends the task that runs the client so far.
func yield() { time.Sleep(time.Millisecond) }

// notFoundDelay is how long after the start the client routes every other
// path: after the page has mounted.
const notFoundDelay = 500 * time.Millisecond

// route registers the pages, and the not-found page when the page being
// loaded is not one of them; every other path, which a link may lead to
// (a page of versions, which the server renders, or a missing page), waits
// until the page has mounted, since its regular expression costs the start
// a long task (ui.Site.RouteOthers).
func route(s *ui.Site) {
	path := app.Window().Get("location").Get("pathname").String()
	if p, err := url.PathUnescape(path); err == nil {
		path = p // as go-app's router sees it
	}
	path = strings.TrimPrefix(path, s.Prefix)
	if path == "" {
		path = "/"
	}
	s.RoutePages(path)
	go func() {
		time.Sleep(notFoundDelay)
		s.RouteOthers()
		// Tests wait for it before they follow a link to a missing page.
		app.Window().Get("document").Get("documentElement").Call("setAttribute", site.RoutedAttr, site.RoutedValue)
	}()
}
