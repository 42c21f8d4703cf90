// The first-run wizard's other two paths. Demo: one click creates the training archive,
// every screen carries the 演示数据 banner, a sealed demo registration is listed, and 结束演示
// deletes it and shows the wizard again. Rebuild: an archive made with the CLI (one sealed
// registration, backed up to medium A1) is rebuilt on a NEW empty data dir from the medium
// with its admin's credentials; the dashboard then lists the registration.
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import path from "node:path";
import { test } from "node:test";

import {
  ADMIN,
  CLERK,
  REVIEWER,
  assertInView,
  byTestId,
  cli,
  click,
  initWithCli,
  intakeWithCli,
  launch,
  painted,
  screenshot,
  sealWithCli,
  setKeyPassphrase,
  tempDir,
  type,
  waitForStill,
  waitForText,
  writeTree,
} from "./support.mjs";


/** Runs `body` on the app launched on `dataDir`, with a failure screenshot named `name`. */
async function withApp(t, dataDir, name, body) {
  const app = await launch(dataDir);
  t.after(async () => {
    if (!t.passed) await screenshot(app.browser, `failure-${name}`);
    await app.stop();
  });
  await body(app.browser);
}

test("the demo archive is marked on every screen and ends back at the wizard", async (t) => {
  const dataDir = path.join(tempDir("dengji-e2e-demo-"), "data");
  await withApp(t, dataDir, "demo", async (browser) => {
    await click(browser, "wizard-demo");
    await click(browser, "demo-start");
    await waitForText(browser, "demo-accounts", "演示登记员");
    await waitForText(browser, "demo-accounts", "演示密码123456");
    await click(browser, "demo-accounts-ok");
    await waitForText(browser, "user-menu", "演示管理员");
    await waitForText(browser, "demo-banner", "演示数据 · 仅供培训");

    await click(browser, "nav-registrations");
    await waitForText(browser, "registrations-table", (s) => /330102-\d{4}-000001.*已封存/.test(s), "no sealed demo registration listed");
    await waitForText(browser, "demo-banner", "演示数据");
    // The list may still be settling: wait for the row again right before the picture.
    await waitForText(browser, "registrations-table", "已封存");
    await painted(browser);
    await screenshot(browser, "demo-banner");

    await click(browser, "demo-end");
    await waitForStill(browser, ".ant-modal-confirm");
    await click(browser, "demo-end-confirm");
    await byTestId(browser, "wizard-new").waitForDisplayed();
    assert.equal(await byTestId(browser, "demo-banner").isExisting(), false, "the banner outlived the demo");
    assert.equal(existsSync(path.join(dataDir, "vault")), false, "the demo vault was not deleted");
  });
});

test("a lost workstation is rebuilt from its backup medium on a new data dir", async (t) => {
  const oldDir = path.join(tempDir("dengji-e2e-lost-"), "data");
  const source = path.join(tempDir("dengji-e2e-rebuild-src-"), "2023年文书档案");
  const medium = tempDir("dengji-e2e-rebuild-A1-");
  writeTree(source, { "发文/通知.txt": "通知正文\n", "收文/批复.txt": "批复正文\n" });
  initWithCli(oldDir);
  const unit = cli(oldDir, CLERK, "unit", "add", "--name", "钱七", "--kind", "individual");
  const draft = intakeWithCli(oldDir, CLERK, { unit: Number(unit), title: "2023年文书档案移交", source });
  const number = sealWithCli(oldDir, REVIEWER, String(draft));
  cli(oldDir, CLERK, "media", "add", "--label", "A1", "--set", "A", "--kind", "usb", medium);
  cli(oldDir, CLERK, "backup", "--ignore-health", medium);

  const newDir = path.join(tempDir("dengji-e2e-rebuilt-"), "data");
  await withApp(t, newDir, "rebuild", async (browser) => {
    await click(browser, "wizard-rebuild");
    await type(browser, "rebuild-medium-0", medium);
    await type(browser, "rebuild-admin-name", ADMIN.name);
    await type(browser, "rebuild-admin-password", "不是这个密码123");
    await assertInView(browser, "rebuild-start");
    await click(browser, "rebuild-start");
    await waitForText(browser, "rebuild-error", "用户名或密码不正确");

    await click(browser, "rebuild-admin-password");
    await browser.keys(["Control", "a"]);
    await browser.keys("Backspace");
    await type(browser, "rebuild-admin-password", ADMIN.password);
    await click(browser, "rebuild-start");
    await waitForText(browser, "rebuild-result", "工作站已重建：1/1");
    await painted(browser);
    await screenshot(browser, "rebuild-done");
    await click(browser, "rebuild-open");
    await waitForText(browser, "user-menu", ADMIN.name);
    // One copy set (A) of the two required: the dashboard lists the registration.
    await waitForText(browser, "tile-under-copied", (s) => /副本不足\s*1\b/.test(s));
    await painted(browser);
    await screenshot(browser, "rebuild-dashboard");
    await click(browser, "tile-under-copied");
    await waitForText(browser, "under-copied-table", number);
  });
});

