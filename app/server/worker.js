// The service worker of the policy widget. go-app fills in this
// text/template with the build and the files to precache, after the
// server has written in the names that the worker shares with the pages
// (package site) and the words of the offline notice (see worker.go).
//
// - Install: every page, the WebAssembly client, go-app's files and the
//   assets go into a cache named after the scope and the build (the
//   identity of the site's files: Server.Build).
// - Pages, go-app's files (/app.js names the client of its build) and any
//   other data such as policies are network-first: the network gets three
//   seconds, then the saved copy is used. A page served from the cache is
//   marked, so that the reader is told: data-offline-copy on <html>, an
//   offline notice in the status region, and an X-Policy-Widget-Copy header
//   (names.copyAttr, names.statusClass, names.copyHeader).
// - Files under web/ are cache-first in the cache of this build; the
//   client's URL carries its build. Once a page from the network shows
//   that another build is deployed, they come from the network first.
// - One entry per path: the query is not part of the key (cacheKey), so
//   /api/policies?n=1 and ?n=2 share an entry. The one exception is the
//   client, kept only as /web/app.wasm?build=<this build>; a client of
//   another build, or without one, is never kept.
// - Activate deletes the caches of the other builds of this scope, and no
//   other cache, takes control of open pages, and tells them its build,
//   so that a page of an older build offers to reload.
// - Pages that were not precached, such as the page of an old version of a
//   policy, which the server renders when it is asked for, are kept when
//   they are fetched: a reader can read them again offline.
"use strict";

// go-app fills in the build as its {{.Version}}.
const build = "{{.Version}}";
// The server writes these in (worker.go). As they stand here, the file is
// valid JavaScript, for `node --check`.
const precachePaths = /*{{.ResourcesToCache}}*/ [];
// The names that the worker shares with the pages, the client and the
// server: package site's, with the paths under the site's prefix (see
// scriptNames in worker.go).
const names = /*{{.Names}}*/ {
  cachePrefix: "",
  buildMetaRE: "",
  buildParam: "",
  clientPath: "",
  webPath: "",
  message: "",
  messageBuild: "",
  copyAttr: "",
  copyHeader: "",
  statusClass: "",
  noticeClass: "",
  dateAttr: "",
  reasons: { offline: "", unavailable: "", slow: "" },
};
// The words of the offline notice by reason, {dated, undated}, from app/ui
// ("{date}" is where the date goes).
const notices = /*{{.Notices}}*/ {};

// scope is "/" or, behind a proxy at /legal/, "/legal/".
const scope = new URL(self.registration.scope).pathname;
// The caches of every build of this scope start so; the build ends the name.
const cachePrefix = names.cachePrefix;
// A first visit's page fills this cache too (policyWidgetKeep, appstart.js).
const cacheName = cachePrefix + build;
const clientPath = names.clientPath;
const networkTimeout = 3000;
// The page's <meta> element of its build; group 1 is the build.
const buildMeta = new RegExp(names.buildMetaRE);
// The start tag of a page's status region.
const statusRegion = new RegExp('<div\\b[^>]*\\bclass="' + escapeRegExp(names.statusClass) + '"[^>]*>');

// stale is set once a page from the network is of another build: the
// files of this cache then no longer match the pages.
let stale = false;

// precacheURL mends go-app's path of the index under a prefix: "/legal"
// would be answered with a redirect to "/legal/".
function precacheURL(path) {
  return path + "/" === scope ? scope : path;
}

// cacheKey returns the key of url in the cache: its path without the query,
// or for the client, /web/app.wasm?build=<build> when url asks for this
// build's, and null, never kept, for any other.
function cacheKey(url) {
  if (url.pathname === clientPath) {
    return url.searchParams.get(names.buildParam) === build ? url.origin + clientPath + "?" + names.buildParam + "=" + build : null;
  }
  return url.origin + url.pathname;
}

// pinned reports whether the URL of key names one content only: the client
// of this build.
function pinned(key) {
  return new URL(key).pathname === clientPath;
}

self.addEventListener("install", (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(cacheName);
      // Each file once, under its key. addAll keeps all or nothing: the
      // server lists only files it serves (its tests check every one).
      // A file whose URL names its content (this build's client) is
      // taken from the HTTP cache when the page has just loaded it: it
      // cannot be another build. A file that the page of a first visit
      // has put in this cache already, as it loaded it (policyWidgetKeep
      // in app.js), is kept. Anything else is revalidated with the server
      // (no-cache).
      const keys = new Set(precachePaths.map((p) => cacheKey(new URL(precacheURL(p), self.location.origin))));
      keys.delete(null);
      const missing = [];
      for (const k of keys) {
        if (!(await cache.match(k, { ignoreVary: true }))) missing.push(k);
      }
      await cache.addAll(missing.map((k) => new Request(k, { cache: pinned(k) ? "force-cache" : "no-cache" })));
      await self.skipWaiting();
    })()
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      // Only the caches of this worker's scope: any other, such as those
      // of another go-app app on the origin ("app-…"), is not ours.
      for (const key of await caches.keys()) {
        if (key !== cacheName && key.startsWith(cachePrefix)) {
          await caches.delete(key);
        }
      }
      // Navigation preload: the browser asks the network for a page while
      // this worker starts, so a returning reader, whose pages go through
      // the worker, does not wait for it first.
      if (self.registration.navigationPreload) {
        await self.registration.navigationPreload.enable();
      }
      await self.clients.claim();
      await tellBuild();
    })()
  );
});

// A page asks {policyWidget: "build"}; the answer is {policyWidget: {build}}
// (names.message and names.messageBuild).
self.addEventListener("message", (event) => {
  if (event.data && event.data[names.message] === names.messageBuild && event.source) {
    event.source.postMessage(buildMessage());
  }
});

