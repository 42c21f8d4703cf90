//! Retention and disposal: what is past its 保管期限, and legal holds.

use chrono::{NaiveDate, TimeZone, Utc};
use dengji_core::{AuditFilter, Error, ItemMeta, NewHold, RegistrationId, Retention};

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
    f.archive.seal(id, None, &f.reviewer).unwrap();
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
