// Journey: reporting upward (上报). A county's reviewer writes its report package onto a
// drive on 上下级报送, unlocking the archive key when asked; at the city the admin takes the
// package in (a tampered copy is refused first, naming the file), and the city's receipt
// goes back into the package; back at the county the reviewer records the receipt and the
// screen shows the county's ledger witnessed by the city. The city sees the county on its
// 下级档案馆 tab and writes a recovery medium from which a new county workstation is rebuilt.
import assert from "node:assert/strict";
import { cpSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { after, before, test } from "node:test";

import {
  ADMIN,
  CLERK,
  KEY_PASSPHRASE,
  REVIEWER,
  assertPlainScreen,
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
  signOut,
  tempDir,
  type,
  waitForStill,
  waitForText,
  writeTree,
} from "./support.mjs";

const county = path.join(tempDir("dengji-e2e-reports-county-"), "data");
const city = path.join(tempDir("dengji-e2e-reports-city-"), "data");
const drive = tempDir("dengji-e2e-reports-drive-");
const keys = tempDir("dengji-e2e-reports-keys-");
const recovery = path.join(tempDir("dengji-e2e-reports-recovery-"), "恢复盘");
const restoreTo = tempDir("dengji-e2e-reports-restore-");
let app;
let number;
let source;

/** Closes the open drawer by its close button. */
async function closeDrawer(browser) {
  const close = await browser.$(".ant-drawer-close");
  await close.waitForClickable();
  await close.click();
  await browser.$(".ant-drawer-content-wrapper").waitForDisplayed({ reverse: true });
}

/** `lower` and `upper` register each other by their exported certificates. */
function register(lower, upper) {
  for (const [from, to, relation] of [
    [lower, upper, "lower"],
    [upper, lower, "upper"],
  ]) {
    const dir = path.join(keys, path.basename(path.dirname(from)));
    cli(from, ADMIN, "key", "export", dir);
    const fingerprint = JSON.parse(cli(from, ADMIN, "key", "show", "--json"))[0].fingerprint;
    cli(to, ADMIN, "peer", "add", path.join(dir, "archive-key-1.pem"), "--relation", relation, "--fingerprint", fingerprint);
  }
}

before(() => {
  initWithCli(county);
  initWithCli(city, { archive: "杭州市档案馆", region: "330100" });
  register(county, city);
  source = path.join(tempDir("dengji-e2e-reports-src-"), "不动产登记资料");
  writeTree(source, { "登记簿.txt": "不动产登记簿\n", "附图.txt": "宗地图\n" });
  const unit = cli(county, CLERK, "unit", "add", "--name", "杭州某某科技有限公司", "--kind", "enterprise", "--uscc", "91330000MA27U0TT7T");
  number = sealWithCli(county, REVIEWER, String(intakeWithCli(county, CLERK, { unit, title: "2026年不动产登记资料", source })));
});

after(async () => {
  await app?.stop();
});

test("the county's reviewer writes a report package onto a drive", async () => {
  app = await launch(county);
  const { browser } = app;
  await signIn(browser, REVIEWER);
  await click(browser, "nav-reports");
  await waitForText(browser, "reports-witness-none", "尚无上级档案馆的回执");
  await type(browser, "reports-to", drive);
  await click(browser, "reports-export");
  // Writing the package signs it: the key is locked after every sign-in, so it is asked for.
  await type(browser, "key-passphrase", KEY_PASSPHRASE);
  await click(browser, "key-unlock");
  await waitForText(browser, "reports-exported", "已写出报送给“杭州市档案馆”的第 1 号上报包");
  await waitForText(browser, "reports-sent", (t) => t.includes("#1") && t.includes("未收到"));
  await browser.$(".ant-modal-wrap").waitForDisplayed({ reverse: true });
  await screenshot(browser, "reports-exported");
  await assertPlainScreen(browser, "a report package written");
  await signOut(browser);
  await app.stop();
  app = null;
  assert.ok(existsSync(path.join(drive, "dengji-report-330102-330100-0001", "tagmanifest-sm3.txt.sig")));
});

test("the city refuses a tampered copy and takes the package in, writing its receipt", async () => {
  const pkg = path.join(drive, "dengji-report-330102-330100-0001");
  const tampered = path.join(tempDir("dengji-e2e-reports-tampered-"), "dengji-report-330102-330100-0001");
  cpSync(pkg, tampered, { recursive: true });
  const ledger = path.join(tampered, "data", "ledger.jsonl");
  writeFileSync(ledger, readFileSync(ledger, "utf8").replace("registration.seal", "registration.SEAL"));

  app = await launch(city);
  const { browser } = app;
  await signIn(browser, ADMIN);
  await click(browser, "nav-reports");
  await click(browser, "reports-tab-receive");
  await type(browser, "reports-package", tampered);
  await click(browser, "reports-import");
  await type(browser, "key-passphrase", KEY_PASSPHRASE);
  await click(browser, "key-unlock");
  await waitForText(browser, "reports-error", (t) => t.includes("拒收") && t.includes("data/ledger.jsonl"));
  await browser.$(".ant-modal-wrap").waitForDisplayed({ reverse: true });
  await screenshot(browser, "reports-refused");

  await retype(browser, "reports-package", pkg);
  await click(browser, "reports-import");
  await waitForText(browser, "reports-imported", "已接收“上城区档案馆”的第 1 号上报包");
  await screenshot(browser, "reports-imported");
  await assertPlainScreen(browser, "a report package taken in");
  await click(browser, "reports-tab-lower");
  await waitForText(browser, "reports-lower", (t) => t.includes("上城区档案馆（330102）") && t.includes("#1"));
  await waitForStill(browser, ".ant-tabs-ink-bar");
  await screenshot(browser, "reports-lower");
  // Were the county to lose everything, the city's admin writes it a recovery medium.
  await click(browser, "recovery-330102");
  await type(browser, "recovery-to", recovery);
  await click(browser, "recovery-start");
  await waitForText(browser, "recovery-result", "恢复介质已写好：1 个已封存登记");
  await waitForStill(browser, ".ant-modal");
  await screenshot(browser, "reports-recovery");
  await click(browser, "recovery-close");
  await browser.$(".ant-modal-wrap").waitForDisplayed({ reverse: true });
  await signOut(browser);
  await app.stop();
  app = null;
  assert.ok(existsSync(path.join(pkg, "receipt.txt")));
  // The city finds the county's registration in its copy; the recovery medium rebuilds
  // the county on a new workstation.
  assert.ok(cli(city, ADMIN, "search", "不动产登记资料").includes(number.trim()));
  const rebuilt = path.join(tempDir("dengji-e2e-reports-rebuilt-"), "data");
  cli(rebuilt, ADMIN, "recover", "--from", recovery);
  assert.ok(cli(rebuilt, ADMIN, "list").includes(number.trim()));
});

test("at the city a clerk finds the county's registration, opens it read-only, counts and attests it", async () => {
  app = await launch(city);
  const { browser } = app;
  await signIn(browser, CLERK);
  await openRoute(browser, `#/search/${encodeURIComponent("不动产登记资料")}`);
  await waitForText(browser, "search-lower-title-330102", "下级档案馆 “上城区档案馆”（330102）报送的副本");
  await waitForText(browser, "search-lower-330102", (t) => t.includes("杭州某某科技有限公司") && t.includes(number.trim()));
  const row = await browser.$(
    '//div[@data-testid="search-lower-330102"]//tr[contains(@class,"ant-table-row")]//div[contains(@class,"search-hit-title")][contains(.,"2026年不动产登记资料")]',
  );
  await row.scrollIntoView({ block: "center" });
  await row.waitForClickable();
  await row.click();
  await waitForText(browser, "lower-registration", (t) => t.includes("只读") && t.includes("第 1 次报送") && t.includes("登记簿.txt"));
  await waitForStill(browser, ".ant-drawer-content-wrapper");
  await screenshot(browser, "reports-lower-registration");
  await closeDrawer(browser);

  // The annual report over the city and its county.
  await click(browser, "nav-statistics");
  await waitForText(browser, "stats-registrations", (t) => t.trim() === "0");
  const lower = await browser.$('//div[@data-testid="stats-scope"]//div[contains(@class,"ant-segmented-item")][contains(.,"下级档案馆")]');
  await lower.waitForClickable();
  await lower.click();
  await waitForText(browser, "stats-registrations", (t) => t.trim() === "1");
  await waitForText(browser, "stats-source-table", (t) => t.includes("上城区档案馆（330102）") && t.includes("杭州市档案馆（330100）"));
  await screenshot(browser, "reports-statistics-with-lower");

  // A file presented at the city is attested against the county's copy.
  await click(browser, "nav-attest");
  await type(browser, "attest-path-input", path.join(source, "登记簿.txt"));
  await click(browser, "attest-path-run");
  await waitForText(browser, "attest-verdict", "一致");
  await waitForText(browser, "attest-held-by", (t) => t.includes("上城区档案馆") && t.includes("第 1 次报送"));
  await waitForText(browser, "attest-lower-scope", "上城区档案馆（第 1 次报送）");
  await screenshot(browser, "reports-attest-lower");
  await assertPlainScreen(browser, "a lower archive's copy searched, counted and attested");

  // The county's unit asks the city for its data back: the clerk records the request on
  // the registration from the copy, a reviewer approves it, and the clerk carries it out
  // from the files the city holds.
  await openRoute(browser, `#/search/${encodeURIComponent("不动产登记资料")}`);
  const again = await browser.$(
    '//div[@data-testid="search-lower-330102"]//tr[contains(@class,"ant-table-row")]//div[contains(@class,"search-hit-title")][contains(.,"2026年不动产登记资料")]',
  );
  await again.scrollIntoView({ block: "center" });
  await again.waitForClickable();
  await again.click();
  await click(browser, "lower-apply");
  await type(browser, "apply-reason", "县档案馆服务器损坏，单位申请从市馆恢复");
  await type(browser, "apply-reference", "杭某科〔2026〕3号");
  await click(browser, "apply-submit");
  await waitForText(browser, "registration-applications", "待审批");
  await closeDrawer(browser);
  const [application] = JSON.parse(cli(city, REVIEWER, "applications", "--json"));
  assert.equal(application.lower.archive, "上城区档案馆");
  cli(city, REVIEWER, "approve", String(application.id));
  await click(browser, "nav-approvals");
  await waitForText(browser, `approval-lower-${application.id}`, "上城区档案馆");
  await click(browser, `restore-${application.id}`);
  await waitForText(browser, "restore-from-lower", "上城区档案馆");
  await type(browser, "restore-path-input", restoreTo);
  await waitForStill(browser, ".ant-modal");
  await screenshot(browser, "reports-restore-lower");
  await click(browser, "restore-start");
  await waitForText(browser, "media-job-result", "恢复 2 个文件");
  assert.equal(readFileSync(path.join(restoreTo, "不动产登记资料", "登记簿.txt"), "utf8"), "不动产登记簿\n");
  await signOut(browser);
  await app.stop();
  app = null;
});

test("back at the county, the receipt is recorded and the ledger is witnessed", async () => {
  app = await launch(county);
  const { browser } = app;
  await signIn(browser, REVIEWER);
  await click(browser, "nav-reports");
  await retype(browser, "reports-ack-path", path.join(drive, "dengji-report-330102-330100-0001"));
  await click(browser, "reports-ack");
  await waitForText(browser, "reports-witness", (t) => t.includes("已由“杭州市档案馆”") && t.includes("签收见证"));
  await waitForText(browser, "reports-sent", "已记录");
  await screenshot(browser, "reports-witnessed");
  await assertPlainScreen(browser, "a receipt recorded");
  const verified = cli(county, ADMIN, "ledger", "verify");
  assert.ok(verified.includes("上级见证"), verified);
});
