use std::fs;

use dengji_core::{ApplicationKind, CancelToken, Error, NoProgress, RestoreRequest, Tamper};

use crate::support::{content, write, Fixture};

fn sealed_with_files(f: &mut Fixture) -> (dengji_core::RegistrationId, std::path::PathBuf) {
    let src = f.src("恢复源");
    write(&src.join("会议纪要/一.pdf"), &content(1, 300_000));
    write(&src.join("100% 完成.txt"), b"done");
    write(&src.join("空.txt"), b"");
    let id = f.intake("恢复", std::slice::from_ref(&src)).id;
    f.seal(id);
    (id, src)
}

#[test]
fn restore_needs_an_approved_application_and_gives_identical_files() {
    let mut f = Fixture::new();
    let (id, src) = sealed_with_files(&mut f);
    let to = f.tmp.path().join("新服务器");
    let app = f.archive.apply(ApplicationKind::Restore, id, "服务器断电数据丢失", "上档〔2026〕3号", &f.clerk).unwrap();
    let req = RestoreRequest { registration: id, application: app.id, to: to.clone(), file: None, overwrite: false, from: None };
    let refused = f.archive.restore(&req, &f.clerk, &NoProgress, &CancelToken::new());
    assert!(matches!(refused, Err(Error::NoApprovedApplication(_))), "{refused:?}");
    assert!(!to.exists(), "nothing written before approval");

    f.archive.decide(app.id, true, &f.reviewer).unwrap();
    assert!(matches!(f.archive.restore(&req, &f.reviewer, &NoProgress, &CancelToken::new()), Err(Error::Forbidden { .. })));
    let report = f.archive.restore(&req, &f.clerk, &NoProgress, &CancelToken::new()).unwrap();
    assert_eq!((report.files, report.source.as_deref()), (3, None), "from the vault");
    for rel in ["会议纪要/一.pdf", "100% 完成.txt", "空.txt"] {
        assert_eq!(fs::read(to.join("恢复源").join(rel)).unwrap(), fs::read(src.join(rel)).unwrap(), "{rel}");
    }
    // An approval is used once: a second restore needs a new one.
    let used = f.archive.restore(&req, &f.clerk, &NoProgress, &CancelToken::new());
    assert!(matches!(used, Err(Error::ApplicationUsed { .. })), "{used:?}");
    assert!(f.archive.application(app.id).unwrap().used_at.is_some());
    let application = f.approved(ApplicationKind::Restore, id);
    // Existing files are never overwritten unless asked.
    let req = RestoreRequest { application, ..req };
    assert!(matches!(f.archive.restore(&req, &f.clerk, &NoProgress, &CancelToken::new()), Err(Error::DestinationExists(_))));
    assert!(f.archive.application(application).unwrap().used_at.is_none(), "a refused restore does not use the approval");
    let again = RestoreRequest { overwrite: true, ..req.clone() };
    f.archive.restore(&again, &f.clerk, &NoProgress, &CancelToken::new()).unwrap();
    let restores = f.archive.ledger_entries(id).unwrap().into_iter().filter(|e| e.action == "registration.restore").count();
    assert_eq!(restores, 2);
}

#[test]
fn one_file_can_be_restored_and_a_damaged_object_is_never_written() {
    let mut f = Fixture::new();
    let (id, src) = sealed_with_files(&mut f);
    let to = f.tmp.path().join("单个文件");
    let req = RestoreRequest {
        registration: id,
        application: f.approved(ApplicationKind::Restore, id),
        to: to.clone(),
        file: Some("恢复源/100% 完成.txt".into()),
        overwrite: false,
        from: None,
    };
    assert_eq!(f.archive.restore(&req, &f.clerk, &NoProgress, &CancelToken::new()).unwrap().files, 1);
    assert_eq!(fs::read(to.join("恢复源/100% 完成.txt")).unwrap(), fs::read(src.join("100% 完成.txt")).unwrap());

    let missing =
        RestoreRequest { file: Some("恢复源/没有.txt".into()), application: f.approved(ApplicationKind::Restore, id), ..req.clone() };
    assert!(matches!(f.archive.restore(&missing, &f.clerk, &NoProgress, &CancelToken::new()), Err(Error::ItemNotFound(..))));

    // Damage the vault copy of the PDF: the restore refuses it and leaves no file behind.
    let pdf = f.archive.items(id).unwrap().into_iter().find(|i| i.path.ends_with("一.pdf")).unwrap();
    f.archive.vault().tamper(&pdf.sha256, Tamper::Flip(1000)).unwrap();
    let to2 = f.tmp.path().join("损坏");
    let req2 = RestoreRequest {
        registration: id,
        application: missing.application,
        to: to2.clone(),
        file: Some(pdf.path.clone()),
        overwrite: false,
        from: None,
    };
    assert!(matches!(f.archive.restore(&req2, &f.clerk, &NoProgress, &CancelToken::new()), Err(Error::VaultObject(_))));
    assert!(!to2.join("恢复源/会议纪要/一.pdf").exists());
    assert_eq!(fs::read_dir(to2.join("恢复源/会议纪要")).unwrap().count(), 0, "no temp file left");
}

