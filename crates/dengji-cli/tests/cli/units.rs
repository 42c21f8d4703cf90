//! `dengji unit add | list | show`.

use predicates::prelude::*;

use crate::support::{stdout_of, Env, USCC_A, USCC_B, USCC_C, USCC_PILOT, USCC_WRONG_CHECK};

fn unit_count(env: &Env) -> usize {
    env.json(["unit", "list", "--json"]).as_array().unwrap().len()
}

#[test]
fn add_prints_the_id_alone() {
    let env = Env::init();
    let a = env.as_clerk().args(["unit", "add", "--name", "杭州甲公司", "--kind", "enterprise", "--uscc", USCC_A]).assert().success();
    assert_eq!(stdout_of(&a), "1\n");
    let a = env.as_clerk().args(["unit", "add", "--name", "北京乙公司", "--kind", "enterprise", "--uscc", USCC_B]).assert().success();
    assert_eq!(stdout_of(&a), "2\n");
}

#[test]
fn add_json() {
    let env = Env::init();
    let u = env.json(["unit", "add", "--name", "杭州甲公司", "--kind", "institution", "--uscc", USCC_C, "--domain", "社保", "--json"]);
    assert_eq!(u["id"], 1);
    assert_eq!(u["name"], "杭州甲公司");
    assert_eq!(u["kind"], "institution");
    assert_eq!(u["uscc"], USCC_C);
    assert_eq!(u["uscc_forced"], false);
    assert_eq!(u["domain"], "社保");
    assert_eq!(u["registrations"], 0);
    assert!(u["created_at"].as_str().is_some_and(|t| t.ends_with('Z')), "{u}");
}

#[test]
fn uscc_is_normalised_to_upper_case() {
    let env = Env::init();
    let u = env.json(["unit", "add", "--name", "甲", "--kind", "enterprise", "--uscc", " 91110000802100433b ", "--json"]);
    assert_eq!(u["uscc"], USCC_B);
    // and found by the code in any case
    assert_eq!(env.json(["unit", "show", "91110000802100433b", "--json"])["id"], 1);
}

#[test]
fn wrong_check_char_is_refused_naming_the_expected_char() {
    let env = Env::init();
    env.as_clerk()
        .args(["unit", "add", "--name", "甲", "--kind", "enterprise", "--uscc", USCC_WRONG_CHECK])
        .assert()
        .code(2)
        .stdout("")
        .stderr(
            predicate::str::contains("校验位错误")
                .and(predicate::str::contains("应为 “B”"))
                .and(predicate::str::contains(USCC_WRONG_CHECK))
                .and(predicate::str::contains("--force")),
        );
    assert_eq!(unit_count(&env), 0);

    let u = env.json(["unit", "add", "--name", "甲", "--kind", "enterprise", "--uscc", USCC_WRONG_CHECK, "--force", "--json"]);
    assert_eq!(u["uscc"], USCC_WRONG_CHECK);
    assert_eq!(u["uscc_forced"], true);
    let shown = env.ok(["unit", "show", USCC_WRONG_CHECK]);
    assert!(shown.contains("校验位不符"), "{shown}");
    // A forced unit does not disturb the ledger.
    env.as_clerk().args(["ledger", "verify"]).assert().code(0);
}

#[test]
fn force_on_a_valid_code_does_not_mark_it_forced() {
    let env = Env::init();
    let u = env.json(["unit", "add", "--name", "甲", "--kind", "enterprise", "--uscc", USCC_A, "--force", "--json"]);
    assert_eq!(u["uscc_forced"], false);
}

#[test]
fn pilot_code_needs_force() {
    let env = Env::init();
    env.as_clerk()
        .args(["unit", "add", "--name", "试点单位", "--kind", "enterprise", "--uscc", USCC_PILOT])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("校验位错误"));
    let a = env
        .as_clerk()
        .args(["unit", "add", "--name", "试点单位", "--kind", "enterprise", "--uscc", USCC_PILOT, "--force"])
        .assert()
        .success();
    assert_eq!(stdout_of(&a), "1\n");
    assert_eq!(env.json(["unit", "show", USCC_PILOT, "--json"])["uscc_forced"], true);
}

