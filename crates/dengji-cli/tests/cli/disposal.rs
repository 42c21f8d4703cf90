//! `dengji disposal due | apply | approve | record | hold | release | list`.

use predicates::prelude::*;

use crate::support::{stdout_of, write_file, Env, REVIEWER};

/// A sealed registration of two contracts catalogued 10年: one from 2014 (past its
/// retention), one from 2024.
fn contracts() -> (Env, String) {
    let env = Env::init();
    write_file(env.work("src/旧合同.txt"), "2014 年的合同");
    write_file(env.work("src/新合同.txt"), "2024 年的合同");
    let draft = env.draft_of(&["src"]);
    env.ok(["draft", "meta", &draft.to_string(), "src/旧合同.txt", "--title", "旧合同", "--retention", "10年", "--date", "2014-05-01"]);
    env.ok(["draft", "meta", &draft.to_string(), "src/新合同.txt", "--title", "新合同", "--retention", "10年", "--date", "2024-05-01"]);
    let number = env.seal(draft);
    (env, number)
}

#[test]
fn due_lists_what_is_past_its_retention_and_a_hold_marks_it_until_released() {
    let (env, number) = contracts();

    let due = env.json(["disposal", "due", "--at", "2026-12-06T10:00:00+08:00", "--json"]);
    let due = due.as_array().unwrap();
    assert_eq!(due.len(), 1);
    assert_eq!(due[0]["registration_number"], number.as_str());
    assert_eq!(due[0]["items"].as_array().unwrap().len(), 1);
    assert_eq!(due[0]["items"][0]["path"], "src/旧合同.txt");
    assert_eq!(due[0]["items"][0]["due_on"], "2025-01-01");
    assert_eq!(due[0]["total_items"], 2);
    let text = env.ok(["disposal", "due", "--at", "2026-12-06T10:00:00+08:00"]);
    assert!(text.contains("1 / 2 件到期") && text.contains("2025-01-01 起可销毁"), "{text}");

    let hold =
        env.ok(["disposal", "hold", &number, "--reference", "（2026）浙0102民初1号", "--reason", "合同纠纷", "--from", "2026-01-01"]);
    let hold = hold.trim().to_string();
    let due = env.json(["disposal", "due", "--at", "2026-12-06T10:00:00+08:00", "--json"]);
    assert_eq!(due[0]["holds"][0]["reference"], "（2026）浙0102民初1号");
    assert!(env.ok(["disposal", "due", "--at", "2026-12-06T10:00:00+08:00"]).contains("诉讼保全中"));
    env.as_clerk()
        .args(["disposal", "hold", &number, "--reference", "x", "--reason", "y", "--until", "2026-13-01"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("2026-13-01"));

    // Released by a reviewer with a reason; the list keeps it, marked released.
    env.as_clerk().args(["disposal", "release", &hold, "--reason", "判决生效"]).assert().code(2);
    env.ok_as(REVIEWER, ["disposal", "release", &hold, "--reason", "判决生效"]);
    let holds = env.json(["disposal", "list", "--json"]);
    assert_eq!(holds["holds"][0]["release_reason"], "判决生效");
    assert!(env.ok(["disposal", "list"]).contains("解除"));
    assert!(env.json(["disposal", "due", "--at", "2026-12-06T10:00:00+08:00", "--json"])[0]["holds"].as_array().unwrap().is_empty());
    let audit = env.json(["audit", "--action", "registration.hold", "--json"]);
    assert_eq!(audit.as_array().unwrap().len(), 1);
}

#[test]
fn a_disposal_is_applied_for_approved_by_a_reviewer_and_printed_as_a_signed_record() {
    let (env, number) = contracts();
    let apply = |item: &str| {
        env.as_clerk()
            .args(["disposal", "apply", &number, "--item", item, "--reason", "保管期限已满", "--consent", "杭测〔2026〕5号", "--json"])
            .assert()
    };
    // Not yet due: refused with the day it becomes due.
    apply("src/新合同.txt").code(2).stderr(predicate::str::contains("\"code\":\"not_due\"").and(predicate::str::contains("2035-01-01")));
    let applied: serde_json::Value = serde_json::from_str(&stdout_of(&apply("src/旧合同.txt").success())).unwrap();
    let id = applied["id"].as_i64().unwrap().to_string();
    assert_eq!(applied["status"], "pending");

    // The applicant cannot approve it; a reviewer does, and the content is gone.
    env.as_clerk().args(["disposal", "approve", &id]).assert().code(2);
    let done = env.json_as(REVIEWER, ["disposal", "approve", &id, "--json"]);
    assert_eq!(done["status"], "approved");
    assert!(done["items"][0]["disposed_at"].is_string());
    let list = env.json(["disposal", "list", "--json"]);
    assert_eq!(list["disposals"][0]["status"], "approved");
    assert!(env.ok(["disposal", "list"]).contains("批准并销毁"));
    assert!(env.json(["vault", "verify", "--json"])["problems"].as_array().unwrap().is_empty());
    let shown = env.show(&number);
    let disposed: Vec<&str> =
        shown["items"].as_array().unwrap().iter().filter(|i| i["disposed_at"].is_string()).map(|i| i["path"].as_str().unwrap()).collect();
    assert_eq!(disposed, ["src/旧合同.txt"]);

    // Attesting the disposed file says so.
    let attested = env.ok(["attest", env.work("src/旧合同.txt").to_str().unwrap()]);
    assert!(attested.contains("已于") && attested.contains("销毁"), "{attested}");

    // The record, signed, checks with OpenSSL against the archive's certificate.
    env.as_clerk().args(["disposal", "record", &id, "--out", env.work("销毁清单.pdf").to_str().unwrap()]).assert().success();
    assert!(std::fs::read(env.work("销毁清单.pdf")).unwrap().starts_with(b"%PDF"));
    env.as_clerk().args(["key", "export", "公钥"]).assert().success();
    assert!(crate::support::openssl_verifies(&env.work(""), "公钥/archive-key-1.pem", "销毁清单.pdf", "销毁清单.pdf.sig"));
    let audit = env.json(["audit", "--action", "registration.dispose", "--json"]);
    assert_eq!(audit.as_array().unwrap().len(), 1);
}