test("a second workstation's new archive is filled in from the first one's settings file", async (t) => {
  const firstDir = path.join(tempDir("dengji-e2e-first-ws-"), "data");
  const file = path.join(tempDir("dengji-e2e-settings-"), "设置.json");
  initWithCli(firstDir);
  cli(firstDir, ADMIN, "settings", "copy-sets", "4");
  cli(firstDir, ADMIN, "settings", "export", file);

  const dataDir = path.join(tempDir("dengji-e2e-second-ws-"), "data");
  await withApp(t, dataDir, "settings-file", async (browser) => {
    await click(browser, "wizard-new");
    await click(browser, "init-settings-open");
    await type(browser, "init-settings-path", file);
    await click(browser, "init-settings-read");
    await waitForText(browser, "init-settings-loaded", "上城区档案馆");
    assert.equal(await byTestId(browser, "init-archive-name").getValue(), "上城区档案馆");
    await waitForText(browser, "region-status", "上城区");
    await type(browser, "init-admin-name", ADMIN.name);
    await type(browser, "init-admin-password", ADMIN.password);
    await type(browser, "init-admin-password-confirm", ADMIN.password);
    await click(browser, "init-next");
    await browser.waitUntil(async () => (await byTestId(browser, "init-copy-sets").getValue()) === "4", {
      timeoutMsg: "the copy sets from the settings file were not filled in",
    });
    await click(browser, "init-next");
    await setKeyPassphrase(browser, "第二工作站机构密钥口令");
    await click(browser, "init-submit");
    await waitForText(browser, "user-menu", ADMIN.name);
    // The lone admin is shown what is left to set up, and takes the clerk role too.
    await byTestId(browser, "first-steps").waitForDisplayed();
    assert.equal(await byTestId(browser, "nav-intake").isExisting(), false, "an admin alone is not offered intake");
    await painted(browser);
    await screenshot(browser, "first-steps");
    await click(browser, "first-step-self-clerk");
    await byTestId(browser, "nav-intake").waitForDisplayed();
    await browser.waitUntil(async () => (await byTestId(browser, "first-step-clerk").getAttribute("data-done")) === "true", {
      timeoutMsg: "the clerk step was not marked done",
    });
    const users = JSON.parse(cli(dataDir, ADMIN, "user", "list", "--json"));
    assert.deepEqual(users.find((u) => u.name === ADMIN.name).roles, ["admin", "clerk"]);
    await click(browser, "nav-settings");
    await browser.waitUntil(async () => (await byTestId(browser, "settings-copy-sets").getValue()) === "4", {
      timeoutMsg: "the copy sets from the settings file are not in 系统设置",
    });
    await byTestId(browser, "settings-export").waitForDisplayed();
    await painted(browser);
    await screenshot(browser, "settings-file");

    // The wizard made the archive key: 系统设置 shows it, unlocked for this sign-in.
    const fingerprint = await byTestId(browser, "key-fingerprint");
    await fingerprint.waitForDisplayed();
    const keys = JSON.parse(cli(dataDir, ADMIN, "key", "show", "--json"));
    assert.equal(await fingerprint.getText(), keys[0].fingerprint);
    await waitForText(browser, "archive-key-card", "已解锁");
    await (await byTestId(browser, "archive-key-card")).scrollIntoView();
    await painted(browser);
    await screenshot(browser, "archive-key");
  });
});
