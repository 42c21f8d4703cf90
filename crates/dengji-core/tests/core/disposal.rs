//! Retention and disposal: what is past its 保管期限, and legal holds.

use chrono::{NaiveDate, TimeZone, Utc};
use dengji_core::{
    ApplicationKind, AuditFilter, CancelToken, CertQuery, DisposalStatus, Error, ItemMeta, NewDisposal, NewHold, NoProgress,
    RegistrationId, RestoreRequest, Retention,
};

use crate::support::{write, Fixture};

/// A sealed registration whose files carry (retention, date), by file name.
fn sealed_with(f: &mut Fixture, title: &str, files: &[(&str, Option<Retention>, Option<&str>)]) -> RegistrationId {
    let src = f.src(title);
    for (name, _, _) in files {
        write(&src.join(name), name.as_bytes());
    }
    let id = f.intake(title, std::slice::from_ref(&src)).id;
    for (name, retention, date) in files {
        let item = f.archive.items(id).unwrap().into_iter().find(|i| i.path.ends_with(name)).unwrap();
        let meta = ItemMeta { retention: *retention, date: date.map(str::to_string), title: Some((*name).into()), ..ItemMeta::default() };
        f.archive.set_item_meta(id, item.id, &meta, &f.clerk.clone()).unwrap();
    }
    f.seal(id);
    id
}

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

#[test]
fn items_past_their_retention_are_listed_from_the_first_of_january_after_their_year() {
    let mut f = Fixture::new();
    let old = sealed_with(
        &mut f,
        "二〇一四年文书",
        &[
            ("a.txt", Some(Retention::Years10), Some("2014-03-02")),
            ("b.txt", Some(Retention::Years30), Some("2014")),
            ("c.txt", Some(Retention::Permanent), Some("1990")),
            ("d.txt", None, None),
        ],
    );
    sealed_with(&mut f, "新文书", &[("e.txt", Some(Retention::Years10), Some("2020-01"))]);

    // 2014 + 1 + 10: disposable from 1 January 2025, China time.
    let eve = Utc.with_ymd_and_hms(2024, 12, 31, 15, 59, 0).unwrap();
    assert!(f.archive.disposal_due(eve).unwrap().is_empty());
    let new_year = Utc.with_ymd_and_hms(2024, 12, 31, 16, 0, 0).unwrap();
    let due = f.archive.disposal_due(new_year).unwrap();
    assert_eq!(due.len(), 1);
    let r = &due[0];
    assert_eq!((r.registration, r.total_items, r.undetermined), (old, 4, 1), "d.txt has neither retention nor date");
    let items: Vec<(&str, NaiveDate)> = r.items.iter().map(|i| (i.path.as_str(), i.due_on)).collect();
    assert_eq!(items, [("二〇一四年文书/a.txt", day(2025, 1, 1))]);
    // Thirty years on, the 30年 file too; 永久 never.
    let later = Utc.with_ymd_and_hms(2045, 6, 1, 0, 0, 0).unwrap();
    let due = f.archive.disposal_due(later).unwrap();
    assert_eq!(due.len(), 2, "the 2020 registration is due by then too");
    let first: Vec<&str> = due[0].items.iter().map(|i| i.path.as_str()).collect();
    assert_eq!(first, ["二〇一四年文书/a.txt", "二〇一四年文书/b.txt"]);
}

