//! Recover: rebuilding a lost workstation from its backup media.

use std::fs;
use std::path::{Path, PathBuf};

use dengji_core::{Archive, CancelToken, Error, JobProgress, MediumKind, NoProgress, Progress, RecoverReport, Status};

use crate::support::{at, content, write, Fixture, PASSWORD};

fn medium(f: &mut Fixture, name: &str, set: &str) -> PathBuf {
    let root = f.tmp.path().join(name);
    fs::create_dir_all(&root).unwrap();
    f.archive.add_medium(&root, name, set, MediumKind::Hdd, None, &f.clerk).unwrap();
    root
}

fn sealed(f: &mut Fixture, name: &str, files: &[(&str, Vec<u8>)]) -> String {
    let src = f.src(name);
    for (rel, bytes) in files {
        write(&src.join(rel), bytes);
    }
    let id = f.intake(name, std::slice::from_ref(&src)).id;
    f.seal(id).registration_number
}

fn backup(f: &mut Fixture, root: &Path) {
    let report = f.archive.backup(root, &f.clerk, &NoProgress, &CancelToken::new()).unwrap();
    assert!(!report.cancelled);
}

pub fn recover(dir: &Path, from: &[&Path], user: &str) -> dengji_core::Result<RecoverReport> {
    let from: Vec<PathBuf> = from.iter().map(|p| p.to_path_buf()).collect();
    Archive::recover(dir, &from, user, PASSWORD, at(), &NoProgress, &CancelToken::new())
}

/// A registration number, and each item's path and digests.
type Listed = (Option<String>, Vec<(String, String, String)>);

/// What a clerk sees of the catalog.
fn listing(archive: &Archive) -> Vec<Listed> {
    archive
        .registrations()
        .unwrap()
        .into_iter()
        .filter(|r| r.status == Status::Sealed)
        .map(|r| {
            let items = archive.items(r.id).unwrap().into_iter().map(|i| (i.path, i.sha256.to_hex(), i.sm3.to_hex())).collect();
            (r.registration_number, items)
        })
        .collect()
}

fn assert_sound(archive: &Archive) {
    let ledger = archive.verify_ledger().unwrap();
    assert!(ledger.ok(), "{ledger:?}");
    let vault = archive.verify_vault(&NoProgress, &CancelToken::new()).unwrap();
    assert!(vault.problems.is_empty() && !vault.cancelled, "{vault:?}");
}

#[test]
fn one_medium_rebuilds_the_same_archive_and_drafts_are_named() {
    let mut f = Fixture::new();
    let root = medium(&mut f, "A1", "A");
    let shared = content(7, 300_000);
    // Names a FAT drive cannot hold are mapped in the bag; recover maps them back.
    let first = sealed(
        &mut f,
        "文书",
        &[
            ("会议纪要.pdf", shared.clone()),
            ("子目录/100% 说明.txt", b"readme".to_vec()),
            ("问:答?.txt", b"qa".to_vec()),
            ("CON.txt", b"con".to_vec()),
        ],
    );
    let second = sealed(&mut f, "基建", &[("图纸/总图.dwg", content(8, 1_000_000)), ("同一内容.pdf", shared.clone())]);
    let draft_src = f.src("未封存");
    write(&draft_src.join("草稿.txt"), b"never backed up");
    let draft = f.intake("未封存的草稿", &[draft_src]).id;
    // Checks kept with a draft go with it; those of sealed registrations come back.
    let first_id = f.archive.find_registration(&first).unwrap().id;
    for id in [draft, first_id] {
        f.archive.check(id, &f.clerk, &NoProgress, &CancelToken::new()).unwrap();
    }
    backup(&mut f, &root);

    let dir = f.tmp.path().join("新工作站");
    let report = recover(&dir, &[&root], "管理员").unwrap();
    assert!(report.is_complete() && report.rebuilt, "{report:?}");
    assert_eq!(report.snapshot_medium.as_deref(), Some("A1"));
    assert_eq!(report.complete, vec![first.clone(), second.clone()]);
    assert_eq!(report.files_copied, 5, "the shared file is one vault object");
    assert_eq!(report.drafts_dropped.len(), 1);
    assert!(report.drafts_dropped[0].contains("未封存的草稿"), "{:?}", report.drafts_dropped);

    let mut rebuilt = Archive::open(&dir).unwrap();
    assert_eq!(rebuilt.info().unwrap().instance_id, f.archive.info().unwrap().instance_id);
    // The same identity: the archive key came back (encrypted) and opens with its passphrase.
    let key = f.archive.active_key().unwrap().unwrap();
    assert_eq!(rebuilt.active_key().unwrap().unwrap().fingerprint, key.fingerprint);
    let admin = rebuilt.login("管理员", crate::support::PASSWORD, at()).unwrap().stamp(at());
    rebuilt.unlock_key(crate::support::KEY_PASSPHRASE, &admin).unwrap();
    assert_eq!(rebuilt.signed_checkpoint(&admin).unwrap().fingerprint, key.fingerprint);
    assert_eq!(listing(&rebuilt), listing(&f.archive));
    assert!(rebuilt.registrations().unwrap().iter().all(|r| r.status == Status::Sealed));
    assert_sound(&rebuilt);
    let entries = rebuilt.audit(&dengji_core::AuditFilter { action: Some("archive.recover".into()), ..Default::default() }).unwrap();
    assert_eq!(entries.len(), 1);
    assert_eq!(rebuilt.checks(first_id).unwrap().len(), 2, "the intake's check and the clerk's");

    // The accounts and the media register came along: the clerk signs in and the rebuilt
    // workstation knows the medium already holds everything.
    let clerk = rebuilt.login("登记员", PASSWORD, at()).unwrap().stamp(at());
    let again = rebuilt.backup(&root, &clerk, &NoProgress, &CancelToken::new()).unwrap();
    assert!(again.written.is_empty());
    assert_eq!(again.already_held, 2);
}

