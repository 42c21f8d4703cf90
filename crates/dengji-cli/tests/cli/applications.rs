//! `dengji apply restore | handback`, `approve`, `reject`, `applications`.

use predicates::prelude::*;

use crate::support::{stderr_of, stdout_of, write_file, Env, ADMIN, CLERK, REVIEWER, USCC_A};

/// An archive with one sealed registration; returns it and its number.
fn sealed() -> (Env, String) {
    let env = Env::init();
    write_file(env.work("src/a.txt"), "alpha");
    let id = env.draft_of(&["src"]);
    let number = env.seal(id);
    (env, number)
}

#[test]
fn apply_prints_the_id_alone() {
    let (env, number) = sealed();
    let a = env
        .as_clerk()
        .args(["apply", "restore", &number, "--reason", "服务器损坏，数据丢失", "--reference", "杭测〔2026〕1号"])
        .assert()
        .success();
    assert_eq!(stdout_of(&a), "1\n");
    assert!(stderr_of(&a).contains("dengji approve 1"), "{}", stderr_of(&a));
    // By draft id it is the same registration.
    let a = env
        .as_clerk()
        .args(["apply", "handback", "1", "--reason", "单位需要原始备份", "--reference", "杭测〔2026〕2号"])
        .assert()
        .success();
    assert_eq!(stdout_of(&a), "2\n");

    let apps = env.json(["applications", "--json"]);
    let apps = apps.as_array().unwrap();
    assert_eq!(apps.len(), 2);
    assert_eq!(apps[0]["id"], 2, "newest first");
    assert_eq!(apps[0]["kind"], "handback");
    assert_eq!(apps[1]["kind"], "restore");
    assert_eq!(apps[1]["registration_number"], number.as_str());
    assert_eq!(apps[1]["unit_name"], "杭州测试有限公司");
    assert_eq!(apps[1]["reason"], "服务器损坏，数据丢失");
    assert_eq!(apps[1]["reference"], "杭测〔2026〕1号");
    assert_eq!(apps[1]["status"], "pending");
    assert_eq!(apps[1]["applied_by"], CLERK);
    assert_eq!(apps[1]["decided_by"], serde_json::Value::Null);
    let text = env.ok(["applications"]);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 2, "{text}");
    assert!(
        lines[1].starts_with("1\t") && lines[1].contains("数据恢复") && lines[1].contains("待审批") && lines[1].contains(&number),
        "{text}"
    );
    assert!(lines[0].starts_with("2\t") && lines[0].contains("交还数据"), "{text}");
}

#[test]
fn apply_needs_a_sealed_registration_a_reason_and_a_reference() {
    let (env, number) = sealed();
    write_file(env.work("draft/b.txt"), "bravo");
    let draft = env.intake_new(USCC_A, "草稿", &["draft"])["id"].to_string();
    env.as_clerk()
        .args(["apply", "restore", &draft, "--reason", "理由", "--reference", "文号"])
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains("尚未封存"));
    env.as_clerk()
        .args(["apply", "restore", "330102-1999-000001", "--reason", "理由", "--reference", "文号"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("找不到登记"));
    env.as_clerk()
        .args(["apply", "restore", &number, "--reason", " ", "--reference", "文号"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("申请理由不能为空"));
    env.as_clerk()
        .args(["apply", "restore", &number, "--reason", "理由", "--reference", ""])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("不能为空"));
    env.as_clerk().args(["apply", "restore", &number, "--reason", "理由"]).assert().code(2);
    env.as_clerk().args(["apply", "restore", &number, "--reference", "文号"]).assert().code(2);
    env.as_clerk().args(["apply", "copy", &number, "--reason", "理由", "--reference", "文号"]).assert().code(2);
    assert_eq!(env.json(["applications", "--json"]), serde_json::json!([]));
}

