//! `dengji recover`: a lost workstation rebuilt from its backup media.

use std::fs;

use predicates::prelude::*;

use crate::support::{dengji, signed_in, stdout_of, write_file, Env, ADMIN, CLERK};

#[test]
fn recover_from_a_medium_gives_the_same_registrations_and_passing_checks() {
    let env = Env::init();
    write_file(env.work("文书/会议纪要.pdf"), vec![3u8; 150_000]);
    write_file(env.work("文书/子目录/说明.txt"), "说明");
    let first = env.seal(env.draft_of(&["文书"]));
    write_file(env.work("基建/总图.dwg"), vec![9u8; 80_000]);
    let second = env.seal(env.draft_of(&["基建"]));
    let medium = env.root().join("介质A1");
    fs::create_dir_all(&medium).unwrap();
    let medium_arg = medium.to_str().unwrap().to_string();
    env.ok(["media", "add", &medium_arg, "--label", "A1", "--set", "A"]);
    env.ok(["backup", "--ignore-health", &medium_arg]);

    // The workstation is lost; a new PC gets the medium.
    let new = env.root().join("新工作站");
    let run = |user: &str| {
        let mut cmd = signed_in(dengji(&new), user);
        cmd.args(["recover", "--from", &medium_arg]);
        cmd
    };
    run(CLERK).assert().code(2).stderr(predicate::str::contains("无权"));
    let out = run(ADMIN).arg("--json").assert().success();
    let report: serde_json::Value = serde_json::from_str(&stdout_of(&out)).unwrap();
    assert_eq!(report["complete"], serde_json::json!([first, second]));
    assert_eq!(report["snapshot_medium"], "A1");

    let in_new = |args: &[&str]| signed_in(dengji(&new), ADMIN).args(args).assert().success();
    in_new(&["ledger", "verify"]);
    in_new(&["vault", "verify"]);
    let listed = |dir: &std::path::Path| {
        let out = signed_in(dengji(dir), ADMIN).args(["list", "--json"]).assert().success();
        let v: serde_json::Value = serde_json::from_str(&stdout_of(&out)).unwrap();
        v.as_array().unwrap().iter().map(|r| (r["registration_number"].clone(), r["package_sha256"].clone())).collect::<Vec<_>>()
    };
    assert_eq!(listed(&new), listed(&env.data));

    // Running it again on a whole archive only fills gaps: nothing is missing.
    run(ADMIN).assert().success().stderr(predicate::str::contains("复制 0 个文件"));
    // A folder that is not empty is refused and left alone.
    let busy = env.root().join("有文件");
    write_file(busy.join("别的.txt"), "x");
    signed_in(dengji(&busy), ADMIN).args(["recover", "--from", &medium_arg]).assert().code(2).stderr(predicate::str::contains("不是空的"));
    assert_eq!(fs::read_dir(&busy).unwrap().count(), 1);
}

#[test]
fn recover_names_registrations_the_media_did_not_hold_and_exits_1() {
    let env = Env::init();
    write_file(env.work("一/a.txt"), "a");
    let first = env.seal(env.draft_of(&["一"]));
    write_file(env.work("二/b.txt"), "b");
    let second = env.seal(env.draft_of(&["二"]));
    let medium = env.root().join("介质A1");
    fs::create_dir_all(&medium).unwrap();
    let medium_arg = medium.to_str().unwrap().to_string();
    env.ok(["media", "add", &medium_arg, "--label", "A1", "--set", "A"]);
    env.ok(["backup", "--ignore-health", &medium_arg]);
    fs::remove_dir_all(medium.join("bags").join(&second)).unwrap();

    let new = env.root().join("新工作站");
    signed_in(dengji(&new), ADMIN)
        .args(["recover", "--from", &medium_arg])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(format!("缺少：{second}")))
        .stderr(predicate::str::contains("dengji recover --from 其他介质"));
    let shown = signed_in(dengji(&new), ADMIN).args(["show", &first, "--json"]).assert().success();
    assert!(stdout_of(&shown).contains(&first));
    signed_in(dengji(&new), ADMIN).args(["vault", "verify"]).assert().code(1);
}

/// Bit rot in the vault: `vault verify` names the object and its files; `recover` into the
/// workstation's own data directory moves the damaged object aside and fetches a good copy.
#[test]
fn recover_into_the_own_data_dir_repairs_a_damaged_vault_object_from_a_medium() {
    use std::os::unix::fs::PermissionsExt;
    let env = Env::init();
    write_file(env.work("文书/会议纪要.pdf"), vec![5u8; 60_000]);
    let number = env.seal(env.draft_of(&["文书"]));
    let medium = env.root().join("介质A1");
    fs::create_dir_all(&medium).unwrap();
    let medium_arg = medium.to_str().unwrap().to_string();
    env.ok(["media", "add", &medium_arg, "--label", "A1", "--set", "A"]);
    env.ok(["backup", "--ignore-health", &medium_arg]);
    let object = walk(&env.data.join("vault/objects")).pop().expect("one object");
    fs::set_permissions(&object, fs::Permissions::from_mode(0o644)).unwrap();
    let mut bytes = fs::read(&object).unwrap();
    bytes[12_345] ^= 0x10;
    fs::write(&object, bytes).unwrap();

    env.as_clerk()
        .args(["vault", "verify"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains(&number).and(predicate::str::contains("文书/会议纪要.pdf")));
    signed_in(dengji(&env.data), ADMIN)
        .args(["recover", "--from", &medium_arg])
        .assert()
        .success()
        .stderr(predicate::str::contains("已移入隔离区"));
    assert_eq!(fs::read(&object).unwrap(), vec![5u8; 60_000]);
    env.ok(["vault", "verify"]);
    env.ok(["ledger", "verify"]);
    assert_eq!(walk(&env.data.join("vault/quarantine")).len(), 1, "the damaged copy is kept");
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for e in fs::read_dir(dir).unwrap().flatten() {
        if e.file_type().unwrap().is_dir() {
            out.extend(walk(&e.path()));
        } else {
            out.push(e.path());
        }
    }
    out
}
