// Shared harness: a temp data dir, tauri-driver on a free port, a WebdriverIO session
// on the real dengji-app binary. Waits poll for a condition; there are no fixed sleeps.
import { spawn, execFileSync } from "node:child_process";
import { mkdtempSync, mkdirSync, writeFileSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { remote } from "webdriverio";

export const APP = process.env.DENGJI_APP ?? path.resolve("target/debug/dengji-app");
export const CLI = process.env.DENGJI_CLI ?? path.resolve("target/debug/dengji");
export const ARTIFACTS = path.resolve(process.env.DENGJI_ARTIFACTS ?? "tests/artifacts");

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address();
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

/** Runs the dengji CLI on a data dir; returns stdout. */
export function cli(dataDir, ...args) {
  return execFileSync(CLI, ["--data-dir", dataDir, ...args], { encoding: "utf8", env: { ...process.env, DENGJI_USER: "测试员" } }).trim();
}

/** Writes files given as {relativePath: content} under dir. */
export function writeTree(dir, files) {
  for (const [rel, content] of Object.entries(files)) {
    const p = path.join(dir, rel);
    mkdirSync(path.dirname(p), { recursive: true });
    writeFileSync(p, content);
  }
}

/** Starts tauri-driver and the app on dataDir; returns {browser, stop}. */
export async function launch(dataDir) {
  const port = await freePort();
  const nativePort = await freePort();
  const driver = spawn("tauri-driver", ["--port", String(port), "--native-port", String(nativePort)], {
    stdio: ["ignore", "inherit", "inherit"],
    env: { ...process.env, DENGJI_DATA_DIR: dataDir, DENGJI_USER: "测试员", GSETTINGS_BACKEND: "memory" },
  });
  await waitFor("tauri-driver", () => portOpen(port));
  const browser = await remote({
    hostname: "127.0.0.1",
    port,
    logLevel: "warn",
    capabilities: { "tauri:options": { application: APP, args: ["--data-dir", dataDir] } },
    waitforTimeout: 30_000,
  });
  const stop = async () => {
    try {
      await browser.deleteSession();
    } finally {
      driver.kill();
    }
  };
  return { browser, stop };
}

export const byTestId = (browser, id) => browser.$(`[data-testid="${id}"]`);

/** Clicks once the element is displayed, enabled and not covered (modals animate in). */
export async function click(browser, id) {
  const el = await byTestId(browser, id);
  await el.waitForClickable();
  await el.click();
}

/** Screenshot kept as a test artefact (for the manual and for a human look). */
export async function screenshot(browser, name) {
  mkdirSync(ARTIFACTS, { recursive: true });
  await browser.saveScreenshot(path.join(ARTIFACTS, `${name}.png`));
}
