//! Attestation (鉴证) of files dropped on or picked in the app.

use std::path::PathBuf;

use tauri::State;

use crate::dto::Attestation;
use crate::error::IpcResult;
use crate::state::AppState;

/// Hashes each file and looks it up among the sealed registrations; recorded in the ledger.
#[tauri::command(async)]
pub fn attest(state: State<'_, AppState>, paths: Vec<String>) -> IpcResult<Attestation> {
    let paths: Vec<PathBuf> = paths.into_iter().map(PathBuf::from).collect();
    state.act(|a, s| a.attest(&paths, s)).map(Into::into)
}
