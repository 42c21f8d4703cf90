// Journey: business data as a versioned series. A unit hands its housing fund database over
// every month. The clerk records the series in the app, takes September's export in as its
// first hand-over (sealed with the CLI), then October's from the series page; once sealed,
// the series page shows both versions and what October changed: a table added, a file
// removed, the dump changed by a few chunks.
import assert from "node:assert/strict";
import { rmSync } from "node:fs";
import path from "node:path";
import { after, before, test } from "node:test";

import {
  CLERK,
  REVIEWER,
  assertPlainScreen,
  choose,
  cli,
  click,
  initWithCli,
  launch,
  retype,
  screenshot,
  sealWithCli,
  signIn,
  tempDir,
  type,
  waitForStill,
  waitForText,
  writeTree,
} from "./support.mjs";

const dataDir = path.join(tempDir("dengji-e2e-series-"), "data");
const exportDir = path.join(tempDir("dengji-e2e-series-src-"), "公积金导出");
let app;

const rows = (n, changed) => Array.from({ length: n }, (_, i) => `INSERT INTO deposits VALUES (${i}, ${i === changed ? 9999 : i * 3});\n`).join("");

before(() => {
  initWithCli(dataDir);
  cli(dataDir, CLERK, "unit", "add", "--name", "杭州市住房公积金管理中心", "--kind", "institution", "--uscc", "12330100470117898N");
});

after(async () => {
  await app?.stop();
});

test("the clerk records a series and takes two months in; the series page shows what changed", async () => {
  app = await launch(dataDir);
  const { browser } = app;
  await signIn(browser, CLERK);
  await click(browser, "nav-registrations");
  await click(browser, "regs-series");
  await click(browser, "series-add");
  await choose(browser, "series-add-unit", "杭州市住房公积金管理中心");
  await type(browser, "series-add-name", "公积金业务库");
  await type(browser, "series-add-system", "住房公积金管理系统");
  await click(browser, "series-add-submit");
  await waitForText(browser, "series-table", (t) => t.includes("公积金业务库") && t.includes("每月"));

  for (const [period, files] of [
    ["2026-09", { "deposits.sql": rows(40000, -1), "说明.txt": "九月" }],
    ["2026-10", { "deposits.sql": rows(40300, 20000), "新表.sql": "CREATE TABLE loans;" }],
  ]) {
    rmSync(exportDir, { recursive: true, force: true });
    writeTree(exportDir, files);
    await click(browser, "series-intake-1");
    await waitForText(browser, "intake-series", "公积金业务库");
    await type(browser, "intake-period", period);
    await type(browser, "intake-path-input", exportDir);
    await click(browser, "intake-path-add");
    await click(browser, "intake-start");
    // Taken in, the draft's page opens; the reviewer seals it with the CLI.
    await waitForText(browser, "items-table", "deposits.sql");
    const hash = await browser.execute(() => window.location.hash);
    sealWithCli(dataDir, REVIEWER, hash.split("/").pop());
    await click(browser, "nav-registrations");
    await click(browser, "regs-series");
  }

  const row = await browser.$('//div[@data-testid="series-table"]//tr[contains(@class,"ant-table-row")]//td[contains(.,"公积金业务库")]');
  await row.waitForClickable();
  await row.click();
  await waitForText(browser, "series-timeline", (t) => t.includes("第 2 版") && t.includes("2026-10") && t.includes("第 1 版"));
  await waitForText(browser, "series-diff-2", (t) => t.includes("新增 1 个、删除 1 个、变化 1 个") && t.includes("新表.sql") && t.includes("说明.txt"));
  await waitForText(browser, "series-diff-2", "deposits.sql");
  await waitForStill(browser, '[data-testid="series-detail"]');
  await screenshot(browser, "series-diff");
  await assertPlainScreen(browser, "a series' versions and their differences");
  const shown = JSON.parse(cli(dataDir, CLERK, "series", "show", "1", "--json"));
  assert.equal(shown.versions.length, 2);
  // The business system's name corrected: the cadence is fixed now that months came in.
  await click(browser, "series-edit");
  const cadence = await browser.$('[data-testid="series-add-cadence"]');
  assert.ok((await cadence.getAttribute("class")).includes("disabled"), "the cadence cannot change after hand-overs");
  await retype(browser, "series-add-system", "公积金综合业务系统");
  await click(browser, "series-add-submit");
  // WebKit's getText leaves out antd's ellipsis cells: read the table's DOM text.
  await browser.waitUntil(() =>
    browser.execute(() => document.querySelector('[data-testid="series-table"]').textContent.includes("公积金综合业务系统")),
  );
  assert.equal(JSON.parse(cli(dataDir, CLERK, "series", "list", "--json"))[0].system, "公积金综合业务系统");
  // November is not handed over yet: the clerk's 待办 says so and leads to the series.
  await click(browser, "nav-dashboard");
  await waitForText(browser, "todo-handovers", "业务数据未按期移交");
  await click(browser, "todo-handovers");
  await waitForText(browser, "series-missing", "2026-11");
});
