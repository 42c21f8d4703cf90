//! Statistics: counts and volumes of sealed registrations, by every breakdown.

use std::fs;

use dengji_core::{Bucket, CancelToken, MediumKind, NewUnit, NoProgress, RecordKind, UnitKind};

use crate::support::{at, write, Fixture};

fn bucket(key: &str, registrations: i64, files: i64, bytes: i64) -> Bucket {
    Bucket { key: key.into(), registrations, files, bytes }
}

#[test]
fn sealed_registrations_are_counted_by_every_breakdown_and_drafts_are_not() {
    let mut f = Fixture::new();
    let person = NewUnit { name: "张三".into(), kind: UnitKind::Individual, uscc: None, domain: Some("卫生".into()), force: false };
    let agency = f.archive.add_unit(person, &f.clerk).unwrap().id;
    let seal = |f: &mut Fixture, unit, name: &str, files: &[(&str, usize)], kind| {
        let src = f.src(name);
        for (rel, n) in files {
            write(&src.join(rel), &vec![1u8; *n]);
        }
        let target = dengji_core::IntakeTarget::New { unit, title: name.into(), kind };
        let id = f.archive.intake(target, &[src], &f.clerk, &NoProgress, &CancelToken::new()).unwrap().id;
        f.seal(id);
    };
    let company = f.unit;
    seal(&mut f, company, "甲", &[("a", 100), ("b", 50)], RecordKind::PaperScan);
    seal(&mut f, company, "乙", &[("c", 10)], RecordKind::Electronic);
    seal(&mut f, agency, "丙", &[("d", 1)], RecordKind::Electronic);
    let draft = f.src("草稿");
    write(&draft.join("e"), &[9u8; 1000]);
    f.intake("草稿", &[draft]);
    let medium = f.tmp.path().join("A1");
    fs::create_dir_all(&medium).unwrap();
    f.archive.add_medium(&medium, "A1", "A", MediumKind::Optical, None, &f.clerk).unwrap();
    f.archive.backup(&medium, &f.clerk, &NoProgress, &CancelToken::new()).unwrap();

    let s = f.archive.statistics(at()).unwrap();
    assert_eq!((s.totals.units, s.totals.registrations, s.totals.drafts, s.totals.files, s.totals.bytes), (2, 3, 1, 4, 161));
    assert_eq!(s.totals.vault_bytes, 100 + 50 + 10 + 1 + 1000, "distinct objects, drafts included");
    assert_eq!(s.by_domain, [bucket("卫生", 1, 1, 1), bucket("工商", 2, 3, 160)]);
    assert_eq!(s.by_record_kind, [bucket("electronic", 2, 2, 11), bucket("paper-scan", 1, 2, 150)]);
    assert_eq!(s.by_year, [bucket("2026", 3, 4, 161)]);
    assert_eq!(s.by_month, [bucket("2026-11", 3, 4, 161)]);
    assert_eq!(s.by_media_set, [bucket("A", 3, 4, 161)]);
    assert_eq!(s.by_unit.len(), 2);
    assert_eq!(s.by_unit_kind, [bucket("enterprise", 2, 3, 160), bucket("individual", 1, 1, 1)]);
    assert_eq!(s.units_by_kind, [("enterprise".to_string(), 1), ("individual".to_string(), 1)]);
    assert_eq!(s.media.len(), 1);
    assert_eq!((s.media[0].registrations, s.media[0].check_due), (3, false));
    let later = f.archive.statistics(at() + chrono::Duration::days(5 * 365)).unwrap();
    assert!(later.media[0].check_due, "optical discs are due every four years");
}

#[test]
fn the_overview_counts_units_drafts_and_sealed_and_lists_the_newest_first() {
    let mut f = Fixture::new();
    let empty = f.archive.overview(at(), 8).unwrap();
    assert_eq!((empty.units, empty.drafts, empty.sealed, empty.recent.len()), (1, 0, 0, 0));
    let mut ids = Vec::new();
    for (i, title) in ["一", "二", "三"].into_iter().enumerate() {
        let src = f.src(title);
        write(&src.join("f"), &[i as u8; 10]);
        let stamp = f.archive.login("登记员", crate::support::PASSWORD, at()).unwrap().stamp(at() + chrono::Duration::minutes(i as i64));
        let target = dengji_core::IntakeTarget::New { unit: f.unit, title: title.into(), kind: RecordKind::Electronic };
        ids.push(f.archive.intake(target, &[src], &stamp, &NoProgress, &CancelToken::new()).unwrap().id);
    }
    // Made last, yet dated before the others: time orders the list, not the row id.
    let src = f.src("四");
    write(&src.join("f"), &[9u8; 10]);
    let early = f.archive.login("登记员", crate::support::PASSWORD, at()).unwrap().stamp(at() - chrono::Duration::days(1));
    let target = dengji_core::IntakeTarget::New { unit: f.unit, title: "四".into(), kind: RecordKind::Electronic };
    f.archive.intake(target, &[src], &early, &NoProgress, &CancelToken::new()).unwrap();
    f.seal(ids[0]);

    let o = f.archive.overview(at(), 3).unwrap();
    assert_eq!((o.units, o.drafts, o.sealed), (1, 3, 1));
    let titles: Vec<&str> = o.recent.iter().map(|r| r.title.as_str()).collect();
    assert_eq!(titles, ["三", "二", "一"]);
    assert_eq!((o.recent[2].files, o.recent[2].bytes), (1, 10), "with their sizes, as the list has them");
}

#[test]
fn the_overview_says_what_a_new_archive_lacks_and_what_waits_for_a_decision() {
    let mut f = Fixture::without_key();
    let o = f.archive.overview(at(), 0).unwrap();
    assert_eq!(o.setup, dengji_core::Setup { clerk: true, reviewer: true, key: false, medium: false });
    assert_eq!(o.pending_applications, 0);

    let admin = f.admin.clone();
    f.archive.set_user_disabled("审核员", true, &admin).unwrap();
    f.archive.create_key("上城区档案馆机构密钥口令", &admin).unwrap();
    assert_eq!(f.archive.overview(at(), 0).unwrap().setup, dengji_core::Setup { clerk: true, reviewer: false, key: true, medium: false });

    let src = f.src("申请");
    write(&src.join("f"), b"x");
    let clerk = f.clerk.clone();
    let target = dengji_core::IntakeTarget::New { unit: f.unit, title: "申请".into(), kind: RecordKind::Electronic };
    let id = f.archive.intake(target, &[src], &clerk, &NoProgress, &CancelToken::new()).unwrap().id;
    f.archive.set_user_disabled("审核员", false, &admin).unwrap();
    f.seal(id);
    let app = f.archive.apply(dengji_core::ApplicationKind::Restore, id, "服务器损坏", "浙档函〔2026〕1号", &clerk).unwrap();
    let o = f.archive.overview(at(), 0).unwrap();
    assert_eq!((o.pending_applications, o.restores_waiting), (1, 0));
    f.archive.decide(app.id, true, &f.reviewer).unwrap();
    let o = f.archive.overview(at(), 0).unwrap();
    assert_eq!((o.pending_applications, o.restores_waiting), (0, 1), "approved, not yet run");
    let to = f.tmp.path().join("恢复到");
    let req = dengji_core::RestoreRequest { registration: id, application: app.id, to, file: None, overwrite: false, from: None };
    f.archive.restore(&req, &clerk, &NoProgress, &CancelToken::new()).unwrap();
    assert_eq!(f.archive.overview(at(), 0).unwrap().restores_waiting, 0, "run to the end");
}
