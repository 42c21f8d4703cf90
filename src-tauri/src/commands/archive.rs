//! The archive as a whole: first-run init, lookups for forms, ledger verification.
//! `archive_info`, `init_archive` and `check_region` serve the first-run screen, before
//! anyone can sign in; everything else needs a signed-in user.

use tauri::ipc::Channel;
use tauri::State;

use crate::commands::jobs::run_job;
use crate::dto::{ArchiveInfo, JobEvent, LedgerReport, Policies, RegionCheck, UsccCheck};
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
    policies: Policies,
    key_passphrase: String,
) -> IpcResult<ArchiveInfo> {
    let wizard =
        Wizard { archive_name: &archive_name, region_code: &region_code, admin_name: &admin_name, admin_password: &admin_password };
    init_with_policies(&state, wizard, policies, &key_passphrase).map(Into::into)
}

/// What the first step of the wizard asked for.
pub struct Wizard<'a> {
    pub archive_name: &'a str,
    pub region_code: &'a str,
    pub admin_name: &'a str,
    pub admin_password: &'a str,
}

/// Init, then the wizard's policies through core's settings import and the archive key
/// (each a ledger entry by the new admin; the key stays unlocked for this sign-in). The
/// policies and the key passphrase are checked before the archive is created.
pub fn init_with_policies(
    state: &AppState,
    w: Wizard<'_>,
    policies: Policies,
    key_passphrase: &str,
) -> IpcResult<dengji_core::ArchiveInfo> {
    let file = policies.into_file(w.archive_name, w.region_code)?;
    dengji_core::check_key_passphrase(key_passphrase)?;
    state.init(w.archive_name, w.region_code, w.admin_name, w.admin_password)?;
    state.act(|a, s| a.import_settings(&file, s))?;
    state.act(|a, s| a.create_key(key_passphrase, s))?;
    state.info()
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

/// Verifies the ledger and the access log as a job: progress over the channel, cancel by
/// `job_id`, and the shared archive free for other screens meanwhile.
#[tauri::command]
pub async fn start_verify_ledger(state: State<'_, AppState>, job_id: String, on_progress: Channel<JobEvent>) -> IpcResult<LedgerReport> {
    run_job(&state, &job_id, on_progress, |a, _, p, c| a.verify_ledger_with(p, c)).await.map(Into::into)
}
