//! The archive as a whole: first-run init, lookups for forms, ledger verification.
//! `archive_info`, `init_archive` and `check_region` serve the first-run screen, before
//! anyone can sign in; everything else needs a signed-in user.

use tauri::State;

use crate::dto::{ArchiveInfo, LedgerReport, RegionCheck, UsccCheck};
use crate::error::IpcResult;
use crate::state::AppState;

#[tauri::command(async)]
pub fn archive_info(state: State<'_, AppState>) -> IpcResult<ArchiveInfo> {
    if !state.is_initialised() {
        return Ok(ArchiveInfo::uninitialised(state.data_dir()));
    }
    state.info().map(Into::into)
}

#[tauri::command(async)]
pub fn init_archive(
    state: State<'_, AppState>,
    archive_name: String,
    region_code: String,
    admin_name: String,
    admin_password: String,
) -> IpcResult<ArchiveInfo> {
    state.init(&archive_name, &region_code, &admin_name, &admin_password).map(Into::into)
}

/// Open like init: an archive without accounts has nobody who could sign in to do it.
#[tauri::command(async)]
pub fn bootstrap_admin(state: State<'_, AppState>, admin_name: String, admin_password: String) -> IpcResult<ArchiveInfo> {
    state.bootstrap(&admin_name, &admin_password).map(Into::into)
}

#[tauri::command(async)]
pub fn check_region(code: String) -> RegionCheck {
    RegionCheck::of(&code)
}

#[tauri::command(async)]
pub fn check_uscc(state: State<'_, AppState>, code: String) -> IpcResult<UsccCheck> {
    state.actor().map(|_| UsccCheck::of(&code))
}

#[tauri::command(async)]
pub fn list_domains(state: State<'_, AppState>) -> IpcResult<Vec<String>> {
    state.with_archive(|a| a.domains())
}

#[tauri::command(async)]
pub fn verify_ledger(state: State<'_, AppState>) -> IpcResult<LedgerReport> {
    state.with_archive(|a| a.verify_ledger()).map(Into::into)
}
