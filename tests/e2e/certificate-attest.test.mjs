// Journey: certificate and attestation. A sealed registration (made with the CLI) gets its
// 登记证明 on its page and the PDF is shown rendered; a second issue asks for confirmation
// and makes a 补发 that supersedes the first (the CLI agrees). On the 鉴证 screen a
// registered file presented under another name is 一致 with its registration number, and a
// changed file with a registered name is 同名但内容不同, and the report button is there. On the
// 证明核验 screen the current certificate is 有效 by its number and by its QR text, the first one
// is 已补发, and an unknown number is 非本馆出具.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { after, before, test } from "node:test";

import {
  CLERK,
  CLI,
  KEY_PASSPHRASE,
  REVIEWER,
  byTestId,
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
  tempDir,
  type,
  waitForStill,
  waitForText,
  writeTree,
} from "./support.mjs";

const dataDir = path.join(tempDir("dengji-e2e-cert-"), "data");
const source = path.join(tempDir("dengji-e2e-cert-src-"), "工程竣工档案");
const presented = tempDir("dengji-e2e-cert-presented-");
const DRAWING = "图纸 A-01 第一版\n";
let app;
let regId;
let regNumber;
let firstCert;
let currentCert;

before(async () => {
  writeTree(source, { "设计图.txt": DRAWING, "竣工报告.txt": "竣工报告\n" });
  initWithCli(dataDir);
  const unit = cli(dataDir, CLERK, "unit", "add", "--name", "杭州某某建设有限公司", "--kind", "enterprise", "--uscc", "91330000MA27U0TT7T");
  regId = intakeWithCli(dataDir, CLERK, { unit, title: "某某大厦竣工档案", source });
  regNumber = sealWithCli(dataDir, REVIEWER, String(regId));
  writeFileSync(path.join(presented, "当事人提交的图纸.txt"), DRAWING);
  writeFileSync(path.join(presented, "设计图.txt"), "图纸 A-01 第二版（被改动）\n");
  app = await launch(dataDir);
});

after(async () => {
  await app?.stop();
});

test("a sealed registration's certificate is issued and shown rendered; a second issue is a 补发", async () => {
  const { browser } = app;
  await signIn(browser, CLERK);
  await openRoute(browser, `#/registration/${regId}`);
  await waitForText(browser, "reg-number", regNumber);
  await click(browser, "cert-issue");
  // Issuing signs with the archive key: locked after every sign-in, so its passphrase is asked.
  await type(browser, "key-passphrase", KEY_PASSPHRASE);
  await click(browser, "key-unlock");
  // The preview is the PDF rendered by pdf.js: one page (and the annex) as images.
  const preview = await byTestId(browser, "cert-preview");
  await preview.waitForDisplayed({ timeout: 60_000 });
  await browser.waitUntil(async () => Number(await preview.getAttribute("data-pages")) >= 1, { timeoutMsg: "the certificate never rendered" });
  const first = (await byTestId(browser, "cert-shown").getText()).match(/330102-\d{4}-Z\d+/)?.[0];
  assert.ok(first, "the preview names the certificate number");
  const img = await browser.$('[data-testid="cert-preview"] img.pdf-page');
  const size = await browser.execute((e) => [e.naturalWidth, e.naturalHeight], img);
  assert.ok(size[0] > 500 && size[1] > size[0], `an A4 page was drawn (${size})`);
  await waitForText(browser, "cert-table", first);
  await waitForStill(browser, '[data-testid="cert-preview"]');
  await screenshot(browser, "certificate-preview");

  await click(browser, "cert-issue");
  await click(browser, "cert-reissue-confirm");
  await waitForText(browser, "cert-table", (t) => t.includes("补发") && t.includes(`已由`) && t.includes(first));
  firstCert = first;
  currentCert = (await byTestId(browser, "cert-table").getText()).match(/330102-\d{4}-Z\d+/g).find((n) => n !== first);
  assert.ok(currentCert, "the reissue has its own number");
  // The CLI agrees: the first certificate is genuine but superseded (exit 1, not current).
  const verify = spawnSync(CLI, ["--data-dir", dataDir, "cert", "verify", first, "--json"], {
    encoding: "utf8",
    env: { ...process.env, DENGJI_USER: CLERK.name, DENGJI_PASSWORD: CLERK.password },
  });
  assert.equal(verify.status, 1, verify.stderr);
  assert.equal(JSON.parse(verify.stdout).status, "superseded");
});

test("the attestation screen finds a registered file under another name and flags a changed one", async () => {
  const { browser } = app;
  await click(browser, "nav-attest");
  await type(browser, "attest-path-input", path.join(presented, "当事人提交的图纸.txt"));
  await click(browser, "attest-path-run");
  await waitForText(browser, "attest-verdict", "一致");
  await waitForText(browser, "attest-registration", regNumber);
  await waitForText(browser, "attest-result", "设计图.txt");
  await waitForText(browser, "attest-checkpoint", "共");
  await screenshot(browser, "attest-match");

  await retype(browser, "attest-path-input", path.join(presented, "设计图.txt"));
  await click(browser, "attest-path-run");
  await waitForText(browser, "attest-verdict", "同名但内容不同");
  // The report is saved through the native save dialog (not drivable here); the button is
  // offered once there is a result (the command itself is tested in the app's Rust tests).
  const report = await byTestId(browser, "attest-report");
  await report.waitForClickable();
  assert.equal(await report.isEnabled(), true);
});

test("the verification screen says a certificate is 有效, 已补发 or 非本馆出具", async () => {
  const { browser } = app;
  await click(browser, "nav-certVerify");
  await type(browser, "certverify-input", currentCert);
  await click(browser, "certverify-run");
  await waitForText(browser, "certverify-status", "有效");
  await waitForText(browser, "certverify-fields", regNumber);
  await waitForText(browser, "certverify-fields", "某某大厦竣工档案");
  const qr = await byTestId(browser, "certverify-qr").getText();
  assert.ok(qr.startsWith(`DJC2|${currentCert}|${regNumber}|`) && qr.includes("|SIG="), qr);
  await waitForText(browser, "certverify-signature", "签名有效");
  await screenshot(browser, "certificate-verify");

  await retype(browser, "certverify-input", firstCert);
  await click(browser, "certverify-run");
  await waitForText(browser, "certverify-status", "已补发");
  await retype(browser, "certverify-input", "330102-2026-Z999999");
  await click(browser, "certverify-run");
  await waitForText(browser, "certverify-status", "非本馆出具");

  await click(browser, "certverify-by-qr");
  await type(browser, "certverify-input", qr);
  await click(browser, "certverify-run");
  await waitForText(browser, "certverify-status", "有效");
  await waitForText(browser, "certverify-fields", currentCert);

  // A PDF (its path typed: the open dialog cannot be driven here): the issued bytes are
  // 有效; with one byte changed it is 非本馆出具.
  const pdf = path.join(presented, "证明.pdf");
  cli(dataDir, CLERK, "cert", "print", currentCert, "--out", pdf);
  await click(browser, "certverify-by-pdf");
  await type(browser, "certverify-input", pdf);
  await click(browser, "certverify-run");
  await waitForText(browser, "certverify-status", "有效");
  const bytes = readFileSync(pdf);
  bytes[bytes.length - 1] ^= 1;
  writeFileSync(pdf, bytes);
  await click(browser, "certverify-run");
  await waitForText(browser, "certverify-status", "非本馆出具");
});
