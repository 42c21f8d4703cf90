//! A centre archive's vault in an S3-compatible bucket: `init --vault s3://… --s3-endpoint
//! …`, `info`, and every command working on it as on the data directory's folder.

use std::fs;

use predicates::prelude::*;

use crate::cut_proxy::CutProxy;
use crate::support::{
    init_cmd, s3_cluster, stderr_of, stdout_of, vault_url, write_file, Env, ADMIN, CLERK, PASSWORD, REGION, REVIEWER, USCC_A,
};

#[test]
fn a_bad_vault_is_refused_before_anything_is_written() {
    let env = Env::new();
    init_cmd(&env, &["--vault", "s3://Bad_Bucket/x", "--s3-endpoint", "http://127.0.0.1:9"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("保管库地址 “s3://Bad_Bucket/x” 无效"));
    init_cmd(&env, &["--vault", "s3://dengji/x", "--s3-endpoint", "127.0.0.1:9"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("对象存储端点 “127.0.0.1:9” 无效"));
    init_cmd(&env, &["--vault", "s3://dengji/x"]).assert().code(2).stderr(predicate::str::contains("--s3-endpoint"));
    // Nothing listens there: a clear error within seconds (connect timeout, few retries).
    let started = std::time::Instant::now();
    init_cmd(&env, &["--vault", "s3://dengji/x", "--s3-endpoint", "http://127.0.0.1:9", "--json"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("\"code\":\"object_store\""));
    assert!(started.elapsed().as_secs() < 30, "{:?}", started.elapsed());
    assert!(!env.data.exists(), "a refused init leaves no data directory");
}

#[test]
fn an_archive_with_its_vault_in_a_bucket_works_as_any_other() {
    let Some((endpoint, bucket)) = s3_cluster() else { return };
    let probe = Env::new();
    let url = vault_url(&probe, &bucket);
    let env = Env::init_with(&["--vault", &url, "--s3-endpoint", &endpoint]);
    let info = env.json(["info", "--json"]);
    assert_eq!(info["vault"]["kind"], "s3", "{info}");
    assert_eq!(info["vault"]["endpoint"], endpoint.as_str());
    let text = env.ok(["info"]);
    assert!(text.contains(&format!("保管库：S3 兼容对象存储 {url}")), "{text}");
    assert!(!env.data.join("vault/objects").exists(), "no objects on this machine");
    // The data directory names the bucket, never a secret.
    let settings = fs::read_to_string(env.data.join("vault.json")).unwrap();
    assert!(!settings.contains(&std::env::var("AWS_SECRET_ACCESS_KEY").unwrap()), "{settings}");

    // Intake, seal, backup, verify, restore: as on an embedded archive.
    write_file(env.work("src/文书/一.txt"), "第一份");
    // Above 64 MiB: uploaded in parts.
    write_file(env.work("src/大文件.bin"), (0..(64u32 << 20) + 1).map(|i| (i * 7 % 251) as u8).collect::<Vec<_>>());
    let number = env.seal(env.draft_of(&["src"]));
    env.as_admin().args(["vault", "verify"]).assert().code(0);
    env.as_admin().args(["ledger", "verify"]).assert().code(0);
    let medium = env.root().join("介质A1");
    fs::create_dir_all(&medium).unwrap();
    let medium = medium.to_str().unwrap().to_string();
    env.ok(["media", "add", &medium, "--label", "A1", "--set", "A"]);
    env.ok(["backup", "--ignore-health", &medium]);
    env.ok(["media", "verify", &medium]);
    let app = env.ok_as(CLERK, ["apply", "restore", &number, "--reason", "服务器断电", "--reference", "上档〔2026〕1号"]);
    env.ok_as(REVIEWER, ["approve", app.trim()]);
    let to = env.root().join("新服务器");
    env.ok_as(CLERK, ["restore", &number, "--to", to.to_str().unwrap(), "--application", app.trim()]);
    assert_eq!(fs::read(to.join("src/大文件.bin")).unwrap(), fs::read(env.work("src/大文件.bin")).unwrap());

    // Another archive may not be made on the same prefix.
    let other = Env::new();
    other
        .cmd()
        .env("DENGJI_NEW_PASSWORD", PASSWORD)
        .args([
            "init",
            "--archive-name",
            "另一馆",
            "--region",
            REGION,
            "--admin",
            ADMIN,
            "--no-key",
            "--vault",
            &url,
            "--s3-endpoint",
            &endpoint,
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("已经存有对象"));
    assert!(!other.data.exists());
}

#[test]
fn credentials_come_from_a_private_file_when_the_variables_are_not_set() {
    let Some((endpoint, bucket)) = s3_cluster() else { return };
    let env = Env::new();
    let url = vault_url(&env, &bucket);
    let file = env.root().join("s3-credentials");
    let (id, secret) = (std::env::var("AWS_ACCESS_KEY_ID").unwrap(), std::env::var("AWS_SECRET_ACCESS_KEY").unwrap());
    fs::write(&file, format!("[default]\naws_access_key_id = {id}\naws_secret_access_key = {secret}\n")).unwrap();
    let without_variables = |mut cmd: assert_cmd::Command| {
        cmd.env_remove("AWS_ACCESS_KEY_ID").env_remove("AWS_SECRET_ACCESS_KEY");
        cmd
    };
    let file_arg = file.to_str().unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(&file, fs::Permissions::from_mode(0o644)).unwrap();
        without_variables(init_cmd(&env, &["--vault", &url, "--s3-endpoint", &endpoint, "--s3-credentials", file_arg]))
            .assert()
            .code(2)
            .stderr(predicate::str::contains("chmod 600"));
        fs::set_permissions(&file, fs::Permissions::from_mode(0o600)).unwrap();
    }
    without_variables(init_cmd(&env, &["--vault", &url, "--s3-endpoint", &endpoint, "--s3-credentials", file_arg])).assert().success();
    env.add_user(CLERK, &["clerk"]);
    env.add_unit("杭州测试有限公司", USCC_A);
    write_file(env.work("src/a.txt"), "a");
    let intake = without_variables(env.as_clerk()).args(["intake", "--unit", USCC_A, "--title", "文书", "--json", "--", "src"]).assert();
    let out = stdout_of(&intake.success());
    assert!(out.contains("\"files\""), "{out}");
    without_variables(env.as_admin()).args(["vault", "verify"]).assert().code(0);
    let info = without_variables(env.as_admin()).args(["info"]).assert().success();
    assert!(stdout_of(&info).contains("S3 凭据："), "{}", stdout_of(&info));
}

/// Bytes that do not compress or repeat across files.
fn noise(seed: u64, len: usize) -> Vec<u8> {
    let mut x = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    (0..len)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x as u8
        })
        .collect()
}

#[test]
fn a_store_that_stops_mid_intake_or_mid_backup_leaves_the_archive_whole_and_the_job_resumes() {
    let Some((endpoint, bucket)) = s3_cluster() else { return };
    let proxy = CutProxy::start(endpoint.trim_start_matches("http://"));
    let probe = Env::new();
    let env = Env::init_with(&["--vault", &vault_url(&probe, &bucket), "--s3-endpoint", &proxy.endpoint()]);
    env.add_unit("杭州测试有限公司", USCC_A);
    for i in 0..24 {
        write_file(env.work(&format!("src/{i:02}.bin")), noise(i, 1 << 20));
    }

    // The store goes away a quarter into the uploads.
    proxy.cut_after(6 << 20);
    let failed = env.as_clerk().args(["intake", "--unit", USCC_A, "--title", "业务数据", "--", "src"]).assert().code(1);
    assert!(proxy.was_cut());
    let err = crate::support::stderr_of(&failed);
    assert!(err.contains("对象存储") && err.contains("s3://"), "{err}");
    proxy.heal();
    // Whatever the catalog took in is in the bucket; the rest is simply not there yet.
    env.as_admin().args(["vault", "verify"]).assert().code(0);
    env.as_admin().args(["ledger", "verify"]).assert().code(0);
    let drafts = env.json(["list", "--json"]);
    let drafts = drafts.as_array().unwrap();
    assert_eq!(drafts.len(), 1, "{drafts:?}");
    let draft = drafts[0]["id"].as_i64().unwrap().to_string();
    // Taking the same folder in again completes the draft.
    env.ok(["intake", "--draft", &draft, "src"]);
    let items = env.show(&draft)["items"].as_array().unwrap().len();
    assert_eq!(items, 24);
    let number = env.seal(draft.parse().unwrap());

    // The store goes away again in the middle of a backup.
    let medium = env.root().join("介质A1");
    fs::create_dir_all(&medium).unwrap();
    let medium = medium.to_str().unwrap().to_string();
    env.ok(["media", "add", &medium, "--label", "A1", "--set", "A"]);
    proxy.cut_after(8 << 20);
    let failed = env.as_clerk().args(["backup", "--ignore-health", &medium]).assert().code(1);
    assert!(proxy.was_cut());
    let err = crate::support::stderr_of(&failed);
    assert!(err.contains("s3://"), "{err}");
    proxy.heal();
    assert!(!std::path::Path::new(&medium).join("bags").join(&number).join("bagit.txt").exists(), "no bag looks whole");
    env.ok(["backup", "--ignore-health", &medium]);
    env.ok(["media", "verify", &medium]);
    env.as_admin().args(["vault", "verify"]).assert().code(0);
    env.as_admin().args(["ledger", "verify"]).assert().code(0);
}

/// Bytes under `dir`, however deep.
fn bytes_under(dir: &std::path::Path) -> u64 {
    let Ok(entries) = fs::read_dir(dir) else { return 0 };
    entries
        .flatten()
        .map(|e| match e.file_type() {
            Ok(t) if t.is_dir() => bytes_under(&e.path()),
            _ => e.metadata().map(|m| m.len()).unwrap_or(0),
        })
        .sum()
}

#[cfg(unix)]
#[test]
fn a_volume_server_killed_mid_backup_leaves_the_archive_whole_and_the_backup_completes() {
    // The test command's servers are there (this needs its `weed`), but the fault needs a
    // cluster of this test's own.
    let Some(_) = s3_cluster() else { return };
    let mut cluster = crate::own_cluster::OwnCluster::start("dengji-own");
    let env = Env::init_with(&["--vault", "s3://dengji-own/archive", "--s3-endpoint", &cluster.endpoint()]);
    env.add_unit("杭州测试有限公司", USCC_A);
    for i in 0..96 {
        write_file(env.work(&format!("src/{i:02}.bin")), noise(100 + i, 1 << 20));
    }
    let id = env.intake_new(USCC_A, "业务数据", &["src"])["id"].as_i64().unwrap();
    let number = env.seal(id);
    let medium = env.root().join("介质A1");
    fs::create_dir_all(&medium).unwrap();
    let medium_arg = medium.to_str().unwrap().to_string();
    env.ok(["media", "add", &medium_arg, "--label", "A1", "--set", "A"]);

    // The backup is frozen once a sixth of the payload is on the medium, one of the two
    // volume servers is killed, and the backup goes on reading from the cluster.
    let mut backup = env
        .process(&[], &env.data, CLERK, &["backup", "--ignore-health", &medium_arg])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let pid = backup.id().to_string();
    while bytes_under(&medium.join("bags")) < 16 << 20 {
        assert!(backup.try_wait().unwrap().is_none(), "the backup ended before the volume server could be killed");
        // Watching the medium fill: the freeze below, not this pause, orders the fault.
        std::thread::sleep(std::time::Duration::from_millis(1));
    }
    assert!(std::process::Command::new("kill").args(["-STOP", &pid]).status().unwrap().success());
    cluster.volumes[0].kill().unwrap();
    cluster.volumes[0].wait().unwrap();
    assert!(std::process::Command::new("kill").args(["-CONT", &pid]).status().unwrap().success());
    let out = backup.wait_with_output().unwrap();
    if !out.status.success() {
        // Not carried through: a clear error naming the store, no bag that looks whole,
        // and the backup run again completes.
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{err}");
        assert!(err.contains("s3://"), "{err}");
        assert!(!medium.join("bags").join(&number).join("bagit.txt").exists(), "no bag looks whole");
        env.ok(["backup", "--ignore-health", &medium_arg]);
    }
    eprintln!("backup with a volume server killed midway: {}", if out.status.success() { "carried through" } else { "failed, rerun" });
    // Every object is still held by the other volume server.
    env.ok(["media", "verify", &medium_arg]);
    env.as_admin().args(["vault", "verify"]).assert().code(0);
    env.as_admin().args(["ledger", "verify"]).assert().code(0);
}

#[test]
fn a_move_up_cut_short_by_the_store_goes_on_when_run_again() {
    let Some((endpoint, bucket)) = s3_cluster() else { return };
    let proxy = CutProxy::start(endpoint.trim_start_matches("http://"));
    let env = Env::init();
    for i in 0..24 {
        write_file(env.work(&format!("src/{i:02}.bin")), noise(200 + i, 1 << 20));
    }
    env.seal(env.draft_of(&["src"]));
    let to = env.root().join("市中心数据目录");
    let url = vault_url(&env, &bucket);
    let args = ["store", "migrate", "--to-data-dir", to.to_str().unwrap(), "--to-vault", &url, "--s3-endpoint", &proxy.endpoint()];

    // The bucket goes away a third into the copy.
    proxy.cut_after(8 << 20);
    let failed = env.as_admin().args(args).assert().code(1);
    assert!(proxy.was_cut());
    assert!(stderr_of(&failed).contains("s3://"), "{}", stderr_of(&failed));
    proxy.heal();
    // The same command again goes on: what was uploaded is not uploaded twice.
    let done = env.as_admin().args(args).arg("--json").assert().success();
    let report: serde_json::Value = serde_json::from_str(&stdout_of(&done)).unwrap();
    assert_eq!(report["ok"], true, "{report}");
    assert_eq!(report["report"]["resumed"], true, "{report}");
    assert_eq!(report["report"]["objects"], 24);
    let already = report["report"]["already_there"].as_u64().unwrap();
    assert!((1..24).contains(&already), "{report}");
    let out = env.process(&[], &to, ADMIN, &["vault", "verify"]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
}

#[test]
fn an_embedded_archive_moves_up_to_a_bucket_and_the_original_stays_as_it_was() {
    let Some((endpoint, bucket)) = s3_cluster() else { return };
    let env = Env::init();
    write_file(env.work("src/一.txt"), "第一份");
    write_file(env.work("src/二.bin"), noise(9, 200_000));
    let number = env.seal(env.draft_of(&["src"]));
    let checkpoint = env.json(["ledger", "verify", "--json"])["checkpoint"].clone();
    let to = env.root().join("市中心数据目录");
    let to_arg = to.to_str().unwrap();
    let url = vault_url(&env, &bucket);
    let args = ["store", "migrate", "--to-data-dir", to_arg, "--to-vault", &url, "--s3-endpoint", &endpoint, "--json"];
    env.as_clerk().args(args).assert().code(2).stderr(predicate::str::contains("forbidden"));
    let out = env.as_admin().args(args).assert().success();
    let report: serde_json::Value = serde_json::from_str(&stdout_of(&out)).unwrap();
    assert_eq!((report["ok"].as_bool(), report["report"]["objects"].as_u64()), (Some(true), Some(2)), "{report}");

    // The copy is the same archive, its vault in the bucket; every command works on it.
    let there = |args: &[&str]| {
        let out = env.process(&[], &to, ADMIN, args).output().unwrap();
        assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout).unwrap()
    };
    let info: serde_json::Value = serde_json::from_str(&there(&["info", "--json"])).unwrap();
    assert_eq!(info["vault"]["kind"], "s3");
    let shown: serde_json::Value = serde_json::from_str(&there(&["show", &number, "--json"])).unwrap();
    assert_eq!(shown["items"].as_array().unwrap().len(), 2);
    there(&["vault", "verify"]);
    there(&["ledger", "verify"]);
    assert!(!to.join("vault/objects").exists(), "the copy's objects are in the bucket only");
    // The original is as it was: the same ledger head, its own vault folder.
    assert_eq!(env.json(["ledger", "verify", "--json"])["checkpoint"], checkpoint);
    env.as_admin().args(["vault", "verify"]).assert().code(0);
    // A second move into the same prefix is refused.
    let again = env.root().join("另一目录");
    env.as_admin()
        .args(["store", "migrate", "--to-data-dir", again.to_str().unwrap(), "--to-vault", &url, "--s3-endpoint", &endpoint])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("已经存有对象"));
}

