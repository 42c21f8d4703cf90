//! Helpers shared by the CLI integration tests: one temporary data directory per test,
//! a `dengji` command bound to it, and small wrappers for the common steps.

use std::fs;
use std::path::{Path, PathBuf};
use std::time::Duration;

use assert_cmd::Command;
use chrono::Datelike;
use serde_json::Value;
use tempfile::TempDir;

/// Valid codes (GB 32100 check character correct).
pub const USCC_A: &str = "91330000MA27U0TT7T";
pub const USCC_B: &str = "91110000802100433B";
pub const USCC_C: &str = "913300007042019048";
/// `USCC_B` with a wrong check character (expected `B`).
pub const USCC_WRONG_CHECK: &str = "91110000802100433C";
/// A pilot-era code whose check character does not follow the standard.
pub const USCC_PILOT: &str = "91350100M0001TGQXM";

pub const REGION: &str = "330102";
/// The accounts of `Env::init`: the first admin, a clerk and a reviewer.
pub const ADMIN: &str = "管理员";
pub const CLERK: &str = "登记员";
pub const REVIEWER: &str = "审核员";
/// Every test account's password.
pub const PASSWORD: &str = "测试密码123456";
/// The archive key's passphrase in every test archive.
pub const KEY_PASSPHRASE: &str = "测试档案馆机构密钥口令";

/// Generous, so a loaded machine never fails a test, but a hang (e.g. opening a FIFO)
/// still ends.
const TIMEOUT: Duration = Duration::from_secs(180);

/// A `dengji` command bound to `data_dir`, isolated from the caller's environment.
pub fn dengji(data_dir: &Path) -> Command {
    let mut cmd = bare_dengji();
    cmd.arg("--data-dir").arg(data_dir);
    cmd
}

/// A `dengji` command with the test environment but no data directory chosen and no
/// one signed in (the caller's DENGJI_* variables removed).
pub fn bare_dengji() -> Command {
    let mut cmd = assert_cmd::cargo::cargo_bin_cmd!("dengji");
    for key in
        ["DENGJI_DATA_DIR", "DENGJI_USER", "DENGJI_PASSWORD", "DENGJI_NEW_PASSWORD", "DENGJI_KEY_PASSPHRASE", "DENGJI_NEW_KEY_PASSPHRASE"]
    {
        cmd.env_remove(key);
    }
    cmd.timeout(TIMEOUT);
    cmd
}

/// Signs `cmd` in as `user` with the test password.
pub fn signed_in(mut cmd: Command, user: &str) -> Command {
    cmd.env("DENGJI_USER", user).env("DENGJI_PASSWORD", PASSWORD);
    cmd
}

/// The S3-compatible cluster the test command started (`scripts/dev.sh test`): its
/// endpoint and a bucket. None under a plain `cargo test` with no cluster, unless the
/// test command says the servers must be there (`DENGJI_TEST_SERVERS=required`).
pub fn s3_cluster() -> Option<(String, String)> {
    match (std::env::var("DENGJI_TEST_S3_ENDPOINT"), std::env::var("DENGJI_TEST_S3_BUCKET")) {
        (Ok(endpoint), Ok(bucket)) => Some((endpoint, bucket)),
        _ if std::env::var("DENGJI_TEST_SERVERS").as_deref() == Ok("required") => {
            panic!("the test command must start the S3-compatible cluster (DENGJI_TEST_S3_ENDPOINT, DENGJI_TEST_S3_BUCKET)")
        }
        _ => {
            eprintln!("no S3-compatible cluster running: this test needs `scripts/dev.sh test`");
            None
        }
    }
}

/// `init` of a centre archive (市档案馆, no key) with `options` naming its stores.
pub fn init_cmd(env: &Env, options: &[&str]) -> assert_cmd::Command {
    let mut cmd = env.cmd();
    cmd.env("DENGJI_NEW_PASSWORD", PASSWORD)
        .args(["init", "--archive-name", "市档案馆", "--region", REGION, "--admin", ADMIN, "--no-key"])
        .args(options);
    cmd
}

