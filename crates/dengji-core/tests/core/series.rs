//! Business data as a versioned series: hand-overs taken in as versions, what changed
//! between them, the periods missing, and each version restored as it was.

use std::fs;

use chrono::{DateTime, Utc};
use dengji_core::{Cadence, CancelToken, Error, IntakeTarget, NewSeries, NoProgress, RestoreRequest, SeriesEdit, SeriesId};

use crate::support::{content, write, Fixture};

fn at(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text).unwrap().with_timezone(&Utc)
}

/// A dump of `rows` rows; `changed` rows (by index) carry another amount.
fn dump(rows: usize, changed: &[usize]) -> Vec<u8> {
    let mut out = String::from("-- 公积金业务库导出\nCREATE TABLE deposits (id INTEGER, account TEXT, amount INTEGER, memo TEXT);\n");
    for i in 0..rows {
        let amount = if changed.contains(&i) { 9999 } else { (i * 37 % 5000) as i64 };
        out.push_str(&format!(
            "INSERT INTO deposits VALUES ({i}, 'ACC{:08}', {amount}, '{}');\n",
            i * 7919 % 100_000_000,
            "缴存".repeat(1 + i % 5)
        ));
    }
    out.into_bytes()
}

/// Takes `files` in as `series`' hand-over for `period` and seals it; its registration.
fn hand_over(f: &mut Fixture, series: SeriesId, period: &str, files: &[(&str, Vec<u8>)]) -> dengji_core::RegistrationId {
    let src = f.src(&format!("移交-{period}"));
    for (name, bytes) in files {
        write(&src.join(name), bytes);
    }
    let target = IntakeTarget::Series { series, period: Some(period.into()), title: None };
    let draft = f.archive.intake(target, &[src], &f.clerk.clone(), &NoProgress, &CancelToken::new()).unwrap();
    f.seal(draft.id);
    draft.id
}

#[test]
fn hand_overs_become_versions_and_each_says_what_changed() {
    let mut f = Fixture::new();
    let new = NewSeries {
        unit: f.unit, name: "公积金业务库".into(), system: Some("住房公积金管理系统".into()), cadence: Cadence::Monthly
    };
    assert!(matches!(f.archive.add_series(&new, &f.reviewer), Err(Error::Forbidden { .. })));
    let s = f.archive.add_series(&new, &f.clerk).unwrap();
    assert!(matches!(f.archive.add_series(&new, &f.clerk), Err(Error::SeriesExists { .. })));
    assert_eq!(f.archive.find_series("公积金业务库").unwrap().id, s.id);
    assert!(matches!(f.archive.find_series("不存在"), Err(Error::SeriesNotFound(_))));

    let v1 = hand_over(&mut f, s.id, "2026-09", &[("deposits.sql", dump(60_000, &[])), ("说明.txt", b"first".to_vec())]);
    let v2 = hand_over(
        &mut f,
        s.id,
        "2026-10",
        &[("deposits.sql", dump(61_000, &[17, 30_000])), ("新增表.sql", b"CREATE TABLE loans;".to_vec())],
    );
    let versions = f.archive.series_versions(s.id).unwrap();
    assert_eq!(versions.iter().map(|v| (v.version, v.period.as_str())).collect::<Vec<_>>(), [(1, "2026-09"), (2, "2026-10")]);
    assert_eq!((versions[0].registration, versions[1].registration), (v1, v2));
    let (series, period, version) = f.archive.series_of(v2).unwrap().unwrap();
    assert_eq!((series.id, period.as_str(), version), (s.id, "2026-10", Some(2)));
    // The registration page and `dengji show` say the same, from one detail.
    let detail = f.archive.registration_detail(v2).unwrap();
    let place = dengji_core::SeriesPlace { id: s.id, name: "公积金业务库".into(), period: "2026-10".into(), version: Some(2) };
    assert_eq!(detail.series, Some(place));
    assert_eq!((detail.items.len(), detail.seal_blockers.len(), detail.checks.len()), (2, 0, 1), "sealed: nothing blocks it");
    assert!(detail.ledger.iter().any(|e| e.action == "registration.seal"), "{:?}", detail.ledger);
    assert_eq!(f.archive.series_list().unwrap()[0].versions, 2);

    // Each hand-over came in its own folder (移交-2026-09/, 移交-2026-10/): files are compared
    // within it. Two rows changed and rows appended: the new bytes are a few chunks.
    let d = f.archive.series_diff(s.id, 1, 2).unwrap();
    let paths = |v: &[dengji_core::FileChange]| v.iter().map(|c| c.path.clone()).collect::<Vec<_>>();
    assert_eq!(
        (paths(&d.added), paths(&d.removed), paths(&d.changed), d.unchanged),
        (vec!["新增表.sql".to_string()], vec!["说明.txt".to_string()], vec!["deposits.sql".to_string()], 0)
    );
    let (old_len, new_len) = (dump(60_000, &[]).len() as u64, dump(61_000, &[17, 30_000]).len() as u64);
    let changed = d.changed[0].changed_bytes.unwrap();
    assert!(changed > new_len - old_len && changed < new_len / 4, "{changed} of {new_len}");
    assert_eq!(d.new_bytes, changed + "CREATE TABLE loans;".len() as u64);
    assert!(matches!(f.archive.series_diff(s.id, 1, 9), Err(Error::SeriesVersionNotFound { version: 9, .. })));

    // Version 1 restores byte for byte after version 2 exists.
    let app = f.approved(dengji_core::ApplicationKind::Restore, v1);
    let to = f.tmp.path().join("恢复第1版");
    let req = RestoreRequest { registration: v1, application: app, to: to.clone(), file: None, overwrite: false, from: None };
    f.archive.restore(&req, &f.clerk.clone(), &NoProgress, &CancelToken::new()).unwrap();
    assert_eq!(fs::read(to.join("移交-2026-09/deposits.sql")).unwrap(), dump(60_000, &[]));
    assert_eq!(fs::read(to.join("移交-2026-09/说明.txt")).unwrap(), b"first");
    assert!(!to.join("移交-2026-09/新增表.sql").exists());

    // The seal records series, period and version; ledger verify holds the row to it.
    let verified = f.archive.verify_ledger().unwrap();
    assert!(verified.ok(), "{:?}", verified.problems);
    let seals = dengji_core::ledger::entries_with_action(&f.catalog(), "registration.seal").unwrap();
    assert!(seals.last().unwrap().payload.contains("\"series\":{"), "{}", seals.last().unwrap().payload);
    f.drop_trigger("registrations_sealed_no_update", "registrations");
    f.catalog().execute("UPDATE registrations SET series_version = 7 WHERE id = ?1", [v2.0]).unwrap();
    assert!(!f.archive.verify_ledger().unwrap().ok(), "a version changed after the seal is found");
}

