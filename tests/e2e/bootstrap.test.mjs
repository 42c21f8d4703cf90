// An archive from before accounts and keys existed (simulated: an archive made without a
// key whose accounts table is empty) opens on a screen that creates its first admin, who
// is then signed in and asked to make the archive key: 以后再说 puts it off until the next
// admin sign-in, where the admin makes it.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import path from "node:path";
import { after, before, test } from "node:test";

import { CLI, byTestId, click, launch, painted, screenshot, signIn, signOut, tempDir, type, waitForStill, waitForText } from "./support.mjs";

const dataDir = path.join(tempDir("dengji-e2e-boot-"), "data");
let app;

before(async () => {
  execFileSync(CLI, ["--data-dir", dataDir, "init", "--archive-name", "旧档案库", "--region", "330102", "--admin", "临时", "--no-key"], {
    env: { ...process.env, DENGJI_NEW_PASSWORD: "临时的密码123456" },
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

  const admin = { name: "新管理员", password: "新管理员的密码1" };
  await waitForStill(browser, '[data-testid="key-prompt"]');
  await painted(browser);
  await screenshot(browser, "bootstrap-key-prompt");
  await click(browser, "key-prompt-later");
  await byTestId(browser, "key-prompt").waitForDisplayed({ reverse: true });
  await screenshot(browser, "bootstrap-signed-in");

  // The next sign-in asks again; this time the admin makes the key.
  await signOut(browser);
  await signIn(browser, admin);
  await waitForStill(browser, '[data-testid="key-prompt"]');
  await type(browser, "key-new-passphrase", "旧档案库的机构密钥口令");
  await type(browser, "key-new-passphrase-again", "旧档案库的机构密钥口令");
  await click(browser, "key-create");
  await byTestId(browser, "key-prompt").waitForDisplayed({ reverse: true });
  const keys = JSON.parse(
    execFileSync(CLI, ["--data-dir", dataDir, "key", "show", "--json"], {
      env: { ...process.env, DENGJI_USER: admin.name, DENGJI_PASSWORD: admin.password },
    }).toString(),
  );
  await click(browser, "nav-settings");
  await waitForText(browser, "key-fingerprint", keys[0].fingerprint);
  assert.equal(keys.length, 1);
});
