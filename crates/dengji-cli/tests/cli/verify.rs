//! `dengji ledger verify` and `dengji vault verify` against hand-made tampering.

use std::fs;
use std::os::unix::fs::PermissionsExt;

use predicates::prelude::*;

use crate::support::{items_by_path, stdout_of, write_file, Env, USCC_A, USCC_B};

/// An archive with two units, a sealed registration (#1) and a draft (#2).
struct Sealed {
    env: Env,
    number: String,
}

fn sealed_archive() -> Sealed {
    let env = Env::init();
    env.add_unit("杭州甲有限公司", USCC_A);
    env.add_unit("北京乙有限公司", USCC_B);
    write_file(env.work("src/a.txt"), "alpha\n");
    write_file(env.work("src/b.txt"), "bravo\n");
    write_file(env.work("src/文书/c.txt"), "charlie\n");
    assert_eq!(env.intake_new(USCC_A, "已封存的登记", &["src"])["id"], 1);
    let number = env.seal(1);
    write_file(env.work("draft/d.txt"), "delta\n");
    assert_eq!(env.intake_new(USCC_B, "草稿登记", &["draft"])["id"], 2);
    Sealed { env, number }
}

impl Sealed {
    fn seq_of(&self, action: &str, subject: &str) -> i64 {
        self.env
            .catalog()
            .query_row("SELECT seq FROM ledger WHERE action = ?1 AND subject = ?2 ORDER BY seq LIMIT 1", [action, subject], |r| r.get(0))
            .unwrap_or_else(|e| panic!("no ledger entry {action} {subject}: {e}"))
    }

    fn exec(&self, sql: &str) {
        self.env.catalog().execute_batch(sql).unwrap_or_else(|e| panic!("{sql}: {e}"));
    }

    /// `ledger verify` must fail with exit 1; returns its stdout.
    fn ledger_fails(&self) -> String {
        let a = self.env.as_clerk().args(["ledger", "verify"]).assert().code(1);
        let out = stdout_of(&a);
        assert!(!out.contains("台账完好"), "{out}");
        let json = self.env.as_clerk().args(["ledger", "verify", "--json"]).assert().code(1);
        let v: serde_json::Value = serde_json::from_str(&stdout_of(&json)).unwrap();
        assert_eq!(v["ok"], false);
        assert!(!v["problems"].as_array().unwrap().is_empty());
        out
    }

    fn object(&self, path: &str) -> (String, std::path::PathBuf) {
        let key = if path.starts_with("draft/") { "2" } else { "1" };
        let sha = items_by_path(&self.env.show(key))[path]["sha256"].as_str().unwrap().to_string();
        let file = self.env.data.join("vault/objects").join(&sha[..2]).join(&sha[2..]);
        assert!(file.is_file(), "{}", file.display());
        (sha, file)
    }
}

#[test]
fn intact_archive_verifies() {
    let s = sealed_archive();
    let a = s.env.as_clerk().args(["ledger", "verify"]).assert().code(0);
    let out = stdout_of(&a);
    let entries: i64 = s.env.catalog().query_row("SELECT COUNT(*) FROM ledger", [], |r| r.get(0)).unwrap();
    assert!(out.contains("台账完好") && out.contains(&format!("{entries} 条记录")), "{out}");
    let v = s.env.json(["ledger", "verify", "--json"]);
    assert_eq!(v["ok"], true);
    assert_eq!(v["entries"], entries);
    assert_eq!(v["checkpoint"]["size"], entries);
    assert_eq!(v["problems"], serde_json::json!([]));

    let a = s.env.as_clerk().args(["vault", "verify"]).assert().code(0);
    assert!(stdout_of(&a).contains("已核验 4 个对象"), "{}", stdout_of(&a));
    let v = s.env.json(["vault", "verify", "--json"]);
    assert_eq!(v["ok"], true);
    assert_eq!(v["objects"], 4);
    assert_eq!(v["problems"], serde_json::json!([]));
}

