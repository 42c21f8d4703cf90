//! Applications to get a sealed registration's data back, and their approval.

use dengji_core::{ApplicationId, RegistrationId};
use tauri::State;

use crate::dto::{Application, ApplicationKind};
use crate::error::IpcResult;
use crate::state::AppState;

#[tauri::command(async)]
pub fn list_applications(state: State<'_, AppState>) -> IpcResult<Vec<Application>> {
    state.with_session(|a, me| a.applications().map(|apps| Application::visible_to(apps, me)))
}

#[tauri::command(async)]
pub fn apply_restore(
    state: State<'_, AppState>,
    registration_id: i64,
    kind: ApplicationKind,
    reason: String,
    reference: String,
) -> IpcResult<Application> {
    state.act(|a, s| a.apply(kind, RegistrationId(registration_id), &reason, &reference, s)).map(Into::into)
}

/// A restore application for a lower archive's registration, by its number.
#[tauri::command(async)]
pub fn apply_lower_restore(state: State<'_, AppState>, number: String, reason: String, reference: String) -> IpcResult<Application> {
    state.act(|a, s| a.apply_for_lower(&number, &reason, &reference, s)).map(Into::into)
}

#[tauri::command(async)]
pub fn decide_application(state: State<'_, AppState>, id: i64, approve: bool) -> IpcResult<Application> {
    state.act(|a, s| a.decide(ApplicationId(id), approve, s)).map(Into::into)
}
