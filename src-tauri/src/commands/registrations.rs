//! Reading registrations and the draft-only edits, up to sealing.

use dengji_core::{ItemId, RegistrationId};
use tauri::State;

use crate::dto::{Overview, RegistrationDetail, RegistrationSummary, SealOutcome};
use crate::error::IpcResult;
use crate::state::AppState;

#[tauri::command(async)]
pub fn list_registrations(state: State<'_, AppState>) -> IpcResult<Vec<RegistrationSummary>> {
    state.with_archive(|a| a.registrations()).map(|regs| regs.into_iter().map(Into::into).collect())
}

/// The dashboard's counts and its newest registrations, without reading the whole list.
#[tauri::command(async)]
pub fn dashboard_overview(state: State<'_, AppState>) -> IpcResult<Overview> {
    state.with_archive(|a| a.overview(RECENT)).map(Into::into)
}

/// Registrations the dashboard lists.
const RECENT: usize = 8;

#[tauri::command(async)]
pub fn get_registration(state: State<'_, AppState>, id: i64) -> IpcResult<RegistrationDetail> {
    state.with_archive(|a| RegistrationDetail::load(a, id))
}

#[tauri::command(async)]
pub fn remove_items(state: State<'_, AppState>, draft_id: i64, item_ids: Vec<i64>) -> IpcResult<usize> {
    let items: Vec<ItemId> = item_ids.into_iter().map(ItemId).collect();
    state.act(|a, s| a.remove_items(RegistrationId(draft_id), &items, s))
}

#[tauri::command(async)]
pub fn accept_findings(state: State<'_, AppState>, draft_id: i64, reason: String) -> IpcResult<usize> {
    state.act(|a, s| a.accept_findings(RegistrationId(draft_id), &reason, s))
}

#[tauri::command(async)]
pub fn seal_registration(state: State<'_, AppState>, draft_id: i64, confirm_title: String) -> IpcResult<SealOutcome> {
    state.act(|a, s| a.seal(RegistrationId(draft_id), Some(&confirm_title), s)).map(Into::into)
}
