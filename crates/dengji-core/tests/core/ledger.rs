use dengji_core::{CancelToken, NoProgress, Tamper};

use crate::support::{write, Fixture};

fn sealed_fixture() -> Fixture {
    let mut f = Fixture::new();
    let src = f.src("l");
    write(&src.join("1.txt"), b"one");
    write(&src.join("2.txt"), b"two");
    let r = f.intake("台账", &[src]);
    f.seal(r.id);
    assert!(f.archive.verify_ledger().unwrap().ok());
    f
}

fn tamper(f: &Fixture, sql: &str) {
    for (trigger, table) in [
        ("ledger_append_only_update", "ledger"),
        ("ledger_append_only_delete", "ledger"),
        ("items_sealed_no_update", "items"),
        ("registrations_sealed_no_update", "registrations"),
    ] {
        f.drop_trigger(trigger, table);
    }
    f.catalog().execute_batch(sql).unwrap();
}

fn first_problem(f: &Fixture) -> String {
    let report = f.archive.verify_ledger().unwrap();
    assert!(!report.ok(), "tampering went unnoticed");
    format!("{:?}", report.problems[0])
}

#[test]
fn edited_ledger_row_is_named() {
    let f = sealed_fixture();
    tamper(&f, "UPDATE ledger SET operator = 'mallory' WHERE seq = 3");
    assert!(first_problem(&f).contains("seq: Some(3)"));
}

#[test]
fn deleted_ledger_row_is_named() {
    let f = sealed_fixture();
    tamper(&f, "DELETE FROM ledger WHERE seq = 2");
    assert!(first_problem(&f).contains("seq: Some(2)"));
}

#[test]
fn reordered_ledger_rows_are_detected() {
    let f = sealed_fixture();
    tamper(
        &f,
        "UPDATE ledger SET seq = -1 WHERE seq = 2; UPDATE ledger SET seq = 2 WHERE seq = 3; UPDATE ledger SET seq = 3 WHERE seq = -1;",
    );
    assert!(first_problem(&f).contains("seq: Some(2)"));
}

#[test]
fn edited_payload_is_detected() {
    let f = sealed_fixture();
    tamper(&f, "UPDATE ledger SET payload = replace(payload, '台账', '伪造') WHERE action = 'registration.seal'");
    assert!(first_problem(&f).contains("内容摘要不符"));
}

#[test]
fn edited_sealed_item_is_detected_even_with_triggers_dropped() {
    let f = sealed_fixture();
    tamper(&f, "UPDATE items SET format = 'PDF' WHERE path = 'l/1.txt'");
    let p = first_problem(&f);
    assert!(p.contains("items_fingerprint"), "{p}");
}

#[test]
fn edited_sealed_digest_is_detected() {
    let f = sealed_fixture();
    tamper(&f, &format!("UPDATE items SET sha256 = '{}' WHERE path = 'l/2.txt'", "ab".repeat(32)));
    let p = first_problem(&f);
    assert!(p.contains("package_sha256"), "{p}");
}

#[test]
fn edited_unit_is_detected() {
    let f = sealed_fixture();
    tamper(&f, "UPDATE units SET name = '另一家公司' WHERE id = 1");
    assert!(first_problem(&f).contains("另一家公司"));
}

#[test]
fn vault_verify_names_changed_and_missing_objects() {
    let f = sealed_fixture();
    let reg = f.archive.registrations().unwrap().remove(0);
    let items = f.archive.items(reg.id).unwrap();
    f.archive.vault().tamper(&items[0].sha256, Tamper::Replace(b"flipped".to_vec())).unwrap();
    f.archive.vault().tamper(&items[1].sha256, Tamper::Remove).unwrap();
    let report = f.archive.verify_vault(&NoProgress, &CancelToken::new()).unwrap();
    assert_eq!(report.problems.len(), 2);
    let kinds: Vec<&str> = report.problems.iter().map(|p| p.kind).collect();
    assert!(kinds.contains(&"changed") && kinds.contains(&"missing"));
    assert!(report.problems.iter().all(|p| p.items[0].starts_with("330102-2026-000001 l/")));
}

#[test]
fn a_password_hash_or_roles_edited_in_the_catalog_are_detected() {
    let f = sealed_fixture();
    let db = f.catalog();
    let admin_hash: String = db.query_row("SELECT password_hash FROM users WHERE name = '管理员'", (), |r| r.get(0)).unwrap();
    db.execute("UPDATE users SET password_hash = ?1 WHERE name = '登记员'", [admin_hash]).unwrap();
    assert!(first_problem(&f).contains("密码哈希"));
    let f = sealed_fixture();
    f.catalog().execute("UPDATE users SET roles = 'admin,clerk' WHERE name = '登记员'", ()).unwrap();
    assert!(first_problem(&f).contains("登记员"));
}