#[test]
fn triggers_refuse_direct_edits() {
    let s = sealed_archive();
    let db = s.env.catalog();
    let refused = |sql: &str, why: &str| {
        let err = db.execute(sql, []).expect_err(sql).to_string();
        assert!(err.contains(why), "{sql}: {err}");
    };
    let zeros = "0".repeat(64);
    refused(&format!("UPDATE items SET sha256 = '{zeros}' WHERE registration_id = 1"), "sealed registration is immutable");
    refused("UPDATE items SET path = 'src/x.txt' WHERE path = 'src/a.txt'", "sealed registration is immutable");
    refused("DELETE FROM items WHERE registration_id = 1", "sealed registration is immutable");
    refused(
        &format!(
            "INSERT INTO items (registration_id, path_raw, path, size, sha256, sm3, format, added_at)
             VALUES (1, X'7372632F782E747874', 'src/x.txt', 0, '{zeros}', '{zeros}', 'EMPTY', '2026-01-01T00:00:00Z')"
        ),
        "sealed registration is immutable",
    );
    refused("UPDATE registrations SET title = '改过的题名' WHERE id = 1", "sealed registration is immutable");
    refused("DELETE FROM registrations WHERE id = 1", "sealed registration is immutable");
    refused("UPDATE ledger SET operator = '冒名者' WHERE seq = 2", "append-only");
    refused("DELETE FROM ledger WHERE seq = 2", "append-only");
    refused("DELETE FROM ledger", "append-only");
    drop(db);
    s.env.as_clerk().args(["ledger", "verify"]).assert().code(0);
    assert_eq!(s.env.show(&s.number)["files"], 3);
}

/// (a) one item's SHA-256 of a sealed registration changed behind the triggers' back.
#[test]
fn changed_item_digest_is_found() {
    let s = sealed_archive();
    let seal_seq = s.seq_of("registration.seal", "registration:1");
    let other = "ab".repeat(32);
    s.exec(&format!(
        "DROP TRIGGER items_sealed_no_update;
         UPDATE items SET sha256 = '{other}' WHERE path = 'src/b.txt';"
    ));
    let out = s.ledger_fails();
    assert!(out.contains(&format!("台账第 {seal_seq} 条（registration:1）")), "{out}");
    assert!(out.contains(&s.number) && out.contains("封存后被改动"), "{out}");
    assert!(out.contains("package_sha256") && out.contains("items_fingerprint"), "{out}");
    // The catalog now names an object the vault does not hold.
    let a = s.env.as_clerk().args(["vault", "verify"]).assert().code(1);
    assert!(stdout_of(&a).contains(&other), "{}", stdout_of(&a));
}

/// A change to a sealed item column outside the package manifest is caught by the fingerprint.
#[test]
fn changed_item_format_is_found() {
    let s = sealed_archive();
    s.exec(
        "DROP TRIGGER items_sealed_no_update;
         UPDATE items SET format = 'PDF' WHERE path = 'src/a.txt';",
    );
    let out = s.ledger_fails();
    assert!(out.contains(&s.number) && out.contains("items_fingerprint"), "{out}");
}

/// A sealed registration's own row edited.
#[test]
fn changed_sealed_title_is_found() {
    let s = sealed_archive();
    s.exec(
        "DROP TRIGGER registrations_sealed_no_update;
         UPDATE registrations SET title = '改过的题名' WHERE id = 1;",
    );
    let out = s.ledger_fails();
    assert!(out.contains(&s.number) && out.contains("title"), "{out}");
}

/// (b) a ledger row's operator changed.
#[test]
fn changed_operator_is_found() {
    let s = sealed_archive();
    let seq = s.seq_of("unit.add", "unit:2");
    s.exec(&format!(
        "DROP TRIGGER ledger_append_only_update;
         UPDATE ledger SET operator = '冒名者' WHERE seq = {seq};"
    ));
    let out = s.ledger_fails();
    assert!(out.contains(&format!("台账第 {seq} 条")) && out.contains("记录哈希不符"), "{out}");
    let v = s.env.as_clerk().args(["ledger", "verify", "--json"]).assert().code(1);
    let v: serde_json::Value = serde_json::from_str(&stdout_of(&v)).unwrap();
    assert_eq!(v["problems"][0]["seq"], seq);
}

