// The page: wires the DOM to core.js. User data only ever reaches the DOM as text.
import {
  DETACHED_LIMIT,
  MANIFEST_KINDS,
  VERDICTS,
  addLoadedCertificates,
  checkCheckpoint,
  checkDetached,
  checkStatement,
  digestChunks,
  formatCst,
  loadArchiveKeys,
  lookupDigests,
  pairSignatures,
  parseManifest,
  parseRfc3339,
  statusLabel,
} from "./core.js";

const $ = (id) => document.getElementById(id);

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === "class") node.className = v;
    else if (k.startsWith("data-")) node.setAttribute(k, v);
    else node[k] = v;
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return node;
}

const en = (text) => el("span", { class: "en" }, text);
const mono = (text) => el("span", { class: "mono" }, text);

function formatSize(n) {
  const units = ["KB", "MB", "GB", "TB"];
  let v = n;
  let u = "";
  for (const unit of units) {
    if (v < 1024) break;
    v /= 1024;
    u = unit;
  }
  return u ? `${n.toLocaleString("en-US")} 字节（${v.toFixed(1)} ${u}）` : `${n} 字节`;
}

// ---------------------------------------------------------------- state

const state = {
  keys: [],
  problems: [],
  statement: null, // the last statement result
  manifests: [],
  digested: [], // {file, digest, node}
  detachedPool: new Map(), // name -> File
};

// ---------------------------------------------------------------- rendering helpers

function keyLine(prefix, key) {
  const status = statusLabel(key.status);
  return el(
    "div",
    { class: "keyline" },
    `${prefix}：`,
    el("strong", {}, key.name),
    `（${status.zh} `,
    en(status.en),
    "）",
    el("br"),
    "密钥指纹 ",
    mono(key.fingerprint),
    el("br"),
    el("span", { class: "en" }, key.subject),
  );
}

function fieldsTable(fields) {
  if (!fields || !fields.length) return null;
  return el(
    "table",
    { class: "fields" },
    el(
      "tbody",
      {},
      fields.map((f) =>
        el(
          "tr",
          {},
          el("th", {}, f.label),
          el("td", { class: /^[0-9a-fA-F]{64}$/.test(f.value) ? "hex" : "" }, f.value, f.extra ? el("span", { class: "extra" }, f.extra) : null),
        ),
      ),
    ),
  );
}

function verdictHead(verdict, reason) {
  const label = VERDICTS[verdict] ?? { zh: verdict, en: "" };
  return el(
    "div",
    { class: "verdict-line" },
    el("span", { class: "badge", "data-testid": "verdict" }, label.zh),
    en(label.en),
    el("span", { class: "reason" }, reason ?? ""),
  );
}

function renderResult(container, result, extra = []) {
  container.replaceChildren();
  if (!result) {
    delete container.dataset.verdict;
    return;
  }
  container.dataset.verdict = result.verdict;
  container.append(verdictHead(result.verdict, result.reason));
  if (result.key) {
    container.append(keyLine(result.verdict === "valid" ? "签署密钥" : "实际签署的密钥", result.key));
  }
  for (const x of extra) container.append(x);
  const table = fieldsTable(result.fields);
  if (table) container.append(table);
}

// ---------------------------------------------------------------- keys

function renderKeys() {
  const body = $("keys-body");
  body.replaceChildren();
  if (!state.keys.length) {
    body.append(el("tr", {}, el("td", { colSpan: 4, class: "empty" }, "本页没有已知密钥。请加载档案馆的证书（.pem / .crt）。")));
  }
  for (const k of state.keys) {
    const status = statusLabel(k.status);
    const since = parseRfc3339(k.createdAt);
    body.append(
      el(
        "tr",
        { "data-fingerprint": k.fingerprint },
        el("td", {}, el("strong", {}, k.name), el("br"), el("span", { class: "en" }, k.subject)),
        el("td", { class: "hex" }, k.fingerprint),
        el("td", {}, status.zh, el("br"), en(status.en)),
        el("td", {}, since === null ? k.createdAt || "—" : formatCst(since).slice(0, 10)),
      ),
    );
  }
  const problems = $("keys-problems");
  problems.replaceChildren(...state.problems.map((p) => el("li", {}, p.entry ? `${p.entry}：${p.message}` : p.message)));
  const orgs = [...new Set(state.keys.filter((k) => k.source === "archive").map((k) => k.cert.organization || k.name))];
  $("archive-name").textContent = orgs.length ? `档案馆：${orgs.join("、")}` : "";
}

