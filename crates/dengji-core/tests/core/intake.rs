use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::process::Command;

use dengji_core::{CancelToken, IntakeTarget, JobProgress, NoProgress, Status};

use crate::support::{content, write, Fixture};

#[test]
fn digests_match_sha256sum_and_openssl_sm3() {
    let mut f = Fixture::new();
    let src = f.src("样本");
    for (i, len) in [0usize, 1, 55, 64, 1 << 20, (1 << 20) + 7, 3 << 20].iter().enumerate() {
        write(&src.join(format!("f{i}.bin")), &content(i as u64, *len));
    }
    let report = f.intake("摘要核对", std::slice::from_ref(&src));
    assert_eq!(report.files, 7);
    for item in f.archive.items(report.id).unwrap() {
        let file = src.join(item.path.strip_prefix("样本/").unwrap());
        let sha = Command::new("sha256sum").arg(&file).output().unwrap();
        assert_eq!(String::from_utf8_lossy(&sha.stdout).split_whitespace().next().unwrap(), item.sha256.to_hex(), "{}", item.path);
        let sm3 = Command::new("openssl").args(["dgst", "-sm3", "-r"]).arg(&file).output().unwrap();
        assert!(sm3.status.success(), "openssl sm3: {}", String::from_utf8_lossy(&sm3.stderr));
        assert_eq!(String::from_utf8_lossy(&sm3.stdout).split_whitespace().next().unwrap(), item.sm3.to_hex(), "{}", item.path);
    }
}

#[test]
fn vault_objects_are_deduplicated_and_read_only() {
    let mut f = Fixture::new();
    let src = f.src("重复");
    write(&src.join("a.txt"), b"same bytes");
    write(&src.join("sub/b.txt"), b"same bytes");
    let report = f.intake("去重", &[src]);
    let items = f.archive.items(report.id).unwrap();
    assert_eq!(items.len(), 2);
    assert_eq!(items[0].sha256, items[1].sha256);
    assert_eq!(f.archive.vault().list().unwrap(), [items[0].sha256]);
    if *f.archive.vault().location() == dengji_core::VaultLocation::Local {
        let hex = items[0].sha256.to_hex();
        let obj = f.archive.dir().join("vault/objects").join(&hex[..2]).join(&hex[2..]);
        assert!(fs::metadata(&obj).unwrap().permissions().readonly());
    }
}

#[test]
fn hostile_and_unusual_names_survive() {
    let mut f = Fixture::new();
    let src = f.src("names");
    let long = "档".repeat(85); // 255 bytes, the usual file-name limit
    let names = ["文书 档案.pdf", "-rf.txt", "100%.txt", "e\u{301}.txt", "a\tb.txt", long.as_str()];
    for (i, n) in names.iter().enumerate() {
        write(&src.join(n), format!("file {i}").as_bytes());
    }
    let report = f.intake("奇怪的文件名", &[src]);
    assert_eq!(report.files, names.len() as u64);
    let paths: Vec<String> = f.archive.items(report.id).unwrap().into_iter().map(|i| i.path).collect();
    assert!(paths.contains(&"names/\u{e9}.txt".to_string()), "NFD shown as NFC: {paths:?}");
    assert!(paths.contains(&format!("names/{long}")));
    assert!(paths.contains(&"names/100%.txt".to_string()));
    // Original bytes are kept: the NFD name is stored as given.
    let raw: Vec<u8> = f.catalog().query_row("SELECT path_raw FROM items WHERE path = 'names/\u{e9}.txt'", (), |r| r.get(0)).unwrap();
    assert_eq!(raw, "names/e\u{301}.txt".as_bytes());
    let sealed = f.seal(report.id);
    assert!(sealed.registration_number.starts_with("330102-2026-"));
}

#[test]
fn special_files_and_outside_links_are_reported_not_skipped() {
    let mut f = Fixture::new();
    let src = f.src("problems");
    write(&src.join("ok.txt"), b"ok");
    let outside = f.tmp.path().join("secret.txt");
    write(&outside, b"not part of the hand-over");
    std::os::unix::fs::symlink(&outside, src.join("link-out.txt")).unwrap();
    std::os::unix::fs::symlink(src.join("ok.txt"), src.join("link-in.txt")).unwrap();
    assert!(Command::new("mkfifo").arg(src.join("pipe")).status().unwrap().success());
    let report = f.intake("问题文件", &[src]);
    assert_eq!(report.files, 2, "ok.txt and the inside link");
    let findings = f.archive.findings(report.id).unwrap();
    let kinds: Vec<(&str, &str)> = findings.iter().map(|x| (x.kind.as_str(), x.path.as_str())).collect();
    assert!(kinds.contains(&("symlinkOutside", "problems/link-out.txt")), "{kinds:?}");
    assert!(kinds.contains(&("specialFile", "problems/pipe")), "{kinds:?}");
    assert_eq!(report.findings, 2);
    assert!(!f.archive.seal_blockers(report.id).unwrap().is_empty());
    assert!(f.archive.seal(report.id, None, &f.reviewer).is_err());
    f.archive.accept_findings(report.id, "链接与管道不属于移交内容", &f.clerk).unwrap();
    f.seal(report.id);
}

