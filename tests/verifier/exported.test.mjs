// The verifier page as the archive hands it out: a real archive made with the CLI issues a
// certificate, the QR code is read back from the PDF printed at 300 dpi (pdftoppm +
// zbarimg), and the page from `dengji verifier export` accepts that text and refuses it
// with one byte changed, in Chromium.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, test } from "node:test";

import { checkVerifierPage, launchChromium } from "./support.mjs";

const CLI = process.env.DENGJI_CLI ?? path.resolve("target/debug/dengji");
const PASSWORD = "核验页测试密码123";
const dir = mkdtempSync(path.join(os.tmpdir(), "dengji-verifier-exported-"));
const env = {
  ...process.env,
  DENGJI_DATA_DIR: path.join(dir, "data"),
  DENGJI_NEW_PASSWORD: PASSWORD,
  DENGJI_PASSWORD: PASSWORD,
  DENGJI_KEY_PASSPHRASE: "核验页测试机构密钥口令",
};
const dengji = (user, ...args) => execFileSync(CLI, args, { cwd: dir, encoding: "utf8", env: { ...env, DENGJI_USER: user } }).trim();

let session;
before(async () => {
  session = await launchChromium();
});
after(async () => {
  await session?.stop();
});

test("the exported page accepts a certificate's QR read from its print and refuses it changed", async () => {
  dengji("管理员", "init", "--archive-name", "核验页测试档案馆", "--region", "330102", "--admin", "管理员");
  dengji("管理员", "user", "add", "登记员", "--role", "clerk");
  dengji("管理员", "user", "add", "审核员", "--role", "reviewer");
  dengji("登记员", "unit", "add", "--name", "杭州某某科技有限公司", "--kind", "enterprise", "--uscc", "91330000MA27U0TT7T");
  mkdirSync(path.join(dir, "交接"));
  writeFileSync(path.join(dir, "交接", "合同.txt"), "采购合同\n");
  const draft = dengji("登记员", "intake", "--unit", "1", "--title", "采购合同", "--kind", "electronic", "交接");
  // Described, so its check at the seal has no error to accept.
  dengji("登记员", "draft", "meta", draft, "交接/合同.txt", "--title", "采购合同");
  const number = JSON.parse(dengji("审核员", "seal", draft, "--json")).registration_number;
  dengji("登记员", "cert", "issue", number, "--out", "证明.pdf");
  execFileSync("pdftoppm", ["-r", "300", "-png", "-f", "1", "-l", "1", "证明.pdf", "page"], { cwd: dir });
  const qr = execFileSync("zbarimg", ["--raw", "-q", "page-1.png"], { cwd: dir, encoding: "utf8" }).trim();
  assert.match(qr, /^DJC2\|.*\|SIG=/);
  dengji("登记员", "verifier", "export", "核验页.html");
  await checkVerifierPage(session.browser, { htmlPath: path.join(dir, "核验页.html"), qr, screenshotName: "verifier-exported" });
});