#[test]
fn a_legal_hold_is_listed_in_force_for_its_days_and_released_with_a_reason() {
    let mut f = Fixture::new();
    let id = sealed_with(&mut f, "合同", &[("合同.txt", Some(Retention::Years10), Some("2010"))]);
    let at = Utc.with_ymd_and_hms(2026, 3, 1, 0, 0, 0).unwrap();
    let hold = NewHold {
        registration: id,
        reference: "（2026）浙0102民初123号".into(),
        reason: "合同纠纷诉讼保全".into(),
        starts_on: Some(day(2026, 1, 1)),
        ends_on: Some(day(2026, 12, 31)),
    };
    let clerk = f.clerk.clone();
    // Checked before anything is written.
    let backwards = NewHold { ends_on: Some(day(2025, 1, 1)), ..hold.clone() };
    assert!(matches!(f.archive.place_hold(&backwards, &clerk), Err(Error::BadHoldDates { .. })));
    assert!(matches!(f.archive.place_hold(&NewHold { reference: " ".into(), ..hold.clone() }, &clerk), Err(Error::Empty { .. })));
    let placed = f.archive.place_hold(&hold, &clerk).unwrap();
    let due = f.archive.disposal_due(at).unwrap();
    assert_eq!(due[0].holds.iter().map(|h| h.id).collect::<Vec<_>>(), [placed.id]);
    // After its last day it is no longer in force.
    let after = Utc.with_ymd_and_hms(2027, 1, 1, 0, 0, 0).unwrap();
    assert!(f.archive.disposal_due(after).unwrap()[0].holds.is_empty());

    // Released by a reviewer, with a reason; once only; a clerk may not.
    assert!(matches!(f.archive.release_hold(placed.id, "判决生效", &clerk), Err(Error::Forbidden { .. })));
    assert!(matches!(f.archive.release_hold(placed.id, " ", &f.reviewer), Err(Error::Empty { .. })));
    let released = f.archive.release_hold(placed.id, "判决生效，保全解除", &f.reviewer).unwrap();
    assert!(released.released_at.is_some());
    assert!(matches!(f.archive.release_hold(placed.id, "再次", &f.reviewer), Err(Error::HoldReleased(_))));
    assert!(f.archive.disposal_due(at).unwrap()[0].holds.is_empty());
    assert_eq!(f.archive.holds().unwrap().len(), 1, "kept, released");
    let entries = f.archive.audit(&AuditFilter { action: Some("registration.hold".into()), ..Default::default() }).unwrap();
    assert_eq!(entries.len(), 1);
    assert_eq!(f.archive.audit(&AuditFilter { action: Some("registration.hold_release".into()), ..Default::default() }).unwrap().len(), 1);

    // The row cannot be rewritten or deleted behind the archive's back.
    let conn = f.catalog();
    assert!(conn.execute("UPDATE legal_holds SET release_reason = '改' WHERE id = ?1", [placed.id]).is_err());
    assert!(conn.execute("DELETE FROM legal_holds WHERE id = ?1", [placed.id]).is_err());
    // A draft cannot be held: only sealed records are disposed of.
    let src = f.src("草稿");
    write(&src.join("x.txt"), b"x");
    let draft = f.intake("草稿", &[src]).id;
    assert!(matches!(f.archive.place_hold(&NewHold { registration: draft, ..hold }, &clerk), Err(Error::NotSealed(_))));
}

fn entries(f: &Fixture, action: &str) -> usize {
    f.archive.audit(&AuditFilter { action: Some(action.into()), ..Default::default() }).unwrap().len()
}

fn apply(f: &mut Fixture, id: RegistrationId, paths: &[&str], stamp: &dengji_core::Stamp) -> dengji_core::Result<dengji_core::Disposal> {
    let new = NewDisposal {
        registration: id,
        paths: paths.iter().map(|p| format!("合同/{p}")).collect(),
        reason: "保管期限已满，经鉴定无继续保存价值".into(),
        consent_reference: "某某科技〔2026〕3号".into(),
    };
    f.archive.apply_disposal(&new, stamp)
}

/// The files of the bag on `root` (relative to its data/ folder).
fn bag_files(root: &std::path::Path, number: &str) -> Vec<String> {
    let data = root.join("bags").join(number).join("data");
    let mut out: Vec<String> = walkdir::WalkDir::new(&data)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .map(|e| e.path().strip_prefix(&data).unwrap().to_string_lossy().into_owned())
        .collect();
    out.sort();
    out
}

