//go:build !wasm

package server

import (
	"errors"
	"fmt"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// page returns an asset of n bytes.
func testPage(n int) *asset {
	return newAsset("page", []byte(strings.Repeat("x", n)), "text/html; charset=utf-8")
}

// TestPageCacheBound checks that the cache keeps pages up to its bound,
// dropping the least recently used first.
func TestPageCacheBound(t *testing.T) {
	c := newPageCache(3000)
	renders := map[string]int{}
	get := func(path string) {
		t.Helper()
		if _, err := c.get(path, func() (*asset, error) { renders[path]++; return testPage(1000), nil }); err != nil {
			t.Fatal(err)
		}
	}
	get("/a")
	get("/b")
	get("/c")
	get("/a") // kept: /b is now the least recently used
	get("/d") // /b goes
	if n, bytes := c.len(); n != 3 || bytes != 3000 {
		t.Errorf("%d pages, %d bytes; want 3, 3000", n, bytes)
	}
	get("/a")
	get("/c")
	get("/d")
	get("/b")
	want := map[string]int{"/a": 1, "/b": 2, "/c": 1, "/d": 1}
	if fmt.Sprint(renders) != fmt.Sprint(want) {
		t.Errorf("renders %v, want %v", renders, want)
	}
	// A page larger than the bound is served, and not kept.
	if a, err := c.get("/big", func() (*asset, error) { return testPage(5000), nil }); err != nil || len(a.identity.body) != 5000 {
		t.Errorf("a page larger than the bound: %v", err)
	}
	if n, bytes := c.len(); bytes > 3000 {
		t.Errorf("%d pages, %d bytes: more than the bound", n, bytes)
	}
	// A page that fails to render is not kept: the next request tries
	// again.
	fail := errors.New("broken")
	if _, err := c.get("/e", func() (*asset, error) { return nil, fail }); err != fail {
		t.Errorf("a failed render: %v, want %v", err, fail)
	}
	if _, err := c.get("/e", func() (*asset, error) { return testPage(10), nil }); err != nil {
		t.Errorf("the render after a failed one: %v", err)
	}
}

// TestPageCacheOneRender checks that readers who ask for one page at once
// wait for one render of it.
func TestPageCacheOneRender(t *testing.T) {
	c := newPageCache(1 << 20)
	const readers = 20
	var waiting sync.WaitGroup
	waiting.Add(readers - 1)
	c.trace = func(wait, _ string) {
		if wait == "render" {
			waiting.Done()
		}
	}
	release := make(chan struct{})
	var renders atomic.Int32
	render := func() (*asset, error) {
		renders.Add(1)
		<-release // until every other reader waits for this render
		return testPage(100), nil
	}
	var wg sync.WaitGroup
	got := make([]*asset, readers)
	for i := range readers {
		wg.Go(func() {
			a, err := c.get("/privacy/v/2021-02-27", render)
			if err != nil {
				t.Error(err)
			}
			got[i] = a
		})
	}
	all := make(chan struct{})
	go func() { waiting.Wait(); close(all) }()
	select {
	case <-all:
	case <-time.After(10 * time.Second):
		// A render of each: none waits, and this waits for ever.
		t.Errorf("the readers did not wait for the render in progress (%d renders)", renders.Load())
	}
	close(release)
	wg.Wait()
	if n := renders.Load(); n != 1 {
		t.Errorf("%d renders of one page asked for by %d readers at once, want 1", n, readers)
	}
	for i, a := range got {
		if a != got[0] {
			t.Errorf("reader %d got another page than reader 0", i)
		}
	}
}

// TestPageCacheRendersAtOnce checks that at most maxRenders pages are
// rendered at once, in the whole process: with six pages asked for at
// once, two renders start, and the others wait for their turn until one
// ends.
func TestPageCacheRendersAtOnce(t *testing.T) {
	c := newPageCache(1 << 20)
	const pages = 6
	var queued sync.WaitGroup
	queued.Add(pages)
	c.trace = func(wait, _ string) {
		if wait == "turn" {
			queued.Done()
		}
	}
	started := make(chan struct{}, pages)
	release := make(chan struct{})
	var now, most atomic.Int32
	render := func() (*asset, error) {
		n := now.Add(1)
		for m := most.Load(); n > m && !most.CompareAndSwap(m, n); m = most.Load() {
		}
		started <- struct{}{}
		<-release
		now.Add(-1)
		return testPage(10), nil
	}
	var wg sync.WaitGroup
	for i := range pages {
		wg.Go(func() { c.get(fmt.Sprintf("/p%d", i), render) })
	}
	queued.Wait() // every request is at the gate
	for range maxRenders {
		<-started
	}
	// The others stay at the gate however long they are given.
	for range 10000 {
		runtime.Gosched()
	}
	if n := len(started); n > 0 {
		t.Errorf("%d more renders started while %d ran", n, maxRenders)
	}
	for range pages {
		release <- struct{}{} // one render ends, and lets the next start
	}
	wg.Wait()
	if m := most.Load(); m > maxRenders {
		t.Errorf("%d renders at once, want at most %d", m, maxRenders)
	}
	if n, _ := c.len(); n != pages {
		t.Errorf("%d pages kept, want %d", n, pages)
	}
}
