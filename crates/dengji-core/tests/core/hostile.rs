//! Hostile media and restore targets: manifests naming `..` and absolute paths, and
//! symbolic links planted where a bag's folder or a restored folder belongs. Dengji never
//! takes a path from a medium's manifests (it regenerates them from the catalog), and
//! never writes through a link: nothing ever lands outside the medium or the target.

use std::fs;
use std::os::unix::fs::symlink;
use std::path::Path;

use dengji_core::{ApplicationKind, Archive, CancelToken, Error, NoProgress, ProblemKind, RestoreRequest};

use crate::media::{backup, medium, repair, sealed, verify};
use crate::support::{at, content, Fixture, PASSWORD};

fn empty(dir: &Path) -> bool {
    fs::read_dir(dir).unwrap().next().is_none()
}

#[test]
fn hostile_manifests_and_planted_links_never_lead_a_write_outside() {
    let mut f = Fixture::new();
    let root = medium(&mut f, "A1");
    let (id, number) = sealed(&mut f, "文书", &[("a/一.bin", content(1, 5_000)), ("二.txt", b"two".to_vec())]);
    backup(&mut f, &root);
    let outside = f.tmp.path().join("outside");
    fs::create_dir_all(&outside).unwrap();
    let bag = root.join("bags").join(&number);
    let digest = "0".repeat(64);
    fs::write(
        bag.join("manifest-sha256.txt"),
        format!("{digest}  ../../../../outside/pwned\n{digest}  {}/abs\n{digest}  data/%2e%2e/%2e%2e/x\n", outside.display()),
    )
    .unwrap();
    fs::remove_dir_all(bag.join("data/文书/a")).unwrap();
    symlink(&outside, bag.join("data/文书/a")).unwrap();

    let report = verify(&mut f, &root);
    let found: Vec<(String, ProblemKind)> = report.problems.iter().map(|p| (p.path.clone(), p.kind)).collect();
    for want in [
        ("manifest-sha256.txt".to_string(), ProblemKind::Changed),
        ("data/文书/a".to_string(), ProblemKind::Extra),
        ("data/文书/a/一.bin".to_string(), ProblemKind::Missing),
    ] {
        assert!(found.contains(&want), "{want:?} not in {found:?}");
    }

    let fixed = repair(&mut f, &root, None);
    assert!(fixed.ok(), "{:?} / {:?}", fixed.unrepaired, fixed.after.problems);
    assert!(fixed.quarantined.iter().any(|q| q.ends_with("data/文书/a")), "the link is moved aside: {:?}", fixed.quarantined);
    assert!(empty(&outside), "nothing written through the link");
    assert_eq!(fs::read(bag.join("data/文书/a/一.bin")).unwrap(), content(1, 5_000));
    assert!(verify(&mut f, &root).ok());

    // A restore target holding a link where a restored folder goes is refused before any write.
    let app = f.archive.apply(ApplicationKind::Restore, id, "服务器损坏", "上档〔2026〕9号", &f.clerk).unwrap();
    f.archive.decide(app.id, true, &f.reviewer).unwrap();
    let to = f.tmp.path().join("恢复到");
    fs::create_dir_all(&to).unwrap();
    symlink(&outside, to.join("文书")).unwrap();
    let req =
        RestoreRequest { registration: id, application: app.id, to: to.clone(), file: None, overwrite: true, from: Some(root.clone()) };
    let refused = f.archive.restore(&req, &f.clerk, &NoProgress, &CancelToken::new());
    assert!(matches!(refused, Err(Error::UnsafePath(_))), "{refused:?}");
    assert!(empty(&outside), "nothing restored through the link");
    fs::remove_file(to.join("文书")).unwrap();
    f.archive.restore(&req, &f.clerk, &NoProgress, &CancelToken::new()).unwrap();
    assert_eq!(fs::read(to.join("文书/a/一.bin")).unwrap(), content(1, 5_000));

    // A medium whose bags folder is a link is refused before anything is written.
    let b1 = medium(&mut f, "B1");
    let elsewhere = f.tmp.path().join("elsewhere");
    fs::create_dir_all(&elsewhere).unwrap();
    symlink(&elsewhere, b1.join("bags")).unwrap();
    let refused = f.archive.backup(&b1, &f.clerk, &NoProgress, &CancelToken::new());
    assert!(matches!(refused, Err(Error::UnsafePath(_))), "{refused:?}");
    assert!(empty(&elsewhere));
}