/// A prefix of its own for each test, under the cluster's bucket.
pub fn vault_url(env: &Env, bucket: &str) -> String {
    format!("s3://{bucket}/{}", env.root().file_name().unwrap().to_string_lossy().trim_start_matches('.'))
}

/// The throwaway PostgreSQL server the test command starts: a new, empty database on it
/// for the caller, as a URL without a password (the superuser needs none there).
pub fn pg_database(env: &Env) -> Option<String> {
    let server = match std::env::var("DENGJI_TEST_PG_URL") {
        Ok(url) => url,
        Err(_) if std::env::var("DENGJI_TEST_SERVERS").as_deref() == Ok("required") => {
            panic!("the test command must start the PostgreSQL server (DENGJI_TEST_PG_URL)")
        }
        Err(_) => {
            eprintln!("no PostgreSQL server running: this test needs `scripts/dev.sh test`");
            return None;
        }
    };
    let name =
        format!("c{}", env.root().file_name().unwrap().to_string_lossy().to_lowercase()).replace(|c: char| !c.is_ascii_alphanumeric(), "_");
    let mut admin = postgres::Client::connect(&format!("{server}/postgres"), postgres::NoTls).expect("the test server answers");
    admin.batch_execute(&format!("CREATE DATABASE {name}")).expect("create a database");
    Some(format!("{server}/{name}"))
}

/// One test's world: `<tmp>/data` is the data directory, `<tmp>/work` the current
/// directory and the place where source files are made.
pub struct Env {
    tmp: TempDir,
    pub data: PathBuf,
}

impl Env {
    /// A fresh, uninitialised data directory (not yet created).
    pub fn new() -> Env {
        let tmp = tempfile::Builder::new().prefix("dengji-cli-test").tempdir().expect("temp dir");
        fs::create_dir(tmp.path().join("work")).expect("work dir");
        let data = tmp.path().join("data");
        Env { tmp, data }
    }

    /// A data directory initialised as an archive of region 330102, with the admin
    /// `ADMIN`, the clerk `CLERK` and the reviewer `REVIEWER`.
    pub fn init() -> Env {
        Env::init_with(&[])
    }

    /// `init` with more options (e.g. a vault in a bucket), then the same accounts.
    pub fn init_with(options: &[&str]) -> Env {
        Env::init_as("测试档案馆", REGION, options)
    }

    /// `init_with` for the archive `name` of region `region` (another archive than the
    /// test's own).
    pub fn init_as(name: &str, region: &str, options: &[&str]) -> Env {
        let env = Env::new();
        env.cmd()
            .env("DENGJI_NEW_PASSWORD", PASSWORD)
            .args(["init", "--archive-name", name, "--region", region, "--admin", ADMIN])
            .args(options)
            .assert()
            .success();
        env.add_user(CLERK, &["clerk"]);
        env.add_user(REVIEWER, &["reviewer"]);
        env
    }

    /// The admin adds an account with the test password.
    pub fn add_user(&self, name: &str, roles: &[&str]) {
        let mut cmd = self.as_admin();
        cmd.env("DENGJI_NEW_PASSWORD", PASSWORD).args(["user", "add", name]);
        for r in roles {
            cmd.args(["--role", r]);
        }
        cmd.assert().success();
    }

    /// The temporary root (parent of `data` and `work`).
    pub fn root(&self) -> &Path {
        self.tmp.path()
    }

    /// A path under the work directory.
    pub fn work(&self, rel: &str) -> PathBuf {
        self.tmp.path().join("work").join(rel)
    }

    /// `dengji --data-dir <data>` run from the work directory, no one signed in.
    pub fn cmd(&self) -> Command {
        let mut cmd = dengji(&self.data);
        cmd.current_dir(self.work(""))
            // Keep the platform default data dir inside the sandbox too.
            .env("HOME", self.tmp.path())
            .env("XDG_DATA_HOME", self.tmp.path().join("xdg"))
            .env("DENGJI_KEY_PASSPHRASE", KEY_PASSPHRASE);
        cmd
    }

