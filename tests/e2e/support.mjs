// Shared harness: a temp data dir, tauri-driver on a free port, a WebdriverIO session
// on the real dengji-app binary. Waits poll for a condition; there are no fixed sleeps.
import assert from "node:assert/strict";
import { execFileSync, spawn, spawnSync } from "node:child_process";
import { closeSync, mkdtempSync, mkdirSync, openSync, writeFileSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { remote } from "webdriverio";

export const APP = process.env.DENGJI_APP ?? path.resolve("target/debug/dengji-app");
export const CLI = process.env.DENGJI_CLI ?? path.resolve("target/debug/dengji");
/** The archive key passphrase of every archive the journeys make. */
export const KEY_PASSPHRASE = "端到端测试机构密钥口令";
export const ARTIFACTS = path.resolve(process.env.DENGJI_ARTIFACTS ?? "tests/artifacts");

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, "127.0.0.1", () => {
      const { port } = /** @type {import("node:net").AddressInfo} */ (srv.address());
      srv.close(() => resolve(port));
    });
    srv.on("error", reject);
  });
}

function portOpen(port) {
  return new Promise((resolve) => {
    const sock = net.connect(port, "127.0.0.1");
    sock.once("connect", () => {
      sock.destroy();
      resolve(true);
    });
    sock.once("error", () => resolve(false));
  });
}

async function waitFor(what, check, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 50)); // poll interval, not a synchronising sleep
  }
  throw new Error(`timed out waiting for ${what}`);
}

export function tempDir(prefix) {
  return mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** Runs the dengji CLI on a data dir as `user` ({name, password}); returns stdout. */
export function cli(dataDir, user, ...args) {
  // Commands that sign (backup, cert issue) unlock the archive key with it.
  const env = { ...process.env, DENGJI_USER: user.name, DENGJI_PASSWORD: user.password, DENGJI_KEY_PASSPHRASE: KEY_PASSPHRASE };
  return execFileSync(CLI, ["--data-dir", dataDir, ...args], { encoding: "utf8", env }).trim();
}

/** Writes files given as {relativePath: content} under dir. */
export function writeTree(dir, files) {
  for (const [rel, content] of Object.entries(files)) {
    const p = path.join(dir, rel);
    mkdirSync(path.dirname(p), { recursive: true });
    writeFileSync(p, content);
  }
}

/** Starts tauri-driver and the app on dataDir (extra `env` reaches the app); returns {browser, stop}. */
export async function launch(dataDir, env = {}) {
  const port = await freePort();
  const nativePort = await freePort();
  // The driver's output goes to a log file, not to this process's pipes: an app process
  // outliving its session must never hold the test runner's stdout open.
  mkdirSync(ARTIFACTS, { recursive: true });
  const log = openSync(path.join(ARTIFACTS, `tauri-driver-${port}.log`), "a");
  const driver = spawn("tauri-driver", ["--port", String(port), "--native-port", String(nativePort)], {
    stdio: ["ignore", log, log],
    env: { ...process.env, DENGJI_DATA_DIR: dataDir, GSETTINGS_BACKEND: "memory", ...env },
  });
  await waitFor("tauri-driver", () => portOpen(port));
  const browser = await remote({
    hostname: "127.0.0.1",
    port,
    logLevel: "warn",
    capabilities: { "tauri:options": { application: APP, args: ["--data-dir", dataDir] } },
    waitforTimeout: 30_000,
  });
  // The language chosen in the app outlives it (webview storage shared by every launch):
  // each journey starts in Chinese, whatever an earlier one left behind.
  const wasEnglish = await browser.execute(() => {
    const english = localStorage.getItem("dengji.lang") === "en";
    localStorage.removeItem("dengji.lang");
    return english;
  });
  if (wasEnglish) await browser.refresh();
  const stop = async () => {
    try {
      await browser.deleteSession();
    } catch {
      // The session may already be gone; the processes are ended below either way.
    } finally {
      driver.kill();
      closeSync(log);
      // The app is WebKitWebDriver's child: end it by its unique data dir, then wait.
      const mine = `dengji-app --data-dir ${dataDir}`;
      spawnSync("pkill", ["-f", "--", mine]);
      await waitFor("the app to exit", () => spawnSync("pgrep", ["-f", "--", mine]).status !== 0);
    }
  };
  return { browser, stop };
}

export const byTestId = (browser, id) => browser.$(`[data-testid="${id}"]`);

/** What a clerk sees, checked on the page as it is now: no internal code as a label
 *  (`registration.seal`, `integrity.missing_title`, `usb`-style codes keep to `.mono` data
 *  such as paths and digests), no command-line text (`dengji …`, `--force`), and no table
 *  wider than its place on the screen. */
export async function assertPlainScreen(browser, where) {
  const found = await browser.execute(() => {
    const codes = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
      const el = walker.currentNode.parentElement;
      const text = walker.currentNode.textContent.trim();
      if (!text || !el || el.closest(".mono, input, textarea, script, style") || el.getClientRects().length === 0) continue;
      if (/^[a-z]+\.[a-z_]+$/.test(text) || /\bdengji [a-z]/.test(text) || /(^|\s)--[a-z]/.test(text)) codes.push(text);
    }
    const wide = [...document.querySelectorAll(".ant-table-content, .ant-table-body")]
      .filter((e) => e.getClientRects().length > 0 && e.scrollWidth > e.clientWidth + 1)
      .map((e) => e.closest("[data-testid]")?.getAttribute("data-testid") ?? "a table without a test id");
    const page = document.scrollingElement;
    if (page.scrollWidth > page.clientWidth + 1) wide.push("the page itself");
    return { codes, wide };
  });
  assert.deepEqual(found.codes, [], `${where}: internal codes or command-line text on screen`);
  assert.deepEqual(found.wide, [], `${where}: wider than the window`);
}

