use chrono::{TimeZone, Utc};
use dengji_core::{AcceptScope, Archive, CancelToken, Error, IntakeTarget, NoProgress, Status};

use crate::support::{at, write, Fixture, PASSWORD};

#[test]
fn numbers_follow_the_year_in_china_time_and_never_repeat() {
    let mut f = Fixture::new();
    let src = f.src("a");
    write(&src.join("1.txt"), b"1");
    let r1 = f.intake("一", std::slice::from_ref(&src));
    let r2 = f.intake("二", std::slice::from_ref(&src));
    let r3 = f.intake("三", &[src]);
    let s1 = f.seal(r1.id);
    let s2 = f.seal(r2.id);
    // 2026-12-31 17:00 UTC is already 2027-01-01 in Hangzhou.
    let new_year = f.reviewer_actor.stamp(Utc.with_ymd_and_hms(2026, 12, 31, 17, 0, 0).unwrap());
    f.archive.accept_check_errors(r3.id, AcceptScope::All, "测试数据", &f.reviewer).unwrap();
    let s3 = f.archive.seal(r3.id, None, &new_year).unwrap();
    assert_eq!(s1.registration_number, "330102-2026-000001");
    assert_eq!(s2.registration_number, "330102-2026-000002");
    assert_eq!(s3.registration_number, "330102-2027-000001");
    // Same content, same package digests: the manifest is canonical.
    assert_eq!(s1.package_sha256, s2.package_sha256);
    assert_eq!(s1.package_sm3, s2.package_sm3);
}

#[test]
fn sealed_registrations_refuse_every_change_in_code() {
    let mut f = Fixture::new();
    let src = f.src("s");
    write(&src.join("1.txt"), b"1");
    let r = f.intake("封存后", std::slice::from_ref(&src));
    let item = f.archive.items(r.id).unwrap()[0].id;
    f.archive.accept_check_errors(r.id, AcceptScope::All, "测试数据", &f.reviewer).unwrap();
    let sealed = f.archive.seal(r.id, Some("封存后"), &f.reviewer).unwrap();
    assert!(matches!(f.archive.seal(r.id, None, &f.reviewer), Err(Error::Sealed(_))));
    assert!(matches!(f.archive.remove_items(r.id, &[item], &f.clerk), Err(Error::Sealed(_))));
    assert!(matches!(f.archive.accept_findings(r.id, "x", &f.clerk), Err(Error::Sealed(_))));
    let again = f.archive.intake(IntakeTarget::Draft(r.id), &[src], &f.clerk, &NoProgress, &CancelToken::new());
    assert!(matches!(again, Err(Error::Sealed(_))));
    let reg = f.archive.find_registration(&sealed.registration_number).unwrap();
    assert_eq!(reg.status, Status::Sealed);
}

#[test]
fn seal_confirmation_must_match_the_title() {
    let mut f = Fixture::new();
    let src = f.src("c");
    write(&src.join("1.txt"), b"1");
    let r = f.intake("正确题名", &[src]);
    assert!(matches!(f.archive.seal(r.id, Some("错误题名"), &f.reviewer), Err(Error::SealConfirmMismatch)));
    assert_eq!(f.archive.registration(r.id).unwrap().status, Status::Draft);
}

#[test]
fn triggers_protect_sealed_rows_and_the_ledger() {
    let mut f = Fixture::new();
    let src = f.src("t");
    write(&src.join("1.txt"), b"1");
    let r = f.intake("触发器", &[src]);
    f.seal(r.id);
    let db = f.catalog();
    for sql in [
        "UPDATE items SET sha256 = '00' WHERE registration_id = 1",
        "DELETE FROM items WHERE registration_id = 1",
        "INSERT INTO items (registration_id, path_raw, path, size, sha256, sm3, format, added_at) VALUES (1, 'a', 'a', 1, 'x', 'y', 'TEXT', 'now')",
        "UPDATE registrations SET title = '改' WHERE id = 1",
        "DELETE FROM registrations WHERE id = 1",
        "UPDATE ledger SET operator = 'mallory' WHERE seq = 1",
        "DELETE FROM ledger WHERE seq = 1",
    ] {
        let err = db.execute(sql, ()).expect_err(sql);
        assert!(err.to_string().contains("immutable") || err.to_string().contains("append-only"), "{sql}: {err}");
    }
}

#[test]
fn items_can_be_removed_from_a_draft_only() {
    let mut f = Fixture::new();
    let src = f.src("r");
    write(&src.join("1.txt"), b"1");
    write(&src.join("2.txt"), b"2");
    let r = f.intake("移除", &[src]);
    let items = f.archive.items(r.id).unwrap();
    assert_eq!(f.archive.remove_items(r.id, &[items[0].id], &f.clerk).unwrap(), 1);
    assert_eq!(f.archive.items(r.id).unwrap().len(), 1);
    let entries = f.archive.ledger_entries(r.id).unwrap();
    assert!(entries.iter().any(|e| e.action == "registration.remove_items"));
}

#[test]
fn init_refuses_an_initialised_dir_and_open_refuses_an_empty_one() {
    let f = Fixture::new();
    let dir = f.archive.dir().to_path_buf();
    assert!(matches!(Archive::init(&dir, "另一个", "330102", "管理员", PASSWORD, at()), Err(Error::AlreadyInitialised(_))));
    assert_eq!(f.archive.info().unwrap().name, "上城区档案馆");
    let empty = f.tmp.path().join("empty");
    assert!(matches!(Archive::open(&empty), Err(Error::NotInitialised(_))));
    assert!(matches!(Archive::init(&empty, "x", "330103", "管理员", PASSWORD, at()), Err(Error::BadRegion(_))));
    assert!(matches!(Archive::init(&empty, "x", "330102", "管理员", "short", at()), Err(Error::WeakPassword(_))));
    assert!(!Archive::is_initialised(&empty));
}
