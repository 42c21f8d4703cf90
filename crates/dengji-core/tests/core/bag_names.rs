//! Names FAT, exFAT, NTFS or Windows cannot hold, and names that collide there: the bag
//! holds portable names, validates with bagit.py and sha256sum, records the originals,
//! verifies and repairs by both names, and a restore from the medium gives the originals.

use std::collections::BTreeSet;
use std::ffi::OsStr;
use std::fs;
use std::os::unix::ffi::OsStrExt;
use std::path::{Path, PathBuf};
use std::process::Command;

use dengji_core::{ApplicationKind, CancelToken, MediumKind, NoProgress, ProblemKind, RestoreRequest};

use crate::support::{content, Fixture};

/// Relative paths (bytes) a Linux folder can hold and Windows cannot, plus ordinary ones.
fn hostile() -> Vec<Vec<u8>> {
    let long = format!("{}:::::.txt", "长".repeat(80));
    [
        "普通/会议纪要.pdf".as_bytes(),
        "问号?星号*.txt".as_bytes(),
        b"a<b>c|d\"e.txt",
        b"back\\slash.txt",
        "时间 10:30.txt".as_bytes(),
        b"CON.txt",
        b"nul",
        b"dir./x.txt",
        b"trail ",
        b"ctrl\x01tab\tname.txt",
        b"bad\xff\xfe.bin",
        b"Case/A.txt",
        b"Case/a.txt",
        "nfc/\u{e9}.txt".as_bytes(),
        "nfc/e\u{301}.txt".as_bytes(),
        long.as_bytes(),
    ]
    .into_iter()
    .map(|p| p.to_vec())
    .collect()
}

fn os(bytes: &[u8]) -> &OsStr {
    OsStr::from_bytes(bytes)
}

/// A sealed registration of the hostile names under `src/奇名/`; returns (id, number, source folder).
fn sealed_hostile(f: &mut Fixture) -> (dengji_core::RegistrationId, String, PathBuf) {
    let src = f.src("奇名");
    for (i, rel) in hostile().iter().enumerate() {
        let path = src.join(os(rel));
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(&path, content(i as u64, 1000 + i * 37)).unwrap();
    }
    let report = f.intake("奇名", std::slice::from_ref(&src));
    let id = report.id;
    assert_eq!(f.archive.items(id).unwrap().len(), hostile().len(), "every name was taken in");
    let number = f.seal(id).registration_number;
    (id, number, src)
}

fn medium(f: &mut Fixture) -> PathBuf {
    let root = f.tmp.path().join("A1");
    fs::create_dir_all(&root).unwrap();
    f.archive.add_medium(&root, "A1", "A", MediumKind::Usb, None, &f.clerk).unwrap();
    root
}

fn run_ok(cmd: &mut Command) -> String {
    let out = cmd.output().unwrap_or_else(|e| panic!("{cmd:?}: {e}"));
    let text = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert!(out.status.success(), "{cmd:?} failed:\n{text}");
    text
}

/// Every name under `dir` is one that FAT, exFAT, NTFS and Windows hold, and no two
/// names in a folder are the same to a case-insensitive file system.
fn assert_portable(dir: &Path) {
    let mut names = BTreeSet::new();
    for entry in fs::read_dir(dir).unwrap() {
        let entry = entry.unwrap();
        let name = entry.file_name().into_string().unwrap_or_else(|n| panic!("not UTF-8: {n:?}"));
        assert!(!name.chars().any(|c| "<>:\"\\|?*".contains(c) || (c as u32) < 0x20), "{name:?}");
        assert!(!name.ends_with(['.', ' ']), "{name:?}");
        assert!(name.len() <= 255, "{name:?}");
        let base = name.split('.').next().unwrap().to_ascii_uppercase();
        assert!(!["CON", "PRN", "AUX", "NUL", "COM1", "LPT1"].contains(&base.as_str()), "{name:?}");
        let folded: String = unicode_nfc_upper(&name);
        assert!(names.insert(folded), "{name:?} collides in {}", dir.display());
        if entry.file_type().unwrap().is_dir() {
            assert_portable(&entry.path());
        }
    }
}

/// NFC composition of the one pair used here, then upper case.
fn unicode_nfc_upper(name: &str) -> String {
    name.replace("e\u{301}", "\u{e9}").to_uppercase()
}

