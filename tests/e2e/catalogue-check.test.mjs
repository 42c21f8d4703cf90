// Journey: a draft's catalogue, metadata and four-property check, then search and statistics.
// The unit's catalogue (CSV, UTF-8 with BOM) is read against a draft: the report names the
// row that matches no file, the invalid value and the file no row names, and nothing is
// written until 确认导入; then the items table shows 档号, 题名, 日期 and 保管期限. A missing
// title is completed in the edit drawer (a bad date is refused in Chinese first). The
// four-property check runs and shows its findings by property; the imported title is found
// by the header search; the statistics dashboard draws its charts.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import path from "node:path";
import { after, before, test } from "node:test";

import {
  CLERK,
  CLI,
  REVIEWER,
  byTestId,
  choose,
  cli,
  click,
  initWithCli,
  intakeWithCli,
  launch,
  openRoute,
  retype,
  screenshot,
  sealWithCli,
  signIn,
  tempDir,
  type,
  waitForChart,
  waitForStill,
  waitForText,
  writeTree,
} from "./support.mjs";

const dataDir = path.join(tempDir("dengji-e2e-catalogue-"), "data");
const draftSrc = path.join(tempDir("dengji-e2e-catalogue-src-"), "某某大厦竣工档案");
const sealedSrc = path.join(tempDir("dengji-e2e-catalogue-sealed-"), "某某大厦设计档案");
const catalogue = path.join(tempDir("dengji-e2e-catalogue-csv-"), "移交目录.csv");
const TITLE = "关于某某大厦竣工验收的报告";
let app;
let draftId;
let sealedId;

before(async () => {
  writeTree(draftSrc, { "竣工验收报告.txt": "竣工验收报告正文\n", "施工日志.txt": "施工日志\n", "空白页.txt": "" });
  writeTree(sealedSrc, { "设计说明.txt": "设计说明\n" });
  writeTree(path.dirname(catalogue), {
    [path.basename(catalogue)]:
      "\uFEFF电子文件名,档号,题名,日期,保管期限,页数,情况说明\n" +
      `竣工验收报告.txt,A001-2025-0001,${TITLE},2025-06-30,永久,3,原件存于城建档案室\n` +
      "施工日志.txt,A001-2025-0002,,2025年5月,长期,,\n" +
      "不存在的文件.txt,A001-2025-0003,不存在,2025,10年,,\n",
  });
  initWithCli(dataDir);
  const unit = cli(dataDir, CLERK, "unit", "add", "--name", "杭州某某建设有限公司", "--kind", "enterprise", "--uscc", "91330000MA27U0TT7T", "--domain", "城建");
  sealedId = intakeWithCli(dataDir, CLERK, { unit, title: "某某大厦设计档案", source: sealedSrc });
  sealWithCli(dataDir, REVIEWER, String(sealedId));
  // Exit 1: the file has no 题名 (an error finding); the summary is kept all the same.
  const check = spawnSync(CLI, ["--data-dir", dataDir, "check", String(sealedId), "--json"], {
    encoding: "utf8",
    env: { ...process.env, DENGJI_USER: REVIEWER.name, DENGJI_PASSWORD: REVIEWER.password },
  });
  assert.ok(check.status === 0 || check.status === 1, check.stderr);
  draftId = intakeWithCli(dataDir, CLERK, { unit, title: "某某大厦竣工档案", source: draftSrc });
  app = await launch(dataDir);
});

after(async () => {
  await app?.stop();
});

/** Waits until the items table's text (all of it, also the part scrolled out of view)
 *  satisfies `check`. */
async function waitForItems(browser, check, what) {
  const table = await byTestId(browser, "items-table");
  await browser.waitUntil(async () => check(await browser.execute((e) => e.textContent, table)), { timeoutMsg: `the items table never showed ${what}` });
}

/** The items-table row showing `text` (the table is virtual: rows are found by content). */
const itemRow = (browser, text) => browser.$(`//*[contains(@class,"ant-table-row")][contains(., "${text}")]`);

test("a catalogue is reported first, applied on confirmation, and shows in the items table", async () => {
  const { browser } = app;
  await signIn(browser, CLERK);
  await openRoute(browser, `#/registration/${draftId}`);
  await click(browser, "catalogue-open");
  // The native file dialog cannot be driven here: the path is typed, as on the other screens.
  await type(browser, "catalogue-path", catalogue);
  await click(browser, "catalogue-read");
  await waitForText(browser, "catalogue-report", "目录共 3 行，2 行对应到文件，3 处问题");
  await waitForText(browser, "catalogue-columns", "电子文件名");
  await waitForStill(browser, '[data-testid="catalogue-report"]');
  await screenshot(browser, "catalogue-report");
  for (const [tab, table, expect] of [
    ["unmatched", "catalogue-unmatched", "不存在的文件.txt"],
    ["invalid", "catalogue-invalid", "长期"],
    ["files", "catalogue-files-without-row", "空白页.txt"],
  ]) {
    await click(browser, `catalogue-tab-${tab}`);
    await waitForText(browser, table, expect);
  }
  await click(browser, "catalogue-tab-invalid");
  await waitForText(browser, "catalogue-invalid", "3保管期限长期"); // row 3 of the file (the header is row 1)
  // Nothing is written before 确认导入.
  const before = await browser.execute((e) => e.textContent, await byTestId(browser, "items-table"));
  assert.ok(!before.includes("A001-2025-0001"), before);

  // 情况说明 is no usual header: the clerk maps it to 备注, and the report is read again.
  await click(browser, "catalogue-tab-columns");
  await choose(browser, "catalogue-map-情况说明", "备注");
  await waitForText(browser, "catalogue-columns", "备注");
  await click(browser, "catalogue-apply");
  await byTestId(browser, "catalogue-report").waitForDisplayed({ reverse: true });
  await (await byTestId(browser, "items-table")).scrollIntoView();
  await screenshot(browser, "items-with-metadata");
  await waitForItems(browser, (t) => t.includes(TITLE) && t.includes("A001-2025-0001") && t.includes("2025-06-30") && t.includes("永久"), "the imported metadata");
  const row = await itemRow(browser, "竣工验收报告.txt");
  await (await row.$('[data-testid="item-meta-open"]')).click();
  await browser.waitUntil(async () => (await byTestId(browser, "meta-note").getValue()) === "原件存于城建档案室", { timeoutMsg: "the mapped 备注 was not imported" });
  await click(browser, "meta-cancel");
  await byTestId(browser, "meta-save").waitForDisplayed({ reverse: true });
});

