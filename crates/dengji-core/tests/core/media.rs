//! Backup media: registering, writing sealed registrations as BagIt bags, verifying.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use dengji_core::transfer::Digests;
use dengji_core::{CancelToken, Error, MediumKind, NoProgress, ProblemKind, RegistrationId, Tamper};

use crate::support::{content, write, Fixture};

fn entries(f: &Fixture, action: &str) -> usize {
    f.archive.audit(&dengji_core::AuditFilter { action: Some(action.into()), ..Default::default() }).unwrap().len()
}

pub fn medium(f: &mut Fixture, name: &str) -> PathBuf {
    let root = f.tmp.path().join(name);
    fs::create_dir_all(&root).unwrap();
    f.archive.add_medium(&root, name, "A", MediumKind::Usb, Some("档案室 2 号柜"), &f.clerk).unwrap();
    root
}

pub fn sealed(f: &mut Fixture, name: &str, files: &[(&str, Vec<u8>)]) -> (RegistrationId, String) {
    let src = f.src(name);
    for (rel, bytes) in files {
        write(&src.join(rel), bytes);
    }
    let id = f.intake(name, std::slice::from_ref(&src)).id;
    (id, f.seal(id).registration_number)
}

pub fn backup(f: &mut Fixture, root: &Path) -> dengji_core::BackupReport {
    f.archive.backup(root, &f.clerk, &NoProgress, &CancelToken::new()).unwrap()
}

pub fn verify(f: &mut Fixture, root: &Path) -> dengji_core::MediumReport {
    f.archive.verify_medium(root, None, &f.clerk, &NoProgress, &CancelToken::new()).unwrap()
}

fn run_ok(cmd: &mut Command) -> String {
    let out = cmd.output().unwrap_or_else(|e| panic!("{cmd:?}: {e}"));
    let text = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert!(out.status.success(), "{cmd:?} failed:\n{text}");
    text
}

#[test]
fn a_medium_is_registered_once_with_an_identity_file_and_refused_by_another_archive() {
    let mut f = Fixture::new();
    let root = medium(&mut f, "备份盘A1");
    let ident: serde_json::Value = serde_json::from_slice(&fs::read(root.join("DENGJI-MEDIUM.json")).unwrap()).unwrap();
    assert_eq!(ident["label"], "备份盘A1");
    assert_eq!(ident["set"], "A");
    assert_eq!(ident["kind"], "usb");
    assert_eq!(ident["archive"]["name"], "上城区档案馆");
    assert_eq!(ident["archive"]["instance_id"], f.archive.info().unwrap().instance_id);
    assert!(fs::read_to_string(root.join("README-如何核验.txt")).unwrap().contains("sha256sum -c manifest-sha256.txt"));
    let media = f.archive.media().unwrap();
    assert_eq!(media.len(), 1);
    assert_eq!(media[0].location.as_deref(), Some("档案室 2 号柜"));
    assert!(media[0].capacity_bytes.unwrap() > 0 && media[0].free_bytes.is_some());

    let again = f.archive.add_medium(&root, "别名", "B", MediumKind::Hdd, None, &f.clerk);
    assert!(matches!(again, Err(Error::MediumRegistered { .. })), "{again:?}");
    let other_root = f.tmp.path().join("另一个盘");
    fs::create_dir_all(&other_root).unwrap();
    let taken = f.archive.add_medium(&other_root, "备份盘A1", "A", MediumKind::Usb, None, &f.clerk);
    assert!(matches!(taken, Err(Error::MediumLabelTaken(_))), "{taken:?}");
    let reviewer = f.archive.add_medium(&other_root, "审核员的盘", "A", MediumKind::Usb, None, &f.reviewer);
    assert!(matches!(reviewer, Err(Error::Forbidden { .. })), "{reviewer:?}");

    // Another archive neither registers nor writes to this medium.
    let mut other = Fixture::new();
    let foreign = other.archive.add_medium(&root, "外来", "A", MediumKind::Usb, None, &other.clerk);
    assert!(matches!(foreign, Err(Error::MediumForeign { .. })), "{foreign:?}");
    let write = other.archive.backup(&root, &other.clerk, &NoProgress, &CancelToken::new());
    assert!(matches!(write, Err(Error::MediumForeign { .. })), "{write:?}");
    let unknown = f.archive.backup(&other_root, &f.clerk, &NoProgress, &CancelToken::new());
    assert!(matches!(unknown, Err(Error::MediumUnknown(_))), "{unknown:?}");
    assert_eq!(entries(&f, "medium.add"), 1);
}

