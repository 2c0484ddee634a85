"use client";
// Privacy.tsx, with policy-widget.d.ts (https://legal.example.com/embed.d.ts) beside it.
import { useEffect, useRef } from "react";
import type { PolicyViewedDetail, PolicyWidgetElement } from "./policy-widget";

type Props = {
  since?: string; // the version the user last accepted
  onViewed?: (detail: PolicyViewedDetail) => void;
};

export default function Privacy({ since, onViewed }: Props) {
  const widget = useRef<PolicyWidgetElement>(null);
  useEffect(() => {
    const el = widget.current;
    if (!el || !onViewed) return;
    const listener = (e: CustomEvent<PolicyViewedDetail>) => onViewed(e.detail);
    el.addEventListener("policy:viewed", listener);
    return () => el.removeEventListener("policy:viewed", listener);
  }, [onViewed]);
  return (
    <>
      <button type="button" onClick={() => widget.current?.goto("cookies")}>
        Cookies
      </button>
      <policy-widget ref={widget} policy="privacy" toc offset={64} since={since}>
        <a href="https://legal.example.com/privacy">Read our privacy policy</a>
      </policy-widget>
    </>
  );
}
