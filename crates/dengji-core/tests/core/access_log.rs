//! The access log: sign-ins and failed ones, unlocks, and what signed-in users recorded
//! (locks, prints, verifications, exports), in a chain of its own that `ledger verify`
//! checks, leaving the ledger's numbering alone.

use dengji_core::{AccessEvent, AuditFilter, Error};

use crate::support::{at, Fixture, PASSWORD};

#[test]
fn sign_ins_failures_unlocks_and_recorded_events_form_their_own_chain() {
    let mut f = Fixture::new();
    // The fixture's set-up signed in the admin (at init), the clerk and the reviewer.
    let ledger_before = f.archive.verify_ledger().unwrap().entries;
    assert!(matches!(f.archive.login("登记员", "错误的密码", at()), Err(Error::BadCredentials)));
    assert!(matches!(f.archive.login("没有此人", "随便什么", at()), Err(Error::BadCredentials)));
    f.archive.unlock("登记员", PASSWORD, at()).unwrap();
    assert!(matches!(f.archive.unlock("登记员", "又错了", at()), Err(Error::BadCredentials)));
    let clerk = f.clerk.clone();
    f.archive.record_access(AccessEvent::Lock, "user:2", &serde_json::json!({}), &clerk).unwrap();
    f.archive.record_access(AccessEvent::Export, "statistics", &serde_json::json!({"out": "/tmp/统计.xlsx"}), &clerk).unwrap();

    let log = f.archive.access_log(&AuditFilter::default(), &f.reviewer).unwrap();
    let seen: Vec<(&str, &str)> = log.iter().map(|e| (e.operator.as_str(), e.action.as_str())).collect();
    assert_eq!(
        seen,
        [
            ("管理员", "sign_in"),
            ("登记员", "sign_in"),
            ("审核员", "sign_in"),
            ("登记员", "sign_in_failed"),
            ("没有此人", "sign_in_failed"),
            ("登记员", "unlock"),
            ("登记员", "unlock_failed"),
            ("登记员", "lock"),
            ("登记员", "export"),
        ]
    );
    assert!(log[3].payload.contains("bad_credentials"), "{}", log[3].payload);
    assert!(log[8].payload.contains("统计.xlsx"));
    let failed = AuditFilter { action: Some("sign_in_".into()), ..Default::default() };
    assert_eq!(f.archive.access_log(&failed, &f.reviewer).unwrap().len(), 2, "a prefix ending in _ narrows");

    // Only reviewers and admins read it; nothing is recorded without a sign-in.
    assert!(matches!(f.archive.access_log(&AuditFilter::default(), &clerk), Err(Error::Forbidden { .. })));
    // The ledger's numbering (printed on certificates) is untouched by all of this.
    let report = f.archive.verify_ledger().unwrap();
    assert_eq!((report.entries, report.access_entries, report.ok()), (ledger_before, 9, true));
}

#[test]
fn an_edited_access_log_entry_is_refused_and_if_forced_found_by_ledger_verify() {
    let mut f = Fixture::new();
    f.archive.login("审核员", "错误的密码", at()).unwrap_err();
    let conn = f.catalog();
    let refused = conn.execute("UPDATE access_log SET operator = '别人' WHERE seq = 3", ());
    assert!(refused.unwrap_err().to_string().contains("append-only"));
    assert!(conn.execute("DELETE FROM access_log WHERE seq = 3", ()).is_err());
    // Past the triggers (someone with the file and sqlite3): the chain shows it.
    f.drop_trigger("access_log_append_only_update", "access_log");
    conn.execute_batch("UPDATE access_log SET operator = '别人' WHERE seq = 3;").unwrap();
    let report = f.archive.verify_ledger().unwrap();
    assert!(!report.ok());
    let problem = report.problems.iter().find(|p| p.subject == "access_log:3").expect("the access log's break is named");
    assert!(problem.message.contains("访问日志第 3 条"), "{}", problem.message);
}
