//! Where the app writes a file the user asked for: only a path picked in the save dialog.

use std::path::{Path, PathBuf};

use crate::error::{IpcError, IpcResult};

/// The webview only names a file the user picked in the save dialog; still, accept only
/// an absolute path with the expected extension (`csv`, `pdf`, …).
pub fn target(path: &str, extension: &str) -> IpcResult<PathBuf> {
    let p = PathBuf::from(path);
    let matches = p.extension().and_then(|e| e.to_str()).is_some_and(|e| e.eq_ignore_ascii_case(extension));
    if !p.is_absolute() || !matches {
        return Err(IpcError::bad_request(format!("保存路径 “{path}” 无效：请在保存对话框中选择一个 .{extension} 文件。")));
    }
    Ok(p)
}

/// The error for a failed write to `path`.
pub fn write_failed(path: &Path, e: &dyn std::fmt::Display) -> IpcError {
    IpcError::worded(dengji_core::ErrorCode::Io, format!("写入 {} 失败：{e}", path.display()))
}

/// Writes `bytes` to `path` and flushes them to disk.
pub fn write(path: &Path, bytes: &[u8]) -> IpcResult<()> {
    let failed = |e: &dyn std::fmt::Display| write_failed(path, e);
    let file = std::fs::File::create(path).map_err(|e| failed(&e))?;
    std::io::Write::write_all(&mut &file, bytes).map_err(|e| failed(&e))?;
    file.sync_all().map_err(|e| failed(&e))
}
