// Journey: accounts and roles. A clerk cannot reach user management; whoever took files
// into a draft cannot seal it (four-eyes) while another reviewer can; the screen locks
// itself after the idle time and only the same user's password unlocks it.
import assert from "node:assert/strict";
import path from "node:path";
import { after, before, test } from "node:test";

import {
  addUser,
  byTestId,
  choose,
  click,
  initArchive,
  launch,
  openRoute,
  painted,
  retype,
  screenshot,
  setLanguage,
  signIn,
  signOut,
  takeIn,
  tempDir,
  type,
  waitForText,
  writeTree,
} from "./support.mjs";

const dataDir = path.join(tempDir("dengji-e2e-acc-"), "data");
const source = path.join(tempDir("dengji-e2e-acc-src-"), "社保名册");
const TITLE = "2025年社保名册";
const ADMIN = { name: "馆长", password: "馆长的密码2025" };
const CLERK = { name: "小李", password: "小李的密码2025" };
const BOTH = { name: "老王", password: "老王的密码2025" }; // clerk and reviewer
const REVIEWER = { name: "老张", password: "老张的密码2025" };
let app;
let draftId;

before(async () => {
  writeTree(source, { "名册/一月.csv": "姓名,金额\n张三,100\n", "名册/二月.csv": "姓名,金额\n李四,200\n" });
  app = await launch(dataDir);
});

after(async () => {
  await app?.stop();
});

function failureShot(t, name) {
  t.after(async () => {
    if (!t.passed) await screenshot(app.browser, `failure-${name}`);
  });
}

test("the admin opens accounts; the lock button locks until the password is given", async (t) => {
  failureShot(t, "accounts-setup");
  const { browser } = app;
  await initArchive(browser, { archive: "某县档案馆", region: "330102", admin: ADMIN });
  await addUser(browser, CLERK, ["clerk"]);
  await addUser(browser, BOTH, ["clerk", "reviewer"]);
  await addUser(browser, REVIEWER, ["reviewer"]);
  const table = await byTestId(browser, "users-table").getText();
  for (const u of [ADMIN, CLERK, BOTH, REVIEWER]) assert.ok(table.includes(u.name), `${u.name} missing from the users table`);

  await click(browser, "lock-button");
  await byTestId(browser, "lock-screen").waitForDisplayed();
  await type(browser, "unlock-password", "不是这个密码123");
  await click(browser, "unlock-submit");
  await waitForText(browser, "unlock-error", "用户名或密码不正确");
  await retype(browser, "unlock-password", ADMIN.password);
  await click(browser, "unlock-submit");
  await byTestId(browser, "lock-screen").waitForDisplayed({ reverse: true });
  await waitForText(browser, "users-table", CLERK.name);
  await signOut(browser);
});

test("a clerk sees no user management and is refused it when opened directly", async (t) => {
  failureShot(t, "accounts-clerk");
  const { browser } = app;
  // In English the core's refusal is English too, chosen by its code (bad_credentials).
  await setLanguage(browser, "en");
  await type(browser, "login-name", CLERK.name);
  await type(browser, "login-password", "not-the-password-123");
  await browser.keys("Enter");
  await waitForText(browser, "login-error", "Wrong user name or password.");
  await setLanguage(browser, "zh");
  await retype(browser, "login-password", CLERK.password);
  await browser.keys("Enter");
  await waitForText(browser, "user-menu", (t) => t.trim() === CLERK.name);
  await byTestId(browser, "nav-audit").waitForDisplayed();
  assert.equal(await byTestId(browser, "nav-users").isExisting(), false, "a clerk must not see 用户管理");
  assert.equal(await byTestId(browser, "nav-settings").isExisting(), false, "a clerk must not see 系统设置");
  await openRoute(browser, "#/users");
  await waitForText(browser, "forbidden", "无权访问");
  assert.equal(await byTestId(browser, "users-table").isExisting(), false);
  await screenshot(browser, "forbidden");
  await signOut(browser);
});

