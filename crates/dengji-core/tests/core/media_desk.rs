//! Media at the desk: location, transport out and back, retirement, and what counts
//! toward the copy policy.

use std::fs;
use std::path::PathBuf;

use dengji_core::{AuditFilter, CancelToken, Error, MediumKey, MediumKind, NoProgress, RetireReason, Tamper};

use crate::media::{backup, sealed, verify};
use crate::support::{at, Fixture};

fn medium(f: &mut Fixture, label: &str, set: &str) -> PathBuf {
    let root = f.tmp.path().join(label);
    fs::create_dir_all(&root).unwrap();
    f.archive.add_medium(&root, label, set, MediumKind::Hdd, Some("档案室 1 号柜"), &f.clerk).unwrap();
    root
}

fn last_payload(f: &Fixture, action: &str) -> serde_json::Value {
    let entries = f.archive.audit(&AuditFilter { action: Some(action.into()), ..Default::default() }).unwrap();
    serde_json::from_str(&entries.iter().max_by_key(|e| e.seq).expect(action).payload).unwrap()
}

#[test]
fn a_location_change_is_recorded() {
    let mut f = Fixture::new();
    medium(&mut f, "A1", "A");
    let m = f.archive.set_medium_location(MediumKey::Label("A1"), Some("异地库房 3 号架"), &f.clerk).unwrap();
    assert_eq!(m.location.as_deref(), Some("异地库房 3 号架"));
    let p = last_payload(&f, "medium.location");
    assert_eq!((p["from"].as_str(), p["to"].as_str()), (Some("档案室 1 号柜"), Some("异地库房 3 号架")));
    assert!(matches!(f.archive.set_medium_location(MediumKey::Label("Z9"), None, &f.clerk), Err(Error::MediumNotFound(_))));
}

#[test]
fn shipped_media_are_counted_out_and_reconciled_on_arrival() {
    let mut f = Fixture::new();
    let a1 = medium(&mut f, "A1", "A");
    medium(&mut f, "B1", "B");
    sealed(&mut f, "运送", &[("a.txt", b"a".to_vec())]);

    let keys = [MediumKey::Label("A1"), MediumKey::Label("B1")];
    assert!(matches!(f.archive.checkout_media(&keys, " ", None, &f.clerk), Err(Error::Empty { .. })));
    let shipment = f.archive.checkout_media(&keys, "市档案馆异地备份库", Some("运〔2026〕3号"), &f.clerk).unwrap();
    assert_eq!((shipment.media.len(), shipment.outstanding.len()), (2, 2));
    assert_eq!(last_payload(&f, "medium.checkout")["count"], 2);
    assert!(matches!(f.archive.checkout_media(&[MediumKey::Label("A1")], "别处", None, &f.clerk), Err(Error::MediumAlreadyOut { .. })));
    // A medium on the road is not written to, even if someone plugs it in.
    assert!(matches!(f.archive.backup(&a1, &f.clerk, &NoProgress, &CancelToken::new()), Err(Error::MediumOut { .. })));

    // A1 comes back and is known by its identity file; B1 is still out.
    let report = f.archive.checkin_media(&[MediumKey::Path(&a1)], Some("档案室 1 号柜"), &f.clerk).unwrap();
    assert_eq!(report.returned, ["A1"]);
    assert_eq!(report.shipments[0].outstanding, ["B1"]);
    let p = last_payload(&f, "medium.checkin");
    assert_eq!(p["outstanding"], serde_json::json!(["B1"]));
    assert_eq!(p["returned"][0]["identified"], true);
    assert!(f.archive.find_medium(MediumKey::Label("A1")).unwrap().out.is_none());
    assert!(f.archive.find_medium(MediumKey::Label("B1")).unwrap().out.is_some());
    backup(&mut f, &a1);

    let report = f.archive.checkin_media(&[MediumKey::Label("B1")], None, &f.clerk).unwrap();
    assert!(report.shipments[0].outstanding.is_empty());
    assert!(matches!(f.archive.checkin_media(&[MediumKey::Label("B1")], None, &f.clerk), Err(Error::MediumNotOut(_))));
    assert!(f.archive.verify_ledger().unwrap().ok());
}

