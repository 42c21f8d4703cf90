//! The four-property check (四性检测): a long job like backup (own archive on a blocking
//! thread, progress over a channel, cancellable), its PDF report, and the kept summaries.

use dengji_core::{AcceptScope, RegistrationId};
use tauri::ipc::Channel;
use tauri::State;

use crate::commands::jobs::run_job;
use crate::dto::{CheckAcceptance, CheckError, CheckRecord, CheckReport, JobEvent};
use crate::error::IpcResult;
use crate::save_path;
use crate::state::AppState;

#[tauri::command]
pub async fn start_check(
    state: State<'_, AppState>,
    job_id: String,
    registration_id: i64,
    on_progress: Channel<JobEvent>,
) -> IpcResult<CheckReport> {
    let id = RegistrationId(registration_id);
    let report = run_job(&state, &job_id, on_progress, move |a, s, p, c| a.check(id, s, p, c)).await?;
    kept(&state, report)
}

/// Writes the report (四性检测报告) of check `record`, run in this sign-in, to `path`.
#[tauri::command(async)]
pub fn save_check_report(state: State<'_, AppState>, record: i64, path: String) -> IpcResult<()> {
    save_report(&state, record, &path)
}

/// The check summaries kept with a registration, oldest first.
#[tauri::command(async)]
pub fn list_checks(state: State<'_, AppState>, registration_id: i64) -> IpcResult<Vec<CheckRecord>> {
    state.with_archive(|a| a.checks(RegistrationId(registration_id))).map(|cs| cs.into_iter().map(Into::into).collect())
}

/// The error findings of a draft's current content, each with its acceptance (not kept).
#[tauri::command(async)]
pub fn check_errors(state: State<'_, AppState>, draft_id: i64) -> IpcResult<Vec<CheckError>> {
    state.act(|a, s| a.check_errors(RegistrationId(draft_id), s)).map(|es| es.into_iter().map(Into::into).collect())
}

/// A reviewer accepts error findings with a reason: one rule's (of one item when given), or
/// every open one when `rule` is null.
#[tauri::command(async)]
pub fn accept_check_errors(
    state: State<'_, AppState>,
    draft_id: i64,
    rule: Option<String>,
    item: Option<String>,
    reason: String,
) -> IpcResult<Vec<CheckAcceptance>> {
    let scope = match &rule {
        Some(rule) => AcceptScope::Rule { rule, item: item.as_deref() },
        None => AcceptScope::All,
    };
    state.act(|a, s| a.accept_check_errors(RegistrationId(draft_id), scope, &reason, s)).map(|v| v.into_iter().map(Into::into).collect())
}

/// A completed check stays available for its PDF report.
fn kept(state: &AppState, report: dengji_core::CheckReport) -> IpcResult<CheckReport> {
    if let Some(record) = report.record {
        state.checks().keep(record.0, report.clone())?;
    }
    Ok(report.into())
}

fn save_report(state: &AppState, record: i64, path: &str) -> IpcResult<()> {
    let path = save_path::target(path, "pdf")?;
    let report = state.checks().get(record)?;
    let (pdf, sig) =
        state.with_archive(|a| a.check_report(&report).map(|pdf| (a.report_signature(&pdf), pdf))).map(|(sig, pdf)| (pdf, sig))?;
    save_path::write(&path, &pdf)?;
    crate::commands::attest::save_signature(&path, sig)?;
    let detail = serde_json::json!({"what": "check_report", "out": path});
    state.record(dengji_core::AccessEvent::Export, &report.registration.subject(), detail)
}

#[cfg(test)]
mod tests {
    use dengji_core::{CancelToken, IntakeTarget, NewUnit, NoProgress, RecordKind, UnitKind};

    use super::*;
    use crate::commands::attest::tests::clerk_state;
    use crate::dto::CheckProperty;

    #[test]
    fn a_check_is_kept_for_its_report_and_listed() {
        let tmp = tempfile::tempdir().unwrap();
        let state = clerk_state(tmp.path());
        let src = tmp.path().join("src");
        std::fs::create_dir_all(&src).unwrap();
        std::fs::write(src.join("空文件.txt"), "").unwrap();
        let unit = NewUnit { name: "张三".into(), kind: UnitKind::Individual, uscc: None, domain: None, force: false };
        let unit = state.act(|a, s| a.add_unit(unit, s)).unwrap().id;
        let target = IntakeTarget::New { unit, title: "测试".into(), kind: RecordKind::Electronic };
        let draft = state.act(|a, s| a.intake(target, &[src], s, &NoProgress, &CancelToken::new())).unwrap().id;

        let core_report = state.act(|a, s| a.check(draft, s, &NoProgress, &CancelToken::new())).unwrap();
        let report = kept(&state, core_report).unwrap();
        assert!(report.findings.iter().any(|f| f.property == CheckProperty::Integrity && f.rule == "integrity.empty_file"));
        let record = report.record.expect("a completed check is kept");
        let out = tmp.path().join("四性检测报告.pdf");
        save_report(&state, record, &out.display().to_string()).unwrap();
        assert!(std::fs::read(&out).unwrap().starts_with(b"%PDF"));
        // Listed after the check that closed the intake.
        let listed = state.with_archive(|a| a.checks(draft)).unwrap();
        assert_eq!(listed.iter().map(|c| (c.at_intake, c.id.0 == record)).collect::<Vec<_>>(), [(true, false), (false, true)]);

        // A cancelled check keeps nothing to report on.
        let cancel = CancelToken::new();
        cancel.cancel();
        let cancelled = kept(&state, state.act(|a, s| a.check(draft, s, &NoProgress, &cancel)).unwrap()).unwrap();
        assert!(cancelled.cancelled && cancelled.record.is_none());
    }
}
