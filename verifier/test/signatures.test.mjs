// DJC2/DJC1 statements, ledger checkpoints and detached signatures against keys and
// signatures made by OpenSSL 3.
import assert from "node:assert/strict";
import { before, describe, test } from "node:test";

import {
  checkCheckpoint,
  checkDetached,
  checkStatement,
  loadArchiveKeys,
  pairSignatures,
  utf8Bytes,
  verifySm2,
} from "../src/core.js";
import { SAMPLE, checkpoint, djc2, djc2Body, keyEntry, makeKey, sign, tempDir } from "../testing/openssl.mjs";

let current; // the archive's active key
let earlier; // its retired key
let stranger; // a key the page does not know
let keys;

before(() => {
  const dir = tempDir();
  current = makeKey(dir);
  earlier = makeKey(dir, { cn: "测试县档案馆（2019年密钥）" });
  stranger = makeKey(dir, { cn: "别处档案馆", o: "别处档案馆" });
  const loaded = loadArchiveKeys(JSON.stringify([keyEntry(current, "active"), keyEntry(earlier, "retired")]));
  assert.deepEqual(loaded.problems, []);
  keys = loaded.keys;
});

describe("sm-crypto hashes the UTF-8 bytes of the message", () => {
  test("an OpenSSL signature over Chinese UTF-8 text verifies from bytes and from the string", () => {
    const text = "登记号：浙杭西登〔2025〕第0012号；单位：某某县社会保险事业管理中心";
    const sig = sign(current, Buffer.from(text, "utf8"));
    assert.equal(verifySm2(utf8Bytes(text), sig, keys[0].publicKeyHex), true);
    assert.equal(verifySm2(text, sig, keys[0].publicKeyHex), true);
    // The same characters as other bytes (GB18030-like / Latin-1 reading) do not verify.
    assert.equal(verifySm2(Buffer.from(text, "latin1"), sig, keys[0].publicKeyHex), false);
    assert.equal(verifySm2(Buffer.from(text, "utf16le"), sig, keys[0].publicKeyHex), false);
  });
});