/** Clicks once the element is displayed, enabled and not covered (modals animate in). */
export async function click(browser, id) {
  const el = await byTestId(browser, id);
  await el.waitForClickable();
  // A button in a drawer still sliding in is "clickable", yet a click aimed at where it was
  // lands elsewhere (on a loaded CI machine the drawer then stayed open).
  await holdsStill(browser, el, id);
  await el.click();
}

/** Screenshot kept as a test artefact (for the manual and for a human look). */
export async function screenshot(browser, name) {
  mkdirSync(ARTIFACTS, { recursive: true });
  await browser.saveScreenshot(path.join(ARTIFACTS, `${name}.png`));
}

/** Waits for the webview to paint two more frames, so a screenshot shows what the DOM
 *  already holds (WebKit can hand over the previous frame right after a change). */
export async function painted(browser) {
  await browser.executeAsync((done) => requestAnimationFrame(() => requestAnimationFrame(() => done())));
}

/** Waits until the element matching `selector` has stopped moving (a drawer or dialog has
 *  finished sliding in), so a screenshot shows it in place. */
export async function waitForStill(browser, selector) {
  const el = await browser.$(selector);
  await el.waitForDisplayed();
  await holdsStill(browser, el, selector);
}

/** Waits until `el` is in the same place at two looks in a row. */
async function holdsStill(browser, el, what) {
  let last = "";
  await browser.waitUntil(
    async () => {
      const rect = JSON.stringify(await browser.execute((e) => e.getBoundingClientRect(), el));
      const still = rect === last;
      last = rect;
      return still;
    },
    { timeoutMsg: `${what} kept moving` },
  );
}

/** Opens an antd Select by its test id and picks the option with this visible text. */
export async function choose(browser, testId, text) {
  await click(browser, testId);
  const option = await browser.$(`//div[contains(@class,"ant-select-item-option") and not(contains(@class,"disabled"))][.//text()[normalize-space()="${text}"]]`);
  await option.waitForClickable();
  await option.click();
}

/** Types into an input once it is displayed. */
export async function type(browser, id, text) {
  const el = await byTestId(browser, id);
  await el.waitForDisplayed();
  await el.setValue(text);
}

/** Replaces an input's text as a person would: select all, delete, type (React-controlled
 *  inputs ignore WebDriver's clear). */
export async function retype(browser, id, text) {
  await click(browser, id);
  await browser.keys(["Control", "a"]);
  await browser.keys("Backspace");
  const el = await byTestId(browser, id);
  await browser.waitUntil(async () => (await el.getValue()) === "");
  await el.addValue(text);
}

/** Waits until the element's text satisfies `check` (a substring or a predicate). */
export async function waitForText(browser, id, check, timeoutMsg) {
  const el = await byTestId(browser, id);
  await el.waitForDisplayed();
  const ok = typeof check === "string" ? (t) => t.includes(check) : check;
  let last = "";
  try {
    await browser.waitUntil(async () => ok((last = await el.getText())));
  } catch {
    throw new Error(`${timeoutMsg ?? `${id} never showed the expected text`} (it showed: ${JSON.stringify(last)})`);
  }
}