function buildMessage() {
  return { [names.message]: { [names.messageBuild]: build } };
}

// tellBuild tells every open page of the scope this worker's build.
async function tellBuild() {
  const clients = await self.clients.matchAll({ type: "window", includeUncontrolled: true });
  for (const client of clients) {
    client.postMessage(buildMessage());
  }
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET" || request.headers.has("range")) {
    return;
  }
  const url = new URL(request.url);
  if (url.origin !== self.location.origin || !url.pathname.startsWith(scope)) {
    return;
  }
  if (url.pathname.startsWith(names.webPath)) {
    event.respondWith(cacheFirst(event, url));
    return;
  }
  event.respondWith(networkFirst(event, url));
});

async function cacheFirst(event, url) {
  const request = event.request;
  const key = cacheKey(url);
  if (stale || key === null) {
    try {
      return await fetch(request);
    } catch (err) {
      if (key === null) {
        throw err;
      }
      // Offline: the saved file is better than none.
    }
  }
  const cache = await caches.open(cacheName);
  const saved = await cache.match(key, { ignoreVary: true });
  if (saved) {
    return saved;
  }
  const response = await fetch(request);
  if (response.ok && response.type === "basic" && !stale) {
    event.waitUntil(cache.put(key, response.clone()));
  }
  return response;
}

// Unavailable is the failure of a server that answers 5xx, as a proxy does
// when the server behind it is down.
class Unavailable extends Error {
  constructor(response) {
    super("server unavailable: " + response.status);
    this.response = response;
  }
}

class Timeout extends Error {}

function networkFirst(event, url) {
  const request = event.request;
  const page = request.mode === "navigate" || request.destination === "document";
  // Kept once, without the query: /privacy?x and /privacy are the same
  // page. The fragment never reaches the worker.
  const key = cacheKey(url);
  // Start the fetch before anything is awaited, so that waitUntil may still
  // be called: the saved copy is refreshed even when it is served first.
  const network = (async () => {
    // The navigation preload's answer, when the browser made one.
    const response = (page && (await event.preloadResponse)) || (await fetch(request));
    if (response.status >= 500) {
      throw new Unavailable(response);
    }
    if (response.ok && response.type === "basic") {
      if (page) {
        noteBuild(await response.clone().text());
      }
      if (key !== null) {
        const copy = response.clone();
        event.waitUntil(caches.open(cacheName).then((cache) => cache.put(key, copy)));
      }
    }
    return response;
  })();
  event.waitUntil(network.catch(() => {}));
  return respond(network, key, page);
}

async function respond(network, key, page) {
  let failure;
  try {
    return await Promise.race([
      network,
      new Promise((resolve, reject) => setTimeout(() => reject(new Timeout()), networkTimeout)),
    ]);
  } catch (err) {
    failure = err;
  }
  const cache = await caches.open(cacheName);
  let saved = key === null ? undefined : await cache.match(key, { ignoreVary: true });
  if (!saved && page && key !== null && key.endsWith("/") && !key.endsWith(scope)) {
    saved = await cache.match(key.replace(/\/+$/, ""), { ignoreVary: true });
  }
  if (saved) {
    return savedCopy(saved, page, reasonOf(failure));
  }
  if (failure instanceof Unavailable) {
    return failure.response;
  }
  // No copy: wait for the network, however long.
  return network.catch((err) => {
    if (err instanceof Unavailable) {
      return err.response;
    }
    throw err;
  });
}

// reasonOf names why the network failed, for the notice of a saved copy.
function reasonOf(failure) {
  if (failure instanceof Unavailable) {
    return names.reasons.unavailable;
  }
  return failure instanceof Timeout ? names.reasons.slow : names.reasons.offline;
}

// noteBuild marks this worker stale when a page is of another build, and
// checks for the worker of that build.
function noteBuild(html) {
  const m = buildMeta.exec(html);
  if (m && m[1] !== build && !stale) {
    stale = true;
    self.registration.update().catch(() => {});
  }
}

// savedCopy returns a response from the cache, marked as a saved copy.
async function savedCopy(saved, page, reason) {
  const headers = new Headers(saved.headers);
  headers.set(names.copyHeader, reason);
  headers.delete("Content-Length");
  headers.delete("Content-Encoding");
  const init = { status: saved.status, statusText: saved.statusText, headers: headers };
  if (!page) {
    return new Response(saved.body, init);
  }
  return new Response(markPage(await saved.text(), reason), init);
}

// markPage tells a page that it is a saved copy, and why (one of
// names.reasons): names.copyAttr on <html>, which the WebAssembly client
// reads, and the notice in the status region, for the reader who sees the
// page before, or without, the client. The words and the date are
// app/ui's (OfflineText): the server writes the words into this script,
// the page carries the date on its status region.
function markPage(html, reason) {
  return html
    .replace(/<html(?=[\s>])/, (tag) => tag + " " + names.copyAttr + '="' + reason + '"')
    .replace(statusRegion, (tag) => {
      const notice = notices[reason] || notices[names.reasons.offline];
      const date = attribute(tag, names.dateAttr);
      // The date is HTML already, as it stood in the page.
      const text = date
        ? escapeHTML(notice.dated).replace("{date}", () => date)
        : escapeHTML(notice.undated);
      return tag + '<p class="' + names.noticeClass + '">' + text + "</p>";
    });
}

// attribute returns the value of the attribute name in the start tag tag,
// as written there, or "".
function attribute(tag, name) {
  const m = new RegExp("\\s" + escapeRegExp(name) + '="([^"]*)"').exec(tag);
  return m ? m[1] : "";
}

function escapeRegExp(s) {
  return s.replace(/[\\^$.*+?()[\]{}|]/g, "\\$&");
}

function escapeHTML(s) {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}
