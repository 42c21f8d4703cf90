//! Hand-back (交还): the files back to the unit with a hand-over record, under an approval
//! of its own, used once.

use std::fs;

use dengji_core::{digest::sha256, record_name, ApplicationKind, CancelToken, Error, HandbackRequest, NoProgress};

use crate::support::{content, write, Fixture};

#[test]
fn a_handback_gives_identical_files_and_a_record_whose_digests_the_ledger_holds() {
    let mut f = Fixture::new();
    let src = f.src("交还源");
    write(&src.join("图纸/总平面图.pdf"), &content(7, 200_000));
    write(&src.join("说明.txt"), "设计说明".as_bytes());
    let id = f.intake("施工图", std::slice::from_ref(&src)).id;
    f.seal(id);
    let number = f.archive.registration(id).unwrap().registration_number.unwrap();
    let application = f.approved(ApplicationKind::Handback, id);
    let to = f.tmp.path().join("单位的移动硬盘");

    let report = f
        .archive
        .handback(
            &HandbackRequest { application, to: to.clone(), from: None, overwrite: false },
            &f.clerk,
            &NoProgress,
            &CancelToken::new(),
        )
        .unwrap();
    assert_eq!((report.copy.files, report.copy.cancelled, report.signed), (2, false, true));
    for rel in ["图纸/总平面图.pdf", "说明.txt"] {
        assert_eq!(fs::read(to.join("交还源").join(rel)).unwrap(), fs::read(src.join(rel)).unwrap(), "{rel}");
    }
    let record = to.join(record_name(&number, application));
    assert_eq!(report.record.as_deref(), Some(record.as_path()));
    let pdf = fs::read(&record).unwrap();
    assert!(pdf.starts_with(b"%PDF"));
    assert!(to.join(format!("{}.sig", record_name(&number, application))).exists(), "signed beside it");
    let out = std::process::Command::new("pdftotext").arg(&record).arg("-").output().unwrap();
    let text: String = String::from_utf8_lossy(&out.stdout).split_whitespace().collect();
    for expected in ["移交清单", number.as_str(), "杭州某某科技有限公司", "交还源/图纸/总平面图.pdf", "接收人（签字）"]
    {
        assert!(text.contains(expected), "lacks {expected}: {text}");
    }
    let item = f.archive.items(id).unwrap().into_iter().find(|i| i.path.ends_with("说明.txt")).unwrap();
    assert!(text.contains(&item.sm3.to_hex()), "each file's SM3 printed");

    let entry = f.archive.ledger_entries(id).unwrap().into_iter().find(|e| e.action == "registration.handback").unwrap();
    let payload: serde_json::Value = serde_json::from_str(&entry.payload).unwrap();
    assert_eq!(payload["record_sha256"], sha256(&pdf).to_hex());
    assert_eq!(payload["application"], application.0);
    assert!(f.archive.application(application).unwrap().used_at.is_some());
    assert!(f.archive.verify_ledger().unwrap().ok());

    // Used once: a second hand-back under it is refused and writes nothing.
    let again = f.tmp.path().join("再来一次");
    let refused = f.archive.handback(
        &HandbackRequest { application, to: again.clone(), from: None, overwrite: false },
        &f.clerk,
        &NoProgress,
        &CancelToken::new(),
    );
    assert!(matches!(refused, Err(Error::ApplicationUsed { .. })), "{refused:?}");
    assert!(!again.exists());
    // The registration stays sealed and the vault keeps its copy.
    assert_eq!(f.archive.registration(id).unwrap().status, dengji_core::Status::Sealed);
    assert!(f.archive.vault().contains(&item.sha256).unwrap());
}

#[test]
fn a_handback_into_a_folder_holding_the_record_is_refused_before_any_write_and_a_cancel_keeps_the_approval() {
    let mut f = Fixture::new();
    let src = f.src("交还源");
    write(&src.join("a.txt"), b"a");
    let id = f.intake("一份", std::slice::from_ref(&src)).id;
    f.seal(id);
    let number = f.archive.registration(id).unwrap().registration_number.unwrap();
    let application = f.approved(ApplicationKind::Handback, id);
    let to = f.tmp.path().join("目标");
    write(&to.join(record_name(&number, application)), b"an older record");
    let req = HandbackRequest { application, to: to.clone(), from: None, overwrite: false };
    let refused = f.archive.handback(&req, &f.clerk, &NoProgress, &CancelToken::new());
    assert!(matches!(refused, Err(Error::DestinationExists(_))), "{refused:?}");
    assert!(!to.join("交还源").exists(), "nothing copied");

    let cancel = CancelToken::new();
    cancel.cancel();
    let cancelled = f.archive.handback(&HandbackRequest { overwrite: true, ..req.clone() }, &f.clerk, &NoProgress, &cancel).unwrap();
    assert!(cancelled.copy.cancelled && cancelled.record.is_none());
    assert!(f.archive.application(application).unwrap().used_at.is_none(), "a cancelled hand-back leaves the approval for the next try");
    let done = f.archive.handback(&HandbackRequest { overwrite: true, ..req }, &f.clerk, &NoProgress, &CancelToken::new()).unwrap();
    assert_eq!(done.copy.files, 1);
    assert_ne!(fs::read(to.join(record_name(&number, application))).unwrap(), b"an older record");
}