/// (c) a ledger row deleted from the middle of the chain.
#[test]
fn deleted_ledger_row_is_found() {
    let s = sealed_archive();
    let seq = s.seq_of("registration.create", "registration:1");
    s.exec(&format!(
        "DROP TRIGGER ledger_append_only_delete;
         DELETE FROM ledger WHERE seq = {seq};"
    ));
    let out = s.ledger_fails();
    assert!(out.contains(&format!("台账第 {seq} 条")) && out.contains("序号不连续"), "{out}");
}

/// (c') the seal entry itself deleted (the last rows of the chain, so the sequence stays gapless).
#[test]
fn deleted_seal_entry_is_found() {
    let s = sealed_archive();
    let seq = s.seq_of("registration.seal", "registration:1");
    s.exec(&format!(
        "DROP TRIGGER ledger_append_only_delete;
         DELETE FROM ledger WHERE seq >= {seq};"
    ));
    let out = s.ledger_fails();
    assert!(out.contains(&s.number) && out.contains("没有封存记录"), "{out}");
    assert!(out.contains("registration:1"), "{out}");
}

/// (d) the payloads of two ledger rows swapped.
#[test]
fn swapped_payloads_are_found() {
    let s = sealed_archive();
    let (a, b) = (s.seq_of("unit.add", "unit:1"), s.seq_of("unit.add", "unit:2"));
    assert!(a < b);
    s.exec(&format!(
        "DROP TRIGGER ledger_append_only_update;
         UPDATE ledger SET payload = CASE seq WHEN {a} THEN (SELECT payload FROM ledger WHERE seq = {b})
                                              ELSE (SELECT payload FROM ledger WHERE seq = {a}) END
         WHERE seq IN ({a}, {b});"
    ));
    let out = s.ledger_fails();
    assert!(out.contains(&format!("台账第 {a} 条")) && out.contains("内容摘要不符"), "{out}");
}

/// (d') two whole rows swapped, digests and all (a reordering).
#[test]
fn swapped_rows_are_found() {
    let s = sealed_archive();
    let (a, b) = (s.seq_of("unit.add", "unit:1"), s.seq_of("unit.add", "unit:2"));
    let cols = ["at", "operator", "action", "subject", "payload", "payload_sha256", "prev_hash", "entry_hash"];
    let set: Vec<String> = cols
        .iter()
        .map(|c| {
            format!(
                "{c} = CASE seq WHEN {a} THEN (SELECT {c} FROM ledger WHERE seq = {b}) ELSE (SELECT {c} FROM ledger WHERE seq = {a}) END"
            )
        })
        .collect();
    s.exec(&format!(
        "DROP TRIGGER ledger_append_only_update;
         UPDATE ledger SET {} WHERE seq IN ({a}, {b});",
        set.join(", ")
    ));
    let out = s.ledger_fails();
    assert!(out.contains(&format!("台账第 {a} 条")), "{out}");
}

/// (e) a unit's name edited in the catalog.
#[test]
fn edited_unit_is_found() {
    let s = sealed_archive();
    let seq = s.seq_of("unit.add", "unit:2");
    s.exec("UPDATE units SET name = '伪造有限公司' WHERE id = 2;");
    let out = s.ledger_fails();
    assert!(out.contains("伪造有限公司") && out.contains("与台账记录不符"), "{out}");
    assert!(out.contains(&format!("台账第 {seq} 条（unit:2）")), "{out}");
}

