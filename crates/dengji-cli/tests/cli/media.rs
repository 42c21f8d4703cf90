//! `dengji media add|list|verify` and `dengji backup`: BagIt bags on a medium, verified.

use std::fs;
use std::process::Command;

use predicates::prelude::*;

use crate::support::{stdout_of, write_file, Env, REVIEWER};

/// A registered medium `A1` (set A) at `<root>/介质A1`; returns its path as text.
pub fn medium(env: &Env) -> String {
    let root = env.root().join("介质A1");
    fs::create_dir_all(&root).unwrap();
    let path = root.to_str().unwrap().to_string();
    env.ok(["media", "add", &path, "--label", "A1", "--set", "A", "--kind", "usb", "--location", "档案室"]);
    path
}

#[test]
fn backup_writes_bags_that_sha256sum_and_bagit_validate_and_only_new_ones_next_time() {
    let env = Env::init();
    let path = medium(&env);
    write_file(env.work("src/文书 一/第一页.txt"), "第一页");
    write_file(env.work("src/扫描.bin"), vec![9u8; 100_000]);
    let first = env.seal(env.draft_of(&["src"]));

    // Backing up is a clerk's job.
    env.as_reviewer().args(["backup", "--ignore-health", &path]).assert().code(2).stderr(predicate::str::contains("无权"));
    let report = env.json(["backup", "--ignore-health", &path, "--json"]);
    assert_eq!(report["written"], serde_json::json!([first]));
    assert_eq!(report["files"], 2);
    let bag = env.root().join("介质A1/bags").join(&first);
    let out = Command::new("sha256sum").args(["-c", "manifest-sha256.txt"]).current_dir(&bag).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stdout));
    let out = Command::new("python3").args(["-m", "bagit", "--validate"]).arg(&bag).output().unwrap();
    assert!(out.status.success(), "bagit.py: {}", String::from_utf8_lossy(&out.stderr));

    write_file(env.work("src2/二.txt"), "二");
    let second = env.seal(env.draft_of(&["src2"]));
    let out = env.ok(["backup", "--ignore-health", &path]);
    assert_eq!(out.trim(), second, "only the new registration is written");

    let list = env.json(["media", "list", "--json"]);
    let m = &list[0];
    assert_eq!((m["label"].as_str(), m["set"].as_str(), m["kind"].as_str()), (Some("A1"), Some("A"), Some("usb")));
    assert_eq!(m["location"], "档案室");
    assert_eq!(m["registrations"], 2);
    assert_eq!(m["bytes_used"], 100_000 + "第一页".len() + "二".len());
    assert!(m["free_bytes"].as_i64().is_some());
    assert!(m["last_verified_at"].is_null());
    env.as_clerk()
        .args(["media", "list"])
        .assert()
        .success()
        .stdout(predicate::str::contains("A1").and(predicate::str::contains("从未核验")));

    env.ok(["media", "verify", &path]);
    let list = env.json(["media", "list", "--json"]);
    assert_eq!(list[0]["last_result"], "ok");
    let audit = env.json(["audit", "--action", "medium.", "--json"]);
    // Beside the confirmations that the drive's unknown health was to be ignored.
    let kept = audit.as_array().unwrap().iter().filter(|e| e["action"] != "medium.health_confirmed").count();
    assert_eq!(kept, 4, "add, two backups, verify");
    env.ok(["ledger", "verify"]);
    assert!(env.root().join("介质A1/catalog/catalog.sqlite").is_file());
}