#[test]
fn bags_validate_with_bagit_py_and_sha256sum_and_keep_odd_names() {
    let mut f = Fixture::new();
    let root = medium(&mut f, "A1");
    let (_, plain) = sealed(&mut f, "会议 纪要", &[("扫描件/第 一 页.pdf", content(1, 200_000)), ("空.txt", Vec::new())]);
    let (_, odd) = sealed(&mut f, "百分号", &[("100% 完成.txt", b"done".to_vec()), ("子 目录/说明.txt", b"readme".to_vec())]);
    let report = backup(&mut f, &root);
    assert_eq!(report.written, vec![plain.clone(), odd.clone()]);
    assert_eq!(report.files, 4);

    let bag = root.join("bags").join(&plain);
    assert_eq!(fs::read_to_string(bag.join("bagit.txt")).unwrap(), "BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n");
    let info = fs::read_to_string(bag.join("bag-info.txt")).unwrap();
    for line in [
        "Source-Organization: 上城区档案馆".to_string(),
        format!("External-Identifier: {plain}"),
        "Bagging-Date: 2026-11-25".to_string(),
        "Payload-Oxum: 200000.2".to_string(),
        "Bag-Group-Identifier: 91330000MA27U0TT7T".to_string(),
        "Dengji-Unit-Name: 杭州某某科技有限公司".to_string(),
    ] {
        assert!(info.lines().any(|l| l == line), "{line} not in\n{info}");
    }
    assert_eq!(fs::read(bag.join("data/会议 纪要/扫描件/第 一 页.pdf")).unwrap(), content(1, 200_000));
    run_ok(Command::new("python3").args(["-m", "bagit", "--validate"]).arg(&bag));
    let out = run_ok(Command::new("sha256sum").args(["-c", "manifest-sha256.txt"]).current_dir(&bag));
    assert_eq!(out.matches(": OK").count(), 2, "{out}");

    // `%` is written %25 in the manifests (RFC 8493 §2.1.3); the file keeps its name.
    let odd_bag = root.join("bags").join(&odd);
    assert_eq!(fs::read(odd_bag.join("data/百分号/100% 完成.txt")).unwrap(), b"done");
    let manifest = fs::read_to_string(odd_bag.join("manifest-sm3.txt")).unwrap();
    assert!(manifest.lines().any(|l| l.ends_with("  data/百分号/100%25 完成.txt")), "{manifest}");
    let report = verify(&mut f, &root);
    assert!(report.ok(), "{:?}", report.problems);
    assert_eq!((report.bags_checked, report.files), (2, 4));
    // bagit.py 1.8 does not decode %25 (bagit-python issue #157), so it would call this
    // file missing; the tag manifest still covers all four tag files.
    let tags = fs::read_to_string(odd_bag.join("tagmanifest-sha256.txt")).unwrap();
    assert_eq!(tags.lines().count(), 4);
}

