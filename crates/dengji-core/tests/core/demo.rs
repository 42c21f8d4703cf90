//! The training archive: made through the ordinary paths, marked, and removable only as such.

use dengji_core::demo::{DEMO_ARCHIVE_NAME, DEMO_PASSWORD};
use dengji_core::{Archive, CancelToken, Error, NoProgress, Status};

use crate::support::{at, Fixture};

#[test]
fn the_demo_archive_is_marked_checks_out_and_can_be_discarded() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("demo");
    let (mut archive, admin) = Archive::init_demo(&dir, at()).unwrap();
    let info = archive.info().unwrap();
    assert!(info.demo);
    assert_eq!(info.name, DEMO_ARCHIVE_NAME);
    assert!(archive.verify_ledger().unwrap().ok());
    assert!(archive.verify_vault(&NoProgress, &CancelToken::new()).unwrap().problems.is_empty());
    let regs = archive.registrations().unwrap();
    assert_eq!(regs.iter().filter(|r| r.status == Status::Sealed).count(), 2);
    assert_eq!(regs.iter().filter(|r| r.status == Status::Draft).count(), 1);
    let sealed = regs.iter().find(|r| r.status == Status::Sealed).unwrap();
    let meta = archive.item_meta(sealed.id).unwrap();
    assert!(meta.iter().all(|(_, m)| m.title.is_some() && m.note.as_deref() == Some("演示数据")), "{meta:?}");

    // Only an admin discards it; afterwards the directory takes a real archive.
    let clerk = archive.login("演示登记员", DEMO_PASSWORD, at()).unwrap().stamp(at());
    let archive = Archive::open(&dir).unwrap();
    assert!(matches!(Archive::open(&dir).unwrap().discard_demo(&clerk), Err(Error::Forbidden { .. })));
    archive.discard_demo(&admin.stamp(at())).unwrap();
    assert!(!Archive::is_initialised(&dir));
    assert!(!dir.join("vault").exists());
    let (real, _) = Archive::init(&dir, "上城区档案馆", "330102", "管理员", crate::support::PASSWORD, at()).unwrap();
    assert!(!real.info().unwrap().demo);
}

#[test]
fn a_real_archive_is_never_discarded() {
    let f = Fixture::new();
    let dir = f.archive.dir().to_path_buf();
    let err = f.archive.discard_demo(&f.admin).expect_err("refused");
    assert!(matches!(err, Error::NotDemo), "{err:?}");
    assert!(Archive::is_initialised(&dir));
    assert!(Archive::open(&dir).unwrap().verify_ledger().unwrap().ok());
}
