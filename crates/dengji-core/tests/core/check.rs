//! The four-property check (四性检测): every rule fires on a file made to break it, clean
//! files pass, paper scans follow DA/T 31, the summary is kept, and cancelling keeps nothing.

use std::io::{Cursor, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use dengji_core::{
    AcceptScope, AuditFilter, CancelToken, CheckReport, ColourMode, Error, IntakeTarget, ItemMeta, JobProgress, NoProgress, Property,
    RecordKind, RegistrationId, Severity, Tamper, VirusScan,
};

use crate::support::{content, pdf, write, Fixture};

// ---- fixtures: real files in each format, written with the format crates ----

fn tiff_gray(dpi: u32, pages: usize) -> Vec<u8> {
    use tiff::encoder::{colortype, Rational, TiffEncoder};
    use tiff::tags::ResolutionUnit;
    let mut out = Cursor::new(Vec::new());
    let mut enc = TiffEncoder::new(&mut out).unwrap();
    for _ in 0..pages {
        let mut img = enc.new_image::<colortype::Gray8>(40, 60).unwrap();
        img.resolution(ResolutionUnit::Inch, Rational { n: dpi, d: 1 });
        img.write_data(&[200u8; 40 * 60]).unwrap();
    }
    out.into_inner()
}

fn tiff_rgb_cm(dots_per_cm: u32) -> Vec<u8> {
    use tiff::encoder::{colortype, Rational, TiffEncoder};
    use tiff::tags::ResolutionUnit;
    let mut out = Cursor::new(Vec::new());
    let mut enc = TiffEncoder::new(&mut out).unwrap();
    let mut img = enc.new_image::<colortype::RGB8>(10, 10).unwrap();
    img.resolution(ResolutionUnit::Centimeter, Rational { n: dots_per_cm, d: 1 });
    img.write_data(&[9u8; 300]).unwrap();
    out.into_inner()
}

fn jpeg(dpi: u16, colour: bool) -> Vec<u8> {
    use jpeg_encoder::{ColorType, Density, Encoder};
    let mut out = Vec::new();
    let mut enc = Encoder::new(&mut out, 80);
    enc.set_density(Density::Inch { x: dpi, y: dpi });
    if colour {
        enc.encode(&[120u8; 16 * 16 * 3], 16, 16, ColorType::Rgb).unwrap();
    } else {
        enc.encode(&[120u8; 16 * 16], 16, 16, ColorType::Luma).unwrap();
    }
    out
}

/// A JPEG whose only resolution is in its EXIF block (JFIF density "aspect ratio only"),
/// as cameras and some scanners write them.
fn jpeg_exif(dpi: u32) -> Vec<u8> {
    use exif::{experimental::Writer, Field, In, Rational, Tag, Value};
    let res = |tag| Field { tag, ifd_num: In::PRIMARY, value: Value::Rational(vec![Rational { num: dpi, denom: 1 }]) };
    let (x, y) = (res(Tag::XResolution), res(Tag::YResolution));
    let unit = Field { tag: Tag::ResolutionUnit, ifd_num: In::PRIMARY, value: Value::Short(vec![2]) };
    let mut w = Writer::new();
    for field in [&x, &y, &unit] {
        w.push_field(field);
    }
    let mut tiff = Cursor::new(Vec::new());
    w.write(&mut tiff, false).unwrap();
    let mut app1 = b"Exif\0\0".to_vec();
    app1.extend_from_slice(&tiff.into_inner());
    let mut out = Vec::new();
    let mut enc = jpeg_encoder::Encoder::new(&mut out, 80);
    enc.set_density(jpeg_encoder::Density::None);
    enc.add_app_segment(1, &app1).unwrap();
    enc.encode(&[50u8; 8 * 8 * 3], 8, 8, jpeg_encoder::ColorType::Rgb).unwrap();
    out
}

/// A PNG; `dpi` None writes no pHYs chunk.
fn png(dpi: Option<u32>, bilevel: bool) -> Vec<u8> {
    let mut out = Vec::new();
    {
        let mut enc = png::Encoder::new(&mut out, 16, 16);
        enc.set_color(png::ColorType::Grayscale);
        enc.set_depth(if bilevel { png::BitDepth::One } else { png::BitDepth::Eight });
        if let Some(d) = dpi {
            let ppm = (d as f64 / 0.0254).round() as u32;
            enc.set_pixel_dims(Some(png::PixelDimensions { xppu: ppm, yppu: ppm, unit: png::Unit::Meter }));
        }
        let row = if bilevel { 2 } else { 16 };
        enc.write_header().unwrap().write_image_data(&vec![0u8; row * 16]).unwrap();
    }
    out
}

/// A ZIP with these entries; entries named in `encrypt` are written with ZipCrypto.
fn zip_of(entries: &[(&str, &[u8])], encrypt: &[&str]) -> Vec<u8> {
    use zip::unstable::write::FileOptionsExt;
    use zip::write::SimpleFileOptions;
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for (name, data) in entries {
        let mut opts = SimpleFileOptions::default();
        if encrypt.contains(name) {
            opts = opts.with_deprecated_encryption(b"mima123").unwrap();
        }
        w.start_file(*name, opts).unwrap();
        w.write_all(data).unwrap();
    }
    w.finish().unwrap().into_inner()
}

fn docm() -> Vec<u8> {
    zip_of(
        &[
            ("[Content_Types].xml", b"<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>"),
            ("word/document.xml", b"<w:document/>"),
            ("word/vbaProject.bin", &content(7, 512)),
        ],
        &[],
    )
}

/// An OLE compound file with the given streams (storages made as needed).
fn ole(streams: &[(&str, &[u8])]) -> Vec<u8> {
    let mut file = cfb::CompoundFile::create(Cursor::new(Vec::new())).unwrap();
    for (path, data) in streams {
        if let Some(parent) = Path::new(path).parent().filter(|p| p != &Path::new("/")) {
            file.create_storage_all(parent).unwrap();
        }
        file.create_stream(path).unwrap().write_all(data).unwrap();
    }
    file.flush().unwrap();
    file.into_inner().into_inner()
}

fn encrypted_pdf() -> Vec<u8> {
    use lopdf::encryption::crypt_filters::{Aes128CryptFilter, CryptFilter};
    use lopdf::{EncryptionState, EncryptionVersion, Permissions};
    let mut doc = lopdf::Document::load_mem(&pdf(2)).unwrap();
    doc.trailer.set("ID", lopdf::Object::Array(vec![lopdf::Object::string_literal(b"0123456789abcdef".to_vec()); 2]));
    let filter: std::sync::Arc<dyn CryptFilter> = std::sync::Arc::new(Aes128CryptFilter);
    let version = EncryptionVersion::V4 {
        document: &doc,
        encrypt_metadata: true,
        crypt_filters: [(b"StdCF".to_vec(), filter)].into_iter().collect(),
        stream_filter: b"StdCF".to_vec(),
        string_filter: b"StdCF".to_vec(),
        owner_password: "owner-secret",
        user_password: "user-secret",
        permissions: Permissions::all(),
    };
    let state = EncryptionState::try_from(version).unwrap();
    doc.encrypt(&state).unwrap();
    let mut out = Vec::new();
    doc.save_to(&mut out).unwrap();
    out
}

fn elf() -> Vec<u8> {
    let mut v = b"\x7fELF\x02\x01\x01\0".to_vec();
    v.extend_from_slice(&content(3, 200));
    v
}

// ---- helpers ----

fn intake(f: &mut Fixture, kind: RecordKind, src: &Path) -> RegistrationId {
    let target = IntakeTarget::New { unit: f.unit, title: "四性检测".into(), kind };
    f.archive.intake(target, &[src.to_path_buf()], &f.clerk, &NoProgress, &CancelToken::new()).unwrap().id
}

/// Sets metadata on the item at `path` (relative to the source folder `检测`).
fn meta(f: &mut Fixture, id: RegistrationId, path: &str, m: ItemMeta) {
    let item = f.archive.items(id).unwrap().into_iter().find(|i| i.path == format!("检测/{path}")).unwrap_or_else(|| panic!("{path}"));
    f.archive.set_item_meta(id, item.id, &m, &f.clerk).unwrap();
}

fn titled(title: &str) -> ItemMeta {
    ItemMeta { title: Some(title.into()), ..ItemMeta::default() }
}

fn check(f: &mut Fixture, id: RegistrationId) -> CheckReport {
    f.archive.check(id, &f.clerk, &NoProgress, &CancelToken::new()).unwrap()
}

/// (rule, item without the `检测/` folder, severity) of every finding but the virus
/// scan's own line (which depends on whether ClamAV is installed).
fn found(r: &CheckReport) -> Vec<(&'static str, Option<String>, Severity)> {
    r.findings
        .iter()
        .filter(|f| !matches!(f.rule, "security.not_scanned" | "security.scan_failed"))
        .map(|f| (f.rule, f.item.as_ref().map(|i| i.trim_start_matches("检测/").to_string()), f.severity))
        .collect()
}

fn has(r: &CheckReport, rule: &str, item: Option<&str>, severity: Severity) -> bool {
    found(r).iter().any(|(ru, it, s)| *ru == rule && it.as_deref() == item && *s == severity)
}

fn assert_has(r: &CheckReport, rule: &str, item: Option<&str>, severity: Severity) {
    assert!(has(r, rule, item, severity), "expected {rule} {item:?} {severity:?} in\n{:#?}", found(r));
}

fn src(f: &Fixture) -> PathBuf {
    f.src("检测")
}

// ---- tests ----

#[test]
fn a_clean_paper_scan_passes_reports_each_image_and_keeps_its_summary() {
    let mut f = Fixture::new();
    let dir = src(&f);
    write(&dir.join("0001.tif"), &tiff_gray(300, 2));
    write(&dir.join("0002.jpg"), &jpeg(300, true));
    write(&dir.join("0003.tif"), &tiff_rgb_cm(120));
    let id = intake(&mut f, RecordKind::PaperScan, &dir);
    for (n, path) in ["0001.tif", "0002.jpg", "0003.tif"].iter().enumerate() {
        let n = n as i64 + 1;
        let pages = if n == 1 { Some(2) } else { None };
        let m =
            ItemMeta { ref_code: Some(format!("Z001-WS·2020-Y-{n:04}")), piece: Some(n), pages, ..titled("关于档案工作的通知") };
        meta(&mut f, id, path, m);
    }
    let report = check(&mut f, id);
    // Only the depositor's missing checksum list is worth mentioning.
    assert_eq!(found(&report), vec![("authenticity.no_supplied_digests", None, Severity::Info)]);
    assert!(report.passed() && !report.cancelled);
    assert!(matches!(report.virus_scan, VirusScan::Clean { .. } | VirusScan::NotScanned { .. }), "{:?}", report.virus_scan);

    let images = &report.images;
    assert_eq!(images.len(), 3);
    let tif = &images[0];
    assert_eq!((tif.item.as_str(), tif.format.as_str(), tif.width, tif.height), ("检测/0001.tif", "TIFF", 40, 60));
    assert_eq!((tif.colour, tif.pages, tif.bits), (ColourMode::Grey, 2, Some(8)));
    assert_eq!(tif.dpi.map(|d| (d.x, d.y)), Some((300.0, 300.0)));
    let jpg = &images[1];
    assert_eq!((jpg.format.as_str(), jpg.colour, jpg.width, jpg.pages), ("JPEG", ColourMode::Colour, 16, 1));
    assert_eq!(jpg.dpi.map(|d| d.x), Some(300.0));
    // 120 dots per centimetre is 304.8 dpi.
    assert_eq!((images[2].colour, images[2].dpi.map(|d| d.x)), (ColourMode::Colour, Some(304.8)));

    // Kept with the registration and in the ledger; allowed again once sealed, where it
    // only adds a record.
    let record = report.record.expect("stored");
    f.seal(id);
    let sealed = f.archive.registration(id).unwrap();
    let again = f.archive.check(id, &f.reviewer, &NoProgress, &CancelToken::new()).unwrap();
    assert!(again.passed());
    let mut records = f.archive.checks(id).unwrap();
    // The intake's own check came first (on the facts its read pass found).
    assert!(records.remove(0).at_intake);
    assert_eq!(
        records.iter().map(|r| (r.id, r.operator.as_str(), r.passed)).collect::<Vec<_>>(),
        vec![(record, "登记员", true), (again.record.unwrap(), "审核员", true)]
    );
    assert_eq!((records[0].files, records[0].summary.authenticity.info), (3, 1));
    assert_eq!(f.archive.registration(id).unwrap().package_sha256, sealed.package_sha256);
    let entries = f.archive.audit(&AuditFilter { action: Some("registration.check".into()), ..Default::default() }).unwrap();
    assert_eq!(entries.len(), 3);
    assert!(entries[1].payload.contains("\"passed\":true") && entries[1].subject == id.subject());
    assert!(f.archive.verify_ledger().unwrap().ok());
    // The catalog refuses edits of a kept check, and deleting one of a sealed registration.
    let db = f.catalog();
    assert!(db.execute("UPDATE checks SET operator = 'x'", ()).is_err());
    assert!(db.execute("DELETE FROM checks", ()).is_err());
}

#[test]
fn each_rule_fires_on_a_file_made_to_break_it() {
    let mut f = Fixture::new();
    let dir = src(&f);
    let files: Vec<(&str, Vec<u8>)> = vec![
        ("空白.pdf", Vec::new()),
        ("工具/run", elf()),
        ("工具/安装.bat", b"@echo off\r\ndel *.*\r\n".to_vec()),
        ("合同/报价.docm", docm()),
        ("合同/附件.zip", zip_of(&[("说明.txt", b"mima")], &["说明.txt"])),
        ("合同/软件.zip", zip_of(&[("readme.txt", b"hi"), ("setup.exe", b"MZ")], &[])),
        ("合同/加密.pdf", encrypted_pdf()),
        ("合同/损坏.pdf", b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog\nthis file ends here".to_vec()),
        ("合同/三页.pdf", pdf(3)),
        ("合同/损坏.tif", [b"II*\0\x08\0\0\0\xff\xff".as_slice(), &content(13, 100)].concat()),
        ("合同/截断.docx", docm()[..300].to_vec()),
        ("合同/宏.doc", ole(&[("/WordDocument", &[0u8; 64]), ("/Macros/VBA/dir", b"vba")])),
        ("合同/加密.docx", ole(&[("/EncryptionInfo", &[4u8; 32]), ("/EncryptedPackage", &content(5, 256))])),
        ("合同/未知.dat", content(11, 300)),
        ("合同/被改.pdf", pdf(1)),
        ("合同/SHA256SUMS", Vec::new()),
    ];
    let mut sums = String::new();
    for (name, data) in &files {
        write(&dir.join(name), data);
        if *name == "合同/三页.pdf" {
            sums.push_str(&format!("{}  三页.pdf\n", "0".repeat(64)));
        }
    }
    write(&dir.join("合同/SHA256SUMS"), sums.as_bytes());
    let id = intake(&mut f, RecordKind::Electronic, &dir);
    for (n, (path, _)) in files.iter().enumerate() {
        if *path != "合同/SHA256SUMS" && *path != "工具/run" {
            meta(&mut f, id, path, ItemMeta { piece: Some(n as i64 + 1), ..titled(path) });
        }
    }
    // 三页.pdf takes 件号 3 of 安装.bat under another title: 3 is doubled, 2 (工具/run has
    // none) and 9 (三页.pdf's own) are missing.
    meta(&mut f, id, "合同/三页.pdf", ItemMeta { piece: Some(3), pages: Some(5), ..titled("三页") });
    // The vault copy of one file is changed after intake.
    let item = f.archive.items(id).unwrap().into_iter().find(|i| i.path.ends_with("被改.pdf")).unwrap();
    f.archive.vault().tamper(&item.sha256, Tamper::Replace(pdf(2))).unwrap();

    let r = check(&mut f, id);
    use Severity::{Error, Info, Warning};
    assert_has(&r, "integrity.empty_file", Some("空白.pdf"), Error);
    assert_has(&r, "security.executable", Some("工具/run"), Error);
    assert_has(&r, "security.executable", Some("工具/安装.bat"), Error);
    assert_has(&r, "security.macro", Some("合同/报价.docm"), Error);
    assert_has(&r, "security.macro", Some("合同/宏.doc"), Error);
    assert_has(&r, "security.packed_executable", Some("合同/软件.zip"), Error);
    assert_has(&r, "usability.encrypted", Some("合同/附件.zip"), Error);
    assert_has(&r, "usability.encrypted", Some("合同/加密.pdf"), Error);
    assert_has(&r, "usability.encrypted", Some("合同/加密.docx"), Error);
    assert_has(&r, "usability.unreadable", Some("合同/损坏.pdf"), Error);
    assert_has(&r, "usability.unreadable", Some("合同/损坏.tif"), Error);
    assert_has(&r, "usability.unreadable", Some("合同/截断.docx"), Error);
    assert_has(&r, "usability.format_unknown", Some("合同/未知.dat"), Error);
    assert_has(&r, "usability.format_not_accepted", Some("合同/软件.zip"), Warning);
    assert_has(&r, "authenticity.page_count", Some("合同/三页.pdf"), Error);
    assert_has(&r, "authenticity.checksum_mismatch", Some("合同/三页.pdf"), Error);
    assert_has(&r, "authenticity.object_changed", Some("合同/被改.pdf"), Error);
    assert_has(&r, "integrity.missing_title", Some("工具/run"), Error);
    assert_has(&r, "integrity.piece_duplicate", Some("工具/安装.bat"), Error);
    assert_has(&r, "integrity.piece_gap", None, Error);
    assert!(!has(&r, "authenticity.no_supplied_digests", None, Info), "a checksum list was supplied");
    assert!(!has(&r, "integrity.missing_title", Some("合同/SHA256SUMS"), Error), "checksum lists need no title");
    assert!(!r.passed());
    // Every finding names its rule under its own property, and messages are Chinese.
    for finding in &r.findings {
        assert!(finding.rule.starts_with(&format!("{}.", serde_json::to_value(finding.property).unwrap().as_str().unwrap())));
        assert!(finding.message.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)), "{}", finding.message);
    }
    let page = r.findings.iter().find(|x| x.rule == "authenticity.page_count").unwrap();
    assert!(page.message.contains("5") && page.message.contains("3"), "{}", page.message);
    let gap = r.findings.iter().find(|x| x.rule == "integrity.piece_gap").unwrap();
    assert!(gap.message.contains("缺少 2、9（共 2 个）"), "{}", gap.message);
    let twice = r.findings.iter().find(|x| x.rule == "integrity.piece_duplicate").unwrap();
    assert!(twice.message.contains("件号 3") && twice.message.contains("三页.pdf"), "{}", twice.message);
    assert_eq!(r.summary.errors() as usize, r.findings.iter().filter(|x| x.severity == Error).count());
    assert_eq!(r.summary.security.error, 5);

    // Accepting the checksum finding turns it into a warning with the acceptance noted.
    f.archive.accept_findings(id, "单位确认校验文件有误", &f.clerk).unwrap();
    let r = check(&mut f, id);
    assert_has(&r, "authenticity.checksum_mismatch", Some("合同/三页.pdf"), Warning);
}

