//! Backup media, backups, medium verification and repair, restore, and the backup status.
//! Backup, verify, repair and restore are long jobs (`jobs.rs`).

use std::path::{Path, PathBuf};

use chrono::Utc;
use dengji_core::transfer::Digests;
use dengji_core::{drive_health, BackupOptions, MediumKey};
use tauri::ipc::Channel;
use tauri::State;

use crate::commands::jobs::run_job;
use crate::dto::{
    BackupOutcome, BackupStatus, DriveHealth, HandbackRequest, JobEvent, Medium, MediumKind, NewMedium, RepairOutcome, RestoreOutcome,
    RestoreRequest, RetireReason, Shipment, VaultRepairOutcome, VaultVerifyOutcome, VerifyOutcome,
};
use crate::error::IpcResult;
use crate::state::AppState;

#[tauri::command(async)]
pub fn list_media(state: State<'_, AppState>) -> IpcResult<Vec<Medium>> {
    state.with_archive(|a| a.media()).map(|media| media.into_iter().map(Into::into).collect())
}

/// The SMART health of the drive holding `path` (runs `smartctl`: a call of its own).
#[tauri::command(async)]
pub fn medium_health(path: String) -> DriveHealth {
    drive_health(Path::new(&path)).into()
}

#[tauri::command(async)]
pub fn add_medium(state: State<'_, AppState>, medium: NewMedium) -> IpcResult<Medium> {
    let kind: MediumKind = medium.kind;
    state.act(|a, s| a.add_medium(Path::new(&medium.path), &medium.label, &medium.set, kind, medium.location.as_deref(), s)).map(Into::into)
}

#[tauri::command(async)]
pub fn set_medium_location(state: State<'_, AppState>, label: String, location: Option<String>) -> IpcResult<Medium> {
    state.act(|a, s| a.set_medium_location(MediumKey::Label(&label), location.as_deref(), s)).map(Into::into)
}

#[tauri::command(async)]
pub fn checkout_media(
    state: State<'_, AppState>,
    labels: Vec<String>,
    destination: String,
    reference: Option<String>,
) -> IpcResult<Shipment> {
    let keys: Vec<MediumKey<'_>> = labels.iter().map(|l| MediumKey::Label(l)).collect();
    state.act(|a, s| a.checkout_media(&keys, &destination, reference.as_deref(), s)).map(Into::into)
}

// The shipments the media came back from, reconciled.
#[tauri::command(async)]
pub fn checkin_media(state: State<'_, AppState>, labels: Vec<String>, location: Option<String>) -> IpcResult<Vec<Shipment>> {
    let keys: Vec<MediumKey<'_>> = labels.iter().map(|l| MediumKey::Label(l)).collect();
    state.act(|a, s| a.checkin_media(&keys, location.as_deref(), s)).map(|r| r.shipments.into_iter().map(Into::into).collect())
}

#[tauri::command(async)]
pub fn retire_medium(state: State<'_, AppState>, label: String, reason: RetireReason, note: Option<String>) -> IpcResult<Medium> {
    state.act(|a, s| a.retire_medium(MediumKey::Label(&label), reason, note.as_deref(), s)).map(Into::into)
}

#[tauri::command]
pub async fn start_backup(
    state: State<'_, AppState>,
    job_id: String,
    path: String,
    read_back: bool,
    confirm_health: bool,
    on_progress: Channel<JobEvent>,
) -> IpcResult<BackupOutcome> {
    let root = PathBuf::from(path);
    run_job(&state, &job_id, on_progress, move |a, s, p, c| {
        // Read just before writing: the health the clerk confirmed may have been shown earlier.
        let options = BackupOptions { read_back, health: Some(drive_health(&root)), health_confirmed: confirm_health };
        a.backup_with(&root, &options, s, p, c)
    })
    .await
    .map(Into::into)
}