async function loadKeyFiles(files) {
  for (const file of files) {
    const bytes = new Uint8Array(await file.arrayBuffer());
    const r = addLoadedCertificates(state.keys, bytes);
    for (const e of r.errors) state.problems.push({ entry: file.name, message: e });
    for (const c of r.known) state.problems.push({ entry: file.name, message: `此证书的密钥（${c.fingerprint.slice(0, 16)}…）已在列表中` });
  }
  renderKeys();
  recheckAll();
}

// ---------------------------------------------------------------- statement and checkpoint

function checkStatementNow() {
  const result = checkStatement($("statement-input").value, state.keys);
  state.statement = result;
  renderResult($("statement-result"), result);
  renderManifests();
  renderDigests();
  checkCheckpointNow();
}

function checkCheckpointNow() {
  const result = checkCheckpoint($("checkpoint-input").value, state.keys);
  const extra = [];
  const st = state.statement?.statement;
  if (result?.checkpoint && st?.ledgerHead && st.ledgerSize === result.checkpoint.ledgerSize) {
    const same = st.ledgerHead === result.checkpoint.ledgerHead;
    extra.push(
      el(
        "div",
        { class: "keyline", "data-testid": "checkpoint-vs-statement" },
        same
          ? "台账记录数与上方证明相同，台账头哈希一致。"
          : "台账记录数与上方证明相同，但台账头哈希不一致：两者不可能同时出自同一台账。",
      ),
    );
  }
  renderResult($("checkpoint-result"), result, extra);
}

// ---------------------------------------------------------------- detached signatures

async function checkDetachedPool() {
  const box = $("detached-results");
  const { pairs, lonely } = pairSignatures([...state.detachedPool.values()]);
  const items = [];
  for (const { file, sig } of pairs) {
    let result;
    if (file.size > DETACHED_LIMIT) {
      result = { verdict: "malformed", reason: "文件超过 32 MB，本页不核验其签名", keys: [] };
    } else {
      const [data, sigBytes] = await Promise.all([file.arrayBuffer(), sig.arrayBuffer()]);
      result = checkDetached(new Uint8Array(data), new Uint8Array(sigBytes), state.keys);
    }
    items.push(
      el(
        "div",
        { class: "item", "data-verdict": result.verdict, "data-file": file.name },
        el("div", { class: "name" }, `${file.name}  +  ${sig.name}`),
        verdictHead(result.verdict, result.reason),
        result.keys.map((k) => keyLine("签署密钥", k)),
      ),
    );
  }
  for (const { file, reason } of lonely) {
    items.push(el("div", { class: "item", "data-verdict": "info" }, el("div", { class: "name" }, file.name), el("div", { class: "sub" }, `${reason}。请把两个文件一起拖入。`)));
  }
  box.replaceChildren(...items);
}

async function addDetachedFiles(files) {
  for (const f of files) state.detachedPool.set(f.name, f);
  await checkDetachedPool();
}

// ---------------------------------------------------------------- digests and manifests

async function* chunksOf(file) {
  const step = 4 * 1024 * 1024;
  for (let off = 0; off < file.size; off += step) {
    yield new Uint8Array(await file.slice(off, off + step).arrayBuffer());
  }
}

function progressBar(file) {
  const bar = el("div");
  const node = el("div", { class: "progress" }, bar);
  return { node, update: (done) => (bar.style.width = `${file.size ? Math.round((done / file.size) * 100) : 100}%`) };
}

async function digestFile(file, progress) {
  return digestChunks(chunksOf(file), progress?.update);
}

function packageComparison(digest) {
  const result = state.statement;
  const st = result?.statement;
  if (!st) return el("div", { class: "sub" }, "上方尚未核验证明，未与证明中的数据包摘要比对。");
  const same = st.packageSm3 === digest.sm3 && st.packageSha256 === digest.sha256;
  const partly = st.packageSm3 === digest.sm3 || st.packageSha256 === digest.sha256;
  const caveat = result.verdict === "valid" ? "" : `（注意：上方证明的核验结果为“${VERDICTS[result.verdict].zh}”）`;
  return el(
    "div",
    { class: "keyline", "data-testid": "package-match", "data-match": same ? "yes" : "no" },
    same
      ? `此清单的 SM3 与 SHA-256 均与上方证明（${st.certificateNumber}）中的数据包摘要一致：它就是该证明所指的数据包清单。${caveat}`
      : partly
        ? `此清单的摘要与上方证明中的数据包摘要只有一项相符（异常）。${caveat}`
        : `此清单的摘要与上方证明（${st.certificateNumber}）中的数据包摘要不一致：它不是该证明所指的数据包清单。`,
  );
}

