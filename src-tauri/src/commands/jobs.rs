//! The one way the app runs a long job (intake, backup, verify, repair, restore, recover,
//! report packages, …): on a blocking thread with its own `Archive`, so the quick commands
//! stay responsive; registered under the id the frontend chose, so `cancel_job` reaches
//! it; progress over a Channel as `JobEvent`s, at most ~10 a second and on every phase
//! change.

use std::path::Path;
use std::time::Duration;

use dengji_core::key::SessionKey;
use dengji_core::{Archive, CancelToken, JobProgress, Progress, Stamp, Throttled};
use tauri::ipc::Channel;
use tauri::State;

use crate::dto::JobEvent;
use crate::error::{IpcError, IpcResult};
use crate::state::AppState;

pub const PROGRESS_EVERY: Duration = Duration::from_millis(100);

/// Runs `work` as the job `key` on a blocking thread; the key is free again once `work`
/// returns, whether it succeeded or not.
pub(crate) async fn spawn<T: Send + 'static>(
    state: &AppState,
    key: &str,
    on_progress: Channel<JobEvent>,
    work: impl FnOnce(&dyn Progress, &CancelToken) -> IpcResult<T> + Send + 'static,
) -> IpcResult<T> {
    let cancel = state.jobs().start(key)?;
    let joined = tauri::async_runtime::spawn_blocking(move || reporting(&on_progress, |p| work(p, &cancel))).await;
    state.jobs().finish(key);
    joined.map_err(|e| IpcError::internal(format!("任务意外中止：{e}")))?
}

/// Calls `work` with a progress port that sends to `on_progress`. A closed window drops
/// the channel; the job goes on regardless.
pub fn reporting<T>(on_progress: &Channel<JobEvent>, work: impl FnOnce(&dyn Progress) -> T) -> T {
    let send = |p: &JobProgress| {
        let _ = on_progress.send(JobEvent::from(p));
    };
    work(&Throttled::new(&send, PROGRESS_EVERY))
}

/// A job on the archive as the signed-in user. It signs (a backup its checkpoint) with the
/// key this sign-in unlocked.
pub(crate) async fn run_job<T: Send + 'static>(
    state: &AppState,
    job_id: &str,
    on_progress: Channel<JobEvent>,
    f: impl FnOnce(&mut Archive, &Stamp, &dyn Progress, &CancelToken) -> dengji_core::Result<T> + Send + 'static,
) -> IpcResult<T> {
    let stamp = state.stamp()?;
    let dir = state.data_dir().to_path_buf();
    let key = state.session_key()?;
    spawn(state, job_id, on_progress, move |p, c| on_archive(&dir, &stamp, key, p, c, f)).await
}

/// `f` on the archive in `dir`, opened for this job.
pub fn on_archive<T>(
    dir: &Path,
    stamp: &Stamp,
    key: Option<SessionKey>,
    progress: &dyn Progress,
    cancel: &CancelToken,
    f: impl FnOnce(&mut Archive, &Stamp, &dyn Progress, &CancelToken) -> dengji_core::Result<T>,
) -> IpcResult<T> {
    let mut archive = Archive::open(dir)?;
    if let Some(key) = key {
        archive.adopt_session_key(key)?;
    }
    Ok(f(&mut archive, stamp, progress, cancel)?)
}

#[tauri::command(async)]
pub fn cancel_job(state: State<'_, AppState>, job_id: String) -> IpcResult<()> {
    state.actor().and_then(|_| state.jobs().cancel(&job_id))
}