#[tauri::command]
pub async fn start_verify_medium(
    state: State<'_, AppState>,
    job_id: String,
    path: String,
    sample_percent: Option<u8>,
    sha256_only: bool,
    on_progress: Channel<JobEvent>,
) -> IpcResult<VerifyOutcome> {
    let root = PathBuf::from(path);
    let digests = if sha256_only { Digests::Sha256 } else { Digests::Both };
    run_job(&state, &job_id, on_progress, move |a, s, p, c| a.verify_medium_with(&root, sample_percent, digests, s, p, c))
        .await
        .map(Into::into)
}

/// Repairs the medium at `path` from the vault, or from the registered medium at `from`.
#[tauri::command]
pub async fn start_repair_medium(
    state: State<'_, AppState>,
    job_id: String,
    path: String,
    from: Option<String>,
    on_progress: Channel<JobEvent>,
) -> IpcResult<RepairOutcome> {
    let root = PathBuf::from(path);
    let from = from.map(PathBuf::from);
    run_job(&state, &job_id, on_progress, move |a, s, p, c| a.repair_medium(&root, from.as_deref(), s, p, c)).await.map(Into::into)
}

#[tauri::command]
pub async fn start_verify_vault(
    state: State<'_, AppState>,
    job_id: String,
    on_progress: Channel<JobEvent>,
) -> IpcResult<VaultVerifyOutcome> {
    run_job(&state, &job_id, on_progress, move |a, _, p, c| a.verify_vault(p, c)).await.map(Into::into)
}

/// Repairs the vault from the registered medium mounted at `from`.
#[tauri::command]
pub async fn start_repair_vault(
    state: State<'_, AppState>,
    job_id: String,
    from: String,
    on_progress: Channel<JobEvent>,
) -> IpcResult<VaultRepairOutcome> {
    let from = PathBuf::from(from);
    run_job(&state, &job_id, on_progress, move |a, s, p, c| a.repair_vault(&from, s, p, c)).await.map(Into::into)
}

#[tauri::command]
pub async fn start_restore(
    state: State<'_, AppState>,
    request: RestoreRequest,
    on_progress: Channel<JobEvent>,
) -> IpcResult<RestoreOutcome> {
    let job_id = request.job_id.clone();
    run_job(&state, &job_id, on_progress, move |a, s, p, c| request.run(a, s, p, c)).await.map(Into::into)
}

/// A hand-back (交还): the files and the hand-over record into the unit's folder.
#[tauri::command]
pub async fn start_handback(
    state: State<'_, AppState>,
    request: HandbackRequest,
    on_progress: Channel<JobEvent>,
) -> IpcResult<RestoreOutcome> {
    let job_id = request.job_id.clone();
    let req = request.into_core();
    run_job(&state, &job_id, on_progress, move |a, s, p, c| a.handback(&req, s, p, c)).await.map(Into::into)
}

/// Registrations on too few copy sets (all, or the first `limit`, with their number) and
/// media due for a check, as of now.
#[tauri::command(async)]
pub fn backup_status(state: State<'_, AppState>, limit: Option<u32>) -> IpcResult<BackupStatus> {
    state.with_archive(|a| a.status(Utc::now())).map(|s| BackupStatus::from(s).first(limit))
}

#[cfg(test)]
mod tests {
    use chrono::Utc;
    use dengji_core::{
        ApplicationKind, Archive, CancelToken, IntakeTarget, NewUnit, Progress, RecordKind, RegistrationId, Role, Stamp, UnitKind,
    };

    use super::*;
    use crate::commands::jobs;
    use crate::dto::{BackupOutcome, MediumFile, VerifyOutcome};

    /// An archive with one sealed registration (`src/a.txt`, `src/b.txt`), a clerk and a
    /// reviewer, and medium A1 registered (empty).
    struct Fixture {
        tmp: tempfile::TempDir,
        dir: PathBuf,
        medium: PathBuf,
        clerk: Stamp,
        reviewer: Stamp,
        registration: RegistrationId,
    }

