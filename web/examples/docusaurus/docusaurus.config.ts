// docusaurus.config.ts: load embed.js once, on every page.
export default {
  title: "Example docs",
  url: "https://docs.example.com",
  baseUrl: "/",
  scripts: [{ src: "https://legal.example.com/embed.js", defer: true }],
  // presets, themeConfig… as they are
};