#[test]
fn an_approved_disposal_leaves_tombstones_empties_the_vault_and_clears_each_medium_on_its_next_write_or_repair() {
    let mut f = Fixture::new();
    let (m1, m3) = (crate::media::medium(&mut f, "m1"), crate::media::medium(&mut f, "m3"));
    let id = sealed_with(
        &mut f,
        "合同",
        &[
            ("a.txt", Some(Retention::Years10), Some("2010-05")),
            ("b.txt", Some(Retention::Years10), Some("2010")),
            ("c.txt", Some(Retention::Permanent), Some("2010")),
        ],
    );
    let number = f.archive.registration(id).unwrap().registration_number.unwrap();
    crate::media::backup(&mut f, &m1);
    crate::media::backup(&mut f, &m3);
    let clerk = f.clerk.clone();
    let cert = f.archive.issue_certificate(id, &clerk).unwrap();
    let a = f.archive.items(id).unwrap().into_iter().find(|i| i.path.ends_with("a.txt")).unwrap();

    // Only what is past its retention, with a reason and the unit's consent.
    assert!(matches!(apply(&mut f, id, &["c.txt"], &clerk), Err(Error::NotDue { .. })));
    assert!(matches!(apply(&mut f, id, &[], &clerk), Err(Error::NotDue { .. })), "the whole registration holds a 永久 file");
    assert!(matches!(apply(&mut f, id, &["x.txt"], &clerk), Err(Error::ItemNotFound(..))));
    let no_consent =
        NewDisposal { registration: id, paths: vec!["合同/a.txt".into()], reason: "期满".into(), consent_reference: " ".into() };
    assert!(matches!(f.archive.apply_disposal(&no_consent, &clerk), Err(Error::Empty { .. })));
    // A legal hold blocks it.
    let hold =
        NewHold {
            registration: id, reference: "（2026）浙0102民初9号".into(), reason: "诉讼".into(), starts_on: None, ends_on: None
        };
    let hold = f.archive.place_hold(&hold, &clerk).unwrap();
    assert!(matches!(apply(&mut f, id, &["a.txt"], &clerk), Err(Error::OnHold { .. })));
    f.archive.release_hold(hold.id, "已结案", &f.reviewer.clone()).unwrap();

    // Rejected with a note; never decided by its applicant.
    let admin = f.admin.clone();
    let own = apply(&mut f, id, &["a.txt"], &admin).unwrap();
    assert!(matches!(f.archive.decide_disposal(own.id, true, "", &admin), Err(Error::SelfApproval)));
    let reviewer = f.reviewer.clone();
    assert!(matches!(f.archive.decide_disposal(own.id, false, " ", &reviewer), Err(Error::Empty { .. })));
    let rejected = f.archive.decide_disposal(own.id, false, "单位同意书未盖章", &reviewer).unwrap();
    assert_eq!(rejected.status, DisposalStatus::Rejected);
    assert!(matches!(f.archive.decide_disposal(own.id, true, "", &reviewer), Err(Error::DisposalDecided(_))));
    assert!(matches!(f.archive.disposal_record(own.id), Err(Error::DisposalNotApproved(_))));

    let pending = apply(&mut f, id, &["a.txt", "b.txt"], &clerk).unwrap();
    assert_eq!((pending.status, pending.items.len(), pending.whole), (DisposalStatus::Pending, 2, false));
    assert!(matches!(f.archive.decide_disposal(pending.id, true, "", &clerk), Err(Error::Forbidden { .. })));
    // A hold placed after the application still stops the approval.
    let hold = NewHold { registration: id, reference: "保全2".into(), reason: "诉讼".into(), starts_on: None, ends_on: None };
    let hold = f.archive.place_hold(&hold, &clerk).unwrap();
    assert!(matches!(f.archive.decide_disposal(pending.id, true, "", &reviewer), Err(Error::OnHold { .. })));
    f.archive.release_hold(hold.id, "已结案", &reviewer).unwrap();
    let done = f.archive.decide_disposal(pending.id, true, "监销：审核员", &reviewer).unwrap();
    assert_eq!(done.status, DisposalStatus::Approved);
    assert_eq!(done.objects_removed, Some(2));
    assert_eq!(done.media.iter().map(|m| (m.label.as_str(), m.removed_at.is_none())).collect::<Vec<_>>(), [("m1", true), ("m3", true)]);
    assert_eq!(entries(&f, "registration.dispose"), 1);

    // The sealed record is as it was; the tombstones say what went and when.
    let items = f.archive.items(id).unwrap();
    assert_eq!(items.len(), 3);
    assert_eq!(items.iter().filter(|i| i.is_disposed()).count(), 2);
    assert!(!f.archive.vault().contains(&a.sha256).unwrap(), "the content left the vault");
    assert!(f.archive.verify_vault(&NoProgress, &CancelToken::new()).unwrap().problems.is_empty());
    let conn = f.catalog();
    assert!(conn.execute("DELETE FROM disposed_items", ()).is_err());
    assert!(conn.execute("UPDATE disposed_items SET disposed_by = 'x'", ()).is_err());
    assert!(conn.execute("UPDATE disposals SET reason = 'x'", ()).is_err());
    assert!(f.archive.verify_ledger().unwrap().ok(), "the seal still verifies");
    // Nothing of it is due any more; it cannot be disposed of twice.
    assert!(f.archive.disposal_due(crate::support::at()).unwrap().is_empty());
    assert!(matches!(apply(&mut f, id, &["a.txt"], &clerk), Err(Error::AlreadyDisposed { .. })));

    // Restore delivers what is left; the certificate and attestation say what went.
    let app = f.approved(ApplicationKind::Restore, id);
    let to = f.tmp.path().join("restored");
    let restored = f
        .archive
        .restore(
            &RestoreRequest { registration: id, application: app, to: to.clone(), file: None, overwrite: false, from: None },
            &clerk,
            &NoProgress,
            &CancelToken::new(),
        )
        .unwrap();
    assert_eq!((restored.files, restored.disposed), (1, 2));
    assert!(to.join("合同/c.txt").is_file() && !to.join("合同/a.txt").exists());
    let verdict = f.archive.verify_certificate(CertQuery::Number(cert.0.number())).unwrap();
    assert!(verdict.is_current(), "what it certified was registered, and still is on record");
    assert!(verdict.message.contains("销毁") && verdict.disposed.as_ref().map(|d| (d.files, d.of)) == Some((2, 3)), "{}", verdict.message);
    let presented = f.tmp.path().join("a.txt");
    write(&presented, b"a.txt");
    let attested = f.archive.attest(&[presented], &clerk).unwrap();
    assert!(attested.files[0].matches[0].disposed_at.is_some());
    let record = f.archive.disposal_record(done.id).unwrap();
    assert!(record.pdf.starts_with(b"%PDF") && record.signature.is_some());

    // Until written again each medium's bag is as it was, and verifies.
    assert!(crate::media::verify(&mut f, &m1).ok());
    assert_eq!(bag_files(&m1, &number), ["合同/a.txt", "合同/b.txt", "合同/c.txt"]);
    // The next write removes the files and rewrites its manifests and bag-info.txt.
    crate::media::backup(&mut f, &m1);
    assert_eq!(bag_files(&m1, &number), ["合同/c.txt"]);
    let info = std::fs::read_to_string(m1.join("bags").join(&number).join("bag-info.txt")).unwrap();
    assert!(info.contains("Payload-Oxum: 5.1") && info.contains("Dengji-Disposed-Files: 2"), "{info}");
    let manifest = std::fs::read_to_string(m1.join("bags").join(&number).join("manifest-sm3.txt")).unwrap();
    assert_eq!(manifest.lines().count(), 1);
    assert!(crate::media::verify(&mut f, &m1).ok());
    // Still a valid bag to the Library of Congress tool (Payload-Oxum, tag manifest).
    let out =
        std::process::Command::new("python3").args(["-m", "bagit", "--validate"]).arg(m1.join("bags").join(&number)).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    // The next repair does the same.
    f.archive.repair_medium(&m3, None, &clerk, &NoProgress, &CancelToken::new()).unwrap();
    assert_eq!(bag_files(&m3, &number), ["合同/c.txt"]);
    assert!(crate::media::verify(&mut f, &m3).ok());
    // Its catalog snapshot was written again: a workstation rebuilt from it alone knows of
    // the disposal and finds everything it expects.
    let rebuilt_dir = f.tmp.path().join("新工作站");
    let rebuilt = dengji_core::Archive::recover(
        &rebuilt_dir,
        std::slice::from_ref(&m3),
        "管理员",
        crate::support::PASSWORD,
        crate::support::at(),
        &NoProgress,
        &CancelToken::new(),
    )
    .unwrap();
    assert!(rebuilt.missing.is_empty() && rebuilt.damaged.is_empty(), "{rebuilt:?}");
    let rebuilt = dengji_core::Archive::open(&rebuilt_dir).unwrap();
    assert_eq!(rebuilt.disposals().unwrap().len(), 2, "the rejected application and the approved one");
    assert!(rebuilt.verify_vault(&NoProgress, &CancelToken::new()).unwrap().problems.is_empty());
    assert_eq!(entries(&f, "medium.disposal_removed"), 2);
    assert!(f.archive.disposal(done.id).unwrap().media.iter().all(|m| m.removed_at.is_some()));
    // A medium written after the disposal never gets the files.
    let m2 = crate::media::medium(&mut f, "m2");
    crate::media::backup(&mut f, &m2);
    assert_eq!(bag_files(&m2, &number), ["合同/c.txt"]);
    assert!(crate::media::verify(&mut f, &m2).ok());
}