#[test]
fn malformed_codes_are_refused_even_with_force() {
    let env = Env::init();
    for (code, why) in [("123", "应为 18 位"), ("91110000802100433I", "第 18 位 “I”"), ("9111000080210043你B", "第 17 位")] {
        for force in [false, true] {
            let mut cmd = env.as_clerk();
            cmd.args(["unit", "add", "--name", "甲", "--kind", "enterprise", "--uscc", code]);
            if force {
                cmd.arg("--force");
            }
            cmd.assert().code(2).stdout("").stderr(predicate::str::contains("格式错误").and(predicate::str::contains(why)));
        }
    }
    assert_eq!(unit_count(&env), 0);
}

#[test]
fn duplicate_uscc_is_refused() {
    let env = Env::init();
    env.add_unit("甲", USCC_A);
    for code in [USCC_A, &USCC_A.to_ascii_lowercase()] {
        env.as_clerk()
            .args(["unit", "add", "--name", "乙", "--kind", "enterprise", "--uscc", code])
            .assert()
            .code(2)
            .stderr(predicate::str::contains("已登记给另一单位").and(predicate::str::contains(USCC_A)));
    }
    assert_eq!(unit_count(&env), 1);
}

#[test]
fn individual_without_uscc_is_accepted() {
    let env = Env::init();
    let u = env.json(["unit", "add", "--name", "张三", "--kind", "individual", "--json"]);
    assert_eq!(u["kind"], "individual");
    assert_eq!(u["uscc"], serde_json::Value::Null);
    // Two individuals without codes do not collide.
    env.ok(["unit", "add", "--name", "李四", "--kind", "个人"]);
    assert_eq!(unit_count(&env), 2);
    let shown = env.ok(["unit", "show", "1"]);
    assert!(shown.contains("张三") && shown.contains("（无）"), "{shown}");
}

#[test]
fn non_individual_without_uscc_is_refused() {
    let env = Env::init();
    for kind in ["enterprise", "agency", "机关"] {
        env.as_clerk()
            .args(["unit", "add", "--name", "甲", "--kind", kind])
            .assert()
            .code(2)
            .stderr(predicate::str::contains("必须填写统一社会信用代码"));
        // A blank code counts as none.
        env.as_clerk()
            .args(["unit", "add", "--name", "甲", "--kind", kind, "--uscc", "  "])
            .assert()
            .code(2)
            .stderr(predicate::str::contains("必须填写统一社会信用代码"));
    }
    assert_eq!(unit_count(&env), 0);
}

#[test]
fn unknown_kind_is_refused() {
    let env = Env::init();
    env.as_clerk()
        .args(["unit", "add", "--name", "甲", "--kind", "company", "--uscc", USCC_A])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("未知的单位类别").and(predicate::str::contains("company")));
    assert_eq!(unit_count(&env), 0);
}

#[test]
fn unknown_domain_is_refused() {
    let env = Env::init();
    env.as_clerk()
        .args(["unit", "add", "--name", "甲", "--kind", "enterprise", "--uscc", USCC_A, "--domain", "航天"])
        .assert()
        .code(2)
        .stderr(
            predicate::str::contains("未知的民生领域")
                .and(predicate::str::contains("航天"))
                .and(predicate::str::contains("dengji domain add")),
        );
    assert_eq!(unit_count(&env), 0);
}

#[test]
fn chinese_kind_label_is_accepted() {
    let env = Env::init();
    let u = env.json(["unit", "add", "--name", "甲", "--kind", "企业", "--uscc", USCC_A, "--json"]);
    assert_eq!(u["kind"], "enterprise");
    let u = env.json(["unit", "add", "--name", "乙", "--kind", "重点建设项目", "--uscc", USCC_B, "--json"]);
    assert_eq!(u["kind"], "project");
    let u = env.json(["unit", "add", "--name", "丙", "--kind", "Organization", "--uscc", USCC_C, "--json"]);
    assert_eq!(u["kind"], "organization");
}

