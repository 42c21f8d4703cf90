//! Retention and disposal (鉴定销毁): the due list and legal holds.

use chrono::Utc;
use tauri::State;

use crate::dto::{DueRegistration, Hold, NewHold};
use crate::error::IpcResult;
use crate::state::AppState;

#[tauri::command(async)]
pub fn disposal_due(state: State<'_, AppState>) -> IpcResult<Vec<DueRegistration>> {
    state.with_archive(|a| a.disposal_due(Utc::now())).map(|due| due.into_iter().map(Into::into).collect())
}

#[tauri::command(async)]
pub fn list_holds(state: State<'_, AppState>) -> IpcResult<Vec<Hold>> {
    state.with_archive(|a| a.holds()).map(|holds| holds.into_iter().map(Into::into).collect())
}

#[tauri::command(async)]
pub fn place_hold(state: State<'_, AppState>, hold: NewHold) -> IpcResult<Hold> {
    let hold = hold.into_core()?;
    state.act(|a, s| a.place_hold(&hold, s)).map(Into::into)
}

#[tauri::command(async)]
pub fn release_hold(state: State<'_, AppState>, id: i64, reason: String) -> IpcResult<Hold> {
    state.act(|a, s| a.release_hold(id, &reason, s)).map(Into::into)
}
