//! System settings (admin): four-eyes sealing, the idle screen lock, and the settings file
//! for a second workstation (export to / import from a file the admin picked).

use tauri::State;

use crate::commands::first_run;
use crate::dto::{MediumKind, Settings, SettingsImport};
use crate::error::IpcResult;
use crate::save_path;
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

#[tauri::command(async)]
pub fn set_copy_sets(state: State<'_, AppState>, sets: u32) -> IpcResult<Settings> {
    state.act(|a, s| a.set_copy_sets_required(sets, s).and_then(|_| Settings::load(a)))
}

#[tauri::command(async)]
pub fn set_check_cycle(state: State<'_, AppState>, kind: MediumKind, months: u32) -> IpcResult<Settings> {
    state.act(|a, s| a.set_check_cycle_months(kind, months, s).and_then(|_| Settings::load(a)))
}

#[tauri::command(async)]
pub fn set_min_sample(state: State<'_, AppState>, percent: u8) -> IpcResult<Settings> {
    state.act(|a, s| a.set_min_sample_percent(percent, s).and_then(|_| Settings::load(a)))
}

#[tauri::command(async)]
pub fn set_approval_days(state: State<'_, AppState>, days: u32) -> IpcResult<Settings> {
    state.act(|a, s| a.set_approval_valid_days(days, s).and_then(|_| Settings::load(a)))
}

#[tauri::command(async)]
pub fn export_settings(state: State<'_, AppState>, path: String) -> IpcResult<()> {
    let target = save_path::target(&path, "json")?;
    let file = state.act(|a, s| a.export_settings(s))?;
    save_path::write(&target, file.to_json().as_bytes())?;
    state.record(dengji_core::AccessEvent::Export, "settings", serde_json::json!({"out": target}))
}

#[tauri::command(async)]
pub fn import_settings(state: State<'_, AppState>, path: String) -> IpcResult<SettingsImport> {
    state.actor()?;
    let file = first_run::read(std::path::Path::new(&path))?;
    state.act(|a, s| a.import_settings(&file, s)).map(Into::into)
}
