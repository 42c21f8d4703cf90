//! `dengji cert issue | print | verify | list`, and `ledger verify` over certificates.

use std::fs;

use predicates::prelude::*;

use crate::support::{digests_of_bytes, stdout_of, write_file, year_cst, Env, REVIEWER, USCC_A};

/// An archive with one sealed registration of two files; returns the env and its number.
fn sealed() -> (Env, String) {
    let env = Env::init();
    write_file(env.work("交接/文书/a.txt"), "甲\n");
    write_file(env.work("交接/文书/b.txt"), "乙\n");
    let draft = env.draft_of(&["交接"]);
    let number = env.seal(draft);
    (env, number)
}

/// `cert issue NUMBER --out NAME --json` as the clerk.
fn issue(env: &Env, number: &str, out: &str) -> serde_json::Value {
    env.json(["cert", "issue", number, "--out", out, "--json"])
}

#[test]
fn issue_writes_the_pdf_and_print_reproduces_it_byte_for_byte() {
    let (env, number) = sealed();
    let year = year_cst();
    let v = issue(&env, &number, "证明.pdf");
    let cert_no = format!("330102-{year}-Z000001");
    assert_eq!(v["certificate_number"], cert_no);
    assert_eq!(v["registration_number"], number);
    assert_eq!(v["reissue_of"], serde_json::Value::Null);
    let pdf = fs::read(env.work("证明.pdf")).unwrap();
    let (sha256, sm3) = digests_of_bytes(&pdf);
    assert_eq!(v["pdf_sha256"], sha256, "the digest recorded is the file's, by sha256sum");
    assert_eq!(v["pdf_sm3"], sm3, "and by openssl dgst -sm3");
    assert_eq!(v["pdf_bytes"], pdf.len());
    assert!(v["qr_text"].as_str().unwrap().starts_with(&format!("DJC2|{cert_no}|{number}|")), "{v}");
    assert!(v["qr_text"].as_str().unwrap().contains("|SIG="), "{v}");

    // Another process renders it again: the same bytes.
    env.ok(["cert", "print", &cert_no, "--out", "副本.pdf"]);
    assert_eq!(fs::read(env.work("副本.pdf")).unwrap(), pdf);

    let text = std::process::Command::new("pdftotext").arg(env.work("副本.pdf")).arg("-").output().unwrap();
    let text: String = String::from_utf8(text.stdout).unwrap().split_whitespace().collect();
    for expected in ["档案登记证明", &cert_no, &number, "杭州测试有限公司", USCC_A, "测试档案馆", "交接/文书/a.txt", "附件：文件清单"]
    {
        assert!(text.contains(expected), "pdftotext lacks {expected}:\n{text}");
    }

    // Without --json: the number on stdout, the rest on stderr.
    let a = env.as_clerk().args(["cert", "issue", &number, "--out", "再次.pdf"]).assert().success();
    assert_eq!(stdout_of(&a), format!("330102-{year}-Z000002\n"));
    assert!(crate::support::stderr_of(&a).contains("补发"));
}

#[test]
fn verify_by_number_pdf_and_qr_text() {
    let (env, number) = sealed();
    let v = issue(&env, &number, "证明.pdf");
    let cert_no = v["certificate_number"].as_str().unwrap().to_string();
    let qr = v["qr_text"].as_str().unwrap().to_string();

    for args in [vec!["cert", "verify", cert_no.as_str()], vec!["cert", "verify", "--pdf", "证明.pdf"], vec!["cert", "verify", "--qr", &qr]]
    {
        let a = env.as_clerk().args(&args).assert().code(0);
        assert!(stdout_of(&a).contains("真实有效"), "{args:?}: {}", stdout_of(&a));
    }
    let j = env.json(["cert", "verify", "--pdf", "证明.pdf", "--json"]);
    assert_eq!(j["ok"], true);
    assert_eq!(j["status"], "current");
    assert_eq!(j["certificate"]["certificate_number"], cert_no);

    // One byte changed anywhere: not issued by this archive.
    let mut pdf = fs::read(env.work("证明.pdf")).unwrap();
    let at = pdf.len() / 3;
    pdf[at] = pdf[at].wrapping_add(1);
    fs::write(env.work("改过.pdf"), &pdf).unwrap();
    env.as_clerk().args(["cert", "verify", "--pdf", "改过.pdf"]).assert().code(1).stdout(predicate::str::contains("不是本馆签发"));
    let j: serde_json::Value = serde_json::from_slice(
        &env.as_clerk().args(["cert", "verify", "--pdf", "改过.pdf", "--json"]).assert().code(1).get_output().stdout,
    )
    .unwrap();
    assert_eq!(j["status"], "not_issued");

    env.as_clerk().args(["cert", "verify", "330102-2000-Z000009"]).assert().code(1).stdout(predicate::str::contains("没有签发"));
    let forged = qr.replace(&number, "330102-2000-000001");
    env.as_clerk().args(["cert", "verify", "--qr", &forged]).assert().code(1).stdout(predicate::str::contains("签名无效"));
    let a = env.as_clerk().args(["cert", "verify", "--qr", &qr]).assert().code(0);
    assert!(stdout_of(&a).contains("电子签名：签名有效"), "{}", stdout_of(&a));
    for bad in ["DJC1|残缺", "你好", &qr.replace("DJC2", "DJC9"), "DJC2|残缺|SIG=AAAA"] {
        env.as_clerk()
            .args(["cert", "verify", "--qr", bad])
            .assert()
            .code(2)
            .stderr(predicate::str::contains("二维码内容无法识别"))
            .stderr(predicate::str::contains("panicked").not());
    }
    env.as_clerk().args(["cert", "verify", "--pdf", "不存在.pdf"]).assert().code(2).stderr(predicate::str::contains("不存在.pdf"));
    // Exactly one of number, --pdf, --qr.
    env.as_clerk().args(["cert", "verify"]).assert().code(2);
    env.as_clerk().args(["cert", "verify", &cert_no, "--qr", &qr]).assert().code(2);
}