#[test]
fn a_lost_centre_workstation_is_rebuilt_from_media_into_a_bucket() {
    let Some((endpoint, bucket)) = s3_cluster() else { return };
    let env = Env::init();
    write_file(env.work("src/一.txt"), "第一份");
    write_file(env.work("src/二.bin"), noise(11, 300_000));
    let number = env.seal(env.draft_of(&["src"]));
    let medium = env.root().join("介质A1");
    fs::create_dir_all(&medium).unwrap();
    let medium = medium.to_str().unwrap().to_string();
    env.ok(["media", "add", &medium, "--label", "A1", "--set", "A"]);
    env.ok(["backup", "--ignore-health", &medium]);

    // The workstation is lost; the centre rebuilds it with the vault in its bucket.
    let rebuilt = env.root().join("重建");
    let url = vault_url(&env, &bucket);
    let recover = |extra: &[&str]| {
        let mut args = vec!["recover", "--from", &medium, "--vault", &url, "--s3-endpoint", &endpoint];
        args.extend_from_slice(extra);
        env.process(&[], &rebuilt, ADMIN, &args).output().unwrap()
    };
    let out = recover(&["--json"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let there = |args: &[&str]| {
        let out = env.process(&[], &rebuilt, ADMIN, args).output().unwrap();
        assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout).unwrap()
    };
    let info: serde_json::Value = serde_json::from_str(&there(&["info", "--json"])).unwrap();
    assert_eq!(info["vault"]["kind"], "s3");
    assert!(!rebuilt.join("vault/objects").exists(), "the objects went to the bucket");
    there(&["vault", "verify"]);
    there(&["ledger", "verify"]);
    let shown: serde_json::Value = serde_json::from_str(&there(&["show", &number, "--json"])).unwrap();
    assert_eq!(shown["items"].as_array().unwrap().len(), 2);
    // Running it again (as after an interruption) changes nothing and keeps the bucket.
    let again = recover(&[]);
    assert!(again.status.success(), "{}", String::from_utf8_lossy(&again.stderr));
    there(&["vault", "verify"]);
}
