// An archive from before accounts existed (simulated: an archive whose accounts table is
// empty) opens on a screen that creates its first admin, who is then signed in.
import { execFileSync } from "node:child_process";
import path from "node:path";
import { after, before, test } from "node:test";

import { CLI, byTestId, click, launch, screenshot, tempDir, type, waitForText } from "./support.mjs";

const dataDir = path.join(tempDir("dengji-e2e-boot-"), "data");
let app;

before(async () => {
  execFileSync(CLI, ["--data-dir", dataDir, "init", "--archive-name", "旧档案库", "--region", "330102", "--admin", "临时"], {
    env: { ...process.env, DENGJI_NEW_PASSWORD: "临时的密码123456", DENGJI_KEY_PASSPHRASE: "旧档案库的机构密钥口令" },
  });
  execFileSync("python3", ["-c", "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.execute('DELETE FROM users'); c.commit()", path.join(dataDir, "catalog.sqlite")]);
  app = await launch(dataDir);
});

after(async () => {
  await app?.stop();
});

test("an archive without accounts asks for its first admin and signs them in", async (t) => {
  const { browser } = app;
  t.after(async () => {
    if (!t.passed) await screenshot(browser, "failure-bootstrap");
  });
  await type(browser, "bootstrap-name", "新管理员");
  await type(browser, "bootstrap-password", "新管理员的密码1");
  await type(browser, "bootstrap-confirm", "新管理员的密码1");
  await click(browser, "bootstrap-submit");
  await waitForText(browser, "user-menu", "新管理员");
  await byTestId(browser, "nav-users").waitForDisplayed();
  await screenshot(browser, "bootstrap-signed-in");
});
