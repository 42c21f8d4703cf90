// Journey: the everyday desk. A clerk edits a unit: a code from a region merged away is
// flagged as she types, a new USCC asks for the reason, and the ledger still verifies with
// the edit on record. An admin renames a domain on 系统设置 (the unit moves with it) and
// retires it (the unit keeps it). The clerk finds a draft on the registrations list by its
// number and discards it, which leaves the registrations list and the vault. She retires a
// lost backup drive, and the dashboard's under-copied list gains the registration it held,
// naming the drive that no longer counts. An admin registers the city archive the county
// reports to by the certificate the city exported, after comparing its fingerprint.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { after, before, test } from "node:test";

import {
  ADMIN,
  CLERK,
  CLI,
  REVIEWER,
  assertPlainScreen,
  byTestId,
  choose,
  cli,
  click,
  confirmHealthIfAsked,
  initWithCli,
  intakeWithCli,
  launch,
  openRoute,
  retype,
  screenshot,
  sealWithCli,
  signIn,
  signOut,
  tempDir,
  type,
  waitForStill,
  waitForText,
  writeTree,
} from "./support.mjs";

const dataDir = path.join(tempDir("dengji-e2e-desk-"), "data");
const source = path.join(tempDir("dengji-e2e-desk-src-"), "撤回的移交");
const kept = path.join(tempDir("dengji-e2e-desk-kept-"), "已封存的移交");
const media = tempDir("dengji-e2e-desk-media-");
const NEW_CODE = "91110000802100433B";
// The city archive this county reports to: its certificate as its admin exported it.
const city = path.join(tempDir("dengji-e2e-desk-city-"), "data");
const cityKeys = tempDir("dengji-e2e-desk-city-keys-");
let app;
let draftId;

before(async () => {
  writeTree(source, { "移交清单.txt": "撤回\n" });
  initWithCli(dataDir);
  const unit = cli(dataDir, CLERK, "unit", "add", "--name", "杭州某某科技有限公司", "--kind", "enterprise", "--uscc", "91330000MA27U0TT7T", "--domain", "工商");
  draftId = intakeWithCli(dataDir, CLERK, { unit, title: "单位撤回的移交", source });
  writeTree(kept, { "合同.txt": "合同\n" });
  sealWithCli(dataDir, REVIEWER, String(intakeWithCli(dataDir, CLERK, { unit, title: "已封存的移交", source: kept })));
  for (const [label, set] of [
    ["A1", "A"],
    ["B1", "B"],
  ]) {
    const root = path.join(media, label);
    mkdirSync(root);
    cli(dataDir, CLERK, "media", "add", root, "--label", label, "--set", set);
    cli(dataDir, CLERK, "backup", "--ignore-health", root);
  }
  initWithCli(city, { archive: "杭州市档案馆", region: "330100" });
  cli(city, ADMIN, "key", "export", cityKeys);
  app = await launch(dataDir);
});

after(async () => {
  await app?.stop();
});

test("a clerk edits a unit; a new USCC needs a reason and the edit is on record", async () => {
  const { browser } = app;
  await signIn(browser, CLERK);
  await click(browser, "nav-units");
  await click(browser, "unit-edit-1");
  await retype(browser, "unit-name", "杭州某某科技股份有限公司");
  // 330103 was merged away in 2021: a warning under the field, not a refusal.
  await retype(browser, "unit-uscc", "91330103MA27U0TT7T");
  await waitForText(browser, "uscc-region-warning", "330103");
  await retype(browser, "unit-uscc", NEW_CODE);
  await waitForText(browser, "uscc-status", "校验通过");
  assert.equal(await byTestId(browser, "uscc-region-warning").isExisting(), false);
  await click(browser, "unit-submit");
  const form = await byTestId(browser, "unit-reason");
  await form.waitForDisplayed();
  await browser.waitUntil(async () => (await browser.$(".ant-form-item-explain-error").getText()).includes("理由"), {
    timeoutMsg: "saving without a reason was not stopped at the reason field",
  });
  await type(browser, "unit-reason", "工商变更登记，换发营业执照");
  await browser.$(".ant-form-item-explain-error").waitForExist({ reverse: true });
  await screenshot(browser, "unit-edit");
  await click(browser, "unit-submit");
  await byTestId(browser, "unit-name").waitForDisplayed({ reverse: true });
  await waitForText(browser, "units-table", (t) => t.includes("杭州某某科技股份有限公司") && t.includes(NEW_CODE));
  await assertPlainScreen(browser, "units after an edit");

  const edits = JSON.parse(cli(dataDir, ADMIN, "audit", "--action", "unit.edit", "--json"));
  assert.equal(edits.length, 1);
  assert.equal(JSON.parse(edits[0].payload).reason, "工商变更登记，换发营业执照");
  cli(dataDir, ADMIN, "ledger", "verify");
  await signOut(browser);
});

