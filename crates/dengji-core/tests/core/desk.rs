//! The everyday desk: editing units, the domain list, discarding drafts.

use dengji_core::{AuditFilter, CertQuery, Error, NewUnit, RegistrationId, UnitEdit, UnitKind};

use crate::support::{write, Fixture};

fn sealed(f: &mut Fixture, name: &str, bytes: &[u8]) -> RegistrationId {
    let src = f.src(name);
    write(&src.join("a.txt"), bytes);
    let id = f.intake(name, &[src]).id;
    f.seal(id);
    id
}

fn last_entry(f: &Fixture, action: &str) -> serde_json::Value {
    let filter = AuditFilter { action: Some(action.into()), ..Default::default() };
    let entries = f.archive.audit(&filter).unwrap();
    let e = entries.iter().max_by_key(|e| e.seq).unwrap_or_else(|| panic!("no {action} entry"));
    serde_json::from_str(&e.payload).unwrap()
}

#[test]
fn a_unit_edit_is_recorded_and_sealed_records_and_certificates_keep_what_they_said() {
    let mut f = Fixture::new();
    let reg = sealed(&mut f, "编辑前", b"before");
    let clerk = f.clerk.clone();
    let (cert, _) = f.archive.issue_certificate(reg, &clerk).unwrap();

    let rename =
        UnitEdit { name: Some("杭州某某科技股份有限公司".into()), domain: Some(Some("医疗".into())), ..Default::default() };
    let edited = f.archive.edit_unit(f.unit, rename, &f.clerk).unwrap();
    assert_eq!(edited.changed, ["name", "domain"]);
    assert_eq!(edited.unit.name, "杭州某某科技股份有限公司");
    let entry = last_entry(&f, "unit.edit");
    assert_eq!(entry["changes"]["name"], serde_json::json!(["杭州某某科技有限公司", "杭州某某科技股份有限公司"]));
    assert_eq!(entry["changes"]["domain"], serde_json::json!(["工商", "医疗"]));

    // A new code needs a reason; with one it is recorded, and the old seal still verifies.
    let recode = || UnitEdit { uscc: Some("91110000802100433B".into()), ..Default::default() };
    match f.archive.edit_unit(f.unit, recode(), &f.clerk) {
        Err(Error::Empty { what }) => assert!(what.contains("理由"), "{what}"),
        other => panic!("a USCC change without a reason went through: {other:?}"),
    }
    let with_reason = UnitEdit { reason: Some("工商变更登记，换发营业执照".into()), ..recode() };
    let edited = f.archive.edit_unit(f.unit, with_reason, &f.clerk).unwrap();
    assert_eq!(edited.unit.uscc.as_deref(), Some("91110000802100433B"));
    assert!(edited.warnings.is_empty(), "{:?}", edited.warnings);
    assert_eq!(last_entry(&f, "unit.edit")["reason"], "工商变更登记，换发营业执照");
    let report = f.archive.verify_ledger().unwrap();
    assert!(report.ok(), "{:?}", report.problems);

    // Sealed after the change: this seal carries the new code and also verifies.
    sealed(&mut f, "编辑后", b"after");
    assert!(f.archive.verify_ledger().unwrap().ok());

    let verdict = f.archive.verify_certificate(CertQuery::Number(cert.number())).unwrap();
    assert!(verdict.is_current(), "{}", verdict.message);
    let printed = verdict.certificate.unwrap();
    assert_eq!(printed.content.unit_name, "杭州某某科技有限公司");
    assert_eq!(printed.content.unit_uscc.as_deref(), Some("91330000MA27U0TT7T"));

    // The table changed behind the ledger's back is still caught.
    f.catalog().execute("UPDATE units SET name = '冒名公司' WHERE id = ?1", [f.unit.0]).unwrap();
    let report = f.archive.verify_ledger().unwrap();
    assert!(report.problems.iter().any(|p| p.message.contains("冒名公司")), "{:?}", report.problems);
}

#[test]
fn unit_edits_check_what_a_new_unit_is_checked_for() {
    let mut f = Fixture::new();
    let other = NewUnit {
        name: "北京某某公司".into(),
        kind: UnitKind::Enterprise,
        uscc: Some("91110000802100433B".into()),
        domain: None,
        force: false,
    };
    f.archive.add_unit(other, &f.clerk).unwrap();
    let reason = Some("核对营业执照".to_string());
    let taken = UnitEdit { uscc: Some("91110000802100433B".into()), reason: reason.clone(), ..Default::default() };
    assert!(matches!(f.archive.edit_unit(f.unit, taken, &f.clerk), Err(Error::DuplicateUscc(_))));
    let bad_check = UnitEdit { uscc: Some("91110000802100433C".into()), reason: reason.clone(), ..Default::default() };
    assert!(matches!(f.archive.edit_unit(f.unit, bad_check.clone(), &f.clerk), Err(Error::UsccCheckDigit { .. })));
    let none = UnitEdit { uscc: Some(" ".into()), reason: reason.clone(), ..Default::default() };
    assert!(matches!(f.archive.edit_unit(f.unit, none, &f.clerk), Err(Error::UsccRequired)));
    let blank = UnitEdit { name: Some("  ".into()), ..Default::default() };
    assert!(matches!(f.archive.edit_unit(f.unit, blank, &f.clerk), Err(Error::Empty { .. })));

    // A code from a region merged away is a warning, not a refusal.
    let merged = UnitEdit { uscc: Some("91330103MA27U0TT7T".into()), reason, force: true, ..Default::default() };
    let edited = f.archive.edit_unit(f.unit, merged, &f.clerk).unwrap();
    assert!(edited.unit.uscc_forced, "the check character of this code is not the computed one");
    assert!(edited.warnings.iter().any(|w| w.contains("330103")), "{:?}", edited.warnings);

    // Nothing changed: no entry.
    let before = f.archive.audit(&AuditFilter::default()).unwrap().len();
    let same = UnitEdit { name: Some(edited.unit.name.clone()), ..Default::default() };
    assert!(f.archive.edit_unit(f.unit, same, &f.clerk).unwrap().changed.is_empty());
    assert_eq!(f.archive.audit(&AuditFilter::default()).unwrap().len(), before);
    assert!(f.archive.verify_ledger().unwrap().ok());
}