#[test]
fn paper_scans_follow_da_t_31() {
    let mut f = Fixture::new();
    let dir = src(&f);
    write(&dir.join("低.tif"), &tiff_gray(150, 1));
    write(&dir.join("中.jpg"), &jpeg(240, false));
    write(&dir.join("无分辨率.png"), &png(None, false));
    write(&dir.join("黑白.png"), &png(Some(300), true));
    write(&dir.join("相机.jpg"), &jpeg_exif(150));
    write(&dir.join("交付.pdf"), &pdf(1));
    write(&dir.join("说明.docx"), &zip_of(&[("[Content_Types].xml", b"<Types/>"), ("word/document.xml", b"<w:document/>")], &[]));
    let id = intake(&mut f, RecordKind::PaperScan, &dir);
    for path in ["低.tif", "中.jpg", "相机.jpg", "无分辨率.png", "黑白.png", "交付.pdf", "说明.docx"] {
        meta(&mut f, id, path, titled(path));
    }
    let r = check(&mut f, id);
    use Severity::{Error, Warning};
    assert_has(&r, "usability.scan_resolution", Some("低.tif"), Error);
    assert_has(&r, "usability.scan_resolution", Some("中.jpg"), Warning);
    assert_has(&r, "usability.scan_resolution", Some("相机.jpg"), Error);
    assert_has(&r, "usability.scan_resolution_missing", Some("无分辨率.png"), Warning);
    assert_has(&r, "usability.scan_format", Some("无分辨率.png"), Warning);
    assert_has(&r, "usability.scan_format", Some("说明.docx"), Warning);
    assert!(!has(&r, "usability.scan_format", Some("交付.pdf"), Warning), "PDF is a delivery format");
    assert!(!has(&r, "usability.scan_format", Some("低.tif"), Warning));
    // No item has a 档号: one finding for the registration, not one per file.
    assert_has(&r, "integrity.missing_ref_code", None, Error);
    assert_eq!(r.findings.iter().filter(|x| x.rule == "integrity.missing_ref_code").count(), 1);
    let modes: Vec<(&str, ColourMode)> = r.images.iter().map(|i| (i.item.trim_start_matches("检测/"), i.colour)).collect();
    assert_eq!(
        modes,
        vec![
            ("中.jpg", ColourMode::Grey),
            ("低.tif", ColourMode::Grey),
            ("无分辨率.png", ColourMode::Grey),
            ("相机.jpg", ColourMode::Colour),
            ("黑白.png", ColourMode::Bilevel)
        ]
    );
    let low = r.findings.iter().find(|x| x.rule == "usability.scan_resolution" && x.severity == Error).unwrap();
    assert!(low.message.contains("150 dpi"), "{}", low.message);
}

