//! System settings (admin): four-eyes sealing and the idle screen lock.

use tauri::State;

use crate::dto::Settings;
use crate::error::IpcResult;
use crate::state::AppState;

#[tauri::command(async)]
pub fn get_settings(state: State<'_, AppState>) -> IpcResult<Settings> {
    state.with_archive(|a| Settings::load(a))
}

#[tauri::command(async)]
pub fn set_four_eyes(state: State<'_, AppState>, on: bool) -> IpcResult<Settings> {
    state.act(|a, s| a.set_four_eyes(on, s).and_then(|_| Settings::load(a)))
}

#[tauri::command(async)]
pub fn set_idle_lock_minutes(state: State<'_, AppState>, minutes: u32) -> IpcResult<Settings> {
    state.act(|a, s| a.set_idle_lock_minutes(minutes, s).and_then(|_| Settings::load(a)))
}
