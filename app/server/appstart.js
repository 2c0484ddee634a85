// The start of the policy widget's app.js: patchAppJS (pages.go) puts it in
// place of go-app's own, which started the service worker and the client as
// soon as app.js ran. The page and the client come first:
//
// - The client's download starts once the page has painted: app.js is a
//   deferred script, which runs before the first paint.
// - A page that the client does not mount (a page of versions: a version,
//   the list of versions, a comparison) loads no client: its starter adds
//   app.js and nav.js, but not wasm_exec.js, which defines Go. It only
//   registers the service worker, so that it is kept for offline reading
//   like the others.
// - The service worker is registered once the client has mounted the page
//   (policyWidgetMounted), or has failed to load, when the browser is idle:
//   the worker's install fetches every page to keep them offline, and
//   competed with the client's download. Before that, on a first visit,
//   the page copies what it loaded into the worker's cache
//   (policyWidgetKeep), so that the install does not ask the server for
//   those files a second time.
//
// The go-app functions it calls are app.js's own. The names that it shares
// with the pages and the service worker are package site's, which the
// server writes in (scriptNames in worker.go); as the file stands here, it
// is valid JavaScript, for `node --check`.

const policyWidgetNames = /*{{.Names}}*/ { cachePrefix: "", buildMeta: "", mounted: "", mountedAttr: "" };

requestAnimationFrame(() => setTimeout(() => {
  const client = typeof Go === "function"
    ? goappInitWebAssembly().then(() => goappCanLoadWebAssembly() && policyWidgetMounted(), () => {})
    : Promise.resolve();
  client.finally(() => {
    const idle = window.requestIdleCallback || ((f) => setTimeout(f, 200));
    idle(() => policyWidgetKeep().finally(goappInitServiceWorker), { timeout: 2000 });
  });
}, 0));

// policyWidgetMounted resolves once the client has mounted the page (its
// root gets data-wasm="mounted"; the client yields to the browser before
// it mounts), or after 10 seconds (a client that failed to start).
function policyWidgetMounted() {
  const names = policyWidgetNames;
  const mounted = () => document.querySelector(names.mounted) !== null;
  return new Promise((resolve) => {
    if (mounted()) return resolve();
    const done = () => {
      observer.disconnect();
      clearTimeout(timer);
      resolve();
    };
    const observer = new MutationObserver(() => mounted() && done());
    observer.observe(document.body, { childList: true, subtree: true, attributes: true, attributeFilter: [names.mountedAttr] });
    const timer = setTimeout(done, 10000);
  });
}

// policyWidgetKeep copies the page and the files it loaded (its scripts,
// manifest and icon), as this first visit got them, from the HTTP cache
// into the cache of this build that the service worker fills at its
// install (app/server/worker.js), which then does not ask the server for
// them again. A copy is taken only if the server sent or revalidated it
// since it sent the page (its Date, by the server's clock, is not older
// than the page's), and only on a first visit: a page that a worker
// controls may have been given copies of another build.
async function policyWidgetKeep() {
  const names = policyWidgetNames;
  try {
    const meta = document.querySelector('meta[name="' + names.buildMeta + '"]');
    if (!meta || !("caches" in window) || !("serviceWorker" in navigator) || navigator.serviceWorker.controller) return;
    const cached = (u) => fetch(u, { cache: "only-if-cached", mode: "same-origin" });
    // The document as loaded: the client may have routed to another path since.
    const loaded = new URL(performance.getEntriesByType("navigation")[0]?.name ?? location.href);
    const page = loaded.origin + loaded.pathname;
    const pageRes = await cached(page);
    const since = Date.parse(pageRes.headers.get("Date"));
    if (!pageRes.ok || isNaN(since)) return;
    const urls = new Set();
    for (const e of performance.getEntriesByType("resource")) {
      if (e.initiatorType === "script") urls.add(e.name);
    }
    for (const l of document.querySelectorAll('link[rel="manifest"], link[rel="icon"]')) urls.add(l.href);
    // The cache that worker.js names cacheName: of its scope and of the
    // page's build, which ends the name.
    const cache = await caches.open(names.cachePrefix + meta.content);
    await cache.put(page, pageRes);
    await Promise.all([...urls].map(async (href) => {
      const u = new URL(href);
      if (u.origin !== location.origin || u.search) return;
      const res = await cached(u.href).catch(() => null);
      if (res && res.ok && Date.parse(res.headers.get("Date")) >= since) await cache.put(u.href, res);
    }));
  } catch (err) {
    // The worker fetches whatever is missing.
  }
}
