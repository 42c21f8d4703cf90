//! Attestation (鉴证): presented files against sealed registrations.

use std::fs;

use dengji_core::{AuditFilter, CancelToken, Error, MediumKind, NoProgress};

use crate::support::{content, write, Fixture};

#[test]
fn an_identical_file_is_found_with_its_registration_and_media_and_a_changed_one_is_not() {
    let mut f = Fixture::new();
    let src = f.src("专利");
    write(&src.join("图纸/设计图.pdf"), &content(1, 40_000));
    write(&src.join("说明书.txt"), "一种档案装置".as_bytes());
    let draft = f.intake("专利材料", std::slice::from_ref(&src)).id;
    let number = f.seal(draft).registration_number;
    let medium = f.tmp.path().join("A1");
    fs::create_dir_all(&medium).unwrap();
    f.archive.add_medium(&medium, "A1", "A", MediumKind::Hdd, None, &f.clerk).unwrap();
    f.archive.backup(&medium, &f.clerk, &NoProgress, &CancelToken::new()).unwrap();
    f.archive.verify_medium(&medium, None, &f.clerk, &NoProgress, &CancelToken::new()).unwrap();
    // A draft's file is not registered: only sealed registrations count.
    let other = f.src("草稿");
    write(&other.join("未封存.txt"), "draft only".as_bytes());
    f.intake("草稿", std::slice::from_ref(&other));

    let presented = f.tmp.path().join("当事人提交");
    write(&presented.join("设计图（副本）.pdf"), &content(1, 40_000));
    let mut changed = content(1, 40_000);
    changed[100] ^= 1;
    write(&presented.join("设计图.pdf"), &changed);
    write(&presented.join("未封存.txt"), "draft only".as_bytes());
    let files = ["设计图（副本）.pdf", "设计图.pdf", "未封存.txt"].map(|n| presented.join(n));
    let report = f.archive.attest(&files, &f.reviewer).unwrap();

    let same = &report.files[0];
    assert_eq!(same.matches.len(), 1);
    let m = &same.matches[0];
    assert_eq!((m.registration_number.as_str(), m.path.as_str()), (number.as_str(), "专利/图纸/设计图.pdf"));
    assert_eq!(m.unit_name, "杭州某某科技有限公司");
    assert_eq!(m.unit_uscc.as_deref(), Some("91330000MA27U0TT7T"));
    assert_eq!(m.media.len(), 1);
    assert_eq!((m.media[0].label.as_str(), m.media[0].set.as_str(), m.media[0].last_result.as_deref()), ("A1", "A", Some("ok")));
    assert!(m.media[0].last_verified_at.is_some());
    assert_eq!(same.sm3, dengji_core::digest::sm3(&content(1, 40_000)));

    let differs = &report.files[1];
    assert!(differs.matches.is_empty());
    assert_eq!(differs.same_name.len(), 1, "a registered file of the same name is named");
    assert_eq!(differs.same_name[0].path, "专利/图纸/设计图.pdf");
    assert_ne!(differs.same_name[0].sm3, differs.sm3);
    assert!(report.files[2].matches.is_empty() && report.files[2].same_name.is_empty());
    assert!(!report.all_registered());

    // Recorded in the ledger, and the checkpoint covers that entry.
    let entries = f.archive.audit(&AuditFilter { action: Some("attestation".into()), ..Default::default() }).unwrap();
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0].seq, report.seq);
    assert_eq!(report.checkpoint.size, report.seq);
    assert_eq!(report.checkpoint.head, entries[0].entry_hash);
    assert!(entries[0].payload.contains(&number));
    assert!(f.archive.verify_ledger().unwrap().ok());
}

#[test]
fn folders_and_missing_files_are_refused_and_nothing_is_recorded() {
    let mut f = Fixture::new();
    let folder = f.src("文件夹");
    let not_a_file = f.archive.attest(&[folder], &f.clerk);
    assert!(matches!(not_a_file, Err(Error::AttestNotAFile(_))), "{not_a_file:?}");
    let missing = f.archive.attest(&[f.tmp.path().join("没有这个.pdf")], &f.clerk);
    assert!(matches!(missing, Err(Error::AttestMissing(_))), "{missing:?}");
    let none = f.archive.attest(&[], &f.clerk);
    assert!(matches!(none, Err(Error::Empty { .. })), "{none:?}");
    assert!(f.archive.audit(&AuditFilter { action: Some("attestation".into()), ..Default::default() }).unwrap().is_empty());
}

