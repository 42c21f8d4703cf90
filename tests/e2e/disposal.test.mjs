// Journey: retention and disposal (鉴定销毁). A registration whose contract was catalogued
// 10年 in 2014 is past its retention; the clerk finds it on 鉴定销毁 and, when a court
// orders it kept, places a legal hold (诉讼保全); a reviewer releases the hold when the
// judgment takes effect, and the ledger has both. Then the clerk applies to dispose of the
// expired contract with the unit's consent, a reviewer approves, and the registration
// shows the file as disposed of while its record stays.
import assert from "node:assert/strict";
import path from "node:path";
import { after, before, test } from "node:test";

import { ADMIN, CLERK, REVIEWER, byTestId, cli, click, initWithCli, intakeWithCli, launch, screenshot, sealWithCli, signIn, signOut, tempDir, type, waitForStill, waitForText, writeTree } from "./support.mjs";

const dataDir = path.join(tempDir("dengji-e2e-disposal-"), "data");
const source = path.join(tempDir("dengji-e2e-disposal-src-"), "二〇一四年合同");
const REFERENCE = "（2026）浙0102民初123号";
let app;
let number;

before(async () => {
  writeTree(source, { "采购合同.txt": "2014 年的采购合同\n", "补充协议.txt": "2024 年的补充协议\n" });
  initWithCli(dataDir);
  const unit = cli(dataDir, CLERK, "unit", "add", "--name", "杭州某某科技有限公司", "--kind", "enterprise", "--uscc", "91330000MA27U0TT7T", "--domain", "工商");
  const draft = String(intakeWithCli(dataDir, CLERK, { unit, title: "采购合同移交", source }));
  const file = (name) => `${path.basename(source)}/${name}`;
  cli(dataDir, CLERK, "draft", "meta", draft, file("采购合同.txt"), "--title", "采购合同", "--retention", "10年", "--date", "2014-05-01");
  cli(dataDir, CLERK, "draft", "meta", draft, file("补充协议.txt"), "--title", "补充协议", "--retention", "10年", "--date", "2024-05-01");
  number = sealWithCli(dataDir, REVIEWER, draft);
  app = await launch(dataDir);
});

after(async () => {
  await app?.stop();
});

test("a clerk finds what is past its retention and places a legal hold; a reviewer releases it", async () => {
  const { browser } = app;
  await signIn(browser, CLERK);
  await click(browser, "nav-disposal");
  await waitForText(browser, "disposal-due-table", number);
  await waitForText(browser, "disposal-due-table", "1 / 2 件到期");
  await waitForText(browser, "disposal-due-table", "2025-01-01");

  await click(browser, `hold-${number}`);
  await type(browser, "hold-reference", REFERENCE);
  await type(browser, "hold-reason", "合同纠纷，法院裁定保全");
  await click(browser, "hold-submit");
  await byTestId(browser, `held-${number}`).waitForDisplayed();
  await waitForText(browser, "holds-table", REFERENCE);
  await waitForStill(browser, '[data-testid="holds-table"]');
  await screenshot(browser, "disposal-held");
  // A clerk records holds; releasing one is for a reviewer.
  assert.equal(await byTestId(browser, "release-1").isExisting(), false);
  await signOut(browser);

  await signIn(browser, REVIEWER);
  await click(browser, "nav-disposal");
  await click(browser, "release-1");
  await type(browser, "release-reason", "判决生效，保全解除");
  await click(browser, "release-submit");
  await waitForText(browser, "holds-table", "解除");
  await byTestId(browser, `hold-${number}`).waitForDisplayed();
  const ledger = JSON.parse(cli(dataDir, ADMIN, "audit", "--action", "registration.hold", "--json"));
  assert.equal(ledger.length, 1);
  assert.equal(JSON.parse(cli(dataDir, ADMIN, "disposal", "list", "--json")).holds[0].release_reason, "判决生效，保全解除");
  // The ledger, with the hold and its release, still verifies (a job of its own).
  await click(browser, "nav-dashboard");
  await click(browser, "ledger-verify");
  await waitForText(browser, "ledger-result", "台账完整");
  await signOut(browser);
});

test("a clerk applies to dispose of the expired file and a reviewer approves; the record stays, the content goes", async () => {
  const { browser } = app;
  await signIn(browser, CLERK);
  await click(browser, "nav-disposal");
  await click(browser, `dispose-${number}`);
  await type(browser, "dispose-reason", "保管期限已满，经鉴定无继续保存价值");
  await type(browser, "dispose-consent", "某某科技〔2026〕3号");
  await click(browser, "dispose-submit");
  await waitForText(browser, "disposals-table", "待审批");
  // The applicant does not decide: a clerk has no decide button at all.
  assert.equal(await byTestId(browser, "decide-disposal-1").isExisting(), false);
  await signOut(browser);

  await signIn(browser, REVIEWER);
  await click(browser, "nav-disposal");
  await click(browser, "decide-disposal-1");
  await type(browser, "disposal-note", "监销：审核员");
  await click(browser, "disposal-approve");
  await waitForText(browser, "disposal-state-1", "已销毁");
  await byTestId(browser, "disposal-record-1").waitForDisplayed();
  await waitForText(browser, "disposal-due-table", "没有保管期限已满的文件");
  await waitForStill(browser, '[data-testid="disposals-table"]');
  await screenshot(browser, "disposal-approved");
  const listed = JSON.parse(cli(dataDir, ADMIN, "disposal", "list", "--json")).disposals;
  assert.equal(listed[0].status, "approved");
  assert.deepEqual(listed[0].items.map((i) => i.path), [`${path.basename(source)}/采购合同.txt`]);
  // The registration keeps both files on record, one marked disposed of.
  const shown = JSON.parse(cli(dataDir, ADMIN, "show", number, "--json"));
  assert.deepEqual(shown.items.filter((i) => i.disposed_at).map((i) => i.path), [`${path.basename(source)}/采购合同.txt`]);
  await browser.$(`[data-testid="disposals-table"] a`).click();
  await byTestId(browser, "item-disposed").waitForDisplayed();
  const ledger = JSON.parse(cli(dataDir, ADMIN, "audit", "--action", "registration.dispose", "--json"));
  assert.equal(ledger.length, 1);
  await signOut(browser);
});