describe("DJC2 statement", () => {
  test("a genuine statement is valid and names the current key", () => {
    const r = checkStatement(djc2(current), keys);
    assert.equal(r.verdict, "valid", r.reason);
    assert.equal(r.key.fingerprint, current.fingerprint);
    assert.equal(r.key.status, "active");
    assert.equal(r.key.name, "测试县档案馆");
    assert.equal(r.statement.registrationNumber, SAMPLE.registrationNumber);
    assert.equal(r.statement.ledgerSize, 128);
    const byLabel = Object.fromEntries(r.fields.map((f) => [f.label, f]));
    assert.deepEqual(Object.keys(byLabel), [
      "证明编号", "登记号", "统一社会信用代码", "封存时间", "数据包 SM3", "数据包 SHA-256", "台账记录数", "台账头哈希", "密钥指纹",
    ]);
    assert.equal(byLabel["封存时间"].extra, "北京时间 2025-03-14 09:26:53");
    assert.equal(byLabel["登记号"].value, SAMPLE.registrationNumber);
  });

  test("surrounding whitespace and newlines are trimmed; a wrapped signature still reads", () => {
    const text = djc2(current);
    assert.equal(checkStatement(`\n  ${text}\r\n\n`, keys).verdict, "valid");
    const at = text.indexOf("|SIG=") + 5;
    assert.equal(checkStatement(`${text.slice(0, at + 20)}\n${text.slice(at + 20)}`, keys).verdict, "valid");
    assert.equal(checkStatement(`${text.slice(0, at - 30)}\n${text.slice(at - 30)}`, keys).verdict, "malformed");
  });

  test("a statement signed with the earlier key is valid and says so", () => {
    const r = checkStatement(djc2(earlier), keys);
    assert.equal(r.verdict, "valid");
    assert.equal(r.key.fingerprint, earlier.fingerprint);
    assert.equal(r.key.status, "retired");
  });

  test("an empty unit code is allowed", () => {
    const r = checkStatement(djc2(current, { sample: { ...SAMPLE, uscc: "" } }), keys);
    assert.equal(r.verdict, "valid");
    assert.equal(r.fields.find((f) => f.label === "统一社会信用代码").value, "（无）");
  });

  test("changing any one character before |SIG= never leaves it valid", () => {
    const only = [keys[0]]; // one key: every position is checked, quickly enough
    const text = djc2(current);
    const at = text.indexOf("|SIG=");
    const fpStart = at - 64;
    const other = (c) => {
      if (/[0-8]/.test(c)) return String(Number(c) + 1);
      if (c === "9") return "0";
      if (/[a-e]/.test(c)) return String.fromCharCode(c.charCodeAt(0) + 1);
      if (c === "f") return "a";
      if (/[\u4e00-\u9fff]/.test(c)) return c === "馆" ? "局" : "馆";
      return c === "X" ? "Y" : "X";
    };
    for (let i = 0; i < at; i++) {
      const tampered = text.slice(0, i) + other(text[i]) + text.slice(i + 1);
      const r = checkStatement(tampered, only);
      assert.notEqual(r.verdict, "valid", `position ${i} (${text[i]}) changed: still valid`);
      if (text[i] === "|" || i < 5) assert.equal(r.verdict, "malformed", `position ${i}`);
      else if (i >= fpStart) assert.equal(r.verdict, "unknown-key", `position ${i}: the named key is no longer known`);
      else if (/[0-9a-f\u4e00-\u9fff]/.test(text[i]) && r.verdict !== "malformed") {
        assert.equal(r.verdict, "invalid", `position ${i} (${text[i]})`);
      }
    }
  });

  test("a changed byte in a Chinese field is invalid", () => {
    const text = djc2(current).replace("第0012号", "第0013号");
    const r = checkStatement(text, keys);
    assert.equal(r.verdict, "invalid");
    assert.equal(r.key, undefined);
  });

  test("a stranger's statement naming its own key is an unknown key", () => {
    const r = checkStatement(djc2(stranger), keys);
    assert.equal(r.verdict, "unknown-key");
    assert.match(r.reason, /不在本页已知的密钥中/);
  });

  test("a stranger's signature claiming the archive's key is invalid", () => {
    assert.equal(checkStatement(djc2(stranger, { named: current }), keys).verdict, "invalid");
  });

  test("signed by the earlier key but naming the current one: invalid, naming the key that signed", () => {
    const r = checkStatement(djc2(earlier, { named: current }), keys);
    assert.equal(r.verdict, "invalid");
    assert.equal(r.key.fingerprint, earlier.fingerprint);
    assert.match(r.reason, /另一把密钥/);
  });

  test("with no keys at all the key is unknown", () => {
    const r = checkStatement(djc2(current), []);
    assert.equal(r.verdict, "unknown-key");
    assert.match(r.reason, /没有任何已知密钥/);
  });

  test("truncated or damaged signatures are malformed or invalid, never a crash", () => {
    const text = djc2(current);
    const at = text.indexOf("|SIG=") + 5;
    const sig = Buffer.from(text.slice(at), "base64");
    const body = text.slice(0, at);
    const cases = [];
    // Cut characters off the end (dropping only "=" padding leaves the same bytes: still valid).
    const padding = text.length - text.replace(/=+$/, "").length;
    for (let cut = padding + 1; cut < text.length - at; cut++) cases.push(text.slice(0, text.length - cut));
    for (let n = 0; n < sig.length; n++) cases.push(body + sig.subarray(0, n).toString("base64"));
    cases.push(body + Buffer.concat([sig, Buffer.from([0])]).toString("base64"));
    cases.push(body + "!!!!");
    cases.push(body + "YWJj");
    cases.push(`${body}${sig.toString("base64")}|SIG=${sig.toString("base64")}`);
    for (const c of cases) {
      const r = checkStatement(c, keys);
      assert.ok(["malformed", "invalid"].includes(r.verdict), `${JSON.stringify(c.slice(at))}: ${r.verdict}`);
      assert.equal(typeof r.reason, "string");
    }
    assert.equal(checkStatement(body + sig.subarray(0, 20).toString("base64"), keys).verdict, "malformed");
  });

  test("malformed texts say why", () => {
    const fp = current.fingerprint;
    const sigPart = djc2(current).split("|SIG=")[1];
    const cases = [
      ["hello", /应以 DJC2\| 开头/],
      [djc2Body(fp), /缺少签名/],
      [`${djc2Body(fp)}|extra|SIG=${sigPart}`, /10 项/],
      [`${djc2Body(fp, { ...SAMPLE, sealTime: "2025-13-01T00:00:00Z" })}|SIG=${sigPart}`, /封存时间/],
      [`${djc2Body(fp, { ...SAMPLE, packageSm3: "xyz" })}|SIG=${sigPart}`, /数据包 SM3/],
      [`${djc2Body(fp, { ...SAMPLE, ledgerSize: "十二" })}|SIG=${sigPart}`, /台账记录数/],
      [`${djc2Body(fp, { ...SAMPLE, certificateNumber: "" })}|SIG=${sigPart}`, /证明编号为空/],
      [`${djc2Body("abc")}|SIG=${sigPart}`, /密钥指纹/],
      [`${djc2Body(fp)}|SIG=`, /签名/],
    ];
    for (const [text, why] of cases) {
      const r = checkStatement(text, keys);
      assert.equal(r.verdict, "malformed", text);
      assert.match(r.reason, why);
    }
    assert.equal(checkStatement("   \n", keys), null);
  });
});

