//! `dengji search`: Chinese substrings, filters, JSON.

use predicates::prelude::*;

use crate::support::{stdout_of, write_file, Env};

#[test]
fn search_finds_two_character_chinese_terms_and_filters_by_status() {
    let env = Env::init();
    write_file(env.work("社保名册/2020年.xlsx"), "a");
    let number = env.seal(env.draft_of(&["社保名册"]));
    write_file(env.work("病历/张三.pdf"), "b");
    env.draft_of(&["病历"]);

    env.as_clerk()
        .args(["search", "社保"])
        .assert()
        .success()
        .stdout(predicate::str::contains(format!("文件  {number}  社保名册/2020年.xlsx")));
    let out = env.as_reviewer().args(["search", "病历", "--status", "draft", "--json"]).assert().success();
    let v: serde_json::Value = serde_json::from_str(&stdout_of(&out)).unwrap();
    let kinds: Vec<&str> = v["hits"].as_array().unwrap().iter().map(|h| h["kind"].as_str().unwrap()).collect();
    assert_eq!(kinds, ["item"]);
    assert_eq!(v["hits"][0]["path"], "病历/张三.pdf");
    env.as_clerk().args(["search", "病历", "--status", "sealed"]).assert().success().stderr(predicate::str::contains("没有找到"));
    env.as_clerk().args(["search", "病历", "--status", "半封"]).assert().code(2).stderr(predicate::str::contains("--status"));
}

#[test]
fn stats_counts_sealed_registrations_by_domain_and_kind() {
    let env = Env::init();
    write_file(env.work("甲/a.txt"), "12345");
    env.seal(env.draft_of(&["甲"]));
    write_file(env.work("乙/b.txt"), "1");
    env.draft_of(&["乙"]);
    let out = env.as_reviewer().args(["stats", "--json"]).assert().success();
    let v: serde_json::Value = serde_json::from_str(&stdout_of(&out)).unwrap();
    assert_eq!(v["totals"]["registrations"], 1);
    assert_eq!(v["totals"]["drafts"], 1);
    assert_eq!(v["totals"]["bytes"], 5);
    env.as_clerk()
        .args(["stats"])
        .assert()
        .success()
        .stdout(predicate::str::contains("已封存登记 1 个（另有草稿 1 个）"))
        .stdout(predicate::str::contains("按档案类型"))
        .stdout(predicate::str::contains("电子文件"));
}
