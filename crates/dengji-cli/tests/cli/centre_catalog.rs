//! A centre archive's catalog on PostgreSQL: `init --catalog postgresql://…`, `attach`
//! from a second workstation, and the refusals of bad addresses, wrong passwords and
//! servers that do not answer.

use std::fs;

use predicates::prelude::*;

use crate::support::{init_cmd, pg_database, s3_cluster, stdout_of, vault_url, write_file, Env, CLERK};

#[test]
fn bad_catalog_addresses_are_refused_before_anything_is_written() {
    let env = Env::new();
    init_cmd(&env, &["--catalog", "postgresql://dengji:secret@127.0.0.1/archive"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("地址中不能含密码").and(predicate::str::contains("PGPASSWORD")));
    init_cmd(&env, &["--catalog", "mysql://dengji@127.0.0.1/archive"]).assert().code(2).stderr(predicate::str::contains("postgresql://"));
    init_cmd(&env, &["--catalog", "postgresql://dengji@127.0.0.1"]).assert().code(2).stderr(predicate::str::contains("缺少数据库名"));
    // Nothing listens there: a clear error within seconds.
    let started = std::time::Instant::now();
    init_cmd(&env, &["--catalog", "postgresql://dengji@127.0.0.1:9/archive", "--json"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("\"code\":\"catalog_connect\""));
    assert!(started.elapsed().as_secs() < 30, "{:?}", started.elapsed());
    assert!(!env.data.exists(), "a refused init leaves no data directory");
}

#[test]
fn a_wrong_password_or_a_used_database_is_refused_and_pgpass_is_read() {
    let probe = Env::new();
    let Some(_) = pg_database(&probe) else { return };
    let (Ok(role_url), Ok(password)) = (std::env::var("DENGJI_TEST_PG_PASSWORD_URL"), std::env::var("DENGJI_TEST_PG_PASSWORD")) else {
        panic!("the test command sets DENGJI_TEST_PG_PASSWORD_URL and DENGJI_TEST_PG_PASSWORD")
    };
    // The role's own database, made by the superuser and handed over.
    let server = std::env::var("DENGJI_TEST_PG_URL").unwrap();
    let db = format!("pw{}", probe.root().file_name().unwrap().to_string_lossy().to_lowercase())
        .replace(|c: char| !c.is_ascii_alphanumeric(), "_");
    let mut admin = postgres::Client::connect(&format!("{server}/postgres"), postgres::NoTls).unwrap();
    admin.batch_execute(&format!("CREATE DATABASE {db} OWNER dengji_pw")).unwrap();
    let url = format!("{role_url}/{db}");

    let env = Env::new();
    init_cmd(&env, &["--catalog", &url, "--json"])
        .env("PGPASSWORD", "not-the-password")
        .env("PGPASSFILE", env.root().join("none"))
        .assert()
        .code(1)
        .stderr(predicate::str::contains("\"code\":\"catalog_connect\"").and(predicate::str::contains("password")));
    assert!(!env.data.exists());

    // The password from a password file only its owner can read, as libpq reads it.
    let pgpass = env.root().join("pgpass");
    fs::write(&pgpass, format!("# the test server\n127.0.0.1:*:{db}:dengji_pw:{password}\n")).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(&pgpass, fs::Permissions::from_mode(0o600)).unwrap();
    }
    init_cmd(&env, &["--catalog", &url]).env_remove("PGPASSWORD").env("PGPASSFILE", &pgpass).assert().code(0);
    let info = env.cmd().env("PGPASSFILE", &pgpass).args(["info", "--json"]).assert().code(0);
    let info: serde_json::Value = serde_json::from_str(&stdout_of(&info)).unwrap();
    assert_eq!(info["catalog"]["kind"], "postgres", "{info}");
    assert_eq!(info["catalog"]["url"], url.as_str());
    // No secret in the data directory.
    let settings = fs::read_to_string(env.data.join("catalog.json")).unwrap();
    assert!(!settings.contains(&password), "{settings}");
    assert!(!env.data.join("catalog.sqlite").exists());

    // A second archive in the same database is refused.
    let again = Env::new();
    init_cmd(&again, &["--catalog", &url, "--json"])
        .env("PGPASSFILE", &pgpass)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("\"code\":\"catalog_not_empty\""));
}

