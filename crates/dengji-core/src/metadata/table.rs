//! A catalogue file as rows of text: CSV (UTF-8 with or without BOM, GB18030/GBK as
//! Chinese office software writes it, UTF-16 "Unicode text" from Excel; comma or tab)
//! or a spreadsheet (XLSX, XLS, ODS: the first sheet). Row numbers are as the clerk sees
//! them in a spreadsheet program: the header is usually row 1.

use std::path::Path;

use calamine::{open_workbook_auto, Data, Reader};

use crate::error::{Error, Result};

pub struct Table {
    /// `csv` or `xlsx` (any spreadsheet).
    pub format: &'static str,
    /// The text encoding of a CSV file.
    pub encoding: Option<&'static str>,
    pub header_row: usize,
    pub headers: Vec<String>,
    /// (row number, cells), empty rows left out.
    pub rows: Vec<(usize, Vec<String>)>,
}

fn unreadable(path: &Path, reason: impl Into<String>) -> Error {
    Error::CatalogueUnreadable { path: path.to_path_buf(), reason: reason.into() }
}

/// Catalogues are lists of files; a bigger file is not one (and is not read into memory).
const MAX_CATALOGUE_BYTES: u64 = 64 << 20;

pub fn read(path: &Path) -> Result<Table> {
    let size = std::fs::metadata(path).map_err(|e| unreadable(path, e.to_string()))?.len();
    if size > MAX_CATALOGUE_BYTES {
        return Err(unreadable(
            path,
            format!("文件有 {size} 字节，超过目录文件的上限 {MAX_CATALOGUE_BYTES} 字节：请确认选的是目录（文件清单）"),
        ));
    }
    let bytes = std::fs::read(path).map_err(|e| unreadable(path, e.to_string()))?;
    let ext = path.extension().map(|e| e.to_string_lossy().to_lowercase()).unwrap_or_default();
    let spreadsheet = matches!(ext.as_str(), "xlsx" | "xlsm" | "xls" | "ods")
        || bytes.starts_with(b"PK\x03\x04")
        || bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]);
    let (format, encoding, raw) = if spreadsheet { ("xlsx", None, read_sheet(path)?) } else { read_csv(path, &bytes)? };
    let mut rows = raw.into_iter().filter(|(_, cells)| cells.iter().any(|c| !c.trim().is_empty()));
    let Some((header_row, headers)) = rows.next() else { return Err(unreadable(path, "文件中没有任何内容")) };
    let headers = headers.into_iter().map(|h| h.trim().to_string()).collect();
    Ok(Table { format, encoding, header_row, headers, rows: rows.collect() })
}

/// Rows numbered as a spreadsheet program shows them.
type Rows = Vec<(usize, Vec<String>)>;

fn read_csv(path: &Path, bytes: &[u8]) -> Result<(&'static str, Option<&'static str>, Rows)> {
    let (text, encoding) =
        decode(bytes).ok_or_else(|| unreadable(path, "文字编码无法识别：请另存为 UTF-8 或 GB18030（GBK）编码的 CSV，或直接使用 XLSX"))?;
    let first = text.lines().next().unwrap_or_default();
    let delimiter = if first.matches('\t').count() > first.matches(',').count() { b'\t' } else { b',' };
    let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).delimiter(delimiter).from_reader(text.as_bytes());
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| unreadable(path, format!("CSV 格式错误：{e}")))?;
        // The reader counts LF only: a file with CR line ends (old Mac Excel) would put
        // every row on line 1. Rows never share a number.
        let last = rows.last().map(|(n, _)| *n).unwrap_or(0);
        let line = record.position().map(|p| p.line() as usize).unwrap_or(0).max(last + 1);
        rows.push((line, record.iter().map(str::to_string).collect()));
    }
    Ok(("csv", Some(encoding), rows))
}

/// The text of a CSV file and the encoding it was in.
pub fn decode(bytes: &[u8]) -> Option<(String, &'static str)> {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return std::str::from_utf8(rest).ok().map(|t| (t.to_string(), "UTF-8 (BOM)"));
    }
    if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        let (text, _, bad) = encoding_rs::UTF_16LE.decode(bytes); // the BOM picks LE or BE
        return (!bad).then(|| (text.into_owned(), "UTF-16"));
    }
    if let Ok(t) = std::str::from_utf8(bytes) {
        return Some((t.to_string(), "UTF-8"));
    }
    encoding_rs::GB18030.decode_without_bom_handling_and_without_replacement(bytes).map(|t| (t.into_owned(), "GB18030"))
}

fn read_sheet(path: &Path) -> Result<Rows> {
    let mut book = open_workbook_auto(path).map_err(|e| unreadable(path, format!("无法打开电子表格：{e}")))?;
    let range = match book.worksheet_range_at(0) {
        Some(Ok(r)) => r,
        Some(Err(e)) => return Err(unreadable(path, format!("无法读取第一个工作表：{e}"))),
        None => return Err(unreadable(path, "电子表格中没有工作表")),
    };
    let first_row = range.start().map(|(r, _)| r as usize).unwrap_or(0);
    Ok(range.rows().enumerate().map(|(i, cells)| (first_row + i + 1, cells.iter().map(cell_text).collect())).collect())
}

fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Empty | Data::Error(_) => String::new(),
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::Float(f) => f.to_string(),
        Data::Bool(b) => b.to_string(),
        Data::DateTime(d) => d.as_datetime().map(|t| t.format("%Y-%m-%d").to_string()).unwrap_or_else(|| d.as_f64().to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::{decode, read};
    use proptest::prelude::*;

    #[test]
    fn encodings_chinese_office_software_writes() {
        let text = "题名,文件名\n会议纪要,a.pdf\n";
        assert_eq!(decode(text.as_bytes()).unwrap(), (text.to_string(), "UTF-8"));
        let bom = [b"\xEF\xBB\xBF".as_slice(), text.as_bytes()].concat();
        assert_eq!(decode(&bom).unwrap().1, "UTF-8 (BOM)");
        let (gbk, _, _) = encoding_rs::GBK.encode(text);
        assert_eq!(decode(&gbk).unwrap(), (text.to_string(), "GB18030"));
        let utf16: Vec<u8> = [0xFF, 0xFE].into_iter().chain(text.encode_utf16().flat_map(|u| u.to_le_bytes())).collect();
        assert_eq!(decode(&utf16).unwrap(), (text.to_string(), "UTF-16"));
    }

    #[test]
    fn rows_of_a_file_with_cr_line_ends_are_numbered_apart() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("目录.csv");
        std::fs::write(&path, "文件名,题名\r001.pdf,一\r002.pdf,二\r").unwrap();
        let table = read(&path).unwrap();
        assert_eq!(table.header_row, 1);
        assert_eq!(table.rows.iter().map(|(n, _)| *n).collect::<Vec<_>>(), [2, 3]);
    }

    /// A cell as a clerk's catalogue holds them: Chinese, commas, quotes, line breaks,
    /// leading `=`; the first cell of a row never blank (blank rows are left out).
    fn row(width: usize) -> impl Strategy<Value = Vec<String>> {
        ("[a-z档案文书]{1,4}", proptest::collection::vec("[a-z档案文书,\"\n =+@-]{0,8}", width - 1))
            .prop_map(|(first, rest)| std::iter::once(first).chain(rest).collect())
    }

    fn csv_text(rows: &[Vec<String>]) -> String {
        let mut w = csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).from_writer(Vec::new());
        for r in rows {
            w.write_record(r).unwrap();
        }
        String::from_utf8(w.into_inner().unwrap()).unwrap()
    }

    proptest! {
        #![proptest_config(crate::prop::budget(64))]

        /// A catalogue written in any of the encodings Chinese office software uses reads
        /// back cell for cell.
        #[test]
        fn prop_csv_round_trips_in_every_encoding(rows in (2usize..5).prop_flat_map(|w| proptest::collection::vec(row(w), 1..8)), enc in 0usize..4) {
            let text = csv_text(&rows);
            let bytes = match enc {
                0 => text.clone().into_bytes(),
                1 => [b"\xEF\xBB\xBF".as_slice(), text.as_bytes()].concat(),
                2 => encoding_rs::GB18030.encode(&text).0.into_owned(),
                _ => [0xFF, 0xFE].into_iter().chain(text.encode_utf16().flat_map(u16::to_le_bytes)).collect(),
            };
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join("目录.csv");
            std::fs::write(&path, bytes).unwrap();
            let table = read(&path).unwrap();
            let headers: Vec<String> = rows[0].iter().map(|h| h.trim().to_string()).collect();
            prop_assert_eq!(table.headers, headers);
            let cells: Vec<Vec<String>> = table.rows.into_iter().map(|(_, c)| c).collect();
            prop_assert_eq!(cells, rows[1..].to_vec());
        }

        /// Any bytes under any catalogue name are a table or a clear error, never a panic.
        #[test]
        fn prop_any_bytes_read_as_a_table_or_refused(
            head in prop_oneof![Just(Vec::new()), Just(b"PK\x03\x04".to_vec()), Just(vec![0xD0, 0xCF, 0x11, 0xE0]), Just(vec![0xFF, 0xFE]), Just(b"\xEF\xBB\xBF".to_vec())],
            body in proptest::collection::vec(any::<u8>(), 0..600),
            ext in "(csv|txt|xlsx|xls|ods|)",
        ) {
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join(format!("目录.{ext}"));
            std::fs::write(&path, [head, body].concat()).unwrap();
            match read(&path) {
                Ok(t) => prop_assert!(t.rows.iter().all(|(n, _)| *n > t.header_row)),
                Err(e) => {
                    let named = matches!(e, crate::error::Error::CatalogueUnreadable { .. });
                    prop_assert!(named, "{e:?}");
                }
            }
        }
    }

    proptest! {
        #![proptest_config(crate::prop::budget(12))]

        #[test]
        fn prop_xlsx_round_trips(rows in (2usize..4).prop_flat_map(|w| proptest::collection::vec(row(w), 1..6))) {
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join("目录.xlsx");
            let mut book = rust_xlsxwriter::Workbook::new();
            let sheet = book.add_worksheet();
            for (r, cells) in rows.iter().enumerate() {
                for (c, v) in cells.iter().enumerate() {
                    sheet.write_string(r as u32, c as u16, v).unwrap();
                }
            }
            book.save(&path).unwrap();
            let table = read(&path).unwrap();
            // A sheet is as wide as its widest row: empty cells at a row's end are not told apart.
            let trimmed = |mut c: Vec<String>| {
                while c.last().is_some_and(String::is_empty) {
                    c.pop();
                }
                c
            };
            let cells: Vec<Vec<String>> = table.rows.into_iter().map(|(_, c)| trimmed(c)).collect();
            prop_assert_eq!(trimmed(table.headers), trimmed(rows[0].iter().map(|h| h.trim().to_string()).collect()));
            prop_assert_eq!(cells, rows[1..].iter().cloned().map(trimmed).collect::<Vec<_>>());
        }
    }
}
