//! The audit trail (操作日志): filtered ledger entries, on screen or as a CSV file.

use dengji_core::AccessEvent;
use tauri::State;

use crate::audit_csv;
use crate::dto::{AuditFilter, LedgerEntry};
use crate::error::IpcResult;
use crate::state::AppState;

#[tauri::command(async)]
pub fn audit(state: State<'_, AppState>, filter: AuditFilter) -> IpcResult<Vec<LedgerEntry>> {
    let filter = filter.try_into()?;
    state.with_archive(|a| a.audit(&filter)).map(|entries| entries.into_iter().map(Into::into).collect())
}

/// The access log (sign-ins, locks, prints, verifications, exports); reviewers and admins.
#[tauri::command(async)]
pub fn access_log(state: State<'_, AppState>, filter: AuditFilter) -> IpcResult<Vec<LedgerEntry>> {
    let filter = filter.try_into()?;
    state.act(|a, s| a.access_log(&filter, s)).map(|entries| entries.into_iter().map(Into::into).collect())
}

/// Writes the filtered entries to `path` (picked by the user in the save dialog); returns
/// how many rows were written.
#[tauri::command(async)]
pub fn export_audit_csv(state: State<'_, AppState>, filter: AuditFilter, path: String) -> IpcResult<usize> {
    let (path, filter) = (audit_csv::target(&path)?, filter.try_into()?);
    let rows = state.with_archive(|a| a.audit(&filter)).and_then(|entries| audit_csv::write(&path, &entries))?;
    state.record(AccessEvent::Export, "audit", serde_json::json!({"out": path, "rows": rows}))?;
    Ok(rows)
}
