//! From a certificate's stored content and its files to PDF bytes, deterministically:
//! the same input gives the same bytes on every run and every machine (no clock, no
//! randomness: dates, the document /ID and the font's subset tag derive from the data).

use lopdf_printpdf::{Object, StringFormat};
use printpdf::{FontId, PdfDocument, PdfFont, PdfSaveOptions};

use super::draw::Sheet;
use super::model::{AnnexItem, CertContent};
use super::{annex, font, page_one};
use crate::digest::{sha256, Sm3};
use crate::error::{Error, Result};

/// The layout this code draws for new certificates. A change to anything that alters the
/// bytes of a PDF (drawing, wording, font, printpdf) must come with a new version, keeping
/// the old rendering for the certificates issued with it: `cert print` must reproduce them.
/// Layout 1: unsigned QR (`DJC1`). Layout 2: the signed statement (`DJC2`) in the QR and
/// the archive key's fingerprint printed. Layout 3: as 2, with 档号, 题名 and the SHA-256 in
/// the annex and its note in words instead of commands. Layout 4: as 3, with the upper
/// archive's witness of the ledger (上级见证) when a receipt was recorded before the
/// certificate's checkpoint, and the field table's rows closer together when it is long.
/// Layout 5: as 4, with 业务数据系列 (series, version, period) for a series' version.
pub const LAYOUT: i64 = 5;

/// What the QR code carries.
pub enum Qr<'a> {
    /// Layout 1: the unsigned `DJC1` payload, made from the content.
    Unsigned,
    /// Layouts 2 to 5: the signed statement and the fingerprint of the key that signed it.
    Signed { text: &'a str, fingerprint: &'a Sm3 },
}

/// Renders a certificate: page 1 the certificate, then the annex listing `items`.
pub fn render(c: &CertContent, items: &[AnnexItem], qr: Qr<'_>) -> Result<Vec<u8>> {
    render_watched(c, items, qr, &mut |_| true)
}

/// `render`, telling `watch` how many items the annex has laid out after each page (a
/// registration of 100 000 files fills thousands of pages); `false` from it stops the
/// rendering (`Error::IssueCancelled`).
pub fn render_watched(c: &CertContent, items: &[AnnexItem], qr: Qr<'_>, watch: &mut dyn FnMut(usize) -> bool) -> Result<Vec<u8>> {
    let fits = matches!((c.layout, &qr), (1, Qr::Unsigned) | (2..=5, Qr::Signed { .. }));
    if !fits {
        return Err(Error::CertRender(format!("证明 {} 使用版式 {}，本程序只能生成版式 1 和 {LAYOUT}", c.certificate_number, c.layout)));
    }
    let face = font::face()?;
    let identity = sha256(
        format!("dengji-certificate-v1|{}|{}|{}", c.certificate_number, c.registration_number, crate::stamp::format_time(c.issued_at))
            .as_bytes(),
    );
    // Six capitals: the resource name and the subset tag (`XXXXXX+NotoSerif…`) of the font.
    let font_id = FontId(identity.0[..6].iter().map(|b| char::from(b'A' + b % 26)).collect());

    let version = annex::Version::of_layout(c.layout);
    let annex_pages = annex::paginate(face, items, version);
    let total = 1 + annex_pages.len();
    let mut pages = vec![page_one::draw(Sheet::new(face, &font_id), c, total, &qr)?];
    let mut laid_out = 0;
    for (i, rows) in annex_pages.iter().enumerate() {
        pages.push(annex::draw(Sheet::new(face, &font_id), c, rows, i + 2, total, version));
        laid_out += rows.len();
        if !watch(laid_out) {
            return Err(Error::IssueCancelled);
        }
    }

    let mut doc = PdfDocument::new(&format!("档案登记证明 {}", c.certificate_number));
    let info = &mut doc.metadata.info;
    let issued = pdf_time(c.issued_at);
    info.creation_date = issued;
    info.modification_date = issued;
    info.metadata_date = issued;
    info.author = c.archive_name.clone();
    info.subject = format!("登记 {} 的登记证明", c.registration_number);
    info.creator = "Dengji 档案登记备份工作站".into();
    info.producer = "Dengji".into();
    info.identifier = c.certificate_number.clone();
    doc.resources.fonts.map.insert(font_id, PdfFont::new(face.font.clone()));
    doc.pages = pages;

    let opts = PdfSaveOptions { optimize: true, subset_fonts: true, secure: true, image_optimization: None };
    let mut lo = doc.to_lopdf_document(&opts, &mut Vec::new());
    // printpdf writes random strings as the trailer /ID; use the certificate's identity.
    let id = Object::String(identity.0[..16].to_vec(), StringFormat::Hexadecimal);
    lo.trailer.set("ID", Object::Array(vec![id.clone(), id]));
    compress(&mut lo);
    let mut out = Vec::new();
    lo.save_to(&mut out).map_err(|e| Error::CertRender(format!("写出 PDF 失败：{e}")))?;
    Ok(out)
}

