//! Container formats: ZIP and the formats built on it (OOXML docx/xlsx/pptx, OFD), and
//! OLE compound files (legacy doc/xls/ppt, and OOXML once encrypted). Whether they open,
//! encrypted entries or streams, macros (VBA) and programs packed inside.

use std::io::{Cursor, Read, Seek};

use super::inspect::{read_prefix, Facts, Opens};
use super::security::program_extension;

/// A ZIP-based file: its central directory is read and each entry's name and flags looked
/// at. A plain ZIP that holds an OOXML or OFD package is named as such (`Facts::format`).
pub(crate) fn zip(format: &str, bytes: &[u8], facts: &mut Facts) {
    let mut archive = match zip::ZipArchive::new(Cursor::new(bytes)) {
        Ok(a) => a,
        Err(e) => {
            facts.opens = Opens::No(format!("{}无法打开：{e}", container(format)));
            return;
        }
    };
    let names: Vec<String> = archive.file_names().map(str::to_string).collect();
    let has = |n: &str| names.iter().any(|x| x == n);
    let under = |dir: &str| names.iter().any(|x| x.starts_with(dir));
    let package = if has("OFD.xml") {
        "OFD"
    } else if has("[Content_Types].xml") && under("word/") {
        "DOCX"
    } else if has("[Content_Types].xml") && under("xl/") {
        "XLSX"
    } else if has("[Content_Types].xml") && under("ppt/") {
        "PPTX"
    } else {
        "ZIP"
    };
    if format == "ZIP" && package != "ZIP" {
        facts.format = Some(package.to_string());
    } else if format != "ZIP" && package != format {
        let needed = if format == "OFD" { "OFD.xml" } else { "[Content_Types].xml 和正文部件" };
        facts.opens = Opens::No(format!("{}中缺少 {needed}，不是完整的 {format} 文件", container(format)));
    }
    let mut encrypted = Vec::new();
    for i in 0..archive.len() {
        let entry = match archive.by_index_raw(i) {
            Ok(e) => e,
            Err(e) => {
                facts.opens = Opens::No(format!("{}的第 {} 个条目无法读取：{e}", container(format), i + 1));
                return;
            }
        };
        let name = entry.name().to_string();
        if entry.encrypted() {
            encrypted.push(name.clone());
        }
        if name.rsplit('/').next().is_some_and(|n| n.eq_ignore_ascii_case("vbaProject.bin")) {
            facts.macros = Some(format!("含 VBA 宏工程 {name}"));
        }
        if package == "ZIP" && !entry.is_dir() && program_extension(&name).is_some() {
            facts.packed_programs.push(name);
        }
    }
    if !encrypted.is_empty() {
        let shown: Vec<&str> = encrypted.iter().take(3).map(String::as_str).collect();
        let more = if encrypted.len() > 3 { format!(" 等 {} 个", encrypted.len()) } else { String::new() };
        facts.encrypted = Some(format!("{}中的条目已加密（需要密码）：{}{more}", container(format), shown.join("、")));
    }
}

fn container(format: &str) -> String {
    match format {
        "ZIP" => "压缩包（ZIP）".into(),
        other => format!("{other} 文件（ZIP 容器）"),
    }
}

/// An OLE compound file: encrypted OOXML (`EncryptedPackage`), VBA storages, and the
/// encryption flags of Word 97–2003 (FIB `fEncrypted`) and Excel 97–2003 (a `FILEPASS`
/// record in the workbook globals).
pub(crate) fn ole(bytes: &[u8], facts: &mut Facts) {
    let mut file = match cfb::CompoundFile::open(Cursor::new(bytes)) {
        Ok(f) => f,
        Err(e) => {
            facts.opens = Opens::No(format!("OLE 复合文档（doc/xls/ppt 等）无法打开：{e}"));
            return;
        }
    };
    let mut streams = Vec::new();
    for entry in file.walk() {
        let name = entry.name();
        if matches!(name, "EncryptedPackage" | "EncryptionInfo") {
            facts.encrypted = Some("Office 文档已加密，需要密码才能打开".into());
        }
        if matches!(name, "Macros" | "_VBA_PROJECT_CUR" | "VBA" | "_VBA_PROJECT") && facts.macros.is_none() {
            facts.macros = Some(format!("含 VBA 宏（{}）", entry.path().display()));
        }
        if entry.is_stream() && matches!(name, "WordDocument" | "Workbook" | "Book") && entry.path().parent() == Some("/".as_ref()) {
            streams.push(name.to_string());
        }
    }
    for name in streams {
        let head = match file.open_stream(format!("/{name}")).and_then(|s| read_prefix(s, 64 << 10)) {
            Ok(h) => h,
            Err(e) => {
                facts.opens = Opens::No(format!("OLE 复合文档的 {name} 流无法读取：{e}"));
                return;
            }
        };
        let locked = if name == "WordDocument" { word_encrypted(&head) } else { excel_encrypted(&head) };
        if locked && facts.encrypted.is_none() {
            facts.encrypted = Some(format!("{} 文档已设置打开密码", if name == "WordDocument" { "Word" } else { "Excel" }));
        }
    }
}

/// Word 97–2003: bit `fEncrypted` (0x0100) of the FIB flags at offset 0x0A ([MS-DOC] 2.5.2).
fn word_encrypted(fib: &[u8]) -> bool {
    fib.get(0x0A..0x0C).is_some_and(|f| u16::from_le_bytes([f[0], f[1]]) & 0x0100 != 0)
}

/// Excel 97–2003: a FILEPASS record (0x002F) among the records of the first substream,
/// which ends with EOF (0x000A) ([MS-XLS] 2.4.117).
fn excel_encrypted(stream: &[u8]) -> bool {
    let mut r = Cursor::new(stream);
    let mut header = [0u8; 4];
    while r.read_exact(&mut header).is_ok() {
        let kind = u16::from_le_bytes([header[0], header[1]]);
        let len = u16::from_le_bytes([header[2], header[3]]) as i64;
        match kind {
            0x002F => return true,
            0x000A => return false,
            _ => {
                if r.seek(std::io::SeekFrom::Current(len)).is_err() {
                    return false;
                }
            }
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_and_excel_password_flags() {
        let mut fib = vec![0u8; 32];
        assert!(!word_encrypted(&fib));
        fib[0x0B] = 0x01;
        assert!(word_encrypted(&fib));
        // BOF (0x0809, 4 bytes), FILEPASS (0x002F), EOF.
        let xls = [0x09, 0x08, 4, 0, 0, 6, 5, 0, 0x2F, 0, 0, 0, 0x0A, 0, 0, 0];
        assert!(excel_encrypted(&xls));
        let plain = [0x09, 0x08, 4, 0, 0, 6, 5, 0, 0x0A, 0, 0, 0, 0x2F, 0, 0, 0];
        assert!(!excel_encrypted(&plain));
    }
}
