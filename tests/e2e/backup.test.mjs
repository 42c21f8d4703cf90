// Journey 2: backup media. An admin opens accounts; the clerk takes a folder in and the
// reviewer seals it; the clerk registers a folder as medium A1, backs up (one bag) and
// verifies it (全部完好); a file in the bag is damaged on disk, verification names it, the
// repair rewrites it from the vault and the next verification is clean. The dashboard's
// 副本不足 tile lists the registration (on set A only, two sets required). The clerk applies
// for a restore, the reviewer approves it and the clerk restores from the vault and then
// from the medium (while on another screen: a notification links back to the result); both
// folders are byte-identical to the source.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync, statSync, unlinkSync, writeFileSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { after, before, test } from "node:test";

import {
  ADMIN,
  CLERK,
  KEY_PASSPHRASE,
  REVIEWER,
  acceptCheckErrors,
  addUser,
  byTestId,
  choose,
  click,
  confirmHealthIfAsked,
  initArchive,
  launch,
  screenshot,
  signIn,
  signOut,
  takeIn,
  tempDir,
  type,
  waitForStill,
  waitForText,
  writeTree,
} from "./support.mjs";

const dataDir = path.join(tempDir("dengji-e2e-backup-"), "data");
const source = path.join(tempDir("dengji-e2e-backup-src-"), "2024年会计档案");
const medium = tempDir("dengji-e2e-medium-A1-");
const restoreTo = tempDir("dengji-e2e-restore-");
const restoreFromMedium = tempDir("dengji-e2e-restore-medium-");
const handbackTo = tempDir("dengji-e2e-handback-");
const TITLE = "2024年会计档案移交";
const FILES = {
  "凭证/一月.csv": "日期,金额\n2024-01-05,100\n",
  "凭证/二月.csv": "日期,金额\n2024-02-05,200\n",
  "账簿/总账.txt": "总账\n",
};
let app;

before(async () => {
  writeTree(source, FILES);
  app = await launch(dataDir);
});

after(async () => {
  await app?.stop();
});

/** The bag's copy of a source file on the medium (found by name: bag folders are the core's business). */
function onMedium(rel) {
  const match = listFiles(path.join(medium, "bags")).filter((p) => p.endsWith(path.join(path.basename(source), rel)));
  assert.equal(match.length, 1, `${rel} on the medium: ${match.join(", ")}`);
  return path.join(medium, "bags", match[0]);
}

/** Asserts that `dir` holds exactly the source files, byte for byte (beside a hand-back's record). */
function assertRestored(dir) {
  const restored = listFiles(dir).filter((p) => !path.basename(p).startsWith("移交清单-"));
  assert.equal(restored.length, 3, `restored: ${restored.join(", ")}`);
  for (const [rel, content] of Object.entries(FILES)) {
    const match = restored.find((p) => p.endsWith(path.join(path.basename(source), rel)) || p === rel);
    assert.ok(match, `${rel} was not restored (got ${restored.join(", ")})`);
    assert.deepEqual(readFileSync(path.join(dir, match)), Buffer.from(content));
  }
}

/** Every file under dir, by path relative to it. */
function listFiles(dir, base = dir) {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    return statSync(p).isDirectory() ? listFiles(p, base) : [path.relative(base, p)];
  });
}

