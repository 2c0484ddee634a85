// src/components/PrivacyPolicy.tsx, with policy-widget.d.ts (https://legal.example.com/embed.d.ts) beside it.
import type {} from "./policy-widget";

// Docusaurus's navbar is 60 px high; the widget follows its light and dark
// themes (data-theme on <html>) by itself.
export default function PrivacyPolicy() {
  return (
    <policy-widget policy="privacy" toc offset={60}>
      <a href="https://legal.example.com/privacy">Read our privacy policy</a>
    </policy-widget>
  );
}