    impl Fixture {
        fn new() -> Self {
            let tmp = tempfile::tempdir().unwrap();
            let dir = tmp.path().join("archive");
            let (mut a, admin) = Archive::init(&dir, "测试档案馆", "330102", "管理员", "管理员密码1234", Utc::now()).unwrap();
            a.add_user("登记员", "登记员密码1234", &[Role::Clerk], &admin.stamp(Utc::now())).unwrap();
            a.add_user("审核员", "审核员密码1234", &[Role::Reviewer], &admin.stamp(Utc::now())).unwrap();
            let clerk = a.login("登记员", "登记员密码1234", Utc::now()).unwrap().stamp(Utc::now());
            let reviewer = a.login("审核员", "审核员密码1234", Utc::now()).unwrap().stamp(Utc::now());
            let unit = NewUnit { name: "张三".into(), kind: UnitKind::Individual, uscc: None, domain: None, force: false };
            let unit = a.add_unit(unit, &clerk).unwrap().id;
            let src = tmp.path().join("src");
            std::fs::create_dir_all(&src).unwrap();
            std::fs::write(src.join("a.txt"), "甲").unwrap();
            std::fs::write(src.join("b.txt"), "乙乙").unwrap();
            let target = IntakeTarget::New { unit, title: "测试".into(), kind: RecordKind::Electronic };
            let draft = a.intake(target, &[src], &clerk, &dengji_core::NoProgress, &CancelToken::new()).unwrap();
            a.accept_check_errors(draft.id, dengji_core::AcceptScope::All, "测试数据", &reviewer).unwrap();
            a.seal(draft.id, Some("测试"), &reviewer).unwrap();
            let medium = tmp.path().join("A1");
            std::fs::create_dir_all(&medium).unwrap();
            a.add_medium(&medium, "A1", "A", dengji_core::MediumKind::Usb, None, &clerk).unwrap();
            Fixture { dir, medium, clerk, reviewer, registration: draft.id, tmp }
        }

        fn job<T>(&self, f: impl FnOnce(&mut Archive, &Stamp, &dyn Progress, &CancelToken) -> dengji_core::Result<T>) -> T {
            let channel: Channel<JobEvent> = Channel::new(|_| Ok(()));
            jobs::reporting(&channel, |p| jobs::on_archive(&self.dir, &self.clerk, None, p, &CancelToken::new(), f)).unwrap()
        }

        fn backed_up(self) -> Self {
            let medium = self.medium.clone();
            let out: BackupOutcome = self.job(|a, s, p, c| a.backup(&medium, s, p, c)).into();
            assert_eq!((out.written.len(), out.files, out.cancelled), (1, 2, false));
            self
        }
    }

    #[test]
    fn backs_up_a_sealed_registration_and_verifies_the_medium() {
        let f = Fixture::new().backed_up();
        let out: VerifyOutcome = f.job(|a, s, p, c| a.verify_medium(&f.medium, None, s, p, c)).into();
        assert!(out.ok && out.problems.is_empty(), "{out:?}");
    }

    #[test]
    fn repair_rewrites_a_changed_file_quarantines_a_stranger_and_verifies_again() {
        let f = Fixture::new().backed_up();
        let file = walk(&f.medium).into_iter().find(|p| p.ends_with("a.txt")).expect("a.txt on the medium");
        std::fs::write(&file, "被改动").unwrap();
        let stranger = file.with_file_name("陌生.txt");
        std::fs::write(&stranger, "?").unwrap();

        let out: RepairOutcome = f.job(|a, s, p, c| a.repair_medium(&f.medium, None, s, p, c)).into();
        let bag = out.found[0].bag.clone();
        assert_eq!((out.medium.as_str(), out.source.as_deref()), ("A1", None));
        assert_eq!(out.found.len(), 2, "{:?}", out.found);
        assert_eq!(out.rewritten, vec![MediumFile { bag: bag.clone(), path: "data/src/a.txt".into() }]);
        assert_eq!(out.quarantined, vec![format!("bags/{bag}/data/src/陌生.txt")]);
        assert!(out.quarantine.as_deref().is_some_and(|q| q.starts_with("quarantine/")), "{:?}", out.quarantine);
        assert!(out.unrepaired.is_empty() && out.after.ok, "{out:?}");
        assert_eq!(std::fs::read_to_string(&file).unwrap(), "甲");
        assert!(!stranger.exists());
    }