/** First run, 新建档案库: archive name, region code and the first admin, then the policies
 *  (`copySets` required if given, the defaults otherwise), then the archive key's passphrase
 *  (`KEY_PASSPHRASE`); the admin is then signed in with the key unlocked.
 * @param {WebdriverIO.Browser} browser
 * @param {{ archive: string, region: string, admin: { name: string, password: string }, copySets?: number }} options
 */
export async function initArchive(browser, { archive, region, admin, copySets }) {
  await click(browser, "wizard-new");
  await type(browser, "init-archive-name", archive);
  await type(browser, "init-region", region);
  await waitForText(browser, "region-status", (t) => t.length > 0 && !t.includes("核对"));
  await type(browser, "init-admin-name", admin.name);
  await type(browser, "init-admin-password", admin.password);
  await type(browser, "init-admin-password-confirm", admin.password);
  await click(browser, "init-next");
  await byTestId(browser, "init-copy-sets").waitForDisplayed();
  if (copySets !== undefined) await retype(browser, "init-copy-sets", String(copySets));
  await click(browser, "init-next");
  await setKeyPassphrase(browser);
  await click(browser, "init-submit");
  await waitForText(browser, "user-menu", admin.name);
}

/** The wizard's last step: the archive key's passphrase, twice. */
export async function setKeyPassphrase(browser, passphrase = KEY_PASSPHRASE) {
  await type(browser, "init-key-passphrase", passphrase);
  await type(browser, "init-key-passphrase-again", passphrase);
}

/** The element is on screen as the page first shows it, without scrolling. */
export async function assertInView(browser, id) {
  const rect = await browser.execute((sel) => {
    const r = document.querySelector(sel).getBoundingClientRect();
    return { top: r.top, bottom: r.bottom, height: window.innerHeight, scrolled: document.scrollingElement.scrollTop };
  }, `[data-testid="${id}"]`);
  assert.ok(rect.top >= 0 && rect.bottom <= rect.height, `${id} is below the fold: ${JSON.stringify(rect)}`);
}

/** Shows the app in `lang` ("zh" or "en"); the choice outlives the app (it is kept in the
 *  webview's storage), so a journey that cares sets it. */
export async function setLanguage(browser, lang) {
  const button = await byTestId(browser, "lang-switch");
  await button.waitForDisplayed();
  // The button offers the other language: "English" while Chinese is shown.
  const showing = (await button.getText()).includes("English") ? "zh" : "en";
  if (showing !== lang) {
    await click(browser, "lang-switch");
    await browser.waitUntil(async () => (await button.getText()).includes(lang === "zh" ? "English" : "中文"));
  }
}

/** Signs in on the login screen (Enter in the password field submits). */
export async function signIn(browser, user) {
  await type(browser, "login-name", user.name);
  await type(browser, "login-password", user.password);
  await browser.keys("Enter");
  await waitForText(browser, "user-menu", (t) => t.trim() === user.name, `${user.name} was not signed in`);
}

export async function signOut(browser) {
  await click(browser, "logout-button");
  await byTestId(browser, "login-name").waitForDisplayed();
}

/** As an admin: 用户管理 → 新增用户 with these roles ("admin" | "clerk" | "reviewer"). */
export async function addUser(browser, user, roles) {
  await click(browser, "nav-users");
  await click(browser, "user-add-open");
  await type(browser, "user-name", user.name);
  await type(browser, "user-password", user.password);
  for (const role of roles) await click(browser, `user-role-${role}`);
  await click(browser, "user-submit");
  await byTestId(browser, "user-name").waitForDisplayed({ reverse: true });
  await waitForText(browser, "users-table", user.name);
}

/** Opens a route directly, as a typed address would (the router follows the URL hash). */
export async function openRoute(browser, hash) {
  await browser.execute((h) => {
    window.location.hash = h;
  }, hash);
}

/** Takes `source` into a new draft of `unit`; returns the draft's id once its items show. */
export async function takeIn(browser, { unit, title, kind, source, expect }) {
  await click(browser, "nav-intake");
  await choose(browser, "intake-unit", unit);
  await type(browser, "intake-title", title);
  await choose(browser, "intake-kind", kind);
  await type(browser, "intake-path-input", source);
  await click(browser, "intake-path-add");
  await click(browser, "intake-start");
  const items = await byTestId(browser, "items-table");
  await items.waitForDisplayed({ timeout: 60_000 });
  await browser.waitUntil(async () => (await items.getText()).includes(expect));
  const hash = await browser.execute(() => window.location.hash);
  return Number(hash.split("/").pop());
}