describe("DJC1 statement (old format)", () => {
  const djc1 = `DJC1|证2023-0001|浙杭西登〔2023〕第0001号|${SAMPLE.packageSm3}|${SAMPLE.packageSha256}|42`;

  test("is reported as unsigned, with its fields", () => {
    const r = checkStatement(`${djc1}\n`, keys);
    assert.equal(r.verdict, "unsigned");
    assert.match(r.reason, /不带签名/);
    assert.match(r.reason, /档案馆/);
    assert.deepEqual(r.fields.map((f) => f.label), ["证明编号", "登记号", "数据包 SM3", "数据包 SHA-256", "台账记录数"]);
    assert.equal(r.statement.ledgerSize, 42);
  });

  test("with the wrong number of fields is malformed", () => {
    assert.equal(checkStatement(`${djc1}|7`, keys).verdict, "malformed");
    assert.equal(checkStatement(djc1.replace("|42", "|四十二"), keys).verdict, "malformed");
  });
});

describe("ledger checkpoint", () => {
  test("a genuine checkpoint is valid", () => {
    const r = checkCheckpoint(checkpoint(current), keys);
    assert.equal(r.verdict, "valid", r.reason);
    assert.equal(r.key.fingerprint, current.fingerprint);
    assert.equal(r.checkpoint.archive, "某某县档案馆");
    assert.equal(r.checkpoint.ledgerSize, 128);
    assert.equal(r.fields.find((f) => f.label === "时间").extra, "北京时间 2025-03-14 09:30:00");
  });

  test("Windows line ends and leading blank lines still verify", () => {
    assert.equal(checkCheckpoint(`\n${checkpoint(current).replace(/\n/g, "\r\n")}`, keys).verdict, "valid");
  });

  test("a checkpoint signed with the earlier key is valid", () => {
    const r = checkCheckpoint(checkpoint(earlier), keys);
    assert.equal(r.verdict, "valid");
    assert.equal(r.key.status, "retired");
  });

  test("tampering makes it invalid", () => {
    const text = checkpoint(current);
    assert.equal(checkCheckpoint(text.replace("某某县", "某某市"), keys).verdict, "invalid");
    assert.equal(checkCheckpoint(text.replace("\n128\n", "\n129\n"), keys).verdict, "invalid");
    assert.equal(checkCheckpoint(text.replace("09:30:00", "09:31:00"), keys).verdict, "invalid");
    assert.equal(checkCheckpoint(text.replace("某某县档案馆\n", "某某县档案馆 \n"), keys).verdict, "invalid");
  });

  test("other keys: unknown, or invalid when the named key is not the signer", () => {
    assert.equal(checkCheckpoint(checkpoint(stranger), keys).verdict, "unknown-key");
    assert.equal(checkCheckpoint(checkpoint(stranger, { named: current }), keys).verdict, "invalid");
  });

  test("malformed checkpoints say why, never crash", () => {
    const text = checkpoint(current);
    const [head] = text.split("\n\n");
    const cases = [
      [text.replace("dengji-checkpoint-v1", "dengji-checkpoint-v2"), /第一行/],
      [`${head}\n`, /签名行/],
      [text.replace("\n— dengji ", "\n— other "), /dengji 的签名行/],
      [text.replace("\n128\n", "\n一百\n"), /台账记录数/],
      [text.replace("330106\n", "330106\nextra\n"), /7 行/],
      [text.replace(/— dengji (\S+)/, "— dengji $1!"), /base64/],
    ];
    for (const [t, why] of cases) {
      const r = checkCheckpoint(t, keys);
      assert.equal(r.verdict, "malformed", t);
      assert.match(r.reason, why);
    }
    // Cut off the end (the final newline and "=" padding change no signed byte: start past them).
    const tail = text.length - text.replace(/=*\n$/, "").length;
    for (let cut = tail + 1; cut < text.length; cut += 3) {
      const r = checkCheckpoint(text.slice(0, text.length - cut), keys);
      if (r) assert.notEqual(r.verdict, "valid", `cut ${cut}`);
    }
  });
});

