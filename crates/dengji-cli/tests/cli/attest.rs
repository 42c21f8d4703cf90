//! `dengji attest`: presented files against the sealed registrations (鉴证).

use predicates::prelude::*;

use crate::support::{stdout_of, write_file, Env};

#[test]
fn attest_names_the_registration_of_an_identical_file_and_exits_1_for_a_changed_one() {
    let env = Env::init();
    write_file(env.work("合同/采购合同.pdf"), vec![5u8; 30_000]);
    let number = env.seal(env.draft_of(&["合同"]));
    write_file(env.work("提交/采购合同.pdf"), vec![5u8; 30_000]);
    let mut changed = vec![5u8; 30_000];
    changed[7] = 6;
    write_file(env.work("提交/改过/采购合同.pdf"), changed);

    env.as_reviewer()
        .args(["attest", "提交/采购合同.pdf"])
        .assert()
        .success()
        .stdout(predicate::str::contains(format!("一致：登记 {number}")))
        .stdout(predicate::str::contains("合同/采购合同.pdf"))
        .stdout(predicate::str::contains("尚未备份到任何介质"))
        .stdout(predicate::str::contains("鉴证记录：台账第"));
    env.as_clerk()
        .args(["attest", "提交/采购合同.pdf", "提交/改过/采购合同.pdf"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("不一致：没有内容相同的已登记文件"))
        .stdout(predicate::str::contains(format!("同名但内容不同：登记 {number}")));
    let out = env.as_clerk().args(["attest", "提交/采购合同.pdf", "--json"]).assert().success();
    let report: serde_json::Value = serde_json::from_str(&stdout_of(&out)).unwrap();
    assert_eq!(report["files"][0]["matches"][0]["registration_number"], number);
    assert_eq!(report["files"][0]["sm3"].as_str().unwrap().len(), 64);
    let audit = env.json(["audit", "--action", "attestation", "--json"]);
    assert_eq!(audit.as_array().unwrap().len(), 3);

    // The report: a PDF in Chinese with the verdict and the digests.
    env.as_clerk().args(["attest", "提交/采购合同.pdf", "提交/改过/采购合同.pdf", "--report", "鉴证报告.pdf"]).assert().code(1);
    let pdf = env.work("鉴证报告.pdf");
    let text = std::process::Command::new("pdftotext").arg(&pdf).arg("-").output().unwrap();
    let text: String = String::from_utf8_lossy(&text.stdout).split_whitespace().collect();
    for expected in
        ["鉴证报告", "一致：与已登记文件逐字节相同", "不一致：有同名的已登记文件", &number, "台账第", "第1页共1页", "鉴证机构（盖章）"]
    {
        assert!(text.contains(expected), "{expected} missing from\n{text}");
    }
    let sm3 = crate::support::sm3sum(&env.work("提交/采购合同.pdf"));
    assert!(text.contains(&sm3), "the SM3 of the presented file is printed");
    // Signed as a file: the signature beside it verifies with OpenSSL and the archive's certificate.
    assert!(text.contains("电子签名：本报告PDF文件的全部字节由本馆机构密钥"), "{text}");
    env.as_clerk().args(["key", "export", "公钥"]).assert().success();
    assert!(crate::support::openssl_verifies(&env.work(""), "公钥/archive-key-1.pem", "鉴证报告.pdf", "鉴证报告.pdf.sig"));
    let mut changed = std::fs::read(&pdf).unwrap();
    changed[100] ^= 1;
    std::fs::write(env.work("改过.pdf"), changed).unwrap();
    assert!(!crate::support::openssl_verifies(&env.work(""), "公钥/archive-key-1.pem", "改过.pdf", "鉴证报告.pdf.sig"));

    env.as_clerk().args(["attest", "提交"]).assert().code(2).stderr(predicate::str::contains("不是普通文件"));
    env.as_clerk().args(["attest", "没有.pdf"]).assert().code(2).stderr(predicate::str::contains("找不到要鉴证的文件"));
}
