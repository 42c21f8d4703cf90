// Every page of the training archive, as each of its three accounts sees it, at the window a
// county office PC gives the app (1366×768 with a taskbar): no table wider than its place,
// no internal code (`registration.seal`, `integrity.missing_title`) as a label and no
// command-line text on any screen, in Chinese and in English. Each page is photographed
// for the manual.
import assert from "node:assert/strict";
import path from "node:path";
import { after, before, test } from "node:test";

import {
  assertPlainScreen,
  byTestId,
  cli,
  click,
  launch,
  openRoute,
  painted,
  screenshot,
  setLanguage,
  signIn,
  signOut,
  tempDir,
  type,
  waitForText,
} from "./support.mjs";

const dataDir = path.join(tempDir("dengji-e2e-screens-"), "data");
const PASSWORD = "演示密码123456";
let app;

before(async () => {
  app = await launch(dataDir);
  const { browser } = app;
  await click(browser, "wizard-demo");
  await click(browser, "demo-start");
  await click(browser, "demo-accounts-ok");
  await waitForText(browser, "user-menu", "演示管理员");
});

after(async () => {
  await app?.stop();
});

// What each page shows once it has loaded.
const SHOWS = {
  dashboard: "dash-recent",
  units: "units-table",
  intake: "intake-title",
  registrations: "registrations-table",
  search: "search-query",
  attest: "attest-pick",
  certVerify: "certverify-input",
  approvals: "applications-table",
  media: "media-table",
  statistics: "stats-media-table",
  reports: "reports-no-upper",
  disposal: "disposal-due-table",
  audit: "audit-table",
  users: "users-table",
  settings: "archive-key-card",
};

/** The pages in the navigation rail of whoever is signed in. */
async function navPages(browser) {
  const ids = await browser.execute(() => [...document.querySelectorAll('[data-testid^="nav-"]')].map((e) => e.getAttribute("data-testid")));
  return ids.map((id) => id.slice("nav-".length));
}

async function visitEveryPage(browser, who, lang) {
  const pages = await navPages(browser);
  for (const page of pages) {
    assert.ok(SHOWS[page], `no check for the page ${page}`);
    await click(browser, `nav-${page}`);
    await byTestId(browser, SHOWS[page]).waitForDisplayed();
    await painted(browser);
    await assertPlainScreen(browser, `${page} as ${who} (${lang})`);
    if (lang === "zh") await screenshot(browser, `screen-${who}-${page}`);
  }
  // A sealed registration's detail page, reached from the list.
  await click(browser, "nav-registrations");
  // Draft 1 of the training archive is sealed (330102-…-000001).
  const row = await browser.$('[data-testid="registrations-table"] tr[data-row-key="1"] td');
  await row.waitForClickable();
  await row.click();
  await byTestId(browser, "registration-detail").waitForDisplayed();
  await painted(browser);
  await assertPlainScreen(browser, `registration detail as ${who} (${lang})`);
  if (lang === "zh") await screenshot(browser, `screen-${who}-registration`);
  // And its draft (#3), where a clerk edits the items and a reviewer seals.
  await openRoute(browser, "#/registration/3");
  await byTestId(browser, "seal-open").waitForDisplayed();
  await painted(browser);
  await assertPlainScreen(browser, `draft detail as ${who} (${lang})`);
  if (lang === "zh") await screenshot(browser, `screen-${who}-draft`);
  // The business data series, reached from the registrations list.
  await click(browser, "nav-registrations");
  await click(browser, "regs-series");
  await byTestId(browser, "series-table").waitForDisplayed();
  await painted(browser);
  await assertPlainScreen(browser, `business data series as ${who} (${lang})`);
  if (lang === "zh") await screenshot(browser, `screen-${who}-series`);
  return pages;
}

test("the window fits a 1366×768 screen with a taskbar", async () => {
  const { width, height } = await app.browser.execute(() => ({ width: window.innerWidth, height: window.innerHeight }));
  assert.ok(width <= 1366 && height <= 768 - 40, `the window is ${width}×${height}`);
  assert.ok(width >= 1280, `the window is only ${width} px wide`);
});

for (const lang of ["zh", "en"]) {
  test(`every page speaks plainly and fits, for each role (${lang})`, async (t) => {
    const { browser } = app;
    t.after(async () => {
      if (!t.passed) await screenshot(browser, `failure-screens-${lang}`);
    });
    await setLanguage(browser, lang);
    const adminPages = await visitEveryPage(browser, "admin", lang);
    assert.ok(!adminPages.includes("intake"), "an admin without the clerk role is offered intake");
    for (const [who, name] of [
      ["clerk", "演示登记员"],
      ["reviewer", "演示审核员"],
    ]) {
      await signOut(browser);
      await signIn(browser, { name, password: PASSWORD });
      await visitEveryPage(browser, who, lang);
    }
    await signOut(browser);
    await signIn(browser, { name: "演示管理员", password: PASSWORD });
    await setLanguage(browser, "zh");
  });
}

test("a source path that does not exist is flagged as soon as it is added, saying intake cannot start with it", async (t) => {
  const { browser } = app;
  t.after(async () => {
    if (!t.passed) await screenshot(browser, "failure-screens-missing-path");
  });
  await signOut(browser);
  await signIn(browser, { name: "演示登记员", password: PASSWORD });
  await click(browser, "nav-intake");
  await type(browser, "intake-path-input", path.join(dataDir, "没有这个文件夹"));
  await click(browser, "intake-path-add");
  const item = await browser.$('[data-testid="intake-paths"] li');
  await browser.waitUntil(async () => (await item.getAttribute("data-kind")) === "missing", {
    timeoutMsg: "the missing path was not marked",
  });
  await byTestId(browser, "path-missing").waitForDisplayed();
  await waitForText(browser, "intake-paths-error", "不存在");
  await painted(browser);
  await screenshot(browser, "intake-missing-path");
  // Start is refused while the path is listed: no draft is made.
  const drafts = () => JSON.parse(cli(dataDir, { name: "演示登记员", password: PASSWORD }, "list", "--json")).length;
  const before = drafts();
  await click(browser, "intake-unit");
  await browser.keys("Enter");
  await type(browser, "intake-title", "不应开始的接收");
  await click(browser, "intake-start");
  await waitForText(browser, "intake-paths-error", "不存在");
  assert.equal(await byTestId(browser, "intake-progress").isExisting(), false, "an intake started with a missing path");
  await browser.$('[data-testid="intake-paths"] li button').click();
  await byTestId(browser, "path-missing").waitForDisplayed({ reverse: true });
  assert.equal(drafts(), before, "a draft was made from a start with a missing path");
  await signOut(browser);
  await signIn(browser, { name: "演示管理员", password: PASSWORD });
});