function renderManifests() {
  const box = $("manifest-list");
  box.replaceChildren(
    ...state.manifests.map((m) => {
      if (m.error) return el("div", { class: "item", "data-verdict": "malformed" }, el("div", { class: "name" }, m.name), verdictHead("malformed", m.error));
      const rows = [
        ["类型", MANIFEST_KINDS[m.kind] + (m.kind !== "dengji" ? `，摘要算法：${m.alg === "sm3" ? "SM3" : m.alg === "sha256" ? "SHA-256" : "未注明（按 SM3 与 SHA-256 都查）"}` : "")],
        ["条目", `${m.entries.length} 个文件${m.badLines.length ? `；${m.badLines.length} 行无法识别（第 ${m.badLines.slice(0, 5).join("、")}${m.badLines.length > 5 ? "…" : ""} 行）` : ""}`],
      ];
      if (m.digest) {
        rows.push(["清单本身 SM3", m.digest.sm3], ["清单本身 SHA-256", m.digest.sha256]);
      }
      return el(
        "div",
        { class: "item", "data-verdict": "info", "data-testid": "manifest-item" },
        el("div", { class: "name" }, `清单：${m.name}`),
        el("table", {}, el("tbody", {}, rows.map(([k, v]) => el("tr", {}, el("th", {}, k), el("td", { class: /^[0-9a-f]{64}$/.test(v) ? "hex" : "" }, v))))),
        m.kind === "dengji" && m.digest ? packageComparison(m.digest) : null,
      );
    }),
  );
}

async function addManifestFiles(files) {
  for (const file of files) {
    const m = parseManifest(file.name, await file.text());
    if (!m.error) m.digest = await digestFile(file);
    state.manifests.push(m);
  }
  renderManifests();
  renderDigests();
}

function digestItem(entry) {
  const { file, digest, error } = entry;
  if (error) {
    return el("div", { class: "item", "data-verdict": "malformed" }, el("div", { class: "name" }, file.name), verdictHead("malformed", `无法计算摘要：${error}`));
  }
  if (!digest) {
    return el("div", { class: "item", "data-verdict": "busy" }, el("div", { class: "name" }, file.name), el("div", { class: "sub" }, `正在计算摘要…（${formatSize(file.size)}）`), entry.progress.node);
  }
  const usable = state.manifests.filter((m) => !m.error);
  const { hits, sameName } = lookupDigests(usable, digest, file.name);
  const st = state.statement?.statement;
  const isPackage = st && st.packageSm3 === digest.sm3 && st.packageSha256 === digest.sha256;
  let verdict = "info";
  let head;
  if (hits.length) {
    verdict = "found";
    head = el("div", { class: "verdict-line" }, el("span", { class: "badge", "data-testid": "verdict" }, "在清单中"), en("Found"), el("span", { class: "reason" }, `已加载的清单中有 ${hits.length} 处内容相同的文件：`));
  } else if (usable.length) {
    verdict = "not-found";
    head = el("div", { class: "verdict-line" }, el("span", { class: "badge", "data-testid": "verdict" }, "不在清单中"), en("Not found"), el("span", { class: "reason" }, "已加载的清单中没有与此文件内容相同的条目。"));
  } else {
    head = el("div", { class: "sub" }, "尚未加载清单：只显示摘要。");
  }
  return el(
    "div",
    { class: "item", "data-verdict": verdict, "data-file": file.name, "data-testid": "digest-item" },
    el("div", { class: "name" }, file.name),
    head,
    hits.length ? el("ul", { class: "paths" }, hits.map((h) => el("li", {}, mono(h.path), el("span", { class: "sub" }, `  ——${h.manifest.name}${h.note ? `；${h.note}` : ""}`)))) : null,
    !hits.length && sameName.length
      ? el("div", { class: "sub" }, `清单中有同名文件，但内容不同：${sameName.map((s) => s.path).join("、")}`)
      : null,
    isPackage ? el("div", { class: "keyline" }, `此文件的 SM3 与 SHA-256 与上方证明（${st.certificateNumber}）中的数据包摘要一致：它就是该证明所指的数据包清单。`) : null,
    el(
      "table",
      {},
      el(
        "tbody",
        {},
        el("tr", {}, el("th", {}, "大小"), el("td", {}, formatSize(digest.size))),
        el("tr", {}, el("th", {}, "SM3"), el("td", { class: "hex", "data-testid": "digest-sm3" }, digest.sm3)),
        el("tr", {}, el("th", {}, "SHA-256"), el("td", { class: "hex", "data-testid": "digest-sha256" }, digest.sha256)),
      ),
    ),
  );
}