#[test]
fn the_newest_snapshot_wins_damaged_copies_are_passed_over_and_a_second_run_fills_gaps() {
    let mut f = Fixture::new();
    let a = medium(&mut f, "A1", "A");
    let b = medium(&mut f, "B1", "B");
    let first = sealed(&mut f, "一", &[("a.bin", content(1, 50_000)), ("b.bin", content(2, 50_000))]);
    backup(&mut f, &a);
    let second = sealed(&mut f, "二", &[("c.bin", content(3, 50_000))]);
    backup(&mut f, &b);

    // A1's copy of a.bin is damaged; B1's bag of the second registration is missing.
    let bad = a.join("bags").join(&first).join("data/一/a.bin");
    let mut bytes = fs::read(&bad).unwrap();
    bytes[10] ^= 0x01;
    fs::write(&bad, bytes).unwrap();
    let second_bag = b.join("bags").join(&second);
    let aside = f.tmp.path().join("aside");
    fs::rename(&second_bag, &aside).unwrap();

    let dir = f.tmp.path().join("新工作站");
    let report = recover(&dir, &[&a, &b], "管理员").unwrap();
    assert_eq!(report.snapshot_medium.as_deref(), Some("B1"), "B1's snapshot is newer");
    assert_eq!(report.damaged.len(), 1, "{report:?}");
    assert!(report.damaged[0].contains("A1") && report.damaged[0].contains("a.bin"), "{:?}", report.damaged);
    assert_eq!(report.complete, vec![first.clone()]);
    assert_eq!(report.missing.len(), 1);
    assert_eq!((report.missing[0].registration_number.as_str(), report.missing[0].files_missing), (second.as_str(), 1));
    assert!(!report.is_complete());
    let rebuilt = Archive::open(&dir).unwrap();
    assert!(rebuilt.verify_ledger().unwrap().ok());
    let vault = rebuilt.verify_vault(&NoProgress, &CancelToken::new()).unwrap();
    assert!(!vault.problems.is_empty(), "the missing file is named until it is filled in");
    drop(rebuilt);

    // The bag turns up again (another medium of the set): a second run fills the gap.
    fs::rename(&aside, &second_bag).unwrap();
    let filled = recover(&dir, &[&b], "管理员").unwrap();
    assert!(filled.is_complete() && !filled.rebuilt, "{filled:?}");
    assert_eq!(filled.files_copied, 1);
    let rebuilt = Archive::open(&dir).unwrap();
    assert_eq!(listing(&rebuilt), listing(&f.archive));
    assert_sound(&rebuilt);
}

#[test]
fn an_unreadable_snapshot_falls_back_to_an_older_one() {
    let mut f = Fixture::new();
    let a = medium(&mut f, "A1", "A");
    let b = medium(&mut f, "B1", "B");
    let first = sealed(&mut f, "一", &[("a.txt", b"a".to_vec())]);
    backup(&mut f, &a);
    sealed(&mut f, "二", &[("b.txt", b"b".to_vec())]);
    backup(&mut f, &b);
    let snap = b.join("catalog/catalog.sqlite");
    let len = fs::metadata(&snap).unwrap().len();
    fs::OpenOptions::new().write(true).open(&snap).unwrap().set_len(len / 3).unwrap();

    let dir = f.tmp.path().join("新工作站");
    let report = recover(&dir, &[&a, &b], "管理员").unwrap();
    assert_eq!(report.snapshot_medium.as_deref(), Some("A1"));
    assert_eq!(report.snapshots_skipped.len(), 1);
    assert!(report.snapshots_skipped[0].starts_with("B1"), "{:?}", report.snapshots_skipped);
    assert_eq!(report.complete, vec![first]);
    assert_sound(&Archive::open(&dir).unwrap());
}

