//! Statistics (统计) as of now, on screen or exported for the annual report (年报).

use chrono::Utc;
use tauri::State;

use crate::dto::Statistics;
use crate::error::IpcResult;
use crate::state::AppState;
use crate::stats_export;

/// This archive's statistics, or (`with_lower`) summed with its lower archives' as last
/// reported.
#[tauri::command(async)]
pub fn statistics(state: State<'_, AppState>, with_lower: bool) -> IpcResult<Statistics> {
    let (s, lower) =
        state.with_archive(|a| Ok((figures(a, with_lower)?, a.lower_archives()?.iter().filter(|l| l.last.is_some()).count())))?;
    Ok(Statistics { lower_archives: lower, ..s.into() })
}

/// Writes the statistics as of now to `path` (an `.xlsx` or `.csv` file picked by the user
/// in the save dialog), summed over the lower archives when `with_lower`.
#[tauri::command(async)]
pub fn export_statistics(state: State<'_, AppState>, path: String, with_lower: bool) -> IpcResult<()> {
    let path = stats_export::target(&path)?;
    state.with_archive(|a| figures(a, with_lower)).and_then(|s| stats_export::write(&path, &s))?;
    let mut detail = serde_json::json!({"out": path});
    if with_lower {
        detail["with_lower"] = true.into();
    }
    state.record(dengji_core::AccessEvent::Export, "statistics", detail)
}

fn figures(a: &dengji_core::Archive, with_lower: bool) -> dengji_core::Result<dengji_core::Statistics> {
    if with_lower {
        a.combined_statistics(Utc::now())
    } else {
        a.statistics(Utc::now())
    }
}