test("an admin renames and retires a domain, and sets the backup policy", async () => {
  const { browser } = app;
  await signIn(browser, ADMIN);
  await click(browser, "nav-settings");
  await click(browser, "domain-rename-工商");
  await retype(browser, "domain-rename-input", "市场监管");
  await click(browser, "domain-rename-ok");
  await waitForText(browser, "domains-table", "市场监管");
  await click(browser, "domain-retire-市场监管");
  const ok = await browser.$(".ant-popconfirm .ant-btn-primary");
  await ok.waitForClickable();
  await ok.click();
  await byTestId(browser, "domain-restore-市场监管").waitForDisplayed();
  await browser.$(".ant-popconfirm").waitForDisplayed({ reverse: true });
  await screenshot(browser, "settings-domains");
  await assertPlainScreen(browser, "settings with domains");

  // The backup policy on the same page: the minimum sample and a check cycle.
  await retype(browser, "settings-min-sample", "20");
  await click(browser, "settings-min-sample-save");
  await retype(browser, "settings-cycle-optical", "36");
  await click(browser, "settings-cycle-optical-save");
  await browser.waitUntil(
    async () => {
      const s = JSON.parse(cli(dataDir, ADMIN, "settings", "show", "--json"));
      return s.min_sample_percent === 20 && s.check_cycle_months.optical === 36;
    },
    { timeoutMsg: "the backup policy set on 系统设置 did not reach the archive" },
  );

  const unit = JSON.parse(cli(dataDir, ADMIN, "unit", "show", "1", "--json"));
  assert.equal(unit.domain, "市场监管");
  const listed = JSON.parse(cli(dataDir, ADMIN, "domain", "list", "--json")).find((d) => d.name === "市场监管");
  assert.ok(listed?.retired_at, JSON.stringify(listed));
  await signOut(browser);
});

/** Types `text` into 登记记录's search box (its test id is on the box around the input). */
async function searchList(browser, text) {
  const input = await browser.$('[data-testid="registrations-search"] input');
  await input.click();
  await browser.keys(["Control", "a"]);
  await browser.keys("Backspace");
  await browser.waitUntil(async () => (await input.getValue()) === "");
  await input.addValue(text);
}

test("an admin registers the city archive, the upper one, after reading its fingerprint", async () => {
  const { browser } = app;
  await signIn(browser, ADMIN);
  await click(browser, "nav-settings");
  await click(browser, "peer-add");
  await type(browser, "peer-pem", readFileSync(path.join(cityKeys, "archive-key-1.pem"), "utf8"));
  await click(browser, "peer-read");
  await waitForText(browser, "peer-name", "杭州市档案馆");
  // The fingerprint in groups of eight, as the city's admin reads out theirs.
  const fingerprint = JSON.parse(cli(city, ADMIN, "key", "show", "--json"))[0].fingerprint;
  await waitForText(browser, "peer-fingerprint", fingerprint.toUpperCase().match(/.{8}/g).join(" "));
  await click(browser, "peer-relation-upper");
  assert.equal(await (await byTestId(browser, "peer-submit")).isEnabled(), false, "registering waits for the check");
  await click(browser, "peer-confirm");
  await click(browser, "peer-submit");
  await waitForText(browser, "peers-table", (t) => t.includes("杭州市档案馆（330100）") && t.includes("上级"));
  await browser.$(".ant-modal").waitForDisplayed({ reverse: true });
  await screenshot(browser, "settings-peers");
  await assertPlainScreen(browser, "settings with an upper archive");
  const peers = JSON.parse(cli(dataDir, ADMIN, "peer", "list", "--json"));
  assert.deepEqual(
    peers.map((p) => [p.name, p.relation, p.keys[0].fingerprint]),
    [["杭州市档案馆", "upper", fingerprint]],
  );
  cli(dataDir, ADMIN, "ledger", "verify");
  await signOut(browser);
});

test("a clerk finds a registration on the list by a word or a draft's number, then discards the draft", async () => {
  const { browser } = app;
  await signIn(browser, CLERK);
  // 登记记录 narrows as she types: words of a title, then the draft's number as shown.
  const draft = `草稿 #${draftId}`;
  await click(browser, "nav-registrations");
  await waitForText(browser, "registrations-table", (t) => t.includes(draft) && t.includes("已封存"));
  await searchList(browser, "封存 移交");
  await waitForText(browser, "registrations-table", (t) => t.includes("已封存") && !t.includes(draft));
  await searchList(browser, draft);
  await waitForText(browser, "registrations-table", (t) => t.includes(draft) && !t.includes("已封存"));
  await openRoute(browser, `#/registration/${draftId}`);
  await click(browser, "reg-discard");
  await type(browser, "discard-reason", "单位撤回移交");
  await click(browser, "discard-confirm");
  await browser.waitUntil(async () => (await browser.execute(() => window.location.hash)) === "#/registrations", {
    timeoutMsg: "discarding did not return to the registrations list",
  });
  await waitForText(browser, "registrations-table", (t) => !t.includes("单位撤回的移交"));

  assert.throws(() => execFileSync(CLI, ["--data-dir", dataDir, "show", String(draftId)], { stdio: "pipe", env: { ...process.env, DENGJI_USER: CLERK.name, DENGJI_PASSWORD: CLERK.password } }));
  const discards = JSON.parse(cli(dataDir, ADMIN, "audit", "--action", "registration.discard", "--json"));
  assert.equal(JSON.parse(discards[0].payload).reason, "单位撤回移交");
  cli(dataDir, ADMIN, "vault", "verify");
});