#[test]
fn two_workstations_share_one_centre_archive() {
    let Some((endpoint, bucket)) = s3_cluster() else { return };
    let a = Env::new();
    let Some(catalog) = pg_database(&a) else { return };
    let vault = vault_url(&a, &bucket);
    let a = Env::init_with(&["--catalog", &catalog, "--vault", &vault, "--s3-endpoint", &endpoint]);
    let info = a.json(["info", "--json"]);
    assert_eq!((info["catalog"]["kind"].as_str(), info["vault"]["kind"].as_str()), (Some("postgres"), Some("s3")), "{info}");
    write_file(a.work("src/合同.txt"), "甲乙双方");
    let number = a.seal(a.draft_of(&["src"]));

    // The second workstation: its own data directory, the same catalog and vault.
    let b = Env::new();
    let joined = b.cmd().args(["attach", "--catalog", &catalog, "--vault", &vault, "--s3-endpoint", &endpoint, "--json"]).assert().code(0);
    let joined: serde_json::Value = serde_json::from_str(&stdout_of(&joined)).unwrap();
    assert_eq!(joined["instance_id"], info["instance_id"], "the same archive");
    // Its accounts and registrations are there; a clerk signs in at B and works.
    let shown = b.json_as(CLERK, ["show", &number, "--json"]);
    assert_eq!(shown["registration_number"], number.as_str(), "{shown}");
    write_file(b.work("src2/发票.txt"), "第二台工作站");
    let second = b.seal(b.draft_of(&["src2"]));
    assert_ne!(second, number);
    // A sees B's work; the ledger is one chain, and verifies from either side.
    let listed = a.json(["list", "--json"]);
    assert_eq!(listed.as_array().map(Vec::len), Some(2), "{listed}");
    a.as_admin().args(["ledger", "verify"]).assert().code(0);
    b.as_admin().args(["ledger", "verify"]).assert().code(0);
    b.as_admin().args(["vault", "verify"]).assert().code(0);

    // Attaching needs both servers, and a vault that belongs to the catalog.
    let c = Env::new();
    c.cmd().args(["attach", "--catalog", &catalog, "--json"]).assert().code(2).stderr(predicate::str::contains("attach_needs_servers"));
    let elsewhere = vault_url(&c, &bucket);
    c.cmd()
        .args(["attach", "--catalog", &catalog, "--vault", &elsewhere, "--s3-endpoint", &endpoint, "--json"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("attach_no_vault"));
    assert!(!c.data.exists(), "a refused attach leaves no data directory");
    // A database that holds no archive.
    let empty = Env::new();
    let other = pg_database(&empty).unwrap();
    c.cmd()
        .args(["attach", "--catalog", &other, "--vault", &vault, "--s3-endpoint", &endpoint, "--json"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("catalog_not_dengji"));
}

#[test]
fn an_embedded_archive_moves_up_to_postgresql_and_a_bucket() {
    let Some((endpoint, bucket)) = s3_cluster() else { return };
    let env = Env::init();
    let Some(catalog) = pg_database(&env) else { return };
    write_file(env.work("src/一.txt"), "第一份");
    write_file(env.work("src/二.txt"), "第二份");
    let number = env.seal(env.draft_of(&["src"]));
    env.ok(["search", "测试"]);
    let checkpoint = env.json(["ledger", "verify", "--json"])["checkpoint"].clone();
    let to = env.root().join("市中心数据目录");
    let url = vault_url(&env, &bucket);
    let out = env
        .as_admin()
        .args(["store", "migrate", "--to-data-dir", to.to_str().unwrap(), "--to-catalog", &catalog])
        .args(["--to-vault", &url, "--s3-endpoint", &endpoint, "--json"])
        .assert()
        .success();
    let report: serde_json::Value = serde_json::from_str(&stdout_of(&out)).unwrap();
    assert_eq!((report["ok"].as_bool(), report["report"]["objects"].as_u64()), (Some(true), Some(2)), "{report}");

    // The copy is the same archive on the servers; its ledger goes on from the original's.
    let there = |args: &[&str]| {
        let out = env.process(&[], &to, crate::support::ADMIN, args).output().unwrap();
        assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout).unwrap()
    };
    let info: serde_json::Value = serde_json::from_str(&there(&["info", "--json"])).unwrap();
    assert_eq!((info["catalog"]["kind"].as_str(), info["vault"]["kind"].as_str()), (Some("postgres"), Some("s3")), "{info}");
    assert!(!to.join("catalog.sqlite").exists(), "the catalog is on the server only");
    let shown: serde_json::Value = serde_json::from_str(&there(&["show", &number, "--json"])).unwrap();
    assert_eq!(shown["items"].as_array().unwrap().len(), 2);
    // Search finds Chinese substrings there too (its index is rebuilt from the copy).
    let found = there(&["search", "测试登", "--json"]);
    assert!(found.contains(&number), "{found}");
    let found = there(&["search", "二.tx", "--json"]);
    assert!(found.contains("src/二.txt"), "{found}");
    let verified: serde_json::Value = serde_json::from_str(&there(&["ledger", "verify", "--json"])).unwrap();
    assert_eq!(verified["checkpoint"]["size"].as_i64(), checkpoint["size"].as_i64().map(|n| n + 1), "{verified}");
    there(&["vault", "verify"]);
    // New work at the new place: the copied ids go on (no clash with the copied rows).
    write_file(env.work("src3/三.txt"), "第三份");
    let draft = env
        .process(&[], &to, CLERK, &["intake", "--unit", crate::support::USCC_A, "--title", "迁移后", "--json", "--", "src3"])
        .output()
        .unwrap();
    assert!(draft.status.success(), "{}", String::from_utf8_lossy(&draft.stderr));
    // The original is as it was.
    assert_eq!(env.json(["ledger", "verify", "--json"])["checkpoint"], checkpoint);
    // A second move into the same database is refused before anything is copied.
    let again = env.root().join("另一目录");
    env.as_admin()
        .args(["store", "migrate", "--to-data-dir", again.to_str().unwrap(), "--to-catalog", &catalog, "--json"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("catalog_not_empty"));
    assert!(!again.exists());
}

#[test]
fn a_centre_archive_lost_with_its_database_is_rebuilt_from_its_media() {
    let Some((endpoint, bucket)) = s3_cluster() else { return };
    let probe = Env::new();
    let Some(catalog) = pg_database(&probe) else { return };
    let env = Env::init_with(&["--catalog", &catalog, "--vault", &vault_url(&probe, &bucket), "--s3-endpoint", &endpoint]);
    write_file(env.work("src/一.txt"), "第一份");
    write_file(env.work("src/二.txt"), "第二份");
    let number = env.seal(env.draft_of(&["src"]));
    let medium = env.root().join("介质A1");
    fs::create_dir_all(&medium).unwrap();
    let medium = medium.to_str().unwrap().to_string();
    env.ok(["media", "add", &medium, "--label", "A1", "--set", "A"]);
    env.ok(["backup", "--ignore-health", &medium]);
    // The medium carries a SQLite snapshot of the server's catalog, as any medium does.
    let snapshot = rusqlite::Connection::open(std::path::Path::new(&medium).join("catalog/catalog.sqlite")).unwrap();
    let sealed: i64 = snapshot.query_row("SELECT COUNT(*) FROM registrations WHERE status = 'sealed'", [], |r| r.get(0)).unwrap();
    assert_eq!(sealed, 1);
    env.ok(["media", "verify", &medium]);

    // Database and bucket lost: rebuilt into a new, empty database and prefix.
    let fresh = Env::new();
    let new_catalog = pg_database(&fresh).unwrap();
    let new_vault = vault_url(&fresh, &bucket);
    let rebuilt = env.root().join("重建");
    let out = env
        .process(
            &[],
            &rebuilt,
            crate::support::ADMIN,
            &["recover", "--from", &medium, "--catalog", &new_catalog, "--vault", &new_vault, "--s3-endpoint", &endpoint, "--json"],
        )
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let there = |args: &[&str]| {
        let out = env.process(&[], &rebuilt, crate::support::ADMIN, args).output().unwrap();
        assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout).unwrap()
    };
    let info: serde_json::Value = serde_json::from_str(&there(&["info", "--json"])).unwrap();
    assert_eq!(info["catalog"]["url"], new_catalog.as_str(), "{info}");
    there(&["ledger", "verify"]);
    there(&["vault", "verify"]);
    let shown: serde_json::Value = serde_json::from_str(&there(&["show", &number, "--json"])).unwrap();
    assert_eq!(shown["items"].as_array().unwrap().len(), 2);
}

#[test]
fn two_workstations_take_in_and_seal_at_the_same_time() {
    let Some((endpoint, bucket)) = s3_cluster() else { return };
    let probe = Env::new();
    let Some(catalog) = pg_database(&probe) else { return };
    let vault = vault_url(&probe, &bucket);
    let a = Env::init_with(&["--catalog", &catalog, "--vault", &vault, "--s3-endpoint", &endpoint]);
    a.add_unit("杭州测试有限公司", crate::support::USCC_A);
    let b = Env::new();
    b.cmd().args(["attach", "--catalog", &catalog, "--vault", &vault, "--s3-endpoint", &endpoint]).assert().code(0);

    // Each workstation takes in and seals three hand-overs, both at once.
    let run = |env: &Env, station: &str| -> Vec<String> {
        let data = if station == "a" { &a.data } else { &b.data };
        let ok = |user: &str, args: &[&str]| {
            let out = env.process(&[], data, user, args).output().unwrap();
            assert!(out.status.success(), "{station} {args:?}: {}", String::from_utf8_lossy(&out.stderr));
            String::from_utf8(out.stdout).unwrap().trim().to_string()
        };
        (0..3)
            .map(|i| {
                let dir = format!("{station}{i}");
                write_file(env.work(&format!("{dir}/文件{i}.txt")), format!("{station} 第{i}份").repeat(1000));
                write_file(env.work(&format!("{dir}/附件{i}.bin")), format!("{station}{i}").repeat(50_000));
                let report = ok(CLERK, &["intake", "--unit", crate::support::USCC_A, "--title", &dir, "--json", "--", &dir]);
                let id = serde_json::from_str::<serde_json::Value>(&report).unwrap()["id"].as_i64().unwrap().to_string();
                ok(crate::support::REVIEWER, &["check", "accept", &id, "--all", "--reason", "测试数据"]);
                ok(crate::support::REVIEWER, &["seal", &id])
            })
            .collect()
    };
    let (from_a, from_b) = std::thread::scope(|s| {
        let ta = s.spawn(|| run(&a, "a"));
        let tb = s.spawn(|| run(&b, "b"));
        (ta.join().unwrap(), tb.join().unwrap())
    });
    let mut numbers: Vec<String> = from_a.into_iter().chain(from_b).collect();
    numbers.sort();
    numbers.dedup();
    assert_eq!(numbers.len(), 6, "every registration number given once: {numbers:?}");
    // Nothing lost: every registration holds its two files, on the one ledger.
    for n in &numbers {
        assert_eq!(a.show(n)["items"].as_array().map(Vec::len), Some(2), "{n}");
    }
    a.as_admin().args(["ledger", "verify"]).assert().code(0);
    a.as_admin().args(["vault", "verify"]).assert().code(0);
}

#[test]
fn a_database_that_stops_mid_intake_leaves_the_archive_whole_and_the_intake_resumes() {
    let probe = Env::new();
    let Some(catalog) = pg_database(&probe) else { return };
    // The catalog through a proxy that can be cut, as a server that stops.
    let server = catalog.trim_start_matches("postgresql://postgres@").split('/').next().unwrap().to_string();
    let proxy = crate::cut_proxy::CutProxy::start(&server);
    let through = catalog.replacen(&server, &proxy.addr(), 1);
    let env = Env::init_with(&["--catalog", &through]);
    env.add_unit("杭州测试有限公司", crate::support::USCC_A);
    for i in 0..400 {
        write_file(env.work(&format!("src/{i:03}.txt")), format!("第{i}份"));
    }
    proxy.cut_after(60_000);
    let failed = env.as_clerk().args(["intake", "--unit", crate::support::USCC_A, "--title", "业务数据", "--", "src"]).assert().code(1);
    assert!(proxy.was_cut());
    let err = crate::support::stderr_of(&failed);
    assert!(err.contains("档案数据库"), "{err}");
    proxy.heal();
    // What was committed is whole; the rest is simply not there yet.
    env.as_admin().args(["ledger", "verify"]).assert().code(0);
    env.as_admin().args(["vault", "verify"]).assert().code(0);
    let drafts = env.json(["list", "--json"]);
    let drafts = drafts.as_array().unwrap();
    assert_eq!(drafts.len(), 1, "{drafts:?}");
    let draft = drafts[0]["id"].as_i64().unwrap().to_string();
    // The server let go of the dead job's lock: the draft is not busy, and taking the
    // same folder in again completes it.
    env.ok(["intake", "--draft", &draft, "src"]);
    assert_eq!(env.show(&draft)["items"].as_array().map(Vec::len), Some(400));
    env.seal(draft.parse().unwrap());
    env.as_admin().args(["ledger", "verify"]).assert().code(0);
}
