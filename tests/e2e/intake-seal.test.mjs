// Journey 1 (slice): first run, add a unit with a live USCC check, take in a folder,
// seal it, and see the registration number on screen.
import assert from "node:assert/strict";
import path from "node:path";
import { after, before, test } from "node:test";

import { byTestId, cli, click, launch, screenshot, tempDir, writeTree } from "./support.mjs";

const dataDir = path.join(tempDir("dengji-e2e-"), "data");
const source = path.join(tempDir("dengji-e2e-src-"), "2025年文书档案");
const TITLE = "2025年文书档案移交";
let app;

before(async () => {
  writeTree(source, {
    "会议纪要/第一次会议.txt": "第一次会议纪要\n",
    "会议纪要/第二次会议.txt": "第二次会议纪要\n",
    "发文/关于印发通知的通知.txt": "通知正文\n",
  });
  app = await launch(dataDir);
});

after(async () => {
  await app?.stop();
});

/** Opens an antd Select by its test id and picks the option with this visible text. */
async function choose(browser, testId, text) {
  await click(browser, testId);
  const option = await browser.$(`//div[contains(@class,"ant-select-item-option") and not(contains(@class,"disabled"))][.//text()[normalize-space()="${text}"]]`);
  await option.waitForClickable();
  await option.click();
}

test("a clerk initialises the archive, adds a unit, takes in a folder and seals it", async (t) => {
  const { browser } = app;
  t.after(async () => {
    if (!t.passed) await screenshot(browser, "failure-intake-seal");
  });

  // First run: the data dir is empty, so the app offers to initialise it.
  const name = await byTestId(browser, "init-archive-name");
  await name.waitForDisplayed();
  await name.setValue("上城区档案馆");
  await byTestId(browser, "init-region").setValue("330102");
  await browser.waitUntil(async () => (await byTestId(browser, "region-status").getText()).includes("上城区"), {
    timeoutMsg: "region code 330102 was not recognised as 上城区",
  });
  await click(browser, "init-submit");

  // Units: add an enterprise; the live check names the expected check character.
  await click(browser, "nav-units");
  await click(browser, "unit-add-open");
  await byTestId(browser, "unit-name").setValue("杭州某某科技有限公司");
  await choose(browser, "unit-kind", "企业");
  await byTestId(browser, "unit-uscc").setValue("91330000MA27U0TT7L");
  await browser.waitUntil(async () => /应为\s*[“"]?T/.test(await byTestId(browser, "uscc-status").getText()), {
    timeoutMsg: "the live USCC check did not name the expected check character",
  });
  // Retype as a clerk would: select all, type over (React ignores WebDriver's clear).
  await click(browser, "unit-uscc");
  await browser.keys(["Control", "a"]);
  await browser.keys("Backspace");
  await browser.waitUntil(async () => (await byTestId(browser, "unit-uscc").getValue()) === "");
  await byTestId(browser, "unit-uscc").addValue("91330000MA27U0TT7T");
  await browser.waitUntil(async () => (await byTestId(browser, "uscc-status").getText()).includes("校验通过"));
  await click(browser, "unit-submit");
  await browser.waitUntil(async () => (await byTestId(browser, "units-table").getText()).includes("杭州某某科技有限公司"));

  // Intake: choose the unit, type the folder path, start, and land on the draft.
  await click(browser, "nav-intake");
  await choose(browser, "intake-unit", "杭州某某科技有限公司");
  await byTestId(browser, "intake-title").setValue(TITLE);
  await choose(browser, "intake-kind", "电子文件");
  await byTestId(browser, "intake-path-input").setValue(source);
  await click(browser, "intake-path-add");
  await click(browser, "intake-start");
  const items = await byTestId(browser, "items-table");
  await items.waitForDisplayed({ timeout: 60_000 });
  await browser.waitUntil(async () => (await items.getText()).includes("第二次会议.txt"));
  await screenshot(browser, "intake-draft");

  // Seal: type the title to confirm; the registration number appears.
  await click(browser, "seal-open");
  await byTestId(browser, "seal-confirm-title").setValue(TITLE);
  await click(browser, "seal-submit");
  const number = await byTestId(browser, "seal-number");
  await number.waitForDisplayed();
  const shown = (await number.getText()).trim();
  assert.match(shown, /^330102-\d{4}-000001$/);
  await screenshot(browser, "sealed");

  // The CLI on the same data dir sees the same sealed registration.
  const reg = JSON.parse(cli(dataDir, "show", shown, "--json"));
  assert.equal(reg.status, "sealed");
  assert.equal(reg.title, TITLE);
  assert.equal(reg.items.length, 3);
  assert.equal(cli(dataDir, "ledger", "verify").includes("台账完好"), true);
});
