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