#[test]
fn names_with_like_wildcards_match_only_themselves() {
    let mut f = Fixture::new();
    let src = f.src("通配");
    write(&src.join("100%_完成.txt"), "registered".as_bytes());
    write(&src.join("1000_完成.txt"), "other".as_bytes());
    let draft = f.intake("通配", std::slice::from_ref(&src)).id;
    f.seal(draft);
    let presented = f.tmp.path().join("提交/100%_完成.txt");
    write(&presented, "changed".as_bytes());
    let report = f.archive.attest(&[presented], &f.clerk).unwrap();
    let names: Vec<&str> = report.files[0].same_name.iter().map(|m| m.path.as_str()).collect();
    assert_eq!(names, ["通配/100%_完成.txt"]);
}

#[test]
fn the_report_runs_over_pages_numbered_x_of_y() {
    let mut f = Fixture::new();
    let dir = f.tmp.path().join("提交");
    let files: Vec<_> = (0..30)
        .map(|i| {
            let p = dir.join(format!("文件{i:02}.pdf"));
            write(&p, &content(i, 100));
            p
        })
        .collect();
    let attestation = f.archive.attest(&files, &f.clerk).unwrap();
    let pdf = f.archive.attestation_report(&attestation).unwrap();
    let path = f.tmp.path().join("报告.pdf");
    fs::write(&path, &pdf).unwrap();
    let out = std::process::Command::new("pdftotext").arg(&path).arg("-").output().unwrap();
    let text: String = String::from_utf8_lossy(&out.stdout).split_whitespace().collect();
    let pages = text.matches("第1页共").count();
    assert_eq!(pages, 1, "{text}");
    let total: usize = text.split("第1页共").nth(1).unwrap().split('页').next().unwrap().parse().unwrap();
    assert!(total >= 3, "30 files take several pages, got {total}");
    assert!(text.contains(&format!("第{total}页共{total}页")));
    assert!(text.contains("30.文件29.pdf"));
}

/// Keeps every report; cancels `cancel` at the report after `after` files.
struct Watch {
    seen: std::sync::Mutex<Vec<(u64, u64, u64)>>,
    cancel: CancelToken,
    after: Option<u64>,
}

impl dengji_core::Progress for Watch {
    fn report(&self, p: &dengji_core::JobProgress) {
        self.seen.lock().unwrap().push((p.files_done, p.files_total, p.bytes_done));
        if self.after.is_some_and(|n| p.files_done >= n) {
            self.cancel.cancel();
        }
    }
}

#[test]
fn many_files_report_their_progress_and_a_cancelled_attestation_records_nothing() {
    let mut f = Fixture::new();
    let dir = f.tmp.path().join("提交");
    let files: Vec<_> = (0..5)
        .map(|i| {
            let p = dir.join(format!("{i}.bin"));
            write(&p, &content(i, 1000 + i as usize));
            p
        })
        .collect();
    let total: u64 = (0..5).map(|i| 1000 + i).sum();
    let watch = Watch { seen: Default::default(), cancel: CancelToken::new(), after: None };
    let done = f.archive.attest_with(&files, &f.clerk, &watch, &watch.cancel).unwrap();
    assert_eq!(done.files.len(), 5);
    let seen = watch.seen.lock().unwrap().clone();
    assert_eq!(seen.last(), Some(&(5, 5, total)), "the last report says all of it: {seen:?}");
    assert!(seen.windows(2).all(|w| w[0].0 <= w[1].0 && w[0].2 <= w[1].2), "never goes back: {seen:?}");

    let before = f.archive.audit(&AuditFilter { action: Some("attestation".into()), ..Default::default() }).unwrap().len();
    let stop = Watch { seen: Default::default(), cancel: CancelToken::new(), after: Some(2) };
    let cancelled = f.archive.attest_with(&files, &f.clerk, &stop, &stop.cancel);
    assert!(matches!(cancelled, Err(Error::AttestCancelled)), "{cancelled:?}");
    assert_eq!(f.archive.audit(&AuditFilter { action: Some("attestation".into()), ..Default::default() }).unwrap().len(), before);
}
