//! `dengji audit`: the ledger, filtered by operator, action and time.

use chrono::{DateTime, FixedOffset, Utc};
use predicates::prelude::*;

use crate::support::{write_file, Env, ADMIN, CLERK, REVIEWER, USCC_A};

/// Units, a sealed registration and a draft, by the clerk and the reviewer.
fn busy_archive() -> Env {
    let env = Env::init();
    write_file(env.work("src/a.txt"), "alpha");
    write_file(env.work("draft/b.txt"), "bravo");
    let id = env.draft_of(&["src"]);
    env.seal(id);
    env.draft_of(&["draft"]);
    env
}

fn entries(env: &Env, args: &[&str]) -> Vec<serde_json::Value> {
    let mut all = vec!["audit", "--json"];
    all.extend_from_slice(args);
    env.json(all).as_array().expect("a JSON list").clone()
}

fn cst(at: &str) -> String {
    DateTime::parse_from_rfc3339(at)
        .unwrap()
        .with_timezone(&FixedOffset::east_opt(8 * 3600).unwrap())
        .format("%Y-%m-%d %H:%M:%S")
        .to_string()
}

#[test]
fn audit_lists_the_whole_ledger_in_order() {
    let env = busy_archive();
    let all = entries(&env, &[]);
    let count: i64 = env.catalog().query_row("SELECT COUNT(*) FROM ledger", [], |r| r.get(0)).unwrap();
    assert_eq!(all.len() as i64, count);
    let seqs: Vec<i64> = all.iter().map(|e| e["seq"].as_i64().unwrap()).collect();
    assert_eq!(seqs, (1..=count).collect::<Vec<_>>());
    for e in &all {
        for key in ["at", "operator", "action", "subject"] {
            assert!(e[key].as_str().is_some_and(|s| !s.is_empty()), "{key} in {e}");
        }
    }
    assert_eq!(all[0]["action"], "archive.init");
    assert_eq!(all[0]["operator"], ADMIN);

    // Text: seq, China time, operator, action, subject.
    let text = env.ok(["audit"]);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), all.len(), "{text}");
    for (line, e) in lines.iter().zip(&all) {
        let fields: Vec<&str> = line.split('\t').collect();
        assert_eq!(
            fields,
            [
                e["seq"].to_string().as_str(),
                cst(e["at"].as_str().unwrap()).as_str(),
                e["operator"].as_str().unwrap(),
                e["action"].as_str().unwrap(),
                e["subject"].as_str().unwrap()
            ],
            "{text}"
        );
    }
    assert_eq!(entries(&env, &["--limit", "2"]).len(), 2);
}

#[test]
fn audit_by_operator() {
    let env = busy_archive();
    let mine = entries(&env, &["--operator", CLERK]);
    assert!(!mine.is_empty());
    assert!(mine.iter().all(|e| e["operator"] == CLERK), "{mine:?}");
    let actions: Vec<&str> = mine.iter().map(|e| e["action"].as_str().unwrap()).collect();
    assert!(actions.contains(&"unit.add") && actions.contains(&"registration.create"), "{actions:?}");
    assert!(!actions.contains(&"registration.seal"), "{actions:?}");
    let reviewer = entries(&env, &["--operator", REVIEWER]);
    assert_eq!(
        reviewer.iter().map(|e| e["action"].as_str().unwrap()).collect::<Vec<_>>(),
        ["registration.check_accept", "registration.seal"]
    );
    let admin = entries(&env, &["--operator", ADMIN]);
    assert!(admin.iter().any(|e| e["action"] == "user.add"), "{admin:?}");
    // Together the operators cover the whole ledger.
    assert_eq!(mine.len() + reviewer.len() + admin.len(), entries(&env, &[]).len());
    assert_eq!(entries(&env, &["--operator", "无此人"]), Vec::<serde_json::Value>::new());
}

#[test]
fn audit_by_action_and_subject() {
    let env = busy_archive();
    let seals = entries(&env, &["--action", "registration.seal"]);
    assert_eq!(seals.len(), 1, "{seals:?}");
    assert_eq!(seals[0]["operator"], REVIEWER);
    assert_eq!(seals[0]["subject"], "registration:1");
    let text = env.ok(["audit", "--action", "registration.seal"]);
    assert_eq!(text.lines().count(), 1, "{text}");
    assert!(text.contains("registration.seal") && text.contains(REVIEWER) && text.contains("registration:1"), "{text}");
    // A prefix ending in '.' matches a family of actions.
    let regs = entries(&env, &["--action", "registration."]);
    assert!(regs.len() > 2);
    assert!(regs.iter().all(|e| e["action"].as_str().unwrap().starts_with("registration.")), "{regs:?}");
    // Without the dot it is an exact action.
    assert_eq!(entries(&env, &["--action", "registration"]), Vec::<serde_json::Value>::new());
    let users = entries(&env, &["--action", "user.add"]);
    assert_eq!(users.len(), 3);
    // By subject.
    let one = entries(&env, &["--subject", "registration:2"]);
    assert!(!one.is_empty() && one.iter().all(|e| e["subject"] == "registration:2"), "{one:?}");
}

