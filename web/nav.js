// Section navigation for the policy pages: progressive enhancement that
// works on the prerendered page and after the WebAssembly has mounted.
"use strict";
