//! What a file's content is, read from the bytes the check read once: whether it opens
//! as its format says, encryption, page count, image header, program code and macros.
//! The rules (authenticity.rs … security.rs) turn these facts into findings.

use std::io::Read;

use serde::{Deserialize, Serialize};

use super::containers;
use super::images::{self, ImageInfo};

/// The facts of one file's content. Found in intake's read pass and kept with the item
/// (`items.inspection`, JSON), so the check at every intake reads nothing again.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub(crate) struct Facts {
    /// The format as the check identified it, when more precise than the catalog's (a
    /// ZIP that is an OOXML or OFD package).
    pub format: Option<String>,
    pub opens: Opens,
    /// How the content is encrypted or password protected.
    pub encrypted: Option<String>,
    /// Pages counted in the content (PDF, TIFF).
    pub pages: Option<u32>,
    pub image: Option<ImageInfo>,
    /// What kind of program the content is (from its first bytes).
    pub program: Option<String>,
    /// Where macros (VBA) were found.
    pub macros: Option<String>,
    /// Programs and scripts inside an archive, by entry name.
    pub packed_programs: Vec<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) enum Opens {
    #[default]
    Yes,
    /// The content does not parse as its format: why.
    No(String),
    /// Too large to inspect in memory: only its first bytes were looked at.
    NotInspected,
}

/// Inspects `bytes`, the whole content (`whole`) or only its first bytes, of a file the
/// catalog identified as `format`.
pub(crate) fn inspect(format: &str, bytes: &[u8], whole: bool) -> Facts {
    let mut facts = Facts { program: program_magic(bytes).map(str::to_string), ..Facts::default() };
    if !whole {
        facts.opens = Opens::NotInspected;
        return facts;
    }
    match format {
        "PDF" => pdf(bytes, &mut facts),
        "DOCX" | "XLSX" | "PPTX" | "ZIP" | "OFD" => containers::zip(format, bytes, &mut facts),
        "OLE" => containers::ole(bytes, &mut facts),
        _ => {}
    }
    if let Some(header) = images::header(format, bytes) {
        match header {
            Ok(h) => {
                facts.pages = Some(h.pages).filter(|_| format == "TIFF");
                facts.image = Some(h);
            }
            Err(why) => facts.opens = Opens::No(why),
        }
    }
    facts
}

fn pdf(bytes: &[u8], facts: &mut Facts) {
    let meta = match lopdf::Document::load_metadata_mem(bytes) {
        Ok(m) => m,
        Err(e) => {
            facts.opens = Opens::No(format!("PDF 无法解析：{e}"));
            return;
        }
    };
    if meta.encrypted {
        // With an empty user password lopdf still counts the pages (an owner password
        // only restricts printing or copying); otherwise it cannot see inside at all.
        facts.encrypted = Some(
            if meta.page_count > 0 {
                "PDF 已加密（设有权限密码，限制打印、复制等）"
            } else {
                "PDF 已加密，需要密码才能打开"
            }
            .into(),
        );
        if meta.page_count > 0 {
            facts.pages = Some(meta.page_count);
        }
        return;
    }
    match lopdf::Document::load_mem(bytes) {
        Ok(doc) => facts.pages = Some(doc.get_pages().len() as u32),
        Err(e) => facts.opens = Opens::No(format!("PDF 无法解析：{e}")),
    }
}

/// The kind of program a file is, by its first bytes: ELF, PE, Mach-O, or a script with
/// a `#!` line.
fn program_magic(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(b"\x7fELF") {
        return Some("可执行程序（ELF，Linux/Unix）");
    }
    if bytes.starts_with(b"MZ") && is_pe(bytes) {
        return Some("可执行程序（Windows PE：exe、dll、scr 等）");
    }
    let magic = bytes.get(..4).map(|m| u32::from_be_bytes(m.try_into().expect("4 bytes")));
    if matches!(magic, Some(0xFEED_FACE | 0xFEED_FACF | 0xCEFA_EDFE | 0xCFFA_EDFE)) {
        return Some("可执行程序（Mach-O，macOS）");
    }
    if bytes.starts_with(b"#!") {
        return Some("脚本（以 #! 开头）");
    }
    None
}

/// A DOS header whose `e_lfanew` points at a `PE\0\0` signature. A bare `MZ` (some text
/// files start so) is not taken for a program.
fn is_pe(bytes: &[u8]) -> bool {
    let Some(off) = bytes.get(0x3C..0x40).map(|b| u32::from_le_bytes(b.try_into().expect("4 bytes")) as usize) else {
        return false;
    };
    bytes.get(off..off + 4) == Some(b"PE\0\0")
}

/// Reads at most `limit` bytes of a reader (a zip entry or OLE stream).
pub(crate) fn read_prefix(r: impl Read, limit: u64) -> std::io::Result<Vec<u8>> {
    let mut out = Vec::new();
    r.take(limit).read_to_end(&mut out)?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn program_headers_and_look_alikes() {
        assert!(program_magic(b"\x7fELF\x02\x01\x01").is_some());
        let mut pe = vec![0u8; 0x90];
        pe[..2].copy_from_slice(b"MZ");
        pe[0x3C] = 0x80;
        pe[0x80..0x84].copy_from_slice(b"PE\0\0");
        assert!(program_magic(&pe).unwrap().contains("PE"));
        assert_eq!(program_magic(b"MZ is how this letter starts"), None);
        assert!(program_magic(&[0xCF, 0xFA, 0xED, 0xFE, 7, 0, 0, 1]).unwrap().contains("Mach-O"));
        assert!(program_magic(b"#!/bin/sh\nrm -rf /\n").unwrap().contains("脚本"));
        assert_eq!(program_magic(b"%PDF-1.7"), None);
    }

    #[test]
    fn a_broken_pdf_does_not_open() {
        let facts = inspect("PDF", b"%PDF-1.4\nthis is not a pdf body\n", true);
        assert!(matches!(facts.opens, Opens::No(_)), "{facts:?}");
        let head_only = inspect("PDF", b"%PDF-1.4\n", false);
        assert_eq!(head_only.opens, Opens::NotInspected);
    }
}
