//! `dengji settings export | import`: setting up a second workstation of the same centre.

use std::fs;

use predicates::prelude::*;
use serde_json::Value;

use crate::support::{write_file, Env, PASSWORD};

/// A second workstation, initialised with its own name and region.
fn second_workstation() -> Env {
    let env = Env::new();
    env.cmd()
        .env("DENGJI_NEW_PASSWORD", PASSWORD)
        .args(["init", "--archive-name", "临时名称", "--region", "330106", "--admin", crate::support::ADMIN])
        .assert()
        .success();
    env.add_user(crate::support::CLERK, &["clerk"]);
    env.add_user(crate::support::REVIEWER, &["reviewer"]);
    env
}

fn settings(env: &Env) -> Value {
    env.json(["settings", "show", "--json"])
}

#[test]
fn export_then_import_makes_the_second_workstation_alike() {
    let first = Env::init();
    first.as_admin().args(["settings", "copy-sets", "3"]).assert().success();
    first.as_admin().args(["settings", "check-cycle", "tape", "36"]).assert().success();
    first.as_admin().args(["settings", "four-eyes", "off"]).assert().success();
    first.as_admin().args(["settings", "idle-lock", "25"]).assert().success();
    first.as_admin().args(["domain", "add", "文旅"]).assert().success();
    let file = first.work("设置.json");
    first.as_admin().args(["settings", "export"]).arg(&file).assert().success().stderr(predicate::str::contains("已导出设置"));
    let exported: Value = serde_json::from_slice(&fs::read(&file).unwrap()).unwrap();
    assert_eq!(exported["format"], "dengji-settings");
    assert_eq!(exported["archive_name"], "测试档案馆");
    assert_eq!(exported["copy_sets_required"], 3);

    let second = second_workstation();
    let done: Value =
        serde_json::from_slice(&second.as_admin().args(["settings", "import", "--json"]).arg(&file).assert().success().get_output().stdout)
            .unwrap();
    let changed: Vec<&str> = done["changed"].as_array().unwrap().iter().map(|v| v.as_str().unwrap()).collect();
    assert!(changed.iter().any(|c| c.contains("临时名称 330106 → 测试档案馆 330102")), "{changed:?}");
    assert!(changed.iter().any(|c| c.contains("备份套数：2 → 3")), "{changed:?}");
    assert_eq!(done["domains_added"], serde_json::json!(["文旅"]));
    assert_eq!(settings(&second), settings(&first));
    assert_eq!(settings(&second)["archive_name"], "测试档案馆");
    assert!(second.ok(["domain", "list"]).contains("文旅"));
    // Every change is in the ledger, which still verifies.
    second.as_admin().args(["ledger", "verify"]).assert().success();
    let entries = second.json_as(crate::support::ADMIN, ["audit", "--action", "archive.update", "--json"]);
    assert_eq!(entries.as_array().map(Vec::len), Some(1));

    // Importing again changes nothing.
    second.as_admin().args(["settings", "import"]).arg(&file).assert().success().stderr(predicate::str::contains("无需更改"));
}

#[test]
fn name_and_region_stay_once_something_is_sealed() {
    let first = Env::init();
    let file = first.work("s.json");
    first.as_admin().args(["settings", "export"]).arg(&file).assert().success();

    let second = second_workstation();
    write_file(second.work("a.txt"), "a");
    let draft = second.draft_of(&["a.txt"]);
    second.seal(draft);
    let out = second.ok_as(crate::support::ADMIN, ["settings", "import", file.to_str().unwrap()]);
    assert!(out.contains("未更改") && out.contains("已有封存登记"), "{out}");
    assert_eq!(settings(&second)["archive_name"], "临时名称");
}

#[test]
fn a_bad_file_changes_nothing() {
    let env = Env::init();
    let before = settings(&env);
    let garbage = env.work("garbage.json");
    write_file(&garbage, "not json at all");
    env.as_admin().args(["settings", "import"]).arg(&garbage).assert().code(2).stderr(predicate::str::contains("设置文件无法导入"));

    let other = env.work("other.json");
    write_file(&other, r#"{"format": "something-else", "version": 1}"#);
    env.as_admin().args(["settings", "import"]).arg(&other).assert().code(2).stderr(predicate::str::contains("不是 Dengji 导出的设置文件"));

    // A valid file with one bad value (a later field than others that would apply).
    let good = env.work("good.json");
    env.as_admin().args(["settings", "export"]).arg(&good).assert().success();
    let mut v: Value = serde_json::from_slice(&fs::read(&good).unwrap()).unwrap();
    v["four_eyes"] = Value::Bool(false);
    v["check_cycle_months"]["tape"] = 0.into();
    write_file(&other, serde_json::to_vec(&v).unwrap());
    env.as_admin().args(["settings", "import"]).arg(&other).assert().code(2).stderr(predicate::str::contains("核验周期"));

    v["check_cycle_months"]["tape"] = 24.into();
    v["version"] = 9.into();
    write_file(&other, serde_json::to_vec(&v).unwrap());
    env.as_admin().args(["settings", "import"]).arg(&other).assert().code(2).stderr(predicate::str::contains("更新版本"));
    assert_eq!(settings(&env), before);

    // Only an admin exports or imports.
    env.as_clerk().args(["settings", "export"]).arg(env.work("c.json")).assert().code(2);
    assert!(!env.work("c.json").exists());
}