#[test]
fn media_verify_names_every_damaged_file_and_exits_1() {
    let env = Env::init();
    let path = medium(&env);
    write_file(env.work("src/一.bin"), vec![1u8; 5000]);
    write_file(env.work("src/二.bin"), vec![2u8; 5000]);
    write_file(env.work("src/三 %.txt"), "三");
    let number = env.seal(env.draft_of(&["src"]));
    env.ok(["backup", "--ignore-health", &path]);
    env.as_clerk().args(["media", "verify", &path, "--sample", "50"]).assert().success().stdout(predicate::str::contains("抽查 1/1"));

    let data = env.root().join("介质A1/bags").join(&number).join("data/src");
    let mut bytes = fs::read(data.join("一.bin")).unwrap();
    bytes[100] ^= 0x80;
    fs::write(data.join("一.bin"), bytes).unwrap();
    fs::write(data.join("二.bin"), vec![2u8; 10]).unwrap();
    fs::remove_file(data.join("三 %.txt")).unwrap();
    fs::write(data.join("多余.txt"), "x").unwrap();

    let a = env.as_clerk().args(["media", "verify", &path]).assert().code(1);
    let out = stdout_of(&a);
    for line in [
        format!("内容已改变 {number}/data/src/一.bin"),
        format!("内容已改变 {number}/data/src/二.bin"),
        format!("缺失 {number}/data/src/三 %.txt"),
        format!("多出 {number}/data/src/多余.txt"),
    ] {
        assert!(out.contains(&line), "{line} not in\n{out}");
    }
    let a = env.as_clerk().args(["media", "verify", &path, "--json"]).assert().code(1);
    let report: serde_json::Value = serde_json::from_str(&stdout_of(&a)).unwrap();
    assert_eq!(report["ok"], false);
    assert_eq!(report["report"]["problems"].as_array().unwrap().len(), 4);
    assert_eq!(env.json(["media", "list", "--json"])[0]["last_result"], "problems");
    env.as_clerk().args(["media", "verify", &path, "--sample", "0"]).assert().code(2);
    env.as_user(REVIEWER).args(["media", "verify", &path]).assert().code(2);
}