#[test]
fn audit_by_time() {
    let env = busy_archive();
    let all = entries(&env, &[]);
    let today = Utc::now().with_timezone(&FixedOffset::east_opt(8 * 3600).unwrap()).date_naive();
    let day = |d: chrono::NaiveDate| d.format("%Y-%m-%d").to_string();
    // A future day: nothing yet.
    assert_eq!(entries(&env, &["--since", "2999-01-01"]), Vec::<serde_json::Value>::new());
    assert_eq!(env.ok(["audit", "--since", "2999-01-01"]), "");
    assert_eq!(entries(&env, &["--until", "2000-01-01"]), Vec::<serde_json::Value>::new());
    // Today (China time), as a day and through --until including the whole day.
    assert_eq!(entries(&env, &["--since", &day(today)]).len(), all.len());
    assert_eq!(entries(&env, &["--since", &day(today), "--until", &day(today)]).len(), all.len());
    assert_eq!(entries(&env, &["--until", &day(today.pred_opt().unwrap())]), Vec::<serde_json::Value>::new());
    // RFC 3339 instants: since is inclusive, until exclusive.
    let last = all.last().unwrap()["at"].as_str().unwrap().to_string();
    let since_last = entries(&env, &["--since", &last]);
    assert!(!since_last.is_empty() && since_last.iter().all(|e| e["at"] == last.as_str()), "{since_last:?}");
    assert_eq!(entries(&env, &["--until", &last]).len() + since_last.len(), all.len());
    let first = DateTime::parse_from_rfc3339(all[0]["at"].as_str().unwrap()).unwrap();
    let in_cst = first.with_timezone(&FixedOffset::east_opt(8 * 3600).unwrap()).to_rfc3339();
    assert_eq!(entries(&env, &["--since", &in_cst]).len(), all.len());
    for bad in ["2026-13-01", "昨天", "2026/11/25", "1700000000"] {
        env.as_clerk()
            .args(["audit", "--since", bad])
            .assert()
            .code(2)
            .stdout("")
            .stderr(predicate::str::contains("日期").and(predicate::str::contains(bad)).and(predicate::str::contains("YYYY-MM-DD")));
    }
}

#[test]
fn unit_filter_keeps_the_unit_and_its_registrations() {
    let env = busy_archive();
    let other = env.add_unit("另一单位有限公司", "91110000802100433B");
    let mine = entries(&env, &["--unit", USCC_A]);
    let subjects: Vec<&str> = mine.iter().map(|e| e["subject"].as_str().unwrap()).collect();
    assert!(subjects.contains(&"unit:1") && subjects.contains(&"registration:1") && subjects.contains(&"registration:2"), "{subjects:?}");
    assert!(!subjects.contains(&format!("unit:{other}").as_str()));
    assert_eq!(entries(&env, &["--unit", &other.to_string()]).len(), 1);
    env.as_clerk().args(["audit", "--unit", "999"]).assert().code(2).stderr(predicate::str::contains("找不到登记单位"));
}

#[test]
fn the_access_log_has_sign_ins_failed_ones_prints_and_exports_and_ledger_verify_checks_it() {
    let env = busy_archive();
    env.cmd().env("DENGJI_USER", CLERK).env("DENGJI_PASSWORD", "不是这个密码").args(["list"]).assert().code(2);
    let stats = env.work("统计.csv");
    env.ok(["stats", "--export", stats.to_str().unwrap()]);
    let access = env.json_as(REVIEWER, ["audit", "--access", "--json"]);
    let access = access.as_array().unwrap();
    let actions: Vec<&str> = access.iter().map(|e| e["action"].as_str().unwrap()).collect();
    assert!(actions.iter().filter(|a| **a == "sign_in").count() >= 3, "every command signs in: {actions:?}");
    let failed = access.iter().find(|e| e["action"] == "sign_in_failed").expect("the failed sign-in");
    assert_eq!(failed["operator"], CLERK);
    let export = access.iter().find(|e| e["action"] == "export").expect("the export");
    assert_eq!(export["subject"], "statistics");
    assert!(export["payload"].as_str().unwrap().contains("统计.csv"));
    // The ledger listing does not mix them in; a clerk may not read the access log.
    assert!(entries(&env, &[]).iter().all(|e| e["action"] != "sign_in"));
    env.as_clerk().args(["audit", "--access"]).assert().code(2).stderr(predicate::str::contains("无权"));
    let verify = env.ok_as(ADMIN, ["ledger", "verify"]);
    assert!(verify.contains("访问日志完好"), "{verify}");
}
