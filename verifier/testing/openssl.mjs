// Fixtures made with OpenSSL 3 at test time: SM2 keys, self-signed SM2-with-SM3
// certificates with Chinese subjects, DER signatures (SM3, ID 1234567812345678) over the
// exact bytes. Shared by the unit tests and the browser test (tests/verifier/).
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";

export const KEYS_PLACEHOLDER = '<script id="dengji-archive-keys" type="application/json">[]</script>';

export function tempDir(prefix = "dengji-verifier-") {
  return mkdtempSync(path.join(os.tmpdir(), prefix));
}

const openssl = (args, input) => execFileSync("openssl", args, { input, stdio: ["pipe", "pipe", "pipe"] });

let counter = 0;

/** A new SM2 key and self-signed certificate; fingerprint from OpenSSL's own pipeline. */
export function makeKey(dir, { cn = "测试县档案馆", o = "测试县档案馆" } = {}) {
  const n = ++counter;
  const keyPath = path.join(dir, `k${n}.pem`);
  const certPath = path.join(dir, `c${n}.pem`);
  openssl(["genpkey", "-algorithm", "SM2", "-out", keyPath]);
  openssl([
    "req", "-x509", "-new", "-key", keyPath, "-sm3", "-sigopt", "distid:1234567812345678", "-utf8",
    "-subj", `/CN=${cn}/O=${o}/C=CN`, "-days", "3650", "-out", certPath,
  ]);
  // openssl x509 -in c.pem -pubkey -noout | openssl pkey -pubin -outform DER | openssl dgst -sm3
  const pubPem = openssl(["x509", "-in", certPath, "-pubkey", "-noout"]);
  const spki = openssl(["pkey", "-pubin", "-outform", "DER"], pubPem);
  const dgst = openssl(["dgst", "-sm3"], spki).toString();
  const fingerprint = /=\s*([0-9a-f]{64})\s*$/.exec(dgst)[1];
  const pem = readFileSync(certPath, "utf8");
  const der = openssl(["x509", "-in", certPath, "-outform", "DER"]);
  return { dir, keyPath, certPath, pem, der, fingerprint, subject: `CN=${cn}, O=${o}, C=CN`, cn };
}

/** DER SM2 signature (SM3, distid 1234567812345678) over the bytes, made by OpenSSL. */
export function sign(key, bytes) {
  const n = ++counter;
  const body = path.join(key.dir, `body${n}`);
  const out = path.join(key.dir, `sig${n}.der`);
  writeFileSync(body, bytes);
  openssl([
    "pkeyutl", "-sign", "-rawin", "-digest", "sm3", "-pkeyopt", "distid:1234567812345678",
    "-inkey", key.keyPath, "-in", body, "-out", out,
  ]);
  return readFileSync(out);
}

/** SM3 and SHA-256 of bytes, by OpenSSL. */
export function dgst(bytes) {
  const get = (alg) => /=\s*([0-9a-f]+)\s*$/.exec(openssl(["dgst", `-${alg}`], bytes).toString())[1];
  return { sm3: get("sm3"), sha256: get("sha256") };
}

export const SAMPLE = {
  certificateNumber: "证2025-0007",
  registrationNumber: "浙杭西登〔2025〕第0012号",
  uscc: "12330106MB1234567X",
  sealTime: "2025-03-14T09:26:53+08:00",
  packageSm3: "5b1e1cc8fa2d1b87a0a4f4c4a3e6b2f0f1c0a9e8d7c6b5a4f3e2d1c0b9a8f7e6",
  packageSha256: "0f4e3d2c1b0a99887766554433221100ffeeddccbbaa99887766554433221100",
  ledgerSize: 128,
  ledgerHead: "9a8b7c6d5e4f30211203f4e5d6c7b8a99a8b7c6d5e4f30211203f4e5d6c7b8a9",
};

/** The body of a DJC2 statement (everything before |SIG=). */
export function djc2Body(fingerprint, s = SAMPLE) {
  return [
    "DJC2", s.certificateNumber, s.registrationNumber, s.uscc, s.sealTime,
    s.packageSm3, s.packageSha256, s.ledgerSize, s.ledgerHead, fingerprint,
  ].join("|");
}

/** A DJC2 statement signed by `signer`, naming `named`'s fingerprint (the signer's by default). */
export function djc2(signer, { named = signer, sample = SAMPLE } = {}) {
  const body = djc2Body(named.fingerprint, sample);
  return `${body}|SIG=${sign(signer, Buffer.from(body, "utf8")).toString("base64")}`;
}

export function checkpointBody(fingerprint, { archive = "某某县档案馆", region = "330106", size = 128, head = SAMPLE.ledgerHead, time = "2025-03-14T09:30:00+08:00" } = {}) {
  return ["dengji-checkpoint-v1", archive, region, String(size), head, time, fingerprint].map((l) => `${l}\n`).join("");
}

export function checkpoint(signer, { named = signer, ...opts } = {}) {
  const body = checkpointBody(named.fingerprint, opts);
  return `${body}\n— dengji ${sign(signer, Buffer.from(body, "utf8")).toString("base64")}\n`;
}

/** The page's key list as the Rust side writes it. */
export function keyEntry(key, status = "active", createdAt = "2025-01-02T08:00:00+08:00") {
  return { fingerprint: key.fingerprint, subject: key.subject, certificate_pem: key.pem, status, created_at: createdAt };
}

/** Replaces the placeholder's [] with the entries, as the Rust side does ('<' escaped). */
export function injectKeys(html, entries) {
  const parts = html.split(KEYS_PLACEHOLDER);
  if (parts.length !== 2) throw new Error("the key placeholder must occur exactly once");
  const json = JSON.stringify(entries).replace(/</g, "\\u003c");
  return parts.join(`<script id="dengji-archive-keys" type="application/json">${json}</script>`);
}