#[test]
fn a_medium_of_another_archive_or_an_unregistered_one_is_refused() {
    let env = Env::init();
    let path = medium(&env);
    env.as_clerk()
        .args(["media", "add", &path, "--label", "A2", "--set", "A"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("已登记为 “A1”"));
    let other = Env::init();
    other
        .as_clerk()
        .args(["media", "add", &path, "--label", "外来", "--set", "A"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("属于另一个档案库"));
    other.as_clerk().args(["backup", "--ignore-health", &path]).assert().code(2).stderr(predicate::str::contains("属于另一个档案库"));
    let blank = env.root().join("空白盘");
    fs::create_dir_all(&blank).unwrap();
    env.as_clerk()
        .args(["backup", "--ignore-health", blank.to_str().unwrap()])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("不是本档案库已登记的备份介质"));
    env.as_clerk().args(["media", "add", &path, "--label", "A3", "--set", "A", "--kind", "floppy"]).assert().code(2);
}

#[test]
fn media_repair_rewrites_and_quarantines_then_verifies_clean() {
    let env = Env::init();
    let path = medium(&env);
    write_file(env.work("src/一.bin"), vec![1u8; 5000]);
    write_file(env.work("src/二.bin"), vec![2u8; 5000]);
    write_file(env.work("src/三.txt"), "三");
    let number = env.seal(env.draft_of(&["src"]));
    env.ok(["backup", "--ignore-health", &path]);
    let data = env.root().join("介质A1/bags").join(&number).join("data/src");
    let mut bytes = fs::read(data.join("一.bin")).unwrap();
    bytes[100] ^= 0x80;
    fs::write(data.join("一.bin"), bytes).unwrap();
    fs::write(data.join("二.bin"), vec![2u8; 10]).unwrap();
    fs::remove_file(data.join("三.txt")).unwrap();
    fs::write(data.join("多余.txt"), "x").unwrap();

    env.as_user(REVIEWER).args(["media", "repair", &path]).assert().code(2).stderr(predicate::str::contains("无权"));
    let out = env.ok(["media", "repair", &path]);
    for line in [
        format!("已重写 {number}/data/src/一.bin"),
        format!("已重写 {number}/data/src/二.bin"),
        format!("已重写 {number}/data/src/三.txt"),
        format!("已隔离 bags/{number}/data/src/多余.txt"),
        "复核全部完好".to_string(),
    ] {
        assert!(out.contains(&line), "{line} not in\n{out}");
    }
    assert_eq!(fs::read(data.join("一.bin")).unwrap(), vec![1u8; 5000]);
    let quarantined = find(&env.root().join("介质A1/quarantine"), "多余.txt");
    assert!(quarantined.to_string_lossy().contains(&format!("bags/{number}/data/src/多余.txt")), "{quarantined:?}");
    env.ok(["media", "verify", &path]);
    assert_eq!(env.json(["audit", "--action", "medium.repair", "--json"]).as_array().unwrap().len(), 1);

    // With --from, from a second medium even when the vault object is damaged.
    let b1 = env.root().join("介质B1");
    fs::create_dir_all(&b1).unwrap();
    let b1 = b1.to_str().unwrap().to_string();
    env.ok(["media", "add", &b1, "--label", "B1", "--set", "B"]);
    env.ok(["backup", "--ignore-health", &b1]);
    let sha = crate::support::sha256sum(&data.join("一.bin"));
    let object = env.data.join("vault/objects").join(&sha[..2]).join(&sha[2..]);
    let mut perms = fs::metadata(&object).unwrap().permissions();
    #[allow(clippy::permissions_set_readonly_false)]
    perms.set_readonly(false);
    fs::set_permissions(&object, perms).unwrap();
    fs::write(&object, vec![0u8; 5000]).unwrap();
    fs::remove_file(data.join("一.bin")).unwrap();
    env.as_clerk().args(["media", "repair", &path]).assert().code(1).stdout(predicate::str::contains("未能修复"));
    let report = env.json(["media", "repair", &path, "--from", &b1, "--json"]);
    assert_eq!(report["ok"], true, "{report}");
    assert_eq!(fs::read(data.join("一.bin")).unwrap(), vec![1u8; 5000]);
}

/// The first file named `name` under `dir`.
fn find(dir: &std::path::Path, name: &str) -> std::path::PathBuf {
    fn walk(dir: &std::path::Path, name: &str) -> Option<std::path::PathBuf> {
        fs::read_dir(dir).ok()?.flatten().find_map(|e| {
            let p = e.path();
            if p.is_dir() {
                walk(&p, name)
            } else {
                (e.file_name().to_string_lossy() == name).then_some(p)
            }
        })
    }
    walk(dir, name).unwrap_or_else(|| panic!("{name} not under {}", dir.display()))
}

#[test]
fn status_reports_copy_sets_and_checks_due_and_always_exits_0() {
    let env = Env::init();
    let path = medium(&env);
    write_file(env.work("src/一.txt"), "一");
    let number = env.seal(env.draft_of(&["src"]));
    env.ok(["backup", "--ignore-health", &path]);
    let s = env.json(["status", "--json"]);
    assert_eq!(s["copy_sets_required"], 2);
    assert_eq!(s["under_copied"][0]["registration_number"], number.as_str());
    assert_eq!(s["under_copied"][0]["sets"], serde_json::json!(["A"]));
    assert_eq!(s["checks_due"], serde_json::json!([]));
    env.as_clerk()
        .args(["status"])
        .assert()
        .success()
        .stdout(predicate::str::contains("备份套数不足（要求 2 套）").and(predicate::str::contains(number.as_str())));

    // Two years on, the USB medium (12-month cycle) is overdue; still exit 0.
    let later = (chrono::Utc::now() + chrono::Duration::days(800)).to_rfc3339();
    env.as_clerk()
        .args(["status", "--at", &later])
        .assert()
        .success()
        .stdout(predicate::str::contains("介质核验已到期：1 个介质").and(predicate::str::contains("从未核验")));

    env.as_clerk().args(["settings", "copy-sets", "1"]).assert().code(2);
    env.ok_as(crate::support::ADMIN, ["settings", "copy-sets", "1"]);
    env.ok_as(crate::support::ADMIN, ["settings", "check-cycle", "usb", "120"]);
    let s = env.json(["status", "--at", &later, "--json"]);
    assert_eq!(s["under_copied"], serde_json::json!([]));
    assert_eq!(s["checks_due"], serde_json::json!([]));
    let shown = env.json_as(crate::support::ADMIN, ["settings", "show", "--json"]);
    assert_eq!((shown["copy_sets_required"].as_i64(), shown["check_cycle_months"]["usb"].as_i64()), (Some(1), Some(120)));
}

#[test]
fn media_are_moved_shipped_brought_back_and_retired_from_the_command_line() {
    let env = Env::init();
    let a1 = env.work("A1");
    let b1 = env.work("B1");
    std::fs::create_dir_all(&a1).unwrap();
    std::fs::create_dir_all(&b1).unwrap();
    env.ok(["media", "add", a1.to_str().unwrap(), "--label", "A1", "--set", "A"]);
    env.ok(["media", "add", b1.to_str().unwrap(), "--label", "B1", "--set", "B"]);
    write_file(env.work("src/a.txt"), "a");
    let number = env.seal(env.draft_of(&["src"]));
    env.ok(["backup", "--ignore-health", a1.to_str().unwrap()]);
    env.ok(["backup", "--ignore-health", b1.to_str().unwrap()]);

    let m = env.json(["media", "edit", "A1", "--location", "档案室 2 号柜", "--json"]);
    assert_eq!(m["location"], "档案室 2 号柜");

    let shipped = env.json(["media", "checkout", "A1", "B1", "--to", "市档案馆", "--reference", "运〔2026〕3号", "--json"]);
    assert_eq!(shipped["media"], serde_json::json!(["A1", "B1"]));
    env.as_clerk()
        .args(["backup", "--ignore-health", a1.to_str().unwrap()])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("外出").and(predicate::str::contains("dengji media checkin A1")));
    let back = env.json(["media", "checkin", a1.to_str().unwrap(), "--location", "档案室 1 号柜", "--json"]);
    assert_eq!(back["shipments"][0]["outstanding"], serde_json::json!(["B1"]));
    assert!(env.ok(["media", "list"]).contains("外出：市档案馆"));
    env.ok(["media", "checkin", "B1"]);

    env.as_clerk().args(["media", "retire", "B1", "--reason", "gone"]).assert().code(2).stderr(predicate::str::contains("未知的退役原因"));
    let retired = env.json(["media", "retire", "B1", "--reason", "丢失", "--note", "运送途中遗失", "--json"]);
    assert_eq!(retired["retired"]["reason"], "lost");
    let status = env.json(["status", "--json"]);
    assert_eq!(status["under_copied"][0]["registration_number"], number.as_str());
    assert_eq!(status["not_counted"][0]["label"], "B1");
    assert!(env.ok(["status"]).contains("不计入备份套数：介质 B1"));
    assert!(env.ok(["media", "list"]).contains("已退役（丢失）"));
    env.as_clerk().args(["backup", "--ignore-health", b1.to_str().unwrap()]).assert().code(2).stderr(predicate::str::contains("已退役"));
    env.as_clerk().args(["ledger", "verify"]).assert().code(0);
}