#[test]
fn a_retired_medium_stops_counting_and_is_never_written_again() {
    let mut f = Fixture::new();
    let a1 = medium(&mut f, "A1", "A");
    let b1 = medium(&mut f, "B1", "B");
    let (_, number) = sealed(&mut f, "退役", &[("a.txt", b"a".to_vec())]);
    backup(&mut f, &a1);
    backup(&mut f, &b1);
    assert!(f.archive.status(at()).unwrap().under_copied.is_empty());

    let m = f.archive.retire_medium(MediumKey::Label("B1"), RetireReason::Lost, Some("运送途中遗失"), &f.clerk).unwrap();
    assert_eq!(m.retired.as_ref().map(|r| r.reason), Some(RetireReason::Lost));
    assert_eq!(m.registrations, 1, "its bags stay on record");
    let status = f.archive.status(at()).unwrap();
    assert_eq!(status.under_copied.len(), 1);
    assert_eq!(
        (status.under_copied[0].registration_number.as_str(), &status.under_copied[0].sets[..]),
        (number.as_str(), &["A".to_string()][..])
    );
    assert_eq!(status.not_counted.len(), 1);
    assert_eq!((status.not_counted[0].label.as_str(), status.not_counted[0].retired), ("B1", Some(RetireReason::Lost)));
    let far = at().checked_add_months(chrono::Months::new(120)).unwrap();
    assert!(f.archive.status(far).unwrap().checks_due.iter().all(|d| d.label != "B1"), "a retired medium is never due");

    assert!(matches!(f.archive.backup(&b1, &f.clerk, &NoProgress, &CancelToken::new()), Err(Error::MediumRetired { .. })));
    assert!(matches!(
        f.archive.retire_medium(MediumKey::Label("B1"), RetireReason::Failed, None, &f.clerk),
        Err(Error::MediumRetired { .. })
    ));
    assert_eq!(last_payload(&f, "medium.retire")["note"], "运送途中遗失");
    assert!("损坏".parse::<RetireReason>().is_ok() && "gone".parse::<RetireReason>().is_err());
    assert!(f.archive.verify_ledger().unwrap().ok());
}

#[test]
fn a_medium_that_failed_its_check_counts_again_once_repaired() {
    let mut f = Fixture::new();
    let a1 = medium(&mut f, "A1", "A");
    let b1 = medium(&mut f, "B1", "B");
    let (_, number) = sealed(&mut f, "损坏", &[("a.txt", b"original".to_vec())]);
    backup(&mut f, &a1);
    backup(&mut f, &b1);
    let file = b1.join("bags").join(&number).join("data").join("损坏").join("a.txt");
    assert!(file.is_file(), "{file:?}");
    let mut perms = fs::metadata(&file).unwrap().permissions();
    #[allow(clippy::permissions_set_readonly_false)]
    perms.set_readonly(false);
    fs::set_permissions(&file, perms).unwrap();
    fs::write(&file, b"damaged").unwrap();
    assert!(!verify(&mut f, &b1).ok());
    let status = f.archive.status(at()).unwrap();
    assert_eq!(status.under_copied.len(), 1);
    assert!(status.not_counted[0].failed_at.is_some());

    f.archive.repair_medium(&b1, None, &f.clerk, &NoProgress, &CancelToken::new()).unwrap();
    let status = f.archive.status(at()).unwrap();
    assert!(status.under_copied.is_empty() && status.not_counted.is_empty(), "{status:?}");
}

