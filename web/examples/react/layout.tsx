// app/layout.tsx: load embed.js once, for every page.
import type { ReactNode } from "react";

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <head>
        <script src="https://legal.example.com/embed.js" defer />
      </head>
      <body>{children}</body>
    </html>
  );
}
