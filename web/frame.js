// The frame side of the embed: the server puts this script first in the
// head of every /embed/<slug> page, as a plain script, so it runs before the
// page paints, before go-app and before nav.js.
//
// In every case it applies the page's query before the page first paints:
// ?toc=1 shows the table of contents, ?theme=light|dark forces a theme (the
// default follows the reader's system), so that a frame in a dark page is
// dark from its first paint.
//
// In a frame (the page that embed.js inserts) it also:
//   - reports the content's height to the parent page, so the frame is sized
//     to it and never scrolls: the height of the content, never of the
//     viewport (embed.css gives the page no viewport-sized box), so that the
//     frame shrinks as well as grows;
//   - applies the options that the parent sends when it loads and when they
//     change (the table of contents, the theme, the host's custom
//     properties), without a reload;
//   - turns every section navigation (a click on an "#id" link, or a
//     cancelable "policy:navigate" event from nav.js, which also stands for
//     go-app's scrollIntoView of the URL's fragment) into a message asking
//     the parent to scroll its own page to that section: inside a frame,
//     scrollIntoView would scroll the host page as it likes;
//   - opens links that leave the policy in a new tab rather than in the
//     frame.
//
// Each navigation reaches it once, by one of those ways: a click on an
// "#id" link stops here, before nav.js and go-app see it, and nav.js asks
// once for each fragment it brings into view. It patches no built-in: the
// page moves focus with preventScroll, so focus never scrolls the host.
//
// Messages to the parent: {type: "policy:loaded", slug, title},
// {type: "policy:height", height}, {type: "policy:ready", mounted: true}
// once the WebAssembly has mounted, {type: "policy:scroll", id, top,
// smooth, user} where top is the section's offset from the top of the
// frame's document and user is set when the reader asked for it here (a
// click, a fragment), and {type: "policy:viewed", policy, version, since,
// changed}
// each time the policy's component shows the policy (the Go side
// dispatches a policy:viewed event on the frame's document; embed.js
// dispatches it again in the host page). From the parent it accepts
// {type: "policy:goto", id, smooth} and {type: "policy:options", toc, theme,
// vars}: theme is "light", "dark" or "" (the reader's system), vars the
// values of the host's --policy-* custom properties by name.
"use strict";
(() => {
  const root = document.documentElement;
  const query = new URLSearchParams(location.search);
  const setTOC = (on) => root.classList.toggle("policy-frame-toc", on);
  const setTheme = (theme) => {
    root.classList.toggle("policy-frame-light", theme === "light");
    root.classList.toggle("policy-frame-dark", theme === "dark");
  };
  root.classList.add("policy-frame");
  setTOC(query.get("toc") === "1");
  setTheme(query.get("theme"));

  const parent = window.parent;
  if (parent === window) return; // opened on its own: a plain page
  root.classList.add("policy-frame-framed");

  const originOf = (url) => {
    try {
      const o = new URL(url).origin;
      return o && o !== "null" ? o : "";
    } catch {
      return "";
    }
  };
  // The parent's origin, so that messages go to it alone. Firefox has no
  // ancestorOrigins; the referrer then names the parent's origin, unless the
  // host sends none, and then the messages (sizes and offsets, nothing
  // private) go to whatever page holds the frame.
  const parentOrigin =
    (location.ancestorOrigins && originOf(location.ancestorOrigins[0] || "")) ||
    originOf(document.referrer) ||
    "*";
  const post = (msg) => parent.postMessage(msg, parentOrigin);
  const slug = location.pathname.split("/").pop();

  // --- Options ----------------------------------------------------------------
  // The host's custom properties (embed.js's VARS) and what each sets here.
  const VARS = {
    accent: ["--accent", "--accent-hover", "--focus"],
    background: ["--bg"],
    text: ["--fg"],
    font: ["font-family"],
  };
  // A value is a plain CSS value: no url() (nothing to fetch), no escapes,
  // nothing that ends a declaration.
  const plainValue = (v) => typeof v === "string" && v.length <= 200 && !/[;{}\\]|url\(|image|@/i.test(v);
  const setOptions = (d) => {
    setTOC(d.toc === true);
    setTheme(d.theme);
    const vars = d.vars && typeof d.vars === "object" ? d.vars : {};
    for (const [name, props] of Object.entries(VARS)) {
      const v = Object.hasOwn(vars, name) && plainValue(vars[name]) ? vars[name] : "";
      // The CSSOM: allowed by the page's CSP, unlike a style attribute.
      for (const p of props) {
        if (v) root.style.setProperty(p, v);
        else root.style.removeProperty(p);
      }
    }
    reportHeight();
  };

  // --- Height ---------------------------------------------------------------
  // The height of the content: the page's root (the body before go-app
  // renders it), whose box embed.css keeps to its content.
  let lastHeight = -1;
  const reportHeight = () => {
    const content = document.querySelector(".page") || document.body;
    if (!content) return;
    const height = Math.ceil(content.getBoundingClientRect().bottom + window.scrollY);
    if (height !== lastHeight) {
      lastHeight = height;
      post({ type: "policy:height", height });
    }
  };

  // --- Section navigation -----------------------------------------------------
  const reducedMotion = () => matchMedia("(prefers-reduced-motion: reduce)").matches;

  // scrollTo asks the parent to bring the section id to the top of its
  // viewport ("" is the top of the policy), and moves keyboard focus to it
  // without scrolling anything.
  // A navigation that the reader asked for here (focus) is the user's.
  const scrollTo = (id, smooth, focus) => {
    const el = id === "" ? document.body : document.getElementById(id);
    if (!el) return false;
    const top = Math.max(0, el.getBoundingClientRect().top + window.scrollY);
    post({ type: "policy:scroll", id, top, smooth: smooth && !reducedMotion(), user: focus });
    if (focus && el !== document.body && el.hasAttribute("tabindex")) {
      el.focus({ preventScroll: true });
    }
    return true;
  };

  // Clicks, in the capture phase of the window: before nav.js and before
  // go-app's window.onclick, which would push a history entry (into the
  // host's joint history) and call scrollIntoView.
  window.addEventListener(
    "click",
    (e) => {
      if (e.defaultPrevented || e.button !== 0) return;
      const a = e.target instanceof Element ? e.target.closest("a[href]") : null;
      if (!a) return;
      const href = a.getAttribute("href");
      if (href.startsWith("#")) {
        let id = href.slice(1);
        try {
          id = decodeURIComponent(id);
        } catch {}
        e.preventDefault();
        e.stopImmediatePropagation();
        scrollTo(id, true, true);
        return;
      }
      if (a.hasAttribute("download")) return;
      // A link out of the policy: never navigate the frame. Modified clicks
      // and mailto: keep the browser's default action, without go-app.
      e.stopImmediatePropagation();
      if (e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
      if (a.protocol === "mailto:" || a.protocol === "tel:") return;
      e.preventDefault();
      window.open(a.href, "_blank", "noopener");
    },
    true,
  );

  // nav.js asks before any section navigation; in a frame the host scrolls.
  document.addEventListener("policy:navigate", (e) => {
    const id = e.detail && e.detail.id;
    if (typeof id !== "string") return;
    e.preventDefault();
    scrollTo(id, true, true);
  });

  // The policy on screen, and what changed since the version the reader
  // last saw (app/ui/changed.go's viewed): for the host app, which may
  // record that its user has seen this version. Only plain values cross.
  document.addEventListener("policy:viewed", (e) => {
    const d = e.detail;
    if (!d || typeof d.policy !== "string" || typeof d.version !== "string") return;
    post({
      type: "policy:viewed",
      slug,
      policy: d.policy,
      version: d.version,
      since: typeof d.since === "string" && d.since ? d.since : null,
      changed: Number.isFinite(d.changed) ? d.changed : 0,
    });
  });

  // Requests from the parent: deep links such as section="cookies", and
  // options.
  window.addEventListener("message", (e) => {
    if (e.source !== parent || (parentOrigin !== "*" && e.origin !== parentOrigin)) return;
    const d = e.data;
    if (!d || typeof d !== "object") return;
    if (d.type === "policy:goto" && typeof d.id === "string") {
      reportHeight();
      scrollTo(d.id, !!d.smooth, false);
    } else if (d.type === "policy:options") {
      setOptions(d);
    }
  });

  // --- Start ------------------------------------------------------------------
  let ready = false;
  const checkMounted = () => {
    if (!ready && document.querySelector('.page[data-wasm="mounted"]')) {
      ready = true;
      reportHeight();
      post({ type: "policy:ready", mounted: true, slug });
    }
    reportHeight();
  };
  const start = () => {
    const title = document.querySelector(".policy-title");
    post({ type: "policy:loaded", slug, title: title ? title.textContent.trim() : document.title });
    reportHeight();
    new ResizeObserver(reportHeight).observe(document.body);
    new MutationObserver(checkMounted).observe(document.body, {
      subtree: true,
      childList: true,
      attributes: true,
      attributeFilter: ["data-wasm"],
    });
    checkMounted();
    // Offscreen frames render lazily: measure on every resize and load too.
    window.addEventListener("resize", reportHeight);
    window.addEventListener("load", reportHeight);
  };
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start, { once: true });
  } else {
    start();
  }
})();