function renderDigests() {
  $("digest-results").replaceChildren(...state.digested.map((e) => (e.node = digestItem(e))));
}

async function addDigestFiles(files) {
  const entries = files.map((file) => ({ file, digest: null, error: null, progress: progressBar(file) }));
  state.digested.unshift(...entries);
  renderDigests();
  for (const entry of entries) {
    try {
      entry.digest = await digestFile(entry.file, entry.progress);
    } catch (e) {
      entry.error = e?.message ?? String(e);
    }
    renderDigests();
  }
}

// ---------------------------------------------------------------- wiring

function recheckAll() {
  checkStatementNow();
  if (state.detachedPool.size) checkDetachedPool();
}

const handlers = {
  keys: loadKeyFiles,
  detached: addDetachedFiles,
  manifest: addManifestFiles,
  digest: addDigestFiles,
};

function fileInput(id, handler) {
  $(id).addEventListener("change", async (ev) => {
    const files = [...ev.target.files];
    ev.target.value = "";
    if (files.length) await handler(files);
  });
}

async function loadTextInto(textareaId, files) {
  if (!files.length) return;
  $(textareaId).value = await files[0].text();
  if (textareaId === "statement-input") checkStatementNow();
  else checkCheckpointNow();
}

function init() {
  const embedded = loadArchiveKeys($("dengji-archive-keys").textContent);
  state.keys = embedded.keys;
  state.problems = embedded.problems;
  renderKeys();

  $("statement-input").addEventListener("input", checkStatementNow);
  $("checkpoint-input").addEventListener("input", checkCheckpointNow);
  fileInput("statement-file", (files) => loadTextInto("statement-input", files));
  fileInput("checkpoint-file", (files) => loadTextInto("checkpoint-input", files));
  fileInput("keys-file", loadKeyFiles);
  fileInput("detached-file", addDetachedFiles);
  fileInput("manifest-file", addManifestFiles);
  fileInput("digest-file", addDigestFiles);

  // A file dropped outside a drop zone must not replace the page.
  window.addEventListener("dragover", (ev) => ev.preventDefault());
  window.addEventListener("drop", (ev) => ev.preventDefault());
  for (const zone of document.querySelectorAll("[data-drop]")) {
    const handler = handlers[zone.dataset.drop];
    zone.addEventListener("dragover", (ev) => {
      ev.preventDefault();
      zone.classList.add("over");
    });
    zone.addEventListener("dragleave", () => zone.classList.remove("over"));
    zone.addEventListener("drop", (ev) => {
      ev.preventDefault();
      ev.stopPropagation();
      zone.classList.remove("over");
      const files = [...(ev.dataTransfer?.files ?? [])];
      if (files.length) handler(files);
    });
  }
  for (const [zoneId, textareaId] of [
    ["statement-section", "statement-input"],
    ["checkpoint-section", "checkpoint-input"],
  ]) {
    const zone = $(zoneId);
    // Only files: text dragged into the textarea is left to the browser.
    const hasFiles = (ev) => [...(ev.dataTransfer?.types ?? [])].includes("Files");
    zone.addEventListener("dragover", (ev) => {
      if (!hasFiles(ev)) return;
      ev.preventDefault();
      zone.classList.add("over");
    });
    zone.addEventListener("dragleave", () => zone.classList.remove("over"));
    zone.addEventListener("drop", (ev) => {
      if (!hasFiles(ev)) return;
      ev.preventDefault();
      zone.classList.remove("over");
      loadTextInto(textareaId, [...(ev.dataTransfer?.files ?? [])]);
    });
  }
  checkStatementNow();
  document.body.dataset.ready = "true";
}

init();