#[test]
fn a_reissue_supersedes_the_earlier_certificate() {
    let (env, number) = sealed();
    let first = issue(&env, &number, "一.pdf");
    let second = issue(&env, &number, "二.pdf");
    let (first_no, second_no) = (first["certificate_number"].as_str().unwrap(), second["certificate_number"].as_str().unwrap());
    assert_eq!(second["reissue_of"], first_no);
    let a = env.as_clerk().args(["cert", "verify", first_no]).assert().code(1);
    assert!(stdout_of(&a).contains("取代") && stdout_of(&a).contains(second_no), "{}", stdout_of(&a));
    env.as_clerk().args(["cert", "verify", "--pdf", "一.pdf"]).assert().code(1).stdout(predicate::str::contains(second_no));
    env.as_clerk().args(["cert", "verify", "--pdf", "二.pdf"]).assert().code(0);

    let list = env.json(["cert", "list", "--json"]);
    let rows = list.as_array().unwrap();
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0]["certificate_number"], second_no);
    assert_eq!(rows[1]["superseded_by"], second_no);
    let text = env.ok(["cert", "list"]);
    assert!(text.contains("补发") && text.contains(&format!("已由 {second_no} 取代")), "{text}");
    assert!(env.ok(["ledger", "verify"]).contains("台账完好"));
    let audit = env.json(["audit", "--action", "certificate.issue", "--json"]);
    assert_eq!(audit.as_array().unwrap().len(), 2);
}

#[test]
fn drafts_and_other_roles_get_no_certificate() {
    let env = Env::init();
    write_file(env.work("草稿/a.txt"), "a");
    let draft = env.draft_of(&["草稿"]);
    env.as_clerk()
        .args(["cert", "issue", &draft.to_string(), "--out", "x.pdf"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("尚未封存"));
    assert!(!env.work("x.pdf").exists());
    let number = env.seal(draft);
    env.as_user(REVIEWER)
        .args(["cert", "issue", &number, "--out", "x.pdf"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("无权出具登记证明"));
    env.as_clerk()
        .args(["cert", "print", "330102-2000-Z000001", "--out", "x.pdf"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("找不到登记证明"));
    assert!(!env.work("x.pdf").exists());
}

#[test]
fn a_certificate_row_edited_behind_the_triggers_is_caught() {
    let (env, number) = sealed();
    let v = issue(&env, &number, "证明.pdf");
    let cert_no = v["certificate_number"].as_str().unwrap();
    let db = env.catalog();
    assert!(db.execute_batch("UPDATE certificates SET unit_name = '冒名公司'").is_err(), "the trigger refuses");
    db.execute_batch("DROP TRIGGER certificates_no_update; UPDATE certificates SET unit_name = '冒名公司'").unwrap();
    let a = env.as_clerk().args(["ledger", "verify"]).assert().code(1);
    assert!(stdout_of(&a).contains(cert_no) && stdout_of(&a).contains("unit_name"), "{}", stdout_of(&a));
    env.as_clerk().args(["cert", "verify", "--pdf", "证明.pdf"]).assert().code(1).stdout(predicate::str::contains("台账"));
    // Printing would now give another document: refused, nothing written.
    env.as_clerk().args(["cert", "print", cert_no, "--out", "副本.pdf"]).assert().code(1).stderr(predicate::str::contains("不一致"));
    assert!(!env.work("副本.pdf").exists());
}