/// Every file under `dir` whose name is `name`.
fn found_anywhere(dir: &Path, name: &str) -> Vec<std::path::PathBuf> {
    walkdir::WalkDir::new(dir).into_iter().flatten().filter(|e| e.file_name().to_string_lossy() == name).map(|e| e.into_path()).collect()
}

#[test]
fn a_snapshot_rewritten_to_hold_escaping_paths_never_leads_recover_or_restore_outside() {
    let mut f = Fixture::new();
    let root = medium(&mut f, "A1");
    sealed(&mut f, "文书", &[("a.txt", b"a".to_vec()), ("b.txt", b"b".to_vec())]);
    backup(&mut f, &root);
    // A forger edits the snapshot behind the triggers and records its new digest.
    let snap = root.join("catalog/catalog.sqlite");
    {
        let db = rusqlite::Connection::open(&snap).unwrap();
        db.execute_batch(
            "DROP TRIGGER items_sealed_no_update;
             UPDATE items SET path_raw = CAST('../../../逃逸.txt' AS BLOB), path = '../../../逃逸.txt' WHERE path LIKE '%a.txt';
             UPDATE items SET path_raw = CAST('/tmp/绝对.txt' AS BLOB), path = '/tmp/绝对.txt' WHERE path LIKE '%b.txt';",
        )
        .unwrap();
    }
    let cp = root.join("catalog/CHECKPOINT.txt");
    let text = fs::read_to_string(&cp).unwrap();
    let digest = dengji_core::digest::sha256(&fs::read(&snap).unwrap()).to_hex();
    let text: String =
        text.lines().map(|l| if l.starts_with("sha256: ") { format!("sha256: {digest}\n") } else { format!("{l}\n") }).collect();
    fs::write(&cp, text).unwrap();

    let dir = f.tmp.path().join("新工作站");
    let report = Archive::recover(&dir, std::slice::from_ref(&root), "管理员", PASSWORD, at(), &NoProgress, &CancelToken::new()).unwrap();
    assert!(!report.is_complete(), "the forged paths are in no bag: {report:?}");
    assert!(found_anywhere(f.tmp.path(), "逃逸.txt").is_empty() && !Path::new("/tmp/绝对.txt").exists());
    let mut rebuilt = Archive::open(&dir).unwrap();
    assert!(!rebuilt.verify_ledger().unwrap().problems.is_empty(), "the seal no longer matches its files");

    // Restoring the forged registration is refused before anything is written.
    let clerk = rebuilt.login("登记员", PASSWORD, at()).unwrap().stamp(at());
    let reviewer = rebuilt.login("审核员", PASSWORD, at()).unwrap().stamp(at());
    let id = rebuilt.registrations().unwrap().into_iter().find(|r| r.registration_number.is_some()).unwrap().id;
    let app = rebuilt.apply(ApplicationKind::Restore, id, "演练", "上档〔2026〕9号", &clerk).unwrap();
    rebuilt.decide(app.id, true, &reviewer).unwrap();
    let to = f.tmp.path().join("恢复到/深/处");
    let req =
        RestoreRequest { registration: id, application: app.id, to: to.clone(), file: None, overwrite: false, from: Some(root.clone()) };
    let refused = rebuilt.restore(&req, &clerk, &NoProgress, &CancelToken::new());
    assert!(matches!(refused, Err(Error::UnsafePath(_))), "{refused:?}");
    assert!(found_anywhere(f.tmp.path(), "逃逸.txt").is_empty() && !Path::new("/tmp/绝对.txt").exists());
}

#[test]
fn a_snapshot_changed_after_it_was_written_is_passed_over_by_recover() {
    let mut f = Fixture::new();
    let root = medium(&mut f, "A1");
    sealed(&mut f, "文书", &[("a.txt", b"a".to_vec())]);
    backup(&mut f, &root);
    let snap = root.join("catalog/catalog.sqlite");
    let mut bytes = fs::read(&snap).unwrap();
    let at_byte = bytes.len() / 2;
    bytes[at_byte] ^= 0x04;
    fs::write(&snap, bytes).unwrap();
    let dir = f.tmp.path().join("新工作站");
    let refused = Archive::recover(&dir, std::slice::from_ref(&root), "管理员", PASSWORD, at(), &NoProgress, &CancelToken::new());
    assert!(matches!(&refused, Err(Error::RecoverNoSnapshot(why)) if why.contains("SHA-256")), "{refused:?}");
    assert!(!Archive::is_initialised(&dir));
}
