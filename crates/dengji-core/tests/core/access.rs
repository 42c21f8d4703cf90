//! On a shared PC the data directory is its owner's alone: folders 0700, the catalog and
//! its backups 0600, vault objects 0400; made so from the start, and repaired on open for
//! an archive written before this rule.

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;

use crate::support::{write, Fixture};

fn mode(path: &Path) -> u32 {
    fs::metadata(path).unwrap().permissions().mode() & 0o777
}

/// Every folder and file under `dir` with a mode that lets another account read it.
fn readable_by_others(dir: &Path) -> Vec<String> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| mode(e.path()) & 0o077 != 0)
        .map(|e| format!("{} {:o}", e.path().display(), mode(e.path())))
        .collect()
}

#[test]
fn a_new_archive_and_what_it_stores_are_its_owners_alone() {
    let mut f = Fixture::new();
    let src = f.src("专利");
    write(&src.join("说明书.pdf"), b"%PDF patent");
    f.intake("专利申请文件", &[src]);
    let dir = f.archive.dir().to_path_buf();
    assert_eq!(mode(&dir), 0o700);
    let catalog = if *f.archive.catalog_location() == dengji_core::CatalogLocation::Embedded { "catalog.sqlite" } else { "catalog.json" };
    assert_eq!(mode(&dir.join(catalog)), 0o600);
    if *f.archive.vault().location() == dengji_core::VaultLocation::Local {
        let object =
            walkdir::WalkDir::new(dir.join("vault/objects")).into_iter().map(Result::unwrap).find(|e| e.file_type().is_file()).unwrap();
        assert_eq!(mode(object.path()), 0o400);
    }
    assert_eq!(readable_by_others(&dir), Vec::<String>::new());
}

#[test]
fn an_archive_from_before_is_made_owner_only_when_opened() {
    let mut f = Fixture::new();
    let src = f.src("病历");
    write(&src.join("病历.pdf"), b"%PDF record");
    f.intake("病历", &[src]);
    let dir = f.archive.dir().to_path_buf();
    // What the release before left: world-readable folders, catalog and objects.
    for entry in walkdir::WalkDir::new(&dir) {
        let entry = entry.unwrap();
        let m = if entry.file_type().is_dir() {
            0o755
        } else if entry.path().starts_with(dir.join("vault")) {
            0o444
        } else {
            0o644
        };
        fs::set_permissions(entry.path(), fs::Permissions::from_mode(m)).unwrap();
    }
    let _ = fs::remove_file(dir.join("vault/OWNER-ONLY")); // not there with a bucket
    assert!(!readable_by_others(&dir).is_empty());

    let reopened = dengji_core::Archive::open(&dir).unwrap();
    assert_eq!(readable_by_others(&dir), Vec::<String>::new());
    assert!(reopened.verify_ledger().unwrap().ok());
}