    /// `[prefix…] dengji --data-dir DATA ARGS` signed in as `user`, as a plain process (one
    /// that can be spawned and killed, or run under a wrapper such as `setpriv`).
    pub fn process(&self, prefix: &[&str], data: &Path, user: &str, args: &[&str]) -> std::process::Command {
        let bin = env!("CARGO_BIN_EXE_dengji");
        let mut cmd = match prefix.split_first() {
            Some((program, rest)) => {
                let mut c = std::process::Command::new(program);
                c.args(rest).arg(bin);
                c
            }
            None => std::process::Command::new(bin),
        };
        cmd.arg("--data-dir").arg(data).args(args).current_dir(self.work(""));
        for key in ["DENGJI_DATA_DIR", "DENGJI_NEW_PASSWORD"] {
            cmd.env_remove(key);
        }
        cmd.env("HOME", self.tmp.path())
            .env("XDG_DATA_HOME", self.tmp.path().join("xdg"))
            .env("DENGJI_USER", user)
            .env("DENGJI_PASSWORD", PASSWORD)
            .env("DENGJI_KEY_PASSPHRASE", KEY_PASSPHRASE)
            .stdin(std::process::Stdio::null());
        cmd
    }

    /// `cmd()` signed in as `user` (with the test password).
    pub fn as_user(&self, user: &str) -> Command {
        signed_in(self.cmd(), user)
    }

    pub fn as_admin(&self) -> Command {
        self.as_user(ADMIN)
    }

    pub fn as_clerk(&self) -> Command {
        self.as_user(CLERK)
    }

    pub fn as_reviewer(&self) -> Command {
        self.as_user(REVIEWER)
    }

    /// Runs a command as the clerk (who does the day's work: units, intake, drafts,
    /// and any reading); it must succeed; returns its stdout.
    pub fn ok<I, S>(&self, args: I) -> String
    where
        I: IntoIterator<Item = S>,
        S: AsRef<std::ffi::OsStr>,
    {
        self.ok_as(CLERK, args)
    }

    /// Runs a command as `user`; it must succeed; returns its stdout.
    pub fn ok_as<I, S>(&self, user: &str, args: I) -> String
    where
        I: IntoIterator<Item = S>,
        S: AsRef<std::ffi::OsStr>,
    {
        stdout_of(&self.as_user(user).args(args).assert().success())
    }

    /// Runs a command as the clerk that must succeed and print JSON; returns the parsed JSON.
    pub fn json<I, S>(&self, args: I) -> Value
    where
        I: IntoIterator<Item = S>,
        S: AsRef<std::ffi::OsStr>,
    {
        self.json_as(CLERK, args)
    }

    /// Like `json`, as `user`.
    pub fn json_as<I, S>(&self, user: &str, args: I) -> Value
    where
        I: IntoIterator<Item = S>,
        S: AsRef<std::ffi::OsStr>,
    {
        let out = self.ok_as(user, args);
        serde_json::from_str(&out).unwrap_or_else(|e| panic!("not JSON ({e}):\n{out}"))
    }

    /// Adds an enterprise unit; returns its id.
    pub fn add_unit(&self, name: &str, uscc: &str) -> i64 {
        let out = self.ok(["unit", "add", "--name", name, "--kind", "enterprise", "--uscc", uscc]);
        out.trim().parse().unwrap_or_else(|_| panic!("unit add printed {out:?}"))
    }

    /// Takes `paths` (relative to the work dir) into a new draft; returns the `--json` report.
    pub fn intake_new(&self, unit: &str, title: &str, paths: &[&str]) -> Value {
        let mut args = vec!["intake", "--unit", unit, "--title", title, "--json", "--"];
        args.extend_from_slice(paths);
        self.json(args)
    }

    /// Intake into a new draft of the unit `USCC_A` (added when missing); returns the
    /// `--json` report.
    pub fn intake_new_unit(&self, paths: &[&str]) -> Value {
        if self.json(["unit", "list", "--json"]).as_array().is_none_or(|a| a.is_empty()) {
            self.add_unit("杭州测试有限公司", USCC_A);
        }
        self.intake_new(USCC_A, "测试登记", paths)
    }

    /// Like `intake_new_unit`; returns the draft id.
    pub fn draft_of(&self, paths: &[&str]) -> i64 {
        self.intake_new_unit(paths)["id"].as_i64().expect("draft id")
    }

