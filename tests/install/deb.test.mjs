// The .deb as an administrator installs it (scripts/dev.sh test installs it first with
// apt, which pulls the declared dependencies): both binaries start from /usr/bin, the
// desktop entry and icons are in place, the dependencies are declared.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { after, test } from "node:test";
import assert from "node:assert/strict";

import { APP, CLI, initArchive, launch, screenshot, tempDir, waitForText } from "../e2e/support.mjs";

const sh = (cmd, ...args) => execFileSync(cmd, args, { encoding: "utf8" }).trim();

test("the package owns both binaries and declares what they need", () => {
  assert.equal(APP, "/usr/bin/dengji-app");
  assert.equal(CLI, "/usr/bin/dengji");
  const pkg = sh("dpkg-query", "-S", APP).split(":")[0];
  assert.equal(sh("dpkg-query", "-S", CLI).split(":")[0], pkg, "the CLI comes in the same package");
  const depends = sh("dpkg-query", "-W", "-f=${Depends}", pkg);
  for (const dep of ["libwebkit2gtk-4.1-0", "libgtk-3-0", "fonts-noto-cjk", "xdg-utils"]) {
    assert.ok(depends.includes(dep), `Depends lacks ${dep}: ${depends}`);
  }
  assert.equal(sh("dpkg-query", "-W", "-f=${Status}", pkg), "install ok installed");
  // The same package file, inspected: what a USB stick carries.
  if (process.env.DENGJI_DEB) assert.equal(sh("dpkg-deb", "-f", process.env.DENGJI_DEB, "Package"), pkg);
});

test("a desktop entry starts the app, with its icons", () => {
  const files = sh("dpkg-query", "-L", sh("dpkg-query", "-S", APP).split(":")[0]).split("\n");
  const desktop = files.find((f) => f.startsWith("/usr/share/applications/") && f.endsWith(".desktop"));
  assert.ok(desktop, `no desktop entry in ${files.join(", ")}`);
  const entry = readFileSync(desktop, "utf8");
  assert.match(entry, /^Exec=dengji-app/m);
  assert.match(entry, /^Name=档案登记备份工作站$/m);
  const icon = entry.match(/^Icon=(.+)$/m)?.[1];
  assert.ok(icon, entry);
  const icons = files.filter((f) => f.startsWith("/usr/share/icons/hicolor/") && path.basename(f, ".png") === icon);
  assert.ok(icons.length >= 2 && icons.every(existsSync), `icons: ${icons}`);
});

test("the desktop user reads a drive's SMART health through the packaged polkit helper", () => {
  const pkg = sh("dpkg-query", "-S", APP).split(":")[0];
  const files = sh("dpkg-query", "-L", pkg).split("\n");
  const helper = "/usr/libexec/dengji/dengji-smart";
  const policy = "/usr/share/polkit-1/actions/cn.dengji.smart.policy";
  assert.ok(files.includes(helper) && files.includes(policy), `the package lacks the helper or its policy: ${files.join(", ")}`);
  assert.ok((statSync(helper).mode & 0o111) !== 0, "the helper is executable");
  // The helper runs nothing but smartctl's read-only queries on a whole-disk device node.
  for (const args of [["/etc/shadow"], ["/dev/sda1"], ["/dev/sda", "scsi"], ["/dev/sda;id"], []]) {
    const run = spawnSync(helper, args, { encoding: "utf8" });
    assert.equal(run.status, 2, `${args.join(" ")} was not refused: ${run.stdout}${run.stderr}`);
  }
  // polkit lets the active desktop session run exactly that helper, without a password.
  const xml = readFileSync(policy, "utf8");
  assert.match(xml, /<action id="cn\.dengji\.smart\.read">/);
  assert.match(xml, /<allow_active>yes<\/allow_active>/);
  assert.match(xml, new RegExp(`<annotate key="org\\.freedesktop\\.policykit\\.exec\\.path">${helper}</annotate>`));
  execFileSync("xmllint", ["--noout", policy]);
});

test("the installed CLI prints its version and creates an archive", () => {
  assert.match(sh(CLI, "--version"), /^dengji \d+\.\d+\.\d+/);
  const dataDir = path.join(tempDir("dengji-deb-cli-"), "data");
  execFileSync(CLI, ["--data-dir", dataDir, "init", "--archive-name", "安装测试档案馆", "--region", "330102", "--admin", "管理员"], {
    env: { ...process.env, DENGJI_NEW_PASSWORD: "测试密码123456", DENGJI_KEY_PASSPHRASE: "安装测试机构密钥口令" },
  });
  const env = { ...process.env, DENGJI_USER: "管理员", DENGJI_PASSWORD: "测试密码123456" };
  const out = execFileSync(CLI, ["--data-dir", dataDir, "ledger", "verify"], { encoding: "utf8", env });
  assert.match(out, /台账完好/);
});

let app;
after(async () => {
  await app?.stop();
});

test("the installed app starts on a new data directory and creates its archive", async (t) => {
  app = await launch(path.join(tempDir("dengji-deb-app-"), "data"));
  const { browser } = app;
  t.after(async () => {
    if (!t.passed) await screenshot(browser, "failure-installed-app");
  });
  await initArchive(browser, { archive: "安装测试档案馆", region: "330102", admin: { name: "管理员", password: "测试密码123456" } });
  await waitForText(browser, "user-menu", "管理员");
  await screenshot(browser, "installed-app");
});
