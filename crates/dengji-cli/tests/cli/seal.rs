//! `dengji seal`, `show`, `list`.

use predicates::prelude::*;

use crate::support::{digests_of_bytes, items_by_path, stdout_of, write_file, year_cst, Env, REVIEWER, USCC_A, USCC_B};

fn is_hex64(v: &serde_json::Value) -> bool {
    v.as_str().is_some_and(|s| s.len() == 64 && s.bytes().all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase()))
}

/// Three drafts under two units: #1 and #2 of unit A, #3 of unit B.
fn three_drafts(env: &Env) {
    env.add_unit("杭州甲有限公司", USCC_A);
    env.add_unit("北京乙有限公司", USCC_B);
    write_file(env.work("one/a.txt"), "one");
    write_file(env.work("two/b.txt"), "two");
    write_file(env.work("three/c.txt"), "three");
    assert_eq!(env.intake_new(USCC_A, "第一卷", &["one"])["id"], 1);
    assert_eq!(env.intake_new(USCC_A, "第二卷", &["two"])["id"], 2);
    assert_eq!(env.intake_new(USCC_B, "第三卷", &["three"])["id"], 3);
}

#[test]
fn seal_prints_the_number_alone_and_numbers_follow_seal_order() {
    let env = Env::init();
    three_drafts(&env);
    let year = year_cst();

    env.accept_errors("2");
    let a = env.as_reviewer().args(["seal", "2"]).assert().success();
    assert_eq!(stdout_of(&a), format!("330102-{year}-000001\n"));
    assert!(crate::support::stderr_of(&a).contains("已封存"));
    env.accept_errors("#1");
    let a = env.as_reviewer().args(["seal", "#1"]).assert().success();
    assert_eq!(stdout_of(&a), format!("330102-{year}-000002\n"));

    assert_eq!(env.show("1")["registration_number"], format!("330102-{year}-000002"));
    assert_eq!(env.show("2")["registration_number"], format!("330102-{year}-000001"));
    assert_eq!(env.show("3")["status"], "draft");
}

