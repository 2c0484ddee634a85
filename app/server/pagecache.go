//go:build !wasm

package server

import (
	"container/list"
	"sync"
)

// The pages of versions that the server does not render at start (see
// ui.Site.Page) are rendered when they are asked for, and kept in a
// pageCache: the work and memory grow with what readers read, not with
// the history.

// defaultPageCacheBytes is the bound of a pageCache when Config.PageCache
// is zero: about 400 pages of versions of the privacy policy.
const defaultPageCacheBytes = 32 << 20

// maxRenders bounds the pages rendered on request at once, in the whole
// process.
const maxRenders = 2

// pageCache holds pages rendered on request, by path, up to a bound of
// bytes (their uncompressed bodies; their compressed forms, made when a
// request accepts them, add about a third), dropping the least recently
// used first. Requests for a page that is being rendered wait for that
// render: a page is rendered once however many readers ask for it at once.
// At most maxRenders renders run at once. It is safe for concurrent use.
type pageCache struct {
	max int64

	mu       sync.Mutex
	bytes    int64
	lru      *list.List               // of *cached, the most recently used first
	entries  map[string]*list.Element // by path
	inflight map[string]*rendering    // by path

	// trace, when set, is called when a request starts to wait: for the
	// render of another request ("render"), or for its turn to render
	// ("turn"). Tests set it.
	trace func(wait, path string)
}

type cached struct {
	path string
	a    *asset
}

// rendering is a render in progress, which other requests wait for.
type rendering struct {
	done chan struct{}
	a    *asset
	err  error
}

// renders bounds the renders of every pageCache of the process.
var renders = make(chan struct{}, maxRenders)

func newPageCache(max int64) *pageCache {
	return &pageCache{max: max, lru: list.New(), entries: make(map[string]*list.Element), inflight: make(map[string]*rendering)}
}

// get returns the page at path, rendering it with render unless it is
// kept or being rendered. A page that failed to render is not kept.
func (c *pageCache) get(path string, render func() (*asset, error)) (*asset, error) {
	c.mu.Lock()
	if e, ok := c.entries[path]; ok {
		c.lru.MoveToFront(e)
		c.mu.Unlock()
		return e.Value.(*cached).a, nil
	}
	if r, ok := c.inflight[path]; ok {
		c.mu.Unlock()
		if c.trace != nil {
			c.trace("render", path)
		}
		<-r.done
		return r.a, r.err
	}
	r := &rendering{done: make(chan struct{})}
	c.inflight[path] = r
	c.mu.Unlock()

	if c.trace != nil {
		c.trace("turn", path)
	}
	renders <- struct{}{}
	r.a, r.err = render()
	<-renders

	c.mu.Lock()
	delete(c.inflight, path)
	if r.err == nil {
		c.add(path, r.a)
	}
	c.mu.Unlock()
	close(r.done)
	return r.a, r.err
}

// add keeps a under path, and drops the least recently used pages while
// the pages kept weigh more than the bound (a itself if it alone does).
// c.mu is held.
func (c *pageCache) add(path string, a *asset) {
	c.entries[path] = c.lru.PushFront(&cached{path, a})
	c.bytes += size(a)
	for c.bytes > c.max && c.lru.Len() > 0 {
		e := c.lru.Back()
		p := e.Value.(*cached)
		c.lru.Remove(e)
		delete(c.entries, p.path)
		c.bytes -= size(p.a)
	}
}

// size is what a kept page counts for against the bound.
func size(a *asset) int64 { return int64(len(a.identity.body)) }

// len returns the number of pages kept and their weight.
func (c *pageCache) len() (pages int, bytes int64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.lru.Len(), c.bytes
}
