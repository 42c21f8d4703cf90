//! Printing helpers shared by the commands.

use chrono::{DateTime, Utc};
use serde::Serialize;

pub fn json<T: Serialize + ?Sized>(value: &T) {
    println!("{}", serde_json::to_string_pretty(value).expect("serialisable"));
}

/// An error as `{"error":{"code":…,"message":…,"hint":…}}` on stderr, for `--json` callers.
pub fn json_error(code: &str, message: &str, hint: Option<&str>) {
    let mut error = serde_json::json!({"code": code, "message": message});
    if let Some(h) = hint {
        error["hint"] = h.into();
    }
    eprintln!("{}", serde_json::json!({ "error": error }));
}

/// Human sizes as clerks write them (1 KB = 1024 B).
pub fn size(bytes: i64) -> String {
    let b = bytes as f64;
    match bytes {
        n if n < 1024 => format!("{n} B"),
        n if n < 1 << 20 => format!("{:.1} KB", b / 1024.0),
        n if n < 1 << 30 => format!("{:.1} MB", b / 1048576.0),
        _ => format!("{:.3} GB", b / 1073741824.0),
    }
}

pub fn is_terminal() -> bool {
    use std::io::IsTerminal;
    std::io::stderr().is_terminal()
}

/// A time as clerks read it: China time, `2026-11-25 14:03:00`.
pub fn local_time(t: &DateTime<Utc>) -> String {
    dengji_core::local(*t)
}

/// A medium's last verification as a clerk reads it.
pub fn last_check(at: Option<&DateTime<Utc>>, result: Option<&str>) -> String {
    match (at, result) {
        (Some(at), Some("ok")) => format!("{} 核验通过", local_time(at)),
        (Some(at), _) => format!("{} 核验发现问题", local_time(at)),
        (None, _) => "尚未核验".into(),
    }
}

/// Writes a whole file or nothing: a hidden `.partial` beside it, synced, then renamed,
/// so an interrupted write never leaves a truncated PDF or settings file behind.
/// Writes a report's PDF and, when the archive key signed it, the signature beside it
/// (`<name>.sig`), each whole or absent; returns the signature's path.
pub fn write_signed(out: &std::path::Path, pdf: &[u8], sig: Option<&[u8]>) -> dengji_core::Result<Option<std::path::PathBuf>> {
    let written = |path: &std::path::Path, bytes: &[u8]| {
        write_atomic(path, bytes).map_err(|source| dengji_core::Error::Io { path: path.to_path_buf(), source })
    };
    written(out, pdf)?;
    let Some(sig) = sig else { return Ok(None) };
    let path = dengji_core::cert::signature_path(out);
    written(&path, sig)?;
    Ok(Some(path))
}

pub fn write_atomic(path: &std::path::Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let tmp = path.with_file_name(format!(".{name}.partial"));
    let mut f = std::fs::File::create(&tmp)?;
    f.write_all(bytes)?;
    f.sync_all()?;
    drop(f);
    std::fs::rename(&tmp, path)
}