    #[test]
    fn restores_from_the_medium_and_names_it() {
        let f = Fixture::new().backed_up();
        let mut a = Archive::open(&f.dir).unwrap();
        let app = a.apply(ApplicationKind::Restore, f.registration, "服务器损坏", "测〔2026〕1号", &f.clerk).unwrap();
        a.decide(app.id, true, &f.reviewer).unwrap();
        drop(a);
        let to = f.tmp.path().join("恢复");
        let request = RestoreRequest {
            job_id: "j".into(),
            application_id: app.id.0,
            registration_id: Some(f.registration.0),
            to: to.display().to_string(),
            file: None,
            overwrite: false,
            from: Some(format!(" {} ", f.medium.display())),
        };
        let out: RestoreOutcome = f.job(move |a, s, p, c| request.run(a, s, p, c)).into();
        assert_eq!((out.source.as_deref(), out.files), (Some("A1"), 2));
        assert_eq!(std::fs::read_to_string(to.join("src/b.txt")).unwrap(), "乙乙");
    }

    #[test]
    fn hands_back_with_a_record_and_says_where_it_is() {
        let f = Fixture::new();
        let mut a = Archive::open(&f.dir).unwrap();
        let app = a.apply(ApplicationKind::Handback, f.registration, "单位取回", "测〔2026〕2号", &f.clerk).unwrap();
        a.decide(app.id, true, &f.reviewer).unwrap();
        drop(a);
        let to = f.tmp.path().join("交还");
        let request = HandbackRequest {
            job_id: "j".into(),
            application_id: app.id.0,
            to: to.display().to_string(),
            overwrite: false,
            from: Some("  ".into()),
        };
        let req = request.into_core();
        let out: RestoreOutcome = f.job(|a, s, p, c| a.handback(&req, s, p, c)).into();
        assert_eq!((out.source.as_deref(), out.files), (None, 2));
        let record = out.record.expect("a hand-over record");
        assert!(record.contains("移交清单") && std::path::Path::new(&record).exists(), "{record}");
        assert_eq!(std::fs::read_to_string(to.join("src/b.txt")).unwrap(), "乙乙");
    }

    #[test]
    fn status_lists_a_registration_on_one_set_of_two() {
        let f = Fixture::new();
        let status: BackupStatus = Archive::open(&f.dir).unwrap().status(Utc::now()).unwrap().into();
        assert_eq!((status.copy_sets_required, status.under_copied.len()), (2, 1));
        assert!(status.under_copied[0].sets.is_empty(), "not backed up yet");
        let f = f.backed_up();
        let status: BackupStatus = Archive::open(&f.dir).unwrap().status(Utc::now()).unwrap().into();
        assert_eq!(status.under_copied[0].sets, vec!["A".to_string()]);
        assert_eq!(status.under_copied[0].unit, "张三");
        assert!(status.checks_due.is_empty(), "registered today: no check due");
        let counted = status.clone().first(Some(0));
        assert_eq!((counted.under_copied_total, counted.under_copied.len()), (1, 0), "the count without the list");
        assert_eq!(status.first(None).under_copied.len(), 1);
    }

    fn walk(dir: &Path) -> Vec<PathBuf> {
        std::fs::read_dir(dir).unwrap().flatten().flat_map(|e| if e.path().is_dir() { walk(&e.path()) } else { vec![e.path()] }).collect()
    }
}
