// The offline verifier page in a real Chromium (file://). Without environment variables it
// keys the built page (crates/dengji-core/assets/verifier.html) with OpenSSL-made
// certificates, replacing the placeholder's [] as the Rust side does, and checks statements,
// a checkpoint, a detached signature and digests. With DENGJI_VERIFIER_HTML (an already
// keyed page, e.g. exported by the CLI) and DENGJI_VERIFIER_QR (a genuine DJC2 text, or a
// file holding one) it runs the generic checks on that page instead.
import assert from "node:assert/strict";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { after, before, test } from "node:test";
import { fileURLToPath } from "node:url";

import {
  SAMPLE,
  checkpoint,
  dgst,
  djc2,
  injectKeys,
  keyEntry,
  makeKey,
  sign,
  tempDir,
} from "../../verifier/testing/openssl.mjs";
import {
  byTestId,
  checkVerifierPage,
  launchChromium,
  openPage,
  paste,
  screenshot,
  waitForVerdict,
} from "./support.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const BUILT = path.resolve(here, "../../crates/dengji-core/assets/verifier.html");
const given = process.env.DENGJI_VERIFIER_HTML;

let session;
before(async () => {
  session = await launchChromium();
});
after(async () => {
  await session?.stop();
});

function failureShot(t, name) {
  t.after(async () => {
    if (!t.passed && session) await screenshot(session.browser, `failure-${name}`);
  });
}

if (given) {
  test("the given page verifies the given statement and refuses it tampered", async (t) => {
    failureShot(t, "verifier-given");
    const raw = process.env.DENGJI_VERIFIER_QR;
    assert.ok(raw, "DENGJI_VERIFIER_QR must hold a genuine DJC2 text (or a file with one) when DENGJI_VERIFIER_HTML is set");
    const qr = raw.trim().startsWith("DJC") || !existsSync(raw) ? raw : readFileSync(raw, "utf8");
    await checkVerifierPage(session.browser, { htmlPath: given, qr });
  });
} else {
  let dir;
  let current;
  let earlier;
  let page;

  before(() => {
    dir = tempDir("dengji-verifier-browser-");
    current = makeKey(dir);
    earlier = makeKey(dir, { cn: "测试县档案馆（2019年密钥）" });
    page = path.join(dir, "证明与摘要核验页.html");
    const html = readFileSync(BUILT, "utf8");
    writeFileSync(page, injectKeys(html, [keyEntry(current, "active"), keyEntry(earlier, "retired", "2019-05-01T09:00:00+08:00")]));
  });

  test("a genuine DJC2 text is valid, a tampered one invalid; digests are found", async (t) => {
    failureShot(t, "verifier-statement");
    const { browser } = session;
    const { file, content } = await checkVerifierPage(browser, { htmlPath: page, qr: djc2(current) });
    // The page's SM3 (hash-wasm) agrees with OpenSSL.
    const item = await browser.$(`[data-testid="digest-item"][data-file="${path.basename(file)}"]`);
    assert.equal(await (await item.$('[data-testid="digest-sm3"]')).getText(), dgst(content).sm3);
    const keys = await byTestId(browser, "keys-table").getText();
    assert.match(keys, /现用密钥/);
    assert.match(keys, /曾用密钥/);
  });

  test("other statements: the earlier key, an unknown key, the old unsigned format, garbage", async (t) => {
    failureShot(t, "verifier-kinds");
    const { browser } = session;
    await openPage(browser, page);
    await paste(browser, "statement-input", djc2(earlier));
    assert.match(await waitForVerdict(browser, "statement-result", "valid"), /曾用密钥/);
    const stranger = makeKey(dir, { cn: "别处档案馆", o: "别处档案馆" });
    await paste(browser, "statement-input", djc2(stranger));
    assert.match(await waitForVerdict(browser, "statement-result", "unknown-key"), /未知密钥/);
    await paste(browser, "statement-input", `DJC1|证2023-0001|登记2023-1|${"a".repeat(64)}|${"b".repeat(64)}|42`);
    assert.match(await waitForVerdict(browser, "statement-result", "unsigned"), /未签名（旧格式）/);
    await paste(browser, "statement-input", djc2(current).slice(0, -20));
    await browser.waitUntil(async () =>
      ["malformed", "invalid"].includes(await byTestId(browser, "statement-result").getAttribute("data-verdict")),
    );
    // The stranger's certificate loaded from a file makes its statement verifiable.
    await (await byTestId(browser, "keys-file")).addValue(stranger.certPath);
    await paste(browser, "statement-input", djc2(stranger));
    assert.match(await waitForVerdict(browser, "statement-result", "valid"), /本页加载/);
  });

  test("the package manifest's own digests are compared with the statement's", async (t) => {
    failureShot(t, "verifier-package");
    const { browser } = session;
    await openPage(browser, page);
    const manifest = Buffer.from(`dengji-package-v1\n${"1".repeat(64)} ${"2".repeat(64)} 12 data/社保名册/一月.csv\n`, "utf8");
    const manifestPath = path.join(dir, "manifest.txt");
    writeFileSync(manifestPath, manifest);
    const digests = dgst(manifest);
    const sample = { ...SAMPLE, packageSm3: digests.sm3, packageSha256: digests.sha256 };
    await paste(browser, "statement-input", djc2(current, { sample }));
    await waitForVerdict(browser, "statement-result", "valid");
    await (await byTestId(browser, "manifest-file")).addValue(manifestPath);
    const match = await byTestId(browser, "package-match");
    await match.waitForExist();
    assert.equal(await match.getAttribute("data-match"), "yes");
    assert.match(await byTestId(browser, "manifest-list").getText(), new RegExp(digests.sm3));
    // Another statement: the same manifest no longer matches.
    await paste(browser, "statement-input", djc2(current));
    await browser.waitUntil(async () => (await byTestId(browser, "package-match").getAttribute("data-match")) === "no");
  });

  test("a checkpoint and a detached signature verify; tampered ones do not", async (t) => {
    failureShot(t, "verifier-checkpoint");
    const { browser } = session;
    await openPage(browser, page);
    const note = checkpoint(current);
    await paste(browser, "checkpoint-input", note);
    await waitForVerdict(browser, "checkpoint-result", "valid");
    await paste(browser, "checkpoint-input", note.replace("某某县", "某某市"));
    await waitForVerdict(browser, "checkpoint-result", "invalid");

    const signed = path.join(dir, "CHECKPOINT.txt");
    writeFileSync(signed, note);
    writeFileSync(`${signed}.sig`, sign(earlier, Buffer.from(note)));
    await (await byTestId(browser, "detached-file")).addValue(`${signed}\n${signed}.sig`);
    const item = await browser.$('[data-file="CHECKPOINT.txt"]');
    await item.waitForExist();
    await browser.waitUntil(async () => (await item.getAttribute("data-verdict")) === "valid");
    assert.match(await item.getText(), /曾用密钥/);
    await browser.execute(() => document.getElementById("detached-section").scrollIntoView({ block: "start" }));
    await screenshot(browser, "verifier-detached");
    await paste(browser, "checkpoint-input", note);
    await waitForVerdict(browser, "checkpoint-result", "valid");
    await browser.execute(() => document.getElementById("checkpoint-section").scrollIntoView({ block: "start" }));
    await screenshot(browser, "verifier-checkpoint");
  });
}
