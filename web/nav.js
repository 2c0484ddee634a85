// Section navigation for the policy pages: progressive enhancement that
// works on the prerendered page, before and without the WebAssembly, and
// keeps working after go-app replaces the page with the DOM it builds.
//
// - Same-page #fragment links (the table of contents, the policy's own
//   links, permalinks, "Back to top", the skip link): the URL hash is pushed
//   to the history, the target is scrolled to the top of the viewport, below
//   the sticky header (CSS scroll-padding-top, no offsets here), smoothly
//   only when prefers-reduced-motion allows it, and keyboard focus moves to
//   it. Clicking the same link again scrolls again. go-app v9's
//   window.onclick never sees these clicks.
// - Back/forward, hash changes, deep links on load and after the WebAssembly
//   mounts bring the section into view and mark its table-of-contents entry.
//   When the WebAssembly replaces the page, the reader stays where they
//   were, though go-app scrolls to the URL's fragment.
// - Scroll-spy: IntersectionObservers, no scroll handler, mark the entry of
//   the section being read with aria-current="location" (the last one when
//   the page is scrolled to the bottom) and keep it in view in a long list.
// - The narrow-screen "On this page" disclosure: it names the current
//   section, and closes after a choice, on Escape (focus back on its
//   button), on a click outside it and when focus leaves it.
// - The copy button next to each heading copies the section's URL (on the
//   page's <link rel="canonical">, if any) and announces it in the
//   article's live region.
//
// Embedding: before it scrolls for any in-page navigation, this script
// dispatches a cancelable "policy:navigate" CustomEvent, detail {id}, on
// document. A listener that cancels it (preventDefault) takes the
// navigation over, for example to scroll the page that hosts a frame, and
// this script then does nothing else: no scroll, no history entry, no focus.
//
// It changes nothing outside the widget: no built-in is patched, and the
// only elements it alters are the widget's own (WIDGET), in a page of the
// site or of a go-app app that mounts the widget's component.
"use strict";