#[test]
fn empty_name_is_refused() {
    let env = Env::init();
    env.as_clerk()
        .args(["unit", "add", "--name", " ", "--kind", "enterprise", "--uscc", USCC_A])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("单位名称不能为空"));
}

#[test]
fn list_and_show() {
    let env = Env::init();
    env.ok(["unit", "add", "--name", "杭州甲公司", "--kind", "enterprise", "--uscc", USCC_A, "--domain", "工商"]);
    env.ok(["unit", "add", "--name", "张三", "--kind", "individual"]);

    let list = env.ok(["unit", "list"]);
    let lines: Vec<&str> = list.lines().collect();
    assert_eq!(lines.len(), 2, "{list}");
    assert_eq!(lines[0], format!("1\t{USCC_A}\t企业\t工商\t杭州甲公司"));
    assert_eq!(lines[1], "2\t-\t个人\t-\t张三");

    let json = env.json(["unit", "list", "--json"]);
    let arr = json.as_array().unwrap();
    assert_eq!(arr.len(), 2);
    assert_eq!(arr[0]["name"], "杭州甲公司");
    assert_eq!(arr[0]["domain"], "工商");
    assert_eq!(arr[1]["name"], "张三");

    // show by id and by USCC give the same unit
    let by_id = env.json(["unit", "show", "1", "--json"]);
    let by_uscc = env.json(["unit", "show", USCC_A, "--json"]);
    assert_eq!(by_id, by_uscc);
    assert_eq!(by_id["name"], "杭州甲公司");
    assert_eq!(by_id["uscc"], USCC_A);

    let text = env.ok(["unit", "show", USCC_A]);
    assert!(text.contains("杭州甲公司") && text.contains("企业") && text.contains(USCC_A) && text.contains("工商"), "{text}");

    for missing in ["3", USCC_B, "不存在"] {
        env.as_clerk()
            .args(["unit", "show", missing])
            .assert()
            .code(2)
            .stderr(predicate::str::contains("找不到登记单位").and(predicate::str::contains(missing)));
    }
}

#[test]
fn unit_counts_its_registrations() {
    let env = Env::init();
    crate::support::write_file(env.work("src/a.txt"), "a");
    env.draft_of(&["src"]);
    assert_eq!(env.json(["unit", "show", USCC_A, "--json"])["registrations"], 1);
}

#[test]
fn edit_changes_what_is_given_and_a_new_code_needs_a_reason() {
    let env = Env::init();
    env.add_unit("杭州甲公司", USCC_A);
    let u = env.json(["unit", "edit", "1", "--name", "杭州甲股份公司", "--domain", "医疗", "--json"]);
    assert_eq!(u["changed"], serde_json::json!(["name", "domain"]));
    assert_eq!((u["unit"]["name"].as_str(), u["unit"]["domain"].as_str()), (Some("杭州甲股份公司"), Some("医疗")));
    assert_eq!(u["unit"]["uscc"], USCC_A, "what was not given stays");

    env.as_clerk()
        .args(["unit", "edit", USCC_A, "--uscc", USCC_B])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("更改统一社会信用代码的理由不能为空"));
    let a = env.as_clerk().args(["unit", "edit", USCC_A, "--uscc", USCC_B, "--reason", "换发营业执照", "--no-domain"]).assert().success();
    let err = crate::support::stderr_of(&a);
    assert!(err.contains("已修改：统一社会信用代码、领域"), "{err}");
    assert_eq!(env.json(["unit", "show", "1", "--json"])["uscc"], USCC_B);
    assert_eq!(env.json(["unit", "show", "1", "--json"])["domain"], serde_json::Value::Null);
    env.as_clerk().args(["ledger", "verify"]).assert().code(0);
    let audit = env.json_as(crate::support::ADMIN, ["audit", "--action", "unit.edit", "--json"]);
    assert_eq!(audit.as_array().unwrap().len(), 2, "{audit}");
}