#[test]
fn cancelled_intake_is_resumable_and_leaves_no_half_objects() {
    let mut f = Fixture::new();
    let src = f.src("批量");
    for i in 0..60 {
        write(&src.join(format!("{i:03}.bin")), &content(100 + i, 200_000));
    }
    let cancel = CancelToken::new();
    let c = cancel.clone();
    let progress = move |p: &JobProgress| {
        if p.files_done >= 5 {
            c.cancel();
        }
    };
    let target = IntakeTarget::New { unit: f.unit, title: "中断后继续".into(), kind: dengji_core::RecordKind::Electronic };
    let first = f.archive.intake(target, std::slice::from_ref(&src), &f.clerk, &progress, &cancel).unwrap();
    assert!(first.cancelled);
    assert!(first.files < 60, "cancel stopped the job early ({} files)", first.files);
    let reg = f.archive.registration(first.id).unwrap();
    assert!(!reg.intake_complete);
    assert_eq!(reg.status, Status::Draft);
    assert!(f.archive.seal(first.id, None, &f.reviewer).is_err(), "an interrupted draft cannot be sealed");
    // Every object in the vault is whole: its content hashes to its name.
    for item in f.archive.items(first.id).unwrap() {
        let (d, _) = f.archive.vault().rehash(&item.sha256).unwrap().unwrap();
        assert_eq!(d.sha256, item.sha256);
    }
    let tmp = f.archive.dir().join("vault/tmp");
    assert_eq!(fs::read_dir(&tmp).unwrap().count(), 0, "no temp files left behind");

    let second = f.archive.resume_intake(first.id, &f.clerk, &NoProgress, &CancelToken::new()).unwrap();
    assert!(!second.cancelled);
    assert_eq!(second.unchanged, first.files);
    assert_eq!(second.files + second.unchanged, 60);
    assert_eq!(f.archive.items(first.id).unwrap().len(), 60);
    assert!(f.archive.registration(first.id).unwrap().intake_complete);
    f.seal(first.id);
}

#[test]
fn a_changed_source_file_replaces_the_draft_item() {
    let mut f = Fixture::new();
    let src = f.src("版本");
    write(&src.join("a.txt"), b"first");
    let r = f.intake("更新", std::slice::from_ref(&src));
    write(&src.join("a.txt"), b"second version");
    let again = f.archive.intake(IntakeTarget::Draft(r.id), &[src], &f.clerk, &NoProgress, &CancelToken::new()).unwrap();
    assert_eq!(again.files, 1);
    let items = f.archive.items(r.id).unwrap();
    assert_eq!(items.len(), 1);
    assert_eq!(items[0].size, 14);
}

#[test]
fn supplied_md5_and_sm3_lists_are_checked() {
    let mut f = Fixture::new();
    let src = f.src("附校验");
    write(&src.join("a.pdf"), b"%PDF-1.4 a");
    write(&src.join("b.pdf"), b"%PDF-1.4 b");
    let md5_a = "a5d7e8c4b9b0e3a1a3c4b8a1d0e4c6f2"; // wrong on purpose
    write(&src.join("MD5SUMS"), format!("{md5_a}  a.pdf\n").as_bytes());
    let sm3_b = dengji_core::digest::sm3(b"%PDF-1.4 b").to_hex();
    write(&src.join("b.pdf.sm3"), sm3_b.as_bytes());
    write(&src.join("manifest-sha256.txt"), format!("{}  data/missing.pdf\n", "0".repeat(64)).as_bytes());
    let r = f.intake("校验文件", &[src]);
    let findings = f.archive.findings(r.id).unwrap();
    let got: Vec<(&str, &str)> = findings.iter().map(|x| (x.kind.as_str(), x.path.as_str())).collect();
    assert!(got.contains(&("checksumMismatch", "附校验/a.pdf")), "{got:?}");
    assert!(got.contains(&("checksumMissingFile", "附校验/data/missing.pdf")), "{got:?}");
    assert!(!got.iter().any(|(_, p)| *p == "附校验/b.pdf"), "b.pdf matches its SM3: {got:?}");
}