describe("detached signatures", () => {
  const report = Buffer.concat([Buffer.from("%PDF-1.7\n鉴证报告 第1页\n", "utf8"), Buffer.from([0, 255, 1, 254, 10, 13])]);

  test("a genuine signature is valid and names the key", () => {
    const r = checkDetached(report, sign(current, report), keys);
    assert.equal(r.verdict, "valid");
    assert.deepEqual(r.keys.map((k) => k.fingerprint), [current.fingerprint]);
    const e = checkDetached(report, sign(earlier, report), keys);
    assert.deepEqual(e.keys.map((k) => k.status), ["retired"]);
  });

  test("a tampered file is invalid", () => {
    const sig = sign(current, report);
    const changed = Buffer.from(report);
    changed[changed.length - 1] ^= 1;
    assert.equal(checkDetached(changed, sig, keys).verdict, "invalid");
    assert.equal(checkDetached(report.subarray(1), sig, keys).verdict, "invalid");
  });

  test("a stranger's signature is invalid; with no keys the key is unknown", () => {
    assert.equal(checkDetached(report, sign(stranger, report), keys).verdict, "invalid");
    assert.equal(checkDetached(report, sign(current, report), []).verdict, "unknown-key");
  });

  test("a damaged signature file is malformed", () => {
    const sig = sign(current, report);
    assert.equal(checkDetached(report, sig.subarray(0, sig.length - 3), keys).verdict, "malformed");
    assert.equal(checkDetached(report, Buffer.from(sig.toString("base64")), keys).verdict, "malformed");
    assert.equal(checkDetached(report, Buffer.alloc(0), keys).verdict, "malformed");
  });

  test("files pair with their .sig", () => {
    const f = (name) => ({ name });
    const { pairs, lonely } = pairSignatures([
      f("CHECKPOINT.txt"), f("CHECKPOINT.txt.sig"), f("报告.pdf.sig"), f("报告.pdf"), f("孤儿.pdf"), f("x.sig"),
    ]);
    assert.deepEqual(pairs.map((p) => [p.file.name, p.sig.name]), [["CHECKPOINT.txt", "CHECKPOINT.txt.sig"], ["报告.pdf", "报告.pdf.sig"]]);
    assert.deepEqual(lonely.map((l) => l.file.name), ["孤儿.pdf", "x.sig"]);
  });
});