#[test]
fn a_period_taken_twice_as_a_draft_and_bad_periods_are_refused() {
    let mut f = Fixture::new();
    let new = NewSeries { unit: f.unit, name: "不动产业务库".into(), system: None, cadence: Cadence::Quarterly };
    let s = f.archive.add_series(&new, &f.clerk).unwrap();
    let src = f.src("季度");
    write(&src.join("a.sql"), &content(1, 1000));
    let take = |f: &mut Fixture, period: Option<&str>| {
        let target = IntakeTarget::Series { series: s.id, period: period.map(str::to_string), title: None };
        f.archive.intake(target, std::slice::from_ref(&src), &f.clerk.clone(), &NoProgress, &CancelToken::new())
    };
    assert!(matches!(take(&mut f, Some("2026-11")), Err(Error::BadPeriod(_))));
    let draft = take(&mut f, Some("2025-Q2")).unwrap();
    assert_eq!(f.archive.registration(draft.id).unwrap().title, "不动产业务库 2025-Q2");
    assert!(matches!(take(&mut f, Some("2025-Q2")), Err(Error::SeriesDraftExists { .. })));
    // By default, the period before the current one.
    let draft2 = take(&mut f, None).unwrap();
    let (_, period, version) = f.archive.series_of(draft2.id).unwrap().unwrap();
    let expected = Cadence::Quarterly.period_at(Utc::now()).previous().to_string();
    assert_eq!((period, version), (expected, None));
}

#[test]
fn missing_and_overdue_hand_overs_are_listed() {
    let mut f = Fixture::new();
    let new = NewSeries { unit: f.unit, name: "社保业务库".into(), system: None, cadence: Cadence::Monthly };
    let s = f.archive.add_series(&new, &f.clerk).unwrap();
    for period in ["2026-06", "2026-08"] {
        hand_over(&mut f, s.id, period, &[("a.sql", content(period.len() as u64 + period.as_bytes()[6] as u64, 500))]);
    }
    // On 7 December: July and September–October overdue, November still due this month.
    let missing = f.archive.missing_handovers(at("2026-12-07T02:00:00Z")).unwrap();
    let got: Vec<(&str, bool)> = missing.iter().map(|m| (m.period.as_str(), m.overdue)).collect();
    assert_eq!(got, [("2026-07", true), ("2026-09", true), ("2026-10", true), ("2026-11", false)]);
    assert!(missing.iter().all(|m| m.name == "社保业务库"));
    // A series with no version yet has nothing missing.
    f.archive.add_series(&NewSeries { name: "新系列".into(), ..new }, &f.clerk).unwrap();
    assert_eq!(f.archive.missing_handovers(at("2026-12-07T02:00:00Z")).unwrap().len(), 4);
}

