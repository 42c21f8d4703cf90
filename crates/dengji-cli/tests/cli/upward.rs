//! `dengji upward export | import | ack | status`: a county's report package carried to its
//! city on a drive, taken in there, and the receipt carried back.

use std::fs;

use predicates::prelude::*;

use crate::support::{dengji, openssl_verifies, signed_in, stdout_of, write_file, Env, ADMIN, REVIEWER};

/// `lower` and `upper` register each other, fingerprints checked.
fn register(lower: &Env, upper: &Env) {
    for (from, to, relation) in [(lower, upper, "lower"), (upper, lower, "upper")] {
        from.as_clerk().args(["key", "export", "导出"]).assert().success();
        let fingerprint = from.json(["key", "show", "--json"])[0]["fingerprint"].as_str().unwrap().to_string();
        to.as_admin()
            .args(["peer", "add"])
            .arg(from.work("导出/archive-key-1.pem"))
            .args(["--relation", relation, "--fingerprint", &fingerprint])
            .assert()
            .success();
    }
}

#[test]
fn a_report_goes_up_on_a_drive_and_its_receipt_comes_back() {
    let county = Env::init();
    let city = Env::init_as("杭州市档案馆", "330100", &[]);
    let drive = city.work("U盘");
    fs::create_dir_all(&drive).unwrap();
    county.as_admin().args(["upward", "export", "--to"]).arg(&drive).assert().code(2).stderr(predicate::str::contains("peer add"));
    register(&county, &city);
    write_file(county.work("批次/a.txt"), "县里的第一份档案");
    let draft = county.draft_of(&["批次"]);
    let number = county.seal(draft);

    let out = county.as_admin().args(["upward", "export", "--to"]).arg(&drive).assert().success();
    let package = stdout_of(&out).trim().to_string();
    assert!(package.ends_with("dengji-report-330102-330100-0001"), "{package}");
    assert!(String::from_utf8_lossy(&out.get_output().stderr).contains("dengji upward ack"));
    // Anyone can check the package without Dengji: the county's signature with OpenSSL,
    // every file with sha256sum.
    let dir = std::path::Path::new(&package);
    let cert = county.work("导出/archive-key-1.pem");
    assert!(openssl_verifies(dir, cert.to_str().unwrap(), "tagmanifest-sm3.txt", "tagmanifest-sm3.txt.sig"));
    assert!(!openssl_verifies(dir, cert.to_str().unwrap(), "manifest-sm3.txt", "tagmanifest-sm3.txt.sig"));
    let sums = std::process::Command::new("sha256sum").args(["-c", "--quiet", "manifest-sha256.txt"]).current_dir(dir).output().unwrap();
    assert!(sums.status.success(), "{sums:?}");

    // A clerk at the city may not take reports in; a changed byte is refused whole.
    city.as_clerk().args(["upward", "import", &package]).assert().failure().stderr(predicate::str::contains("接收下级档案馆的上报"));
    let tampered = city.work("tampered");
    copy_dir(std::path::Path::new(&package), &tampered);
    let ledger = tampered.join("data/ledger.jsonl");
    fs::write(&ledger, fs::read_to_string(&ledger).unwrap().replacen("registration.seal", "registration.seaL", 1)).unwrap();
    city.as_admin().args(["upward", "import"]).arg(&tampered).assert().code(2).stderr(predicate::str::contains("data/ledger.jsonl"));

    let imported = city.json_as(ADMIN, ["upward", "import", &package, "--json"]);
    assert_eq!(
        (imported["from"].as_str(), imported["number"].as_i64(), imported["objects"].as_i64()),
        (Some("测试档案馆"), Some(1), Some(1))
    );
    assert!(std::path::Path::new(&package).join("receipt.txt").is_file());
    city.as_admin()
        .args(["upward", "import", &package])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("重放").and(predicate::str::contains("upward status")));

    let acked = county.ok_as(ADMIN, ["upward", "ack", &package]);
    assert!(acked.contains("杭州市档案馆") && acked.contains("上级见证"), "{acked}");
    let verified = county.ok(["ledger", "verify"]);
    assert!(verified.contains("上级见证：本馆台账第"), "{verified}");
    let status = county.json(["upward", "status", "--json"]);
    assert_eq!(status["sent"][0]["number"], 1);
    assert!(status["sent"][0]["acked_at"].is_string());
    assert!(status["witnessed"]["checkpoint"]["size"].as_i64().unwrap() > 0);
    let at_city = city.ok(["upward", "status"]);
    assert!(at_city.contains("接收 测试档案馆 第 1 号") && at_city.contains("已封存登记 1 个"), "{at_city}");
    assert!(at_city.contains("下级档案馆 测试档案馆（330102）  已收到 1 个上报包"), "{at_city}");

    // The city finds the county's registration in its copy and counts it by source.
    let found = city.ok(["search", "测试登记"]);
    assert!(found.contains("下级档案馆 “测试档案馆”（330102）报送的副本") && found.contains(&number), "{found}");
    let by_source = city.json(["stats", "--by", "source", "--json"]);
    let regs: Vec<(String, i64)> = by_source
        .as_array()
        .unwrap()
        .iter()
        .map(|s| (s["archive"].as_str().unwrap().to_string(), s["statistics"]["totals"]["registrations"].as_i64().unwrap()))
        .collect();
    assert_eq!(regs, [("杭州市档案馆".to_string(), 0), ("测试档案馆".to_string(), 1)]);
    assert!(city.ok(["stats", "--by", "source"]).contains("合计"));
    // The annual report over the city and its counties: the tables summed, one by archive.
    let combined = city.json(["stats", "--with-lower", "--json"]);
    assert_eq!(combined["totals"]["registrations"], 1);
    assert_eq!(combined["by_source"][1]["key"], "测试档案馆（330102）");
    assert!(city.json(["stats", "--json"]).get("by_source").is_none());
    let annual = city.work("年报.csv");
    city.ok(["stats", "--with-lower", "--export", annual.to_str().unwrap()]);
    let table = fs::read_to_string(&annual).unwrap();
    assert!(table.contains("按档案馆") && table.contains("测试档案馆（330102）,1,1,"), "{table}");
    // A file presented at the city is attested against the county's copy too.
    let attested = city.as_clerk().arg("attest").arg(county.work("批次/a.txt")).assert().success();
    let attested = stdout_of(&attested);
    assert!(
        attested.contains(&format!("一致：登记 {number}")) && attested.contains("下级档案馆 测试档案馆（330102）第 1 次报送"),
        "{attested}"
    );
    assert!(attested.contains("比对范围：本馆已封存登记，以及下级档案馆报送的目录副本：测试档案馆（第 1 次报送）"), "{attested}");
    // vault verify at the city re-hashes what it holds for the county too.
    let vault = city.json(["vault", "verify", "--json"]);
    assert!(vault["objects"].as_u64().unwrap() >= 4, "{vault}");
    let shown = city.ok(["show", &number]);
    assert!(shown.contains("下级档案馆 “测试档案馆”（330102）报送的副本") && shown.contains("测试登记"), "{shown}");
    assert_eq!(city.json(["show", &number, "--json"])["source"], "测试档案馆");
    // The county's unit asks the city for its data back: the same commands, the number
    // says whose registration it is.
    let app = city.ok(["apply", "restore", &number, "--reason", "县馆服务器损坏", "--reference", "杭档〔2026〕9号"]).trim().to_string();
    assert_eq!(city.json(["applications", "--json"])[0]["lower"]["archive"], "测试档案馆");
    let restored = city.work("恢复到此");
    city.as_clerk().args(["restore", &number, "--application", &app, "--to"]).arg(&restored).assert().code(2);
    city.as_user(REVIEWER).args(["approve", &app]).assert().success();
    city.as_clerk().args(["restore", &number, "--application", &app, "--to"]).arg(&restored).assert().success();
    assert_eq!(fs::read_to_string(restored.join("批次/a.txt")).unwrap(), "县里的第一份档案");
    city.as_clerk()
        .args(["restore", &number, "--application", &app, "--to"])
        .arg(&restored)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("已于"));
    assert!(city.ok(["applications"]).contains("（下级档案馆 测试档案馆）"));

    // The county loses everything: the city writes it a recovery medium, and a new PC at
    // the county is rebuilt from it; the receipt on it makes the rebuilt ledger witnessed.
    let medium = city.work("恢复盘");
    city.as_clerk().args(["upward", "recovery-medium", "--lower", "测试档案馆", "--to"]).arg(&medium).assert().failure();
    let made = city.json_as(ADMIN, ["upward", "recovery-medium", "--lower", "测试档案馆", "--to", medium.to_str().unwrap(), "--json"]);
    assert_eq!((made["registrations"].as_i64(), made["files"].as_i64(), made["cancelled"].as_bool()), (Some(1), Some(1), Some(false)));
    let new = city.work("县里的新工作站");
    signed_in(dengji(&new), ADMIN).args(["recover", "--from"]).arg(&medium).assert().success();
    // The copy was taken as report 1 was written: its receipt comes on the medium.
    signed_in(dengji(&new), ADMIN).args(["upward", "ack"]).arg(medium.join("upward-receipt.txt")).assert().success();
    let verified = signed_in(dengji(&new), ADMIN).args(["ledger", "verify"]).assert().success();
    assert!(stdout_of(&verified).contains("上级见证"), "{}", stdout_of(&verified));
    let listed = signed_in(dengji(&new), ADMIN).args(["list"]).assert().success();
    assert!(stdout_of(&listed).contains(&number));
}

fn copy_dir(from: &std::path::Path, to: &std::path::Path) {
    fs::create_dir_all(to).unwrap();
    for e in fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &to.join(e.file_name()));
        } else {
            fs::copy(e.path(), to.join(e.file_name())).unwrap();
        }
    }
}
