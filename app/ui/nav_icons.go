package ui

import "github.com/maxence-charriere/go-app/v9/pkg/app"

// The icons of the navigation, as inline SVG: decorative (aria-hidden), so
// that the element around each one carries its accessible name, and drawn
// with currentColor, so that they follow the theme. app.Raw gives the same
// markup in the prerendered page and in the WebAssembly DOM, where the
// browser's HTML parser puts it in the SVG namespace.
const (
	iconLink = `<svg class="icon" aria-hidden="true" focusable="false" viewBox="0 0 24 24" width="18" height="18" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round"><path d="M10 13a5 5 0 0 0 7.07 0l3-3a5 5 0 0 0-7.07-7.07l-1.5 1.5"/><path d="M14 11a5 5 0 0 0-7.07 0l-3 3a5 5 0 0 0 7.07 7.07l1.5-1.5"/></svg>`
	iconCopy = `<svg class="icon icon-copy" aria-hidden="true" focusable="false" viewBox="0 0 24 24" width="18" height="18" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round"><rect x="9" y="9" width="12" height="12" rx="2"/><path d="M5 15H4a2 2 0 0 1-2-2V4a2 2 0 0 1 2-2h9a2 2 0 0 1 2 2v1"/></svg>`
	iconDone = `<svg class="icon icon-done" aria-hidden="true" focusable="false" viewBox="0 0 24 24" width="18" height="18" fill="none" stroke="currentColor" stroke-width="2.5" stroke-linecap="round" stroke-linejoin="round"><path d="M4 12.5l5 5L20 6.5"/></svg>`
	iconUp   = `<svg class="icon" aria-hidden="true" focusable="false" viewBox="0 0 24 24" width="16" height="16" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round"><path d="M12 19V5"/><path d="M5 12l7-7 7 7"/></svg>`
	// logo is web/icon.svg, inline: the header needs no request for it.
	logo     = `<svg class="brand-logo" aria-hidden="true" focusable="false" viewBox="0 0 100 100" width="28" height="28"><rect width="100" height="100" rx="18" fill="#160f26"/><rect x="30.5" y="25" width="39" height="50" fill="#fff"/><g fill="#3d95fd"><rect x="37.5" y="35" width="25" height="3.5"/><rect x="37.5" y="43.5" width="25" height="3.5"/><rect x="37.5" y="52" width="25" height="3.5"/><rect x="37.5" y="60.5" width="15.6" height="3.5"/></g></svg>`
	iconDown = `<svg class="icon toc-chevron" aria-hidden="true" focusable="false" viewBox="0 0 24 24" width="18" height="18" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round"><path d="M6 9l6 6 6-6"/></svg>`
)

// icon returns one of the icons above.
func icon(svg string) app.UI { return app.Raw(svg) }
