// TypeScript declarations of <policy-widget>, the element that https://POLICY-HOST/embed.js
// defines, generated from web/element.go (go generate ./web): do not edit.
// Copy this file into your sources (say src/types/policy-widget.d.ts), next to a
// <script src="https://POLICY-HOST/embed.js" defer> in your page.

/** The values of the theme attribute. */
export type PolicyWidgetTheme = "host" | "auto" | "light" | "dark";

/** The detail of the policy:loaded event. */
export interface PolicyLoadedDetail {
  /** The policy's slug. */
  policy: string;
  /** The policy's title. */
  title: string;
}

/** The detail of the policy:viewed event. */
export interface PolicyViewedDetail {
  /** The policy's slug. */
  policy: string;
  /** The version on screen, such as "2026-01-15". */
  version: string;
  /** The version compared with, or null. */
  since: string | null;
  /** How many sections changed since then (0 when none were marked). */
  changed: number;
}

/** The detail of the policy:section event. */
export interface PolicySectionDetail {
  /** The policy's slug. */
  policy: string;
  /** The section's id ("" for the top of the policy). */
  id: string;
}

/** The events of <policy-widget>: they bubble and are composed, so a listener on an ancestor, the document or the window gets them too. */
export interface PolicyWidgetEventMap {
  /** The frame shows the policy, in place of the fallback children: once for each load of the frame. */
  "policy:loaded": CustomEvent<PolicyLoadedDetail>;
  /** The reader was shown a version of the policy: once for each load of the frame. An app records the version, to pass as since next time. */
  "policy:viewed": CustomEvent<PolicyViewedDetail>;
  /** The reader followed a link to a section of the policy, and the host page scrolled to it. */
  "policy:section": CustomEvent<PolicySectionDetail>;
}

/** The attributes of <policy-widget>, as a framework's template or JSX sets them. */
export interface PolicyWidgetAttributes {
  /** The policy's slug, such as "privacy". Changing it loads that policy. */
  policy?: string;
  /** Show the table of contents ("On this page") above the policy; "false" hides it. */
  toc?: boolean | "" | "true" | "false";
  /** host follows the host page's theme, read from <html> and <body> (data-theme, data-bs-theme, data-mode, a dark class, color-scheme), else the reader's system; auto follows the reader's system; light and dark force one. Default: "host". */
  theme?: "host" | "auto" | "light" | "dark";
  /** The height in px of the host's sticky header: sections land just below it. */
  offset?: number | `${number}`;
  /** A section id, such as "cookies", to scroll to once the policy shows, and whenever it changes. */
  section?: string;
  /** The version the user last saw or accepted, a date such as "2021-02-27" (of an ISO timestamp, its date): the sections changed since are marked. Without it, the frame's own storage remembers the reader's last visit. Changing it reloads the frame. */
  since?: string;
  /** The frame's accessible name; by default the policy's title (until it loads, "<policy> policy"). */
  label?: string;
}

/** A Seqera policy in a frame sized to its content, following the host page's theme. Defined by the policy host's /embed.js. The element's children are its fallback (a link to the policy, say): they show until the frame shows the policy, and stay when JavaScript or the frame is blocked. The element renders into its own shadow root and never changes its children or its attributes. */
export interface PolicyWidgetElement extends HTMLElement {
  /** Scrolls the host page to the section id of the policy, just below offset (smoothly unless the reader prefers reduced motion). Before the policy shows, it goes there once it does. */
  goto(id: string): void;
  addEventListener<K extends keyof PolicyWidgetEventMap>(type: K, listener: (this: PolicyWidgetElement, ev: PolicyWidgetEventMap[K]) => any, options?: boolean | AddEventListenerOptions): void;
  addEventListener<K extends keyof HTMLElementEventMap>(type: K, listener: (this: PolicyWidgetElement, ev: HTMLElementEventMap[K]) => any, options?: boolean | AddEventListenerOptions): void;
  addEventListener(type: string, listener: EventListenerOrEventListenerObject, options?: boolean | AddEventListenerOptions): void;
  removeEventListener<K extends keyof PolicyWidgetEventMap>(type: K, listener: (this: PolicyWidgetElement, ev: PolicyWidgetEventMap[K]) => any, options?: boolean | EventListenerOptions): void;
  removeEventListener<K extends keyof HTMLElementEventMap>(type: K, listener: (this: PolicyWidgetElement, ev: HTMLElementEventMap[K]) => any, options?: boolean | EventListenerOptions): void;
  removeEventListener(type: string, listener: EventListenerOrEventListenerObject, options?: boolean | EventListenerOptions): void;
}

/** window.PolicyWidget: the functions of the data-policy containers and script tags. */
export interface PolicyWidgetAPI {
  /** Mounts every [data-policy] element under root (the document by default); new ones are found on their own. */
  scan(root?: ParentNode): void;
  /** Mounts one [data-policy] container or script tag. */
  mount(el: Element): void;
  /** Scrolls to the section id of the policy that el (a <policy-widget>, a container or a script tag) shows. */
  goto(el: Element, id: string): void;
}

declare global {
  interface HTMLElementTagNameMap {
    "policy-widget": PolicyWidgetElement;
  }
  interface CustomElementRegistry {
    /** The element's class, once embed.js has defined it. */
    get(name: "policy-widget"): (new () => PolicyWidgetElement) | undefined;
  }
  interface GlobalEventHandlersEventMap extends PolicyWidgetEventMap {}
  interface Window {
    PolicyWidget: PolicyWidgetAPI;
  }
}

// React 19 reads the intrinsic elements of JSX from React.JSX.
declare module "react" {
  namespace JSX {
    interface IntrinsicElements {
      "policy-widget": DetailedHTMLProps<HTMLAttributes<PolicyWidgetElement>, PolicyWidgetElement> & PolicyWidgetAttributes;
    }
  }
}
