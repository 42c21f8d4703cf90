//! `dengji init`, and what every other command says before it.

use std::fs;

use predicates::prelude::*;

use crate::support::{bare_dengji, signed_in, stderr_of, stdout_of, Env, ADMIN, CLERK, PASSWORD, REGION, USCC_A};

/// `dengji init` with the admin's new password in the environment.
fn init_cmd(env: &Env, name: &str, region: &str) -> assert_cmd::Command {
    let mut cmd = env.cmd();
    cmd.env("DENGJI_NEW_PASSWORD", PASSWORD).args(["init", "--archive-name", name, "--region", region, "--admin", ADMIN]);
    cmd
}

#[test]
fn init_creates_the_archive() {
    let env = Env::new();
    let a = init_cmd(&env, "测试档案馆", REGION).assert().success();
    let out = stdout_of(&a);
    assert!(out.contains("测试档案馆"), "{out}");
    assert!(out.contains("330102") && out.contains("上城区"), "{out}");
    assert!(env.data.join("catalog.sqlite").is_file());
    assert!(env.data.join("vault/objects").is_dir());
    // The admin exists and is signed in by the password given at init.
    let users = env.json_as(ADMIN, ["user", "list", "--json"]);
    let users = users.as_array().unwrap();
    assert_eq!(users.len(), 1, "{users:?}");
    assert_eq!(users[0]["name"], ADMIN);
    assert_eq!(users[0]["roles"], serde_json::json!(["admin"]));
    assert_eq!(users[0]["disabled"], false);
    // The password never reaches the catalog in clear.
    assert!(!String::from_utf8_lossy(&fs::read(env.data.join("catalog.sqlite")).unwrap()).contains(PASSWORD));
    // A fresh archive is consistent and empty.
    env.as_admin().args(["ledger", "verify"]).assert().code(0);
    env.as_admin().args(["vault", "verify"]).assert().code(0);
    assert_eq!(env.json_as(ADMIN, ["list", "--json"]), serde_json::json!([]));
    assert_eq!(env.json_as(ADMIN, ["unit", "list", "--json"]), serde_json::json!([]));
    let domains = env.ok_as(ADMIN, ["domain", "list"]);
    assert_eq!(domains.lines().count(), 20, "{domains}");
    // One domain a line: its name, then how many units have it.
    assert!(domains.lines().any(|l| l == "社保\t0 个单位"), "{domains}");
    // The list is configurable (by an admin): a new domain can be used for units at once.
    env.ok_as(ADMIN, ["domain", "add", "档案"]);
    env.ok_as(ADMIN, ["domain", "add", "档案"]);
    assert_eq!(env.ok_as(ADMIN, ["domain", "list"]).lines().filter(|l| l.starts_with("档案\t")).count(), 1);
    env.add_user(CLERK, &["clerk"]);
    env.ok(["unit", "add", "--name", "某档案服务公司", "--kind", "enterprise", "--uscc", "91110000802100433B", "--domain", "档案"]);
    env.as_clerk().args(["ledger", "verify"]).assert().code(0);
}

#[test]
fn init_needs_an_admin_and_a_password() {
    let env = Env::new();
    // No --admin: a usage error from the grammar.
    env.cmd().env("DENGJI_NEW_PASSWORD", PASSWORD).args(["init", "--archive-name", "测试档案馆", "--region", REGION]).assert().code(2);
    // No DENGJI_NEW_PASSWORD and no terminal: refused at once, saying what to set.
    env.cmd()
        .args(["init", "--archive-name", "测试档案馆", "--region", REGION, "--admin", ADMIN])
        .timeout(std::time::Duration::from_secs(20))
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains("DENGJI_NEW_PASSWORD"));
    // A short password is refused by the core.
    env.cmd()
        .env("DENGJI_NEW_PASSWORD", "短密码")
        .args(["init", "--archive-name", "测试档案馆", "--region", REGION, "--admin", ADMIN])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("密码太短"));
    assert!(!env.data.join("catalog.sqlite").exists());
    init_cmd(&env, "测试档案馆", REGION).assert().success();
}

