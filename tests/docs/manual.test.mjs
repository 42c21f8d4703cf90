// The user manual (docs/用户手册.md) covers the eight journeys of the design brief, and
// every screenshot it shows exists and is one the end-to-end tests take of the real app
// (`scripts/dev.sh manual` refreshes them from tests/artifacts).
import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { test } from "node:test";
import assert from "node:assert/strict";

const root = path.resolve(import.meta.dirname, "../..");
const manual = readFileSync(path.join(root, "docs/用户手册.md"), "utf8");
const images = [...manual.matchAll(/!\[[^\]]*\]\(images\/([^)]+)\.png\)/g)].map((m) => m[1]);

/** Names passed to screenshot(browser, "…") in the end-to-end tests. */
function screenshotsTaken() {
  const dir = path.join(root, "tests/e2e");
  const names = new Set();
  for (const f of readdirSync(dir).filter((f) => f.endsWith(".mjs"))) {
    for (const m of readFileSync(path.join(dir, f), "utf8").matchAll(/screenshot\(browser, "([^"]+)"\)/g)) names.add(m[1]);
  }
  return names;
}

test("the manual walks through the eight journeys", () => {
  for (const n of ["一", "二", "三", "四", "五", "六", "七", "八"]) {
    assert.match(manual, new RegExp(`^## \\d+\\. 流程${n}：`, "m"), `no section for journey ${n}`);
  }
});

test("every screenshot in the manual is in docs/images and taken by an end-to-end test", () => {
  assert.ok(images.length >= 15, `only ${images.length} screenshots`);
  const present = new Set(readdirSync(path.join(root, "docs/images")).map((f) => path.basename(f, ".png")));
  const taken = screenshotsTaken();
  for (const name of images) {
    assert.ok(present.has(name), `docs/images/${name}.png is missing: run scripts/dev.sh manual`);
    assert.ok(taken.has(name), `${name}.png is not a screenshot any end-to-end test takes`);
  }
  const unused = [...present].filter((p) => !images.includes(p));
  assert.deepEqual(unused, [], "images the manual no longer shows");
});
