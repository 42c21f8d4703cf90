//! Depositor units.

use tauri::State;

use crate::dto::{NewUnit, Unit};
use crate::error::IpcResult;
use crate::state::AppState;

#[tauri::command(async)]
pub fn list_units(state: State<'_, AppState>) -> IpcResult<Vec<Unit>> {
    state.with_archive(|a| a.units()).map(|units| units.into_iter().map(Into::into).collect())
}

#[tauri::command(async)]
pub fn add_unit(state: State<'_, AppState>, unit: NewUnit) -> IpcResult<Unit> {
    state.act(|a, s| a.add_unit(unit.into(), s)).map(Into::into)
}