#[test]
fn recover_is_refused_without_an_admin_an_empty_folder_or_media_of_one_archive() {
    let mut f = Fixture::new();
    let a = medium(&mut f, "A1", "A");
    sealed(&mut f, "一", &[("a.txt", b"a".to_vec())]);
    backup(&mut f, &a);
    let dir = f.tmp.path().join("新工作站");

    let wrong = Archive::recover(&dir, std::slice::from_ref(&a), "管理员", "错误的密码123", at(), &NoProgress, &CancelToken::new());
    assert!(matches!(wrong, Err(Error::BadCredentials)), "{wrong:?}");
    let clerk = recover(&dir, &[&a], "登记员");
    assert!(matches!(clerk, Err(Error::Forbidden { .. })), "{clerk:?}");
    assert!(!Archive::is_initialised(&dir), "a refused recover leaves no archive");

    let busy = f.tmp.path().join("有东西");
    write(&busy.join("别人的文件.txt"), b"x");
    let not_empty = recover(&busy, &[&a], "管理员");
    assert!(matches!(not_empty, Err(Error::RecoverTargetNotEmpty(_))), "{not_empty:?}");

    let plain = f.src("普通文件夹");
    let not_medium = recover(&dir, &[&plain], "管理员");
    assert!(matches!(not_medium, Err(Error::RecoverNotMedium(_))), "{not_medium:?}");

    let mut other = Fixture::new();
    let foreign = medium(&mut other, "外来", "A");
    sealed(&mut other, "外", &[("x.txt", b"x".to_vec())]);
    backup(&mut other, &foreign);
    let mixed = recover(&dir, &[&a, &foreign], "管理员");
    assert!(matches!(mixed, Err(Error::MediumForeign { .. })), "{mixed:?}");
    let into_other = recover(other.archive.dir(), &[&a], "管理员");
    assert!(matches!(into_other, Err(Error::MediumForeign { .. })), "{into_other:?}");

    let no_snapshot = f.tmp.path().join("空介质");
    fs::create_dir_all(&no_snapshot).unwrap();
    f.archive.add_medium(&no_snapshot, "空介质", "B", MediumKind::Usb, None, &f.clerk).unwrap();
    let none = recover(&dir, &[&no_snapshot], "管理员");
    assert!(matches!(none, Err(Error::RecoverNoSnapshot(_))), "{none:?}");
    assert!(recover(&dir, &[&a], "管理员").unwrap().is_complete());
}

#[test]
fn snapshots_of_two_workstations_that_diverged_are_not_merged() {
    let mut f = Fixture::new();
    let a = medium(&mut f, "A1", "A");
    sealed(&mut f, "一", &[("a.txt", b"a".to_vec())]);
    backup(&mut f, &a);
    // A twin made from the medium goes its own way, and so does the original.
    let twin_dir = f.tmp.path().join("孪生");
    recover(&twin_dir, &[&a], "管理员").unwrap();
    let mut twin = Archive::open(&twin_dir).unwrap();
    let clerk = twin.login("登记员", PASSWORD, at()).unwrap().stamp(at());
    let twin_medium = f.tmp.path().join("T1");
    fs::create_dir_all(&twin_medium).unwrap();
    twin.add_medium(&twin_medium, "T1", "B", MediumKind::Usb, None, &clerk).unwrap();
    twin.backup(&twin_medium, &clerk, &NoProgress, &CancelToken::new()).unwrap();
    sealed(&mut f, "二", &[("b.txt", b"b".to_vec())]);
    backup(&mut f, &a);

    let dir = f.tmp.path().join("新工作站");
    let diverged = recover(&dir, &[&a, &twin_medium], "管理员");
    assert!(matches!(diverged, Err(Error::RecoverDiverged { .. })), "{diverged:?}");
}

/// Cancels the job at its first progress report.
struct CancelAtFirst(CancelToken);

impl Progress for CancelAtFirst {
    fn report(&self, _: &JobProgress) {
        self.0.cancel();
    }
}

#[test]
fn an_interrupted_recover_leaves_no_archive_and_runs_again_to_completion() {
    let mut f = Fixture::new();
    let a = medium(&mut f, "A1", "A");
    sealed(&mut f, "一", &[("a.bin", content(1, 10_000)), ("b.bin", content(2, 10_000)), ("c.bin", content(3, 10_000))]);
    backup(&mut f, &a);
    let dir = f.tmp.path().join("新工作站");
    let cancel = CancelToken::new();
    let report =
        Archive::recover(&dir, std::slice::from_ref(&a), "管理员", PASSWORD, at(), &CancelAtFirst(cancel.clone()), &cancel).unwrap();
    assert!(report.cancelled && report.files_copied == 1, "{report:?}");
    assert!(!Archive::is_initialised(&dir));

    let report = recover(&dir, &[&a], "管理员").unwrap();
    assert!(report.is_complete(), "{report:?}");
    assert_eq!(report.files_copied, 2, "the object copied before the interruption is kept");
    assert_sound(&Archive::open(&dir).unwrap());
}
