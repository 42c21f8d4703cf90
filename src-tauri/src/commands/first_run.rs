//! The first-run wizard's other ways in, before anyone can sign in: a settings file to
//! prefill the new-archive form, the training archive, and a rebuild from backup media
//! (a long job like backup, signed in as the recovered admin when it completes).
//! `discard_demo` ends the training archive and needs its signed-in admin.

use std::path::{Path, PathBuf};

use chrono::Utc;
use dengji_core::{Archive, CancelToken, Progress, RecoverReport, SettingsFile};
use tauri::ipc::Channel;
use tauri::State;

use crate::commands::jobs;
use crate::dto::{DemoArchive, JobEvent, RecoverOutcome, SettingsPreview};
use crate::error::{IpcError, IpcResult};
use crate::state::AppState;

/// Reads a file made by `dengji settings export` (or 导出设置) without changing anything.
#[tauri::command(async)]
pub fn read_settings_file(path: String) -> IpcResult<SettingsPreview> {
    read(Path::new(&path)).map(Into::into)
}

pub fn read(path: &Path) -> IpcResult<SettingsFile> {
    let bytes = std::fs::read(path)
        .map_err(|e| IpcError::worded(dengji_core::ErrorCode::Io, format!("无法读取设置文件 {}：{e}", path.display())))?;
    Ok(SettingsFile::parse(&bytes)?)
}

#[tauri::command(async)]
pub fn init_demo(state: State<'_, AppState>) -> IpcResult<DemoArchive> {
    state.init_demo().map(|info| DemoArchive::new(info.into()))
}

#[tauri::command(async)]
pub fn discard_demo(state: State<'_, AppState>) -> IpcResult<()> {
    state.discard_demo()
}

/// Rebuilds the data dir from the media at `from`; on completion `admin_name` is signed in.
#[tauri::command]
pub async fn start_recover(
    state: State<'_, AppState>,
    job_id: String,
    from: Vec<String>,
    admin_name: String,
    admin_password: String,
    on_progress: Channel<JobEvent>,
) -> IpcResult<RecoverOutcome> {
    let from: Vec<PathBuf> = from.iter().map(|p| PathBuf::from(p.trim())).filter(|p| !p.as_os_str().is_empty()).collect();
    let dir = state.data_dir().to_path_buf();
    let (name, password) = (admin_name.clone(), admin_password.clone());
    let report = jobs::spawn(&state, &recover_job(&job_id), on_progress, move |p, c| recover(&dir, &from, &name, &password, p, c)).await?;
    sign_in_after(&state, &report, &admin_name, &admin_password)?;
    Ok(report.into())
}

/// Open like the rebuild itself: nobody can be signed in before the archive exists.
#[tauri::command(async)]
pub fn cancel_recover(state: State<'_, AppState>, job_id: String) -> IpcResult<()> {
    state.jobs().cancel(&recover_job(&job_id))
}

// Its own key space, so the unguarded cancel reaches no signed-in user's job.
fn recover_job(job_id: &str) -> String {
    format!("recover:{job_id}")
}

pub fn recover(
    dir: &Path,
    from: &[PathBuf],
    name: &str,
    password: &str,
    progress: &dyn Progress,
    cancel: &CancelToken,
) -> IpcResult<RecoverReport> {
    Ok(Archive::recover(dir, from, name, password, Utc::now(), progress, cancel)?)
}

