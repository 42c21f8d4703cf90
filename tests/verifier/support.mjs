// The offline verifier page (crates/dengji-core/assets/verifier.html) in a real Chromium:
// Debian's chromium + chromedriver (under Xvfb when DISPLAY is set, headless otherwise),
// driven by WebdriverIO. Waits poll the DOM; there are no fixed sleeps.
//
// Reusable: checkVerifierPage() takes any keyed page and a genuine DJC2 text, e.g. a page
// exported by the real CLI (verifier.test.mjs does that when DENGJI_VERIFIER_HTML and
// DENGJI_VERIFIER_QR are set).
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, writeFileSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { remote } from "webdriverio";

export const ARTIFACTS = path.resolve(process.env.DENGJI_ARTIFACTS ?? "tests/artifacts");
const CHROMIUM = process.env.DENGJI_CHROMIUM ?? "/usr/bin/chromium";
const CHROMEDRIVER = process.env.DENGJI_CHROMEDRIVER ?? "/usr/bin/chromedriver";

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

async function waitFor(what, cond, timeoutMs = 30_000) {
  const end = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Starts chromedriver and a Chromium session at 1366×768; returns {browser, stop}. */
export async function launchChromium() {
  assert.ok(existsSync(CHROMIUM), `${CHROMIUM} is missing (apt-get install chromium chromium-driver)`);
  assert.ok(existsSync(CHROMEDRIVER), `${CHROMEDRIVER} is missing (apt-get install chromium-driver)`);
  mkdirSync(ARTIFACTS, { recursive: true });
  const port = await freePort();
  const log = openSync(path.join(ARTIFACTS, `chromedriver-${port}.log`), "a");
  const driver = spawn(CHROMEDRIVER, [`--port=${port}`], { stdio: ["ignore", log, log] });
  const profile = mkdtempSync(path.join(os.tmpdir(), "dengji-chromium-"));
  let browser;
  try {
    await waitFor("chromedriver", () => portOpen(port));
    const args = [
      "--no-sandbox", // root in CI
      "--disable-dev-shm-usage",
      "--disable-gpu",
      "--no-first-run",
      "--window-size=1366,768",
      `--user-data-dir=${profile}`,
    ];
    if (!process.env.DISPLAY) args.push("--headless=new");
    browser = await remote({
      hostname: "127.0.0.1",
      port,
      logLevel: "warn",
      capabilities: {
        browserName: "chrome",
        "goog:chromeOptions": { binary: CHROMIUM, args },
        "wdio:enforceWebDriverClassic": true,
      },
      waitforTimeout: 30_000,
    });
  } catch (e) {
    driver.kill();
    closeSync(log);
    throw e;
  }
  const stop = async () => {
    try {
      await browser.deleteSession();
    } catch {
      // The session may already be gone; the driver is ended below either way.
    } finally {
      driver.kill();
      closeSync(log);
    }
  };
  return { browser, stop };
}

export const byTestId = (browser, id) => browser.$(`[data-testid="${id}"]`);

/** Puts text into a textarea as a paste does: the value at once, one input event. */
export async function paste(browser, id, text) {
  const el = await byTestId(browser, id);
  await browser.execute(
    (e, value) => {
      e.focus();
      e.value = value;
      e.dispatchEvent(new InputEvent("input", { bubbles: true, inputType: "insertFromPaste", data: value }));
    },
    el,
    text,
  );
}

/** Waits until the element's data-verdict is `verdict`; returns its text. */
export async function waitForVerdict(browser, id, verdict) {
  const el = await byTestId(browser, id);
  try {
    await browser.waitUntil(async () => (await el.getAttribute("data-verdict")) === verdict);
  } catch {
    const shown = `${await el.getAttribute("data-verdict")}: ${await el.getText()}`;
    throw new Error(`${id} never showed ${verdict}; it shows ${shown}`);
  }
  return el.getText();
}

/** Waits for two painted frames, so a screenshot shows what the DOM already holds. */
export async function painted(browser) {
  await browser.executeAsync((done) => requestAnimationFrame(() => requestAnimationFrame(() => done())));
}

export async function screenshot(browser, name) {
  mkdirSync(ARTIFACTS, { recursive: true });
  await painted(browser);
  await browser.saveScreenshot(path.join(ARTIFACTS, `${name}.png`));
}

/** One changed byte of the statement's signed part: the last digit of the package SHA-256. */
export function tamper(qr) {
  const parts = qr.trim().split("|");
  const h = parts[6];
  parts[6] = h.slice(0, -1) + (h.endsWith("0") ? "1" : "0");
  return parts.join("|");
}

export async function openPage(browser, htmlPath) {
  await browser.url(pathToFileURL(path.resolve(htmlPath)).href);
  await browser.waitUntil(async () => (await browser.$("body").getAttribute("data-ready")) === "true", {
    timeoutMsg: "the verifier page never became ready (script error?)",
  });
}

/**
 * The checks any keyed verifier page must pass: its keys are listed, a genuine DJC2 text
 * is 有效 naming its key (screenshot tests/artifacts/verifier-valid.png), the same text
 * with one byte changed is 无效, and a dropped file's SM3/SHA-256 are found in a manifest.
 */
export async function checkVerifierPage(browser, { htmlPath, qr, screenshotName = "verifier-valid" }) {
  await openPage(browser, htmlPath);
  const fingerprint = qr.trim().split("|")[9];
  const keysTable = await byTestId(browser, "keys-table");
  await browser.waitUntil(async () => (await keysTable.getText()).includes(fingerprint), {
    timeoutMsg: `the key ${fingerprint} named by the statement is not listed among the page's keys`,
  });

  await paste(browser, "statement-input", qr);
  const valid = await waitForVerdict(browser, "statement-result", "valid");
  assert.match(valid, /有效/);
  assert.ok(valid.includes(fingerprint), "the valid verdict names the key's fingerprint");
  assert.match(valid, /证明编号/);
  assert.match(valid, /北京时间/);
  await browser.execute(() => document.getElementById("statement-section").scrollIntoView({ block: "start" }));
  await screenshot(browser, screenshotName);

  await paste(browser, "statement-input", tamper(qr));
  const invalid = await waitForVerdict(browser, "statement-result", "invalid");
  assert.match(invalid, /无效/);

  // A file and a sha256sum manifest listing it: SM3 (WebAssembly) and SHA-256 in the page.
  const dir = mkdtempSync(path.join(os.tmpdir(), "dengji-verifier-files-"));
  const file = path.join(dir, "移交清单.txt");
  const content = Buffer.from("移交清单：2025年社保名册，共 12 卷。\n".repeat(1000), "utf8");
  writeFileSync(file, content);
  const sha256 = createHash("sha256").update(content).digest("hex");
  const manifest = path.join(dir, "SHA256SUMS");
  writeFileSync(manifest, `${sha256}  data/移交清单.txt\n`);
  await (await byTestId(browser, "manifest-file")).addValue(manifest);
  await byTestId(browser, "manifest-item").waitForExist();
  await (await byTestId(browser, "digest-file")).addValue(file);
  const item = await browser.$('[data-testid="digest-item"][data-file="移交清单.txt"]');
  await item.waitForExist();
  await browser.waitUntil(async () => (await item.getAttribute("data-verdict")) === "found", {
    timeoutMsg: `the file was not found in the manifest: ${await item.getText()}`,
  });
  assert.equal(await (await item.$('[data-testid="digest-sha256"]')).getText(), sha256);
  assert.match(await item.getText(), /data\/移交清单\.txt/);
  await browser.execute(() => document.getElementById("digest-section").scrollIntoView({ block: "start" }));
  await screenshot(browser, `${screenshotName}-digest`);
  return { dir, file, content };
}
