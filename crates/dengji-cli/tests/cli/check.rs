//! `dengji check`: the four-property check (四性检测), its exit codes and JSON shape.

use predicates::prelude::*;
use serde_json::Value;

use crate::support::{stdout_of, write_file, Env, REVIEWER};

/// A valid one-page PDF (the xref offsets are those of this exact text).
const PDF: &[u8] = b"%PDF-1.4\n\
1 0 obj\n\
<< /Type /Catalog /Pages 2 0 R >>\n\
endobj\n\
2 0 obj\n\
<< /Type /Pages /Kids [3 0 R] /Count 1 >>\n\
endobj\n\
3 0 obj\n\
<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>\n\
endobj\n\
xref\n\
0 4\n\
0000000000 65535 f \n\
0000000009 00000 n \n\
0000000058 00000 n \n\
0000000115 00000 n \n\
trailer\n\
<< /Size 4 /Root 1 0 R >>\n\
startxref\n\
186\n\
%%EOF\n\
";

/// `dengji check` with no ClamAV on the PATH, as on a workstation without it.
fn check(env: &Env, user: &str, args: &[&str]) -> assert_cmd::assert::Assert {
    let no_tools = env.root().join("no-tools");
    std::fs::create_dir_all(&no_tools).unwrap();
    env.as_user(user).env("PATH", &no_tools).arg("check").args(args).assert()
}

#[test]
fn a_broken_hand_over_exits_1_and_json_names_each_finding_by_item_and_rule() {
    let env = Env::init();
    write_file(env.work("合同/空白.pdf"), b"");
    write_file(env.work("合同/工具"), b"\x7fELF\x02\x01\x01\0binary");
    write_file(env.work("合同/正文.pdf"), PDF);
    let draft = env.draft_of(&["合同"]).to_string();

    let out = check(&env, "登记员", &[&draft, "--json"]).code(1);
    let report: Value = serde_json::from_str(&stdout_of(&out)).unwrap();
    let findings = report["findings"].as_array().unwrap();
    for f in findings {
        let keys: Vec<&str> = f.as_object().unwrap().keys().map(String::as_str).collect();
        assert_eq!(keys, ["item", "message", "property", "rule", "severity"], "{f}");
        assert!(["authenticity", "integrity", "usability", "security"].contains(&f["property"].as_str().unwrap()), "{f}");
        assert!(["error", "warning", "info"].contains(&f["severity"].as_str().unwrap()), "{f}");
    }
    let has = |rule: &str, item: Option<&str>| findings.iter().any(|f| f["rule"] == rule && f["item"].as_str() == item);
    assert!(has("integrity.empty_file", Some("合同/空白.pdf")), "{findings:#?}");
    assert!(has("security.executable", Some("合同/工具")), "{findings:#?}");
    assert!(has("integrity.missing_title", None), "no file has a title: one finding for the registration");
    assert!(has("security.not_scanned", None));
    assert_eq!(report["virus_scan"], serde_json::json!({"state": "not_scanned", "why": "未安装 ClamAV，未做病毒扫描"}));
    assert_eq!(report["summary"]["security"]["error"], 1);
    assert_eq!(report["cancelled"], false);

    // The human report groups by property, naming item and rule.
    check(&env, "登记员", &[&draft])
        .code(1)
        .stdout(predicate::str::contains("真实性："))
        .stdout(predicate::str::contains("完整性：错误 2"))
        .stdout(predicate::str::contains("[错误] 合同/空白.pdf：文件为空（0 字节），没有内容。（integrity.empty_file）"))
        .stdout(predicate::str::contains("安全性：错误 1"))
        .stdout(predicate::str::contains("病毒扫描：未安装 ClamAV，未做病毒扫描"))
        .stdout(predicate::str::contains("结论：未通过"));

    // The same as a PDF report in Chinese.
    check(&env, "登记员", &[&draft, "--report", "四性检测报告.pdf"]).code(1);
    let text = std::process::Command::new("pdftotext").arg(env.work("四性检测报告.pdf")).arg("-").output().unwrap();
    let text: String = String::from_utf8_lossy(&text.stdout).split_whitespace().collect();
    for expected in
        ["四性检测报告", "结论：未通过", "[错误]合同/空白.pdf", "规则integrity.empty_file", "病毒扫描：未安装ClamAV", "第1页共", "电子签名"]
    {
        assert!(text.contains(expected), "{expected} missing from\n{text}");
    }
    env.as_clerk().args(["key", "export", "公钥"]).assert().success();
    assert!(crate::support::openssl_verifies(&env.work(""), "公钥/archive-key-1.pem", "四性检测报告.pdf", "四性检测报告.pdf.sig"));
}

#[test]
fn a_sound_registration_passes_before_and_after_sealing_and_its_checks_are_kept() {
    let env = Env::init();
    write_file(env.work("文书/通知.pdf"), PDF);
    write_file(env.work("文书/名册.csv"), "姓名,年龄\n张三,30\n".as_bytes());
    let draft = env.draft_of(&["文书"]).to_string();
    env.ok(["draft", "meta", &draft, "文书/通知.pdf", "--title", "关于档案工作的通知", "--pages", "1"]);
    env.ok(["draft", "meta", &draft, "文书/名册.csv", "--title", "职工名册"]);

    check(&env, "登记员", &[&draft])
        .success()
        .stdout(predicate::str::contains("可用性：通过"))
        .stdout(predicate::str::contains("结论：通过"))
        .stdout(predicate::str::contains("已随登记保存并记入台账"));
    let number = env.seal(draft.parse().unwrap());
    let out = check(&env, REVIEWER, &[&number, "--json"]).success();
    let report: Value = serde_json::from_str(&stdout_of(&out)).unwrap();
    assert_eq!(report["label"], number.as_str());
    assert_eq!(report["summary"]["usability"], serde_json::json!({"error": 0, "warning": 0, "info": 0}));

    let shown = env.show(&number);
    let checks = shown["checks"].as_array().unwrap();
    // The intake's own check first, then the clerk's and the reviewer's.
    assert_eq!(checks.len(), 3);
    assert_eq!(checks.iter().map(|c| c["at_intake"] == true).collect::<Vec<_>>(), [true, false, false]);
    assert_eq!((checks[1]["operator"].as_str(), checks[2]["operator"].as_str()), (Some("登记员"), Some(REVIEWER)));
    // At intake the files had no titles yet (catalogued after): that check did not pass.
    assert_eq!(checks.iter().map(|c| c["passed"] == true).collect::<Vec<_>>(), [false, true, true]);
    assert!(checks.iter().all(|c| c["virus_scan"]["state"] == "not_scanned"));
    assert!(env.ok(["show", &number]).contains("四性检测"));
    assert_eq!(env.json(["audit", "--action", "registration.check", "--json"]).as_array().unwrap().len(), 3);
    env.ok(["ledger", "verify"]);
}

#[test]
fn only_clerks_and_reviewers_check_and_unknown_registrations_are_usage_errors() {
    let env = Env::init();
    write_file(env.work("a/b.txt"), "正文".as_bytes());
    let draft = env.draft_of(&["a"]).to_string();
    check(&env, "管理员", &[&draft]).code(2).stderr(predicate::str::contains("无权做四性检测"));
    check(&env, "登记员", &["999"]).code(2).stderr(predicate::str::contains("找不到登记"));
}
