//! `dengji key init | show | export | rotate` and `ledger checkpoint | check-note`.

use std::fs;

use predicates::prelude::*;

use crate::support::{openssl_verifies, Env, ADMIN, PASSWORD, REGION};

#[test]
fn init_makes_the_key_and_show_and_export_describe_it() {
    let env = Env::init();
    let keys = env.json(["key", "show", "--json"]);
    let key = &keys.as_array().unwrap()[0];
    assert_eq!(key["number"], 1);
    assert_eq!(key["status"], "active");
    assert_eq!(key["algorithm"], "SM2-SM3");
    let fp = key["fingerprint"].as_str().unwrap().to_string();
    let text = env.ok(["key", "show"]);
    assert!(text.contains(&fp) && text.contains("现用") && text.contains("测试档案馆"), "{text}");

    env.as_clerk().args(["key", "export", "公钥"]).assert().success();
    let pem = env.work("公钥/archive-key-1.pem");
    assert!(fs::read_to_string(&pem).unwrap().starts_with("-----BEGIN CERTIFICATE-----"));
    // The fingerprint is what OpenSSL computes from the exported certificate.
    let out = std::process::Command::new("bash")
        .arg("-c")
        .arg("openssl x509 -in \"$1\" -pubkey -noout | openssl pkey -pubin -outform DER | openssl dgst -sm3 -r")
        .arg("_")
        .arg(&pem)
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).starts_with(&fp), "{}", String::from_utf8_lossy(&out.stdout));
}

#[test]
fn the_signed_checkpoint_verifies_with_openssl_and_check_note_reads_it_back() {
    let env = Env::init();
    let note = env.ok(["ledger", "checkpoint"]);
    assert!(note.starts_with("dengji-checkpoint-v1\n测试档案馆\n330102\n"), "{note}");
    fs::write(env.work("检查点.txt"), &note).unwrap();
    env.as_clerk().args(["ledger", "check-note", "检查点.txt"]).assert().success().stdout(predicate::str::contains("签名有效"));
    let (body, sig) = note.split_once("\n\n").unwrap();
    fs::write(env.work("body.txt"), format!("{body}\n")).unwrap();
    let b64 = sig.trim().strip_prefix("— dengji ").unwrap();
    use base64::Engine;
    fs::write(env.work("body.sig"), base64::engine::general_purpose::STANDARD.decode(b64).unwrap()).unwrap();
    env.as_clerk().args(["key", "export", "."]).assert().success();
    assert!(openssl_verifies(&env.work(""), "archive-key-1.pem", "body.txt", "body.sig"));
    fs::write(env.work("改过.txt"), note.replacen("330102", "330103", 1)).unwrap();
    env.as_clerk().args(["ledger", "check-note", "改过.txt"]).assert().code(1).stdout(predicate::str::contains("签名无效"));
    fs::write(env.work("乱码.txt"), "hello").unwrap();
    env.as_clerk().args(["ledger", "check-note", "乱码.txt"]).assert().code(2).stderr(predicate::str::contains("签名声明格式错误"));
}

#[test]
fn signing_without_the_passphrase_stops_at_once_and_a_wrong_one_is_refused() {
    let env = Env::init();
    env.as_clerk()
        .env_remove("DENGJI_KEY_PASSPHRASE")
        .args(["ledger", "checkpoint"])
        .timeout(std::time::Duration::from_secs(20))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("DENGJI_KEY_PASSPHRASE"));
    env.as_clerk()
        .env("DENGJI_KEY_PASSPHRASE", "不对的口令不对的口令")
        .args(["ledger", "checkpoint"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("口令不正确"));
    let audit = env.json(["audit", "--action", "key.", "--json"]);
    let actions: Vec<&str> = audit.as_array().unwrap().iter().map(|e| e["action"].as_str().unwrap()).collect();
    assert_eq!(actions.iter().filter(|a| **a == "key.create").count(), 1, "{actions:?}");
    assert_eq!(actions.iter().filter(|a| **a == "key.unlock").count(), 0, "{actions:?}");
}

#[test]
fn an_archive_made_without_a_key_gets_one_later_and_rotation_keeps_old_notes_valid() {
    let env = Env::new();
    env.cmd()
        .env("DENGJI_NEW_PASSWORD", PASSWORD)
        .args(["init", "--archive-name", "测试档案馆", "--region", REGION, "--admin", ADMIN, "--no-key"])
        .assert()
        .success();
    env.as_admin().args(["key", "show"]).assert().success().stdout(predicate::str::contains("尚未生成"));
    env.as_admin().args(["ledger", "checkpoint"]).assert().code(2).stderr(predicate::str::contains("尚未生成机构密钥"));
    env.as_admin().env("DENGJI_KEY_PASSPHRASE", "太短").args(["key", "init"]).assert().code(2).stderr(predicate::str::contains("太短"));
    env.as_admin().args(["key", "init"]).assert().success();
    env.as_admin().args(["key", "init"]).assert().code(2).stderr(predicate::str::contains("已有机构密钥"));
    fs::write(env.work("旧.txt"), env.ok_as(ADMIN, ["ledger", "checkpoint"])).unwrap();
    env.as_admin().env("DENGJI_NEW_KEY_PASSPHRASE", "轮换后的新机构密钥口令").args(["key", "rotate"]).assert().success();
    // The new key now needs the new passphrase.
    env.as_admin().args(["ledger", "checkpoint"]).assert().code(2);
    env.as_admin().env("DENGJI_KEY_PASSPHRASE", "轮换后的新机构密钥口令").args(["ledger", "checkpoint"]).assert().success();
    env.as_admin().args(["ledger", "check-note", "旧.txt"]).assert().success().stdout(predicate::str::contains("已轮换的旧"));
    let keys = env.json_as(ADMIN, ["key", "show", "--json"]);
    assert_eq!(keys.as_array().unwrap().len(), 2);
    env.as_admin().args(["key", "export", "导出"]).assert().success();
    assert!(openssl_verifies(&env.work("导出"), "archive-key-1.pem", "rotation-1-to-2.txt", "rotation-1-to-2.txt.sig"));
    env.as_admin().args(["ledger", "verify"]).assert().success();
}

#[test]
fn the_verifier_page_carries_the_archive_certificates() {
    let env = Env::init();
    env.as_clerk().args(["verifier", "export", "核验页.html"]).assert().success();
    let page = fs::read_to_string(env.work("核验页.html")).unwrap();
    let keys = env.json(["key", "show", "--json"]);
    let fp = keys[0]["fingerprint"].as_str().unwrap();
    assert!(page.contains(&format!("\"fingerprint\":\"{fp}\"")), "the key list is in the page");
    assert!(page.contains("-----BEGIN CERTIFICATE-----"));
    assert!(!page.contains(r#"type="application/json">[]</script>"#), "placeholder replaced");
}