test("whoever took the files in cannot seal them; another reviewer can", async (t) => {
  failureShot(t, "accounts-four-eyes");
  const { browser } = app;
  await signIn(browser, BOTH);
  await click(browser, "nav-units");
  await click(browser, "unit-add-open");
  await type(browser, "unit-name", "王五");
  await choose(browser, "unit-kind", "个人");
  await click(browser, "unit-submit");
  await waitForText(browser, "units-table", "王五");
  draftId = await takeIn(browser, { unit: "王五", title: TITLE, kind: "电子业务数据", source, expect: "二月.csv" });

  // Told before any dialog: the button is off and says why.
  await waitForText(browser, "seal-why-not", "双人封存");
  assert.equal(await byTestId(browser, "seal-open").isEnabled(), false, "the preparer may not open the seal dialog");
  await (await byTestId(browser, "seal-why-not")).scrollIntoView({ block: "center" });
  await painted(browser);
  await screenshot(browser, "four-eyes");
  await signOut(browser);

  await signIn(browser, REVIEWER);
  await openRoute(browser, `#/registration/${draftId}`);
  await click(browser, "seal-open");
  await type(browser, "seal-confirm-draft", String(draftId));
  await click(browser, "seal-submit");
  await waitForText(browser, "seal-number", (n) => /^330102-\d{4}-000001$/.test(n.trim()));
  await signOut(browser);

  // The audit log shows who did what.
  await signIn(browser, ADMIN);
  await click(browser, "nav-audit");
  await waitForText(browser, "audit-table", REVIEWER.name);
  await type(browser, "audit-operator", BOTH.name);
  await click(browser, "audit-search");
  await browser.waitUntil(async () => !(await byTestId(browser, "audit-table").getText()).includes(REVIEWER.name), {
    timeoutMsg: "the operator filter did not narrow the audit log",
  });
  await screenshot(browser, "audit");
  // The access log: the admin's screen lock, the wrong password at the lock screen, the unlock.
  await click(browser, "audit-source-access");
  await retype(browser, "audit-operator", ADMIN.name);
  await click(browser, "audit-search");
  await waitForText(browser, "audit-table", "解锁失败");
  await waitForText(browser, "audit-table", "锁定");
  await screenshot(browser, "audit-access");
  await signOut(browser);
});

test("a clerk records a unit's restore application; a reviewer approves it", async (t) => {
  failureShot(t, "accounts-application");
  const { browser } = app;
  await signIn(browser, CLERK);
  await openRoute(browser, `#/registration/${draftId}`);
  await click(browser, "apply-open");
  await type(browser, "apply-reason", "单位服务器断电，数据丢失");
  await type(browser, "apply-reference", "某社保〔2026〕12号");
  await click(browser, "apply-submit");
  await byTestId(browser, "apply-reason").waitForDisplayed({ reverse: true });
  await click(browser, "nav-approvals");
  await waitForText(browser, "applications-table", "某社保〔2026〕12号");
  assert.equal(await byTestId(browser, "approve-1").isExisting(), false, "a clerk cannot approve");
  await signOut(browser);

  await signIn(browser, REVIEWER);
  await click(browser, "nav-approvals");
  await waitForText(browser, "applications-table", "某社保〔2026〕12号");
  await click(browser, "approve-1");
  // Decided applications leave the pending list; the full list shows the decision.
  await byTestId(browser, "approve-1").waitForExist({ reverse: true });
  await click(browser, "approvals-pending-only");
  await waitForText(browser, "applications-table", "已批准");
  await screenshot(browser, "approvals");
  await signOut(browser);
});

test("everyone changes their own password, after giving the current one", async (t) => {
  failureShot(t, "accounts-change-password");
  const { browser } = app;
  await signIn(browser, BOTH);
  await click(browser, "user-menu");
  await click(browser, "change-pw-open");
  await type(browser, "change-pw-current", "不是这个密码123");
  await type(browser, "change-pw-new", "老王的新密码2026");
  await type(browser, "change-pw-again", "老王的新密码2026");
  await click(browser, "change-pw-submit");
  await waitForText(browser, "change-pw-error", "用户名或密码不正确");
  await retype(browser, "change-pw-current", BOTH.password);
  await click(browser, "change-pw-submit");
  await byTestId(browser, "change-pw-submit").waitForDisplayed({ reverse: true });
  await signOut(browser);
  await signIn(browser, { name: BOTH.name, password: "老王的新密码2026" });
});

test("the screen locks after the idle time and unlocks with the same password", async (t) => {
  failureShot(t, "accounts-idle-lock");
  await app.stop();
  app = await launch(dataDir, { DENGJI_IDLE_LOCK_SECONDS: "3" });
  const { browser } = app;
  await signIn(browser, REVIEWER);
  await openRoute(browser, `#/registration/${draftId}`);
  const lock = await byTestId(browser, "lock-screen");
  await lock.waitForDisplayed({ timeout: 20_000, timeoutMsg: "the screen did not lock after 3 idle seconds" });
  await waitForText(browser, "lock-screen", REVIEWER.name);
  await screenshot(browser, "locked");
  await type(browser, "unlock-password", REVIEWER.password);
  await click(browser, "unlock-submit");
  await lock.waitForDisplayed({ reverse: true });
  await waitForText(browser, "user-menu", REVIEWER.name);
});