#[test]
fn a_sample_below_the_archive_minimum_is_refused() {
    let env = Env::init();
    let path = medium(&env);
    write_file(env.work("s/a.txt"), "a");
    env.seal(env.draft_of(&["s"]));
    env.ok(["backup", "--ignore-health", &path]);
    env.ok_as(crate::support::ADMIN, ["settings", "min-sample", "25"]);
    assert_eq!(env.json(["settings", "show", "--json"])["min_sample_percent"], 25);
    env.as_clerk()
        .args(["media", "verify", &path, "--sample", "10"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("低于本馆规定的最低抽查比例 25%"));
    env.as_clerk().args(["media", "verify", &path, "--sample", "25"]).assert().success();
}

#[test]
fn vault_repair_copies_lost_objects_back_from_a_medium() {
    let env = Env::init();
    let path = medium(&env);
    write_file(env.work("v/a.txt"), "a vault object");
    env.seal(env.draft_of(&["v"]));
    env.ok(["backup", "--ignore-health", &path]);
    let (sha, _) = crate::support::digests_of_bytes(b"a vault object");
    fs::remove_file(env.data.join("vault/objects").join(&sha[..2]).join(&sha[2..])).unwrap();
    env.as_clerk().args(["vault", "verify"]).assert().code(1).stdout(predicate::str::contains(&sha));

    let out = env.json(["vault", "repair", "--from", &path, "--json"]);
    assert_eq!(out["ok"], true, "{out}");
    assert_eq!(out["report"]["repaired"], serde_json::json!([sha]));
    env.as_clerk().args(["vault", "verify"]).assert().code(0);
    env.as_clerk().args(["ledger", "verify"]).assert().code(0);
}

#[test]
fn a_backup_to_a_drive_whose_health_is_not_known_good_needs_ignore_health() {
    let env = Env::init();
    let path = medium(&env);
    let number = env.seal(env.draft_of(&[{
        write_file(env.work("src/a.txt"), "a");
        "src"
    }]));
    let health = env.json(["media", "health", &path, "--json"]);
    if health["passed"] == serde_json::Value::Bool(true) {
        // A test folder on a disk whose SMART reads and passes: nothing to confirm.
        assert_eq!(env.ok(["backup", &path]).trim(), number);
        return;
    }
    // Unknown here (a temp folder, no SMART): refused, with the way on, and nothing written.
    let out = env.as_clerk().args(["backup", &path, "--json"]).assert().code(2);
    let err: serde_json::Value = serde_json::from_str(&crate::support::stderr_of(&out)).unwrap();
    assert_eq!(err["error"]["code"], "drive_health");
    assert!(err["error"]["hint"].as_str().unwrap().contains("--ignore-health"), "{err}");
    assert!(!env.root().join("介质A1/bags").join(&number).exists());
    assert_eq!(env.ok(["backup", "--ignore-health", &path]).trim(), number);
    let audit = env.json(["audit", "--action", "medium.health_confirmed", "--json"]);
    assert_eq!(audit.as_array().unwrap().len(), 1, "the confirmation is recorded: {audit}");
}
