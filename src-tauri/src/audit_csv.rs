//! The audit trail as a CSV file for Excel: UTF-8 with a byte-order mark (so Excel reads
//! the Chinese correctly), one row per ledger entry, times in China Standard Time. Text
//! cells that start like a formula are written as text (`spreadsheet::cell_text`).

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use dengji_core::ledger::Entry;
use dengji_core::spreadsheet::cell_text;

use crate::error::IpcResult;
use crate::save_path;

const HEADER: [&str; 8] = ["序号", "时间", "操作人", "操作", "对象", "内容", "内容 SHA-256", "记录哈希"];

/// An absolute path to a `.csv` file picked in the save dialog.
pub fn target(path: &str) -> IpcResult<PathBuf> {
    save_path::target(path, "csv")
}

/// Writes the entries; returns how many rows were written.
pub fn write(path: &Path, entries: &[Entry]) -> IpcResult<usize> {
    let failed = |e: &dyn std::fmt::Display| save_path::write_failed(path, e);
    let mut file = BufWriter::new(File::create(path).map_err(|e| failed(&e))?);
    file.write_all("\u{feff}".as_bytes()).map_err(|e| failed(&e))?;
    let mut out = csv::Writer::from_writer(file);
    out.write_record(HEADER).map_err(|e| failed(&e))?;
    for e in entries {
        let row = [
            e.seq.to_string(),
            local_time(&e.at),
            cell_text(&e.operator).into_owned(),
            cell_text(&e.action).into_owned(),
            cell_text(&e.subject).into_owned(),
            cell_text(&e.payload).into_owned(),
            e.payload_sha256.to_hex(),
            e.entry_hash.to_hex(),
        ];
        out.write_record(&row).map_err(|e| failed(&e))?;
    }
    out.into_inner().map_err(|e| failed(&e))?.into_inner().map_err(|e| failed(e.error()))?.sync_all().map_err(|e| failed(&e))?;
    Ok(entries.len())
}

pub(crate) use dengji_core::local_text as local_time;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_absolute_csv_paths() {
        assert!(target("/tmp/审计.csv").is_ok());
        assert!(target("/tmp/a.CSV").is_ok());
        assert_eq!(target("a.csv").unwrap_err().code, "bad_request");
        assert_eq!(target("/tmp/a.txt").unwrap_err().code, "bad_request");
        assert_eq!(target("/tmp/csv").unwrap_err().code, "bad_request");
    }

    #[test]
    fn times_in_china_standard_time() {
        assert_eq!(local_time("2025-03-01T18:30:00Z"), "2025-03-02 02:30:00");
        assert_eq!(local_time("garbage"), "garbage");
    }
}