#[test]
fn backup_is_incremental_and_resumes_after_a_failure() {
    let mut f = Fixture::new();
    let root = medium(&mut f, "A1");
    let (_, first) = sealed(&mut f, "一", &[("a.txt", b"a".to_vec())]);
    assert_eq!(backup(&mut f, &root).written, vec![first.clone()]);
    let again = backup(&mut f, &root);
    assert!(again.written.is_empty());
    assert_eq!(again.already_held, 1);

    let (_, second) = sealed(&mut f, "二", &[("b.txt", b"b".to_vec())]);
    let (_, third) = sealed(&mut f, "三", &[("c.txt", b"c".to_vec())]);
    // A leftover of a killed run is removed and the bag written again.
    write(&root.join("bags").join(format!(".{second}.partial/data/half")), b"x");
    // Something in the way of the third bag stops the run after the second, with a
    // message naming the medium; the third is neither recorded nor left looking complete.
    let obstacle = root.join("bags").join(&third);
    fs::write(&obstacle, b"not a bag").unwrap();
    let failed = f.archive.backup(&root, &f.clerk, &NoProgress, &CancelToken::new());
    match &failed {
        Err(e @ Error::MediumWrite { label, .. }) => {
            assert_eq!(label, "A1");
            assert!(e.to_string().contains("写入备份介质 “A1” 失败"), "{e}");
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(f.archive.media().unwrap()[0].registrations, 2, "the second bag was recorded, the third not");
    assert!(root.join("bags").join(&second).join("bagit.txt").is_file());
    assert!(!root.join("bags").join(format!(".{second}.partial")).exists());
    assert!(!root.join("bags").join(format!(".{third}.partial")).exists());
    fs::remove_file(&obstacle).unwrap();
    // A bag renamed into place but never recorded (a crash in between) is rewritten.
    write(&root.join("bags").join(&third).join("stale.txt"), b"stale");

    let resumed = backup(&mut f, &root);
    assert_eq!(resumed.written, vec![third.clone()]);
    assert!(!root.join("bags").join(&third).join("stale.txt").exists());
    // The catalog snapshot is taken after the last bag is recorded.
    let checkpoint = f.archive.checkpoint().unwrap();
    assert_eq!(resumed.snapshot, Some(checkpoint));
    let snap = rusqlite::Connection::open(root.join("catalog/catalog.sqlite")).unwrap();
    let (size, head): (i64, String) =
        snap.query_row("SELECT seq, entry_hash FROM ledger ORDER BY seq DESC LIMIT 1", [], |r| Ok((r.get(0)?, r.get(1)?))).unwrap();
    assert_eq!((size, head), (checkpoint.size, checkpoint.head.to_hex()));
    assert!(fs::read_to_string(root.join("catalog/CHECKPOINT.txt")).unwrap().contains(&checkpoint.head.to_hex()));
    let media = f.archive.media().unwrap();
    assert_eq!((media[0].registrations, media[0].bytes_used), (3, 3));
    assert!(media[0].last_backup_at.is_some());
    assert!(verify(&mut f, &root).ok());
    assert_eq!(entries(&f, "medium.backup"), 3);
}

#[test]
fn verify_names_every_flipped_truncated_deleted_and_extra_file() {
    let mut f = Fixture::new();
    let root = medium(&mut f, "A1");
    let (_, number) =
        sealed(&mut f, "核验", &[("一.bin", content(1, 10_000)), ("二.bin", content(2, 10_000)), ("三.bin", content(3, 10_000))]);
    let (_, other) = sealed(&mut f, "另一", &[("x.txt", b"x".to_vec())]);
    backup(&mut f, &root);
    let data = root.join("bags").join(&number).join("data/核验");
    let mut bytes = fs::read(data.join("一.bin")).unwrap();
    bytes[5000] ^= 0x01;
    fs::write(data.join("一.bin"), bytes).unwrap();
    fs::write(data.join("二.bin"), &content(2, 10_000)[..9_000]).unwrap();
    fs::remove_file(data.join("三.bin")).unwrap();
    fs::write(data.join("多余.txt"), b"extra").unwrap();
    fs::remove_dir_all(root.join("bags").join(&other)).unwrap();

    let report = verify(&mut f, &root);
    assert!(!report.ok());
    let found: Vec<(String, String, ProblemKind)> = report.problems.iter().map(|p| (p.bag.clone(), p.path.clone(), p.kind)).collect();
    // Checking the SHA-256 manifest alone finds the same problems.
    let sha_only = f.archive.verify_medium_with(&root, None, Digests::Sha256, &f.clerk, &NoProgress, &CancelToken::new()).unwrap();
    let found_sha: Vec<(String, String, ProblemKind)> = sha_only.problems.iter().map(|p| (p.bag.clone(), p.path.clone(), p.kind)).collect();
    assert_eq!(found_sha, found);
    for want in [
        (number.clone(), "data/核验/一.bin".to_string(), ProblemKind::Changed),
        (number.clone(), "data/核验/二.bin".to_string(), ProblemKind::Changed),
        (number.clone(), "data/核验/三.bin".to_string(), ProblemKind::Missing),
        (number.clone(), "data/核验/多余.txt".to_string(), ProblemKind::Extra),
        (other.clone(), String::new(), ProblemKind::Missing),
    ] {
        assert!(found.contains(&want), "{want:?} not in {found:?}");
    }
    assert_eq!(found.len(), 5, "{found:?}");
    let m = &f.archive.media().unwrap()[0];
    assert_eq!(m.last_result.as_deref(), Some("problems"));
    assert!(m.last_verified_at.is_some());

    // A manifest edited by hand is caught too.
    let manifest = root.join("bags").join(&number).join("manifest-sha256.txt");
    let text = fs::read_to_string(&manifest).unwrap().replacen('a', "b", 1);
    fs::write(&manifest, text).unwrap();
    let report = verify(&mut f, &root);
    assert!(report.problems.iter().any(|p| p.path == "manifest-sha256.txt" && p.kind == ProblemKind::Changed), "{:?}", report.problems);

    // So is a damaged or missing catalog snapshot.
    fs::write(root.join("catalog/catalog.sqlite"), b"not a database").unwrap();
    let report = verify(&mut f, &root);
    assert!(report
        .problems
        .iter()
        .any(|p| (p.bag.as_str(), p.path.as_str(), p.kind) == ("catalog", "catalog.sqlite", ProblemKind::Changed)));
    fs::remove_file(root.join("catalog/catalog.sqlite")).unwrap();
    let report = verify(&mut f, &root);
    assert!(report.problems.iter().any(|p| (p.bag.as_str(), p.kind) == ("catalog", ProblemKind::Missing)));
}

#[test]
fn backup_reads_back_when_asked_and_never_copies_a_damaged_object() {
    let mut f = Fixture::new();
    let root = medium(&mut f, "A1");
    let files: Vec<(String, Vec<u8>)> = (0..12).map(|i| (format!("卷{}/{i}.bin", i % 3), content(i, 3_000 + i as usize * 700))).collect();
    let files: Vec<(&str, Vec<u8>)> = files.iter().map(|(n, b)| (n.as_str(), b.clone())).collect();
    let (id, number) = sealed(&mut f, "回读", &files);
    let read_back = dengji_core::BackupOptions { read_back: true, ..Default::default() };
    let report = f.archive.backup_with(&root, &read_back, &f.clerk, &NoProgress, &CancelToken::new()).unwrap();
    assert_eq!((report.written.len(), report.files), (1, 12));
    for (rel, bytes) in &files {
        assert_eq!(&fs::read(root.join("bags").join(&number).join("data/回读").join(rel)).unwrap(), bytes);
    }
    assert!(verify(&mut f, &root).ok());

    // A vault object damaged since intake stops the backup before anything is recorded.
    let other = medium(&mut f, "A2");
    let item = f.archive.items(id).unwrap().into_iter().nth(5).unwrap();
    f.archive.vault().tamper(&item.sha256, Tamper::Flip(10)).unwrap();
    let err = f.archive.backup(&other, &f.clerk, &NoProgress, &CancelToken::new()).unwrap_err();
    assert!(matches!(err, Error::VaultObject(_)), "{err:?}");
    assert!(!other.join("bags").join(&number).exists());
    assert_eq!(fs::read_dir(other.join("bags")).unwrap().count(), 0, "no partial bag is left");
}

#[test]
fn a_sample_checks_at_least_one_bag_and_only_clerks_write_media() {
    let mut f = Fixture::new();
    let root = medium(&mut f, "A1");
    for name in ["一", "二", "三"] {
        sealed(&mut f, name, &[("a.txt", name.as_bytes().to_vec())]);
    }
    let refused = f.archive.backup(&root, &f.reviewer, &NoProgress, &CancelToken::new());
    assert!(matches!(refused, Err(Error::Forbidden { .. })), "{refused:?}");
    assert!(!root.join("bags").exists() || fs::read_dir(root.join("bags")).unwrap().next().is_none());
    backup(&mut f, &root);
    let sample = f.archive.verify_medium(&root, Some(10), &f.clerk, &NoProgress, &CancelToken::new()).unwrap();
    assert_eq!((sample.bags_held, sample.bags_checked), (3, 1));
    let half = f.archive.verify_medium(&root, Some(50), &f.clerk, &NoProgress, &CancelToken::new()).unwrap();
    assert_eq!(half.bags_checked, 2);
    let bad = f.archive.verify_medium(&root, Some(0), &f.clerk, &NoProgress, &CancelToken::new());
    assert!(matches!(bad, Err(Error::BadSample(0))), "{bad:?}");
}

pub fn repair(f: &mut Fixture, root: &Path, from: Option<&Path>) -> dengji_core::RepairReport {
    f.archive.repair_medium(root, from, &f.clerk, &NoProgress, &CancelToken::new()).unwrap()
}

/// Flips one byte of a file, making it writable first (vault objects are read-only).
pub fn flip(path: &Path, at: usize) {
    let mut perms = fs::metadata(path).unwrap().permissions();
    #[allow(clippy::permissions_set_readonly_false)]
    perms.set_readonly(false);
    fs::set_permissions(path, perms).unwrap();
    let mut bytes = fs::read(path).unwrap();
    bytes[at] ^= 0x01;
    fs::write(path, bytes).unwrap();
}

#[test]
fn repair_rewrites_damaged_files_quarantines_strangers_and_verifies_clean() {
    let mut f = Fixture::new();
    let root = medium(&mut f, "A1");
    let (_, number) =
        sealed(&mut f, "修复", &[("一.bin", content(1, 10_000)), ("二.bin", content(2, 10_000)), ("三.bin", content(3, 10_000))]);
    let (_, other) = sealed(&mut f, "另一", &[("x.txt", b"x".to_vec())]);
    backup(&mut f, &root);
    let bag = root.join("bags").join(&number);
    let data = bag.join("data/修复");
    flip(&data.join("一.bin"), 5000);
    fs::write(data.join("二.bin"), &content(2, 10_000)[..9_000]).unwrap();
    fs::remove_file(data.join("三.bin")).unwrap();
    fs::write(data.join("多余.txt"), b"evidence").unwrap();
    fs::write(bag.join("manifest-sm3.txt"), b"tampered").unwrap();
    fs::remove_dir_all(root.join("bags").join(&other)).unwrap();
    write(&root.join("bags/陌生/a.txt"), b"stranger");
    fs::create_dir_all(root.join("bags/.X.partial/data")).unwrap();

    let refused = f.archive.repair_medium(&root, None, &f.reviewer, &NoProgress, &CancelToken::new());
    assert!(matches!(refused, Err(Error::Forbidden { .. })), "{refused:?}");
    assert_eq!(fs::read(data.join("多余.txt")).unwrap(), b"evidence", "a refused repair changes nothing");

    let report = repair(&mut f, &root, None);
    assert!(report.ok(), "{:?} / {:?}", report.unrepaired, report.after.problems);
    assert!(report.found.len() >= 7, "{:?}", report.found);
    for want in ["data/修复/一.bin", "data/修复/二.bin", "data/修复/三.bin", "manifest-sm3.txt"] {
        assert!(report.rewritten.contains(&format!("{number}/{want}")), "{want} not in {:?}", report.rewritten);
    }
    assert!(report.rewritten.contains(&format!("{other}/data/另一/x.txt")), "{:?}", report.rewritten);
    assert_eq!(fs::read(data.join("一.bin")).unwrap(), content(1, 10_000));
    assert_eq!(fs::read(data.join("二.bin")).unwrap(), content(2, 10_000));
    assert_eq!(fs::read(data.join("三.bin")).unwrap(), content(3, 10_000));
    // Strangers are moved, not deleted, keeping their paths; leftovers are removed.
    let q = root.join(report.quarantine.as_deref().unwrap());
    assert_eq!(report.quarantine.as_deref(), Some("quarantine/20261125T100000"));
    assert_eq!(fs::read(q.join("bags").join(&number).join("data/修复/多余.txt")).unwrap(), b"evidence");
    assert_eq!(fs::read(q.join("bags/陌生/a.txt")).unwrap(), b"stranger");
    assert!(!data.join("多余.txt").exists() && !root.join("bags/陌生").exists());
    assert_eq!(report.partials_removed, vec!["bags/.X.partial".to_string()]);
    assert!(!root.join("bags/.X.partial").exists());
    assert!(!walkdir::WalkDir::new(&root).into_iter().flatten().any(|e| e.file_name().to_string_lossy().ends_with(".dengji-repair")));

    let again = verify(&mut f, &root);
    assert!(again.ok(), "{:?}", again.problems);
    assert_eq!(f.archive.media().unwrap()[0].last_result.as_deref(), Some("ok"));
    assert_eq!(entries(&f, "medium.repair"), 1);
    let entry = &f.archive.audit(&dengji_core::AuditFilter { action: Some("medium.repair".into()), ..Default::default() }).unwrap()[0];
    let details = serde_json::to_string(entry).unwrap();
    assert!(details.contains("多余.txt") && details.contains("一.bin"), "{details}");
}

#[test]
fn repair_from_another_medium_when_the_vault_copy_is_damaged() {
    let mut f = Fixture::new();
    let a1 = medium(&mut f, "A1");
    let b1 = f.tmp.path().join("B1");
    fs::create_dir_all(&b1).unwrap();
    f.archive.add_medium(&b1, "B1", "B", MediumKind::Hdd, None, &f.clerk).unwrap();
    let (id, number) = sealed(&mut f, "双份", &[("a.bin", content(7, 20_000))]);
    backup(&mut f, &a1);
    backup(&mut f, &b1);
    let item = f.archive.items(id).unwrap().remove(0);
    f.archive.vault().tamper(&item.sha256, Tamper::Flip(10)).unwrap();
    let file = a1.join("bags").join(&number).join("data/双份/a.bin");
    flip(&file, 100);

    // From the vault the damaged object is refused and nothing lands under the real name.
    let from_vault = repair(&mut f, &a1, None);
    assert!(!from_vault.ok());
    assert_eq!(from_vault.unrepaired.len(), 1, "{:?}", from_vault.unrepaired);
    assert_ne!(fs::read(&file).unwrap(), content(7, 20_000));
    assert_eq!(f.archive.media().unwrap()[0].last_result.as_deref(), Some("problems"));

    let same = f.archive.repair_medium(&a1, Some(&a1), &f.clerk, &NoProgress, &CancelToken::new());
    assert!(matches!(same, Err(Error::RepairSameMedium(_))), "{same:?}");
    let report = repair(&mut f, &a1, Some(&b1));
    assert!(report.ok(), "{:?}", report.unrepaired);
    assert_eq!(report.source.as_deref(), Some("B1"));
    assert_eq!(fs::read(&file).unwrap(), content(7, 20_000));
    assert!(verify(&mut f, &a1).ok());

    // A damaged source copy is refused too.
    flip(&b1.join("bags").join(&number).join("data/双份/a.bin"), 5);
    flip(&file, 100);
    let bad = repair(&mut f, &a1, Some(&b1));
    assert!(!bad.ok());
    assert!(bad.unrepaired[0].detail.contains("B1"), "{:?}", bad.unrepaired);
}

#[test]
fn status_lists_registrations_on_too_few_sets_and_media_due_for_a_check() {
    use chrono::Months;
    let mut f = Fixture::new();
    let a1 = medium(&mut f, "A1");
    let b1 = f.tmp.path().join("B1");
    fs::create_dir_all(&b1).unwrap();
    f.archive.add_medium(&b1, "B1", "B", MediumKind::Optical, None, &f.clerk).unwrap();
    let (_, both) = sealed(&mut f, "两套", &[("a.txt", b"a".to_vec())]);
    backup(&mut f, &a1);
    backup(&mut f, &b1);
    let (_, one) = sealed(&mut f, "一套", &[("b.txt", b"b".to_vec())]);
    backup(&mut f, &a1);
    let (_, none) = sealed(&mut f, "没备份", &[("c.txt", b"c".to_vec())]);

    let now = crate::support::at();
    let s = f.archive.status(now).unwrap();
    assert_eq!(s.copy_sets_required, 2);
    let under: Vec<(String, Vec<String>)> = s.under_copied.iter().map(|u| (u.registration_number.clone(), u.sets.clone())).collect();
    assert_eq!(under, vec![(one.clone(), vec!["A".to_string()]), (none.clone(), vec![])]);
    assert!(!under.iter().any(|(n, _)| *n == both));
    assert_eq!(s.under_copied[0].unit, "杭州某某科技有限公司");
    assert!(s.checks_due.is_empty(), "{:?}", s.checks_due);

    // 13 months on, the USB medium (12-month cycle) is due; the optical one (48) is not.
    let later = now.checked_add_months(Months::new(13)).unwrap();
    let due = f.archive.status(later).unwrap().checks_due;
    assert_eq!(due.len(), 1, "{due:?}");
    assert_eq!((due[0].label.as_str(), due[0].set.as_str(), due[0].kind, due[0].verified), ("A1", "A", MediumKind::Usb, false));
    assert_eq!(due[0].due.to_rfc3339(), "2027-11-25T02:00:00+00:00");
    // Exactly at the due time it is due; a verification restarts the cycle.
    let at_due = now.checked_add_months(Months::new(12)).unwrap();
    assert_eq!(f.archive.status(at_due).unwrap().checks_due.len(), 1);
    let clerk_later = f.archive.login("登记员", crate::support::PASSWORD, now).unwrap().stamp(later);
    f.archive.verify_medium(&a1, None, &clerk_later, &NoProgress, &CancelToken::new()).unwrap();
    assert!(f.archive.status(later).unwrap().checks_due.is_empty());

    // Admins set the policy; clerks may not.
    let refused = f.archive.set_copy_sets_required(1, &f.clerk);
    assert!(matches!(refused, Err(Error::Forbidden { .. })), "{refused:?}");
    assert!(matches!(f.archive.set_copy_sets_required(0, &f.admin), Err(Error::BadSetting(_))));
    f.archive.set_copy_sets_required(1, &f.admin).unwrap();
    assert_eq!(f.archive.status(now).unwrap().under_copied.len(), 1, "only the one on no set");
    f.archive.set_check_cycle_months(MediumKind::Optical, 1, &f.admin).unwrap();
    let due = f.archive.status(now.checked_add_months(Months::new(2)).unwrap()).unwrap().checks_due;
    assert_eq!(due.iter().map(|d| d.label.as_str()).collect::<Vec<_>>(), vec!["B1"]);
}

#[test]
fn a_bag_gets_its_bagit_txt_only_once_recorded_and_the_next_backup_finishes_one_a_crash_left() {
    let mut f = Fixture::new();
    let root = medium(&mut f, "A1");
    sealed(&mut f, "一", &[("a.txt", b"a".to_vec())]);
    let (_, last) = sealed(&mut f, "二", &[("b.txt", b"b".to_vec())]);
    backup(&mut f, &root);
    // As if the run had been killed between recording the last bag and finishing it.
    let bagit = root.join("bags").join(&last).join("bagit.txt");
    fs::remove_file(&bagit).unwrap();
    let report = verify(&mut f, &root);
    let found: Vec<(String, String, ProblemKind)> = report.problems.iter().map(|p| (p.bag.clone(), p.path.clone(), p.kind)).collect();
    assert_eq!(found, [(last.clone(), "bagit.txt".to_string(), ProblemKind::Missing)]);
    let next = backup(&mut f, &root);
    assert!(next.written.is_empty());
    assert_eq!(fs::read_to_string(&bagit).unwrap(), "BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n");
    assert!(verify(&mut f, &root).ok());
}

#[test]
fn a_medium_carries_the_certificates_a_signed_checkpoint_and_no_private_key_in_the_clear() {
    let mut f = Fixture::new();
    let root = medium(&mut f, "A1");
    sealed(&mut f, "文书", &[("a.txt", b"a".to_vec())]);
    let report = backup(&mut f, &root);
    assert!(report.signed);
    assert!(root.join("核验页.html").is_file());
    let ok = Command::new("openssl")
        .args(["pkeyutl", "-verify", "-rawin", "-digest", "sm3", "-pkeyopt", "distid:1234567812345678", "-certin"])
        .args(["-inkey", "keys/archive-key-1.pem", "-in", "catalog/CHECKPOINT.txt", "-sigfile", "catalog/CHECKPOINT.txt.sig"])
        .current_dir(&root)
        .output()
        .unwrap();
    assert!(ok.status.success(), "{}", String::from_utf8_lossy(&ok.stderr));
    let readme = fs::read_to_string(root.join("README-如何核验.txt")).unwrap();
    assert!(readme.contains("-sigfile catalog/CHECKPOINT.txt.sig"), "{readme}");
    // Every file on the medium, the snapshot included: no private key in the clear.
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        for e in fs::read_dir(dir).unwrap().flatten() {
            if e.path().is_dir() {
                walk(&e.path(), out)
            } else {
                out.push(e.path())
            }
        }
    }
    let mut files = Vec::new();
    walk(&root, &mut files);
    for file in &files {
        let text = String::from_utf8_lossy(&fs::read(file).unwrap()).into_owned();
        assert!(!text.contains("BEGIN PRIVATE KEY") && !text.contains("BEGIN EC PRIVATE KEY"), "{}", file.display());
    }
    assert!(verify(&mut f, &root).problems.is_empty());

    // A signature that no longer fits its checkpoint is found by the medium check.
    let sig = root.join("catalog/CHECKPOINT.txt.sig");
    let mut bytes = fs::read(&sig).unwrap();
    let last = bytes.len() - 1;
    bytes[last] ^= 1;
    fs::write(&sig, bytes).unwrap();
    let problems = verify(&mut f, &root).problems;
    assert!(problems.iter().any(|p| p.path == "CHECKPOINT.txt.sig" && p.detail.contains("签名无效")), "{problems:?}");

    // Backing up with the key locked writes no signature, and leaves no stale one.
    f.archive.lock_key();
    sealed(&mut f, "基建", &[("b.txt", b"b".to_vec())]);
    let report = backup(&mut f, &root);
    assert!(!report.signed);
    assert!(!sig.exists());
}

#[test]
fn a_backup_to_a_drive_whose_health_is_failing_or_unknown_needs_confirmation_and_records_it() {
    let mut f = Fixture::new();
    let root = medium(&mut f, "A1");
    let (_, number) = sealed(&mut f, "健康", &[("a.txt", b"a".to_vec())]);
    let unknown = dengji_core::DriveHealth::unknown(Some("/dev/sdz".into()), "USB 转接盒不转发 SMART 信息".into());
    let failing =
        dengji_core::DriveHealth { passed: Some(false), summary_zh: "硬盘健康（SMART）：未通过。".into(), ..unknown.clone() };
    let entries = |f: &Fixture| {
        f.archive.audit(&dengji_core::AuditFilter { action: Some("medium.health_confirmed".into()), ..Default::default() }).unwrap()
    };
    for health in [&unknown, &failing] {
        let options = dengji_core::BackupOptions { health: Some(health.clone()), ..Default::default() };
        let refused = f.archive.backup_with(&root, &options, &f.clerk, &NoProgress, &CancelToken::new());
        match refused {
            Err(dengji_core::Error::DriveHealth { label, summary }) => {
                assert_eq!((label.as_str(), summary.as_str()), ("A1", health.summary_zh.as_str()))
            }
            other => panic!("{other:?}"),
        }
        assert!(!root.join("bags").join(&number).exists(), "nothing written");
    }
    assert!(entries(&f).is_empty());
    let confirmed = dengji_core::BackupOptions { health: Some(failing.clone()), health_confirmed: true, ..Default::default() };
    assert_eq!(f.archive.backup_with(&root, &confirmed, &f.clerk, &NoProgress, &CancelToken::new()).unwrap().written, vec![number.clone()]);
    let recorded = entries(&f);
    assert_eq!(recorded.len(), 1, "the confirmation is in the ledger");
    assert!(recorded[0].payload.contains("/dev/sdz") && recorded[0].payload.contains("未通过"), "{}", recorded[0].payload);
    // A drive that passed needs nothing.
    let passed = dengji_core::DriveHealth { passed: Some(true), why_unknown: None, ..failing };
    let options = dengji_core::BackupOptions { health: Some(passed), ..Default::default() };
    f.archive.backup_with(&root, &options, &f.clerk, &NoProgress, &CancelToken::new()).unwrap();
    assert_eq!(entries(&f).len(), 1);
    assert!(f.archive.verify_ledger().unwrap().ok());
}