/// A data directory from before accounts: every command says to bootstrap an admin,
/// which `user bootstrap` does once without signing in.
#[test]
fn archive_without_accounts_needs_a_bootstrapped_admin() {
    let env = Env::init();
    env.add_unit("杭州测试有限公司", USCC_A);
    env.catalog().execute_batch("DELETE FROM users").unwrap();
    for args in [&["list"][..], &["unit", "list"], &["ledger", "verify"], &["user", "list"]] {
        env.as_admin()
            .args(args)
            .assert()
            .code(2)
            .stdout("")
            .stderr(predicate::str::contains("还没有任何账户").and(predicate::str::contains("dengji user bootstrap --admin")));
    }
    // Without a new password and a terminal it refuses at once.
    env.cmd().args(["user", "bootstrap", "--admin", "新管理员"]).assert().code(2).stderr(predicate::str::contains("DENGJI_NEW_PASSWORD"));
    env.cmd().env("DENGJI_NEW_PASSWORD", PASSWORD).args(["user", "bootstrap", "--admin", "新管理员"]).assert().success();
    let users = env.json_as("新管理员", ["user", "list", "--json"]);
    assert_eq!(users.as_array().unwrap().len(), 1);
    assert_eq!(users[0]["roles"], serde_json::json!(["admin"]));
    assert_eq!(env.json_as("新管理员", ["unit", "list", "--json"]).as_array().unwrap().len(), 1);
    // Once there is an account, bootstrap refuses.
    env.cmd()
        .env("DENGJI_NEW_PASSWORD", PASSWORD)
        .args(["user", "bootstrap", "--admin", "另一个"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("已有账户"));
    assert_eq!(env.json_as("新管理员", ["user", "list", "--json"]).as_array().unwrap().len(), 1);
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
        init_cmd(&env, name, region)
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
    env.as_clerk().args(["ledger", "verify"]).assert().code(0);
    // Nor did its admin's password change: the old one still signs in.
    assert_eq!(env.json_as(ADMIN, ["user", "list", "--json"]).as_array().unwrap().len(), 3);
}

#[test]
fn bad_region_is_refused() {
    for region in ["330103", "999999", "33010", "abcdef", ""] {
        let env = Env::new();
        init_cmd(&env, "测试档案馆", region)
            .assert()
            .code(2)
            .stderr(predicate::str::contains("行政区划代码").and(predicate::str::contains(format!("“{region}”"))));
        assert!(!env.data.join("catalog.sqlite").exists(), "region {region:?} created a catalog");
    }
}

#[test]
fn empty_archive_name_is_refused() {
    let env = Env::new();
    init_cmd(&env, "  ", REGION).assert().code(2).stderr(predicate::str::contains("档案馆名称不能为空"));
    assert!(!env.data.join("catalog.sqlite").exists());
}

#[test]
fn missing_arguments_are_usage_errors() {
    let env = Env::new();
    let init = || {
        let mut cmd = env.cmd();
        cmd.env("DENGJI_NEW_PASSWORD", PASSWORD);
        cmd
    };
    init().args(["init", "--region", REGION, "--admin", ADMIN]).assert().code(2);
    init().args(["init", "--archive-name", "测试档案馆", "--admin", ADMIN]).assert().code(2);
    init().args(["init", "--archive-name", "测试档案馆", "--region", REGION]).assert().code(2);
    env.as_clerk().args(["no-such-command"]).assert().code(2);
    assert!(!env.data.join("catalog.sqlite").exists());
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
        &["user", "list"],
        &["user", "add", "新用户", "--role", "clerk"],
        &["user", "passwd"],
        &["user", "bootstrap", "--admin", ADMIN],
        &["settings", "show"],
        &["settings", "four-eyes", "off"],
        &["apply", "restore", "1", "--reason", "理由", "--reference", "文号"],
        &["approve", "1"],
        &["applications"],
        &["audit"],
    ];
    for args in commands {
        // Signed in or not, the answer is the same: initialise first.
        for mut cmd in [env.as_clerk(), env.cmd()] {
            let a = cmd
                .env("DENGJI_NEW_PASSWORD", PASSWORD)
                .args(*args)
                .assert()
                .code(2)
                .stdout("")
                .stderr(predicate::str::contains("尚未初始化").and(predicate::str::contains("dengji init")));
            assert!(!stderr_of(&a).contains("DENGJI_USER"), "{args:?}: {}", stderr_of(&a));
        }
        assert!(!env.data.join("catalog.sqlite").exists(), "{args:?} created a catalog");
    }
}

#[test]
fn data_dir_from_environment() {
    let env = Env::init();
    // DENGJI_DATA_DIR alone selects the archive.
    let a = signed_in(bare_dengji(), CLERK)
        .current_dir(env.root())
        .env("DENGJI_DATA_DIR", &env.data)
        .args(["unit", "add", "--name", "甲", "--kind", "enterprise", "--uscc", USCC_A])
        .assert()
        .success();
    assert_eq!(stdout_of(&a), "1\n");
    // --data-dir wins over the environment.
    let other = env.root().join("other");
    signed_in(bare_dengji(), CLERK)
        .current_dir(env.root())
        .env("DENGJI_DATA_DIR", &env.data)
        .arg("--data-dir")
        .arg(&other)
        .args(["unit", "list"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("尚未初始化").and(predicate::str::contains(other.display().to_string())));
}

#[test]
fn demo_makes_a_marked_training_archive_of_its_own() {
    let env = Env::new();
    env.cmd().arg("demo").assert().success().stdout(predicates::str::contains("演示档案馆（演示数据）"));
    let as_demo = |user: &str| {
        let mut cmd = env.cmd();
        cmd.env("DENGJI_USER", user).env("DENGJI_PASSWORD", "演示密码123456");
        cmd
    };
    let list = String::from_utf8(as_demo("演示登记员").args(["list", "--json"]).assert().success().get_output().stdout.clone()).unwrap();
    let regs: serde_json::Value = serde_json::from_str(&list).unwrap();
    let statuses: Vec<&str> = regs.as_array().unwrap().iter().map(|r| r["status"].as_str().unwrap()).collect();
    assert_eq!(statuses.iter().filter(|s| **s == "sealed").count(), 2, "{statuses:?}");
    assert_eq!(statuses.iter().filter(|s| **s == "draft").count(), 1, "{statuses:?}");
    as_demo("演示审核员").args(["ledger", "verify"]).assert().success();
    as_demo("演示管理员").args(["vault", "verify"]).assert().success();
    let found = String::from_utf8(as_demo("演示登记员").args(["search", "董事会"]).assert().success().get_output().stdout.clone()).unwrap();
    assert!(found.contains("第一次董事会会议纪要"), "{found}");
    // Its scratch sources are gone; a second demo into the same directory is refused.
    assert_eq!(std::fs::read_dir(env.data.join("vault/tmp")).unwrap().count(), 0);
    env.cmd().arg("demo").assert().code(2).stderr(predicates::str::contains("已经初始化"));
}