#[test]
fn reference_code_gaps_and_a_registration_without_titles() {
    let mut f = Fixture::new();
    let dir = src(&f);
    for n in [1, 2, 5] {
        write(&dir.join(format!("{n}.jpg")), &jpeg(300, false));
    }
    // Two pages of piece 1 share its 档号: not a duplicate.
    write(&dir.join("1b.jpg"), &jpeg(301, false));
    let id = intake(&mut f, RecordKind::PaperScan, &dir);
    for (path, n) in [("1.jpg", 1), ("1b.jpg", 1), ("2.jpg", 2), ("5.jpg", 5)] {
        meta(&mut f, id, path, ItemMeta { ref_code: Some(format!("Z001-2020-{n:04}")), piece: Some(n), ..ItemMeta::default() });
    }
    let r = check(&mut f, id);
    use Severity::Error;
    assert_has(&r, "integrity.ref_code_gap", None, Error);
    assert_has(&r, "integrity.piece_gap", None, Error);
    assert_has(&r, "integrity.missing_title", None, Error);
    assert!(!found(&r).iter().any(|(rule, ..)| *rule == "integrity.piece_duplicate"), "{:#?}", found(&r));
    let gap = r.findings.iter().find(|x| x.rule == "integrity.ref_code_gap").unwrap();
    assert!(gap.message.contains("Z001-2020-") && gap.message.contains("3–4"), "{}", gap.message);
    let untitled = r.findings.iter().find(|x| x.rule == "integrity.missing_title").unwrap();
    assert!(untitled.message.contains("全部 4 个文件"), "{}", untitled.message);
}