/// Deflates every stream with the pinned miniz_oxide (not lopdf's `compress`, whose flate2
/// backend, and so whose bytes, depend on what other crates in the build ask of flate2).
pub(super) fn compress(doc: &mut lopdf_printpdf::Document) {
    for object in doc.objects.values_mut() {
        if let Object::Stream(stream) = object {
            if stream.dict.get(b"Filter").is_err() {
                let packed = miniz_oxide::deflate::compress_to_vec_zlib(&stream.content, 9);
                if packed.len() + 19 < stream.content.len() {
                    stream.dict.set("Filter", "FlateDecode");
                    stream.set_content(packed);
                }
            }
        }
    }
}

/// A time as printpdf's date (UTC, which printpdf writes as +00'00').
fn pdf_time(t: chrono::DateTime<chrono::Utc>) -> printpdf::OffsetDateTime {
    use chrono::{Datelike, Timelike};
    printpdf::OffsetDateTime::new_in_offset(
        printpdf::date::Date { year: t.year(), month: t.month() as u8, day: t.day() as u8 },
        printpdf::date::Time { hour: t.hour() as u8, minute: t.minute() as u8, second: t.second() as u8, millisecond: 0 },
        printpdf::date::Offset { hours: 0, minutes: 0, seconds: 0, milliseconds: 0 },
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::digest::{sha256, sm3};
    use crate::ids::RegistrationId;
    use crate::ledger::Checkpoint;
    use crate::registrations::RecordKind;

    fn content() -> CertContent {
        CertContent {
            certificate_number: "330102-2026-Z000001".into(),
            reissue_of: None,
            registration_id: RegistrationId(1),
            registration_number: "330102-2026-000001".into(),
            title: "2025年文书档案".into(),
            kind: RecordKind::PaperScan,
            unit_name: "杭州某某科技有限公司".into(),
            unit_uscc: Some("91330000MA27U0TT7T".into()),
            sealed_at: "2026-11-25T02:00:00Z".parse().unwrap(),
            files: 2,
            bytes: 3072,
            package_sm3: sm3(b"package"),
            package_sha256: sha256(b"package"),
            archive_name: "上城区档案馆".into(),
            region_code: "330102".into(),
            region_name: "浙江省 杭州市 上城区".into(),
            checkpoint: Checkpoint { size: 12, head: sha256(b"head") },
            issued_at: "2026-11-25T03:00:00Z".parse().unwrap(),
            issued_by: "登记员".into(),
            layout: 1,
            witnessed: None,
            series: None,
        }
    }

    /// The text pdftotext reads from a PDF.
    fn pdf_text(pdf: &[u8]) -> String {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("certificate.pdf");
        std::fs::write(&path, pdf).unwrap();
        let out = std::process::Command::new("pdftotext").arg(&path).arg("-").output().expect("pdftotext (poppler-utils)");
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    fn items() -> Vec<AnnexItem> {
        vec![
            AnnexItem {
                path: "文书/0001.pdf".into(),
                size: 1024,
                sm3: sm3(b"1"),
                sha256: sha256(b"1"),
                ref_code: Some("A001-2025-0001".into()),
                title: Some("年度工作通知".into()),
            },
            AnnexItem { path: "文书/0002.pdf".into(), size: 2048, sm3: sm3(b"2"), sha256: sha256(b"2"), ref_code: None, title: None },
        ]
    }

    /// Certificates issued with layout 1 must print again byte for byte, in any later
    /// release. If this digest changes, the rendering changed: keep the old one for
    /// layout 1 and draw the new one as layout 2 (see `LAYOUT`), never edit this line.
    #[test]
    fn layout_1_renders_the_same_bytes_for_ever() {
        let pdf = render(&content(), &items(), Qr::Unsigned).unwrap();
        assert_eq!(render(&content(), &items(), Qr::Unsigned).unwrap(), pdf, "two renderings differ");
        assert_eq!(sha256(&pdf).to_hex(), "eb67c9b7ba795228a0ede36e2764d0d2f228fa037ca1648b08c5e4deda8467be");
    }

    /// Layout 2 certificates were issued by the release before layout 3: they too print
    /// again byte for byte, for ever.
    #[test]
    fn layout_2_renders_the_same_bytes_for_ever() {
        let c = CertContent { layout: 2, ..content() };
        let fp = sm3(b"k");
        let text = format!("DJC2|330102-2026-Z000001|x|SIG={}", "A".repeat(96));
        let pdf = render(&c, &items(), Qr::Signed { text: &text, fingerprint: &fp }).unwrap();
        assert_eq!(sha256(&pdf).to_hex(), "c5abe08e4b68c4eccb3eae56fa6618ce715bdca280c87d139149c478b339c043");
    }

    /// Layout 3 certificates were issued by the releases before layout 4: they too print
    /// again byte for byte, for ever.
    #[test]
    fn layout_3_renders_the_same_bytes_for_ever() {
        let c = CertContent { layout: 3, ..content() };
        let fp = sm3(b"k");
        let text = format!("DJC2|330102-2026-Z000001|x|SIG={}", "A".repeat(96));
        let pdf = render(&c, &items(), Qr::Signed { text: &text, fingerprint: &fp }).unwrap();
        assert_eq!(sha256(&pdf).to_hex(), "c3424e06df0a0cf2bf67fcf532c1d6f44e8d7388313b3b33e01288b3052019d3");
    }

    /// Layout 4 certificates were issued by the releases before layout 5: they too print
    /// again byte for byte, for ever (and print no series line, whatever the content says).
    #[test]
    fn layout_4_renders_the_same_bytes_for_ever() {
        let w = crate::upward::Witness {
            archive: "杭州市档案馆".into(),
            region_code: "330100".into(),
            number: 3,
            checkpoint: crate::ledger::Checkpoint { size: 120, head: sha256(b"w") },
            received_at: "2026-12-07T01:00:00Z".parse().unwrap(),
        };
        let c = CertContent { layout: 4, witnessed: Some(w), ..content() };
        let fp = sm3(b"k");
        let text = format!("DJC2|330102-2026-Z000001|x|SIG={}", "A".repeat(96));
        let pdf = render(&c, &items(), Qr::Signed { text: &text, fingerprint: &fp }).unwrap();
        assert_eq!(sha256(&pdf).to_hex(), "ae3ded2d4b3a5db3841502883098efb76f6b4b253449ac9d765194f7e09c8b00");
        let line = crate::series::SeriesLine { name: "公积金业务库".into(), version: 2, period: "2026-10".into() };
        let with_series = CertContent { series: Some(line.clone()), ..c.clone() };
        assert_eq!(render(&with_series, &items(), Qr::Signed { text: &text, fingerprint: &fp }).unwrap(), pdf);
        let five = CertContent { layout: 5, series: Some(line), ..with_series.clone() };
        assert_ne!(render(&five, &items(), Qr::Signed { text: &text, fingerprint: &fp }).unwrap(), pdf, "layout 5 prints the series");
    }

    #[test]
    fn layout_3_lists_ref_codes_titles_and_both_digests_and_names_no_command() {
        let c = CertContent { layout: 3, ..content() };
        let fp = sm3(b"k");
        let text = format!("DJC2|330102-2026-Z000001|x|SIG={}", "A".repeat(96));
        let pdf = render(&c, &items(), Qr::Signed { text: &text, fingerprint: &fp }).unwrap();
        assert_eq!(render(&c, &items(), Qr::Signed { text: &text, fingerprint: &fp }).unwrap(), pdf, "reproducible");
        let two = render(&CertContent { layout: 2, ..content() }, &items(), Qr::Signed { text: &text, fingerprint: &fp }).unwrap();
        assert_ne!(pdf, two, "layout 3 draws another annex");
        let words = pdf_text(&pdf);
        let squeezed: String = words.split_whitespace().collect();
        for expected in ["A001-2025-0001", "年度工作通知", &sha256(b"1").to_hex(), &sm3(b"2").to_hex(), "SHA-256"] {
            assert!(squeezed.contains(expected), "{expected} missing from: {words}");
        }
        for command in ["openssl", "sha256sum", "dengji "] {
            assert!(!words.to_lowercase().contains(command), "layout 3 prints the command {command}: {words}");
        }
        // Layouts 1 and 2 print what they printed: their annex note names the commands.
        assert!(pdf_text(&two).contains("openssl dgst -sm3"));
    }

    #[test]
    fn an_unknown_layout_or_a_qr_of_the_other_layout_is_refused() {
        let c = CertContent { layout: LAYOUT + 1, ..content() };
        assert!(matches!(render(&c, &items(), Qr::Unsigned), Err(Error::CertRender(_))));
        let fp = sm3(b"k");
        assert!(matches!(render(&content(), &items(), Qr::Signed { text: "DJC2|x", fingerprint: &fp }), Err(Error::CertRender(_))));
        let c2 = CertContent { layout: 2, ..content() };
        assert!(matches!(render(&c2, &items(), Qr::Unsigned), Err(Error::CertRender(_))));
    }

    #[test]
    fn layout_2_prints_the_signed_statement_and_the_key_fingerprint() {
        let c = CertContent { layout: 2, ..content() };
        let fp = sm3(b"k");
        let text = format!("DJC2|330102-2026-Z000001|x|SIG={}", "A".repeat(96));
        let pdf = render(&c, &items(), Qr::Signed { text: &text, fingerprint: &fp }).unwrap();
        assert_eq!(render(&c, &items(), Qr::Signed { text: &text, fingerprint: &fp }).unwrap(), pdf, "reproducible");
        assert_ne!(pdf, render(&content(), &items(), Qr::Unsigned).unwrap());
    }
}
