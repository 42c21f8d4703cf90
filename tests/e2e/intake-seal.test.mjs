// Journey 1 (slice): first run with the first admin, who opens accounts for a clerk and a
// reviewer; the clerk adds a unit with a live USCC check and takes in a folder; the
// reviewer (not the clerk: four-eyes) seals it and sees the registration number.
import assert from "node:assert/strict";
import path from "node:path";
import { after, before, test } from "node:test";

import {
  ADMIN,
  CLERK,
  REVIEWER,
  addUser,
  assertInView,
  byTestId,
  choose,
  cli,
  click,
  launch,
  painted,
  retype,
  screenshot,
  setKeyPassphrase,
  signIn,
  signOut,
  takeIn,
  tempDir,
  type,
  waitForStill,
  waitForText,
  writeTree,
} from "./support.mjs";

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

test("an admin sets up the archive, a clerk takes in a folder and a reviewer seals it", async (t) => {
  const { browser } = app;
  t.after(async () => {
    if (!t.passed) await screenshot(browser, "failure-intake-seal");
  });

  // First run: the data dir is empty, so the app offers the wizard; the admin creates a
  // new archive and asks for three copy sets.
  await waitForStill(browser, ".first-run .ant-card");
  await byTestId(browser, "wizard-new").waitForDisplayed();
  await painted(browser);
  await screenshot(browser, "first-run");
  await click(browser, "wizard-new");
  await type(browser, "init-archive-name", "上城区档案馆");
  await type(browser, "init-region", "330102");
  await browser.waitUntil(async () => (await byTestId(browser, "region-status").getText()).includes("上城区"), {
    timeoutMsg: "region code 330102 was not recognised as 上城区",
  });
  await type(browser, "init-admin-name", ADMIN.name);
  await type(browser, "init-admin-password", ADMIN.password);
  await type(browser, "init-admin-password-confirm", ADMIN.password);
  await browser.waitUntil(async () => !(await browser.$(".ant-form-item-explain-error").isExisting()), {
    timeoutMsg: "the first-run form still shows a validation error",
  });
  // Nothing the clerk needs lies below the fold at 1366×768.
  await assertInView(browser, "init-next");
  await screenshot(browser, "first-run-archive");
  await click(browser, "init-next");
  await retype(browser, "init-copy-sets", "3");
  await browser.waitUntil(async () => (await byTestId(browser, "init-copy-sets").getValue()) === "3");
  // Retyping empties the field for a moment: let its "required" message fade out first.
  await browser.waitUntil(async () => !(await browser.$(".ant-form-item-explain-error").isExisting()), {
    timeoutMsg: "the policies step still shows a validation error",
  });
  await painted(browser);
  await assertInView(browser, "init-next");
  await screenshot(browser, "first-run-policies");
  await click(browser, "init-next");
  await setKeyPassphrase(browser);
  await browser.waitUntil(async () => !(await browser.$(".ant-form-item-explain-error").isExisting()), {
    timeoutMsg: "the key step still shows a validation error",
  });
  await painted(browser);
  await assertInView(browser, "init-submit");
  await screenshot(browser, "first-run-key");
  await click(browser, "init-submit");
  await browser.waitUntil(async () => (await byTestId(browser, "user-menu").getText()).includes(ADMIN.name));
  await click(browser, "nav-settings");
  await browser.waitUntil(async () => (await byTestId(browser, "settings-copy-sets").getValue()) === "3", {
    timeoutMsg: "the copy sets chosen in the wizard are not in 系统设置",
  });

  // The admin opens an account for a clerk and one for a reviewer.
  await addUser(browser, CLERK, ["clerk"]);
  await addUser(browser, REVIEWER, ["reviewer"]);
  await screenshot(browser, "users");
  await signOut(browser);

  // The clerk adds an enterprise; the live check names the expected check character.
  await screenshot(browser, "login");
  await signIn(browser, CLERK);
  await click(browser, "nav-units");
  await click(browser, "unit-add-open");
  await type(browser, "unit-name", "杭州某某科技有限公司");
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
  const draftId = await takeIn(browser, { unit: "杭州某某科技有限公司", title: TITLE, kind: "电子文件", source, expect: "第二次会议.txt" });
  await screenshot(browser, "intake-draft");
  await signOut(browser);

  // The reviewer opens the draft and seals it: type the title to confirm; the number appears.
  await signIn(browser, REVIEWER);
  await click(browser, "nav-registrations");
  const row = await browser.$(`tr[data-row-key="${draftId}"] td`);
  await row.waitForClickable();
  await row.click();
  await browser.waitUntil(async () => (await browser.execute(() => window.location.hash)) === `#/registration/${draftId}`);
  // DA/T 70: the check of the current content found the files undescribed; the seal waits
  // until a reviewer accepts that with a reason.
  await waitForText(browser, "seal-check-errors", "integrity.missing_title");
  await waitForText(browser, "seal-why-not", "未接受");
  assert.equal(await byTestId(browser, "seal-open").isEnabled(), false, "the seal waits for the check's errors");
  await click(browser, "accept-error-0");
  await byTestId(browser, "accept-reason").waitForDisplayed();
  assert.equal(await byTestId(browser, "accept-submit").isEnabled(), false, "a reason is required");
  await type(browser, "accept-reason", "移交单位未提供文件级目录，题名以登记题名为准");
  await click(browser, "accept-submit");
  await waitForText(browser, "seal-check-errors", "均已由审核员接受");
  await waitForText(browser, "seal-check-errors", "移交单位未提供文件级目录");
  await (await byTestId(browser, "seal-check-errors")).scrollIntoView({ block: "center" });
  await painted(browser);
  await screenshot(browser, "seal-check-accepted");
  await click(browser, "seal-open");
  await type(browser, "seal-confirm-draft", String(draftId));
  await click(browser, "seal-submit");
  const number = await byTestId(browser, "seal-number");
  await number.waitForDisplayed();
  const shown = (await number.getText()).trim();
  assert.match(shown, /^330102-\d{4}-000001$/);
  // The registration now says what its seal's check found and who accepted what.
  await waitForText(browser, "reg-seal-check", "均经审核员接受");
  await screenshot(browser, "sealed");

  // The CLI on the same data dir sees the same sealed registration.
  const reg = JSON.parse(cli(dataDir, REVIEWER, "show", shown, "--json"));
  assert.equal(reg.status, "sealed");
  assert.equal(reg.title, TITLE);
  assert.equal(reg.items.length, 3);
  assert.equal(reg.seal_check.accepted[0].reason, "移交单位未提供文件级目录，题名以登记题名为准");
  assert.equal(cli(dataDir, REVIEWER, "ledger", "verify").includes("台账完好"), true);
});
