//! `dengji series add | list | show` and `intake --series`: monthly hand-overs of a
//! business database, each a version, and what changed between them.

use predicates::prelude::*;

use crate::support::{write_file, Env, USCC_A};

#[test]
fn monthly_hand_overs_are_versions_with_their_differences() {
    let env = Env::init();
    env.add_unit("杭州测试有限公司", USCC_A);
    let id = env.ok(["series", "add", "--unit", USCC_A, "--name", "公积金业务库", "--system", "住房公积金管理系统"]).trim().to_string();
    assert_eq!(id, "1");
    env.as_clerk()
        .args(["series", "add", "--unit", USCC_A, "--name", "公积金业务库"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("已有名为"));
    env.as_clerk().args(["series", "add", "--unit", USCC_A, "--name", "x", "--period", "weekly"]).assert().code(2);

    let rows = |n: usize, changed: usize| -> String {
        (0..n).map(|i| format!("INSERT INTO t VALUES ({i}, {});\n", if i == changed { 9999 } else { i * 3 })).collect()
    };
    write_file(env.work("导出/deposits.sql"), rows(40_000, usize::MAX));
    write_file(env.work("导出/说明.txt"), "九月");
    let draft = env.json(["intake", "--series", "公积金业务库", "--period", "2026-09", "导出", "--json"]);
    let v1 = env.seal(draft["id"].as_i64().unwrap());
    write_file(env.work("导出/deposits.sql"), rows(40_300, 20_000));
    std::fs::remove_file(env.work("导出/说明.txt")).unwrap();
    write_file(env.work("导出/新表.sql"), "CREATE TABLE loans;");
    let draft = env.json(["intake", "--series", "1", "--period", "2026-10", "导出", "--json"]);
    let v2 = env.seal(draft["id"].as_i64().unwrap());
    env.as_clerk()
        .args(["intake", "--series", "1", "--period", "2026-13", "导出"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("2026-11"));

    let list = env.ok(["series", "list"]);
    assert!(list.contains("公积金业务库") && list.contains("2 个版本") && list.contains("最新 2026-10"), "{list}");
    let shown = env.ok(["series", "show", "公积金业务库"]);
    assert!(shown.contains(&format!("第 1 版\t2026-09\t{v1}")) && shown.contains(&format!("第 2 版\t2026-10\t{v2}")), "{shown}");
    assert!(shown.contains("新增 1 个、删除 1 个、变化 1 个") && shown.contains("+ 新表.sql") && shown.contains("- 说明.txt"), "{shown}");
    assert!(shown.contains("~ deposits.sql"), "{shown}");
    let json = env.json(["series", "show", "1", "--json"]);
    assert_eq!(json["versions"].as_array().unwrap().len(), 2);
    let changed = json["diffs"][0]["changed"][0]["changed_bytes"].as_u64().unwrap();
    let size = json["diffs"][0]["changed"][0]["size_after"].as_u64().unwrap();
    assert!(changed > 0 && changed < size / 2, "{changed} of {size}");
    // Each version is a registration like any other.
    assert_eq!(env.show(&v1)["kind"], "business-data");
    assert_eq!(env.show(&v2)["series"]["version"], 2);
    assert!(env.ok(["show", &v2]).contains("系列      公积金业务库 第 2 版（2026-10）"));

    // Missing months are listed by `status`.
    let status = env.json(["status", "--at", "2027-01-10T10:00:00+08:00", "--json"]);
    let missing: Vec<(String, bool)> = status["missing_handovers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| (m["period"].as_str().unwrap().to_string(), m["overdue"].as_bool().unwrap()))
        .collect();
    assert_eq!(missing, [("2026-11".to_string(), true), ("2026-12".to_string(), false)]);
    assert!(env.ok(["status", "--at", "2027-01-10T10:00:00+08:00"]).contains("业务数据未按期移交：2 期"));
}

#[test]
fn a_damaged_chunk_of_a_version_is_named_and_repaired_from_a_medium() {
    let env = Env::init();
    env.add_unit("杭州测试有限公司", USCC_A);
    env.ok(["series", "add", "--unit", USCC_A, "--name", "公积金业务库"]);
    let rows: String = (0..120_000).map(|i| format!("INSERT INTO t VALUES ({i}, 'ACC{:08}');\n", i * 7919)).collect();
    write_file(env.work("导出/deposits.sql"), &rows);
    let draft = env.json(["intake", "--series", "1", "--period", "2026-09", "导出", "--json"]);
    let v1 = env.seal(draft["id"].as_i64().unwrap());
    let path = crate::media::medium(&env);
    env.ok(["backup", "--ignore-health", &path]);

    // The dump is stored as chunks in a pack: damage its first chunk by hand, as a failing
    // disk would. The pack's table, at its end, names the chunk.
    let pack = walkdir_files(&env.data.join("vault/packs")).into_iter().next().expect("a pack");
    let mut bytes = std::fs::read(&pack).unwrap();
    let text = String::from_utf8_lossy(&bytes).to_string();
    let table = &text[text.rfind("dengji-pack 1\n").expect("a table")..];
    let mut first = table.lines().nth(1).unwrap().split(' ');
    let name = first.next().unwrap().to_string();
    assert_eq!(first.next(), Some("0"), "the first chunk starts the pack");
    bytes[100] ^= 0x01;
    let mut perms = std::fs::metadata(&pack).unwrap().permissions();
    #[allow(clippy::permissions_set_readonly_false)] // a failing disk does not ask
    perms.set_readonly(false);
    std::fs::set_permissions(&pack, perms).unwrap();
    std::fs::write(&pack, &bytes).unwrap();
    let out = env.as_clerk().args(["vault", "verify"]).assert().code(1).get_output().stdout.clone();
    let out = String::from_utf8(out).unwrap();
    assert!(out.contains(&format!("分块 {name} 内容已改变，用到它的文件：{v1} 导出/deposits.sql")), "{out}");

    let repaired = env.json(["vault", "repair", "--from", &path, "--json"]);
    assert_eq!(repaired["ok"], true, "{repaired}");
    env.as_clerk().args(["vault", "verify"]).assert().code(0);
}

fn walkdir_files(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut files = Vec::new();
    for sub in std::fs::read_dir(dir).unwrap() {
        for f in std::fs::read_dir(sub.unwrap().path()).unwrap() {
            files.push(f.unwrap().path());
        }
    }
    files.sort();
    files
}

#[test]
fn a_series_is_corrected_and_its_cadence_fixed_once_a_hand_over_came_in() {
    let env = Env::init();
    env.add_unit("杭州测试有限公司", USCC_A);
    env.ok(["series", "add", "--unit", USCC_A, "--name", "公积金库", "--period", "quarterly"]);
    let out = env.ok(["series", "edit", "公积金库", "--name", "公积金业务库", "--system", "住房公积金管理系统", "--period", "monthly"]);
    assert!(out.contains("系列 #1：公积金业务库，住房公积金管理系统，每月移交"), "{out}");
    write_file(env.work("导出/a.sql"), "INSERT INTO t VALUES (1);");
    env.json(["intake", "--series", "1", "--period", "2026-09", "导出", "--json"]);
    env.as_clerk()
        .args(["series", "edit", "1", "--period", "yearly"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("不能再改移交周期"));
    let cleared = env.json(["series", "edit", "1", "--clear-system", "--json"]);
    assert_eq!(cleared["system"], serde_json::Value::Null);
    env.as_clerk().args(["ledger", "verify"]).assert().code(0);
}

#[test]
fn a_series_goes_to_a_medium_as_one_ocfl_object_that_media_verify_and_repair_check() {
    let env = Env::init();
    env.add_unit("杭州测试有限公司", USCC_A);
    env.ok(["series", "add", "--unit", USCC_A, "--name", "公积金业务库"]);
    let rows = |n: usize| -> String { (0..n).map(|i| format!("INSERT INTO t VALUES ({i}, 'ACC{:08}');\n", i * 7919)).collect() };
    write_file(env.work("导出/deposits.sql"), rows(30_000));
    write_file(env.work("导出/说明.txt"), "数据字典");
    let draft = env.json(["intake", "--series", "1", "--period", "2026-09", "导出", "--json"]);
    let v1 = env.seal(draft["id"].as_i64().unwrap());
    write_file(env.work("导出/deposits.sql"), rows(30_200));
    let draft = env.json(["intake", "--series", "1", "--period", "2026-10", "导出", "--json"]);
    let v2 = env.seal(draft["id"].as_i64().unwrap());
    let path = crate::media::medium(&env);
    let report = env.json(["backup", "--ignore-health", &path, "--json"]);
    assert_eq!(report["written"], serde_json::json!([v1, v2]));
    let object = std::path::Path::new(&path).join("series/1");
    assert!(object.join("v2/content/data/导出/deposits.sql").is_file());
    assert!(!object.join("v2/content/data/导出/说明.txt").exists(), "unchanged: only in v1");
    let out = std::process::Command::new("ocfl-validate.py").arg(&object).output().expect("ocfl-py is installed by the test command");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stdout));
    env.as_clerk().args(["media", "verify", &path]).assert().code(0);

    // The data dictionary both versions use, changed on the medium.
    let shared = object.join("v1/content/data/导出/说明.txt");
    std::fs::write(&shared, "数据字典？").unwrap();
    let out = env.as_clerk().args(["media", "verify", &path]).assert().code(1).get_output().stdout.clone();
    let out = String::from_utf8(out).unwrap();
    assert!(out.contains("series/1/v1/content/data/导出/说明.txt（原名 导出/说明.txt）"), "{out}");
    assert!(out.contains(&format!("用到它的登记：{v1}、{v2}")), "{out}");
    let repaired = env.json(["media", "repair", &path, "--json"]);
    assert_eq!(repaired["ok"], true, "{repaired}");
    assert_eq!(std::fs::read_to_string(&shared).unwrap(), "数据字典");
}
