// The verifier's logic, free of the DOM so that node --test runs it as the page does.
//
// Crypto comes from libraries only: sm-crypto (SM2 verification with SM3 and the default
// distinguishing ID 1234567812345678; SM3 of small inputs), hash-wasm (SM3 of files,
// incrementally), @noble/hashes (SHA-256, incrementally), @peculiar/asn1-x509 and asn1js
// (certificates, DER signatures).
import { AsnConvert } from "@peculiar/asn1-schema";
import { Certificate } from "@peculiar/asn1-x509";
import * as asn1js from "asn1js";
import { sha256 } from "@noble/hashes/sha2.js";
import { bytesToHex } from "@noble/hashes/utils.js";
import { createSM3 } from "hash-wasm";
import smCrypto from "sm-crypto";

const { sm2, sm3 } = smCrypto;

export const SM2_USER_ID = "1234567812345678";
const OID_EC_PUBLIC_KEY = "1.2.840.10045.2.1";
const OID_SM2_CURVE = "1.2.156.10197.1.301";
const NAME_ATTRS = { "2.5.4.3": "CN", "2.5.4.10": "O", "2.5.4.11": "OU", "2.5.4.6": "C", "2.5.4.7": "L", "2.5.4.8": "ST" };

/** The largest file whose detached signature this page checks (sm-crypto hashes in memory). */
export const DETACHED_LIMIT = 32 * 1024 * 1024;

export const VERDICTS = {
  valid: { zh: "有效", en: "Valid" },
  invalid: { zh: "无效", en: "Invalid" },
  "unknown-key": { zh: "未知密钥", en: "Unknown key" },
  malformed: { zh: "格式错误", en: "Malformed" },
  unsigned: { zh: "未签名（旧格式）", en: "Unsigned (old format)" },
};

export const STATUS = {
  active: { zh: "现用密钥", en: "current key" },
  retired: { zh: "曾用密钥", en: "earlier key" },
  loaded: { zh: "本页加载", en: "loaded here" },
};

export function statusLabel(status) {
  return STATUS[status] ?? { zh: `状态：${status}`, en: String(status) };
}

// ---------------------------------------------------------------- bytes and text

const utf8 = new TextEncoder();
export const utf8Bytes = (text) => utf8.encode(text);
export const toHex = (bytes) => bytesToHex(bytes);
const HEX64 = /^[0-9a-fA-F]{64}$/;
const UINT = /^(0|[1-9][0-9]*)$/;

/** Strict standard base64 (padding optional); null when the text is not base64. */
export function decodeBase64(text) {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text)) return null;
  const bare = text.replace(/=+$/, "");
  if (bare.length % 4 === 1) return null;
  const padded = bare + "=".repeat((4 - (bare.length % 4)) % 4);
  if (text.length !== bare.length && text !== padded) return null;
  let bin;
  try {
    bin = atob(padded);
  } catch {
    return null;
  }
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

