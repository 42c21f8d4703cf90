//! Registration certificates through the core API, checked with the tools a third party
//! has: pdftotext, pdffonts, pdfinfo, pdftoppm and zbarimg (poppler-utils, zbar-tools).

use std::path::{Path, PathBuf};
use std::process::Command;

use dengji_core::cert::QrPayload;
use dengji_core::{CertQuery, CertStatus, Certificate, Error, RegistrationId};

use crate::support::{content, write, Fixture};

/// Runs a tool; it must succeed; returns its stdout.
fn tool(name: &str, args: &[&str]) -> String {
    let out = Command::new(name)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{name} is needed for this test (scripts/dev.sh installs it): {e}"));
    assert!(out.status.success(), "{name} {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).expect("UTF-8 output")
}

fn save(f: &Fixture, name: &str, pdf: &[u8]) -> PathBuf {
    let path = f.tmp.path().join(name);
    std::fs::write(&path, pdf).unwrap();
    path
}

/// The text of a PDF without any whitespace: pdftotext keeps or drops the spaces between
/// Chinese characters and digits depending on their spacing, which is not what is tested.
fn text_of(pdf: &Path) -> String {
    squeeze(&tool("pdftotext", &[pdf.to_str().unwrap(), "-"]))
}

fn squeeze(text: &str) -> String {
    text.split_whitespace().collect()
}

fn pages_of(pdf: &Path) -> usize {
    let info = tool("pdfinfo", &[pdf.to_str().unwrap()]);
    let line = info.lines().find(|l| l.starts_with("Pages:")).expect("Pages line");
    line["Pages:".len()..].trim().parse().unwrap()
}

/// A sealed registration of three files (one with a deep path, one with a rare
/// character) taken in by the clerk and sealed by the reviewer.
fn sealed(f: &mut Fixture) -> RegistrationId {
    let src = f.src("证明");
    write(&src.join("文书/0001-会议纪要.pdf"), &content(1, 3000));
    write(&src.join("文书/𠮷野家-合同.txt"), b"contract\n");
    let deep = format!("{}很长的文件名称（定稿）.docx", "非常深的一层目录/".repeat(12));
    write(&src.join(&deep), &content(2, 500));
    let r = f.intake("2025年文书档案", &[src]);
    f.seal(r.id);
    r.id
}

fn issue(f: &mut Fixture, reg: RegistrationId) -> (Certificate, Vec<u8>) {
    let clerk = f.clerk.clone();
    f.archive.issue_certificate(reg, &clerk).unwrap()
}

#[test]
fn the_pdf_carries_every_field_in_chinese_with_an_embedded_subset_font() {
    let mut f = Fixture::new();
    let reg_id = sealed(&mut f);
    let checkpoint = f.archive.checkpoint().unwrap();
    let (cert, pdf) = issue(&mut f, reg_id);
    let reg = f.archive.registration(reg_id).unwrap();
    let c = &cert.content;
    assert_eq!(c.certificate_number, "330102-2026-Z000001");
    assert_eq!(c.checkpoint, checkpoint, "the checkpoint printed is the ledger before the issue entry");
    assert!(pdf.len() < 1_000_000, "one-page certificate of {} bytes", pdf.len());
    assert_eq!(cert.pdf_bytes as usize, pdf.len());
    assert_eq!(cert.pdf_sha256, dengji_core::digest::sha256(&pdf));
    assert_eq!(cert.pdf_sm3, dengji_core::digest::sm3(&pdf));

    let path = save(&f, "证明.pdf", &pdf);
    assert_eq!(pages_of(&path), 2);
    let text = text_of(&path);
    let number = reg.registration_number.clone().unwrap();
    for expected in [
        "档案登记证明",
        "证明编号：330102-2026-Z000001",
        &number,
        "杭州某某科技有限公司",
        "91330000MA27U0TT7T",
        "2025年文书档案",
        "纸质档案数字化副本",
        "2026年11月25日",
        "3 个",
        "3.4 KB（3,509 字节）",
        "机构密钥指纹",
        "上城区档案馆",
        "浙江省 杭州市 上城区（330102）",
        "SM3（GB/T 32905-2016）",
        "SHA-256（FIPS 180-4）",
        &reg.package_sm3.unwrap().to_hex(),
        &reg.package_sha256.unwrap().to_hex(),
        &format!("签发时台账共 {} 条记录", checkpoint.size),
        &checkpoint.head.to_hex(),
        "登记员",
        "盖章处",
        "附件：文件清单",
        "SM3 摘要 / SHA-256 摘要",
        "第 1 页 共 2 页",
        "第 2 页 共 2 页",
        "文书/𠮷野家-合同.txt",
        "很长的文件名称（定稿）.docx",
    ] {
        assert!(text.contains(&squeeze(expected)), "pdftotext lacks {expected:?}:\n{text}");
    }
    assert!(!text.contains("补发"), "a first certificate is no reissue");
    for item in f.archive.items(reg_id).unwrap() {
        assert!(text.contains(&item.sm3.to_hex()), "annex lacks the SM3 of {}", item.path);
        assert!(text.contains(&item.sha256.to_hex()), "annex lacks the SHA-256 of {}", item.path);
    }
    // A lawyer reads how to check in words: no command on the certificate.
    for command in ["openssl", "sha256sum", "dengji"] {
        assert!(!text.to_lowercase().contains(command), "the certificate prints {command}");
    }
    // The deep path was shortened around "…", its digest kept whole.
    assert!(text.contains('…'), "{text}");

    let fonts = tool("pdffonts", &[path.to_str().unwrap()]);
    let line = fonts.lines().find(|l| l.contains("+NotoSerifCJKsc-Regular")).unwrap_or_else(|| panic!("{fonts}"));
    assert!(line.contains("yes yes yes"), "embedded, subset, with a Unicode map: {line}");
}

#[test]
fn the_qr_code_read_from_a_300_dpi_print_verifies_with_openssl_alone() {
    let mut f = Fixture::new();
    let reg = sealed(&mut f);
    let (cert, pdf) = issue(&mut f, reg);
    let path = save(&f, "qr.pdf", &pdf);
    let prefix = f.tmp.path().join("page");
    tool("pdftoppm", &["-r", "300", "-png", "-f", "1", "-l", "1", path.to_str().unwrap(), prefix.to_str().unwrap()]);
    let png = f.tmp.path().join("page-1.png");
    let decoded = tool("zbarimg", &["--raw", "-q", png.to_str().unwrap()]);
    let decoded = decoded.trim_end();
    let c = &cert.content;
    let key = f.archive.active_key().unwrap().unwrap();
    let body = format!(
        "DJC2|{}|{}|{}|{}|{}|{}|{}|{}|{}",
        c.certificate_number,
        c.registration_number,
        c.unit_uscc.as_deref().unwrap_or(""),
        dengji_core::format_time(c.sealed_at),
        c.package_sm3,
        c.package_sha256,
        c.checkpoint.size,
        c.checkpoint.head,
        key.fingerprint
    );
    assert!(decoded.starts_with(&format!("{body}|SIG=")), "{decoded}");
    assert_eq!(cert.statement.as_deref(), Some(decoded));
    assert!(f.archive.verify_certificate(CertQuery::Qr(decoded)).unwrap().is_current());
    // The certificate prints the key's fingerprint.
    assert!(text_of(&path).contains(&key.fingerprint.to_hex()));

    // A third party: the evidence bundle and OpenSSL, nothing else.
    let dir = f.tmp.path().join("evidence");
    f.archive.certificate_evidence(cert.number(), &dir).unwrap();
    std::fs::write(dir.join("scanned.txt"), decoded.split_once("|SIG=").unwrap().0).unwrap();
    let b64 = decoded.split_once("|SIG=").unwrap().1;
    let sig = tool("bash", &["-c", &format!("printf %s '{b64}' | base64 -d > '{}'/scanned.sig", dir.display())]);
    assert!(sig.is_empty());
    let verify = |body: &str, sig: &str| {
        Command::new("openssl")
            .args(["pkeyutl", "-verify", "-rawin", "-digest", "sm3", "-pkeyopt", "distid:1234567812345678", "-certin"])
            .args(["-inkey", "archive-key-1.pem", "-in", body, "-sigfile", sig])
            .current_dir(&dir)
            .output()
            .unwrap()
            .status
            .success()
    };
    assert!(verify("scanned.txt", "scanned.sig"), "the scanned QR verifies with OpenSSL");
    assert!(verify("statement-body.txt", "statement.sig"));
    let manifest_sm3 = tool("openssl", &["dgst", "-sm3", "-r", dir.join("manifest.txt").to_str().unwrap()]);
    assert!(manifest_sm3.starts_with(&c.package_sm3.to_hex()), "{manifest_sm3}");
    let manifest_sha = tool("openssl", &["dgst", "-sha256", "-r", dir.join("manifest.txt").to_str().unwrap()]);
    assert!(manifest_sha.starts_with(&c.package_sha256.to_hex()), "{manifest_sha}");
    let readme = std::fs::read_to_string(dir.join("README-核验说明.txt")).unwrap();
    assert!(readme.contains("openssl pkeyutl -verify -rawin -digest sm3") && readme.contains(cert.number()));

    // One changed byte anywhere before |SIG=: the signature fails, in OpenSSL and here.
    for at in [5, body.len() / 2, body.len() - 1] {
        let mut changed = body.clone().into_bytes();
        changed[at] = if changed[at] == b'0' { b'1' } else { b'0' };
        std::fs::write(dir.join("changed.txt"), &changed).unwrap();
        assert!(!verify("changed.txt", "scanned.sig"), "byte {at}");
        let forged = format!("{}|SIG={b64}", String::from_utf8(changed).unwrap());
        match f.archive.verify_certificate(CertQuery::Qr(&forged)) {
            Ok(v) => assert!(!v.is_current() && !v.signature.is_valid(), "byte {at}: {}", v.message),
            Err(e) => assert!(matches!(e, Error::BadQr(_)), "{e:?}"),
        }
    }
    // A truncated signature.
    let truncated = &decoded[..decoded.len() - 8];
    match f.archive.verify_certificate(CertQuery::Qr(truncated)) {
        Ok(v) => assert!(!v.is_current() && !v.signature.is_valid(), "{}", v.message),
        Err(e) => assert!(matches!(e, Error::BadQr(_)), "{e:?}"),
    }
}

#[test]
fn printing_again_gives_the_same_bytes() {
    let mut f = Fixture::new();
    let reg = sealed(&mut f);
    let (cert, pdf) = issue(&mut f, reg);
    assert_eq!(f.archive.render_certificate(&cert).unwrap(), pdf);
    let reopened = dengji_core::Archive::open(f.archive.dir()).unwrap();
    let again = reopened.certificate(cert.number()).unwrap();
    assert_eq!(reopened.render_certificate(&again).unwrap(), pdf);
}

#[test]
fn a_reissue_is_marked_and_supersedes_the_earlier_certificate() {
    let mut f = Fixture::new();
    let reg = sealed(&mut f);
    let (first, _) = issue(&mut f, reg);
    let (second, pdf) = issue(&mut f, reg);
    assert_eq!(second.number(), "330102-2026-Z000002");
    assert_eq!(second.content.reissue_of.as_deref(), Some(first.number()));
    assert_eq!(f.archive.certificate(first.number()).unwrap().superseded_by.as_deref(), Some(second.number()));
    let text = text_of(&save(&f, "补发.pdf", &pdf));
    assert!(text.contains("补发") && text.contains(&format!("原证明{}", first.number())), "{text}");

    let old = f.archive.verify_certificate(CertQuery::Number(first.number())).unwrap();
    assert_eq!(old.status, CertStatus::Superseded);
    assert!(old.message.contains(second.number()), "{}", old.message);
    let new = f.archive.verify_certificate(CertQuery::Number(second.number())).unwrap();
    assert_eq!(new.status, CertStatus::Current, "{}", new.message);

    // A third issue replaces the second, not the first again.
    let (third, _) = issue(&mut f, reg);
    assert_eq!(third.content.reissue_of.as_deref(), Some(second.number()));
    let listed: Vec<String> = f.archive.certificates_of(reg).unwrap().iter().map(|c| c.number().to_string()).collect();
    assert_eq!(listed, [third.number(), second.number(), first.number()]);
    assert!(f.archive.verify_ledger().unwrap().ok());
}

#[test]
fn a_pdf_changed_by_one_byte_was_not_issued_here() {
    let mut f = Fixture::new();
    let reg = sealed(&mut f);
    let (cert, pdf) = issue(&mut f, reg);
    assert!(f.archive.verify_certificate(CertQuery::Pdf(&pdf)).unwrap().is_current());
    let mut changed = pdf.clone();
    let middle = changed.len() / 2;
    changed[middle] ^= 0x01;
    let verdict = f.archive.verify_certificate(CertQuery::Pdf(&changed)).unwrap();
    assert_eq!(verdict.status, CertStatus::NotIssued);
    assert!(verdict.message.contains("不是本馆签发"), "{}", verdict.message);

    let unknown = f.archive.verify_certificate(CertQuery::Number("330102-2026-Z999999")).unwrap();
    assert_eq!(unknown.status, CertStatus::NotIssued);
    let qr = cert.qr_text();
    let forged = qr.replace(&cert.content.package_sm3.to_hex(), &dengji_core::digest::sm3(b"x").to_hex());
    let verdict = f.archive.verify_certificate(CertQuery::Qr(&forged)).unwrap();
    assert_eq!(verdict.status, CertStatus::NotIssued);
    assert!(verdict.message.contains("签名无效"), "{}", verdict.message);
    // The unsigned DJC1 form of a signed certificate is not what was issued.
    let djc1 = QrPayload::of(&cert.content).text();
    assert_eq!(f.archive.verify_certificate(CertQuery::Qr(&djc1)).unwrap().status, CertStatus::NotIssued);
    assert!(matches!(f.archive.verify_certificate(CertQuery::Qr("DJC1|残缺")), Err(Error::BadQr(_))));
}

#[test]
fn only_sealed_registrations_get_certificates() {
    let mut f = Fixture::new();
    let src = f.src("草稿");
    write(&src.join("a.txt"), b"a");
    let draft = f.intake("草稿", &[src]).id;
    let clerk = f.clerk.clone();
    assert!(matches!(f.archive.issue_certificate(draft, &clerk), Err(Error::CertNotSealed(_))));
    assert!(f.archive.certificates().unwrap().is_empty());
}

#[test]
fn triggers_refuse_changes_to_issued_certificates() {
    let mut f = Fixture::new();
    let reg = sealed(&mut f);
    issue(&mut f, reg);
    let db = f.catalog();
    for sql in ["UPDATE certificates SET unit_name = '别的单位'", "UPDATE certificates SET pdf_sha256 = '00'", "DELETE FROM certificates"]
    {
        let err = db.execute_batch(sql).expect_err(sql);
        assert!(err.to_string().contains("immutable"), "{sql}: {err}");
    }
    // A row slipped in for a sealed registration passes the triggers, but not the ledger.
    db.execute_batch(
        "INSERT INTO certificates SELECT 99, 'X-1', 2026, 99, registration_id, NULL, registration_number, title, kind, unit_name,
             unit_uscc, sealed_at, files, bytes, package_sm3, package_sha256, archive_name, region_code, region_name, ledger_size,
             ledger_head, issued_at, issued_by, layout, '0000000000000000000000000000000000000000000000000000000000000000', pdf_sm3,
             pdf_bytes FROM certificates WHERE id = 1",
    )
    .unwrap();
    let report = f.archive.verify_ledger().unwrap();
    assert!(report.problems.iter().any(|p| p.message.contains("X-1") && p.message.contains("被插入")), "{report:?}");
    let verdict = f.archive.verify_certificate(CertQuery::Number("X-1")).unwrap();
    assert_eq!(verdict.status, CertStatus::CheckpointMismatch, "{}", verdict.message);
    // Not even a fresh row for a draft.
    let src = f.src("另一草稿");
    write(&src.join("b.txt"), b"b");
    let draft = f.intake("另一草稿", &[src]).id;
    let err = db
        .execute(
            "INSERT INTO certificates SELECT 98, 'X-2', 2026, 98, ?1, NULL, registration_number, title, kind, unit_name, unit_uscc,
                 sealed_at, files, bytes, package_sm3, package_sha256, archive_name, region_code, region_name, ledger_size, ledger_head,
                 issued_at, issued_by, layout, 'fresh', pdf_sm3, pdf_bytes FROM certificates WHERE id = 1",
            [draft.0],
        )
        .unwrap_err();
    assert!(err.to_string().contains("sealed registrations only"), "{err}");
}

#[test]
fn tampering_behind_the_triggers_is_found_by_verify_and_ledger_verify() {
    let mut f = Fixture::new();
    let reg = sealed(&mut f);
    let (cert, pdf) = issue(&mut f, reg);
    let db = f.catalog();
    f.drop_trigger("certificates_no_update", "certificates");
    db.execute_batch("UPDATE certificates SET unit_name = '冒名公司'").unwrap();
    let verdict = f.archive.verify_certificate(CertQuery::Number(cert.number())).unwrap();
    assert_eq!(verdict.status, CertStatus::CheckpointMismatch, "{}", verdict.message);
    let report = f.archive.verify_ledger().unwrap();
    assert!(report.problems.iter().any(|p| p.message.contains(cert.number()) && p.message.contains("unit_name")), "{report:?}");
    let tampered = f.archive.certificate(cert.number()).unwrap();
    assert!(matches!(f.archive.render_certificate(&tampered), Err(Error::CertReprintDiffers { .. })));

    // An item's digest changed behind the sealed-item triggers: the certificate's package
    // digests no longer match the registration.
    db.execute_batch("UPDATE certificates SET unit_name = '杭州某某科技有限公司'").unwrap();
    f.drop_trigger("items_sealed_no_update", "items");
    db.execute("UPDATE items SET sm3 = ?1 WHERE id = (SELECT MIN(id) FROM items)", [dengji_core::digest::sm3(b"x").to_hex()]).unwrap();
    let verdict = f.archive.verify_certificate(CertQuery::Pdf(&pdf)).unwrap();
    assert_eq!(verdict.status, CertStatus::DigestMismatch, "{}", verdict.message);
}

#[test]
fn a_rewritten_ledger_breaks_the_printed_checkpoint() {
    let mut f = Fixture::new();
    let reg = sealed(&mut f);
    let (cert, _) = issue(&mut f, reg);
    f.drop_trigger("ledger_append_only_update", "ledger");
    f.catalog().execute_batch("UPDATE ledger SET operator = 'mallory' WHERE seq = 2").unwrap();
    let verdict = f.archive.verify_certificate(CertQuery::Number(cert.number())).unwrap();
    assert_eq!(verdict.status, CertStatus::CheckpointMismatch, "{}", verdict.message);
    assert!(verdict.problems.iter().any(|p| p.contains("第 2 条")), "{:?}", verdict.problems);
}

/// 10,000 files: the annex stays readable (one row per file) and the page count printed
/// on every page is the real one.
#[test]
fn ten_thousand_files_paginate_with_the_right_page_count() {
    let mut f = Fixture::new();
    let src = f.src("万件");
    write(&src.join("0.txt"), b"zero");
    let draft = f.intake("一万个文件", &[src]).id;
    {
        // The other 9,999 items share the first one's vault object (intake of 10,000
        // real files would only slow the test down); paths vary in depth and length.
        let mut db = f.catalog();
        let tx = db.transaction().unwrap();
        for i in 1..10_000 {
            let path = if i % 500 == 0 {
                format!("万件/{}第{i}号文件（附件）.pdf", "很深的目录层级/".repeat(10))
            } else {
                format!("万件/第{:03}卷/{i:05}-扫描件.pdf", i / 100)
            };
            let bytes = if tx.is_postgres() { "CAST(?3 AS BYTEA)" } else { "?3" };
            tx.execute(
                &format!(
                    "INSERT INTO items (registration_id, path_raw, path, size, mtime, sha256, sm3, md5, format, pages, added_at)
                     SELECT registration_id, {bytes}, ?1, size, mtime, sha256, sm3, md5, format, pages, added_at
                     FROM items WHERE registration_id = ?2 LIMIT 1"
                ),
                dengji_core::params![path, draft.0, path.as_bytes().to_vec()],
            )
            .unwrap();
        }
        tx.commit().unwrap();
    }
    f.seal(draft);
    let started = std::time::Instant::now();
    let (cert, pdf) = issue(&mut f, draft);
    let elapsed = started.elapsed();
    let path = save(&f, "万件.pdf", &pdf);
    let pages = pages_of(&path);
    eprintln!("10,000-file certificate: {pages} pages, {} bytes, issued in {elapsed:?}", pdf.len());
    assert!(pages > 100 && pages < 400, "{pages} pages");
    assert!(pdf.len() < 20_000_000, "{} bytes", pdf.len());
    assert_eq!(cert.content.files, 10_000);

    let page_text = |n: usize| squeeze(&tool("pdftotext", &["-f", &n.to_string(), "-l", &n.to_string(), path.to_str().unwrap(), "-"]));
    let first = page_text(1);
    assert!(first.contains(&format!("第1页共{pages}页")) && first.contains("10,000个"), "{first}");
    let middle = page_text(pages / 2);
    assert!(middle.contains(&format!("第{}页共{pages}页", pages / 2)), "{middle}");
    let last = page_text(pages);
    assert!(last.contains(&format!("第{pages}页共{pages}页")), "{last}");
    assert!(last.contains("10000万件/"), "the last row is number 10,000:\n{last}");
    let all = text_of(&path);
    for i in [1, 999, 4321, 9999] {
        assert!(all.contains(&format!("{i:05}-扫描件.pdf")), "file {i} missing from the annex");
    }
    assert!(all.contains("第5000号文件（附件）.pdf"), "deep paths keep their file name");
    assert_eq!(f.archive.render_certificate(&cert).unwrap(), pdf);
}

#[test]
fn a_cancelled_issue_issues_nothing_and_uses_no_number() {
    let mut f = Fixture::new();
    let reg = sealed(&mut f);
    let clerk = f.clerk.clone();
    let cancel = dengji_core::CancelToken::new();
    cancel.cancel();
    let refused = f.archive.issue_certificate_with(reg, &clerk, &dengji_core::NoProgress, &cancel);
    assert!(matches!(refused, Err(Error::IssueCancelled)), "{:?}", refused.map(|c| c.0.number().to_string()));
    assert!(f.archive.certificates_of(reg).unwrap().is_empty());
    // The annex's files are reported as they are laid out.
    let seen = std::sync::Mutex::new(Vec::new());
    let progress = |p: &dengji_core::JobProgress| seen.lock().unwrap().push((p.files_done, p.files_total));
    let (cert, _) = f.archive.issue_certificate_with(reg, &clerk, &progress, &dengji_core::CancelToken::new()).unwrap();
    assert_eq!(cert.content.certificate_number, "330102-2026-Z000001", "the cancelled issue used no number");
    assert!(seen.lock().unwrap().contains(&(3, 3)), "{:?}", seen.lock().unwrap());
}
