// Certificates and fingerprints, the page's key list, digests and manifest lookup.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { before, describe, test } from "node:test";

import {
  addLoadedCertificates,
  digestChunks,
  formatCst,
  loadArchiveKeys,
  lookupDigests,
  parseManifest,
  parseRfc3339,
  readCertificates,
} from "../src/core.js";
import { KEYS_PLACEHOLDER, dgst, injectKeys, keyEntry, makeKey, tempDir } from "../testing/openssl.mjs";

let dir;
let a;
let b;

before(() => {
  dir = tempDir();
  a = makeKey(dir);
  b = makeKey(dir, { cn: "另一县档案馆", o: "另一县档案馆" });
});

describe("certificates and fingerprints", () => {
  test("the fingerprint equals OpenSSL's x509 -pubkey | pkey -outform DER | dgst -sm3", () => {
    for (const k of [a, b]) {
      const [r] = readCertificates(k.pem);
      assert.equal(r.error, undefined);
      assert.equal(r.cert.fingerprint, k.fingerprint);
      assert.match(r.cert.fingerprint, /^[0-9a-f]{64}$/);
    }
  });

  test("the Chinese subject is read from UTF8String", () => {
    const [r] = readCertificates(a.pem);
    assert.equal(r.cert.commonName, "测试县档案馆");
    assert.equal(r.cert.organization, "测试县档案馆");
    assert.equal(r.cert.subject, "CN=测试县档案馆, O=测试县档案馆, C=CN");
    assert.ok(r.cert.notAfter > r.cert.notBefore);
  });

  test("DER .crt files and PEM files with several certificates", () => {
    const [der] = readCertificates(new Uint8Array(a.der));
    assert.equal(der.cert.fingerprint, a.fingerprint);
    const both = readCertificates(Buffer.from(`${a.pem}\n${b.pem}`));
    assert.deepEqual(both.map((r) => r.cert.fingerprint), [a.fingerprint, b.fingerprint]);
  });

  test("a non-SM2 certificate and garbage are refused with a reason", () => {
    const key = path.join(dir, "p256.pem");
    const cert = path.join(dir, "p256.crt");
    execFileSync("openssl", ["ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", key]);
    execFileSync("openssl", ["req", "-x509", "-new", "-key", key, "-subj", "/CN=p256", "-days", "1", "-out", cert]);
    assert.match(readCertificates(readFileSync(cert, "utf8"))[0].error, /不是 SM2 公钥/);
    assert.match(readCertificates("hello")[0].error, /无法解析证书/);
    assert.match(readCertificates("-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n")[0].error, /没有 PEM 证书/);
    assert.match(readCertificates("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n")[0].error, /无法解析证书/);
    assert.match(readCertificates(new Uint8Array(0))[0].error, /空/);
  });
});

