// Journey: a centre archive (catalog in PostgreSQL, vault in an S3-compatible bucket) at
// its second workstation. Workstation A is set up and a registration sealed there with the
// CLI; workstation B joins with `attach` and a data directory of its own. The app on B
// shows the archive as a centre archive and finds A's registration; then at B a clerk
// takes a folder in, the reviewer seals it, and the clerk backs both registrations up to
// a medium and verifies it, as on any archive.
// Needs the servers the test command starts (scripts/postgres.sh, scripts/seaweedfs.sh).
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import path from "node:path";
import { after, before, test } from "node:test";

import {
  ADMIN,
  CLERK,
  CLI,
  REVIEWER,
  acceptCheckErrors,
  byTestId,
  cli,
  click,
  confirmHealthIfAsked,
  initWithCli,
  intakeWithCli,
  launch,
  screenshot,
  sealWithCli,
  signIn,
  signOut,
  takeIn,
  tempDir,
  type,
  waitForText,
  writeTree,
} from "./support.mjs";

const servers = process.env.DENGJI_TEST_PG_URL && process.env.DENGJI_TEST_S3_ENDPOINT && process.env.DENGJI_TEST_S3_BUCKET;
if (!servers && process.env.DENGJI_TEST_SERVERS === "required") {
  throw new Error("the test command must start PostgreSQL and the S3-compatible cluster");
}

const root = tempDir("dengji-e2e-centre-");
const name = path.basename(root).toLowerCase().replace(/[^a-z0-9]/g, "_");
const catalog = `${process.env.DENGJI_TEST_PG_URL}/${name}`;
const vault = `s3://${process.env.DENGJI_TEST_S3_BUCKET}/${name}`;
const endpoint = process.env.DENGJI_TEST_S3_ENDPOINT;
const stationA = path.join(root, "workstation-a");
const stationB = path.join(root, "workstation-b");
const source = path.join(root, "合同");
const secondSource = path.join(root, "2025年会计档案");
const medium = tempDir("dengji-e2e-centre-medium-");
let app;
let number;

before(async () => {
  if (!servers) return;
  execFileSync("psql", [`${process.env.DENGJI_TEST_PG_URL}/postgres`, "-qc", `CREATE DATABASE ${name}`]);
  const stores = ["--catalog", catalog, "--vault", vault, "--s3-endpoint", endpoint];
  initWithCli(stationA, { archive: "杭州市档案馆", region: "330100", stores });
  writeTree(source, { "技术转让合同.pdf": "%PDF-1.4 合同正文" });
  writeTree(secondSource, { "凭证/一月.csv": "日期,金额\n2025-01-05,100\n", "账簿/总账.txt": "总账\n" });
  const unit = cli(stationA, CLERK, "unit", "add", "--name", "杭州某某科技有限公司", "--kind", "enterprise", "--uscc", "91330000MA27U0TT7T");
  number = sealWithCli(stationA, REVIEWER, String(intakeWithCli(stationA, CLERK, { unit, title: "技术转让合同", source })));
  execFileSync(CLI, ["--data-dir", stationB, "attach", ...stores]);
  app = await launch(stationB);
});

after(async () => {
  await app?.stop();
});

test("the second workstation shows the centre archive, its registrations and search", { skip: !servers }, async () => {
  const { browser } = app;
  await signIn(browser, CLERK);
  const tag = await byTestId(browser, "centre-archive");
  await tag.waitForDisplayed();
  assert.equal(await tag.getText(), "中心档案库");
  const box = await byTestId(browser, "header-search");
  await box.waitForDisplayed();
  await box.setValue("转让合同");
  const hits = () => browser.$$('[data-testid="search-hit-registration"]');
  await browser.waitUntil(async () => (await hits()).length === 1, { timeoutMsg: "the registration sealed at A was not found at B" });
  await screenshot(browser, "centre-archive");
  await (await hits())[0].click();
  await waitForText(browser, "reg-number", number);
});

test("at the second workstation a folder is taken in, sealed and backed up with the first one's", { skip: !servers }, async () => {
  const { browser } = app;
  await signOut(browser);
  await signIn(browser, CLERK);
  const draftId = await takeIn(browser, { unit: "杭州某某科技有限公司", title: "2025年会计档案", kind: "电子文件", source: secondSource, expect: "一月.csv" });
  await signOut(browser);

  await signIn(browser, REVIEWER);
  await browser.execute((h) => {
    window.location.hash = h;
  }, `#/registration/${draftId}`);
  await acceptCheckErrors(browser, "测试数据未著录");
  await click(browser, "seal-open");
  await type(browser, "seal-confirm-draft", String(draftId));
  await click(browser, "seal-submit");
  // The number continues the archive's sequence, whichever workstation sealed before.
  await waitForText(browser, "seal-number", (n) => /^330100-\d{4}-000002$/.test(n.trim()));
  await signOut(browser);

  await signIn(browser, CLERK);
  await click(browser, "nav-media");
  await click(browser, "medium-add");
  await type(browser, "media-path-input", medium);
  await type(browser, "media-label-input", "C1");
  await type(browser, "media-set-input", "C");
  await click(browser, "medium-add-ok");
  await waitForText(browser, "media-table", "C1");
  await byTestId(browser, "media-label-input").waitForExist({ reverse: true });
  await click(browser, "backup-C1");
  await confirmHealthIfAsked(browser);
  await waitForText(browser, "media-job-result", "写入 2 个登记包");
  await click(browser, "media-job-close");
  await click(browser, "verify-C1");
  await click(browser, "verify-start");
  await waitForText(browser, "verify-ok", "全部完好");
  await screenshot(browser, "centre-backup");
  // Workstation A sees the medium and what B sealed.
  const listed = JSON.parse(cli(stationA, ADMIN, "media", "list", "--json"));
  assert.ok(listed.some((m) => m.label === "C1"), JSON.stringify(listed));
  assert.equal(JSON.parse(cli(stationA, ADMIN, "list", "--json")).length, 2);
});