#[test]
fn an_empty_registration_fails_on_package_structure() {
    let mut f = Fixture::new();
    let id = f.archive.create_draft(f.unit, "空草稿", RecordKind::Electronic, &f.clerk).unwrap();
    let r = check(&mut f, id);
    assert_has(&r, "authenticity.empty_registration", None, Severity::Error);
    assert!(r.images.is_empty() && !r.passed());
}

#[test]
fn without_clamav_the_report_says_nothing_was_scanned() {
    let mut f = Fixture::new();
    let dir = src(&f);
    write(&dir.join("a.txt"), "正文".as_bytes());
    let id = intake(&mut f, RecordKind::Electronic, &dir);
    let r = check(&mut f, id);
    let installed = std::process::Command::new("clamscan").arg("--version").output().is_ok_and(|o| o.status.success());
    if !installed {
        assert_eq!(r.virus_scan, VirusScan::NotScanned { why: "未安装 ClamAV，未做病毒扫描".into() });
        let line = r.findings.iter().find(|x| x.rule == "security.not_scanned").expect("a not-scanned line");
        assert_eq!((line.severity, line.item.as_ref(), line.property), (Severity::Info, None, Property::Security));
        assert!(line.message.contains("未安装 ClamAV，未做病毒扫描"));
    } else if let VirusScan::NotScanned { why } = &r.virus_scan {
        // Installed but unusable (e.g. no signature database): said so as a warning.
        assert!(r.findings.iter().any(|x| x.rule == "security.scan_failed" && x.message.contains(why.as_str())));
    }
    assert!(!matches!(r.virus_scan, VirusScan::Infected { .. }));
}