#[test]
fn sealing_twice_is_refused() {
    let env = Env::init();
    three_drafts(&env);
    let number = env.seal(1);
    for key in ["1", number.as_str()] {
        env.as_reviewer()
            .args(["seal", key])
            .assert()
            .code(2)
            .stdout("")
            .stderr(predicate::str::contains("已封存").and(predicate::str::contains(&number)));
    }
    // The refused attempts used no number.
    assert_eq!(env.seal(2), format!("330102-{}-000002", year_cst()));
    env.as_reviewer()
        .args(["seal", "99"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("找不到登记").and(predicate::str::contains("99")));
    env.as_reviewer().args(["seal"]).assert().code(2);
}

#[test]
fn seal_json() {
    let env = Env::init();
    three_drafts(&env);
    env.accept_errors("3");
    let r = env.json_as(REVIEWER, ["seal", "3", "--json"]);
    assert_eq!(r["check"]["summary"]["integrity"]["error"], 1, "{r}");
    assert_eq!(r["check"]["accepted"][0]["rule"], "integrity.missing_title", "{r}");
    assert_eq!(r["check"]["accepted"][0]["reason"], "测试数据", "{r}");
    assert_eq!(r["id"], 3);
    assert_eq!(r["registration_number"], format!("330102-{}-000001", year_cst()));
    assert_eq!(r["files"], 1);
    assert_eq!(r["bytes"], 5);
    assert!(is_hex64(&r["package_sm3"]) && is_hex64(&r["package_sha256"]), "{r}");
    let shown = env.show("3");
    assert_eq!(shown["package_sm3"], r["package_sm3"]);
    assert_eq!(shown["package_sha256"], r["package_sha256"]);
    assert_eq!(shown["sealed_at"], r["sealed_at"]);
}

#[test]
fn show_json_of_a_sealed_registration() {
    let env = Env::init();
    env.add_unit("杭州甲有限公司", USCC_A);
    write_file(env.work("卷/说明.txt"), "说明文字\n");
    write_file(env.work("卷/image.png"), b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x02\0\0\0\x90wS\xde");
    write_file(env.work("卷/empty"), "");
    let r = env.intake_new(USCC_A, "二〇二四年度会计档案", &["卷"]);
    let number = env.seal(r["id"].as_i64().unwrap());

    let s = env.show(&number);
    assert_eq!(s["registration_number"], number.as_str());
    assert_eq!(s["status"], "sealed");
    assert_eq!(s["unit"]["name"], "杭州甲有限公司");
    assert_eq!(s["unit"]["uscc"], USCC_A);
    assert_eq!(s["title"], "二〇二四年度会计档案");
    assert_eq!(s["kind"], "electronic");
    assert_eq!(s["sealed_by"], REVIEWER);
    let sealed_at = s["sealed_at"].as_str().expect("sealed_at");
    // RFC 3339, UTC, whole seconds: 2026-01-02T03:04:05Z
    assert!(sealed_at.len() == 20 && sealed_at.ends_with('Z') && sealed_at.as_bytes()[10] == b'T', "{sealed_at}");
    assert!(is_hex64(&s["package_sm3"]) && is_hex64(&s["package_sha256"]), "{s}");
    assert_ne!(s["package_sm3"], s["package_sha256"]);
    assert_eq!(s["files"], 3);
    assert_eq!(s["seal_blockers"], serde_json::json!([]));

    let items = items_by_path(&s);
    assert_eq!(items.keys().collect::<Vec<_>>(), ["卷/empty", "卷/image.png", "卷/说明.txt"]);
    for (path, item) in &items {
        assert!(item["size"].is_u64(), "{path}: {item}");
        assert!(is_hex64(&item["sha256"]) && is_hex64(&item["sm3"]), "{path}: {item}");
        assert!(item["format"].as_str().is_some_and(|f| !f.is_empty()), "{path}: {item}");
    }
    assert_eq!(items["卷/说明.txt"]["format"], "TEXT");
    assert_eq!(items["卷/说明.txt"]["size"], "说明文字\n".len());
    assert_eq!(items["卷/image.png"]["format"], "PNG");
    assert_eq!(items["卷/empty"]["format"], "EMPTY");
    assert_eq!(items["卷/empty"]["size"], 0);

    // By draft id it is the same registration.
    assert_eq!(env.show(&r["id"].to_string()), s);

    let text = env.ok(["show", &number]);
    for needle in
        [number.as_str(), "已封存", "杭州甲有限公司", USCC_A, "二〇二四年度会计档案", s["package_sm3"].as_str().unwrap(), "卷/说明.txt"]
    {
        assert!(text.contains(needle), "{needle} missing from\n{text}");
    }
    env.as_clerk()
        .args(["show", "330102-1999-000001"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("找不到登记").and(predicate::str::contains("dengji list")));
}

/// The package digests follow ARCHITECTURE.md, so anyone can recompute them from the items.
#[test]
fn package_digests_are_recomputable_from_the_items() {
    let env = Env::init();
    env.add_unit("杭州甲有限公司", USCC_A);
    write_file(env.work("包/b.txt"), "b");
    write_file(env.work("包/A.txt"), "A");
    write_file(env.work("包/100%.txt"), "percent");
    write_file(env.work("包/子目录/文件 一.txt"), "中文");
    write_file(env.work("包/z/empty"), "");
    write_file(env.work("包/行\n换.txt"), "newline in the name");
    let id = env.intake_new(USCC_A, "题名", &["包"])["id"].as_i64().unwrap();
    let number = env.seal(id);
    let s = env.show(&number);

    let mut items: Vec<&serde_json::Value> = s["items"].as_array().unwrap().iter().collect();
    items.sort_by(|a, b| a["path"].as_str().unwrap().as_bytes().cmp(b["path"].as_str().unwrap().as_bytes()));
    let mut manifest = String::from("dengji-package-v1\n");
    for i in items {
        // RFC 8493 encoding of the path: %, CR and LF percent-encoded.
        let path = i["path"].as_str().unwrap().replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A");
        manifest.push_str(&format!("{} {} {} {}\n", i["sha256"].as_str().unwrap(), i["sm3"].as_str().unwrap(), i["size"], path));
    }
    let (sha, sm3) = digests_of_bytes(manifest.as_bytes());
    assert_eq!(s["package_sha256"], sha.as_str(), "manifest:\n{manifest}");
    assert_eq!(s["package_sm3"], sm3.as_str(), "manifest:\n{manifest}");
}

#[test]
fn list_shows_drafts_and_sealed() {
    let env = Env::init();
    three_drafts(&env);
    let n1 = env.seal(1);
    let n3 = env.seal(3);

    let list = env.json(["list", "--json"]);
    let arr = list.as_array().unwrap();
    assert_eq!(arr.len(), 3);
    let ids: Vec<i64> = arr.iter().map(|r| r["id"].as_i64().unwrap()).collect();
    assert_eq!(ids, [3, 2, 1], "newest first");
    assert_eq!(arr[0]["registration_number"], n3.as_str());
    assert_eq!(arr[0]["status"], "sealed");
    assert_eq!(arr[0]["unit"]["uscc"], USCC_B);
    assert_eq!(arr[1]["registration_number"], serde_json::Value::Null);
    assert_eq!(arr[1]["status"], "draft");
    assert_eq!(arr[1]["title"], "第二卷");
    assert_eq!(arr[2]["registration_number"], n1.as_str());
    assert_eq!(arr[2]["files"], 1);
    assert_eq!(arr[2]["bytes"], 3);

    let text = env.ok(["list"]);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 3, "{text}");
    assert!(lines[0].starts_with(&n3) && lines[0].contains("北京乙有限公司") && lines[0].contains("第三卷"), "{text}");
    assert!(lines[1].starts_with("草稿 #2") && lines[1].contains("第二卷"), "{text}");
    assert!(lines[2].starts_with(&n1) && lines[2].contains("第一卷"), "{text}");
}

#[test]
fn an_abandoned_draft_is_discarded_with_a_reason_and_a_sealed_one_never() {
    let env = Env::init();
    write_file(env.work("kept/a.txt"), "shared");
    write_file(env.work("gone/a.txt"), "shared");
    write_file(env.work("gone/b.txt"), "only here");
    let kept = env.draft_of(&["kept"]);
    let number = env.seal(kept);
    let gone = env.draft_of(&["gone"]);

    env.as_clerk().args(["draft", "discard", &number, "--reason", "误操作"]).assert().code(2).stderr(predicate::str::contains("已封存"));
    let report = env.json(["draft", "discard", &gone.to_string(), "--reason", "单位撤回移交", "--json"]);
    assert_eq!((report["files"].as_i64(), report["objects_removed"].as_i64()), (Some(2), Some(1)), "{report}");
    env.as_clerk().args(["show", &gone.to_string()]).assert().code(2).stderr(predicate::str::contains("找不到登记"));
    let audit = env.json_as(crate::support::ADMIN, ["audit", "--action", "registration.discard", "--json"]);
    assert_eq!(audit[0]["subject"], format!("registration:{gone}"));
    env.as_clerk().args(["ledger", "verify"]).assert().code(0);
    env.as_clerk().args(["vault", "verify"]).assert().code(0);
}

#[test]
fn a_draft_with_unaccepted_check_errors_is_not_sealed_until_a_reviewer_accepts_them() {
    let env = Env::init();
    env.add_unit("杭州甲有限公司", USCC_A);
    write_file(env.work("one/a.txt"), "one");
    write_file(env.work("one/空白.txt"), "");
    assert_eq!(env.intake_new(USCC_A, "第一卷", &["one"])["id"], 1);

    // Refused, naming the first error and the commands that help; no number is used.
    let a = env.as_reviewer().args(["seal", "1"]).assert().code(2).stdout("");
    let err = crate::support::stderr_of(&a);
    assert!(err.contains("四性检测有 2 项错误未经审核员接受") && err.contains("dengji check accept 1"), "{err}");
    let refused = env.as_reviewer().args(["seal", "1", "--json"]).assert().code(2);
    let refused: serde_json::Value = serde_json::from_str(crate::support::stderr_of(&refused).trim()).unwrap();
    assert_eq!(refused["error"]["code"], "seal_check_errors");

    // What is open, for anyone who may look; exit 1 while one is.
    let a = env.as_clerk().args(["check", "errors", "1"]).assert().code(1);
    let listed = stdout_of(&a);
    assert!(listed.contains("[未接受] one/空白.txt：文件为空") && listed.contains("integrity.missing_title"), "{listed}");
    let a = env.as_reviewer().args(["check", "errors", "1", "--json"]).assert().code(1);
    let errors: serde_json::Value = serde_json::from_str(&stdout_of(&a)).unwrap();
    let rules: Vec<&str> = errors.as_array().unwrap().iter().map(|e| e["finding"]["rule"].as_str().unwrap()).collect();
    assert_eq!(rules, ["integrity.missing_title", "integrity.empty_file"]);

    // Only a reviewer accepts; a reason is needed; --rule or --all; a rule that is not
    // there is named.
    let accept = |who: &str, extra: &[&str]| {
        let mut args = vec!["check", "accept", "1"];
        args.extend_from_slice(extra);
        env.as_user(who).args(args).assert()
    };
    accept(crate::support::CLERK, &["--all", "--reason", "x"]).code(2).stderr(predicate::str::contains("审核员"));
    accept(REVIEWER, &["--all"]).code(2);
    accept(REVIEWER, &["--reason", "x"]).code(2);
    accept(REVIEWER, &["--item", "one/空白.txt", "--reason", "x"]).code(2);
    accept(REVIEWER, &["--all", "--reason", " "]).code(2).stderr(predicate::str::contains("接受理由不能为空"));
    accept(REVIEWER, &["--rule", "usability.encrypted", "--reason", "x"])
        .code(2)
        .stderr(predicate::str::contains("没有未接受的检测错误").and(predicate::str::contains("dengji check errors")));
    let one = ["--rule", "integrity.empty_file", "--item", "one/空白.txt", "--reason", "原件为空白表"];
    let a = accept(REVIEWER, &one).success();
    assert!(stdout_of(&a).contains("已接受 1 项检测错误"), "{}", stdout_of(&a));
    env.as_reviewer().args(["seal", "1"]).assert().code(2).stderr(predicate::str::contains("1 项错误"));
    let added = env.json_as(REVIEWER, ["check", "accept", "1", "--rule", "integrity.missing_title", "--reason", "未随附目录", "--json"]);
    assert_eq!(added.as_array().unwrap().len(), 1);
    assert_eq!(added[0]["item"], serde_json::Value::Null, "a finding about the whole registration");
    assert!(stdout_of(&accept(REVIEWER, &["--all", "--reason", "x"]).success()).contains("没有未接受的检测错误"));
    env.as_clerk().args(["check", "errors", "1"]).assert().success().stdout(predicate::str::contains("[已接受]"));

    // Sealed: the seal says what its check found; show gives each acceptance.
    let a = env.as_reviewer().args(["seal", "1"]).assert().success();
    assert!(crate::support::stderr_of(&a).contains("错误 2 项，均经审核员接受"), "{}", crate::support::stderr_of(&a));
    let number = stdout_of(&a).trim().to_string();
    let shown = env.show(&number);
    assert_eq!(shown["seal_check"]["accepted"].as_array().unwrap().len(), 2, "{shown}");
    assert_eq!(shown["check_acceptances"][0]["reason"], "原件为空白表");
    let text = env.ok(["show", &number]);
    assert!(text.contains("封存检测  错误 2 项") && text.contains("理由：未随附目录"), "{text}");
    env.ok(["ledger", "verify"]);
    env.as_clerk().args(["check", "errors", &number]).assert().code(2).stderr(predicate::str::contains("已封存"));
}
