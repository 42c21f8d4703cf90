//! From a certificate's stored content and its files to PDF bytes, deterministically:
//! the same input gives the same bytes on every run and every machine (no clock, no
//! randomness: dates, the document /ID and the font's subset tag derive from the data).

use lopdf_printpdf::{Object, StringFormat};
use printpdf::{FontId, PdfDocument, PdfFont, PdfSaveOptions};

use super::draw::Sheet;
use super::model::{AnnexItem, CertContent};
use super::{annex, font, page_one};
use crate::digest::sha256;
use crate::error::{Error, Result};

/// The layout this code draws. A change to anything that alters the bytes of a PDF
/// (drawing, wording, font, printpdf) must come with a new version, keeping the old
/// rendering for the certificates issued with it: `cert print` must reproduce them.
pub const LAYOUT: i64 = 1;

/// Renders a certificate: page 1 the certificate, then the annex listing `items`.
pub fn render(c: &CertContent, items: &[AnnexItem]) -> Result<Vec<u8>> {
    if c.layout != LAYOUT {
        return Err(Error::CertRender(format!("证明 {} 使用版式 {}，本程序只能生成版式 {LAYOUT}", c.certificate_number, c.layout)));
    }
    let face = font::face()?;
    let identity = sha256(format!("dengji-certificate-v1|{}|{}|{}", c.certificate_number, c.registration_number, c.issued_at).as_bytes());
    // Six capitals: the resource name and the subset tag (`XXXXXX+NotoSerif…`) of the font.
    let font_id = FontId(identity.0[..6].iter().map(|b| char::from(b'A' + b % 26)).collect());

    let annex_pages = annex::paginate(face, items);
    let total = 1 + annex_pages.len();
    let mut pages = vec![page_one::draw(Sheet::new(face, &font_id), c, total)?];
    for (i, rows) in annex_pages.iter().enumerate() {
        pages.push(annex::draw(Sheet::new(face, &font_id), c, rows, i + 2, total));
    }

    let mut doc = PdfDocument::new(&format!("档案登记证明 {}", c.certificate_number));
    let info = &mut doc.metadata.info;
    let issued = pdf_time(&c.issued_at)?;
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
    lo.compress();
    let mut out = Vec::new();
    lo.save_to(&mut out).map_err(|e| Error::CertRender(format!("写出 PDF 失败：{e}")))?;
    Ok(out)
}

/// A stored RFC 3339 time as printpdf's date (UTC, which printpdf writes as +00'00').
fn pdf_time(stored: &str) -> Result<printpdf::OffsetDateTime> {
    use chrono::{Datelike, Timelike};
    let t = chrono::DateTime::parse_from_rfc3339(stored)
        .map_err(|_| Error::CertRender(format!("签发时间 “{stored}” 无效")))?
        .with_timezone(&chrono::Utc);
    Ok(printpdf::OffsetDateTime::new_in_offset(
        printpdf::date::Date { year: t.year(), month: t.month() as u8, day: t.day() as u8 },
        printpdf::date::Time { hour: t.hour() as u8, minute: t.minute() as u8, second: t.second() as u8, millisecond: 0 },
        printpdf::date::Offset { hours: 0, minutes: 0, seconds: 0, milliseconds: 0 },
    ))
}