#[test]
fn progress_is_reported_per_file_and_a_cancelled_check_keeps_nothing() {
    let mut f = Fixture::new();
    let dir = src(&f);
    for n in 0..5 {
        write(&dir.join(format!("{n}.txt")), &content(n, 3000));
    }
    let id = intake(&mut f, RecordKind::Electronic, &dir);
    let seen = Mutex::new(Vec::new());
    let progress = |p: &JobProgress| seen.lock().unwrap().push((p.files_done, p.files_total, p.current.clone()));
    let done = f.archive.check(id, &f.clerk, &progress, &CancelToken::new()).unwrap();
    let seen = seen.into_inner().unwrap();
    assert!(seen.iter().any(|(done, total, _)| (*done, *total) == (5, 5)), "{seen:?}");
    for n in 0..5 {
        assert!(seen.iter().any(|(.., cur)| cur.as_deref() == Some(&format!("检测/{n}.txt"))), "{seen:?}");
    }
    assert!(done.record.is_some());

    // Cancelled as the first file is about to be read: that read stops at its first chunk.
    let cancel = CancelToken::new();
    let stop = |_: &JobProgress| cancel.cancel();
    let r = f.archive.check(id, &f.clerk, &stop, &cancel).unwrap();
    assert!(r.cancelled && r.record.is_none() && !r.passed());
    assert_eq!(r.virus_scan, VirusScan::NotScanned { why: "检测已取消".into() });
    assert_eq!(f.archive.checks(id).unwrap().len(), 2, "only the completed checks are kept: the intake's and the first");
    let entries = f.archive.audit(&AuditFilter { action: Some("registration.check".into()), ..Default::default() }).unwrap();
    assert_eq!(entries.len(), 2);
}