(() => {
  if (window.policyNav) return;

  const doc = document;
  const root = doc.documentElement;
  const reducedMotion = matchMedia("(prefers-reduced-motion: reduce)");
  // The roots of the widget: the site's pages, and the component that
  // other apps mount (ui.Embedded).
  const WIDGET = ".page, .policy-embed";
  const framed = (() => {
    try {
      return window.top !== window.self;
    } catch {
      return true;
    }
  })();

  // How far below the scroll padding (where a jump puts a heading) a heading
  // may be and still count as reached by the reader.
  const READ_SLACK = 24;

  // Keys that scroll the page: they end the hold of a navigation on the
  // active entry.
  const SCROLL_KEYS = new Set(["PageUp", "PageDown", "Home", "End", "ArrowUp", "ArrowDown", " "]);

  const state = {
    handledHash: null, // the location.hash that this script last brought into view
    pinned: null, // the section a navigation made active, until the reader scrolls
    pinObserver: null,
    active: undefined, // the id of the active section, null for none
    spy: null, // {observer, endObserver, ids, above: Map, atBottom}
    page: location.pathname + location.search, // the page the DOM shows
    lastFocus: null, // the element that last had focus, to restore it after a remount
    scrollY: window.scrollY, // where the reader is, as of the last scroll event
    open: false, // the disclosure is open
    popAt: -Infinity, // when the last popstate happened
  };

  // ---------------------------------------------------------------- helpers

  function idOf(hash) {
    if (!hash || hash.length < 2) return "";
    try {
      return decodeURIComponent(hash.slice(1));
    } catch {
      return hash.slice(1);
    }
  }

  // targetOf returns the widget's element with the id, or null: the
  // fragments of a page around the widget are not this script's.
  function targetOf(id) {
    const el = id ? doc.getElementById(id) : null;
    return el && el.closest(WIDGET) ? el : null;
  }

  function toc() {
    return doc.querySelector("nav.toc");
  }

  function tocLinks() {
    return [...doc.querySelectorAll("nav.toc a.toc-link[href^='#']")];
  }

  function scrollBehavior(instant) {
    return instant || reducedMotion.matches ? "instant" : "smooth";
  }

  function textOf(el) {
    return (el.textContent || "").replace(/\s+/g, " ").trim();
  }

  // ------------------------------------------------------------- navigation

  // navigate brings the element el, the target of hash, into view. how:
  // push adds a history entry for hash; focus moves keyboard focus to el;
  // instant scrolls without animation.
  function navigate(el, hash, how) {
    const id = idOf(hash);
    const event = new CustomEvent("policy:navigate", { detail: { id }, cancelable: true });
    if (!doc.dispatchEvent(event)) return;

    if (how.push && location.hash !== hash) {
      history.pushState(history.state, "", location.pathname + location.search + hash);
    }
    state.handledHash = location.hash;

    const behavior = scrollBehavior(how.instant);
    if (el.id === "top") {
      window.scrollTo({ top: 0, behavior });
    } else {
      Element.prototype.scrollIntoView.call(el, { block: "start", behavior });
    }
    state.scrollY = window.scrollY;
    if (how.focus) focus(el);
    pin(id);
  }

  function focus(el) {
    if (!el.hasAttribute("tabindex") && el.tabIndex < 0) el.setAttribute("tabindex", "-1");
    el.focus({ preventScroll: true });
  }

  // sameDocumentTarget returns the element that the link a leads to on this
  // page, or null.
  function sameDocumentTarget(a) {
    if (!a.hash || a.origin !== location.origin || a.pathname !== location.pathname || a.search !== location.search) {
      return null;
    }
    if (a.hasAttribute("download") || (a.target && a.target !== "_self")) return null;
    return targetOf(idOf(a.hash));
  }

  // Capture phase on document: before the link, and before go-app's
  // window.onclick, which would push the history itself, scroll without
  // moving focus, and ignore a second click on the same link.
  doc.addEventListener(
    "click",
    (e) => {
      if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
      const a = e.target instanceof Element ? e.target.closest("a[href]") : null;
      if (!a) return;
      const el = sameDocumentTarget(a);
      if (!el) return; // another page, or an unknown fragment: not ours
      e.preventDefault();
      e.stopPropagation();
      if (state.open) setOpen(false, false);
      navigate(el, a.hash, { push: true, focus: true });
    },
    true,
  );

  addEventListener("popstate", () => {
    state.popAt = performance.now();
    const hash = location.hash;
    state.handledHash = hash;
    const target = targetOf(idOf(hash));
    guard(target); // before go-app scrolls to it
    if (!target) {
      // No section: the browser restores the scroll position of the entry.
      pin(null);
      return;
    }
    // Chrome restores the entry's scroll position after popstate: bring the
    // section into view after that.
    requestAnimationFrame(() => {
      const el = targetOf(idOf(hash));
      if (el && location.hash === hash) navigate(el, hash, { push: false, focus: true });
    });
  });

  // A fragment navigation that fired no popstate first, or one that nav.js
  // did not handle (the address bar, a script setting location.hash).
  addEventListener("hashchange", () => {
    const el = targetOf(idOf(location.hash));
    guard(el);
    if (location.hash === state.handledHash) return;
    if (el) navigate(el, location.hash, { push: false, focus: true });
  });

  // go-app v9 scrolls to the fragment of the URL itself, with a bare
  // element.scrollIntoView(), after it mounts a page and on popstate. That
  // would take back a reader who scrolled on while the WebAssembly loaded,
  // animate, and scroll the page around an embedding frame. On the widget's
  // elements, such a call for the URL's own fragment goes through navigate
  // instead, and does nothing when this script has already brought that
  // fragment into view. Every other call is the browser's own.
  function guardedScrollIntoView(...args) {
    if (args.length === 0 && this.id && location.hash && idOf(location.hash) === this.id) {
      if (location.hash !== state.handledHash) navigate(this, location.hash, { push: false, focus: false, instant: true });
      return;
    }
    return Element.prototype.scrollIntoView.apply(this, args);
  }

  // guard gives el, if it is one of the widget's elements with an id,
  // guardedScrollIntoView as its own scrollIntoView.
  function guard(el) {
    if (!el || !el.id || Object.hasOwn(el, "scrollIntoView") || !el.closest(WIDGET)) return;
    Object.defineProperty(el, "scrollIntoView", { value: guardedScrollIntoView, configurable: true, writable: true });
  }

  // guardAll guards the element of the URL's fragment at once, and the
  // other elements with an id when the browser is idle: a pass over the
  // whole DOM of a long policy does not belong in the task that mounts it.
  function guardAll() {
    guard(targetOf(idOf(location.hash)));
    const rest = () => {
      for (const root of doc.querySelectorAll(WIDGET)) {
        for (const el of root.querySelectorAll("[id]")) guard(el);
      }
    };
    if (typeof requestIdleCallback === "function") requestIdleCallback(rest, { timeout: 1000 });
    else setTimeout(rest, 0);
  }

  addEventListener("scroll", () => (state.scrollY = window.scrollY), { passive: true });

  // ------------------------------------------------------------- scroll-spy

  // pin makes the section id the active one until the reader scrolls or the
  // heading leaves the viewport: a jump to a short last section cannot bring
  // its heading to the top, and must still mark it.
  function pin(id) {
    state.pinObserver?.disconnect();
    state.pinObserver = null;
    const spy = state.spy;
    state.pinned = spy && id && spy.ids.includes(id) ? id : null;
    if (state.pinned) {
      let seen = false;
      state.pinObserver = new IntersectionObserver((entries) => {
        for (const e of entries) {
          if (e.isIntersecting) seen = true;
          else if (seen) pin(null);
        }
      });
      state.pinObserver.observe(targetOf(state.pinned));
    }
    refresh();
  }

  function unpin() {
    if (state.pinned) pin(null);
  }

  addEventListener("wheel", unpin, { passive: true });
  addEventListener("touchmove", unpin, { passive: true });
  addEventListener("keydown", (e) => SCROLL_KEYS.has(e.key) && unpin(), { passive: true });
  addEventListener("pointerdown", (e) => e.target === root && unpin(), { passive: true });

  // spy observes the headings of the sections listed in the table of
  // contents. A heading is "above" once its top has passed the reading line,
  // just below where a jump puts it: the root of the observer is everything
  // above that line, so a heading crossing it, either way and at any speed,
  // is reported. A sentinel at the end of the page tells when the reader is
  // at the bottom. In a frame, the page around it scrolls, not the frame,
  // and the observers cannot see where the reader is: no scroll-spy there.
  function bindSpy() {
    const old = state.spy;
    old?.observer.disconnect();
    old?.endObserver?.disconnect();
    state.spy = null;
    state.active = undefined; // a new list: mark and reveal its entry anew
    if (framed) return;

    const ids = [];
    for (const a of tocLinks()) {
      const id = idOf(a.hash);
      if (targetOf(id) && !ids.includes(id)) ids.push(id);
    }
    if (ids.length === 0) return;

    const padding = parseFloat(getComputedStyle(root).scrollPaddingTop) || 0;
    const line = Math.round(padding + READ_SLACK);
    const height = window.innerHeight;
    const spy = { ids, above: new Map(), atBottom: false, observer: null, endObserver: null };
    spy.observer = new IntersectionObserver(
      (entries) => {
        for (const e of entries) spy.above.set(e.target.id, e.isIntersecting);
        refresh();
      },
      { rootMargin: `${Math.max(100000, 20 * height)}px 0px ${Math.min(0, line - height)}px 0px` },
    );
    for (const id of ids) spy.observer.observe(targetOf(id));

    const end = doc.querySelector(".page-end");
    if (end) {
      spy.endObserver = new IntersectionObserver(
        (entries) => {
          spy.atBottom = entries[entries.length - 1].isIntersecting;
          refresh();
        },
        { rootMargin: "0px 0px 2px 0px" },
      );
      spy.endObserver.observe(end);
    }
    state.spy = spy;
    if (state.pinned && !ids.includes(state.pinned)) state.pinned = null;
  }

  function activeSection() {
    const spy = state.spy;
    if (!spy) return null;
    if (state.pinned) return state.pinned;
    if (spy.atBottom && root.scrollHeight > window.innerHeight) return spy.ids[spy.ids.length - 1];
    let current = null;
    for (const id of spy.ids) if (spy.above.get(id)) current = id;
    return current;
  }

  // refresh marks the active section's entry.
  function refresh() {
    const id = activeSection();
    const changed = id !== state.active;
    state.active = id;
    let activeLink = null;
    for (const a of tocLinks()) {
      const on = id !== null && idOf(a.hash) === id;
      if (on) {
        activeLink = activeLink || a;
        if (a.getAttribute("aria-current") !== "location") a.setAttribute("aria-current", "location");
      } else if (a.hasAttribute("aria-current")) {
        a.removeAttribute("aria-current");
      }
      a.classList.toggle("is-active", on);
    }
    const nav = toc();
    if (nav) {
      const current = nav.querySelector(".toc-current");
      const title = nav.querySelector(".toc-current-title");
      const text = activeLink ? textOf(activeLink) : "";
      if (title && title.textContent !== text) title.textContent = text;
      if (current && current.hidden !== !text) current.hidden = !text;
    }
    if (changed && activeLink) keepInView(activeLink);
  }

  // keepInView scrolls the table of contents, not the page, so that its
  // link stays visible in a long list.
  function keepInView(link) {
    const box = scrollBox(link);
    if (!box) return;
    const b = box.getBoundingClientRect();
    const r = link.getBoundingClientRect();
    const margin = Math.min(48, b.height / 4);
    let delta = 0;
    if (r.top < b.top + margin) delta = r.top - b.top - margin;
    else if (r.bottom > b.bottom - margin) delta = r.bottom - b.bottom + margin;
    if (delta) box.scrollBy({ top: delta, behavior: "instant" });
  }

  function scrollBox(link) {
    for (let el = link.parentElement; el && el !== doc.body; el = el.parentElement) {
      if (el.scrollHeight > el.clientHeight + 1) {
        const y = getComputedStyle(el).overflowY;
        if (y === "auto" || y === "scroll") return el;
      }
      if (el.matches("nav.toc")) break;
    }
    return null;
  }

  // ------------------------------------------------------------ disclosure

  function toggleButton() {
    return doc.querySelector("nav.toc .toc-toggle");
  }

  function setOpen(open, focusToggle) {
    const button = toggleButton();
    state.open = !!(open && button);
    if (!button) return;
    button.setAttribute("aria-expanded", String(state.open));
    toc()?.classList.toggle("is-open", state.open);
    if (state.open) {
      const link = doc.querySelector("nav.toc a.toc-link.is-active");
      if (link) keepInView(link);
    }
    // In a frame, focus must not scroll: it would scroll the host page.
    if (focusToggle) button.focus({ preventScroll: framed });
  }

  doc.addEventListener("click", (e) => {
    const t = e.target instanceof Element ? e.target : null;
    if (!t) return;
    const button = t.closest(".toc-toggle");
    if (button) {
      setOpen(button.getAttribute("aria-expanded") !== "true", false);
      return;
    }
    if (state.open && !toc()?.contains(t)) setOpen(false, false);
    const copy = t.closest("button.heading-copy");
    if (copy) copyLink(copy);
  });

  doc.addEventListener("keydown", (e) => {
    if (e.key === "Escape" && state.open) {
      e.preventDefault();
      setOpen(false, true);
    }
  });

  doc.addEventListener("focusin", (e) => {
    state.lastFocus = e.target;
  });

  doc.addEventListener("focusout", (e) => {
    const nav = toc();
    if (state.open && nav && e.relatedTarget instanceof Node && !nav.contains(e.relatedTarget)) setOpen(false, false);
  });

  // ------------------------------------------------------------ copy link

  async function copyLink(button) {
    const id = button.dataset.copy;
    const heading = targetOf(id);
    const anchor = button.parentElement?.querySelector("a.heading-anchor");
    // Relative to the page's canonical URL when it has one (an embed can
    // name the policy's full page that way), or else to this page.
    const canonical = doc.querySelector('link[rel="canonical"]');
    const url = new URL(anchor ? anchor.getAttribute("href") : "#" + id, canonical ? canonical.href : location.href);
    url.search = "";
    const title = heading ? textOf(heading) : id;
    let ok = false;
    try {
      // A browser that asks the reader for permission may never answer.
      await Promise.race([
        navigator.clipboard.writeText(url.href),
        new Promise((_, reject) => setTimeout(reject, 1500)),
      ]);
      ok = true;
    } catch {
      ok = copyWithSelection(url.href, button);
    }
    if (ok) {
      button.dataset.copied = "";
      clearTimeout(button.copiedTimer);
      button.copiedTimer = setTimeout(() => delete button.dataset.copied, 2000);
    }
    announce(
      button,
      ok
        ? `Link to section “${title}” copied to the clipboard.`
        : `Could not copy the link. The section's address is ${url.href}`,
    );
  }

  // copyWithSelection is the fallback for browsers without the asynchronous
  // clipboard: it copies from a hidden text field and puts focus back.
  function copyWithSelection(text, returnFocus) {
    const field = doc.createElement("textarea");
    field.value = text;
    field.setAttribute("readonly", "");
    field.style.position = "fixed";
    field.style.top = "0";
    field.style.opacity = "0";
    doc.body.append(field);
    field.select();
    let ok = false;
    try {
      ok = doc.execCommand("copy");
    } catch {
      ok = false;
    }
    field.remove();
    returnFocus.focus({ preventScroll: true });
    return ok;
  }

  function announce(from, message) {
    const region = from.closest("article")?.querySelector(".nav-announcer") || doc.querySelector(".nav-announcer");
    if (!region) return;
    // Empty it first, so the same message twice is announced twice.
    region.textContent = "";
    setTimeout(() => {
      region.textContent = message;
    }, 60);
  }

  // --------------------------------------------------------- page (re)binds

  function bind() {
    guardAll();
    bindSpy();
    refresh();
  }

  // remounted rebinds to the DOM that go-app built in place of the old one.
  // The same page (the WebAssembly taking over the prerendered one) keeps its
  // scroll position, focus, open disclosure and active entry; another page
  // shows its fragment, or its top.
  function remounted(removed, added) {
    const page = location.pathname + location.search;
    const samePage = page === state.page;
    state.page = page;
    if (samePage) {
      const { open, pinned } = state;
      guardAll();
      keepPlace(pinned);
      bindSpy();
      pin(pinned); // watch the new heading
      if (open) setOpen(true, false);
      restoreFocus(removed, added);
      return;
    }
    state.open = false;
    state.pinned = null;
    bind();
    const el = targetOf(idOf(location.hash));
    if (el) {
      navigate(el, location.hash, { push: false, focus: false, instant: true });
    } else {
      state.handledHash = location.hash;
      if (performance.now() - state.popAt > 1000) window.scrollTo({ top: 0, behavior: "instant" });
    }
  }

  // keepPlace keeps the reader where they were when the WebAssembly replaced
  // the page: go-app scrolls to the URL's fragment in the same task as it
  // mounts, before the new elements can be guarded, and this runs right
  // after that task, before the page is painted. A section that a
  // navigation made active, and that the reader has not scrolled away from,
  // is brought back into view, as the navigation may not have ended.
  function keepPlace(pinned) {
    // go-app scrolls on a mount only to the URL's fragment: without one,
    // and without a pinned section, the reader has not moved, and reading
    // window.scrollY would only force a layout of the new DOM.
    if (framed || (!pinned && !location.hash)) return;
    const el = pinned && targetOf(pinned);
    if (el) {
      Element.prototype.scrollIntoView.call(el, { block: "start", behavior: "instant" });
      state.scrollY = window.scrollY;
    } else if (window.scrollY !== state.scrollY) {
      window.scrollTo({ top: state.scrollY, behavior: "instant" });
    }
  }

  // restoreFocus moves focus to the element of the new DOM at the place of
  // the old DOM's element that had it: the two are built by the same
  // components, so their trees are alike.
  function restoreFocus(removed, added) {
    const last = state.lastFocus;
    if (!last || last.isConnected || (doc.activeElement && doc.activeElement !== doc.body)) return;
    let el = last.id ? targetOf(last.id) : null;
    if (!el) {
      for (const r of removed) {
        if (!(r instanceof Element) || !r.contains(last)) continue;
        const path = [];
        for (let n = last; n !== r; n = n.parentElement) path.unshift([...n.parentElement.children].indexOf(n));
        const a = added.find((n) => n instanceof Element && n.tagName === r.tagName);
        el = a ? path.reduce((n, i) => n?.children[i], a) : null;
        break;
      }
    }
    if (el && typeof el.focus === "function") el.focus({ preventScroll: true });
  }

  new MutationObserver((records) => {
    const removed = records.flatMap((r) => [...r.removedNodes]);
    const added = records.flatMap((r) => [...r.addedNodes]).filter((n) => n instanceof Element && n.isConnected);
    // A new page holds the widget; anything else added to the body (by the
    // host app, or the copy fallback's text field) is not a new page.
    if (added.some((n) => n.matches(WIDGET) || n.querySelector(WIDGET))) remounted(removed, added);
  }).observe(doc.body, { childList: true });

  let resizeTimer = 0;
  addEventListener("resize", () => {
    clearTimeout(resizeTimer);
    resizeTimer = setTimeout(() => {
      if (state.open && getComputedStyle(toggleButton() || doc.body).display === "none") setOpen(false, false);
      bind();
    }, 150);
  });

  // ----------------------------------------------------------------- start

  // start binds to the page and brings a deep link's section into view,
  // without animation. The page's starter adds nav.js after the first
  // paint, after app.js; a page that loads it itself waits for
  // DOMContentLoaded, after every deferred script, so that a listener of
  // policy:navigate is in place.
  let started = false;
  function start() {
    if (started) return;
    started = true;
    bind();
    const el = targetOf(idOf(location.hash));
    if (el) navigate(el, location.hash, { push: false, focus: false, instant: true });
    else state.handledHash = location.hash;
  }
  // Added after the first paint (see the page's starter): binding waits for
  // a task of its own, so that it does not lengthen this one.
  if (doc.readyState !== "loading") setTimeout(start, 0);
  else {
    doc.addEventListener("DOMContentLoaded", start, { once: true });
    addEventListener("load", start, { once: true });
  }
  root.classList.add("nav-js");

  window.policyNav = {
    // active returns the id of the active section, or null.
    active: () => state.active ?? null,
  };
})();