#[test]
fn unreadable_permissions_do_not_stop_intake() {
    // As root every file is readable; this checks the walk does not trip over modes.
    let mut f = Fixture::new();
    let src = f.src("权限");
    write(&src.join("a.txt"), b"a");
    fs::set_permissions(src.join("a.txt"), fs::Permissions::from_mode(0o000)).unwrap();
    let r = f.intake("权限", std::slice::from_ref(&src));
    fs::set_permissions(src.join("a.txt"), fs::Permissions::from_mode(0o644)).unwrap();
    let is_root = running_as_root();
    if is_root {
        assert_eq!(r.files, 1);
    } else {
        assert_eq!(f.archive.findings(r.id).unwrap()[0].kind, "unreadable");
    }
}

fn running_as_root() -> bool {
    Command::new("id").arg("-u").output().map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0").unwrap_or(false)
}

#[test]
fn formats_and_pdf_page_counts_are_recorded() {
    let mut f = Fixture::new();
    let src = f.src("格式");
    write(&src.join("三页.pdf"), &crate::support::pdf(3));
    write(&src.join("scan.tif"), b"II*\0\x08\0\0\0\x10\0\xfe\0\x04\0\x01\0\0\0\0\0\0\0");
    write(&src.join("名册.csv"), "姓名,年龄\n张三,30\n".as_bytes());
    write(&src.join("dump.sql"), b"-- MySQL dump 10.13\nCREATE TABLE t (a int);\nINSERT INTO t VALUES (1);\n");
    let r = f.intake("格式", &[src]);
    let items = f.archive.items(r.id).unwrap();
    let get = |p: &str| items.iter().find(|i| i.path == p).unwrap();
    assert_eq!(get("格式/三页.pdf").format, "PDF");
    assert_eq!(get("格式/三页.pdf").pages, Some(3));
    assert_eq!(get("格式/scan.tif").format, "TIFF");
    assert_eq!(get("格式/名册.csv").format, "CSV");
    assert_eq!(get("格式/dump.sql").format, "SQL");
}

#[test]
fn an_empty_folder_is_refused_and_creates_no_draft() {
    let mut f = Fixture::new();
    let src = f.src("空文件夹");
    fs::create_dir_all(src.join("子目录")).unwrap();
    let target = IntakeTarget::New { unit: f.unit, title: "空".into(), kind: dengji_core::RecordKind::Electronic };
    let err = f.archive.intake(target, &[src], &f.clerk, &NoProgress, &CancelToken::new()).unwrap_err();
    assert!(matches!(err, dengji_core::Error::NothingToTake), "{err}");
    assert!(f.archive.registrations().unwrap().is_empty());
}

#[test]
fn a_sha1_list_is_checked_and_sha1_computed_only_when_a_list_needs_it() {
    let mut f = Fixture::new();
    let plain = f.src("无清单");
    write(&plain.join("x.txt"), b"x");
    let r = f.intake("无清单", &[plain]);
    let sha1: Option<String> = f.catalog().query_row("SELECT sha1 FROM items WHERE registration_id = ?1", [r.id.0], |r| r.get(0)).unwrap();
    assert_eq!(sha1, None, "no list asked for SHA-1");

    let src = f.src("附SHA1");
    write(&src.join("a.pdf"), b"%PDF-1.4 a");
    write(&src.join("b.pdf"), b"%PDF-1.4 b");
    // SHA-1 of "%PDF-1.4 a", and a wrong one for b.pdf (BagIt style, data/ paths).
    let a = {
        use sha1::Digest;
        hex::encode(sha1::Sha1::digest(b"%PDF-1.4 a"))
    };
    write(&src.join("manifest-sha1.txt"), format!("{a}  a.pdf\n{}  b.pdf\n", "1".repeat(40)).as_bytes());
    let r = f.intake("SHA-1", &[src]);
    let got: Vec<(String, String)> = f.archive.findings(r.id).unwrap().into_iter().map(|x| (x.kind.to_string(), x.path)).collect();
    assert_eq!(got, [("checksumMismatch".to_string(), "附SHA1/b.pdf".to_string())]);
    let stored: String = f
        .catalog()
        .query_row("SELECT sha1 FROM items WHERE registration_id = ?1 AND path = '附SHA1/a.pdf'", [r.id.0], |r| r.get(0))
        .unwrap();
    assert_eq!(stored, a, "computed in the intake's read pass");
}
