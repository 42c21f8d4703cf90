//! `dengji backup` onto media that fail: full (a size-capped tmpfs), read-only, and gone
//! (unmounted between two runs). Each stops with a message naming the medium and what to
//! do, leaves no bag that looks complete, keeps the catalog consistent, and the next
//! backup resumes.

use std::fs;
use std::path::Path;

use predicates::prelude::*;
use serde_json::Value;

use crate::mounts::{sys, Mounted};
use crate::support::{stderr_of, write_file, Env};

/// Seals one registration of a single file of `bytes` bytes (content distinct per `n`).
fn sealed(env: &Env, n: usize, bytes: usize) -> String {
    let dir = format!("src{n}");
    write_file(env.work(&format!("{dir}/档案{n}.bin")), (0..bytes).map(|i| (i * 31 + n * 7) as u8).collect::<Vec<u8>>());
    env.seal(env.draft_of(&[&dir]))
}

fn add_medium(env: &Env, path: &str) {
    env.ok(["media", "add", path, "--label", "A1", "--set", "A", "--kind", "usb"]);
}

/// Folders under `bags/` on the medium, by name.
fn bag_folders(root: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(root.join("bags"))
        .map(|d| d.flatten().map(|e| e.file_name().to_string_lossy().into_owned()).collect())
        .unwrap_or_default();
    names.sort();
    names
}

fn registrations_held(env: &Env) -> i64 {
    env.json(["media", "list", "--json"])[0]["registrations"].as_i64().expect("registrations")
}

#[test]
fn a_full_medium_fails_cleanly_and_the_backup_resumes_on_a_larger_one() {
    let env = Env::init();
    let small = Mounted::tmpfs(&env.root().join("小盘"), "1m");
    let path = small.path();
    add_medium(&env, &path);
    let numbers: Vec<String> = (0..4).map(|n| sealed(&env, n, 400_000)).collect();

    let failed = env.as_clerk().args(["backup", "--ignore-health", &path]).assert().code(1);
    let err = stderr_of(&failed);
    assert!(err.contains("介质空间不足") && err.contains("“A1”"), "{err}");
    // The drive's health is shown first; a tmpfs has none, and that is said plainly.
    assert!(err.contains("硬盘健康（SMART）：无法读取") && err.contains("tmpfs"), "{err}");

    // Only complete bags are on the medium, each recorded; nothing half-written is left.
    let bags = bag_folders(&small.point);
    assert!(!bags.is_empty() && bags.len() < 4, "{bags:?}");
    assert!(bags.iter().all(|b| numbers.contains(b)), "no .partial or other leftovers: {bags:?}");
    assert_eq!(registrations_held(&env), bags.len() as i64);
    // What is recorded verifies; only the catalog snapshot, written after a complete run, is missing.
    let out = env.as_clerk().args(["media", "verify", &path, "--json"]).assert().code(1);
    let report: Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    let problems = report["report"]["problems"].as_array().unwrap();
    assert!(problems.iter().all(|p| p["bag"] == "catalog" && p["kind"] == "missing"), "{problems:?}");
    assert_eq!(report["report"]["bags_checked"], bags.len());
    env.ok(["ledger", "verify"]);

    // Copied onto a larger drive, the backup goes on from there.
    let large = env.root().join("大盘");
    fs::create_dir(&large).unwrap();
    sys("cp", &["-a".as_ref(), small.point.join(".").as_os_str(), large.as_os_str()]);
    drop(small);
    let large_path = large.to_str().unwrap();
    let resumed = env.json(["backup", "--ignore-health", large_path, "--json"]);
    let written: Vec<String> = resumed["written"].as_array().unwrap().iter().map(|v| v.as_str().unwrap().to_string()).collect();
    assert_eq!(written, numbers[bags.len()..].to_vec());
    assert!(resumed["health"]["summary_zh"].as_str().unwrap().starts_with("硬盘健康（SMART）"), "{resumed}");
    env.ok(["media", "verify", large_path]);
    assert_eq!(registrations_held(&env), 4);
    env.ok(["ledger", "verify"]);
}

#[test]
fn a_read_only_medium_is_refused_with_a_clear_message() {
    let env = Env::init();
    let medium = Mounted::tmpfs(&env.root().join("只读盘"), "4m");
    let path = medium.path();
    add_medium(&env, &path);
    let number = sealed(&env, 1, 10_000);
    medium.remount("ro");
    env.as_clerk()
        .args(["backup", "--ignore-health", &path])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("介质为只读").and(predicate::str::contains("“A1”")).and(predicate::str::contains("写保护")));
    assert_eq!(registrations_held(&env), 0);
    medium.remount("rw");
    assert_eq!(env.ok(["backup", "--ignore-health", &path]).trim(), number);
    env.ok(["media", "verify", &path]);
}

#[test]
fn a_medium_unmounted_between_runs_is_reported_gone_and_the_backup_resumes_when_it_is_back() {
    let env = Env::init();
    let store = env.root().join("盘的内容");
    fs::create_dir(&store).unwrap();
    let point = env.root().join("挂载点");
    let mounted = Mounted::bind(&store, &point);
    let path = mounted.path();
    add_medium(&env, &path);
    let first = sealed(&env, 1, 10_000);
    assert_eq!(env.ok(["backup", "--ignore-health", &path]).trim(), first);
    let second = sealed(&env, 2, 10_000);

    drop(mounted);
    // The empty mount point is not taken for an unknown folder: the medium is named as gone.
    env.as_clerk()
        .args(["backup", "--ignore-health", &path])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("介质 “A1” 已不可访问").and(predicate::str::contains("拔出")));
    assert!(fs::read_dir(&point).unwrap().next().is_none(), "nothing written to the empty mount point");
    assert_eq!(registrations_held(&env), 1);
    env.ok(["ledger", "verify"]);

    let _back = Mounted::bind(&store, &point);
    assert_eq!(env.ok(["backup", "--ignore-health", &path]).trim(), second);
    env.ok(["media", "verify", &path]);
}
