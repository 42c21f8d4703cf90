//! Statistics (统计) as of now.

use chrono::Utc;
use tauri::State;

use crate::dto::Statistics;
use crate::error::IpcResult;
use crate::state::AppState;

#[tauri::command(async)]
pub fn statistics(state: State<'_, AppState>) -> IpcResult<Statistics> {
    state.with_archive(|a| a.statistics(Utc::now())).map(Into::into)
}