#[test]
fn applicant_cannot_approve_and_decisions_are_final() {
    let (env, number) = sealed();
    env.add_user("双岗", &["clerk", "reviewer"]);
    let app = env.ok_as("双岗", ["apply", "restore", &number, "--reason", "数据丢失", "--reference", "文号1"]).trim().to_string();
    assert_eq!(app, "1");
    for verb in ["approve", "reject"] {
        env.as_user("双岗").args([verb, &app]).assert().code(2).stdout("").stderr(predicate::str::contains("申请人不能审批"));
    }
    assert_eq!(env.json(["applications", "--json"])[0]["status"], "pending");
    // Another reviewer can.
    let a = env.as_reviewer().args(["approve", &app]).assert().success();
    assert!(stderr_of(&a).contains("已批准"), "{}", stderr_of(&a));
    let apps = env.json(["applications", "--json"]);
    assert_eq!(apps[0]["status"], "approved");
    assert_eq!(apps[0]["decided_by"], REVIEWER);
    assert!(apps[0]["decided_at"].as_str().is_some_and(|t| t.ends_with('Z')), "{apps}");
    // Twice is refused, either way.
    for (who, verb) in [(REVIEWER, "approve"), (ADMIN, "approve"), (ADMIN, "reject")] {
        env.as_user(who).args([verb, &app]).assert().code(2).stderr(predicate::str::contains("不是待审批状态"));
    }
    assert_eq!(env.json(["applications", "--json"])[0]["status"], "approved");

    // An admin may reject another.
    let app2 = env.ok(["apply", "handback", &number, "--reason", "需要原始备份", "--reference", "文号2"]).trim().to_string();
    assert_eq!(app2, "2");
    env.as_admin().args(["reject", "#2"]).assert().success();
    let apps = env.json(["applications", "--json"]);
    assert_eq!(apps[0]["status"], "rejected");
    assert_eq!(apps[0]["decided_by"], ADMIN);
    assert!(env.ok(["applications"]).lines().next().unwrap().contains("已驳回"));
    for missing in ["99", "abc"] {
        env.as_reviewer()
            .args(["approve", missing])
            .assert()
            .code(2)
            .stderr(predicate::str::contains("找不到申请").and(predicate::str::contains(missing)));
    }
    // The ledger has every step, each by its actor.
    let entries = env.json(["audit", "--action", "application.", "--json"]);
    let steps: Vec<(String, String)> = entries
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["action"].as_str().unwrap().to_string(), e["operator"].as_str().unwrap().to_string()))
        .collect();
    let expected: Vec<(String, String)> =
        [("application.create", "双岗"), ("application.approve", REVIEWER), ("application.create", CLERK), ("application.reject", ADMIN)]
            .iter()
            .map(|(a, o)| (a.to_string(), o.to_string()))
            .collect();
    assert_eq!(steps, expected);
    env.as_clerk().args(["ledger", "verify"]).assert().code(0);
}

#[test]
fn handback_gives_the_files_and_a_signed_record_once_and_only_under_a_handback_approval() {
    let (env, number) = sealed();
    let restore = env.ok_as(CLERK, ["apply", "restore", &number, "--reason", "服务器损坏", "--reference", "杭测〔2026〕3号"]);
    env.ok_as(REVIEWER, ["approve", restore.trim()]);
    let to = env.work("单位硬盘");
    let to_arg = to.to_str().unwrap().to_string();
    // A restore approval is not a hand-back approval.
    env.as_clerk()
        .args(["handback", restore.trim(), "--to", &to_arg, "--json"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("\"code\":\"wrong_application_kind\""));
    assert!(!to.exists());

    let app = env.ok_as(CLERK, ["apply", "handback", &number, "--reason", "单位取回原件", "--reference", "杭测〔2026〕4号"]);
    let app = app.trim().to_string();
    env.ok_as(REVIEWER, ["approve", &app]);
    let out = env.as_clerk().args(["handback", &app, "--to", &to_arg, "--json"]).assert().success();
    let report: serde_json::Value = serde_json::from_str(&stdout_of(&out)).unwrap();
    assert_eq!((report["files"].as_u64(), report["signed"].as_bool()), (Some(1), Some(true)), "{report}");
    assert_eq!(std::fs::read_to_string(to.join("src/a.txt")).unwrap(), "alpha");
    let record = format!("单位硬盘/移交清单-{number}-申请{app}.pdf");
    assert_eq!(report["record"].as_str(), Some(env.work(&record).to_str().unwrap()));
    // Anyone holding the archive's certificate checks the record with OpenSSL.
    env.as_clerk().args(["key", "export", "公钥"]).assert().success();
    assert!(crate::support::openssl_verifies(&env.work(""), "公钥/archive-key-1.pem", &record, &format!("{record}.sig")));

    // Used once; the list says so.
    env.as_clerk()
        .args(["handback", &app, "--to", env.work("再一次").to_str().unwrap()])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("只能使用一次"));
    let apps = env.json(["applications", "--json"]);
    let listed = apps.as_array().unwrap().iter().find(|a| a["id"].as_i64().map(|i| i.to_string()) == Some(app.clone())).unwrap().clone();
    assert!(listed["used_at"].is_string(), "{listed}");
    assert!(env.ok(["applications"]).contains("已于"), "the list says when it was used");
    let audit = env.json(["audit", "--action", "registration.handback", "--json"]);
    assert_eq!(audit.as_array().unwrap().len(), 1);
}

#[test]
fn the_admin_sets_how_long_an_approval_lasts() {
    let env = Env::init();
    assert_eq!(env.json_as(ADMIN, ["settings", "show", "--json"])["approval_valid_days"], 30);
    let set = env.json_as(ADMIN, ["settings", "approval-days", "60", "--json"]);
    assert_eq!(set["approval_valid_days"], 60);
    env.as_clerk().args(["settings", "approval-days", "10"]).assert().code(2);
    env.as_admin().args(["settings", "approval-days", "0"]).assert().code(2).stderr(predicate::str::contains("1 到 365 天"));
    assert!(env.ok_as(ADMIN, ["settings", "show"]).contains("批准有效  60 天"));
}