    /// The reviewer accepts every error finding of a draft's check (test files are no real
    /// hand-over: no titles, made-up formats).
    pub fn accept_errors(&self, draft: &str) {
        self.ok_as(REVIEWER, ["check", "accept", draft, "--all", "--reason", "测试数据"]);
    }

    /// The reviewer seals a draft, accepting its check's errors first; returns the
    /// registration number printed.
    pub fn seal(&self, draft: i64) -> String {
        self.accept_errors(&draft.to_string());
        self.ok_as(REVIEWER, ["seal", &draft.to_string()]).trim().to_string()
    }

    /// `show KEY --json`.
    pub fn show(&self, key: &str) -> Value {
        self.json(["show", key, "--json"])
    }

    /// The catalog, opened directly (for tampering).
    pub fn catalog(&self) -> rusqlite::Connection {
        rusqlite::Connection::open(self.data.join("catalog.sqlite")).expect("open catalog")
    }
}

pub fn stdout_of(a: &assert_cmd::assert::Assert) -> String {
    String::from_utf8(a.get_output().stdout.clone()).expect("stdout is UTF-8")
}

pub fn stderr_of(a: &assert_cmd::assert::Assert) -> String {
    String::from_utf8(a.get_output().stderr.clone()).expect("stderr is UTF-8")
}

/// Writes a file, creating its parent directories.
pub fn write_file(path: impl AsRef<Path>, contents: impl AsRef<[u8]>) {
    let path = path.as_ref();
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).expect("create parent");
    }
    fs::write(path, contents).unwrap_or_else(|e| panic!("write {}: {e}", path.display()));
}

/// The year in China Standard Time (UTC+8), which registration numbers follow.
pub fn year_cst() -> i32 {
    chrono::Utc::now().with_timezone(&chrono::FixedOffset::east_opt(8 * 3600).unwrap()).year()
}

/// The first whitespace-separated token of a tool's stdout.
fn first_token(tool: &str, args: &[&std::ffi::OsStr]) -> String {
    let out = std::process::Command::new(tool).args(args).output().unwrap_or_else(|e| panic!("run {tool}: {e}"));
    assert!(out.status.success(), "{tool} failed: {}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8(out.stdout).expect("UTF-8");
    text.split_whitespace().next().unwrap_or_default().trim_start_matches('\\').to_string()
}

/// SHA-256 of a file as the system `sha256sum` computes it.
pub fn sha256sum(path: &Path) -> String {
    first_token("sha256sum", &[path.as_os_str()])
}

/// SM3 of a file as `openssl dgst -sm3` computes it.
pub fn sm3sum(path: &Path) -> String {
    first_token("openssl", &["dgst".as_ref(), "-sm3".as_ref(), "-r".as_ref(), path.as_os_str()])
}

/// SHA-256 and SM3 of bytes (through the same tools, fed on stdin).
pub fn digests_of_bytes(bytes: &[u8]) -> (String, String) {
    let dir = tempfile::tempdir().expect("temp dir");
    let p = dir.path().join("bytes");
    fs::write(&p, bytes).expect("write");
    (sha256sum(&p), sm3sum(&p))
}

/// The items of a `show --json`, by path.
pub fn items_by_path(shown: &Value) -> std::collections::BTreeMap<String, Value> {
    shown["items"].as_array().expect("items array").iter().map(|i| (i["path"].as_str().expect("path").to_string(), i.clone())).collect()
}

/// The findings of a draft (`draft findings --json`).
pub fn findings(env: &Env, draft: i64) -> Vec<Value> {
    env.json(["draft", "findings", &draft.to_string(), "--json"]).as_array().expect("findings array").clone()
}

/// `openssl pkeyutl -verify` (SM2, SM3, the standard user ID) of `sig` over `file` with the
/// certificate `cert`, paths relative to `dir`.
pub fn openssl_verifies(dir: &Path, cert: &str, file: &str, sig: &str) -> bool {
    std::process::Command::new("openssl")
        .args(["pkeyutl", "-verify", "-rawin", "-digest", "sm3", "-pkeyopt", "distid:1234567812345678", "-certin", "-inkey", cert])
        .args(["-in", file, "-sigfile", sig])
        .current_dir(dir)
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false)
}