/// A unit's code edited: the unit check and the seal check both notice.
#[test]
fn edited_unit_code_is_found() {
    let s = sealed_archive();
    s.exec("UPDATE units SET uscc = '913300007042019048' WHERE id = 1;");
    let out = s.ledger_fails();
    assert!(out.contains("（unit:1）") && out.contains("与台账记录不符"), "{out}");
    assert!(out.contains(&s.number) && out.contains("unit_uscc"), "{out}");
}

/// A unit inserted without a ledger entry.
#[test]
fn unit_without_ledger_entry_is_found() {
    let s = sealed_archive();
    s.exec(
        "INSERT INTO units (name, kind, uscc, domain, created_at) VALUES ('影子公司', 'enterprise', NULL, NULL, '2026-01-01T00:00:00Z');",
    );
    let out = s.ledger_fails();
    assert!(out.contains("影子公司") && out.contains("没有对应的台账记录"), "{out}");
}

#[test]
fn overwritten_vault_object_is_found() {
    let s = sealed_archive();
    let (sha, file) = s.object("src/b.txt");
    fs::set_permissions(&file, fs::Permissions::from_mode(0o644)).unwrap();
    fs::write(&file, "BRAVO\n").unwrap(); // same size, other bytes
    let a = s.env.as_clerk().args(["vault", "verify"]).assert().code(1);
    let out = stdout_of(&a);
    assert!(out.contains(&sha) && out.contains("内容已改变"), "{out}");
    assert!(out.contains(&format!("{} src/b.txt", s.number)), "{out}");
    assert!(out.contains("1 个有问题"), "{out}");

    let v = s.env.as_clerk().args(["vault", "verify", "--json"]).assert().code(1);
    let v: serde_json::Value = serde_json::from_str(&stdout_of(&v)).unwrap();
    assert_eq!(v["ok"], false);
    assert_eq!(v["problems"].as_array().unwrap().len(), 1);
    assert_eq!(v["problems"][0]["sha256"], sha.as_str());
    assert_eq!(v["problems"][0]["kind"], "changed");
    assert_eq!(v["problems"][0]["items"], serde_json::json!([format!("{} src/b.txt", s.number)]));
    // The catalog itself is untouched.
    s.env.as_clerk().args(["ledger", "verify"]).assert().code(0);
}

#[test]
fn appended_bytes_are_found() {
    let s = sealed_archive();
    let (sha, file) = s.object("src/文书/c.txt");
    fs::set_permissions(&file, fs::Permissions::from_mode(0o644)).unwrap();
    fs::write(&file, "charlie\nand more\n").unwrap();
    s.env
        .as_clerk()
        .args(["vault", "verify"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains(&sha).and(predicate::str::contains("src/文书/c.txt")));
}

#[test]
fn deleted_vault_object_is_found() {
    let s = sealed_archive();
    let (sha_sealed, file) = s.object("src/a.txt");
    fs::remove_file(&file).unwrap();
    let (sha_draft, file) = s.object("draft/d.txt");
    fs::remove_file(&file).unwrap();
    let a = s.env.as_clerk().args(["vault", "verify"]).assert().code(1);
    let out = stdout_of(&a);
    assert!(out.contains(&sha_sealed) && out.contains(&format!("{} src/a.txt", s.number)), "{out}");
    assert!(out.contains(&sha_draft) && out.contains("草稿 #2 draft/d.txt"), "{out}");
    assert!(out.contains("缺失") && out.contains("2 个有问题"), "{out}");

    let v = s.env.as_clerk().args(["vault", "verify", "--json"]).assert().code(1);
    let v: serde_json::Value = serde_json::from_str(&stdout_of(&v)).unwrap();
    let kinds: Vec<&str> = v["problems"].as_array().unwrap().iter().map(|p| p["kind"].as_str().unwrap()).collect();
    assert_eq!(kinds, ["missing", "missing"]);
    // A draft whose object is gone cannot be sealed.
    s.env
        .as_reviewer()
        .args(["seal", "2"])
        .assert()
        .failure()
        .stderr(predicate::str::contains(&sha_draft).and(predicate::str::contains("dengji vault verify")));
}
