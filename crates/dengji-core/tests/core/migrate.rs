//! Moving an archive to other storage: a verified copy in a new data directory, the
//! original untouched. Run against the servers too, the copy goes from one bucket prefix
//! (and database) to another; the CLI tests move an embedded archive up.

use dengji_core::{Archive, AuditFilter, CancelToken, Error, NoProgress, Tamper};

use crate::media::sealed;
use crate::support::{content, test_catalog, test_vault, Fixture};

#[test]
fn an_archive_is_copied_to_new_storage_verified_there_and_the_original_is_untouched() {
    let mut f = Fixture::new();
    let (_, number) =
        sealed(&mut f, "文书", &[("一.bin", content(1, 300_000)), ("二.bin", content(2, 5_000)), ("同.bin", content(1, 300_000))]);
    let src = f.src("草稿");
    std::fs::write(src.join("草稿.txt"), "未封存").unwrap();
    f.intake("草稿", &[src]);
    let before = f.archive.checkpoint().unwrap();
    let original_objects = f.archive.vault().list().unwrap();

    let place = tempfile::tempdir().unwrap();
    let to = place.path().join("新数据目录");
    let (catalog, vault) = (test_catalog(&place), test_vault(&place));
    // Only an admin moves the archive; an occupied folder is refused.
    let clerk = f.archive.migrate_store(&to, &catalog, &vault, &f.clerk, &NoProgress, &CancelToken::new());
    assert!(matches!(clerk, Err(Error::Forbidden { .. })), "{clerk:?}");
    let occupied = f.tmp.path().join("sources");
    let refused = f.archive.migrate_store(&occupied, &catalog, &vault, &f.admin, &NoProgress, &CancelToken::new());
    assert_eq!(refused.unwrap_err().code(), "migrate_target_not_empty");

    let report = f.archive.migrate_store(&to, &catalog, &vault, &f.admin, &NoProgress, &CancelToken::new()).unwrap();
    assert!(report.ok(), "{report:?}");
    assert_eq!(report.objects, 3, "one object per content: two sealed, one draft");
    assert_eq!(report.bytes, 300_000 + 5_000 + "未封存".len() as u64);

    let moved = Archive::open(&to).unwrap();
    assert_eq!(moved.vault().location(), &vault);
    assert_eq!(moved.catalog_location(), &catalog);
    assert_eq!(moved.info().unwrap().instance_id, f.archive.info().unwrap().instance_id, "the same archive, elsewhere");
    let numbers = |a: &Archive| a.registrations().unwrap().into_iter().map(|r| (r.id, r.registration_number)).collect::<Vec<_>>();
    assert_eq!(numbers(&moved), numbers(&f.archive));
    assert!(numbers(&moved).iter().any(|(_, n)| n.as_deref() == Some(number.as_str())));
    let mut a = moved.vault().list().unwrap();
    let mut b = original_objects.clone();
    a.sort_by_key(|s| s.to_hex());
    b.sort_by_key(|s| s.to_hex());
    assert_eq!(a, b);
    // The move is the copy's last ledger entry, continuing the original's chain.
    let moves = moved.audit(&AuditFilter { action: Some("store.migrate".into()), ..Default::default() }).unwrap();
    assert_eq!(moves.len(), 1);
    assert_eq!(moved.checkpoint().unwrap().size, before.size + 1);
    assert!(moved.verify_ledger().unwrap().ok());
    // The original: not a byte of its catalog's chain or its vault changed.
    assert_eq!(f.archive.checkpoint().unwrap(), before);
    assert_eq!(f.archive.vault().list().unwrap().len(), original_objects.len());
    assert!(f.archive.verify_vault(&NoProgress, &CancelToken::new()).unwrap().problems.is_empty());
}

#[test]
fn a_damaged_object_is_never_carried_over() {
    let mut f = Fixture::new();
    sealed(&mut f, "文书", &[("一.bin", content(3, 10_000))]);
    let sha = f.archive.vault().list().unwrap()[0];
    f.archive.vault().tamper(&sha, Tamper::Flip(10)).unwrap();
    let place = tempfile::tempdir().unwrap();
    let to = place.path().join("新数据目录");
    let err =
        f.archive.migrate_store(&to, &test_catalog(&place), &test_vault(&place), &f.admin, &NoProgress, &CancelToken::new()).unwrap_err();
    assert_eq!(err.code(), "vault_object", "{err}");
    assert!(!Archive::is_initialised(&to), "no archive is made from a damaged vault");
}