#[test]
fn domains_are_renamed_with_their_units_and_retired_ones_are_not_offered() {
    let mut f = Fixture::new();
    let admin = f.admin.clone();
    let renamed = f.archive.rename_domain("工商", "市场监管", &admin).unwrap();
    assert_eq!((renamed.name.as_str(), renamed.units), ("市场监管", 1));
    assert_eq!(f.archive.unit(f.unit).unwrap().domain.as_deref(), Some("市场监管"));
    assert!(!f.archive.domains().unwrap().contains(&"工商".to_string()));
    assert!(matches!(f.archive.rename_domain("市场监管", "医疗", &admin), Err(Error::DomainExists(_))));
    assert!(matches!(f.archive.rename_domain("没有的领域", "新", &admin), Err(Error::BadDomain(_))));
    let report = f.archive.verify_ledger().unwrap();
    assert!(report.ok(), "{:?}", report.problems);

    let retired = f.archive.retire_domain("市场监管", &admin).unwrap();
    assert!(retired.retired_at.is_some());
    assert!(!f.archive.domains().unwrap().contains(&"市场监管".to_string()));
    assert!(f.archive.domain_list().unwrap().iter().any(|d| d.name == "市场监管" && d.retired_at.is_some()));
    assert_eq!(f.archive.unit(f.unit).unwrap().domain.as_deref(), Some("市场监管"), "its unit keeps it");
    let new = NewUnit {
        name: "某医院".into(),
        kind: UnitKind::Institution,
        uscc: Some("91110000802100433B".into()),
        domain: Some("市场监管".into()),
        force: false,
    };
    assert!(matches!(f.archive.add_unit(new.clone(), &f.clerk), Err(Error::DomainRetired(_))));
    let onto_retired = UnitEdit { domain: Some(Some("市场监管".into())), ..Default::default() };
    let other = f.archive.add_unit(NewUnit { domain: None, ..new.clone() }, &f.clerk).unwrap();
    assert!(matches!(f.archive.edit_unit(other.id, onto_retired, &f.clerk), Err(Error::DomainRetired(_))));

    // Adding it again offers it again.
    assert!(f.archive.add_domain("市场监管", &admin).unwrap());
    assert!(f.archive.domains().unwrap().contains(&"市场监管".to_string()));
    assert!(f.archive.verify_ledger().unwrap().ok());
}

#[test]
fn a_discarded_draft_leaves_a_record_and_takes_only_its_own_objects_from_the_vault() {
    let mut f = Fixture::new();
    let kept = sealed(&mut f, "保留", b"shared bytes");
    let src = f.src("放弃");
    write(&src.join("shared.txt"), b"shared bytes");
    write(&src.join("own.txt"), b"only in the abandoned draft");
    let draft = f.intake("放弃的草稿", &[src]).id;
    let items = f.archive.items(draft).unwrap();
    let own = items.iter().find(|i| i.path.ends_with("own.txt")).unwrap().sha256;
    let shared = items.iter().find(|i| i.path.ends_with("shared.txt")).unwrap().sha256;

    assert!(matches!(f.archive.discard_draft(draft, " ", &f.clerk), Err(Error::Empty { .. })));
    assert!(matches!(f.archive.discard_draft(kept, "误操作", &f.clerk), Err(Error::Sealed(_))));

    let report = f.archive.discard_draft(draft, "单位撤回移交", &f.clerk).unwrap();
    assert_eq!((report.files, report.objects_removed), (2, 1));
    assert!(!f.archive.vault().contains(&own).unwrap());
    assert!(f.archive.vault().contains(&shared).unwrap(), "the sealed registration still holds it");
    assert!(matches!(f.archive.registration(draft), Err(Error::RegistrationNotFound(_))));
    let entry = last_entry(&f, "registration.discard");
    assert_eq!((entry["title"].as_str(), entry["reason"].as_str()), (Some("放弃的草稿"), Some("单位撤回移交")));
    let report = f.archive.verify_ledger().unwrap();
    assert!(report.ok(), "{:?}", report.problems);
    assert!(f.archive.verify_vault(&dengji_core::NoProgress, &dengji_core::CancelToken::new()).unwrap().problems.is_empty());

    // Its number is never given to another draft.
    let src = f.src("下一份");
    write(&src.join("b.txt"), b"b");
    let next = f.intake("下一份", &[src]).id;
    assert!(next.0 > draft.0, "draft #{} was given again", draft.0);
}