#[test]
fn a_code_outside_the_region_table_is_a_warning() {
    let env = Env::init();
    // 330103 (Hangzhou's old 下城区) was merged away in 2021; this code's check character is its own.
    let code = format!("91330103MA27U0TT7{}", dengji_core::uscc::check_char("91330103MA27U0TT7").unwrap());
    let a = env.as_clerk().args(["unit", "add", "--name", "老单位", "--kind", "enterprise", "--uscc", &code]).assert().success();
    let err = crate::support::stderr_of(&a);
    assert!(err.contains("330103") && err.contains("GB/T 2260"), "{err}");
    let edited = env.json(["unit", "edit", "1", "--uscc", USCC_A, "--reason", "核对", "--json"]);
    assert_eq!(edited["warnings"], serde_json::json!([]));
}

#[test]
fn domains_are_listed_renamed_and_retired_by_an_admin() {
    let env = Env::init();
    env.json(["unit", "add", "--name", "甲", "--kind", "enterprise", "--uscc", USCC_A, "--domain", "工商", "--json"]);
    env.as_clerk().args(["domain", "retire", "工商"]).assert().code(2).stderr(predicate::str::contains("管理员"));
    let d = env.json_as(crate::support::ADMIN, ["domain", "rename", "工商", "市场监管", "--json"]);
    assert_eq!((d["name"].as_str(), d["units"].as_i64()), (Some("市场监管"), Some(1)));
    let d = env.json_as(crate::support::ADMIN, ["domain", "retire", "市场监管", "--json"]);
    assert!(d["retired_at"].is_string(), "{d}");
    let list = env.json(["domain", "list", "--json"]);
    assert!(list.as_array().unwrap().iter().any(|d| d["name"] == "市场监管" && d["retired_at"].is_string()));
    assert!(env.ok(["domain", "list"]).contains("市场监管\t1 个单位\t（已停用）"));
    env.as_clerk()
        .args(["unit", "add", "--name", "乙", "--kind", "enterprise", "--uscc", USCC_B, "--domain", "市场监管"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("已停用").and(predicate::str::contains("dengji domain add 市场监管")));
    assert_eq!(env.json(["unit", "show", "1", "--json"])["domain"], "市场监管");
    env.as_clerk().args(["ledger", "verify"]).assert().code(0);
}

#[test]
fn with_json_errors_are_json_on_stderr_with_the_usual_exit_codes() {
    let env = Env::init();
    let a = env.as_clerk().args(["unit", "show", "999", "--json"]).assert().code(2).stdout("");
    let err: serde_json::Value = serde_json::from_str(crate::support::stderr_of(&a).trim()).expect("stderr is JSON");
    assert_eq!(err["error"]["code"], "unit_not_found");
    assert!(err["error"]["message"].as_str().unwrap().contains("999"), "{err}");
    assert!(err["error"]["hint"].as_str().unwrap().contains("dengji unit list"), "{err}");

    // A usage error found by the argument parser, too.
    let a = env.as_clerk().args(["unit", "add", "--json"]).assert().code(2);
    let err: serde_json::Value = serde_json::from_str(crate::support::stderr_of(&a).trim()).expect("stderr is JSON");
    assert_eq!(err["error"]["code"], "usage");

    // Without --json, people get the sentence.
    env.as_clerk().args(["unit", "show", "999"]).assert().code(2).stderr(predicate::str::starts_with("错误："));

    // Commands that used to answer in words answer in JSON when asked.
    env.add_unit("甲", USCC_A);
    let settings = env.json_as(crate::support::ADMIN, ["settings", "copy-sets", "3", "--json"]);
    assert_eq!(settings["copy_sets_required"], 3);
    let user = env.json_as(crate::support::ADMIN, ["user", "disable", crate::support::REVIEWER, "--json"]);
    assert_eq!(user["disabled"], true);
}