/** @typedef {{ name: string, password: string }} Account */

/** The accounts most journeys use: the archive's first admin, a clerk and a reviewer. */
export const ADMIN = { name: "管理员", password: "管理员密码2025" };
export const CLERK = { name: "登记员", password: "登记员密码2025" };
export const REVIEWER = { name: "审核员", password: "审核员密码2025" };

/** A new archive made with the CLI (上城区档案馆, 330102, unless told otherwise): `admin`
 *  creates it and opens accounts for `clerk` and `reviewer` (the shared three unless told
 *  otherwise); nothing else. Faster than the first-run screens when they are not the subject.
 * @param {string} dataDir
 * @param {{ archive?: string, region?: string, admin?: Account, clerk?: Account, reviewer?: Account, stores?: string[] }} [options]
 */
export function initWithCli(
  dataDir,
  { archive = "上城区档案馆", region = "330102", admin = ADMIN, clerk = CLERK, reviewer = REVIEWER, stores = [] } = {},
) {
  execFileSync(CLI, ["--data-dir", dataDir, "init", "--archive-name", archive, "--region", region, "--admin", admin.name, ...stores], {
    env: { ...process.env, DENGJI_NEW_PASSWORD: admin.password, DENGJI_KEY_PASSPHRASE: KEY_PASSPHRASE },
  });
  /** @type {[Account, string][]} */
  const accounts = [
    [clerk, "clerk"],
    [reviewer, "reviewer"],
  ];
  for (const [user, role] of accounts) {
    execFileSync(CLI, ["--data-dir", dataDir, "user", "add", user.name, "--role", role], {
      env: { ...process.env, DENGJI_USER: admin.name, DENGJI_PASSWORD: admin.password, DENGJI_NEW_PASSWORD: user.password },
    });
  }
}

/** With the CLI: the clerk takes `source` into a new draft of `unit`; returns the draft id. */
export function intakeWithCli(dataDir, clerk, { unit, title, kind = "electronic", source }) {
  return Number(cli(dataDir, clerk, "intake", "--unit", String(unit), "--title", title, "--kind", kind, source));
}

/** With the CLI: the reviewer seals a draft, first accepting the errors of its check (test
 *  files are no real hand-over: no titles); returns the registration number. */
export function sealWithCli(dataDir, reviewer, draft) {
  cli(dataDir, reviewer, "check", "accept", String(draft), "--all", "--reason", "测试数据");
  return cli(dataDir, reviewer, "seal", String(draft));
}

/** In the app, on a draft's page: the reviewer accepts every open error of its check with
 *  `reason`, as the seal requires. */
export async function acceptCheckErrors(browser, reason) {
  await waitForText(browser, "seal-check-errors", "未接受");
  const all = await byTestId(browser, "accept-all-errors");
  await click(browser, (await all.isExisting()) ? "accept-all-errors" : "accept-error-0");
  await type(browser, "accept-reason", reason);
  await click(browser, "accept-submit");
  await waitForText(browser, "seal-check-errors", "均已由审核员接受");
}

/** Waits until the ECharts chart `testId` is drawn, and checks it put ink on its canvas
 *  (some pixel differs from the white background). */
export async function waitForChart(browser, testId) {
  const el = await byTestId(browser, testId);
  await browser.waitUntil(async () => (await el.getAttribute("data-rendered")) === "true", { timeoutMsg: `${testId} was not drawn` });
  const inked = await browser.execute((e) => {
    const canvas = e.querySelector("canvas");
    if (!canvas) return false;
    const data = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height).data;
    for (let i = 0; i < data.length; i += 4) if (data[i + 3] > 0 && (data[i] < 250 || data[i + 1] < 250 || data[i + 2] < 250)) return true;
    return false;
  }, el);
  if (!inked) throw new Error(`${testId} is blank`);
}

/** A backup to a drive whose SMART health is not known good asks first (the media of these
 *  tests are temp folders, whose health cannot be read): confirm it when it asks. */
export async function confirmHealthIfAsked(browser) {
  const health = (await byTestId(browser, "medium-health").getText()).trim();
  if (health !== "良好") await click(browser, "backup-health-confirm");
}
