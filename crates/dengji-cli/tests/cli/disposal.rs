//! `dengji disposal due | hold | release | list`.

use predicates::prelude::*;

use crate::support::{write_file, Env, REVIEWER};

#[test]
fn due_lists_what_is_past_its_retention_and_a_hold_marks_it_until_released() {
    let env = Env::init();
    write_file(env.work("src/旧合同.txt"), "2014 年的合同");
    write_file(env.work("src/新合同.txt"), "2024 年的合同");
    let draft = env.draft_of(&["src"]);
    env.ok(["draft", "meta", &draft.to_string(), "src/旧合同.txt", "--title", "旧合同", "--retention", "10年", "--date", "2014-05-01"]);
    env.ok(["draft", "meta", &draft.to_string(), "src/新合同.txt", "--title", "新合同", "--retention", "10年", "--date", "2024-05-01"]);
    let number = env.seal(draft);

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
    assert_eq!(holds[0]["release_reason"], "判决生效");
    assert!(env.ok(["disposal", "list"]).contains("解除"));
    assert!(env.json(["disposal", "due", "--at", "2026-12-06T10:00:00+08:00", "--json"])[0]["holds"].as_array().unwrap().is_empty());
    let audit = env.json(["audit", "--action", "registration.hold", "--json"]);
    assert_eq!(audit.as_array().unwrap().len(), 1);
}