#[test]
fn hostile_names_back_up_as_portable_names_that_validate_and_restore_under_their_originals() {
    let mut f = Fixture::new();
    let root = medium(&mut f);
    let (id, number, src) = sealed_hostile(&mut f);
    let (_, plain) = {
        let src = f.src("平常");
        crate::support::write(&src.join("一.txt"), b"one");
        let id = f.intake("平常", &[src]).id;
        (id, f.seal(id).registration_number)
    };
    let report = f.archive.backup(&root, &f.clerk, &NoProgress, &CancelToken::new()).unwrap();
    assert_eq!(report.written, vec![number.clone(), plain.clone()]);

    let bag = root.join("bags").join(&number);
    assert_portable(&bag.join("data"));
    // Ordinary names are kept, Chinese ones included; hostile ones become look-alikes.
    assert!(bag.join("data/奇名/普通/会议纪要.pdf").is_file());
    assert!(bag.join("data/奇名/问号？星号＊.txt").is_file());
    assert!(bag.join("data/奇名/时间 10：30.txt").is_file());
    assert!(bag.join("data/奇名/CON_.txt").is_file());
    assert!(bag.join("data/奇名/dir．/x.txt").is_file());
    assert!(bag.join("data/奇名/trail␠").is_file());
    assert!(bag.join("data/奇名/bad‛FF‛FE.bin").is_file());
    assert!(bag.join("data/奇名/Case/A.txt").is_file() && bag.join("data/奇名/Case/a~2.txt").is_file());

    // The reference validator and sha256sum accept the bag as it is.
    run_ok(Command::new("python3").args(["-m", "bagit", "--validate"]).arg(&bag));
    let out = run_ok(Command::new("sha256sum").args(["-c", "manifest-sha256.txt"]).current_dir(&bag));
    assert_eq!(out.matches(": OK").count(), hostile().len(), "{out}");

    // The originals are recorded in a tag file covered by the tag manifest.
    let names = fs::read_to_string(bag.join("dengji-names.txt")).unwrap();
    assert!(names.lines().any(|l| l == "data/奇名/问号？星号＊.txt\t奇名/问号?星号*.txt"), "{names}");
    assert!(names.lines().any(|l| l == "data/奇名/bad‛FF‛FE.bin\t奇名/bad%FF%FE.bin"), "{names}");
    assert!(names.lines().any(|l| l == "data/奇名/ctrl␁tab␉name.txt\t奇名/ctrl\u{1}tab%09name.txt"), "{names}");
    assert!(!names.contains("会议纪要") && !names.contains("Case/A.txt"), "only renamed items are listed:\n{names}");
    assert_eq!(names.lines().count(), 13, "{names}");
    let tags = fs::read_to_string(bag.join("tagmanifest-sha256.txt")).unwrap();
    assert!(tags.lines().any(|l| l.ends_with("  dengji-names.txt")), "{tags}");
    // A bag with only ordinary names has no such file and the four tag lines it always had.
    let plain_bag = root.join("bags").join(&plain);
    assert!(!plain_bag.join("dengji-names.txt").exists());
    assert_eq!(fs::read_to_string(plain_bag.join("tagmanifest-sha256.txt")).unwrap().lines().count(), 4);

    let verified = f.archive.verify_medium(&root, None, &f.clerk, &NoProgress, &CancelToken::new()).unwrap();
    assert!(verified.ok(), "{:?}", verified.problems);
    assert_eq!(verified.files, hostile().len() as u64 + 1);

    // Damage is named by the name on the medium and the original; repair puts it right.
    let damaged = bag.join("data/奇名/问号？星号＊.txt");
    fs::write(&damaged, b"changed").unwrap();
    fs::remove_file(bag.join("data/奇名/Case/a~2.txt")).unwrap();
    let found = f.archive.verify_medium(&root, None, &f.clerk, &NoProgress, &CancelToken::new()).unwrap();
    let mut seen: Vec<(ProblemKind, String, Option<String>)> =
        found.problems.iter().map(|p| (p.kind, p.path.clone(), p.original.clone())).collect();
    seen.sort_by(|a, b| a.1.cmp(&b.1));
    assert_eq!(
        seen,
        vec![
            (ProblemKind::Missing, "data/奇名/Case/a~2.txt".into(), Some("奇名/Case/a.txt".into())),
            (ProblemKind::Changed, "data/奇名/问号？星号＊.txt".into(), Some("奇名/问号?星号*.txt".into())),
        ]
    );
    let repaired = f.archive.repair_medium(&root, None, &f.clerk, &NoProgress, &CancelToken::new()).unwrap();
    assert!(repaired.ok(), "{:?}", repaired.after.problems);
    assert_eq!(repaired.rewritten.len(), 2, "{:?}", repaired.rewritten);
    // A name of 255 bytes leaves no room for a temp suffix beside it: repair still works.
    let long = fs::read_dir(bag.join("data/奇名")).unwrap().flatten().map(|e| e.path()).find(|p| p.file_name().unwrap().len() > 250);
    let long = long.expect("the shortened long name");
    fs::write(&long, b"changed").unwrap();
    let repaired = f.archive.repair_medium(&root, None, &f.clerk, &NoProgress, &CancelToken::new()).unwrap();
    assert!(repaired.ok() && repaired.rewritten.len() == 1, "{:?} / {:?}", repaired.rewritten, repaired.after.problems);

    // Restore from the medium alone (vault objects gone) writes the original names.
    for item in f.archive.items(id).unwrap() {
        let _ = f.archive.vault().tamper(&item.sha256, dengji_core::Tamper::Remove);
    }
    let app = f.archive.apply(ApplicationKind::Restore, id, "服务器损坏", "上档〔2026〕9号", &f.clerk).unwrap();
    f.archive.decide(app.id, true, &f.reviewer).unwrap();
    let to = f.tmp.path().join("恢复");
    let req =
        RestoreRequest { registration: id, application: app.id, to: to.clone(), file: None, overwrite: false, from: Some(root.clone()) };
    let restored = f.archive.restore(&req, &f.clerk, &NoProgress, &CancelToken::new()).unwrap();
    assert_eq!(restored.files, hostile().len() as u64);
    for rel in hostile() {
        let original = fs::read(src.join(os(&rel))).unwrap();
        let back = fs::read(to.join("奇名").join(os(&rel))).unwrap_or_else(|e| panic!("{}: {e}", String::from_utf8_lossy(&rel)));
        assert_eq!(back, original, "{}", String::from_utf8_lossy(&rel));
    }
    // One file alone finds its name on the medium from the whole registration.
    let one = f.tmp.path().join("一个");
    let application = f.approved(ApplicationKind::Restore, id);
    let file = RestoreRequest { to: one.clone(), file: Some("奇名/Case/a.txt".into()), application, ..req.clone() };
    f.archive.restore(&file, &f.clerk, &NoProgress, &CancelToken::new()).unwrap();
    assert_eq!(fs::read(one.join("奇名/Case/a.txt")).unwrap(), fs::read(src.join("Case/a.txt")).unwrap());
}
