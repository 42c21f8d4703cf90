//! Moving an archive to other storage: a verified copy in a new data directory, the
//! original untouched. Run against the servers too, the copy goes from one bucket prefix
//! (and database) to another; the CLI tests move an embedded archive up.

use dengji_core::{Archive, AuditFilter, CancelToken, Error, JobProgress, NoProgress, Progress, Tamper};

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

/// Cancels its job once it has copied `after` objects.
struct CancelAfter<'a> {
    after: u64,
    cancel: &'a CancelToken,
}

impl Progress for CancelAfter<'_> {
    fn report(&self, p: &JobProgress) {
        if p.files_done >= self.after {
            self.cancel.cancel();
        }
    }
}

#[test]
fn a_move_cut_short_goes_on_where_it_stopped_when_run_again() {
    let mut f = Fixture::new();
    let files: Vec<(String, Vec<u8>)> = (0..5).map(|i| (format!("{i}.bin"), content(10 + i, 20_000))).collect();
    let files: Vec<(&str, Vec<u8>)> = files.iter().map(|(n, c)| (n.as_str(), c.clone())).collect();
    sealed(&mut f, "文书", &files);
    let place = tempfile::tempdir().unwrap();
    let to = place.path().join("新数据目录");
    let (catalog, vault) = (test_catalog(&place), test_vault(&place));

    let cancel = CancelToken::new();
    let cut = f.archive.migrate_store(&to, &catalog, &vault, &f.admin, &CancelAfter { after: 2, cancel: &cancel }, &cancel).unwrap();
    assert!(cut.cancelled && !cut.ok() && !cut.resumed, "{cut:?}");
    assert_eq!(cut.objects, 2);
    assert!(!Archive::is_initialised(&to), "not an archive until every object is there");

    // Something changed at the original meanwhile: the resumed move carries it too.
    let later = f.src("后来的");
    std::fs::write(later.join("新.txt"), "后来接收").unwrap();
    f.intake("后来的", &[later]);
    let report = f.archive.migrate_store(&to, &catalog, &vault, &f.admin, &NoProgress, &CancelToken::new()).unwrap();
    assert!(report.ok() && report.resumed, "{report:?}");
    assert_eq!((report.objects, report.already_there), (6, 2));
    let moved = Archive::open(&to).unwrap();
    assert_eq!(moved.registrations().unwrap().len(), 2);
    assert!(moved.verify_ledger().unwrap().ok());
    // Done is done: the same move once more is refused (the folder is an archive now).
    let again = f.archive.migrate_store(&to, &catalog, &vault, &f.admin, &NoProgress, &CancelToken::new());
    assert_eq!(again.unwrap_err().code(), "migrate_target_not_empty");
}

/// More rows than one fetch from a server takes: a centre archive's catalog is read through
/// a cursor, a few thousand rows at a time, and every row arrives.
#[test]
fn a_catalog_larger_than_one_fetch_is_copied_whole() {
    let mut f = Fixture::new();
    let src = f.src("大批");
    std::fs::write(src.join("原件.pdf"), content(7, 1_000)).unwrap();
    let draft = f.intake("大批", &[src]).id;
    let db = f.catalog();
    let (sha, sm3): (String, String) = db.query_row("SELECT sha256, sm3 FROM items", (), |r| Ok((r.get(0)?, r.get(1)?))).unwrap();
    let copies = 12_345;
    for chunk in (0..copies).collect::<Vec<i64>>().chunks(500) {
        let paths: Vec<(Vec<u8>, String)> = chunk.iter().map(|k| (format!("副本/{k}.pdf").into_bytes(), format!("副本/{k}.pdf"))).collect();
        let mut sql = String::from("INSERT INTO items (registration_id, path_raw, path, size, sha256, sm3, format, added_at) VALUES ");
        let mut args: Vec<&dyn dengji_core::ToSql> = Vec::new();
        for (n, (raw, path)) in paths.iter().enumerate() {
            let p = n * 5;
            sql.push_str(&format!(
                "{}(?{}, ?{}, ?{}, 1000, ?{}, ?{}, 'pdf', '2026-06-01T00:00:00Z')",
                if n == 0 { "" } else { ", " },
                p + 1,
                p + 2,
                p + 3,
                p + 4,
                p + 5
            ));
            args.extend([&draft.0 as &dyn dengji_core::ToSql, raw, path, &sha, &sm3]);
        }
        db.execute(&sql, &args[..]).unwrap();
    }
    let place = tempfile::tempdir().unwrap();
    let to = place.path().join("新数据目录");
    let report =
        f.archive.migrate_store(&to, &test_catalog(&place), &test_vault(&place), &f.admin, &NoProgress, &CancelToken::new()).unwrap();
    assert!(report.ok(), "{report:?}");
    let moved = Archive::open(&to).unwrap();
    assert_eq!(moved.items(draft).unwrap().len(), copies as usize + 1);
}