#[test]
fn a_series_is_corrected_with_its_old_and_new_values_in_the_ledger() {
    let mut f = Fixture::new();
    let new = NewSeries { unit: f.unit, name: "公积金库".into(), system: None, cadence: Cadence::Quarterly };
    let s = f.archive.add_series(&new, &f.clerk).unwrap();
    let other = f.archive.add_series(&NewSeries { name: "社保业务库".into(), ..new.clone() }, &f.clerk).unwrap();
    let edit = |name: Option<&str>, system: Option<Option<&str>>, cadence: Option<Cadence>| SeriesEdit {
        name: name.map(str::to_string),
        system: system.map(|s| s.map(str::to_string)),
        cadence,
    };
    assert!(matches!(f.archive.edit_series(s.id, &edit(Some("x"), None, None), &f.reviewer), Err(Error::Forbidden { .. })));
    assert!(matches!(f.archive.edit_series(s.id, &edit(Some("  "), None, None), &f.clerk), Err(Error::Empty { .. })));
    assert!(matches!(f.archive.edit_series(s.id, &edit(Some("社保业务库"), None, None), &f.clerk), Err(Error::SeriesExists { .. })));

    // Before any hand-over the cadence may still change.
    let clerk = f.clerk.clone();
    let e = f.archive.edit_series(s.id, &edit(Some("公积金业务库"), Some(Some("住房公积金管理系统")), Some(Cadence::Monthly)), &clerk);
    let e = e.unwrap();
    assert_eq!((e.name.as_str(), e.system.as_deref(), e.cadence), ("公积金业务库", Some("住房公积金管理系统"), Cadence::Monthly));
    let entries = dengji_core::ledger::entries_with_action(&f.catalog(), "series.edit").unwrap();
    let p: serde_json::Value = serde_json::from_str(&entries[0].payload).unwrap();
    assert_eq!((p["from"]["name"].as_str(), p["to"]["name"].as_str()), (Some("公积金库"), Some("公积金业务库")));
    assert_eq!((p["from"]["cadence"].as_str(), p["to"]["cadence"].as_str()), (Some("quarterly"), Some("monthly")));
    // Nothing changed: nothing recorded.
    f.archive.edit_series(s.id, &edit(Some("公积金业务库"), None, None), &clerk).unwrap();
    assert_eq!(dengji_core::ledger::entries_with_action(&f.catalog(), "series.edit").unwrap().len(), 1);

    // Once a hand-over was taken in, its periods are written in the cadence's form.
    hand_over(&mut f, s.id, "2026-09", &[("a.sql", content(1, 100))]);
    let fixed = f.archive.edit_series(s.id, &edit(None, None, Some(Cadence::Yearly)), &clerk);
    assert!(matches!(fixed, Err(Error::SeriesCadenceFixed(_))), "{fixed:?}");
    let cleared = f.archive.edit_series(s.id, &edit(None, Some(None), None), &clerk).unwrap();
    assert_eq!(cleared.system, None);
    assert_eq!(f.archive.series(other.id).unwrap().name, "社保业务库");
    assert!(f.archive.verify_ledger().unwrap().ok());
}

#[test]
fn a_versions_certificate_names_its_series_and_prints_the_same_after_a_rename() {
    let mut f = Fixture::new();
    let new = NewSeries { unit: f.unit, name: "公积金业务库".into(), system: None, cadence: Cadence::Monthly };
    let s = f.archive.add_series(&new, &f.clerk).unwrap();
    hand_over(&mut f, s.id, "2026-09", &[("a.sql", content(1, 100))]);
    let v2 = hand_over(&mut f, s.id, "2026-10", &[("a.sql", content(2, 100))]);
    let clerk = f.clerk.clone();
    let (cert, pdf) = f.archive.issue_certificate(v2, &clerk).unwrap();
    assert_eq!(cert.content.layout, 5);
    let line = cert.content.series.clone().expect("a series line");
    assert_eq!((line.name.as_str(), line.version, line.period.as_str()), ("公积金业务库", 2, "2026-10"));
    let path = f.tmp.path().join("证明.pdf");
    fs::write(&path, &pdf).unwrap();
    let out = std::process::Command::new("pdftotext").arg(&path).arg("-").output().unwrap();
    let text: String = String::from_utf8_lossy(&out.stdout).split_whitespace().collect();
    assert!(text.contains("业务数据系列公积金业务库第2版（2026-10）"), "{text}");

    // Renamed afterwards: the certificate still prints as issued, a new one the new name.
    f.archive.edit_series(s.id, &SeriesEdit { name: Some("住房公积金业务库".into()), ..Default::default() }, &clerk).unwrap();
    let again = f.archive.certificate(cert.number()).unwrap();
    assert_eq!(f.archive.render_certificate(&again).unwrap(), pdf);
    let (reissued, _) = f.archive.issue_certificate(v2, &clerk).unwrap();
    assert_eq!(reissued.content.series.unwrap().name, "住房公积金业务库");
}
