//! Backup media, backups, medium verification and restore. Backup, verify and restore are
//! long jobs like intake: a blocking thread with its own `Archive`, a cancel token under
//! the job id the frontend chose, progress over a channel.

use std::path::{Path, PathBuf};

use dengji_core::{Archive, CancelToken, JobProgress, Progress, Stamp, Throttled};
use tauri::ipc::Channel;
use tauri::State;

use crate::commands::intake::PROGRESS_EVERY;
use crate::dto::{BackupOutcome, IntakeEvent, Medium, MediumKind, NewMedium, RestoreOutcome, RestoreRequest, VerifyOutcome};
use crate::error::{IpcError, IpcResult};
use crate::state::AppState;

#[tauri::command(async)]
pub fn list_media(state: State<'_, AppState>) -> IpcResult<Vec<Medium>> {
    state.with_archive(|a| a.media()).map(|media| media.into_iter().map(Into::into).collect())
}

#[tauri::command(async)]
pub fn add_medium(state: State<'_, AppState>, medium: NewMedium) -> IpcResult<Medium> {
    let kind: MediumKind = medium.kind;
    state
        .act(|a, s| a.add_medium(Path::new(&medium.path), &medium.label, &medium.set, kind.into(), medium.location.as_deref(), s))
        .map(Into::into)
}

#[tauri::command]
pub async fn start_backup(
    state: State<'_, AppState>,
    job_id: String,
    path: String,
    on_progress: Channel<IntakeEvent>,
) -> IpcResult<BackupOutcome> {
    let root = PathBuf::from(path);
    run_job(&state, &job_id, on_progress, move |a, s, p, c| a.backup(&root, s, p, c)).await.map(Into::into)
}

#[tauri::command]
pub async fn start_verify_medium(
    state: State<'_, AppState>,
    job_id: String,
    path: String,
    sample_percent: Option<u8>,
    on_progress: Channel<IntakeEvent>,
) -> IpcResult<VerifyOutcome> {
    let root = PathBuf::from(path);
    run_job(&state, &job_id, on_progress, move |a, s, p, c| a.verify_medium(&root, sample_percent, s, p, c)).await.map(Into::into)
}

#[tauri::command]
pub async fn start_restore(
    state: State<'_, AppState>,
    request: RestoreRequest,
    on_progress: Channel<IntakeEvent>,
) -> IpcResult<RestoreOutcome> {
    let job_id = request.job_id.clone();
    let req = request.into_core();
    run_job(&state, &job_id, on_progress, move |a, s, p, c| a.restore(&req, s, p, c)).await.map(Into::into)
}

/// The job on a blocking thread: its own archive, the signed-in user's stamp, throttled
/// progress, and the cancel token registered under `job_id` until it ends.
async fn run_job<T: Send + 'static>(
    state: &AppState,
    job_id: &str,
    on_progress: Channel<IntakeEvent>,
    f: impl FnOnce(&mut Archive, &Stamp, &dyn Progress, &CancelToken) -> dengji_core::Result<T> + Send + 'static,
) -> IpcResult<T> {
    let stamp = state.stamp()?;
    let dir = state.data_dir().to_path_buf();
    let cancel = state.jobs().start(job_id)?;
    let joined = tauri::async_runtime::spawn_blocking(move || run(&dir, &stamp, &cancel, &on_progress, f)).await;
    state.jobs().finish(job_id);
    joined.map_err(|e| IpcError::internal(format!("任务意外中止：{e}")))?
}

pub fn run<T>(
    dir: &Path,
    stamp: &Stamp,
    cancel: &CancelToken,
    on_progress: &Channel<IntakeEvent>,
    f: impl FnOnce(&mut Archive, &Stamp, &dyn Progress, &CancelToken) -> dengji_core::Result<T>,
) -> IpcResult<T> {
    let mut archive = Archive::open(dir)?;
    let send = |p: &JobProgress| {
        let _ = on_progress.send(IntakeEvent::from(p));
    };
    let progress = Throttled::new(&send, PROGRESS_EVERY);
    Ok(f(&mut archive, stamp, &progress, cancel)?)
}

#[cfg(test)]
mod tests {
    use chrono::Utc;
    use dengji_core::{IntakeTarget, NewUnit, RecordKind, Role, UnitKind};

    use super::*;
    use crate::dto::{BackupOutcome, VerifyOutcome};

    #[test]
    fn backs_up_a_sealed_registration_and_verifies_the_medium() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("archive");
        let (mut a, admin) = Archive::init(&dir, "测试档案馆", "330102", "管理员", "管理员密码1234", Utc::now()).unwrap();
        a.add_user("登记员", "登记员密码1234", &[Role::Clerk], &admin.stamp(Utc::now())).unwrap();
        let clerk = a.login("登记员", "登记员密码1234", Utc::now()).unwrap().stamp(Utc::now());
        let unit = NewUnit { name: "张三".into(), kind: UnitKind::Individual, uscc: None, domain: None, force: false };
        let unit = a.add_unit(unit, &clerk).unwrap().id;
        let src = tmp.path().join("src");
        std::fs::create_dir_all(&src).unwrap();
        std::fs::write(src.join("a.txt"), "甲").unwrap();
        let target = IntakeTarget::New { unit, title: "测试".into(), kind: RecordKind::Electronic };
        let none = dengji_core::NoProgress;
        let draft = a.intake(target, &[src], &clerk, &none, &CancelToken::new()).unwrap();
        a.add_user("审核员", "审核员密码1234", &[Role::Reviewer], &admin.stamp(Utc::now())).unwrap();
        let reviewer = a.login("审核员", "审核员密码1234", Utc::now()).unwrap().stamp(Utc::now());
        a.seal(draft.id, Some("测试"), &reviewer).unwrap();
        let medium = tmp.path().join("A1");
        std::fs::create_dir_all(&medium).unwrap();
        a.add_medium(&medium, "A1", "A", dengji_core::MediumKind::Usb, None, &clerk).unwrap();
        drop(a);
        let channel: Channel<IntakeEvent> = Channel::new(|_| Ok(()));
        let out: BackupOutcome = run(&dir, &clerk, &CancelToken::new(), &channel, |a, s, p, c| a.backup(&medium, s, p, c)).unwrap().into();
        assert_eq!((out.written.len(), out.files, out.cancelled), (1, 1, false));
        let out: VerifyOutcome =
            run(&dir, &clerk, &CancelToken::new(), &channel, |a, s, p, c| a.verify_medium(&medium, None, s, p, c)).unwrap().into();
        assert!(out.ok && out.problems.is_empty(), "{out:?}");
    }
}