test("the edit drawer refuses a bad date in Chinese and completes an item's metadata", async () => {
  const { browser } = app;
  // The registration's hand-over reference (移交单号) is edited in place.
  await (await browser.$('[data-testid="reg-handover"] .ant-typography-edit')).click();
  const area = await browser.$(".ant-typography-edit-content textarea");
  await area.waitForClickable();
  await area.setValue("YJ-2025-017");
  await browser.keys("Enter");
  await waitForText(browser, "reg-handover", "YJ-2025-017");
  await screenshot(browser, "draft-handover");

  const row = await itemRow(browser, "施工日志.txt");
  const edit = await row.$('[data-testid="item-meta-open"]');
  await edit.waitForClickable();
  await edit.click();
  await waitForStill(browser, '[data-testid="meta-save"]');
  await type(browser, "meta-refCode", "A001-2025-0002");
  await type(browser, "meta-title", "某某大厦施工日志");
  await type(browser, "meta-date", "去年");
  await click(browser, "meta-save");
  await waitForText(browser, "meta-error", "日期");
  await waitForStill(browser, '[data-testid="meta-error"]');
  await screenshot(browser, "item-meta-drawer");
  await retype(browser, "meta-date", "2025年5月");
  await click(browser, "meta-save");
  await byTestId(browser, "meta-save").waitForDisplayed({ reverse: true });
  await waitForItems(browser, (t) => t.includes("某某大厦施工日志") && t.includes("2025-05"), "the edited metadata");
});

test("the four-property check shows its findings grouped by property", async () => {
  const { browser } = app;
  await click(browser, "check-start");
  const result = await byTestId(browser, "check-result");
  await result.waitForDisplayed({ timeout: 60_000 });
  await waitForText(browser, "check-verdict", "检测未通过");
  await waitForText(browser, "check-property-integrity", (t) => t.includes("完整性") && t.includes("错误"));
  // The rule in words; its code only as the detail on hover.
  await waitForText(browser, "check-findings-integrity", "空文件");
  assert.ok(await browser.$('[data-testid="check-findings-integrity"] [title="integrity.empty_file"]').isExisting(), "the rule's code is the hover detail");
  await waitForText(browser, "check-findings-integrity", "空白页.txt");
  await waitForText(browser, "check-property-security", "安全性");
  assert.ok(await byTestId(browser, "check-report").isEnabled(), "the report can be saved");
  await (await byTestId(browser, "check-card")).scrollIntoView();
  await screenshot(browser, "four-property-check");
});

test("a sealed registration shows its latest check summary, and its metadata read-only", async () => {
  const { browser } = app;
  await openRoute(browser, `#/registration/${sealedId}`);
  await waitForText(browser, "check-latest", (t) => t.includes("审核员") && t.includes("完整性") && t.includes("安全性"));
  await (await byTestId(browser, "check-card")).scrollIntoView();
  await screenshot(browser, "check-latest");
  const row = await itemRow(browser, "设计说明.txt");
  const view = await row.$('[data-testid="item-meta-open"]');
  await view.waitForClickable();
  await view.click();
  await waitForText(browser, "meta-sealed", "已封存");
  assert.equal(await byTestId(browser, "meta-save").isExisting(), false, "no save on a sealed registration");
  assert.equal(await byTestId(browser, "meta-title").isEnabled(), false);
  await browser.keys("Escape");
  await byTestId(browser, "meta-sealed").waitForDisplayed({ reverse: true });
});

test("the header search finds the imported title, and the statistics dashboard draws its charts", async () => {
  const { browser } = app;
  const box = await byTestId(browser, "header-search");
  await box.setValue("验收的报告");
  const hit = await byTestId(browser, "search-hit-item");
  await hit.waitForDisplayed();
  await waitForText(browser, "search-hit-item", "竣工验收报告.txt");

  await browser.keys("Escape");
  await click(browser, "nav-statistics");
  await waitForText(browser, "stats-registrations", (t) => t.trim() === "1");
  await waitForText(browser, "stats-drafts", (t) => t.trim() === "1");
  for (const chart of ["chart-domain", "chart-unit-kind", "chart-year", "chart-month"]) await waitForChart(browser, chart);
  // The export writes through the native save dialog (not drivable here; the files are
  // tested in the app's Rust tests): both buttons are offered.
  for (const id of ["stats-export-xlsx", "stats-export-csv"]) assert.ok(await byTestId(browser, id).isClickable(), id);
  await screenshot(browser, "statistics-dashboard");
});