/// A finished rebuild opens the archive as the admin who ran it; a cancelled one leaves
/// the wizard showing (running it again continues).
pub fn sign_in_after(state: &AppState, report: &RecoverReport, name: &str, password: &str) -> IpcResult<()> {
    if !report.cancelled {
        state.login(name, password)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use dengji_core::{IntakeTarget, MediumKind, NewUnit, NoProgress, RecordKind, Role, UnitKind};

    use super::*;
    use crate::commands::archive::{init_with_policies, Wizard};
    use crate::dto::{Policies, SettingsImport};

    const PW: &str = "管理员密码1234";
    const KEY: &str = "测试档案馆机构密钥口令";

    fn wizard() -> Wizard<'static> {
        Wizard { archive_name: "测试档案馆", region_code: "330102", admin_name: "管理员", admin_password: PW }
    }

    fn policies(copy_sets: u32) -> Policies {
        Policies {
            four_eyes: false,
            idle_lock_minutes: 10,
            copy_sets_required: copy_sets,
            check_cycle_months: BTreeMap::from([("optical".to_string(), 36)]),
            domains: vec!["林业".into()],
        }
    }

    #[test]
    fn a_new_archive_takes_the_wizard_policies_and_refuses_bad_ones_before_init() {
        let tmp = tempfile::tempdir().unwrap();
        let state = AppState::new(tmp.path().join("archive"));
        let err = init_with_policies(&state, wizard(), policies(0), KEY).unwrap_err();
        assert!(err.message.contains("备份套数"), "{err:?}");
        assert!(!state.is_initialised(), "a refused policy must leave no archive behind");
        let err = init_with_policies(&state, wizard(), policies(3), "太短的口令").unwrap_err();
        assert_eq!(err.code, "key_passphrase_weak", "{err:?}");
        assert!(!state.is_initialised(), "a refused key passphrase must leave no archive behind");

        init_with_policies(&state, wizard(), policies(3), KEY).unwrap();
        assert_eq!(state.actor().unwrap().name(), "管理员");
        // The wizard made the key, and the admin who typed its passphrase can sign at once.
        let (key, unlocked) = state.with_archive(|a| Ok((a.active_key()?, a.key_unlocked()))).unwrap();
        assert_eq!(key.map(|k| k.number), Some(1));
        assert!(unlocked);
        let (sets, optical, four_eyes, domains) = state
            .with_archive(|a| Ok((a.copy_sets_required()?, a.check_cycle_months(MediumKind::Optical)?, a.four_eyes()?, a.domains()?)))
            .unwrap();
        assert_eq!((sets, optical, four_eyes), (3, 36, false));
        assert!(domains.contains(&"林业".to_string()), "{domains:?}");
    }

    #[test]
    fn a_settings_file_round_trips_into_a_preview_and_an_import() {
        let tmp = tempfile::tempdir().unwrap();
        let first = AppState::new(tmp.path().join("first"));
        init_with_policies(&first, wizard(), policies(3), KEY).unwrap();
        let path = tmp.path().join("设置.json");
        let file = first.act(|a, s| a.export_settings(s)).unwrap();
        std::fs::write(&path, file.to_json()).unwrap();

        let preview: SettingsPreview = read(&path).unwrap().into();
        assert_eq!((preview.archive_name.as_str(), preview.policies.copy_sets_required), ("测试档案馆", 3));

        let second = AppState::new(tmp.path().join("second"));
        second.init("测试档案馆", "330102", "管理员", PW).unwrap();
        let file = read(&path).unwrap();
        let out: SettingsImport = second.act(|a, s| a.import_settings(&file, s)).unwrap().into();
        assert!(out.changed.iter().any(|c| c.contains("备份套数：2 → 3")), "{out:?}");
        assert_eq!(out.domains_added, vec!["林业".to_string()]);

        std::fs::write(&path, "{}").unwrap();
        assert_eq!(read(&path).unwrap_err().code, "bad_settings_file");
        assert_eq!(read(&tmp.path().join("没有.json")).unwrap_err().code, "io");
    }

    #[test]
    fn the_demo_archive_is_marked_and_ends_back_at_the_wizard() {
        let tmp = tempfile::tempdir().unwrap();
        let state = AppState::new(tmp.path().join("archive"));
        let demo = DemoArchive::new(state.init_demo().unwrap().into());
        assert!(demo.info.demo);
        assert_eq!(demo.accounts[0], "演示管理员");
        assert_eq!(state.actor().unwrap().name(), "演示管理员");
        state.discard_demo().unwrap();
        assert!(!state.is_initialised());
        assert_eq!(state.actor().unwrap_err().code, "not_signed_in");

        let real = AppState::new(tmp.path().join("real"));
        real.init("测试档案馆", "330102", "管理员", PW).unwrap();
        assert_eq!(real.discard_demo().unwrap_err().code, "not_demo");
        assert!(real.is_initialised(), "a real archive is never deleted");
    }

    #[test]
    fn a_rebuild_from_a_medium_signs_the_admin_in_on_a_new_workstation() {
        let tmp = tempfile::tempdir().unwrap();
        let old = tmp.path().join("old");
        let (mut a, admin) = Archive::init(&old, "测试档案馆", "330102", "管理员", PW, Utc::now()).unwrap();
        let admin = admin.stamp(Utc::now());
        a.set_four_eyes(false, &admin).unwrap();
        a.add_user("登记员", "登记员密码1234", &[Role::Clerk, Role::Reviewer], &admin).unwrap();
        let stamp = a.login("登记员", "登记员密码1234", Utc::now()).unwrap().stamp(Utc::now());
        let unit = NewUnit { name: "张三".into(), kind: UnitKind::Individual, uscc: None, domain: None, force: false };
        let unit = a.add_unit(unit, &stamp).unwrap().id;
        let src = tmp.path().join("src");
        std::fs::create_dir_all(&src).unwrap();
        std::fs::write(src.join("a.txt"), "甲").unwrap();
        let target = IntakeTarget::New { unit, title: "测试".into(), kind: RecordKind::Electronic };
        let draft = a.intake(target, &[src], &stamp, &NoProgress, &CancelToken::new()).unwrap();
        a.accept_check_errors(draft.id, dengji_core::AcceptScope::All, "测试数据", &stamp).unwrap();
        a.seal(draft.id, Some("测试"), &stamp).unwrap();
        let medium = tmp.path().join("A1");
        std::fs::create_dir_all(&medium).unwrap();
        a.add_medium(&medium, "A1", "A", MediumKind::Usb, None, &stamp).unwrap();
        a.backup(&medium, &stamp, &NoProgress, &CancelToken::new()).unwrap();
        drop(a);

        let state = AppState::new(tmp.path().join("new"));
        let channel: Channel<JobEvent> = Channel::new(|_| Ok(()));
        let from = [medium];
        let cancelled = CancelToken::new();
        cancelled.cancel();
        let report = jobs::reporting(&channel, |p| recover(state.data_dir(), &from, "管理员", PW, p, &cancelled)).unwrap();
        assert!(report.cancelled, "{report:?}");
        sign_in_after(&state, &report, "管理员", PW).unwrap();
        assert_eq!(state.actor().unwrap_err().code, "not_signed_in", "a cancelled rebuild signs nobody in");

        let wrong = jobs::reporting(&channel, |p| recover(state.data_dir(), &from, "管理员", "错误的密码1234", p, &CancelToken::new()))
            .unwrap_err();
        assert_eq!(wrong.code, "bad_credentials", "{wrong:?}");
        assert_eq!(state.actor().unwrap_err().code, "not_signed_in");

        let report = jobs::reporting(&channel, |p| recover(state.data_dir(), &from, "管理员", PW, p, &CancelToken::new())).unwrap();
        sign_in_after(&state, &report, "管理员", PW).unwrap();
        let out: RecoverOutcome = report.into();
        assert_eq!((out.registrations, out.complete, out.cancelled), (1, 1, false), "{out:?}");
        assert_eq!(state.actor().unwrap().name(), "管理员");
        assert_eq!(state.with_archive(|a| a.registrations()).unwrap().len(), 1);
    }
}
