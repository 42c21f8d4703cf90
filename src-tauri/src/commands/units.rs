//! Depositor units.

use tauri::State;

use crate::dto::{Domain, NewUnit, Unit, UnitEdit, UnitEdited};
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

#[tauri::command(async)]
pub fn edit_unit(state: State<'_, AppState>, unit_id: i64, edit: UnitEdit) -> IpcResult<UnitEdited> {
    state.act(|a, s| a.edit_unit(dengji_core::UnitId(unit_id), edit.into(), s)).map(Into::into)
}

#[tauri::command(async)]
pub fn domain_list(state: State<'_, AppState>) -> IpcResult<Vec<Domain>> {
    state.with_archive(|a| a.domain_list()).map(|list| list.into_iter().map(Into::into).collect())
}

#[tauri::command(async)]
pub fn add_domain(state: State<'_, AppState>, name: String) -> IpcResult<bool> {
    state.act(|a, s| a.add_domain(&name, s))
}

#[tauri::command(async)]
pub fn rename_domain(state: State<'_, AppState>, from: String, to: String) -> IpcResult<Domain> {
    state.act(|a, s| a.rename_domain(&from, &to, s)).map(Into::into)
}

#[tauri::command(async)]
pub fn retire_domain(state: State<'_, AppState>, name: String) -> IpcResult<Domain> {
    state.act(|a, s| a.retire_domain(&name, s)).map(Into::into)
}
