//! `dengji peer add | list`: another archive registered by the certificate it exported, once
//! the admin confirmed its fingerprint; its next key taken on the signature of the old.

use predicates::prelude::*;

use crate::support::{Env, ADMIN};

#[test]
fn an_admin_registers_a_lower_archive_after_checking_its_fingerprint_and_then_its_next_key() {
    let county = Env::init();
    county.as_clerk().args(["key", "export", "导出"]).assert().success();
    let cert = county.work("导出/archive-key-1.pem");
    let fingerprint = county.json(["key", "show", "--json"])[0]["fingerprint"].as_str().unwrap().to_string();
    let city = Env::init_as("杭州市档案馆", "330100", &[]);
    let add = |args: &[&str]| {
        let mut cmd = city.as_admin();
        cmd.args(["peer", "add"]).arg(&cert).args(args);
        cmd
    };

    // First the fingerprint to check with the county; nothing is registered.
    add(&["--relation", "lower"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(&fingerprint).and(predicate::str::contains(format!("--fingerprint {fingerprint}"))));
    add(&["--relation", "lower", "--fingerprint", &"0".repeat(64)]).assert().code(2).stderr(predicate::str::contains("指纹不符"));
    add(&["--relation", "lower", "--fingerprint", "12ab"]).assert().code(2).stderr(predicate::str::contains("64 位十六进制"));
    add(&["--relation", "sideways", "--fingerprint", &fingerprint]).assert().code(2).stderr(predicate::str::contains("upper（上级）"));
    city.as_clerk()
        .args(["peer", "add"])
        .arg(&cert)
        .args(["--relation", "lower", "--fingerprint", &fingerprint])
        .assert()
        .failure()
        .stderr(predicate::str::contains("登记上下级档案馆"));
    assert_eq!(city.json(["peer", "list", "--json"]), serde_json::json!([]));

    // Read out over the telephone: upper case, in groups of eight.
    let spoken: Vec<String> = fingerprint.to_uppercase().as_bytes().chunks(8).map(|c| String::from_utf8(c.to_vec()).unwrap()).collect();
    let added = city.json_as(ADMIN, {
        let mut a = vec!["peer".to_string(), "add".into(), cert.to_string_lossy().into_owned(), "--relation".into(), "lower".into()];
        a.extend(["--fingerprint".into(), spoken.join(" "), "--json".into()]);
        a
    });
    assert_eq!(added["peer"]["name"], "测试档案馆");
    assert_eq!(added["peer"]["relation"], "lower");
    assert_eq!(added["rotation"], false);
    let listed = city.ok(["peer", "list"]);
    assert!(listed.contains("测试档案馆（330102）  下级") && listed.contains(&fingerprint), "{listed}");

    // The county rotates its key. The new self-signed certificate is refused with the file
    // to ask for instead; the one the old key signed is taken without a fingerprint.
    county.as_admin().env("DENGJI_NEW_KEY_PASSPHRASE", "测试档案馆新的机构密钥口令").args(["key", "rotate"]).assert().success();
    county.as_clerk().args(["key", "export", "轮换后"]).assert().success();
    city.as_admin()
        .args(["peer", "add"])
        .arg(county.work("轮换后/archive-key-2.pem"))
        .args(["--relation", "lower", "--fingerprint", &"0".repeat(64)])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("指纹不符"));
    city.as_admin()
        .args(["peer", "add"])
        .arg(county.work("轮换后/archive-key-2.pem"))
        .args(["--relation", "lower"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("signed-by-key"));
    city.as_admin()
        .args(["peer", "add"])
        .arg(county.work("轮换后/archive-key-2-signed-by-key-1.pem"))
        .args(["--relation", "lower"])
        .assert()
        .success()
        .stderr(predicate::str::contains("新密钥"));
    let peers = city.json(["peer", "list", "--json"]);
    assert_eq!(peers[0]["keys"].as_array().unwrap().len(), 2);
    assert_eq!(peers[0]["keys"][1]["signed_by"], fingerprint.as_str());
    city.as_clerk().args(["ledger", "verify"]).assert().success();
}
