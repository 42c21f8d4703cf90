// Journey 2: backup media. An admin opens accounts; the clerk takes a folder in and the
// reviewer seals it; the clerk registers a folder as medium A1, backs up (one bag) and
// verifies it (全部完好); then applies for a restore, the reviewer approves it and the clerk
// restores into another folder, whose files are byte-identical to the source.
import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { after, before, test } from "node:test";

import {
  addUser,
  byTestId,
  choose,
  click,
  initArchive,
  launch,
  screenshot,
  signIn,
  signOut,
  takeIn,
  tempDir,
  type,
  waitForText,
  writeTree,
} from "./support.mjs";

const dataDir = path.join(tempDir("dengji-e2e-backup-"), "data");
const source = path.join(tempDir("dengji-e2e-backup-src-"), "2024年会计档案");
const medium = tempDir("dengji-e2e-medium-A1-");
const restoreTo = tempDir("dengji-e2e-restore-");
const TITLE = "2024年会计档案移交";
const ADMIN = { name: "管理员", password: "管理员密码2025" };
const CLERK = { name: "登记员", password: "登记员密码2025" };
const REVIEWER = { name: "审核员", password: "审核员密码2025" };
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

/** Every file under dir, by path relative to it. */
function listFiles(dir, base = dir) {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    return statSync(p).isDirectory() ? listFiles(p, base) : [path.relative(base, p)];
  });
}

test("a clerk backs up to a medium, verifies it and restores under an approved application", async (t) => {
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
  await click(browser, "seal-open");
  await type(browser, "seal-confirm-title", TITLE);
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
  await screenshot(browser, "media-registered");

  // Backup: one bag written.
  await click(browser, "backup-A1");
  await waitForText(browser, "media-job-result", "写入 1 个登记包");
  await waitForText(browser, "medium-held", "1");
  await screenshot(browser, "media-backup");
  assert.ok(statSync(path.join(medium, "DENGJI-MEDIUM.json")).isFile());

  // Verify everything: all intact.
  await click(browser, "verify-A1");
  await click(browser, "verify-start");
  await waitForText(browser, "verify-ok", "全部完好");
  await waitForText(browser, "media-table", "完好");
  await byTestId(browser, "verify-start").waitForDisplayed({ reverse: true });
  await screenshot(browser, "media-verify");

  // A restore application, approved by the reviewer.
  await browser.execute((h) => {
    window.location.hash = h;
  }, `#/registration/${draftId}`);
  await click(browser, "apply-open");
  await type(browser, "apply-reason", "单位财务系统损坏，需取回数据");
  await type(browser, "apply-reference", "某单位〔2026〕3号");
  await click(browser, "apply-submit");
  await byTestId(browser, "apply-reason").waitForDisplayed({ reverse: true });
  await signOut(browser);

  await signIn(browser, REVIEWER);
  await click(browser, "nav-approvals");
  await waitForText(browser, "applications-table", "某单位〔2026〕3号");
  await click(browser, "approve-1");
  await byTestId(browser, "approve-1").waitForExist({ reverse: true });
  await signOut(browser);

  // The clerk restores into another folder.
  await signIn(browser, CLERK);
  await click(browser, "nav-approvals");
  await click(browser, "restore-1");
  await type(browser, "restore-path-input", restoreTo);
  await click(browser, "restore-start");
  await waitForText(browser, "media-job-result", "每个文件的 SM3 与 SHA-256 均已核对");
  await waitForText(browser, "media-job-result", "恢复 3 个文件");
  await byTestId(browser, "restore-path-input").waitForExist({ reverse: true });
  await screenshot(browser, "restore-done");

  const restored = listFiles(restoreTo);
  assert.equal(restored.length, 3, `restored: ${restored.join(", ")}`);
  for (const [rel, content] of Object.entries(FILES)) {
    const match = restored.find((p) => p.endsWith(path.join(path.basename(source), rel)) || p === rel);
    assert.ok(match, `${rel} was not restored (got ${restored.join(", ")})`);
    assert.deepEqual(readFileSync(path.join(restoreTo, match)), Buffer.from(content));
  }
});