#[test]
fn a_wholly_disposed_registration_needs_no_copies_and_restores_nothing() {
    let mut f = Fixture::new();
    let id = sealed_with(
        &mut f,
        "合同",
        &[("a.txt", Some(Retention::Years10), Some("2010")), ("b.txt", Some(Retention::Years30), Some("1990"))],
    );
    assert_eq!(f.archive.status(crate::support::at()).unwrap().under_copied.len(), 1);
    let clerk = f.clerk.clone();
    let d = apply(&mut f, id, &[], &clerk).unwrap();
    assert!(d.whole && d.items.len() == 2);
    f.archive.decide_disposal(d.id, true, "", &f.reviewer.clone()).unwrap();
    assert!(f.archive.status(crate::support::at()).unwrap().under_copied.is_empty());
    let app = f.approved(ApplicationKind::Restore, id);
    let req = RestoreRequest { registration: id, application: app, to: f.tmp.path().join("r"), file: None, overwrite: false, from: None };
    assert!(matches!(f.archive.restore(&req, &clerk, &NoProgress, &CancelToken::new()), Err(Error::WhollyDisposed(_))));
    let m = crate::media::medium(&mut f, "m");
    assert!(crate::media::backup(&mut f, &m).written.is_empty(), "nothing left to write");
}
