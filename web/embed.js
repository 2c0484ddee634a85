// embed.js shows a Seqera policy in any web page, in a frame sized to its
// content:
//
//   <script src="https://POLICY-HOST/embed.js" data-policy="privacy" defer></script>
//
// inserts the policy where the script tag is. In a single-page app, load the
// script once (anywhere, the head included) and render containers instead:
//
//   <div data-policy="privacy" data-toc data-offset="64"></div>
//
// Containers are found when they appear, at any time; a container that is
// removed and added again gets its frame back. Options, on the script tag or
// the container:
//
//   data-policy   the policy's slug (required)
//   data-toc      show the table of contents ("false" hides it)
//   data-theme    light, dark or auto (the reader's system; the default)
//   data-offset   height in px of the host's sticky header: sections land
//                 below it
//   data-section  a section to scroll to once loaded, such as "cookies"
//   data-title    the frame's accessible name until the policy's own loads
//   data-since    the version the app's user last saw or accepted, a date
//                 such as "2021-02-27" (of an ISO timestamp, its date): the
//                 sections changed since are marked. Without it, the
//                 frame's browser storage remembers the reader's last visit.
//
// Each time the frame shows the policy, a "policy:viewed" CustomEvent
// bubbles from the container (for a script tag, from the frame it
// inserted), with detail {policy, version, since, changed}: the slug, the
// version on screen, the version compared with (or null) and how many
// sections changed since then (0 when none were marked). An app records
// the version its user has now seen, to pass as data-since next time.
//
// The host's URL hash "#privacy:cookies" also opens a section, on load and
// on every hash change. Section links inside the policy scroll the host page
// (or the frame's scrolling container) so the section's top is just below
// data-offset; they never navigate the host nor change its URL.
//
// The script adds no style sheet and no global besides window.PolicyWidget
// ({scan, mount, goto}); it sets the frame's size through the CSSOM, so the
// host's CSP needs no 'unsafe-inline': script-src and frame-src must allow
// POLICY-HOST. The frame's messages are accepted only from POLICY-HOST and
// only from the frame's own window.
"use strict";
(() => {
  const script = document.currentScript;
  if (window.PolicyWidget && typeof window.PolicyWidget.mount === "function") {
    // Another tag of the script: the first instance serves the page.
    if (script) window.PolicyWidget.mount(script);
    return;
  }
  if (!script || !script.src) return;

  const src = new URL(script.src, location.href);
  const ORIGIN = src.origin;
  const BASE = ORIGIN + src.pathname.replace(/(?:\/web)?\/embed\.js$/, "");
  const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
  const FRAME_MARK = "data-policy-frame";
  const widgets = new WeakMap(); // host element -> widget
  const byFrame = new WeakMap(); // iframe -> widget

  const flag = (v) => v != null && !/^(false|0|no|off)$/i.test(v);

  // sectionFromHash returns the section that the host's URL hash names for
  // the policy slug: "#privacy:cookies" gives "cookies".
  const sectionFromHash = (slug) => {
    const m = /^#([a-z0-9-]+):(.+)$/.exec(location.hash);
    if (!m || m[1] !== slug) return "";
    try {
      return decodeURIComponent(m[2]);
    } catch {
      return m[2];
    }
  };

  const isEmbedScript = (el) => el.tagName === "SCRIPT" && /\/embed\.js(?:[?#]|$)/.test(el.src || "");

  // mount gives the element (a script tag or a container) its frame.
  const mount = (el) => {
    if (!(el instanceof Element)) return;
    const slug = (el.getAttribute("data-policy") || "").trim();
    const old = widgets.get(el);
    if (old) {
      // Moved or added again: the frame came along and reloads by itself.
      if (old.slug === slug && old.since === el.getAttribute("data-since") && (old.frame.isConnected || !el.isConnected)) return;
      unmount(old); // another policy or version, or a framework dropped the frame
    }
    if (!slug) return;
    if (el.tagName === "SCRIPT" && (!isEmbedScript(el) || !document.body || !document.body.contains(el))) {
      return; // a script in the head only loads the embed
    }
    if (!SLUG.test(slug)) {
      console.warn(`policy widget: data-policy="${slug}" is not a policy slug`);
      return;
    }
    const query = new URLSearchParams();
    if (flag(el.getAttribute("data-toc"))) query.set("toc", "1");
    const theme = el.getAttribute("data-theme");
    if (theme === "light" || theme === "dark") query.set("theme", theme);
    const since = (el.getAttribute("data-since") || "").trim();
    if (since) {
      const date = /^(\d{4}-\d{2}-\d{2})(?:$|T)/.exec(since);
      if (date) query.set("since", date[1]);
      else console.warn(`policy widget: data-since="${since}" is not a date such as 2021-02-27; ignored`);
    }
    const qs = query.toString();

    const frame = document.createElement("iframe");
    frame.src = `${BASE}/embed/${slug}${qs ? "?" + qs : ""}`;
    frame.title = el.getAttribute("data-title") || `${slug} policy`;
    frame.setAttribute(FRAME_MARK, slug);
    frame.setAttribute("scrolling", "no");
    frame.setAttribute("sandbox", "allow-scripts allow-same-origin allow-popups allow-popups-to-escape-sandbox");
    // CSSOM, not a style attribute string: allowed by a CSP without
    // 'unsafe-inline'.
    const s = frame.style;
    s.display = "block";
    s.width = "100%";
    s.border = "0";
    s.height = "0px";
    s.overflow = "hidden";

    const w = {
      el,
      slug,
      since: el.getAttribute("data-since"),
      frame,
      section: el.getAttribute("data-section") || sectionFromHash(slug),
      deepLinkPending: false,
      deepLinkID: "",
      deepLinkY: null,
      heard: false,
    };
    widgets.set(el, w);
    byFrame.set(frame, w);
    if (el.tagName === "SCRIPT") el.after(frame);
    else el.append(frame);
    setTimeout(() => {
      if (!w.heard && frame.isConnected) {
        console.warn(`policy widget: no answer from ${frame.src}; is ${location.origin} allowed to frame it (the server's -frame-ancestors)?`);
      }
    }, 15000);
  };

  const unmount = (w) => {
    w.frame.remove();
    widgets.delete(w.el);
  };

  const scan = (root) => {
    const base = root || document;
    if (base instanceof Element && base.hasAttribute("data-policy")) mount(base);
    base.querySelectorAll("[data-policy]").forEach(mount);
  };

  // scrollContainer returns the nearest ancestor of el that scrolls, or null
  // for the page itself.
  const scrollContainer = (el) => {
    for (let p = el.parentElement; p && p !== document.body && p !== document.documentElement; p = p.parentElement) {
      const oy = getComputedStyle(p).overflowY;
      if ((oy === "auto" || oy === "scroll") && p.scrollHeight > p.clientHeight) return p;
    }
    return null;
  };

  // scrollHost brings the frame's point top (px from the frame document's
  // top) to data-offset px below the top of the host's viewport.
  const scrollHost = (w, top, smooth) => {
    const offset = parseFloat(w.el.getAttribute("data-offset")) || 0;
    const y = w.frame.getBoundingClientRect().top + w.frame.clientTop + top;
    const behavior = smooth ? "smooth" : "instant";
    const container = scrollContainer(w.frame);
    const to = (target, pos) => {
      try {
        target.scrollTo({ top: pos, behavior });
      } catch {
        target.scrollTo(0, pos);
      }
    };
    if (container) {
      const c = container.getBoundingClientRect().top + container.clientTop;
      to(container, container.scrollTop + y - c - offset);
      return null;
    }
    const pos = Math.max(0, Math.round(window.scrollY + y - offset));
    to(window, pos);
    return pos;
  };

  const goto = (w, id, smooth) => {
    if (w.frame.contentWindow) {
      w.frame.contentWindow.postMessage({ type: "policy:goto", id, smooth: !!smooth }, ORIGIN);
    }
  };

  const widgetOf = (source) => {
    if (!source) return null;
    for (const f of document.querySelectorAll(`iframe[${FRAME_MARK}]`)) {
      if (f.contentWindow === source) return byFrame.get(f) || null;
    }
    return null;
  };

  window.addEventListener("message", (e) => {
    if (e.origin !== ORIGIN) return;
    const d = e.data;
    if (!d || typeof d !== "object" || typeof d.type !== "string") return;
    const w = widgetOf(e.source);
    if (!w) return;
    w.heard = true;
    switch (d.type) {
      case "policy:loaded":
        if (typeof d.title === "string" && d.title) w.frame.title = d.title.slice(0, 200);
        break;
      case "policy:height":
        if (Number.isFinite(d.height) && d.height >= 0) {
          w.frame.style.height = `${Math.ceil(d.height)}px`;
          if (w.section) {
            // A deep link: ask once the frame has its height.
            goto(w, w.section, false);
            w.section = "";
            w.deepLinkPending = true;
          }
        }
        break;
      case "policy:scroll":
        if (Number.isFinite(d.top)) {
          const pos = scrollHost(w, d.top, !!d.smooth);
          if (w.deepLinkPending) {
            w.deepLinkPending = false;
            w.deepLinkY = pos;
            w.deepLinkID = d.id;
          }
        }
        break;
      case "policy:viewed": {
        if (typeof d.version !== "string") break;
        const detail = {
          policy: w.slug,
          version: d.version,
          since: typeof d.since === "string" && d.since ? d.since : null,
          changed: Number.isFinite(d.changed) && d.changed >= 0 ? d.changed : 0,
        };
        const target = w.el.tagName === "SCRIPT" ? w.frame : w.el;
        target.dispatchEvent(new CustomEvent("policy:viewed", { bubbles: true, detail }));
        break;
      }
      case "policy:ready":
        // The WebAssembly re-rendered the page: land the deep link again
        // unless the reader has scrolled since.
        if (w.deepLinkY != null && Math.abs(window.scrollY - w.deepLinkY) < 2) goto(w, w.deepLinkID, false);
        w.deepLinkY = null;
        break;
    }
  });

  window.addEventListener("hashchange", () => {
    for (const f of document.querySelectorAll(`iframe[${FRAME_MARK}]`)) {
      const w = byFrame.get(f);
      const id = w && sectionFromHash(w.slug);
      if (id) {
        goto(w, id, !matchMedia("(prefers-reduced-motion: reduce)").matches);
        return;
      }
    }
  });

  new MutationObserver((records) => {
    for (const r of records) {
      if (r.type === "attributes") {
        mount(r.target);
        continue;
      }
      for (const n of r.addedNodes) {
        if (n.nodeType === Node.ELEMENT_NODE) scan(n);
      }
    }
  }).observe(document.documentElement, {
    subtree: true,
    childList: true,
    attributes: true,
    attributeFilter: ["data-policy", "data-since"],
  });

  window.PolicyWidget = Object.freeze({
    // scan mounts every [data-policy] element under root (the document by
    // default); new elements are found on their own.
    scan,
    // mount gives one element its frame.
    mount,
    // goto scrolls to the section id of the policy shown by el.
    goto: (el, id) => {
      const w = widgets.get(el);
      if (w) goto(w, String(id), true);
    },
  });

  mount(script);
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", () => scan(), { once: true });
  } else {
    scan();
  }
})();
