//! Retention and disposal (鉴定销毁): the due list, legal holds, disposal applications
//! and their records.

use chrono::Utc;
use tauri::State;

use dengji_core::DisposalId;

use crate::dto::{Disposal, DueRegistration, Hold, NewDisposal, NewHold};
use crate::error::IpcResult;
use crate::save_path;
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
    state.act(|a, s| a.release_hold(dengji_core::HoldId(id), &reason, s)).map(Into::into)
}

#[tauri::command(async)]
pub fn list_disposals(state: State<'_, AppState>) -> IpcResult<Vec<Disposal>> {
    state.with_archive(|a| a.disposals()).map(|all| all.into_iter().map(Into::into).collect())
}

#[tauri::command(async)]
pub fn apply_disposal(state: State<'_, AppState>, disposal: NewDisposal) -> IpcResult<Disposal> {
    let disposal = disposal.into();
    state.act(|a, s| a.apply_disposal(&disposal, s)).map(Into::into)
}

/// Approves (and so carries out) or rejects a disposal application.
#[tauri::command(async)]
pub fn decide_disposal(state: State<'_, AppState>, id: i64, approve: bool, note: String) -> IpcResult<Disposal> {
    state.act(|a, s| a.decide_disposal(DisposalId(id), approve, &note, s)).map(Into::into)
}

/// Writes the disposal record (销毁清单) to `path`, its signature beside it.
#[tauri::command(async)]
pub fn save_disposal_record(state: State<'_, AppState>, id: i64, path: String) -> IpcResult<()> {
    let path = save_path::target(&path, "pdf")?;
    let record = state.with_archive(|a| a.disposal_record(DisposalId(id)))?;
    save_path::write(&path, &record.pdf)?;
    crate::commands::attest::save_signature(&path, record.signature)?;
    let detail = serde_json::json!({"what": "disposal_record", "out": path});
    state.record(dengji_core::AccessEvent::Export, &DisposalId(id).subject(), detail)
}
