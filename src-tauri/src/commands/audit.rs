//! The audit trail (操作日志): filtered ledger entries, on screen or as a CSV file.

use dengji_core::AccessEvent;
use tauri::ipc::Channel;
use tauri::State;

use crate::audit_csv;
use crate::commands::jobs::run_job;
use crate::dto::{AuditFilter, JobEvent, LedgerEntry};
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

/// Writes the filtered entries to `path` (picked by the user in the save dialog) as a job
/// (a ledger of millions of entries takes a while); returns how many rows were written.
/// Cancelled, no file is left behind.
#[tauri::command]
pub async fn start_export_audit_csv(
    state: State<'_, AppState>,
    job_id: String,
    filter: AuditFilter,
    path: String,
    on_progress: Channel<JobEvent>,
) -> IpcResult<usize> {
    let (path, filter) = (audit_csv::target(&path)?, filter.try_into()?);
    let out = path.clone();
    let rows = run_job(&state, &job_id, on_progress, move |a, _, p, c| {
        let entries = a.audit(&filter)?;
        audit_csv::write_watched(&out, &entries, p, c)
    })
    .await?;
    state.record(AccessEvent::Export, "audit", serde_json::json!({"out": path, "rows": rows}))?;
    Ok(rows)
}