#[test]
fn every_intake_is_checked_on_what_its_read_pass_found_without_reading_again() {
    let mut f = Fixture::new();
    let dir = src(&f);
    let files: Vec<(&str, Vec<u8>)> = vec![
        ("工具/run", elf()),
        ("合同/报价.docm", docm()),
        ("合同/软件.zip", zip_of(&[("readme.txt", b"hi"), ("setup.exe", b"MZ")], &[])),
        ("合同/加密.pdf", encrypted_pdf()),
        ("合同/损坏.pdf", b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog\nthis file ends here".to_vec()),
        ("合同/三页.pdf", pdf(3)),
        ("合同/宏.doc", ole(&[("/WordDocument", &[0u8; 64]), ("/Macros/VBA/dir", b"vba")])),
        ("合同/未知.dat", content(11, 300)),
    ];
    for (name, data) in &files {
        write(&dir.join(name), data);
    }
    let target = IntakeTarget::New { unit: f.unit, title: "四性检测".into(), kind: RecordKind::Electronic };
    let report = f.archive.intake(target, &[dir], &f.clerk, &NoProgress, &CancelToken::new()).unwrap();
    let id = report.id;
    let at_intake = report.check.expect("every intake is checked");
    let kept = f.archive.checks(id).unwrap();
    assert_eq!((kept.len(), kept[0].at_intake, kept[0].id), (1, true, at_intake.record));
    assert!(matches!(kept[0].virus_scan, VirusScan::NotScanned { .. }), "no second read for a virus scan");

    // The same findings as the full check, which reads every object again.
    let clerk = f.clerk.clone();
    let content_check = f.archive.check_content(id, &clerk).unwrap();
    let full = check(&mut f, id);
    assert_eq!(found(&content_check), found(&full));
    assert_eq!(content_check.summary, at_intake.summary);
    assert_has(&content_check, "usability.unreadable", Some("合同/损坏.pdf"), Severity::Error);
    assert_has(&content_check, "security.macro", Some("合同/宏.doc"), Severity::Error);
    assert_has(&content_check, "security.packed_executable", Some("合同/软件.zip"), Severity::Error);

    // It reads nothing: with a vault object gone, only the full check notices.
    let item = f.archive.items(id).unwrap().into_iter().find(|i| i.path.ends_with("未知.dat")).unwrap();
    f.archive.vault().tamper(&item.sha256, Tamper::Remove).unwrap();
    assert_eq!(found(&f.archive.check_content(id, &clerk).unwrap()), found(&content_check));
    assert!(!found(&check(&mut f, id)).is_empty());
    assert_ne!(found(&check(&mut f, id)), found(&content_check));
}

#[test]
fn a_draft_seals_only_when_each_error_of_its_current_content_is_accepted_by_a_reviewer() {
    let mut f = Fixture::new();
    let dir = src(&f);
    write(&dir.join("说明.pdf"), &pdf(1));
    write(&dir.join("空白登记表.txt"), b"");
    write(&dir.join("导出.dat"), &content(3, 500));
    let id = intake(&mut f, RecordKind::Electronic, &dir);
    for path in ["说明.pdf", "空白登记表.txt", "导出.dat"] {
        meta(&mut f, id, path, titled(path));
    }
    let (clerk, reviewer) = (f.clerk.clone(), f.reviewer.clone());
    let refused = f.archive.seal(id, None, &reviewer);
    assert!(
        matches!(&refused, Err(Error::SealCheckErrors { count: 2, first, .. }) if first.contains("空白登记表.txt：文件为空")),
        "{refused:?}"
    );
    assert_eq!(refused.unwrap_err().code(), "seal_check_errors");

    // What the seal would refuse, for clerk and reviewer alike; looking keeps nothing.
    let kept = f.archive.checks(id).unwrap().len();
    let open = |f: &mut Fixture| -> Vec<(&'static str, Option<String>, bool)> {
        let errors = f.archive.check_errors(id, &clerk).unwrap();
        errors.into_iter().map(|e| (e.finding.rule, e.finding.item, e.accepted.is_some())).collect()
    };
    assert_eq!(
        open(&mut f),
        vec![
            ("integrity.empty_file", Some("检测/空白登记表.txt".to_string()), false),
            ("usability.format_unknown", Some("检测/导出.dat".to_string()), false),
        ]
    );
    assert_eq!(f.archive.checks(id).unwrap().len(), kept);

    // Only a reviewer accepts, with a reason, a finding that is there.
    let empty = AcceptScope::Rule { rule: "integrity.empty_file", item: Some("检测/空白登记表.txt") };
    assert!(matches!(f.archive.accept_check_errors(id, empty, "原件为空白表", &clerk), Err(Error::Forbidden { .. })));
    assert!(matches!(f.archive.accept_check_errors(id, empty, "  ", &reviewer), Err(Error::Empty { .. })));
    let absent = AcceptScope::Rule { rule: "usability.encrypted", item: None };
    assert!(matches!(f.archive.accept_check_errors(id, absent, "x", &reviewer), Err(Error::CheckErrorNotFound { .. })));
    let accepted = f.archive.accept_check_errors(id, empty, "原件即为空白登记表", &reviewer).unwrap();
    assert_eq!((accepted.len(), accepted[0].accepted_by.as_str()), (1, "审核员"));
    let refused = f.archive.seal(id, None, &reviewer);
    assert!(matches!(&refused, Err(Error::SealCheckErrors { count: 1, first, .. }) if first.contains("导出.dat")), "{refused:?}");

    // An acceptance covers the content it was given for: the file taken again with other
    // bytes is judged again.
    f.archive.accept_check_errors(id, AcceptScope::All, "业务系统专用导出格式", &reviewer).unwrap();
    assert!(open(&mut f).iter().all(|(_, _, accepted)| *accepted));
    let item = f.archive.items(id).unwrap().into_iter().find(|i| i.path.ends_with("导出.dat")).unwrap();
    f.archive.remove_items(id, &[item.id], &clerk).unwrap();
    let again = f.tmp.path().join("再次移交").join("检测");
    write(&again.join("导出.dat"), &content(4, 500));
    f.archive.intake(IntakeTarget::Draft(id), &[again], &clerk, &NoProgress, &CancelToken::new()).unwrap();
    meta(&mut f, id, "导出.dat", titled("导出"));
    assert!(matches!(f.archive.seal(id, None, &reviewer), Err(Error::SealCheckErrors { count: 1, .. })));
    assert!(f.archive.accept_check_errors(id, AcceptScope::All, "x", &reviewer).unwrap().len() == 1);
    assert!(f.archive.accept_check_errors(id, AcceptScope::All, "x", &reviewer).unwrap().is_empty(), "nothing left open");

    // The seal entry records the check and what was accepted; the ledger verifies it.
    let sealed = f.archive.seal(id, None, &reviewer).unwrap();
    assert_eq!(sealed.check.summary.errors(), 2);
    let reasons: Vec<&str> = sealed.check.accepted.iter().map(|a| a.reason.as_str()).collect();
    assert_eq!(reasons, vec!["原件即为空白登记表", "x"]);
    assert_eq!(f.archive.seal_check(id).unwrap(), Some(sealed.check.clone()));
    let entry = f.archive.audit(&AuditFilter { action: Some("registration.seal".into()), ..Default::default() }).unwrap();
    assert!(entry[0].payload.contains("原件即为空白登记表"), "{}", entry[0].payload);
    let accepts = f.archive.audit(&AuditFilter { action: Some("registration.check_accept".into()), ..Default::default() }).unwrap();
    assert_eq!(accepts.len(), 3);
    assert!(f.archive.verify_ledger().unwrap().ok());
    assert!(matches!(f.archive.check_errors(id, &clerk), Err(Error::Sealed(_))));
    assert!(matches!(f.archive.accept_check_errors(id, AcceptScope::All, "x", &reviewer), Err(Error::Sealed(_))));

    // The catalog refuses acceptances added to or taken from a sealed registration, and a
    // hand edit of what the seal recorded breaks the ledger check.
    let db = f.catalog();
    let insert = "INSERT INTO check_acceptances (registration_id, rule, message, reason, accepted_by, accepted_at)
                  VALUES (?1, 'x', 'x', 'x', 'x', 'x')";
    assert!(db.execute(insert, [id.0]).is_err());
    assert!(db.execute("DELETE FROM check_acceptances", ()).is_err());
    assert!(db.execute("UPDATE check_acceptances SET reason = 'x'", ()).is_err());
    f.drop_trigger("registrations_sealed_no_update", "registrations");
    db.execute("UPDATE registrations SET seal_check = replace(seal_check, '原件即为空白登记表', '无') WHERE id = ?1", [id.0]).unwrap();
    let report = f.archive.verify_ledger().unwrap();
    assert!(report.problems.iter().any(|p| p.message.contains("check")), "{:?}", report.problems);
}

#[test]
fn a_draft_without_error_findings_seals_with_nothing_to_accept() {
    let mut f = Fixture::new();
    let dir = src(&f);
    write(&dir.join("缴存明细.csv"), "单位,金额\n甲,100\n乙,200\n".as_bytes());
    let id = intake(&mut f, RecordKind::BusinessData, &dir);
    let reviewer = f.reviewer.clone();
    assert!(f.archive.check_errors(id, &reviewer).unwrap().is_empty());
    let sealed = f.archive.seal(id, None, &reviewer).unwrap();
    assert_eq!((sealed.check.summary.errors(), sealed.check.accepted.len()), (0, 0));
    assert!(f.archive.verify_ledger().unwrap().ok());
}
