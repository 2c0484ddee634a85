// embed.js shows a Seqera policy in any web page, in a frame sized to its
// content that follows the page's theme. Load it once, anywhere (the head
// is fine):
//
//   <script src="https://POLICY-HOST/embed.js" defer></script>
//
// and put the element where the policy goes; its children are the fallback,
// shown until the policy is:
//
//   <policy-widget policy="privacy" toc offset="64">
//     <a href="https://POLICY-HOST/privacy">Privacy policy</a>
//   </policy-widget>
//
// Its attributes (policy, toc, theme, offset, section, since, label), events
// (policy:loaded, policy:viewed, policy:section) and method goto(id) are
// described in web/element.go, which generates embed.d.ts and
// custom-elements.json. The element renders into its own shadow root and
// never touches its children nor sets an attribute on itself, so a page that
// React, Angular or Vue rendered on the server hydrates cleanly; connecting
// it sets everything up and disconnecting it removes all of it (frame,
// listeners, observers, timer), as often as a router likes.
//
// Two older forms work too, with the attributes as data- options
// (data-policy, data-toc, data-theme, data-offset, data-section, data-since,
// data-title): a script tag with data-policy inserts a <policy-widget> after
// itself, and a container such as <div data-policy="privacy"> gets a shadow
// root holding a <policy-widget> whose fallback is the container's children,
// which stay as they are (a container that has a shadow root already, or
// cannot have one, is left alone with a warning). Containers are found when
// they appear, at any time.
//
// With theme="host" (the default) the frame follows the host's theme: the
// data-theme, data-bs-theme or data-mode of <html> or <body> ("light" or
// "dark"), a "dark" class, their CSS color-scheme, else the reader's system;
// a MutationObserver and a media query listener tell the frame of changes
// by a message, without reloading it. The frame's URL names the theme, so
// its first paint has it, and the iframe's color-scheme matches, so the
// browser paints no opaque backdrop of another scheme behind it. The custom
// properties --policy-accent, --policy-background, --policy-text and
// --policy-font of the element pass to the frame (read when it loads and
// when the theme changes).
//
// The host's URL hash "#privacy:cookies" also opens a section. Section links
// in the policy scroll the host page (or the element's scrolling ancestor)
// so the section's top is just below offset; they never navigate the host.
//
// No global besides window.PolicyWidget ({scan, mount, goto}, for the older
// forms) and the custom element; styles go through an adopted style sheet in
// the shadow root and the CSSOM, so the host's CSP needs no 'unsafe-inline':
// script-src and frame-src must allow POLICY-HOST. Messages are accepted
// only from POLICY-HOST and only from the element's own frame.
"use strict";
(() => {
  const script = document.currentScript;
  const api = window.PolicyWidget;
  if (api && typeof api.mount === "function") {
    // Another copy of the script: the first one serves the page.
    if (script) api.mount(script);
    return;
  }
  if (!script || !script.src) return;

  const src = new URL(script.src, location.href);
  const ORIGIN = src.origin;
  const BASE = ORIGIN + src.pathname.replace(/(?:\/web)?\/embed\.js$/, "");
  const TAG = "policy-widget";
  // The element's attributes, each with its option on a container or script
  // tag: generated from web/element.go (go generate ./web).
  const ATTRS = {policy: "data-policy", toc: "data-toc", theme: "data-theme", offset: "data-offset", section: "data-section", since: "data-since", label: "data-title"};
  // The custom properties that pass to the frame, without "--policy-"
  // (generated too).
  const VARS = ["accent", "background", "text", "font"];
  const THEME_ATTRS = ["class", "style", "data-theme", "data-bs-theme", "data-mode"];
  const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
  const system = matchMedia("(prefers-color-scheme: dark)");
  const reduce = matchMedia("(prefers-reduced-motion: reduce)");

  const flag = (v) => v != null && !/^(false|0|no|off)$/i.test(v);

  // fromHash returns the section that the host's URL hash names for the
  // policy slug: "#privacy:cookies" gives "cookies".
  const fromHash = (slug) => {
    const m = /^#([a-z0-9-]+):(.+)$/.exec(location.hash);
    if (!m || m[1] !== slug) return "";
    try {
      return decodeURIComponent(m[2]);
    } catch {
      return m[2];
    }
  };

  // hostTheme returns the host page's theme, "light" or "dark".
  const hostTheme = () => {
    const els = [document.documentElement, document.body].filter(Boolean);
    for (const el of els) {
      for (const a of THEME_ATTRS.slice(2)) {
        const v = (el.getAttribute(a) || "").toLowerCase();
        if (v === "light" || v === "dark") return v;
      }
      if (el.classList.contains("dark")) return "dark";
    }
    // The body inherits the root's color-scheme unless it sets its own.
    const scheme = getComputedStyle(els[els.length - 1]).colorScheme.split(" ");
    const light = scheme.includes("light");
    if (light !== scheme.includes("dark")) return light ? "light" : "dark";
    return system.matches ? "dark" : "light";
  };

  // composedParent returns the element that holds el on screen, across
  // shadow roots.
  const composedParent = (el) => el.assignedSlot || el.parentElement || (el.parentNode && el.parentNode.host) || null;

  // scrollContainer returns the nearest ancestor of el that scrolls, or null
  // for the page itself.
  const scrollContainer = (el) => {
    for (let p = composedParent(el); p && p !== document.body && p !== document.documentElement; p = composedParent(p)) {
      const oy = getComputedStyle(p).overflowY;
      if ((oy === "auto" || oy === "scroll") && p.scrollHeight > p.clientHeight) return p;
    }
    return null;
  };

  const scrollTo = (target, top, behavior) => {
    try {
      target.scrollTo({ top, behavior });
    } catch {
      target.scrollTo(0, top);
    }
  };

  // One style sheet, adopted by the shadow root of every element.
  let sheet = null;
  const styles = () => {
    if (!sheet) {
      sheet = new CSSStyleSheet();
      sheet.replaceSync(
        ":host{display:block}:host([hidden]),[hidden]{display:none!important}" +
          "iframe{display:block;width:100%;height:0;border:0;overflow:hidden}",
      );
    }
    return [sheet];
  };

  class PolicyWidgetElement extends HTMLElement {
    static get observedAttributes() {
      return Object.keys(ATTRS);
    }

    #root = null;
    #slot = null;
    #on = false; // connected
    #mo = null;
    // Of the current frame:
    #frame = null;
    #slug = "";
    #title = ""; // the policy's, from the frame
    #ready = false; // the frame shows the policy
    #heard = false;
    #timer = 0;
    #sent = ""; // the last options sent
    #section = ""; // to go to once ready
    #deep = null; // a deep link landed: {y, id}, to land again after the WebAssembly mounted

    connectedCallback() {
      if (!this.#root) {
        this.#root = this.attachShadow({ mode: "open" });
        this.#root.adoptedStyleSheets = styles();
        this.#slot = document.createElement("slot");
        this.#root.append(this.#slot);
      }
      this.#on = true;
      addEventListener("message", this.#onMessage);
      addEventListener("hashchange", this.#onHash);
      system.addEventListener("change", this.#onTheme);
      this.#mo = new MutationObserver(this.#onTheme);
      for (const el of [document.documentElement, document.body]) {
        if (el) this.#mo.observe(el, { attributes: true, attributeFilter: THEME_ATTRS });
      }
      this.#load();
    }

    disconnectedCallback() {
      this.#on = false;
      removeEventListener("message", this.#onMessage);
      removeEventListener("hashchange", this.#onHash);
      system.removeEventListener("change", this.#onTheme);
      this.#mo.disconnect();
      this.#mo = null;
      this.#unload();
    }

    attributeChangedCallback(name, old, value) {
      if (!this.#on || old === value) return;
      if (name === "policy" || name === "since") this.#load();
      else if (name === "toc" || name === "theme") this.#options(false);
      else if (name === "section" && value) this.goto(value);
      else if (name === "label") this.#setTitle();
    }

    // goto scrolls to the section id of the policy ("" is its top).
    goto(id) {
      id = String(id);
      if (this.#ready) this.#post({ type: "policy:goto", id, smooth: !reduce.matches });
      else this.#section = id;
    }

    #load() {
      this.#unload();
      const slug = (this.getAttribute("policy") || "").trim();
      if (!slug) return;
      if (!SLUG.test(slug)) {
        console.warn(`policy widget: policy="${slug}" is not a policy slug`);
        return;
      }
      const query = new URLSearchParams();
      if (flag(this.getAttribute("toc"))) query.set("toc", "1");
      const theme = this.#theme();
      if (theme) query.set("theme", theme);
      const since = (this.getAttribute("since") || "").trim();
      if (since) {
        const date = /^(\d{4}-\d{2}-\d{2})(?:$|T)/.exec(since);
        if (date) query.set("since", date[1]);
        else console.warn(`policy widget: since="${since}" is not a date such as 2021-02-27; ignored`);
      }
      const qs = query.toString();
      const frame = document.createElement("iframe");
      frame.src = `${BASE}/embed/${slug}${qs ? "?" + qs : ""}`;
      frame.setAttribute("scrolling", "no");
      frame.setAttribute("sandbox", "allow-scripts allow-same-origin allow-popups allow-popups-to-escape-sandbox");
      // The scheme of the frame's page: the browser paints no opaque
      // backdrop behind a page of the same scheme as its frame.
      frame.style.colorScheme = theme || "light dark";
      this.#frame = frame;
      this.#slug = slug;
      // A goto() that the last frame did not take, else the section asked
      // for by the attribute or the host's URL.
      this.#section = this.#section || this.getAttribute("section") || fromHash(slug);
      this.#setTitle();
      this.#root.append(frame);
      this.#timer = setTimeout(() => {
        if (!this.#heard) console.warn(`policy widget: no answer from ${frame.src}; is ${location.origin} allowed to frame it (the server's -frame-ancestors)?`);
      }, 15000);
    }

    #unload() {
      clearTimeout(this.#timer);
      if (this.#frame) this.#frame.remove();
      this.#frame = null;
      this.#title = this.#sent = "";
      this.#ready = this.#heard = false;
      this.#deep = null;
      this.#slot.hidden = false;
    }

    // #theme returns the theme that the frame shows: "light", "dark", or ""
    // for the reader's system (auto).
    #theme() {
      const t = this.getAttribute("theme");
      return t === "light" || t === "dark" ? t : t === "auto" ? "" : hostTheme();
    }

    // #options sends the frame its options (when they changed, or always
    // when force): the table of contents, the theme and the custom
    // properties.
    #options(force) {
      const frame = this.#frame;
      if (!frame) return;
      const theme = this.#theme();
      frame.style.colorScheme = theme || "light dark";
      const style = getComputedStyle(this);
      const vars = {};
      for (const name of VARS) {
        const v = style.getPropertyValue("--policy-" + name).trim();
        if (v) vars[name] = v;
      }
      const msg = { type: "policy:options", toc: flag(this.getAttribute("toc")), theme, vars };
      const key = JSON.stringify(msg);
      if (force || key !== this.#sent) {
        this.#sent = key;
        this.#post(msg);
      }
    }

    #onTheme = () => this.#options(false);

    #onHash = () => {
      const id = fromHash(this.#slug);
      if (id) this.goto(id);
    };

    #post(msg) {
      const w = this.#frame && this.#frame.contentWindow;
      if (w) w.postMessage(msg, ORIGIN);
    }

    #setTitle() {
      if (this.#frame) this.#frame.title = this.getAttribute("label") || this.#title || `${this.#slug} policy`;
    }

    #emit(type, detail) {
      this.dispatchEvent(new CustomEvent(type, { bubbles: true, composed: true, detail }));
    }

    // #scroll brings the frame's point top (px from the top of its
    // document) to offset px below the top of the host's viewport, and
    // returns the page's new scroll position (null for a scrolling
    // ancestor).
    #scroll(top, smooth) {
      const offset = parseFloat(this.getAttribute("offset")) || 0;
      const y = this.#frame.getBoundingClientRect().top + this.#frame.clientTop + top;
      const behavior = smooth ? "smooth" : "instant";
      const container = scrollContainer(this);
      if (container) {
        const c = container.getBoundingClientRect().top + container.clientTop;
        scrollTo(container, container.scrollTop + y - c - offset, behavior);
        return null;
      }
      const pos = Math.max(0, Math.round(scrollY + y - offset));
      scrollTo(window, pos, behavior);
      return pos;
    }

    #onMessage = (e) => {
      const frame = this.#frame;
      if (!frame || e.source !== frame.contentWindow || e.origin !== ORIGIN) return;
      const d = e.data;
      if (!d || typeof d !== "object" || typeof d.type !== "string") return;
      this.#heard = true;
      const policy = this.#slug;
      switch (d.type) {
        case "policy:loaded":
          if (typeof d.title === "string" && d.title) this.#title = d.title.slice(0, 200);
          this.#setTitle();
          this.#options(true);
          break;
        case "policy:height":
          if (!Number.isFinite(d.height) || d.height < 0) break;
          frame.style.height = `${Math.ceil(d.height)}px`;
          if (this.#ready) break;
          this.#ready = true;
          this.#slot.hidden = true;
          if (this.#section) {
            // A deep link: asked once the frame has its height.
            this.#post({ type: "policy:goto", id: this.#section, smooth: false });
            this.#section = "";
            this.#deep = { y: null, id: "" };
          }
          this.#emit("policy:loaded", { policy, title: this.#title });
          break;
        case "policy:scroll":
          if (!Number.isFinite(d.top)) break;
          {
            const y = this.#scroll(d.top, !!d.smooth);
            if (this.#deep && this.#deep.y == null && !this.#deep.id) this.#deep = { y, id: String(d.id) };
          }
          if (d.user && typeof d.id === "string") this.#emit("policy:section", { policy, id: d.id });
          break;
        case "policy:viewed":
          if (typeof d.version !== "string") break;
          this.#emit("policy:viewed", {
            policy,
            version: d.version,
            since: typeof d.since === "string" && d.since ? d.since : null,
            changed: Number.isFinite(d.changed) && d.changed >= 0 ? d.changed : 0,
          });
          break;
        case "policy:ready":
          // The WebAssembly re-rendered the page: land the deep link again
          // unless the reader has scrolled since.
          if (this.#deep && this.#deep.y != null && Math.abs(scrollY - this.#deep.y) < 2) {
            this.#post({ type: "policy:goto", id: this.#deep.id, smooth: false });
          }
          this.#deep = null;
          break;
      }
    };
  }
  if (!customElements.get(TAG)) customElements.define(TAG, PolicyWidgetElement);

  // The older forms: a script tag or a container with data-policy gets a
  // <policy-widget>, whose attributes follow the data- options.
  const widgets = new WeakMap(); // script or container -> its <policy-widget>
  const warned = new WeakSet();

  const isEmbedScript = (el) => el.tagName === "SCRIPT" && /\/embed\.js(?:[?#]|$)/.test(el.src || "");

  const mount = (el) => {
    if (!(el instanceof Element) || el.localName === TAG) return;
    let w = widgets.get(el);
    if (!w) {
      if (!el.getAttribute("data-policy")) return;
      if (el.tagName === "SCRIPT") {
        // In the body, the script stands where the policy goes; in the
        // head it only loads the embed.
        if (!isEmbedScript(el) || !document.body || !document.body.contains(el)) return;
        w = document.createElement(TAG);
        el.after(w);
      } else {
        let root = null;
        try {
          if (!el.shadowRoot) root = el.attachShadow({ mode: "open" });
        } catch {}
        if (!root) {
          if (!warned.has(el)) console.warn("policy widget: this container has a shadow root already, or cannot have one: put a <policy-widget> in it instead", el);
          warned.add(el);
          return;
        }
        w = document.createElement(TAG);
        w.append(document.createElement("slot"));
        root.append(w);
      }
      widgets.set(el, w);
    }
    for (const [name, data] of Object.entries(ATTRS)) {
      const v = el.getAttribute(data);
      if (v == null) w.removeAttribute(name);
      else if (w.getAttribute(name) !== v) w.setAttribute(name, v);
    }
  };

  const scan = (root) => {
    const base = root || document;
    if (base instanceof Element && base.hasAttribute("data-policy")) mount(base);
    base.querySelectorAll("[data-policy]").forEach(mount);
  };

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
    attributeFilter: Object.values(ATTRS),
  });

  window.PolicyWidget = Object.freeze({
    // scan mounts every [data-policy] element under root (the document by
    // default); new elements are found on their own.
    scan,
    // mount gives one container or script tag its widget.
    mount,
    // goto scrolls to the section id of the policy shown by el: a
    // <policy-widget>, a container or a script tag.
    goto: (el, id) => {
      const w = el && el.localName === TAG ? el : widgets.get(el);
      if (w) w.goto(id);
    },
  });

  mount(script);
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", () => scan(), { once: true });
  } else {
    scan();
  }
})();
