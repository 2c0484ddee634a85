// The service worker of the policy widget. go-app fills in this
// text/template with the version and the files to precache (see worker.go).
//
// - Install: every page, the WebAssembly client, go-app's files and the
//   assets go into a cache named after the scope and the version.
// - Pages, go-app's files (/app.js names the client of its version) and any
//   other data such as policies are network-first: the network gets three
//   seconds, then the saved copy is used. A page served from the cache is
//   marked, so that the reader is told: data-offline-copy on <html>, an
//   offline notice in the status region, and an X-Policy-Widget-Copy header.
// - Files under web/ are cache-first in the cache of this version; the
//   client's URL carries its version. Once a page from the network shows
//   that another version is deployed, they come from the network first.
// - Activate deletes the caches of the other versions of this scope, takes
//   control of open pages, and tells them its version, so that a page of an
//   older version offers to reload.
"use strict";

const version = "{{.Version}}";
const precachePaths = {{.ResourcesToCache}};

// scope is "/" or, behind a proxy at /legal/, "/legal/".
const scope = new URL(self.registration.scope).pathname;
const cachePrefix = "policy-widget " + scope + " ";
const cacheName = cachePrefix + version;
const networkTimeout = 3000;
const versionMeta = /<meta name="policy-widget-version" content="([^"]*)">/;

// stale is set once a page from the network is of another version: the
// files of this cache then no longer match the pages.
let stale = false;

// precacheURL mends go-app's path of the index under a prefix: "/legal"
// would be answered with a redirect to "/legal/".
function precacheURL(path) {
  return path + "/" === scope ? scope : path;
}

self.addEventListener("install", (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(cacheName);
      // no-cache: revalidate with the server, never trust the HTTP cache.
      const urls = new Set(precachePaths.map(precacheURL));
      await cache.addAll([...urls].map((u) => new Request(u, { cache: "no-cache" })));
      await self.skipWaiting();
    })()
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      for (const key of await caches.keys()) {
        // Ours of other versions, and those of go-app's default worker.
        if (key !== cacheName && (key.startsWith(cachePrefix) || /^app-[0-9a-f]{8,64}$/.test(key))) {
          await caches.delete(key);
        }
      }
      await self.clients.claim();
      await tellClients({ version: version });
    })()
  );
});

// A page asks {policyWidget: "version"}; the answer is {policyWidget: {version}}.
self.addEventListener("message", (event) => {
  if (event.data && event.data.policyWidget === "version" && event.source) {
    event.source.postMessage({ policyWidget: { version: version } });
  }
});

async function tellClients(msg) {
  const clients = await self.clients.matchAll({ type: "window", includeUncontrolled: true });
  for (const client of clients) {
    client.postMessage({ policyWidget: msg });
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
  if (url.pathname.startsWith(scope + "web/")) {
    event.respondWith(cacheFirst(event, url));
    return;
  }
  event.respondWith(networkFirst(event, url));
});

async function cacheFirst(event, url) {
  const request = event.request;
  if (stale) {
    try {
      return await fetch(request);
    } catch (err) {
      // Offline: the saved file is better than none.
    }
  }
  const cache = await caches.open(cacheName);
  const saved = await cache.match(request, { ignoreVary: true });
  if (saved) {
    return saved;
  }
  const response = await fetch(request);
  const v = url.searchParams.get("v");
  if (response.ok && response.type === "basic" && !stale && (v === null || v === version)) {
    event.waitUntil(cache.put(request, response.clone()));
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
  // A page is kept once, without its query: /privacy?x and /privacy are the
  // same page. The fragment never reaches the worker.
  const key = page ? url.origin + url.pathname : request;
  // Start the fetch before anything is awaited, so that waitUntil may still
  // be called: the saved copy is refreshed even when it is served first.
  const network = (async () => {
    const response = await fetch(request);
    if (response.status >= 500) {
      throw new Unavailable(response);
    }
    if (response.ok && response.type === "basic") {
      if (page) {
        noteVersion(await response.clone().text());
      }
      const copy = response.clone();
      event.waitUntil(caches.open(cacheName).then((cache) => cache.put(key, copy)));
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
  let saved = await cache.match(key, { ignoreVary: true });
  if (!saved && page && typeof key === "string" && key.endsWith("/") && !key.endsWith(scope)) {
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
    return "unavailable";
  }
  return failure instanceof Timeout ? "slow" : "offline";
}

// noteVersion marks this worker stale when a page is of another version,
// and checks for the worker of that version.
function noteVersion(html) {
  const m = versionMeta.exec(html);
  if (m && m[1] !== version && !stale) {
    stale = true;
    self.registration.update().catch(() => {});
  }
}

// savedCopy returns a response from the cache, marked as a saved copy.
async function savedCopy(saved, page, reason) {
  const headers = new Headers(saved.headers);
  headers.set("X-Policy-Widget-Copy", reason);
  headers.delete("Content-Length");
  headers.delete("Content-Encoding");
  const init = { status: saved.status, statusText: saved.statusText, headers: headers };
  if (!page) {
    return new Response(saved.body, init);
  }
  return new Response(markPage(await saved.text(), reason), init);
}

// markPage tells a page that it is a saved copy, and why ("offline",
// "unavailable" or "slow"): data-offline-copy on <html>, which the
// WebAssembly client reads, and the notice in the status region, for the
// reader who sees the page before, or without, the client. The same words
// are in app/ui/status.go (OfflineText).
function markPage(html, reason) {
  const date = versionDate(html);
  const lead = {
    unavailable: "The site cannot be reached.",
    slow: "The site is slow to answer.",
  }[reason] || "You are offline.";
  const text = lead + " " + (date ? "Showing the version of " + date + "." : "Showing a saved copy.");
  return html
    .replace(/<html(?=[\s>])/, (tag) => tag + ' data-offline-copy="' + reason + '"')
    .replace(
      /<div\b[^>]*\bclass="status-live"[^>]*>/,
      (tag) => tag + '<p class="status-message status-offline">' + text + "</p>"
    );
}

// versionDate returns the date of the version a page shows: the policy's
// "Last updated", or on the index the latest of them. It is HTML text from
// the page, without markup.
function versionDate(html) {
  const m = /class="policy-updated"[^>]*>[\s\S]*?<time\b[^>]*>([^<]*)<\/time>/.exec(html);
  if (m) {
    return m[1];
  }
  let latest = null;
  for (const t of html.matchAll(/<time\b[^>]*\bdatetime="([^"]+)"[^>]*>([^<]*)<\/time>/g)) {
    if (!latest || t[1] > latest[0]) {
      latest = [t[1], t[2]];
    }
  }
  return latest && latest[1];
}
