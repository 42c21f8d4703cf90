//! `dengji restore`: only under an approved application, every file verified, nothing overwritten.

use predicates::prelude::*;

use crate::support::{stdout_of, write_file, Env, CLERK, REVIEWER};

#[test]
fn restore_needs_an_approved_application_and_restores_identical_files() {
    let env = Env::init();
    write_file(env.work("src/文书/一.txt"), "第一份");
    write_file(env.work("src/100%.bin"), vec![7u8; 200_000]);
    let draft = env.draft_of(&["src"]);
    let number = env.seal(draft);
    let to = env.root().join("新服务器");
    let to_arg = to.to_str().unwrap().to_string();

    let app = env.ok_as(CLERK, ["apply", "restore", &number, "--reason", "服务器断电", "--reference", "上档〔2026〕1号"]);
    let app = app.trim().to_string();
    env.as_clerk()
        .args(["restore", &number, "--to", &to_arg, "--application", &app])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("没有已批准的恢复申请"));
    assert!(!to.exists());

    env.ok_as(REVIEWER, ["approve", &app]);
    // A reviewer is not a clerk: restoring is a clerk's job.
    env.as_reviewer().args(["restore", &number, "--to", &to_arg, "--application", &app]).assert().code(2);
    let out = env.as_clerk().args(["restore", &number, "--to", &to_arg, "--application", &app, "--json"]).assert().success();
    let report: serde_json::Value = serde_json::from_str(&stdout_of(&out)).unwrap();
    assert_eq!(report["files"], 2);
    assert_eq!(std::fs::read(to.join("src/文书/一.txt")).unwrap(), std::fs::read(env.work("src/文书/一.txt")).unwrap());
    assert_eq!(std::fs::read(to.join("src/100%.bin")).unwrap(), vec![7u8; 200_000]);

    // An approval is used once: the next restore needs a new one.
    env.as_clerk()
        .args(["restore", &number, "--to", &to_arg, "--application", &app, "--json"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("\"code\":\"application_used\""));
    let app = env.ok_as(CLERK, ["apply", "restore", &number, "--reason", "再次恢复", "--reference", "上档〔2026〕2号"]).trim().to_string();
    env.ok_as(REVIEWER, ["approve", &app]);
    // Nothing is overwritten unless asked; one file can be restored alone.
    env.as_clerk()
        .args(["restore", &number, "--to", &to_arg, "--application", &app])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("目标位置已有文件"));
    let one = env.root().join("单个");
    env.as_clerk()
        .args(["restore", &number, "--to", one.to_str().unwrap(), "--application", &app, "--file", "src/文书/一.txt"])
        .assert()
        .success()
        .stderr(predicate::str::contains("已恢复 1 个文件"));
    assert!(!one.join("src/100%.bin").exists());
    let audit = env.json(["audit", "--action", "registration.restore", "--json"]);
    assert_eq!(audit.as_array().unwrap().len(), 2);
}

#[test]
fn restore_from_a_medium_is_identical_and_a_flipped_byte_fails_naming_the_file() {
    let env = Env::init();
    write_file(env.work("src/文书/一.txt"), "第一份");
    write_file(env.work("src/二.bin"), vec![7u8; 100_000]);
    let number = env.seal(env.draft_of(&["src"]));
    let medium = env.root().join("介质A1");
    std::fs::create_dir_all(&medium).unwrap();
    let medium_arg = medium.to_str().unwrap().to_string();
    env.ok(["media", "add", &medium_arg, "--label", "A1", "--set", "A"]);
    env.ok(["backup", "--ignore-health", &medium_arg]);
    let app = env.ok_as(CLERK, ["apply", "restore", &number, "--reason", "服务器损坏", "--reference", "上档〔2026〕2号"]);
    let app = app.trim().to_string();
    env.ok_as(REVIEWER, ["approve", &app]);

    let to = env.root().join("从介质恢复");
    env.as_clerk()
        .args(["restore", &number, "--to", to.to_str().unwrap(), "--application", &app, "--from", &medium_arg])
        .assert()
        .success();
    assert_eq!(std::fs::read(to.join("src/文书/一.txt")).unwrap(), "第一份".as_bytes());
    assert_eq!(std::fs::read(to.join("src/二.bin")).unwrap(), vec![7u8; 100_000]);

    let on_medium = medium.join("bags").join(&number).join("data/src/二.bin");
    let mut bytes = std::fs::read(&on_medium).unwrap();
    bytes[500] ^= 0x01;
    std::fs::write(&on_medium, bytes).unwrap();
    let to2 = env.root().join("坏介质");
    let app = env.ok_as(CLERK, ["apply", "restore", &number, "--reason", "再次恢复", "--reference", "上档〔2026〕3号"]).trim().to_string();
    env.ok_as(REVIEWER, ["approve", &app]);
    env.as_clerk()
        .args(["restore", &number, "--to", to2.to_str().unwrap(), "--application", &app, "--from", &medium_arg, "--file", "src/二.bin"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("二.bin").and(predicate::str::contains("media repair")));
    let left: Vec<_> = std::fs::read_dir(to2.join("src")).map(|d| d.flatten().map(|e| e.path()).collect()).unwrap_or_default();
    assert!(left.is_empty(), "nothing left behind: {left:?}");
}
