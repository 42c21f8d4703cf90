//! Intake, the one long job: it runs on a blocking thread with its own `Archive`, so the
//! quick commands stay responsive, and reports progress over a channel.

use std::path::{Path, PathBuf};
use std::time::Duration;

use dengji_core::{Archive, CancelToken, IntakeTarget, JobProgress, Stamp, Throttled};
use tauri::ipc::Channel;
use tauri::State;

use crate::dto::{IntakeOutcome, IntakeRequest, JobEvent};
use crate::error::{IpcError, IpcResult};
use crate::state::AppState;

#[tauri::command]
pub async fn start_intake(state: State<'_, AppState>, request: IntakeRequest, on_progress: Channel<JobEvent>) -> IpcResult<IntakeOutcome> {
    let stamp = state.stamp()?;
    let target = request.target()?;
    let sources = request.sources();
    let dir = state.data_dir().to_path_buf();
    let cancel = state.jobs().start(&request.job_id)?;
    let joined = tauri::async_runtime::spawn_blocking(move || run(&dir, target, &sources, &stamp, &cancel, &on_progress)).await;
    state.jobs().finish(&request.job_id);
    joined.map_err(|e| IpcError::internal(format!("接收任务意外中止：{e}")))?
}

#[tauri::command(async)]
pub fn cancel_job(state: State<'_, AppState>, job_id: String) -> IpcResult<()> {
    state.actor().and_then(|_| state.jobs().cancel(&job_id))
}

pub const PROGRESS_EVERY: Duration = Duration::from_millis(100);

/// The intake itself; a cancelled run comes back as an outcome with `cancelled: true`.
pub fn run(
    dir: &Path,
    target: IntakeTarget,
    sources: &[PathBuf],
    stamp: &Stamp,
    cancel: &CancelToken,
    on_progress: &Channel<JobEvent>,
) -> IpcResult<IntakeOutcome> {
    let mut archive = Archive::open(dir)?;
    // The core reports every file; the UI redraws at most ~10 times a second (and on
    // every phase change). A closed window drops the channel; the job goes on regardless.
    let send = |p: &JobProgress| {
        let _ = on_progress.send(JobEvent::from(p));
    };
    let progress = Throttled::new(&send, PROGRESS_EVERY);
    Ok(archive.intake(target, sources, stamp, &progress, cancel)?.into())
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Arc;

    use chrono::Utc;
    use dengji_core::{NewUnit, RecordKind, Role, UnitKind};

    use super::*;

    /// An archive with a unit, and a clerk's stamp to take files in with.
    fn archive_with_unit(dir: &Path) -> (dengji_core::UnitId, Stamp) {
        let (mut a, admin) = Archive::init(dir, "测试档案馆", "330102", "管理员", "管理员密码1234", Utc::now()).unwrap();
        a.add_user("登记员", "登记员密码1234", &[Role::Clerk], &admin.stamp(Utc::now())).unwrap();
        let clerk = a.login("登记员", "登记员密码1234", Utc::now()).unwrap().stamp(Utc::now());
        let unit = NewUnit { name: "张三".into(), kind: UnitKind::Individual, uscc: None, domain: None, force: false };
        (a.add_unit(unit, &clerk).unwrap().id, clerk)
    }

    fn counting_channel() -> (Channel<JobEvent>, Arc<AtomicUsize>) {
        let n = Arc::new(AtomicUsize::new(0));
        let seen = n.clone();
        let channel = Channel::new(move |_| {
            seen.fetch_add(1, Ordering::SeqCst);
            Ok(())
        });
        (channel, n)
    }

    #[test]
    fn runs_into_a_new_draft_and_reports_progress() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("archive");
        let (unit, clerk) = archive_with_unit(&dir);
        let src = tmp.path().join("src");
        std::fs::create_dir_all(&src).unwrap();
        std::fs::write(src.join("a.txt"), "甲").unwrap();
        std::fs::write(src.join("b.txt"), "乙乙").unwrap();
        let (channel, events) = counting_channel();
        let target = IntakeTarget::New { unit, title: "测试".into(), kind: RecordKind::Electronic };
        let out = run(&dir, target, &[src], &clerk, &CancelToken::new(), &channel).unwrap();
        assert_eq!((out.files, out.bytes, out.cancelled, out.findings), (2, 9, false, 0));
        assert!(events.load(Ordering::SeqCst) >= 1, "at least the final progress report");
    }

    #[test]
    fn a_cancelled_run_on_a_draft_is_an_outcome_not_an_error() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("archive");
        let (unit, clerk) = archive_with_unit(&dir);
        let src = tmp.path().join("src");
        std::fs::create_dir_all(&src).unwrap();
        std::fs::write(src.join("a.txt"), "甲").unwrap();
        let (channel, _) = counting_channel();
        let target = IntakeTarget::New { unit, title: "测试".into(), kind: RecordKind::Electronic };
        let draft = run(&dir, target, std::slice::from_ref(&src), &clerk, &CancelToken::new(), &channel).unwrap().draft_id;
        let cancel = CancelToken::new();
        cancel.cancel();
        let target = IntakeTarget::Draft(dengji_core::RegistrationId(draft));
        let out = run(&dir, target, &[src], &clerk, &cancel, &channel).unwrap();
        assert!(out.cancelled);
        assert_eq!(out.draft_id, draft);
    }

    #[test]
    fn a_new_draft_cancelled_while_scanning_is_never_created() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("archive");
        let (unit, clerk) = archive_with_unit(&dir);
        let src = tmp.path().join("src");
        std::fs::create_dir_all(&src).unwrap();
        std::fs::write(src.join("a.txt"), "甲").unwrap();
        let cancel = CancelToken::new();
        cancel.cancel();
        let (channel, _) = counting_channel();
        let target = IntakeTarget::New { unit, title: "测试".into(), kind: RecordKind::Electronic };
        let err = run(&dir, target, &[src], &clerk, &cancel, &channel).unwrap_err();
        assert_eq!(err.code, "cancelled");
        assert!(Archive::open(&dir).unwrap().registrations().unwrap().is_empty());
    }

    #[test]
    fn core_errors_keep_their_code() {
        let tmp = tempfile::tempdir().unwrap();
        let (_, clerk) = archive_with_unit(&tmp.path().join("other"));
        let (channel, _) = counting_channel();
        let empty = tmp.path().join("empty");
        let err =
            run(&empty, IntakeTarget::Draft(dengji_core::RegistrationId(1)), &[tmp.path().into()], &clerk, &CancelToken::new(), &channel)
                .unwrap_err();
        assert_eq!(err.code, "not_initialised");
    }
}