describe("the page's key list", () => {
  test("listed keys load with their status; the fingerprint is recomputed", () => {
    const { keys, problems } = loadArchiveKeys(JSON.stringify([keyEntry(a, "active"), keyEntry(b, "retired", "2019-05-01T00:00:00Z")]));
    assert.deepEqual(problems, []);
    assert.deepEqual(keys.map((k) => [k.fingerprint, k.status, k.source]), [
      [a.fingerprint, "active", "archive"],
      [b.fingerprint, "retired", "archive"],
    ]);
    assert.equal(keys[1].createdAt, "2019-05-01T00:00:00Z");
  });

  test("an entry whose listed fingerprint differs is ignored and flagged", () => {
    const wrong = { ...keyEntry(b), fingerprint: a.fingerprint };
    const { keys, problems } = loadArchiveKeys(JSON.stringify([keyEntry(a), wrong]));
    assert.deepEqual(keys.map((k) => k.fingerprint), [a.fingerprint]);
    assert.equal(problems.length, 1);
    assert.match(problems[0].message, /不符/);
    assert.match(problems[0].message, new RegExp(b.fingerprint));
  });

  test("broken entries are flagged, never thrown", () => {
    const { keys, problems } = loadArchiveKeys(JSON.stringify([{ subject: "x" }, { certificate_pem: "garbage", fingerprint: "00" }, null, keyEntry(a)]));
    assert.equal(keys.length, 1);
    assert.equal(problems.length, 3);
    assert.equal(loadArchiveKeys("not json").problems.length, 1);
    assert.equal(loadArchiveKeys("{}").problems.length, 1);
    assert.deepEqual(loadArchiveKeys("[]"), { keys: [], problems: [] });
  });

  test("certificates loaded by the user are added once", () => {
    const { keys } = loadArchiveKeys(JSON.stringify([keyEntry(a)]));
    const r = addLoadedCertificates(keys, Buffer.from(`${a.pem}${b.pem}`));
    assert.deepEqual(r.added.map((k) => [k.fingerprint, k.status]), [[b.fingerprint, "loaded"]]);
    assert.equal(r.known.length, 1);
    assert.equal(keys.length, 2);
    assert.equal(addLoadedCertificates(keys, new Uint8Array(b.der)).known.length, 1);
  });

  test("the built page holds the placeholder exactly once, and keys inject as the Rust side does", () => {
    const html = readFileSync(new URL("../../crates/dengji-core/assets/verifier.html", import.meta.url), "utf8");
    assert.equal(html.split(KEYS_PLACEHOLDER).length, 2);
    const keyed = injectKeys(html, [keyEntry(a)]);
    const json = /<script id="dengji-archive-keys" type="application\/json">(.*?)<\/script>/s.exec(keyed)[1];
    assert.equal(loadArchiveKeys(json).keys[0].fingerprint, a.fingerprint);
    assert.doesNotMatch(html, /(src|href)=["']?(https?:)?\/\//);
  });
});

describe("time", () => {
  test("RFC 3339 times, shown in China Standard Time", () => {
    assert.equal(formatCst(parseRfc3339("2025-03-14T01:26:53Z")), "2025-03-14 09:26:53");
    assert.equal(formatCst(parseRfc3339("2025-03-14T09:26:53+08:00")), "2025-03-14 09:26:53");
    assert.equal(formatCst(parseRfc3339("2024-12-31T20:00:00.5-05:00")), "2025-01-01 09:00:00");
    for (const bad of ["2025-02-30T00:00:00Z", "2025-03-14 09:26", "2025-03-14T24:00:00Z", "yesterday", "2025-03-14T09:26:53"]) {
      assert.equal(parseRfc3339(bad), null, bad);
    }
  });
});

describe("digests", () => {
  test("SM3 and SHA-256 computed incrementally equal OpenSSL's", async () => {
    const data = randomBytes(5 * 1024 * 1024 + 123);
    async function* chunks() {
      let off = 0;
      for (const size of [1, 63, 64, 65, 1000, 4 * 1024 * 1024]) {
        yield data.subarray(off, off + size);
        off += size;
      }
      yield data.subarray(off);
    }
    let seen = 0;
    const d = await digestChunks(chunks(), (n) => (seen = n));
    assert.deepEqual({ sm3: d.sm3, sha256: d.sha256 }, dgst(data));
    assert.equal(d.size, data.length);
    assert.equal(seen, data.length);
    const empty = await digestChunks([]);
    assert.deepEqual({ sm3: empty.sm3, sha256: empty.sha256 }, dgst(Buffer.alloc(0)));
    const chinese = await digestChunks([Buffer.from("中文", "utf8")]);
    assert.equal(chinese.sm3, "a16c22b2e1f51d723df51cb481f4680176a720849ee66440e78711112eed7e47");
  });
});

describe("manifests", () => {
  const one = Buffer.from("第一份文件\n");
  const two = Buffer.from("第二份文件\n");
  const absent = Buffer.from("不在清单中的文件\n");
  const d1 = { ...dgst(one), size: one.length };
  const d2 = { ...dgst(two), size: two.length };
  const d3 = { ...dgst(absent), size: absent.length };

  test("the package's canonical manifest: hit with path, miss", () => {
    const text = `dengji-package-v1\n${d1.sha256} ${d1.sm3} ${d1.size} data/名册/一 月.csv\n${d2.sha256} ${d2.sm3} ${d2.size} data/二月.csv\n`;
    const m = parseManifest("manifest.txt", text);
    assert.equal(m.kind, "dengji");
    assert.equal(m.entries.length, 2);
    assert.deepEqual(m.badLines, []);
    const hit = lookupDigests([m], d1, "一 月.csv");
    assert.deepEqual(hit.hits.map((h) => [h.path, h.note]), [["data/名册/一 月.csv", ""]]);
    const miss = lookupDigests([m], d3, "二月.csv");
    assert.deepEqual(miss.hits, []);
    assert.deepEqual(miss.sameName.map((s) => s.path), ["data/二月.csv"]);
  });

  test("BagIt manifests, by their algorithm", () => {
    const sm3 = parseManifest("manifest-sm3.txt", `${d1.sm3}  data/一月.csv\n${d2.sm3} data/二 月.csv\n`);
    const sha = parseManifest("manifest-sha256.txt", `${d1.sha256}  data/一月.csv\r\n`);
    assert.deepEqual([sm3.kind, sm3.alg, sha.kind, sha.alg], ["bagit", "sm3", "bagit", "sha256"]);
    assert.deepEqual(lookupDigests([sm3], d2).hits.map((h) => h.path), ["data/二 月.csv"]);
    assert.deepEqual(lookupDigests([sm3, sha], d1).hits.map((h) => h.manifest.name), ["manifest-sm3.txt", "manifest-sha256.txt"]);
    assert.deepEqual(lookupDigests([sm3, sha], d3).hits, []);
    // A SHA-256 value never matches in an SM3 manifest.
    const crossed = parseManifest("manifest-sm3.txt", `${d1.sha256}  data/一月.csv\n`);
    assert.deepEqual(lookupDigests([crossed], d1).hits, []);
  });

  test("sha256sum output, text and binary mode, escaped names", () => {
    const m = parseManifest("SHA256SUMS", `${d1.sha256}  一月.csv\n${d2.sha256} *二月.csv\n\\${d3.sha256}  a\\\\b\\nc.txt\nnot a line\n`);
    assert.equal(m.kind, "sums");
    assert.equal(m.alg, "sha256");
    assert.deepEqual(m.entries.map((e) => e.path), ["一月.csv", "二月.csv", "a\\b\nc.txt"]);
    assert.deepEqual(m.badLines, [4]);
    assert.deepEqual(lookupDigests([m], d2).hits.map((h) => h.path), ["二月.csv"]);
    assert.deepEqual(lookupDigests([m], d3).hits.map((h) => h.path), ["a\\b\nc.txt"]);
  });

  test("an unnamed algorithm is looked up as either", () => {
    const m = parseManifest("checksums.txt", `${d1.sm3}  一月.csv\n`);
    assert.equal(m.alg, null);
    assert.deepEqual(lookupDigests([m], d1).hits.map((h) => h.note), ["按 SM3 相符"]);
  });

  test("a file that is no manifest is refused", () => {
    assert.match(parseManifest("readme.txt", "hello\nworld\n").error, /无法识别/);
  });
});
