// Journey: search. An archive seeded with the CLI (a unit, one sealed registration and one
// draft) is searched from the header box: two Chinese characters bring units, registrations
// and files grouped by kind as one types; a file hit opens its registration. Enter opens the
// search page, where the status filter narrows the hits to the draft or the sealed one. The
// statistics page counts them and draws its charts.
import assert from "node:assert/strict";
import path from "node:path";
import { after, before, test } from "node:test";

import {
  CLERK,
  REVIEWER,
  byTestId,
  cli,
  click,
  initWithCli,
  intakeWithCli,
  launch,
  openRoute,
  screenshot,
  sealWithCli,
  signIn,
  tempDir,
  waitForChart,
  waitForText,
  writeTree,
} from "./support.mjs";

const dataDir = path.join(tempDir("dengji-e2e-search-"), "data");
const sealedSrc = path.join(tempDir("dengji-e2e-search-a-"), "社保名册");
const draftSrc = path.join(tempDir("dengji-e2e-search-b-"), "社保补充");
let app;
let sealedNumber;
let draftId;

before(async () => {
  writeTree(sealedSrc, { "2024年社保缴费名册.csv": "姓名,金额\n张三,100\n" });
  writeTree(draftSrc, { "2025年社保缴费名册.csv": "姓名,金额\n李四,200\n" });
  initWithCli(dataDir);
  const unit = cli(dataDir, CLERK, "unit", "add", "--name", "上城区社会保险管理中心", "--kind", "institution", "--uscc", "91330000MA27U0TT7T", "--domain", "社保");
  const first = intakeWithCli(dataDir, CLERK, { unit, title: "2024年社保缴费名册", source: sealedSrc });
  sealedNumber = sealWithCli(dataDir, REVIEWER, String(first));
  draftId = intakeWithCli(dataDir, CLERK, { unit, title: "2025年社保缴费名册", source: draftSrc });
  app = await launch(dataDir);
});

after(async () => {
  await app?.stop();
});

test("the header box finds a two-character query as one types, grouped, and a file hit opens its registration", async () => {
  const { browser } = app;
  await signIn(browser, CLERK);
  const box = await byTestId(browser, "header-search");
  await box.waitForDisplayed();
  await box.setValue("社保");
  // One unit, two registrations, two files: each group shows under its heading.
  const count = async (kind) => (await browser.$$(`[data-testid="search-hit-${kind}"]`)).length;
  await browser.waitUntil(async () => (await count("unit")) === 1 && (await count("registration")) === 2 && (await count("item")) === 2, {
    timeoutMsg: "the drop-down never showed 1 unit, 2 registrations and 2 files",
  });
  const items = await browser.$$('[data-testid="search-hit-item"]');
  const itemTexts = [];
  for (const e of items) itemTexts.push(await e.getText());
  assert.ok(itemTexts.some((t) => t.includes("2024年社保缴费名册.csv") && t.includes(sealedNumber)), itemTexts.join(" | "));
  await screenshot(browser, "search-header");

  const sealedItem = items[itemTexts.findIndex((t) => t.includes(sealedNumber))];
  await sealedItem.click();
  await browser.waitUntil(async () => (await browser.execute(() => window.location.hash)).startsWith("#/registration/"));
  await waitForText(browser, "reg-number", sealedNumber);
});

test("Enter opens the search page; the status filter narrows the hits", async () => {
  const { browser } = app;
  const box = await byTestId(browser, "header-search");
  // The registration the last test opened may still be drawing over the header.
  await box.waitForClickable();
  await box.setValue("缴费名册");
  await browser.keys("Enter");
  await waitForText(browser, "search-counts", "文件");
  await screenshot(browser, "search-page-all");
  await waitForText(browser, "search-results", "2025年社保缴费名册.csv");
  await waitForText(browser, "search-results", "2024年社保缴费名册.csv");
  await waitForText(browser, "search-counts", (t) => t.includes("文件 2") && t.includes("登记 2"));

  await click(browser, "search-status");
  const sealed = await browser.$('//div[contains(@class,"ant-select-item-option")][.//text()[normalize-space()="已封存"]]');
  await sealed.waitForClickable();
  await sealed.click();
  await waitForText(browser, "search-counts", (t) => t.includes("文件 1") && t.includes("登记 1"));
  await waitForText(browser, "search-results", (t) => t.includes(sealedNumber) && !t.includes("2025年社保缴费名册.csv"));
  await screenshot(browser, "search-page");

  // A hit on the page opens the registration too; a direct address works as well.
  await openRoute(browser, `#/search/${encodeURIComponent("2025年")}`);
  await waitForText(browser, "search-counts", (t) => t.includes("登记 1") && t.includes("文件 1"));
  const row = await browser.$('//tr[contains(@class,"ant-table-row")]//div[contains(@class,"search-hit-title")][contains(.,"2025年社保缴费名册.csv")]');
  await row.waitForClickable();
  await row.click();
  await browser.waitUntil(async () => (await browser.execute(() => window.location.hash)) === `#/registration/${draftId}`);
});

test("the statistics page counts the sealed registration and draws its charts", async () => {
  const { browser } = app;
  await click(browser, "nav-statistics");
  await waitForText(browser, "stats-registrations", (t) => t.trim() === "1");
  await waitForText(browser, "stats-drafts", (t) => t.trim() === "1");
  await waitForText(browser, "stats-units", (t) => t.trim() === "1");
  for (const chart of ["chart-domain", "chart-unit-kind", "chart-year", "chart-month"]) {
    await waitForChart(browser, chart);
  }
  await screenshot(browser, "statistics");
});
