//go:build !wasm

package server

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/seqeralabs/policy-widget/app/policy"
	"github.com/seqeralabs/policy-widget/app/site"
)

// TestPageIDs renders every page and checks that each element id on it is
// a heading's or one of site.IDs, that no id is used twice, and that
// every entry of site.IDs is used on some page: site lists the ids that
// the UI renders, and the lint keeps headings off them.
func TestPageIDs(t *testing.T) {
	// The test policies have an earlier version, hence compare pages.
	s := newTestServer(t, Config{Policies: os.DirFS("testdata/policies")})
	headings := make(map[string]bool)
	var walkTOC func([]*policy.TOCEntry)
	walkTOC = func(es []*policy.TOCEntry) {
		for _, e := range es {
			headings[e.ID] = true
			walkTOC(e.Children)
		}
	}
	var docs []*policy.Document
	for _, d := range s.docs {
		docs = append(docs, d.History()...)
	}
	for _, d := range docs {
		var walk func([]*policy.Node)
		walk = func(ns []*policy.Node) {
			for _, n := range ns {
				if n.HeadingLevel() > 0 && n.Attr("id") != "" {
					headings[n.Attr("id")] = true
				}
				walk(n.Children)
			}
		}
		walk(d.Body)
		walkTOC(d.TOC)
	}
	used := make(map[string]bool)
	pages := make(map[string]*asset)
	for p, a := range s.pages {
		pages[p] = a
	}
	for p, a := range s.embedPages {
		pages[p] = a
	}
	pages[site.NotFound.Path()] = s.notFound
	n := 0
	for path, a := range pages {
		if a.contentType != "text/html; charset=utf-8" {
			continue
		}
		n++
		root, err := html.Parse(bytes.NewReader(a.identity.body))
		if err != nil {
			t.Fatal(err)
		}
		seen := make(map[string]bool)
		var walk func(*html.Node)
		walk = func(n *html.Node) {
			if n.Type == html.ElementNode {
				for _, at := range n.Attr {
					if at.Key != "id" {
						continue
					}
					switch {
					case seen[at.Val]:
						t.Errorf("%s: id %q is used twice", path, at.Val)
					case slices.Contains(site.IDs, at.Val):
						used[at.Val] = true
					case !headings[at.Val]:
						t.Errorf("%s: id %q is neither a heading's nor in site.IDs", path, at.Val)
					}
					seen[at.Val] = true
				}
			}
			for c := n.FirstChild; c != nil; c = c.NextSibling {
				walk(c)
			}
		}
		walk(root)
	}
	if n < 4 {
		t.Fatalf("only %d pages checked", n)
	}
	for _, id := range site.IDs {
		if !used[id] {
			t.Errorf("site.IDs lists %q, which no page uses", id)
		}
	}
}

// TestAppJS: the served app.js starts the client's download
// after the first paint, streams it to the compiler as it comes, and
// registers the service worker after the client, once it has kept what a
// first visit loaded (policyWidgetKeep); a go-app whose app.js
// starts otherwise stops the server's start rather than be served
// unchanged.
func TestAppJS(t *testing.T) {
	s := newTestServer(t, Config{})
	js := body(t, get(t, s, "GET", "/app.js"))
	start := strings.Index(js, "requestAnimationFrame(() => setTimeout(() => {")
	client := strings.Index(js, "goappInitWebAssembly().then(() => goappCanLoadWebAssembly() && policyWidgetMounted()")
	worker := strings.Index(js, "goappInitServiceWorker()")
	if start < 0 || client < start || worker < client || strings.Contains(js, "\ngoappInitWebAssembly();") ||
		strings.Contains(js, "\ngoappInitServiceWorker();") {
		t.Errorf("app.js does not wait for the first paint, then the client:\n%s", js[:min(len(js), 1200)])
	}
	if !strings.Contains(js, `instantiateStreaming(
      fetch("/web/app.wasm?build=`+s.Build()+`"),`) || strings.Contains(js, "fetchWithProgress(\"") {
		t.Errorf("app.js does not stream the client to the compiler:\n%s", js)
	}
	if !strings.Contains(js, "policyWidgetKeep().finally(goappInitServiceWorker)") {
		t.Error("app.js does not keep the first visit's files before it registers the worker")
	}
	// The patched script is valid JavaScript.
	file := filepath.Join(t.TempDir(), "app.js")
	if err := os.WriteFile(file, []byte(js), 0o644); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command(nodeJS(t), "--check", file).CombinedOutput(); err != nil {
		t.Errorf("node --check app.js: %v\n%s", err, out)
	}
	if _, err := patchAppJS([]byte("goappInitWebAssembly();\n"), ""); err == nil {
		t.Error("an app.js of another shape was accepted")
	}
}
