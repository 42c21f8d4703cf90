// Builds the verifier into ONE self-contained HTML file (script and style inlined, no
// network) and copies it to crates/dengji-core/assets/verifier.html, which the core
// embeds. The output depends only on the sources and the locked dependencies: CI rebuilds
// it and fails when the committed copy differs.
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import * as esbuild from "esbuild";

const here = path.dirname(fileURLToPath(import.meta.url));
const out = path.join(here, "dist", "verifier.html");
const asset = path.join(here, "..", "crates", "dengji-core", "assets", "verifier.html");
export const KEYS_PLACEHOLDER = '<script id="dengji-archive-keys" type="application/json">[]</script>';

const bundle = await esbuild.build({
  entryPoints: [path.join(here, "src", "main.js")],
  absWorkingDir: here,
  bundle: true,
  write: false,
  format: "iife",
  platform: "browser",
  // Chromium 87 (Edge, 360, QQ browsers built on it) / Firefox 78 ESR and later.
  target: ["chrome87", "firefox78"],
  minify: true,
  charset: "utf8",
  legalComments: "none",
  logLevel: "warning",
});
let script = bundle.outputFiles[0].text;
const css = (
  await esbuild.transform(readFileSync(path.join(here, "src", "style.css"), "utf8"), {
    loader: "css",
    minify: true,
    charset: "utf8",
    target: ["chrome87", "firefox78"],
  })
).code;

const fail = (msg) => {
  console.error(`build: ${msg}`);
  process.exit(1);
};
// Inlined text must not close its element early.
if (/<\/script/i.test(script)) fail("the bundle contains </script");
if (/<\/style/i.test(css)) fail("the stylesheet contains </style");
if (/<!--/.test(script)) script = script.replace(/<!--/g, "<\\!--");

const template = readFileSync(path.join(here, "src", "index.html"), "utf8");
const parts = (s, marker) => {
  const p = s.split(marker);
  if (p.length !== 2) fail(`the template must contain ${marker} once`);
  return p;
};
// split/join, not String.replace: the bundle holds "$&"-like sequences.
let html = parts(template, "/*__STYLE__*/").join(css.trim());
html = parts(html, "//__SCRIPT__\n").join(script.trim() + "\n");
if (html.split(KEYS_PLACEHOLDER).length !== 2) fail("the key placeholder must occur exactly once");
if (/\b(src|href)=["']?(https?:)?\/\//i.test(html)) fail("the page refers to an outside resource");

mkdirSync(path.dirname(out), { recursive: true });
mkdirSync(path.dirname(asset), { recursive: true });
writeFileSync(out, html);
writeFileSync(asset, html);
const sha = createHash("sha256").update(html).digest("hex");
console.log(`verifier.html: ${Buffer.byteLength(html)} bytes, sha256 ${sha}`);
console.log(`  -> ${path.relative(process.cwd(), asset) || asset}`);