#[test]
fn restore_from_a_medium_is_identical_and_a_damaged_medium_file_is_never_written() {
    let mut f = Fixture::new();
    let (id, src) = sealed_with_files(&mut f);
    let root = f.tmp.path().join("A1");
    fs::create_dir_all(&root).unwrap();
    f.archive.add_medium(&root, "A1", "A", dengji_core::MediumKind::Usb, None, &f.clerk).unwrap();
    let app = f.archive.apply(ApplicationKind::Restore, id, "服务器损坏", "上档〔2026〕5号", &f.clerk).unwrap();
    f.archive.decide(app.id, true, &f.reviewer).unwrap();
    let to = f.tmp.path().join("从介质");
    let req =
        RestoreRequest { registration: id, application: app.id, to: to.clone(), file: None, overwrite: false, from: Some(root.clone()) };
    // Not yet on the medium: refused, nothing written.
    let lacks = f.archive.restore(&req, &f.clerk, &NoProgress, &CancelToken::new());
    assert!(matches!(lacks, Err(Error::MediumLacksBag { .. })), "{lacks:?}");
    f.archive.backup(&root, &f.clerk, &NoProgress, &CancelToken::new()).unwrap();
    // The vault objects are gone: the medium alone serves the restore.
    for item in f.archive.items(id).unwrap() {
        let _ = f.archive.vault().tamper(&item.sha256, Tamper::Remove);
    }
    let number = f.archive.registration(id).unwrap().registration_number.unwrap();
    let report = f.archive.restore(&req, &f.clerk, &NoProgress, &CancelToken::new()).unwrap();
    assert_eq!((report.files, report.source.as_deref()), (3, Some("A1")), "the report names the medium read");
    for rel in ["会议纪要/一.pdf", "100% 完成.txt", "空.txt"] {
        assert_eq!(fs::read(to.join("恢复源").join(rel)).unwrap(), fs::read(src.join(rel)).unwrap(), "{rel}");
    }

    let on_medium = root.join("bags").join(&number).join("data/恢复源/会议纪要/一.pdf");
    let mut bytes = fs::read(&on_medium).unwrap();
    bytes[1234] ^= 0x01;
    fs::write(&on_medium, bytes).unwrap();
    let to2 = f.tmp.path().join("坏介质");
    let application = f.approved(ApplicationKind::Restore, id);
    let bad = RestoreRequest { to: to2.clone(), file: Some("恢复源/会议纪要/一.pdf".into()), application, ..req.clone() };
    let err = f.archive.restore(&bad, &f.clerk, &NoProgress, &CancelToken::new()).unwrap_err();
    assert!(matches!(err, Error::MediumFileDamaged { .. }), "{err:?}");
    assert!(err.to_string().contains("一.pdf") && err.to_string().contains("A1"), "{err}");
    let left: Vec<_> = fs::read_dir(to2.join("恢复源/会议纪要")).map(|d| d.flatten().map(|e| e.path()).collect()).unwrap_or_default();
    assert!(left.is_empty(), "nothing left behind: {left:?}");
}

#[test]
fn an_approval_expires_after_the_configured_days_and_serves_only_its_own_kind() {
    let mut f = Fixture::new();
    let (id, _) = sealed_with_files(&mut f);
    let application = f.approved(ApplicationKind::Restore, id);
    let to = f.tmp.path().join("过期");
    let req = RestoreRequest { registration: id, application, to: to.clone(), file: None, overwrite: false, from: None };
    let app = f.archive.application(application).unwrap();
    assert_eq!(app.valid_until.map(|u| u.date_naive().to_string()).as_deref(), Some("2026-12-25"), "30 days by default");
    let late_at = crate::support::at() + chrono::Duration::days(30);
    let late = f.archive.login("登记员", crate::support::PASSWORD, late_at).unwrap().stamp(late_at);
    let expired = f.archive.restore(&req, &late, &NoProgress, &CancelToken::new());
    assert!(matches!(expired, Err(Error::ApplicationExpired { .. })), "{expired:?}");
    assert!(!to.exists(), "nothing written");
    assert_eq!(f.archive.overview(late.at, 0).unwrap().restores_waiting, 0, "an expired approval waits for nothing");
    assert_eq!(f.archive.overview(crate::support::at(), 0).unwrap().restores_waiting, 1);

    // The admin may allow longer; the approval is then valid again within the new time.
    assert!(matches!(f.archive.set_approval_valid_days(0, &f.admin.clone()), Err(Error::BadSetting(_))));
    f.archive.set_approval_valid_days(45, &f.admin.clone()).unwrap();
    assert_eq!(f.archive.export_settings(&f.admin.clone()).unwrap().approval_valid_days, Some(45), "carried to a second workstation");
    assert!(matches!(f.archive.set_approval_valid_days(45, &f.clerk.clone()), Err(Error::Forbidden { .. })));

    // A hand-back approval does not allow a restore, nor a restore approval a hand-back.
    let handback = f.approved(ApplicationKind::Handback, id);
    let wrong = f.archive.restore(&RestoreRequest { application: handback, ..req.clone() }, &late, &NoProgress, &CancelToken::new());
    assert!(matches!(wrong, Err(Error::WrongApplicationKind { .. })), "{wrong:?}");
    let hb = dengji_core::HandbackRequest { application, to: to.clone(), from: None, overwrite: false };
    let wrong = f.archive.handback(&hb, &late, &NoProgress, &CancelToken::new());
    assert!(matches!(wrong, Err(Error::WrongApplicationKind { .. })), "{wrong:?}");
    assert!(!to.exists(), "nothing written");
    assert_eq!(f.archive.restore(&req, &late, &NoProgress, &CancelToken::new()).unwrap().files, 3);
}