test("a clerk backs up to a medium, verifies and repairs it, and restores from the vault and the medium", async (t) => {
  const { browser } = app;
  t.after(async () => {
    if (!t.passed) await screenshot(browser, "failure-backup");
  });

  await initArchive(browser, { archive: "上城区档案馆", region: "330102", admin: ADMIN });
  await addUser(browser, CLERK, ["clerk"]);
  await addUser(browser, REVIEWER, ["reviewer"]);
  await signOut(browser);

  await signIn(browser, CLERK);
  await click(browser, "nav-units");
  await click(browser, "unit-add-open");
  await type(browser, "unit-name", "赵六");
  await choose(browser, "unit-kind", "个人");
  await click(browser, "unit-submit");
  await waitForText(browser, "units-table", "赵六");
  const draftId = await takeIn(browser, { unit: "赵六", title: TITLE, kind: "电子文件", source, expect: "二月.csv" });
  await signOut(browser);

  await signIn(browser, REVIEWER);
  await browser.execute((h) => {
    window.location.hash = h;
  }, `#/registration/${draftId}`);
  await acceptCheckErrors(browser, "测试数据未著录");
  await click(browser, "seal-open");
  await type(browser, "seal-confirm-draft", String(draftId));
  await click(browser, "seal-submit");
  await waitForText(browser, "seal-number", (n) => /^330102-\d{4}-000001$/.test(n.trim()));
  await signOut(browser);

  // The clerk registers the folder as medium A1 of set A.
  await signIn(browser, CLERK);
  await click(browser, "nav-media");
  await click(browser, "medium-add");
  await type(browser, "media-path-input", medium);
  await type(browser, "media-label-input", "A1");
  await type(browser, "media-set-input", "A");
  await type(browser, "media-location-input", "二楼库房 3 号柜");
  await click(browser, "medium-add-ok");
  await waitForText(browser, "media-table", "A1");
  await byTestId(browser, "media-label-input").waitForExist({ reverse: true });
  // The drive's SMART health is shown (a VM disk or a temp folder cannot be read).
  const health = await byTestId(browser, "medium-health").getText();
  assert.ok(["良好", "有故障", "无法读取"].includes(health.trim()), `health tag: ${health}`);
  await screenshot(browser, "media-registered");

  // Backup: one bag written. The drive's health cannot be read here, so the app asks first.
  await click(browser, "backup-A1");
  if (health.trim() !== "良好") {
    await byTestId(browser, "backup-health-confirm").waitForDisplayed();
    await waitForStill(browser, ".ant-modal-confirm");
    await screenshot(browser, "backup-health-confirm");
  }
  await confirmHealthIfAsked(browser);
  await waitForText(browser, "media-job-result", "写入 1 个登记包");
  // The clerk has not unlocked the archive key in this sign-in: the result says so.
  await waitForText(browser, "media-job-result", "检查点未签名");
  await waitForText(browser, "medium-held", "1");
  await screenshot(browser, "media-backup");
  assert.ok(statSync(path.join(medium, "DENGJI-MEDIUM.json")).isFile());

  // Unlocked on the media page, the key signs the checkpoint of the next backup.
  await click(browser, "key-open-unlock");
  await type(browser, "key-passphrase", KEY_PASSPHRASE);
  await click(browser, "key-unlock");
  await byTestId(browser, "key-unlocked-tag").waitForDisplayed();
  await click(browser, "media-job-close");
  await click(browser, "backup-A1");
  await confirmHealthIfAsked(browser);
  await waitForText(browser, "media-job-result", "检查点已用机构密钥签名");
  assert.ok(readdirSync(path.join(medium, "catalog")).includes("CHECKPOINT.txt.sig"));

  // Verify everything: all intact.
  await click(browser, "verify-A1");
  await click(browser, "verify-start");
  await waitForText(browser, "verify-ok", "全部完好");
  await waitForText(browser, "media-table", "完好");
  await byTestId(browser, "verify-start").waitForDisplayed({ reverse: true });
  await screenshot(browser, "media-verify");

  // A file in the bag is damaged on disk: verification names it by bag and path.
  const january = onMedium("凭证/一月.csv");
  writeFileSync(january, "日期,金额\n2024-01-05,999\n");
  await click(browser, "verify-A1");
  await click(browser, "verify-start");
  await waitForText(browser, "verify-problems", "一月.csv");
  await waitForText(browser, "verify-problems", "内容已改变");
  await waitForText(browser, "media-table", "有问题");
  await byTestId(browser, "verify-start").waitForDisplayed({ reverse: true });
  await screenshot(browser, "media-verify-problems");

  // 修复 from the verification result, from the vault: the file is rewritten, the check after is clean.
  await click(browser, "repair-from-verify");
  await click(browser, "repair-source-vault");
  await waitForStill(browser, ".ant-modal");
  await screenshot(browser, "media-repair-dialog");
  await click(browser, "repair-start");
  await waitForText(browser, "repair-summary", "修复完成，复检全部完好");
  await waitForText(browser, "repair-rewritten", "data/2024年会计档案/凭证/一月.csv");
  await waitForText(browser, "repair-after", "全部完好");
  await byTestId(browser, "repair-start").waitForExist({ reverse: true });
  await screenshot(browser, "media-repair");
  assert.deepEqual(readFileSync(january), Buffer.from(FILES["凭证/一月.csv"]));
  await click(browser, "verify-A1");
  await click(browser, "verify-start");
  await waitForText(browser, "verify-ok", "全部完好");
  await waitForText(browser, "media-table", "完好");

  // The dashboard: one registration on set A only (two sets required); the tile lists it.
  await click(browser, "nav-dashboard");
  await waitForText(browser, "tile-under-copied", (t) => /副本不足\s*1\b/.test(t));
  // The counts and the newest registrations come from one overview, not the whole list.
  await waitForText(browser, "tile-units", (t) => /登记单位\s*1\b/.test(t));
  await waitForText(browser, "tile-sealed", (t) => /已封存登记\s*1\b/.test(t));
  await waitForText(browser, "tile-drafts", (t) => /草稿\s*0\b/.test(t));
  // Title and unit are ellipsis cells, which WebDriver's rendered text leaves out.
  const recent = await byTestId(browser, "dash-recent");
  await browser.waitUntil(async () => {
    const text = await browser.execute((e) => e.textContent, recent);
    return text.includes(TITLE) && text.includes("赵六") && text.includes("330102-");
  }, { timeoutMsg: "the dashboard did not list the sealed registration" });
  await click(browser, "tile-under-copied");
  await waitForText(browser, "under-copied-table", "330102-");
  await waitForText(browser, "under-copied-table", "赵六");
  await waitForStill(browser, ".ant-drawer-section");
  await screenshot(browser, "dashboard-under-copied");
  await browser.$('[data-testid="under-copied-table"] a').click();
  await browser.waitUntil(async () => (await browser.execute(() => window.location.hash)) === `#/registration/${draftId}`, {
    timeoutMsg: "the listed registration did not open",
  });

  // Two restore applications and a hand-back, approved by the reviewer: each approval is
  // used once.
  for (const [kind, reference] of [
    ["restore", "某单位〔2026〕3号"],
    ["restore", "某单位〔2026〕4号"],
    ["handback", "某单位〔2026〕5号"],
  ]) {
    await click(browser, "apply-open");
    if (kind === "handback") await click(browser, "apply-kind-handback");
    await type(browser, "apply-reason", "单位财务系统损坏，需取回数据");
    await type(browser, "apply-reference", reference);
    await click(browser, "apply-submit");
    await byTestId(browser, "apply-reason").waitForDisplayed({ reverse: true });
  }
  await signOut(browser);

  await signIn(browser, REVIEWER);
  await click(browser, "nav-approvals");
  await waitForText(browser, "applications-table", "某单位〔2026〕5号");
  await screenshot(browser, "approvals");
  for (const id of [1, 2, 3]) {
    await click(browser, `approve-${id}`);
    await byTestId(browser, `approve-${id}`).waitForExist({ reverse: true });
  }
  await signOut(browser);

  // The clerk restores into another folder, from the vault.
  await signIn(browser, CLERK);
  await click(browser, "nav-approvals");
  await click(browser, "restore-1");
  // A folder that does not exist yet is marked as typed, and made only once confirmed.
  const newFolder = path.join(restoreTo, "新建的恢复目录");
  await type(browser, "restore-path-input", newFolder);
  await byTestId(browser, "restore-path-input-missing").waitForDisplayed();
  await click(browser, "restore-start");
  await click(browser, "restore-create-confirm");
  await waitForText(browser, "media-job-result", "每个文件的 SM3 与 SHA-256 均已核对");
  await waitForText(browser, "media-job-result", "恢复 3 个文件");
  await waitForText(browser, "media-job-result", "来源：本机保管库");
  await byTestId(browser, "restore-path-input").waitForExist({ reverse: true });
  await screenshot(browser, "restore-done");
  assertRestored(newFolder);
  // Used: its button is gone and the list says when.
  await byTestId(browser, "approval-used-1").waitForDisplayed();
  assert.equal(await byTestId(browser, "restore-1").isExisting(), false, "an approval is used once");

  // The hand-back: the whole registration into the unit's folder, with a hand-over record.
  await click(browser, "handback-3");
  await type(browser, "restore-path-input", handbackTo);
  await click(browser, "restore-start");
  await waitForText(browser, "media-job-result", "交还完成");
  await waitForText(browser, "media-job-result", "移交清单");
  await byTestId(browser, "approval-used-3").waitForDisplayed();
  await screenshot(browser, "handback-done");
  assertRestored(handbackTo);
  assert.ok(readdirSync(handbackTo).some((n) => n.startsWith("移交清单-") && n.endsWith(".pdf")), "the hand-over record is in the folder");

  // Then from the medium. One bag file is a FIFO, so the job waits until the test feeds it:
  // the clerk is on the dashboard when it ends, and a notification links back to the result.
  unlinkSync(january);
  execFileSync("mkfifo", [january]);
  await click(browser, "restore-2");
  await click(browser, "restore-source-medium");
  await type(browser, "restore-source-from-input", medium);
  await type(browser, "restore-path-input", restoreFromMedium);
  await waitForStill(browser, ".ant-modal");
  await screenshot(browser, "restore-from-medium-dialog");
  await click(browser, "restore-start");
  await byTestId(browser, "media-job-progress").waitForDisplayed();
  await click(browser, "nav-dashboard");
  await byTestId(browser, "tile-under-copied").waitForDisplayed();
  await writeFile(january, FILES["凭证/一月.csv"]);
  await waitForText(browser, "job-notice", "恢复完成");
  await waitForText(browser, "job-notice", "来源：介质 A1");
  await screenshot(browser, "restore-notice");
  await click(browser, "job-notice-view");
  await waitForText(browser, "media-job-result", "来源：介质 A1");
  await byTestId(browser, "job-notice").waitForExist({ reverse: true });
  unlinkSync(january);
  writeFileSync(january, FILES["凭证/一月.csv"]);
  assertRestored(restoreFromMedium);
});