test("a retired drive stops counting and the dashboard says so", async () => {
  const { browser } = app;
  const underCopied = async () => (await (await byTestId(browser, "tile-under-copied")).$(".ant-statistic-content-value").getText()).trim();
  await click(browser, "nav-dashboard");
  await browser.waitUntil(async () => (await underCopied()) === "0", { timeoutMsg: "both sets hold the sealed registration, yet it is under-copied" });
  await click(browser, "nav-media");
  // A backup read back from the device, and a check of the SHA-256 manifest alone.
  await click(browser, "medium-more-A1");
  await click(browser, "backup-read-back-A1");
  await confirmHealthIfAsked(browser);
  await waitForText(browser, "media-job-result", "已从设备读回");
  await click(browser, "verify-A1");
  await click(browser, "verify-sha256-only");
  await click(browser, "verify-start");
  await waitForText(browser, "media-job-result", "只核对了 SHA-256");
  const checks = JSON.parse(cli(dataDir, ADMIN, "audit", "--action", "medium.verify", "--json"));
  assert.equal(JSON.parse(checks.at(-1).payload).sha256_only, true);

  await click(browser, "medium-more-B1");
  await click(browser, "desk-retire-B1");
  await choose(browser, "desk-reason", "丢失");
  await type(browser, "desk-note", "运送途中遗失");
  await click(browser, "desk-ok");
  await waitForText(browser, "medium-state-B1", "已退役（丢失）");
  assert.equal(await byTestId(browser, "backup-B1").isEnabled(), false, "a retired drive offered a backup");
  await browser.$(".ant-modal-wrap").waitForDisplayed({ reverse: true });
  await screenshot(browser, "media-retired");
  await assertPlainScreen(browser, "media with a retired drive");

  await click(browser, "nav-dashboard");
  await browser.waitUntil(async () => (await underCopied()) === "1", { timeoutMsg: "the retired drive's copy still counts" });
  await waitForText(browser, "tile-under-copied", "1 个介质不计入");
  await click(browser, "tile-under-copied");
  await waitForText(browser, "under-copied-table", "330102-");
  await waitForText(browser, "not-counted", (t) => t.includes("B1") && t.includes("丢失"));
  await waitForStill(browser, ".ant-drawer-content-wrapper");
  await screenshot(browser, "dashboard-not-counted");
  const status = JSON.parse(cli(dataDir, ADMIN, "status", "--json"));
  assert.equal(status.under_copied.length, 1);
  assert.equal(status.not_counted[0].label, "B1");
  await browser.keys("Escape");
  await browser.$(".ant-drawer-content-wrapper").waitForDisplayed({ reverse: true });
});

test("a vault object lost on disk is found and copied back from a backup medium", async () => {
  const { browser } = app;
  const sealed = JSON.parse(cli(dataDir, ADMIN, "list", "--json")).find((r) => r.status === "sealed");
  const item = JSON.parse(cli(dataDir, ADMIN, "show", sealed.registration_number, "--json")).items[0];
  rmSync(path.join(dataDir, "vault", "objects", item.sha256.slice(0, 2), item.sha256.slice(2)));

  await click(browser, "nav-media");
  await click(browser, "vault-verify");
  await waitForText(browser, "media-job-result", "1 个对象缺失或内容已改变");
  await waitForText(browser, "vault-problems", "缺失");
  await click(browser, "vault-repair-open");
  await choose(browser, "vault-repair-medium", `A1（A）${path.join(media, "A1")}`);
  await click(browser, "vault-repair-start");
  await waitForText(browser, "media-job-result", "保管库已修复");
  await screenshot(browser, "vault-repaired");
  await assertPlainScreen(browser, "media after a vault repair");
  cli(dataDir, ADMIN, "vault", "verify");
  const repairs = JSON.parse(cli(dataDir, ADMIN, "audit", "--action", "vault.repair", "--json"));
  assert.deepEqual(JSON.parse(repairs[0].payload).repaired, [item.sha256]);
});
