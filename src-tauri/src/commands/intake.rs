//! Intake: a job like any other (`jobs.rs`), into a new draft or one being completed.

use tauri::ipc::Channel;
use tauri::State;

use crate::commands::jobs::run_job;
use crate::dto::{IntakeOutcome, IntakeRequest, JobEvent};
use crate::error::IpcResult;
use crate::state::AppState;

#[tauri::command]
pub async fn start_intake(state: State<'_, AppState>, request: IntakeRequest, on_progress: Channel<JobEvent>) -> IpcResult<IntakeOutcome> {
    let target = request.target()?;
    let sources = request.sources();
    run_job(&state, &request.job_id, on_progress, move |a, s, p, c| a.intake(target, &sources, s, p, c)).await.map(Into::into)
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Arc;

    use std::path::{Path, PathBuf};

    use chrono::Utc;
    use dengji_core::{Archive, CancelToken, IntakeTarget, NewUnit, RecordKind, Role, Stamp, UnitKind};

    use super::*;
    use crate::commands::jobs::{on_archive, reporting};

    /// An intake as `start_intake` runs it, progress to `on_progress`.
    fn run(
        dir: &Path,
        target: IntakeTarget,
        sources: &[PathBuf],
        stamp: &Stamp,
        cancel: &CancelToken,
        on_progress: &Channel<JobEvent>,
    ) -> IpcResult<IntakeOutcome> {
        reporting(on_progress, |p| on_archive(dir, stamp, None, p, cancel, |a, s, p, c| a.intake(target, sources, s, p, c))).map(Into::into)
    }

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
