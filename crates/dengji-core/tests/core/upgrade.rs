//! Opening data directories written by other releases: an older one is upgraded after a
//! backup of its catalog; a newer one is refused and left exactly as it was.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use dengji_core::{schema_version, Archive, CancelToken, Error, NoProgress, SearchFilter, Status};

use crate::support::{at, PASSWORD};

/// A copy of `tests/fixtures/schema-v1` (see its README) in a temp dir.
fn first_schema_copy() -> (tempfile::TempDir, PathBuf) {
    let from = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/schema-v1");
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("data");
    for entry in walkdir::WalkDir::new(&from) {
        let entry = entry.unwrap();
        let to = dir.join(entry.path().strip_prefix(&from).unwrap());
        if entry.file_type().is_dir() {
            fs::create_dir_all(&to).unwrap();
        } else if entry.file_name() != "README.md" {
            fs::copy(entry.path(), &to).unwrap();
        }
    }
    (tmp, dir)
}

fn user_version(catalog: &Path) -> i64 {
    rusqlite::Connection::open(catalog).unwrap().query_row("PRAGMA user_version", [], |r| r.get(0)).unwrap()
}

/// Every file under `dir` with its bytes.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .map(|e| (e.path().to_path_buf(), fs::read(e.path()).unwrap()))
        .collect()
}

#[test]
fn a_first_schema_directory_opens_upgraded_after_a_backup() {
    let (_tmp, dir) = first_schema_copy();
    assert_eq!(user_version(&dir.join("catalog.sqlite")), 1);

    let archive = Archive::open(&dir).unwrap();
    let info = archive.info().unwrap();
    assert_eq!(info.schema_version, schema_version());
    assert_eq!(info.name, "上城区档案馆");
    assert!(!info.has_accounts, "accounts came with schema 2: the first admin is still to be made");
    drop(archive);
    assert_eq!(user_version(&dir.join("catalog.sqlite")), schema_version());

    // The catalog as it was, kept before the upgrade touched it.
    let backups: Vec<_> = fs::read_dir(dir.join("backups")).unwrap().map(|e| e.unwrap().path()).collect();
    assert_eq!(backups.len(), 1, "{backups:?}");
    assert_eq!(backups[0].file_name().unwrap().to_str().unwrap(), format!("catalog-v1-before-v{}.sqlite", schema_version()));
    assert_eq!(user_version(&backups[0]), 1);
    let old = rusqlite::Connection::open(&backups[0]).unwrap();
    let n: i64 = old.query_row("SELECT COUNT(*) FROM registrations", [], |r| r.get(0)).unwrap();
    assert_eq!(n, 2);

    // Everything registered under the first schema is there and checks out.
    let mut archive = Archive::open(&dir).unwrap();
    archive.bootstrap_admin("管理员", PASSWORD, at()).unwrap();
    let ledger = archive.verify_ledger().unwrap();
    assert!(ledger.ok(), "{:?}", ledger.problems);
    let vault = archive.verify_vault(&NoProgress, &CancelToken::new()).unwrap();
    assert!(vault.problems.is_empty(), "{:?}", vault.problems);
    assert_eq!(vault.objects, 3);
    let reg = archive.find_registration("330102-2026-000001").unwrap();
    assert_eq!(reg.status, Status::Sealed);
    assert_eq!((reg.files, reg.bytes), (2, 78));
    let mut paths: Vec<String> = archive.items(reg.id).unwrap().into_iter().map(|i| i.path).collect();
    paths.sort();
    assert_eq!(paths, ["文书/2024/会议纪要.txt", "文书/2024/工作总结.txt"]);
    assert_eq!(archive.find_registration("2").unwrap().status, Status::Draft);
    assert!(archive.domains().unwrap().contains(&"文旅".to_string()));
    // Indexes that came later cover what was there before.
    let hits = archive.search("工作总结", &SearchFilter::default()).unwrap().hits;
    assert!(hits.iter().any(|h| h.path.as_deref() == Some("文书/2024/工作总结.txt")), "{hits:?}");
    drop(archive);

    // Opening an up-to-date catalog takes no further backup.
    Archive::open(&dir).unwrap();
    assert_eq!(fs::read_dir(dir.join("backups")).unwrap().count(), 1);
}

#[test]
fn a_directory_from_a_newer_release_is_refused_untouched() {
    let (_tmp, dir) = first_schema_copy();
    drop(Archive::open(&dir).unwrap());
    fs::remove_dir_all(dir.join("backups")).unwrap();
    let newer = schema_version() + 1;
    rusqlite::Connection::open(dir.join("catalog.sqlite")).unwrap().pragma_update(None, "user_version", newer).unwrap();
    let before = snapshot(&dir);

    let err = Archive::open(&dir).err().expect("a newer catalog must be refused");
    assert!(matches!(err, Error::TooNew { found, .. } if found == newer), "{err:?}");
    assert!(err.to_string().contains("更新版本"), "{err}");
    assert_eq!(snapshot(&dir), before, "nothing in the directory may change");
    assert!(!dir.join("backups").exists());
}
