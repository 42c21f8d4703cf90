//! Attestation (鉴证) of files dropped on or picked in the app, and its report (鉴证报告).

use std::path::PathBuf;

use dengji_core::AccessEvent;
use tauri::ipc::Channel;
use tauri::State;

use crate::commands::jobs::run_job;
use crate::dto::{Attestation, JobEvent};
use crate::error::IpcResult;
use crate::save_path;
use crate::state::AppState;

/// Hashes each file and looks it up among the sealed registrations; recorded in the
/// ledger. A job of its own (a folder of presented files takes a while): progress over
/// the channel, cancel by `job_id`, and the rest of the app usable meanwhile.
#[tauri::command]
pub async fn start_attest(
    state: State<'_, AppState>,
    job_id: String,
    paths: Vec<String>,
    on_progress: Channel<JobEvent>,
) -> IpcResult<Attestation> {
    let paths: Vec<PathBuf> = paths.into_iter().map(PathBuf::from).collect();
    let attestation = run_job(&state, &job_id, on_progress, move |a, s, p, c| a.attest_with(&paths, s, p, c)).await?;
    state.attestations().keep(attestation.seq, attestation.clone())?;
    Ok(attestation.into())
}

/// Writes the report of attestation `seq` (made in this sign-in) to `path`, picked by the
/// user in the save dialog.
#[tauri::command(async)]
pub fn save_attestation_report(state: State<'_, AppState>, seq: i64, path: String) -> IpcResult<()> {
    save_report(&state, seq, &path)
}

/// The attestation as the job does it, without a channel (the tests' way in).
#[cfg(test)]
fn attest_files(state: &AppState, paths: Vec<String>) -> IpcResult<Attestation> {
    let paths: Vec<PathBuf> = paths.into_iter().map(PathBuf::from).collect();
    let attestation = state.act(|a, s| a.attest(&paths, s))?;
    state.attestations().keep(attestation.seq, attestation.clone())?;
    Ok(attestation.into())
}

fn save_report(state: &AppState, seq: i64, path: &str) -> IpcResult<()> {
    let path = save_path::target(path, "pdf")?;
    let attestation = state.attestations().get(seq)?;
    let (pdf, sig) = state
        .with_archive(|a| a.attestation_report(&attestation).map(|pdf| (a.report_signature(&pdf), pdf)))
        .map(|(sig, pdf)| (pdf, sig))?;
    save_path::write(&path, &pdf)?;
    save_signature(&path, sig)?;
    state.record(AccessEvent::Export, &format!("attestation:{seq}"), serde_json::json!({"what": "attestation_report", "out": path}))
}

/// The archive key's signature of a saved report, beside it as `<name>.sig` (when the
/// key is unlocked in this sign-in).
pub(crate) fn save_signature(path: &std::path::Path, sig: Option<Vec<u8>>) -> IpcResult<()> {
    let Some(sig) = sig else { return Ok(()) };
    save_path::write(&dengji_core::cert::signature_path(path), &sig)
}

#[cfg(test)]
pub(crate) mod tests {
    use dengji_core::Role;

    use super::*;

    pub const CLERK_PW: &str = "登记员密码1234";

    /// An initialised archive with a clerk, who is signed in.
    pub fn clerk_state(dir: &std::path::Path) -> AppState {
        let state = AppState::new(dir.join("archive"));
        state.init("测试档案馆", "330102", "管理员", "管理员密码1234").unwrap();
        state.act(|a, s| a.add_user("登记员", CLERK_PW, &[Role::Clerk], s)).unwrap();
        state.login("登记员", CLERK_PW).unwrap();
        state
    }

    /// `clerk_state` with a unit and a one-file draft (title 测试) the clerk took in; the
    /// admin then adds 审核员 (password 审核员密码1234). The clerk stays signed in.
    pub fn clerk_with_draft(dir: &std::path::Path) -> (AppState, dengji_core::RegistrationId) {
        use dengji_core::{CancelToken, IntakeTarget, NewUnit, NoProgress, RecordKind, UnitKind};
        let state = clerk_state(dir);
        let src = dir.join("src");
        std::fs::create_dir_all(&src).unwrap();
        std::fs::write(src.join("a.txt"), "甲").unwrap();
        let unit = NewUnit { name: "张三".into(), kind: UnitKind::Individual, uscc: None, domain: None, force: false };
        let unit = state.act(|a, s| a.add_unit(unit, s)).unwrap().id;
        let target = IntakeTarget::New { unit, title: "测试".into(), kind: RecordKind::Electronic };
        let draft = state.act(|a, s| a.intake(target, &[src], s, &NoProgress, &CancelToken::new())).unwrap().id;
        state.login("管理员", "管理员密码1234").unwrap();
        state.act(|a, s| a.add_user("审核员", "审核员密码1234", &[Role::Reviewer], s)).unwrap();
        state.login("登记员", CLERK_PW).unwrap();
        (state, draft)
    }

    #[test]
    fn the_report_of_an_attestation_is_saved_as_a_pdf() {
        let tmp = tempfile::tempdir().unwrap();
        let state = clerk_state(tmp.path());
        let file = tmp.path().join("提交的文件.txt");
        std::fs::write(&file, "内容").unwrap();
        let result = attest_files(&state, vec![file.display().to_string()]).unwrap();
        assert!(result.files[0].matches.is_empty());

        let out = tmp.path().join("鉴证报告.pdf");
        save_report(&state, result.seq, &out.display().to_string()).unwrap();
        assert!(std::fs::read(&out).unwrap().starts_with(b"%PDF"));

        let txt = tmp.path().join("鉴证报告.txt").display().to_string();
        assert_eq!(save_report(&state, result.seq, &txt).unwrap_err().code, "bad_request");
        let other = tmp.path().join("其他.pdf").display().to_string();
        assert_eq!(save_report(&state, result.seq + 100, &other).unwrap_err().code, "not_found");
        // The results go with the sign-in.
        state.logout().unwrap();
        state.login("登记员", CLERK_PW).unwrap();
        assert_eq!(save_report(&state, result.seq, &other).unwrap_err().code, "not_found");
        assert!(!tmp.path().join("其他.pdf").exists());
    }
}
