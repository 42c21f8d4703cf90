// App start-up probe for bench/run.py: starts the real dengji-app on a data dir through
// tauri-driver (as the end-to-end tests do), signs in, and reads the app's own readiness
// lines (`dengji-app: ready login|dashboard …`, printed when the UI has painted that screen
// with its data). Prints JSON on stdout; nothing here asserts.
//
//   DENGJI_APP=… node bench/startup.mjs --data-dir DIR --user NAME --password PW [--runs N] [--cold]
//
// --cold drops the page cache before each start (as after a reboot; needs root).
//
// Start-up to an interactive dashboard = process start → sign-in screen painted, plus
// sign-in pressed → dashboard painted with its counts (password hashing included). The
// time WebDriver takes to type the credentials is not counted.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";

const { values } = parseArgs({
  options: {
    "data-dir": { type: "string" },
    user: { type: "string" },
    password: { type: "string" },
    runs: { type: "string", default: "5" },
    cold: { type: "boolean", default: false },
  },
});
const dataDir = path.resolve(values["data-dir"]);
const logs = mkdtempSync(path.join(os.tmpdir(), "dengji-startup-"));
process.env.DENGJI_ARTIFACTS = logs; // support.mjs writes the driver's (and app's) stderr there
const { launch, byTestId, type } = await import("../tests/e2e/support.mjs");

const READY = /dengji-app: ready (\w+) (\d+) ms after start(?:, (\d+) ms after sign-in)?/g;

function readyLines() {
  const seen = {};
  for (const f of readdirSync(logs)) {
    for (const m of readFileSync(path.join(logs, f), "utf8").matchAll(READY)) {
      seen[m[1]] = { sinceStart: Number(m[2]), sinceSignIn: m[3] === undefined ? null : Number(m[3]) };
    }
  }
  return seen;
}

/** The app process's peak resident memory (VmHWM) in MB; the web content process is apart. */
function appPeakMb() {
  for (const pid of readdirSync("/proc").filter((p) => /^\d+$/.test(p))) {
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0");
      if (!cmd[0].endsWith("dengji-app") || !cmd.includes(dataDir)) continue;
      const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
      if (hwm) return Number(hwm[1]) / 1024;
    } catch {
      // The process ended between the listing and the read.
    }
  }
  return null;
}

async function until(what, check, timeoutMs = 120_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = check();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20)); // poll interval, not a synchronising sleep
  }
}

const runs = [];
for (let i = 0; i < Number(values.runs); i++) {
  for (const f of readdirSync(logs)) rmSync(path.join(logs, f));
  if (values.cold) {
    execFileSync("sync");
    writeFileSync("/proc/sys/vm/drop_caches", "3\n");
  }
  const t0 = performance.now();
  const { browser, stop } = await launch(dataDir);
  try {
    const login = await until("the sign-in screen", () => readyLines().login);
    const wallToLogin = performance.now() - t0;
    await type(browser, "login-name", values.user);
    await type(browser, "login-password", values.password);
    await browser.keys("Enter");
    const dash = await until("the dashboard", () => readyLines().dashboard);
    await byTestId(browser, "user-menu").waitForDisplayed();
    runs.push({
      login_ms: login.sinceStart,
      dashboard_after_sign_in_ms: dash.sinceSignIn,
      total_ms: login.sinceStart + dash.sinceSignIn,
      wall_to_login_ms: Math.round(wallToLogin),
      app_peak_mb: appPeakMb(),
    });
  } finally {
    await stop();
  }
}
rmSync(logs, { recursive: true, force: true });

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const pick = (k) => median(runs.map((r) => r[k]).filter((v) => v !== null));
console.log(
  JSON.stringify({
    runs,
    median: Object.fromEntries(["login_ms", "dashboard_after_sign_in_ms", "total_ms", "wall_to_login_ms", "app_peak_mb"].map((k) => [k, pick(k)])),
  }),
);