#[test]
fn a_sample_below_the_minimum_is_refused_and_records_nothing() {
    let mut f = Fixture::new();
    let a1 = medium(&mut f, "A1", "A");
    sealed(&mut f, "抽查", &[("a.txt", b"a".to_vec())]);
    backup(&mut f, &a1);
    assert_eq!(f.archive.min_sample_percent().unwrap(), 10);
    let admin = f.admin.clone();
    assert!(matches!(f.archive.set_min_sample_percent(0, &admin), Err(Error::BadSetting(_))));
    assert!(matches!(f.archive.set_min_sample_percent(30, &f.clerk), Err(Error::Forbidden { .. })));
    f.archive.set_min_sample_percent(30, &admin).unwrap();
    let before = f.archive.audit(&AuditFilter { action: Some("medium.verify".into()), ..Default::default() }).unwrap().len();
    match f.archive.verify_medium(&a1, Some(20), &f.clerk, &NoProgress, &CancelToken::new()) {
        Err(Error::SampleBelowMinimum { given: 20, min: 30 }) => {}
        other => panic!("a 20% sample under a 30% minimum: {other:?}"),
    }
    assert_eq!(f.archive.find_medium(MediumKey::Label("A1")).unwrap().last_verified_at, None, "the due date did not move");
    assert_eq!(f.archive.audit(&AuditFilter { action: Some("medium.verify".into()), ..Default::default() }).unwrap().len(), before);
    let report = f.archive.verify_medium(&a1, Some(30), &f.clerk, &NoProgress, &CancelToken::new()).unwrap();
    assert!(report.ok());
    assert!(f.archive.find_medium(MediumKey::Label("A1")).unwrap().last_verified_at.is_some());
    // The settings file carries it to a second workstation.
    assert_eq!(f.archive.export_settings(&admin).unwrap().min_sample_percent, Some(30));
}

#[test]
fn the_vault_is_repaired_from_a_medium_and_damaged_objects_are_kept_aside() {
    let mut f = Fixture::new();
    let a1 = medium(&mut f, "A1", "A");
    let (reg, _) = sealed(&mut f, "保管库修复", &[("一.txt", b"first file".to_vec()), ("二.txt", b"second file".to_vec())]);
    backup(&mut f, &a1);
    let src = f.src("草稿");
    crate::support::write(&src.join("草稿.txt"), b"only in a draft");
    let draft = f.intake("草稿", &[src]).id;
    let items = f.archive.items(reg).unwrap();
    let (changed, gone) = (items[0].sha256, items[1].sha256);
    let draft_object = f.archive.items(draft).unwrap()[0].sha256;
    f.archive.vault().tamper(&changed, Tamper::Flip(2)).unwrap();
    f.archive.vault().tamper(&gone, Tamper::Remove).unwrap();
    f.archive.vault().tamper(&draft_object, Tamper::Remove).unwrap();
    assert_eq!(f.archive.verify_vault(&NoProgress, &CancelToken::new()).unwrap().problems.len(), 3);

    let clerk = f.clerk.clone();
    let report = f.archive.repair_vault(&a1, &clerk, &NoProgress, &CancelToken::new()).unwrap();
    assert_eq!((report.found, report.repaired.len(), report.quarantined.len()), (3, 2, 1));
    assert_eq!(report.unrepaired.len(), 1, "a draft's file is on no medium");
    assert_eq!(report.unrepaired[0].sha256, draft_object);
    assert!(!report.ok());
    let kept = f.archive.vault().quarantined().unwrap();
    assert_eq!(kept.iter().map(|(name, _)| name).collect::<Vec<_>>(), [&report.quarantined[0]], "the damaged object is kept");
    let after = f.archive.verify_vault(&NoProgress, &CancelToken::new()).unwrap();
    assert_eq!(after.problems.iter().map(|p| p.sha256).collect::<Vec<_>>(), [draft_object]);
    let p = last_payload(&f, "vault.repair");
    assert_eq!((p["label"].as_str(), p["repaired"].as_array().map(Vec::len)), (Some("A1"), Some(2)));
    assert!(f.archive.verify_ledger().unwrap().ok());
}
