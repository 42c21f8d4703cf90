// Journey: a centre archive (catalog in PostgreSQL, vault in an S3-compatible bucket) at
// its second workstation. Workstation A is set up and a registration sealed there with the
// CLI; workstation B joins with `attach` and a data directory of its own, and the app on B
// shows the archive as a centre archive, its registrations and search as on any other.
// Needs the servers the test command starts (scripts/postgres.sh, scripts/seaweedfs.sh).
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import path from "node:path";
import { after, before, test } from "node:test";

import { byTestId, CLI, cli, initWithCli, intakeWithCli, launch, screenshot, sealWithCli, signIn, tempDir, waitForText, writeTree } from "./support.mjs";

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
const ADMIN = { name: "管理员", password: "管理员密码2025" };
const CLERK = { name: "登记员", password: "登记员密码2025" };
const REVIEWER = { name: "审核员", password: "审核员密码2025" };
let app;
let number;

before(async () => {
  if (!servers) return;
  execFileSync("psql", [`${process.env.DENGJI_TEST_PG_URL}/postgres`, "-qc", `CREATE DATABASE ${name}`]);
  const stores = ["--catalog", catalog, "--vault", vault, "--s3-endpoint", endpoint];
  initWithCli(stationA, { archive: "杭州市档案馆", region: "330100", admin: ADMIN, clerk: CLERK, reviewer: REVIEWER, stores });
  writeTree(source, { "技术转让合同.pdf": "%PDF-1.4 合同正文" });
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
