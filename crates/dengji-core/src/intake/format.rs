//! Format identification from the first bytes of a file (and its name, for text formats
//! that have no magic number).

/// Formats an archive cares about; the label is what the catalog stores.
pub fn detect(head: &[u8], file_name: &str) -> &'static str {
    let lower = file_name.to_lowercase();
    if head.is_empty() {
        return "EMPTY";
    }
    if is_zip(head) && contains(head, b"OFD.xml") {
        return "OFD";
    }
    if let Some(kind) = infer::get(head) {
        let label = match kind.mime_type() {
            "application/pdf" => "PDF",
            "image/tiff" => "TIFF",
            "image/jpeg" => "JPEG",
            "image/jp2" | "image/jpx" | "image/jpm" => "JPEG2000",
            "image/png" => "PNG",
            "image/gif" => "GIF",
            "image/bmp" => "BMP",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document" => "DOCX",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" => "XLSX",
            "application/vnd.openxmlformats-officedocument.presentationml.presentation" => "PPTX",
            "application/msword" | "application/vnd.ms-excel" | "application/vnd.ms-powerpoint" | "application/x-ole-storage" => "OLE",
            "application/zip" => "ZIP",
            "application/x-7z-compressed" => "7Z",
            "application/vnd.rar" | "application/x-rar-compressed" => "RAR",
            "application/gzip" => "GZIP",
            "application/x-tar" => "TAR",
            "application/x-executable" | "application/vnd.microsoft.portable-executable" | "application/x-msdownload" => "EXECUTABLE",
            "audio/mpeg" => "MP3",
            "video/mp4" => "MP4",
            "application/xml" | "text/xml" => "XML",
            "application/x-sqlite3" | "application/vnd.sqlite3" => "SQLITE",
            _ => "OTHER",
        };
        if label != "OTHER" {
            return label;
        }
    }
    if is_zip(head) {
        return "ZIP";
    }
    if looks_like_text(head) {
        if lower.ends_with(".sql") || looks_like_sql_dump(head) {
            return "SQL";
        }
        if lower.ends_with(".csv") {
            return "CSV";
        }
        if lower.ends_with(".xml") || head.trim_ascii_start().starts_with(b"<?xml") {
            return "XML";
        }
        return "TEXT";
    }
    "UNKNOWN"
}

fn is_zip(head: &[u8]) -> bool {
    head.starts_with(b"PK\x03\x04")
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

fn looks_like_text(head: &[u8]) -> bool {
    let sample = &head[..head.len().min(8192)];
    if sample.contains(&0) {
        return false;
    }
    // UTF-8 (possibly cut mid-character at the end) or GB18030-ish high bytes: accept.
    let valid_upto = match std::str::from_utf8(sample) {
        Ok(_) => sample.len(),
        Err(e) => e.valid_up_to(),
    };
    valid_upto + 4 >= sample.len() || sample.iter().filter(|b| b.is_ascii_control() && !b.is_ascii_whitespace()).count() == 0
}

fn looks_like_sql_dump(head: &[u8]) -> bool {
    let text = String::from_utf8_lossy(&head[..head.len().min(8192)]).to_ascii_uppercase();
    text.starts_with("-- MYSQL DUMP")
        || text.contains("-- POSTGRESQL DATABASE DUMP")
        || text.contains("CREATE TABLE") && text.contains("INSERT INTO")
}

/// Page count of a PDF in the vault; None when it cannot be parsed (the four-property
/// check reports unreadable PDFs) or is too large to parse cheaply during intake.
pub fn pdf_pages(path: &std::path::Path, size: u64) -> Option<i64> {
    const MAX_PARSE: u64 = 128 << 20;
    if size > MAX_PARSE {
        return None;
    }
    lopdf::Document::load_metadata(path).ok().map(|m| m.page_count as i64)
}

#[cfg(test)]
mod tests {
    use super::detect;

    #[test]
    fn magic_numbers() {
        assert_eq!(detect(b"%PDF-1.7\n...", "a.bin"), "PDF");
        assert_eq!(detect(b"II*\0\x08\0\0\0\x10\0\xfe\0\x04\0", "x"), "TIFF");
        assert_eq!(detect(b"\xFF\xD8\xFF\xE0\0\x10JFIF", "x"), "JPEG");
        assert_eq!(detect(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR", "x"), "PNG");
        assert_eq!(detect(b"PK\x03\x04\x14\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\x07\0\0\0OFD.xml<ofd>", "x.ofd"), "OFD");
        assert_eq!(detect(b"-- MySQL dump 10.13\nCREATE TABLE t (a int);", "dump.sql"), "SQL");
        assert_eq!(detect("姓名,年龄\n张三,30\n".as_bytes(), "名册.csv"), "CSV");
        assert_eq!(detect(b"", "empty.txt"), "EMPTY");
    }
}
