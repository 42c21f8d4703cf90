//! The audit trail as a CSV file for Excel: UTF-8 with a byte-order mark (so Excel reads
//! the Chinese correctly), one row per ledger entry, times in China Standard Time. Text
//! cells that start like a formula are written as text (`spreadsheet::cell_text`).

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use dengji_core::ledger::Entry;
use dengji_core::spreadsheet::cell_text;
use dengji_core::{CancelToken, JobProgress, Phase, Progress};

use crate::error::IpcResult;
use crate::save_path;

const HEADER: [&str; 8] = ["序号", "时间", "操作人", "操作", "对象", "内容", "内容 SHA-256", "记录哈希"];

/// An absolute path to a `.csv` file picked in the save dialog.
pub fn target(path: &str) -> IpcResult<PathBuf> {
    save_path::target(path, "csv")
}

/// Writes the entries, reporting rows written; returns how many. Cancelled, it stops and
/// removes the partial file.
pub fn write_watched(path: &Path, entries: &[Entry], progress: &dyn Progress, cancel: &CancelToken) -> dengji_core::Result<usize> {
    let failed = |e: std::io::Error| dengji_core::Error::Io { path: path.to_path_buf(), source: e };
    let written = write_rows(path, entries, progress, cancel).map_err(failed)?;
    if !written {
        let _ = std::fs::remove_file(path);
        return Err(dengji_core::Error::ExportCancelled);
    }
    Ok(entries.len())
}

/// Returns false when cancelled.
fn write_rows(path: &Path, entries: &[Entry], progress: &dyn Progress, cancel: &CancelToken) -> std::io::Result<bool> {
    let started = std::time::Instant::now();
    let report = |done: usize| progress.report(&JobProgress::steps(Phase::Hashing, done, entries.len(), started));
    if cancel.is_cancelled() {
        return Ok(false);
    }
    let mut file = BufWriter::new(File::create(path)?);
    file.write_all("\u{feff}".as_bytes())?;
    let mut out = csv::Writer::from_writer(file);
    out.write_record(HEADER)?;
    for (n, e) in entries.iter().enumerate() {
        if n % 1000 == 0 {
            if cancel.is_cancelled() {
                return Ok(false);
            }
            report(n);
        }
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
        out.write_record(&row)?;
    }
    out.into_inner().map_err(|e| std::io::Error::other(e.to_string()))?.into_inner().map_err(|e| e.into_error())?.sync_all()?;
    report(entries.len());
    Ok(true)
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
    fn a_cancelled_export_leaves_no_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("审计.csv");
        let cancel = CancelToken::new();
        cancel.cancel();
        let refused = write_watched(&path, &[], &dengji_core::NoProgress, &cancel).unwrap_err();
        assert_eq!(refused.code(), "export_cancelled");
        assert!(!path.exists());
        assert_eq!(write_watched(&path, &[], &dengji_core::NoProgress, &CancelToken::new()).unwrap(), 0);
        assert!(std::fs::read_to_string(&path).unwrap().starts_with("\u{feff}序号"));
    }

    #[test]
    fn times_in_china_standard_time() {
        assert_eq!(local_time("2025-03-01T18:30:00Z"), "2025-03-02 02:30:00");
        assert_eq!(local_time("garbage"), "garbage");
    }
}
