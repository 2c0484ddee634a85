// The probe of the browser benchmark, evaluated in every new document before
// any of its own scripts (Page.addScriptToEvaluateOnNewDocument). It records,
// in milliseconds since navigation start (performance.now()):
// - fcp: the first-contentful-paint entry;
// - mount: when an element .page[data-wasm="mounted"] (names.mounted) first
//   exists, seen by a MutationObserver (at the end of the task that mounted
//   it);
// - longTasks: every long task (over 50 ms) of the main thread, from a
//   buffered PerformanceObserver of "longtask";
// - instantiated: when WebAssembly.instantiateStreaming, called by go-app's
//   app.js, resolved; go.run starts right after. A measurement hook only: the
//   call and its result pass through unchanged.
// window.__perf.done(wantMount) resolves with all of it, plus the resource
// timing of the client (app.wasm) and the viewport, once the page has painted
// and, if wantMount, has mounted and a quarter second has passed for the
// observers to report the long task that mounted it.
(() => {
  "use strict";
  if (window.__perf) return;
  // The names of the widget's pages that it looks for, package site's,
  // which package perf writes in (probeScript).
  const names = /*{{.Names}}*/ { mounted: "", mountedAttr: "" };
  const p = {
    fcp: null,
    mount: null,
    longTasks: [],
    instantiateStart: null,
    instantiated: null,
    errors: [],
  };
  Object.defineProperty(window, "__perf", { value: p });

  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) {
        p.longTasks.push({ start: e.startTime, duration: e.duration });
      }
    }).observe({ type: "longtask", buffered: true });
  } catch (e) {
    p.errors.push("longtask: " + e);
  }
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) {
        if (e.name === "first-contentful-paint") p.fcp = e.startTime;
      }
    }).observe({ type: "paint", buffered: true });
  } catch (e) {
    p.errors.push("paint: " + e);
  }

  const mo = new MutationObserver(() => {
    if (p.mount === null && document.querySelector(names.mounted)) {
      p.mount = performance.now();
      mo.disconnect();
    }
  });
  mo.observe(document, {
    subtree: true,
    childList: true,
    attributes: true,
    attributeFilter: [names.mountedAttr],
  });

  const instantiate = WebAssembly.instantiateStreaming;
  if (instantiate) {
    WebAssembly.instantiateStreaming = function (...args) {
      p.instantiateStart = performance.now();
      return instantiate.apply(this, args).then((r) => {
        p.instantiated = performance.now();
        return r;
      });
    };
  }

  const result = () => {
    const wasm = performance
      .getEntriesByType("resource")
      .find((e) => new URL(e.name).pathname.endsWith("/app.wasm"));
    const nav = performance.getEntriesByType("navigation")[0];
    return {
      url: location.href,
      fcp: p.fcp,
      mount: p.mount,
      longTasks: p.longTasks,
      instantiateStart: p.instantiateStart,
      instantiated: p.instantiated,
      wasm: wasm
        ? {
            fetchStart: wasm.fetchStart,
            workerStart: wasm.workerStart,
            responseStart: wasm.responseStart,
            responseEnd: wasm.responseEnd,
            transferSize: wasm.transferSize,
            encodedBodySize: wasm.encodedBodySize,
            decodedBodySize: wasm.decodedBodySize,
          }
        : null,
      responseStart: nav ? nav.responseStart : null,
      domContentLoaded: nav ? nav.domContentLoadedEventEnd : null,
      width: innerWidth,
      height: innerHeight,
      errors: p.errors,
    };
  };

  p.done = (wantMount) =>
    new Promise((resolve) => {
      const check = () => {
        const painted = p.fcp !== null;
        const settled = !wantMount || (p.mount !== null && performance.now() - p.mount >= 250);
        if (painted && settled) resolve(result());
        else setTimeout(check, 50);
      };
      check();
    });
})();
