//! Usability (可用性): each file is in an identified format fit for long-term keeping,
//! actually opens as that format, and is not encrypted or password protected. Paper
//! scans also follow DA/T 31-2017: TIFF, JPEG or JPEG 2000 images (PDF and OFD accepted
//! as delivery formats) scanned at 200 dpi or more (300 expected for small or dense text).

use super::inspect::{Facts, Opens};
use super::{is_checksum_file, CheckFinding, Property, Severity};
use crate::registrations::{Item, RecordKind};

fn finding(rule: &'static str, severity: Severity, item: &Item, message: String) -> CheckFinding {
    CheckFinding::new(Property::Usability, rule, severity, Some(&item.path), message)
}

/// Formats accepted for long-term keeping (the catalog's format labels): layout documents
/// (PDF, OFD per GB/T 33190), office documents in their open XML form, still images,
/// plain text and data exports, audio and video.
pub const ACCEPTED_FORMATS: &[&str] =
    &["PDF", "OFD", "TIFF", "JPEG", "JPEG2000", "PNG", "DOCX", "XLSX", "PPTX", "TEXT", "CSV", "XML", "SQL", "SQLITE", "MP3", "MP4"];

/// Identified formats that are kept but should be converted or unpacked, and why.
const DISCOURAGED: &[(&str, &str)] = &[
    ("OLE", "旧版 Office 格式（doc/xls/ppt）不宜长期保存，建议转为 PDF、OFD 或 docx/xlsx"),
    ("ZIP", "压缩包中的文件无法逐件检测，建议解压后移交"),
    ("7Z", "压缩包中的文件无法逐件检测，建议解压后移交"),
    ("RAR", "RAR 为专有压缩格式，建议解压后移交"),
    ("GZIP", "压缩文件中的内容无法逐件检测，建议解压后移交"),
    ("TAR", "归档包中的文件无法逐件检测，建议解开后移交"),
    ("GIF", "GIF 不是长期保存的图像格式，建议转为 TIFF、JPEG 或 PNG"),
    ("BMP", "BMP 不是长期保存的图像格式，建议转为 TIFF 或 PNG"),
];

/// DA/T 31-2017 long-term image formats, and the delivery formats accepted beside them.
const SCAN_FORMATS: &[&str] = &["TIFF", "JPEG", "JPEG2000"];
const SCAN_DELIVERY: &[&str] = &["PDF", "OFD"];

/// DA/T 31-2017: at least 200 dpi; 300 dpi for small or dense text.
const MIN_DPI: f64 = 200.0;
const EXPECTED_DPI: f64 = 300.0;

pub(super) fn file(kind: RecordKind, item: &Item, facts: &Facts, out: &mut Vec<CheckFinding>) {
    // An encrypted OOXML package is an OLE container hiding its real format; the
    // encryption is the finding, not the container.
    let format_hidden = item.format == "OLE" && facts.encrypted.is_some();
    // A program's format is the security rule's business.
    if !format_hidden && facts.program.is_none() {
        format(kind, item, facts.format.as_deref().unwrap_or(&item.format), out);
    }
    match &facts.opens {
        Opens::Yes => {}
        Opens::No(why) => out.push(finding("usability.unreadable", Severity::Error, item, format!("文件无法正常打开：{why}"))),
        Opens::NotInspected => out.push(finding(
            "usability.not_inspected",
            Severity::Info,
            item,
            "文件较大（接收时超过 64 MB，四性检测时超过 256 MB），只核对了摘要和文件头，未逐一检查内部结构。".into(),
        )),
    }
    if let Some(how) = &facts.encrypted {
        out.push(finding(
            "usability.encrypted",
            Severity::Error,
            item,
            format!("{how}：加密或设密码的文件在长期保存中可能无法打开，请移交未加密的版本。"),
        ));
    }
    if kind == RecordKind::PaperScan {
        resolution(item, facts, out);
    }
}

fn format(kind: RecordKind, item: &Item, f: &str, out: &mut Vec<CheckFinding>) {
    // Empty files and programs have their own rules (integrity, security).
    if matches!(f, "EMPTY" | "EXECUTABLE") || is_checksum_file(item) {
        return;
    }
    if matches!(f, "UNKNOWN" | "OTHER") {
        out.push(finding(
            "usability.format_unknown",
            Severity::Error,
            item,
            "无法识别文件格式：无法确认能否长期读取，请移交通用格式的文件。".into(),
        ));
        return;
    }
    if kind == RecordKind::PaperScan {
        if !SCAN_FORMATS.contains(&f) && !SCAN_DELIVERY.contains(&f) {
            out.push(finding(
                "usability.scan_format",
                Severity::Warning,
                item,
                format!("纸质档案数字化副本应为 TIFF、JPEG 或 JPEG 2000 图像（PDF、OFD 可作为交付格式），此文件为 {f}（DA/T 31-2017）。"),
            ));
        }
        return;
    }
    if let Some((_, why)) = DISCOURAGED.iter().find(|(d, _)| *d == f) {
        out.push(finding("usability.format_not_accepted", Severity::Warning, item, format!("{f}：{why}。")));
    } else if !ACCEPTED_FORMATS.contains(&f) {
        out.push(finding("usability.format_not_accepted", Severity::Warning, item, format!("{f} 不在长期保存格式清单中。")));
    }
}

fn resolution(item: &Item, facts: &Facts, out: &mut Vec<CheckFinding>) {
    let Some(image) = &facts.image else { return };
    let Some(dpi) = image.dpi else {
        out.push(finding(
            "usability.scan_resolution_missing",
            Severity::Warning,
            item,
            "图像未记录扫描分辨率，无法确认是否达到 200 dpi（DA/T 31-2017）。".into(),
        ));
        return;
    };
    let least = dpi.least();
    let shown = if dpi.x == dpi.y { format!("{} dpi", dpi.x) } else { format!("{}×{} dpi", dpi.x, dpi.y) };
    if least < MIN_DPI {
        out.push(finding(
            "usability.scan_resolution",
            Severity::Error,
            item,
            format!("扫描分辨率 {shown}，低于 DA/T 31-2017 要求的 200 dpi：请重新扫描。"),
        ));
    } else if least < EXPECTED_DPI {
        out.push(finding(
            "usability.scan_resolution",
            Severity::Warning,
            item,
            format!("扫描分辨率 {shown}：达到 200 dpi，但字小或字迹密集的页面应为 300 dpi（DA/T 31-2017），请核对。"),
        ));
    }
}
