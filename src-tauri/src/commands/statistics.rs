//! Statistics (统计) as of now, on screen or exported for the annual report (年报).

use chrono::Utc;
use tauri::State;

use crate::dto::Statistics;
use crate::error::IpcResult;
use crate::state::AppState;
use crate::stats_export;

#[tauri::command(async)]
pub fn statistics(state: State<'_, AppState>) -> IpcResult<Statistics> {
    state.with_archive(|a| a.statistics(Utc::now())).map(Into::into)
}

/// Writes the statistics as of now to `path` (an `.xlsx` or `.csv` file picked by the user
/// in the save dialog).
#[tauri::command(async)]
pub fn export_statistics(state: State<'_, AppState>, path: String) -> IpcResult<()> {
    let path = stats_export::target(&path)?;
    state.with_archive(|a| a.statistics(Utc::now())).and_then(|s| stats_export::write(&path, &s))?;
    state.record(dengji_core::AccessEvent::Export, "statistics", serde_json::json!({"out": path}))
}