function indexOfBytes(hay, needle) {
  outer: for (let i = 0; i + needle.length <= hay.length; i++) {
    for (let j = 0; j < needle.length; j++) if (hay[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}

// ---------------------------------------------------------------- time

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|([+-])(\d{2}):(\d{2}))$/;

/** Milliseconds since the epoch of an RFC 3339 time, or null. */
export function parseRfc3339(text) {
  const m = RFC3339.exec(text);
  if (!m) return null;
  const [y, mo, d, h, mi, s] = m.slice(1, 7).map(Number);
  if (mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59 || s > 60) return null;
  if (d > new Date(Date.UTC(y, mo, 0)).getUTCDate()) return null;
  let offset = 0;
  if (m[9]) {
    const oh = Number(m[10]);
    const om = Number(m[11]);
    if (oh > 23 || om > 59) return null;
    offset = (m[9] === "-" ? -1 : 1) * (oh * 60 + om);
  }
  const frac = m[7] ? Math.floor(Number(`0${m[7]}`) * 1000) : 0;
  return Date.UTC(y, mo - 1, d, h, mi, Math.min(s, 59), frac) - offset * 60_000;
}

const pad2 = (n) => String(n).padStart(2, "0");

/** China Standard Time (UTC+8, no daylight saving) as YYYY-MM-DD HH:MM:SS. */
export function formatCst(ms) {
  const d = new Date(ms + 8 * 3_600_000);
  return `${d.getUTCFullYear()}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())} ${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())}`;
}

// ---------------------------------------------------------------- certificates and keys

/** SM3 (lowercase hex) of the DER SubjectPublicKeyInfo: the archive's key fingerprint. */
export function fingerprintOf(spkiDer) {
  return sm3(spkiDer);
}

function nameParts(name) {
  const parts = [];
  for (const rdn of name) {
    for (const atv of rdn) {
      parts.push({ key: NAME_ATTRS[atv.type] ?? atv.type, value: atv.value.toString() });
    }
  }
  return parts;
}

/** Parses one DER certificate holding an SM2 key. Throws an Error with a Chinese message. */
export function parseCertificate(der) {
  let cert;
  try {
    cert = AsnConvert.parse(der, Certificate);
  } catch {
    throw new Error("无法解析证书（不是有效的 X.509 证书）");
  }
  const spki = cert.tbsCertificate.subjectPublicKeyInfo;
  const spkiDer = new Uint8Array(AsnConvert.serialize(spki));
  // The fingerprint is over the bytes as they stand in the certificate: the re-encoding
  // must be found there verbatim (it is, for any DER certificate).
  if (indexOfBytes(der, spkiDer) < 0) throw new Error("证书的公钥信息不是规范的 DER 编码");
  let curve = null;
  if (spki.algorithm.parameters) {
    const params = asn1js.fromBER(spki.algorithm.parameters);
    if (params.offset !== -1 && params.result instanceof asn1js.ObjectIdentifier) {
      curve = params.result.valueBlock.toString();
    }
  }
  if (spki.algorithm.algorithm !== OID_EC_PUBLIC_KEY || curve !== OID_SM2_CURVE) {
    throw new Error("证书中的公钥不是 SM2 公钥");
  }
  const point = new Uint8Array(spki.subjectPublicKey);
  const publicKeyHex = toHex(point);
  if (point.length !== 65 || point[0] !== 4 || !sm2.verifyPublicKey(publicKeyHex)) {
    throw new Error("证书中的 SM2 公钥无效");
  }
  const parts = nameParts(cert.tbsCertificate.subject);
  const get = (k) => parts.find((p) => p.key === k)?.value ?? "";
  const validity = cert.tbsCertificate.validity;
  return {
    der,
    spkiDer,
    publicKeyHex,
    fingerprint: fingerprintOf(spkiDer),
    subject: parts.map((p) => `${p.key}=${p.value}`).join(", "),
    commonName: get("CN"),
    organization: get("O"),
    notBefore: validity.notBefore.getTime().getTime(),
    notAfter: validity.notAfter.getTime().getTime(),
  };
}

const PEM_BLOCK = /-----BEGIN CERTIFICATE-----([\s\S]*?)-----END CERTIFICATE-----/g;

/**
 * Certificates in a .pem/.crt/.cer file (PEM, one or more; or one DER certificate).
 * Returns [{cert} | {error}], never throws.
 */
export function readCertificates(input) {
  const bytes = typeof input === "string" ? utf8Bytes(input) : input;
  const text = typeof input === "string" ? input : new TextDecoder("latin1").decode(input);
  const found = [];
  if (text.includes("-----BEGIN")) {
    for (const m of text.matchAll(PEM_BLOCK)) {
      const der = decodeBase64(m[1].replace(/\s+/g, ""));
      if (!der) {
        found.push({ error: "PEM 证书中的 base64 数据损坏" });
        continue;
      }
      found.push(certOrError(der));
    }
    if (!found.length) found.push({ error: "文件中没有 PEM 证书（-----BEGIN CERTIFICATE-----）" });
  } else if (bytes.length) {
    found.push(certOrError(bytes));
  } else {
    found.push({ error: "文件是空的" });
  }
  return found;
}

function certOrError(der) {
  try {
    return { cert: parseCertificate(der) };
  } catch (e) {
    return { error: e.message };
  }
}

function keyOf(cert, status, createdAt, source) {
  return {
    fingerprint: cert.fingerprint,
    subject: cert.subject,
    name: cert.commonName || cert.organization || cert.subject,
    publicKeyHex: cert.publicKeyHex,
    status,
    createdAt: createdAt ?? "",
    source,
    cert,
  };
}

/**
 * The archive's keys as listed in the page (the JSON of #dengji-archive-keys). Each
 * certificate is parsed here and its fingerprint recomputed; an entry whose listed
 * fingerprint differs, or whose certificate does not parse, is left out and reported.
 */
export function loadArchiveKeys(jsonText) {
  const keys = [];
  const problems = [];
  let list;
  try {
    list = JSON.parse(jsonText);
  } catch {
    return { keys, problems: [{ entry: "", message: "页面中的密钥列表不是有效的 JSON，已忽略" }] };
  }
  if (!Array.isArray(list)) {
    return { keys, problems: [{ entry: "", message: "页面中的密钥列表不是数组，已忽略" }] };
  }
  list.forEach((item, i) => {
    const label = (item && typeof item.subject === "string" && item.subject) || `第 ${i + 1} 项`;
    if (!item || typeof item.certificate_pem !== "string") {
      problems.push({ entry: label, message: "缺少证书（certificate_pem），已忽略" });
      return;
    }
    const [first] = readCertificates(item.certificate_pem);
    if (first.error) {
      problems.push({ entry: label, message: `${first.error}，已忽略` });
      return;
    }
    const listed = typeof item.fingerprint === "string" ? item.fingerprint.trim().toLowerCase() : "";
    if (listed !== first.cert.fingerprint) {
      problems.push({
        entry: label,
        message: `列出的指纹 ${listed || "（无）"} 与证书实际指纹 ${first.cert.fingerprint} 不符，已忽略此条`,
      });
      return;
    }
    if (keys.some((k) => k.fingerprint === first.cert.fingerprint)) return;
    const status = typeof item.status === "string" ? item.status : "unknown";
    keys.push(keyOf(first.cert, status, item.created_at, "archive"));
  });
  return { keys, problems };
}

/** Adds certificates the user loaded; returns {added, known, errors}. Mutates keys. */
export function addLoadedCertificates(keys, input) {
  const result = { added: [], known: [], errors: [] };
  for (const r of readCertificates(input)) {
    if (r.error) result.errors.push(r.error);
    else if (keys.some((k) => k.fingerprint === r.cert.fingerprint)) result.known.push(r.cert);
    else {
      const key = keyOf(r.cert, "loaded", "", "loaded");
      keys.push(key);
      result.added.push(key);
    }
  }
  return result;
}

// ---------------------------------------------------------------- signatures

/** Why the bytes are not a DER SEQUENCE of two INTEGERs (null when they are). */
export function signatureProblem(sig) {
  if (!sig.length) return "签名为空";
  const parsed = asn1js.fromBER(sig);
  if (parsed.offset === -1) return "签名数据不完整或不是 DER 编码";
  if (parsed.offset !== sig.length) return "签名数据后面有多余的字节";
  const seq = parsed.result;
  if (!(seq instanceof asn1js.Sequence) || seq.valueBlock.value.length !== 2) {
    return "签名不是 SM2 签名的 DER 结构（SEQUENCE r, s）";
  }
  if (!seq.valueBlock.value.every((v) => v instanceof asn1js.Integer)) {
    return "签名不是 SM2 签名的 DER 结构（r、s 应为整数）";
  }
  return null;
}

/** SM2 verification (SM3, ID 1234567812345678) of bytes against a DER signature; never throws. */
export function verifySm2(message, sigDer, publicKeyHex) {
  try {
    return sm2.doVerifySignature(message, toHex(sigDer), publicKeyHex, {
      der: true,
      hash: true,
      userId: SM2_USER_ID,
    });
  } catch {
    return false;
  }
}

function keysVerifying(message, sig, keys) {
  return keys.filter((k) => verifySm2(message, sig, k.publicKeyHex));
}

/** The verdict on bytes signed by the key whose fingerprint the signed text names. */
function judge(message, sig, claimedFingerprint, keys) {
  const problem = signatureProblem(sig);
  if (problem) return { verdict: "malformed", reason: problem };
  const claimed = keys.find((k) => k.fingerprint === claimedFingerprint);
  if (claimed && verifySm2(message, sig, claimed.publicKeyHex)) {
    return { verdict: "valid", key: claimed, reason: "内容自签署后未被改动，签名出自下列密钥" };
  }
  const other = keysVerifying(message, sig, keys.filter((k) => k !== claimed))[0];
  if (other) {
    return {
      verdict: "invalid",
      key: other,
      reason: `签名出自本档案馆的另一把密钥（${other.name}，指纹 ${other.fingerprint}），与文本中写明的密钥指纹不符`,
    };
  }
  if (claimed) {
    return {
      verdict: "invalid",
      reason: "签名与内容不符：内容在签署后被改动过，或签名并非出自文本所写的密钥",
    };
  }
  return {
    verdict: "unknown-key",
    reason: keys.length
      ? "文本中的密钥指纹不在本页已知的密钥中，无法核验。如有该档案馆的证书（.pem/.crt），请在上方“档案馆密钥”中加载后再核验"
      : "本页没有任何已知密钥，无法核验。请在上方“档案馆密钥”中加载档案馆的证书（.pem/.crt）",
  };
}

function malformed(reason, fields = []) {
  return { verdict: "malformed", reason, fields };
}

function timeField(label, text) {
  const ms = parseRfc3339(text);
  return { label, value: text, extra: ms === null ? "" : `北京时间 ${formatCst(ms)}` };
}

// ---------------------------------------------------------------- DJC2 / DJC1 statements

const DJC2_LABELS = [
  null,
  "证明编号",
  "登记号",
  "统一社会信用代码",
  "封存时间",
  "数据包 SM3",
  "数据包 SHA-256",
  "台账记录数",
  "台账头哈希",
  "密钥指纹",
];

function djc2Fields(parts) {
  return parts.slice(1).map((value, i) => {
    const label = DJC2_LABELS[i + 1] ?? `第 ${i + 2} 项`;
    if (i + 1 === 4) return timeField(label, value);
    if (i + 1 === 3 && value === "") return { label, value: "（无）" };
    return { label, value };
  });
}

/**
 * Checks a certificate's QR text / statement (DJC2, or the unsigned DJC1). Returns
 * { verdict, reason, fields: [{label, value, extra?}], key?, statement? } or null for empty text.
 */
export function checkStatement(input, keys) {
  const text = input.trim();
  if (!text) return null;
  if (text.startsWith("DJC1|")) return checkDjc1(text);
  if (!text.startsWith("DJC2|")) {
    return malformed("不是证明二维码文本：应以 DJC2| 开头（旧格式以 DJC1| 开头）");
  }
  const at = text.lastIndexOf("|SIG=");
  if (at < 0) return malformed("缺少签名（|SIG=…）", djc2Fields(text.split("|")));
  const body = text.slice(0, at);
  const parts = body.split("|");
  const fields = djc2Fields(parts);
  if (parts.length !== 10) {
    return malformed(`签名前应有 10 项（以 | 分隔），实际为 ${parts.length} 项`, fields);
  }
  const [, certNo, regNo, , sealTime, pkgSm3, pkgSha256, ledgerSize, headHash, fingerprint] = parts;
  const wrong = [];
  if (!certNo) wrong.push("证明编号为空");
  if (!regNo) wrong.push("登记号为空");
  if (parseRfc3339(sealTime) === null) wrong.push("封存时间不是 RFC 3339 时间");
  if (!HEX64.test(pkgSm3)) wrong.push("数据包 SM3 不是 64 位十六进制");
  if (!HEX64.test(pkgSha256)) wrong.push("数据包 SHA-256 不是 64 位十六进制");
  if (!UINT.test(ledgerSize)) wrong.push("台账记录数不是整数");
  if (!HEX64.test(headHash)) wrong.push("台账头哈希不是 64 位十六进制");
  if (!HEX64.test(fingerprint)) wrong.push("密钥指纹不是 64 位十六进制");
  if (/[\u0000-\u001f\u007f]/.test(body)) wrong.push("含有控制字符或换行");
  // Line breaks inside the base64 (a wrapped copy) are not part of what was signed.
  const sig = decodeBase64(text.slice(at + 5).replace(/\s+/g, ""));
  if (!sig) wrong.push("签名不是有效的 base64");
  if (wrong.length) return malformed(wrong.join("；"), fields);
  const statement = {
    format: "DJC2",
    certificateNumber: certNo,
    registrationNumber: regNo,
    uscc: parts[3],
    sealTime,
    packageSm3: pkgSm3.toLowerCase(),
    packageSha256: pkgSha256.toLowerCase(),
    ledgerSize: Number(ledgerSize),
    ledgerHead: headHash.toLowerCase(),
    fingerprint: fingerprint.toLowerCase(),
  };
  return { ...judge(utf8Bytes(body), sig, statement.fingerprint, keys), fields, statement };
}

function checkDjc1(text) {
  const parts = text.split("|");
  const labels = [null, "证明编号", "登记号", "数据包 SM3", "数据包 SHA-256", "台账记录数"];
  const fields = parts.slice(1).map((value, i) => ({ label: labels[i + 1] ?? `第 ${i + 2} 项`, value }));
  if (parts.length !== 6) return malformed(`旧格式（DJC1）应有 6 项，实际为 ${parts.length} 项`, fields);
  const wrong = [];
  if (!parts[1]) wrong.push("证明编号为空");
  if (!parts[2]) wrong.push("登记号为空");
  if (!HEX64.test(parts[3])) wrong.push("数据包 SM3 不是 64 位十六进制");
  if (!HEX64.test(parts[4])) wrong.push("数据包 SHA-256 不是 64 位十六进制");
  if (!UINT.test(parts[5])) wrong.push("台账记录数不是整数");
  if (wrong.length) return malformed(wrong.join("；"), fields);
  return {
    verdict: "unsigned",
    reason:
      "这是旧格式（DJC1）的证明文本，不带签名：本页无法判断它是否出自档案馆、是否被改动过。只能到出具证明的档案馆，用其登记系统核对。",
    fields,
    statement: {
      format: "DJC1",
      certificateNumber: parts[1],
      registrationNumber: parts[2],
      packageSm3: parts[3].toLowerCase(),
      packageSha256: parts[4].toLowerCase(),
      ledgerSize: Number(parts[5]),
    },
  };
}

// ---------------------------------------------------------------- ledger checkpoints

const CHECKPOINT_LABELS = ["格式", "档案馆名称", "行政区划代码", "台账记录数", "台账头哈希", "时间", "密钥指纹"];

/** Checks a signed ledger checkpoint (dengji-checkpoint-v1). Same result shape as checkStatement. */
export function checkCheckpoint(input, keys) {
  // Line ends as Windows tools may have rewritten them; a BOM or blank lines before the note.
  const text = input.replace(/\r\n/g, "\n").replace(/^[\uFEFF\s]+/, "");
  if (!text.trim()) return null;
  const split = text.indexOf("\n\n");
  const head = split < 0 ? text : text.slice(0, split + 1);
  const lines = head.replace(/\n$/, "").split("\n");
  const fields = lines.map((value, i) => {
    const label = CHECKPOINT_LABELS[i] ?? `第 ${i + 1} 行`;
    return i === 5 ? timeField(label, value) : { label, value };
  });
  if (lines[0] !== "dengji-checkpoint-v1") {
    return malformed("不是台账检查点：第一行应为 dengji-checkpoint-v1", fields);
  }
  if (split < 0) return malformed("缺少空行及其后的签名行（— dengji …）", fields);
  if (lines.length !== 7) return malformed(`签名前应有 7 行，实际为 ${lines.length} 行`, fields);
  const wrong = [];
  if (!lines[1].trim()) wrong.push("档案馆名称为空");
  if (!lines[2].trim()) wrong.push("行政区划代码为空");
  if (!UINT.test(lines[3])) wrong.push("台账记录数不是整数");
  if (!HEX64.test(lines[4])) wrong.push("台账头哈希不是 64 位十六进制");
  if (parseRfc3339(lines[5]) === null) wrong.push("时间不是 RFC 3339 时间");
  if (!HEX64.test(lines[6])) wrong.push("密钥指纹不是 64 位十六进制");
  const sigLines = text
    .slice(split + 2)
    .split("\n")
    .map((l) => l.trimEnd())
    .filter((l) => l);
  if (sigLines.some((l) => !l.startsWith("— "))) wrong.push("空行之后应只有签名行（以“— ”开头）");
  const ours = sigLines.filter((l) => l.startsWith("— dengji "));
  if (!ours.length) wrong.push("没有 dengji 的签名行（— dengji <签名>）");
  const sigs = ours.map((l) => decodeBase64(l.slice("— dengji ".length).trim()));
  if (sigs.some((s) => !s)) wrong.push("签名不是有效的 base64");
  if (wrong.length) return malformed(wrong.join("；"), fields);
  const checkpoint = {
    archive: lines[1],
    region: lines[2],
    ledgerSize: Number(lines[3]),
    ledgerHead: lines[4].toLowerCase(),
    time: lines[5],
    fingerprint: lines[6].toLowerCase(),
  };
  const message = utf8Bytes(head);
  let result;
  for (const sig of sigs) {
    result = judge(message, sig, checkpoint.fingerprint, keys);
    if (result.verdict === "valid") break;
  }
  return { ...result, fields, checkpoint };
}

// ---------------------------------------------------------------- detached signatures

/** Checks a file's bytes against its .sig (DER) with every known key. */
export function checkDetached(data, sig, keys) {
  const problem = signatureProblem(sig);
  if (problem) return { verdict: "malformed", reason: `签名文件：${problem}`, keys: [] };
  if (data.length > DETACHED_LIMIT) {
    return { verdict: "malformed", reason: "文件超过 32 MB，本页不核验其签名", keys: [] };
  }
  if (!keys.length) {
    return { verdict: "unknown-key", reason: "本页没有任何已知密钥，请先加载档案馆的证书", keys: [] };
  }
  const verifying = keysVerifying(data, sig, keys);
  if (verifying.length) return { verdict: "valid", reason: "文件自签署后未被改动，签名出自下列密钥", keys: verifying };
  return {
    verdict: "invalid",
    reason: "没有一把已知密钥能验证此签名：文件在签署后被改动过，或签名出自本页未知的密钥",
    keys: [],
  };
}

/** Pairs dropped files: X with X.sig. Files are {name}; returns {pairs, lonely}. */
export function pairSignatures(files) {
  const byName = new Map(files.map((f) => [f.name, f]));
  const pairs = [];
  const lonely = [];
  for (const f of files) {
    if (f.name.toLowerCase().endsWith(".sig")) {
      const target = byName.get(f.name.slice(0, -4));
      if (target) pairs.push({ file: target, sig: f });
      else lonely.push({ file: f, reason: `缺少被签名的文件 ${f.name.slice(0, -4)}` });
    } else if (!byName.has(`${f.name}.sig`) && !byName.has(`${f.name}.SIG`)) {
      lonely.push({ file: f, reason: `缺少签名文件 ${f.name}.sig` });
    }
  }
  return { pairs, lonely };
}

// ---------------------------------------------------------------- digests and manifests

/** SM3 and SHA-256 of a stream of Uint8Array chunks, computed incrementally. */
export async function digestChunks(chunks, onProgress) {
  const s = await createSM3();
  s.init();
  const h = sha256.create();
  let size = 0;
  for await (const chunk of chunks) {
    s.update(chunk);
    h.update(chunk);
    size += chunk.length;
    if (onProgress) onProgress(size);
  }
  return { sm3: s.digest("hex"), sha256: toHex(h.digest()), size };
}

function unescapeSumPath(path) {
  return path.replace(/\\(\\|n|r)/g, (_, c) => (c === "n" ? "\n" : c === "r" ? "\r" : "\\"));
}

/**
 * Parses a manifest: the package's canonical manifest (dengji-package-v1), a BagIt
 * manifest-sm3.txt / manifest-sha256.txt, or sha256sum output. Returns
 * { name, kind, alg, entries: [{path, sm3?, sha256?, size?, hex?}], badLines: [n] } or
 * { name, error }.
 */
export function parseManifest(name, text) {
  const lines = text.replace(/^\uFEFF/, "").replace(/\r\n/g, "\n").split("\n");
  const entries = [];
  const badLines = [];
  if (lines[0] === "dengji-package-v1") {
    lines.slice(1).forEach((line, i) => {
      if (!line) return;
      const m = /^([0-9a-fA-F]{64}) ([0-9a-fA-F]{64}) (0|[1-9][0-9]*) (.+)$/.exec(line);
      if (!m) badLines.push(i + 2);
      else entries.push({ sha256: m[1].toLowerCase(), sm3: m[2].toLowerCase(), size: Number(m[3]), path: m[4] });
    });
    return { name, kind: "dengji", alg: "both", entries, badLines };
  }
  const lower = name.toLowerCase();
  const alg = /sm3/.test(lower) ? "sm3" : /sha-?256/.test(lower) ? "sha256" : null;
  const kind = /^(tag)?manifest-(sm3|sha256)\.txt$/.test(lower) ? "bagit" : "sums";
  lines.forEach((line, i) => {
    if (!line.trim()) return;
    const m = /^(\\?)([0-9a-fA-F]{64}) (?: |\*)?(.+)$/.exec(line);
    if (!m) badLines.push(i + 1);
    else entries.push({ hex: m[2].toLowerCase(), path: m[1] ? unescapeSumPath(m[3]) : m[3] });
  });
  if (!entries.length) {
    return { name, error: "无法识别的清单：应为 dengji-package-v1 清单、BagIt 清单或 sha256sum 的输出" };
  }
  return { name, kind, alg, entries, badLines };
}

export const MANIFEST_KINDS = {
  dengji: "数据包清单（dengji-package-v1）",
  bagit: "BagIt 清单",
  sums: "摘要列表（sha256sum 格式）",
};

const baseName = (p) => p.slice(p.lastIndexOf("/") + 1);

/**
 * Looks a file's digests up in the loaded manifests. Returns
 * { hits: [{manifest, path, note?}], sameName: [{manifest, path}] }.
 */
export function lookupDigests(manifests, digest, fileName = "") {
  const hits = [];
  const sameName = [];
  for (const m of manifests) {
    for (const e of m.entries) {
      let hit = false;
      let note = "";
      if (m.kind === "dengji") {
        const a = e.sha256 === digest.sha256;
        const b = e.sm3 === digest.sm3;
        hit = a || b;
        if (a !== b) note = a ? "仅 SHA-256 相符，SM3 不符（异常）" : "仅 SM3 相符，SHA-256 不符（异常）";
        else if (hit && e.size !== digest.size) note = `大小不符：清单记为 ${e.size} 字节`;
      } else if (m.alg === "sm3") hit = e.hex === digest.sm3;
      else if (m.alg === "sha256") hit = e.hex === digest.sha256;
      else if (e.hex === digest.sm3 || e.hex === digest.sha256) {
        hit = true;
        note = e.hex === digest.sm3 ? "按 SM3 相符" : "按 SHA-256 相符";
      }
      if (hit) hits.push({ manifest: m, path: e.path, note });
      else if (fileName && baseName(e.path) === fileName) sameName.push({ manifest: m, path: e.path });
    }
  }
  return { hits, sameName };
}
