//! `dengji init`, and what every other command says before it.

use std::fs;

use predicates::prelude::*;

use crate::support::{bare_dengji, stdout_of, Env, REGION, USCC_A};

#[test]
fn init_creates_the_archive() {
    let env = Env::new();
    let a = env.cmd().args(["init", "--archive-name", "测试档案馆", "--region", REGION]).assert().success();
    let out = stdout_of(&a);
    assert!(out.contains("测试档案馆"), "{out}");
    assert!(out.contains("330102") && out.contains("上城区"), "{out}");
    assert!(env.data.join("catalog.sqlite").is_file());
    assert!(env.data.join("vault/objects").is_dir());
    // A fresh archive is consistent and empty.
    env.cmd().args(["ledger", "verify"]).assert().code(0);
    env.cmd().args(["vault", "verify"]).assert().code(0);
    assert_eq!(env.json(["list", "--json"]), serde_json::json!([]));
    assert_eq!(env.json(["unit", "list", "--json"]), serde_json::json!([]));
    let domains = env.ok(["domain", "list"]);
    assert_eq!(domains.lines().count(), 20, "{domains}");
    assert!(domains.lines().any(|l| l == "社保"), "{domains}");
    // The list is configurable: a new domain can be used for units at once.
    env.ok(["domain", "add", "档案"]);
    env.ok(["domain", "add", "档案"]);
    assert_eq!(env.ok(["domain", "list"]).lines().filter(|l| *l == "档案").count(), 1);
    env.ok(["unit", "add", "--name", "某档案服务公司", "--kind", "enterprise", "--uscc", "91110000802100433B", "--domain", "档案"]);
    env.cmd().args(["ledger", "verify"]).assert().code(0);
}

#[test]
fn second_init_refuses_and_changes_nothing() {
    let env = Env::init();
    env.add_unit("杭州测试有限公司", USCC_A);
    let catalog = env.data.join("catalog.sqlite");
    let bytes = fs::read(&catalog).unwrap();
    let mtime = fs::metadata(&catalog).unwrap().modified().unwrap();
    let entries = |p: &std::path::Path| {
        let mut v: Vec<_> = fs::read_dir(p).unwrap().map(|e| e.unwrap().file_name()).collect();
        v.sort();
        v
    };
    let listing = entries(&env.data);

    for (name, region) in [("测试档案馆", REGION), ("另一个档案馆", "110101")] {
        env.cmd()
            .args(["init", "--archive-name", name, "--region", region])
            .assert()
            .code(2)
            .stdout("")
            .stderr(predicate::str::contains("已经初始化").and(predicate::str::contains("未做任何更改")));
    }

    assert_eq!(fs::read(&catalog).unwrap(), bytes, "catalog bytes changed");
    assert_eq!(fs::metadata(&catalog).unwrap().modified().unwrap(), mtime, "catalog mtime changed");
    assert_eq!(entries(&env.data), listing);
    // The archive still works and still has its unit.
    assert_eq!(env.json(["unit", "list", "--json"]).as_array().unwrap().len(), 1);
    env.cmd().args(["ledger", "verify"]).assert().code(0);
}

#[test]
fn bad_region_is_refused() {
    for region in ["330103", "999999", "33010", "abcdef", ""] {
        let env = Env::new();
        env.cmd()
            .args(["init", "--archive-name", "测试档案馆", "--region", region])
            .assert()
            .code(2)
            .stderr(predicate::str::contains("行政区划代码").and(predicate::str::contains(format!("“{region}”"))));
        assert!(!env.data.join("catalog.sqlite").exists(), "region {region:?} created a catalog");
    }
}

#[test]
fn empty_archive_name_is_refused() {
    let env = Env::new();
    env.cmd()
        .args(["init", "--archive-name", "  ", "--region", REGION])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("档案馆名称不能为空"));
    assert!(!env.data.join("catalog.sqlite").exists());
}

#[test]
fn missing_arguments_are_usage_errors() {
    let env = Env::new();
    env.cmd().args(["init", "--region", REGION]).assert().code(2);
    env.cmd().args(["init", "--archive-name", "测试档案馆"]).assert().code(2);
    env.cmd().args(["no-such-command"]).assert().code(2);
}

#[test]
fn every_command_on_an_uninitialised_dir_says_how_to_init() {
    let env = Env::new();
    let commands: &[&[&str]] = &[
        &["unit", "list"],
        &["unit", "add", "--name", "甲", "--kind", "enterprise", "--uscc", USCC_A],
        &["unit", "show", "1"],
        &["domain", "list"],
        &["domain", "add", "档案"],
        &["intake", "--unit", USCC_A, "--title", "题名", "."],
        &["seal", "1"],
        &["show", "1"],
        &["list"],
        &["list", "--json"],
        &["draft", "findings", "1"],
        &["draft", "accept", "1", "--reason", "理由"],
        &["draft", "remove", "1", "x"],
        &["ledger", "verify"],
        &["vault", "verify"],
    ];
    for args in commands {
        env.cmd()
            .args(*args)
            .assert()
            .code(2)
            .stdout("")
            .stderr(predicate::str::contains("尚未初始化").and(predicate::str::contains("dengji init")));
        assert!(!env.data.join("catalog.sqlite").exists(), "{args:?} created a catalog");
    }
}

#[test]
fn data_dir_from_environment() {
    let env = Env::init();
    // DENGJI_DATA_DIR alone selects the archive.
    let a = bare_dengji()
        .current_dir(env.root())
        .env("DENGJI_DATA_DIR", &env.data)
        .args(["unit", "add", "--name", "甲", "--kind", "enterprise", "--uscc", USCC_A])
        .assert()
        .success();
    assert_eq!(stdout_of(&a), "1\n");
    // --data-dir wins over the environment.
    let other = env.root().join("other");
    bare_dengji()
        .current_dir(env.root())
        .env("DENGJI_DATA_DIR", &env.data)
        .arg("--data-dir")
        .arg(&other)
        .args(["unit", "list"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("尚未初始化").and(predicate::str::contains(other.display().to_string())));
}
