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

#[test]
fn stats_by_one_grouping_and_exported_for_the_annual_report() {
    let env = Env::init();
    // A unit named like a spreadsheet formula must not become one in the CSV.
    env.as_clerk().args(["unit", "add", "--name", "=HYPERLINK(\"http://x\")", "--kind", "individual"]).assert().success();
    write_file(env.work("甲/a.txt"), "12345");
    env.as_clerk().args(["intake", "--unit", "1", "--title", "甲", "甲"]).assert().success();
    env.seal(1);

    let out = env.as_clerk().args(["stats", "--by", "kind"]).assert().success();
    let text = stdout_of(&out);
    assert!(text.contains("按单位类型") && text.contains("个人") && !text.contains("按领域"), "{text}");
    let out = env.as_clerk().args(["stats", "--by", "year", "--json"]).assert().success();
    let v: serde_json::Value = serde_json::from_str(&stdout_of(&out)).unwrap();
    assert_eq!(v.as_array().map(Vec::len), Some(1));
    assert_eq!(v[0]["registrations"], 1);
    env.as_clerk().args(["stats", "--by", "colour"]).assert().code(2);

    let csv = env.work("年报.csv");
    env.as_clerk().args(["stats", "--export"]).arg(&csv).assert().success().stderr(predicate::str::contains("已导出统计表"));
    let text = std::fs::read_to_string(&csv).unwrap();
    assert!(text.starts_with('\u{feff}') && text.contains("按单位类型"), "{text}");
    assert!(text.contains("'=HYPERLINK") && !text.contains(",=HYPERLINK") && !text.contains("\n=HYPERLINK"), "{text}");

    let xlsx = env.work("年报.xlsx");
    env.as_clerk().args(["stats", "--export"]).arg(&xlsx).assert().success();
    use calamine::Reader;
    let mut book = calamine::open_workbook_auto(&xlsx).unwrap();
    assert!(book.sheet_names().iter().any(|n| n == "按单位"));
    let units = book.worksheet_range("按单位").unwrap();
    assert_eq!(units.get_value((3, 0)).map(|v| v.to_string()), Some("=HYPERLINK(\"http://x\")（无信用代码）".into()));
    assert_eq!(units.get_value((3, 1)).map(|v| v.to_string()), Some("1".into()));

    env.as_clerk()
        .args(["stats", "--export"])
        .arg(env.work("年报.pdf"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains(".xlsx（Excel 工作簿）或 .csv"));
    assert!(!env.work("年报.pdf").exists());
}

#[test]
fn list_gives_a_page_found_by_words_status_or_a_drafts_number() {
    let env = Env::init();
    write_file(env.work("社保名册/2020年.xlsx"), "a");
    let number = env.seal(env.draft_of(&["社保名册"]));
    write_file(env.work("病历/张三.pdf"), "b");
    let draft = env.draft_of(&["病历"]);

    // Without those flags, every registration as before.
    assert_eq!(env.json(["list", "--json"]).as_array().unwrap().len(), 2);
    // A page, newest first, what it shows of how many on stderr.
    env.as_clerk()
        .args(["list", "--limit", "1"])
        .assert()
        .success()
        .stdout(predicate::str::contains(format!("草稿 #{draft}")))
        .stderr(predicate::str::contains("第 1–1 条，共 2 条"));
    let second = env.json(["list", "--limit", "1", "--offset", "1", "--json"]);
    assert_eq!(second[0]["registration_number"], number.as_str());
    let ids = |v: serde_json::Value| v.as_array().unwrap().iter().map(|r| r["id"].as_i64().unwrap()).collect::<Vec<_>>();
    assert_eq!(ids(env.json(["list", "--status", "draft", "--json"])), [draft]);
    assert_eq!(ids(env.json(["list", "--text", &format!("#{draft}"), "--json"])), [draft]);
    assert_eq!(env.json(["list", "--text", &number[number.len() - 6..], "--json"])[0]["registration_number"], number.as_str());
    env.as_clerk().args(["list", "--status", "半封"]).assert().code(2).stderr(predicate::str::contains("draft（草稿）"));
}
