//! Reading registrations and the draft-only edits, up to sealing.

use dengji_core::{ItemId, RegistrationId};
use tauri::State;

use crate::dto::{DiscardReport, Overview, RegistrationDetail, RegistrationPage, RegistrationQuery, RegistrationSummary, SealOutcome};
use crate::error::{IpcError, IpcResult};
use crate::state::AppState;

#[tauri::command(async)]
pub fn list_registrations(state: State<'_, AppState>) -> IpcResult<Vec<RegistrationSummary>> {
    state.with_archive(|a| a.registrations()).map(|regs| regs.into_iter().map(Into::into).collect())
}

/// 登记记录 a page at a time: a centre's hundred thousand registrations are not sent whole.
#[tauri::command(async)]
pub fn registration_page(state: State<'_, AppState>, query: RegistrationQuery) -> IpcResult<RegistrationPage> {
    state.with_archive(|a| a.registration_page(&query.into())).map(Into::into)
}

/// The dashboard's counts and its newest registrations, without reading the whole list.
#[tauri::command(async)]
pub fn dashboard_overview(state: State<'_, AppState>) -> IpcResult<Overview> {
    state.with_archive(|a| a.overview(chrono::Utc::now(), RECENT)).map(Into::into)
}

/// Registrations the dashboard lists.
const RECENT: usize = 8;

#[tauri::command(async)]
pub fn get_registration(state: State<'_, AppState>, id: i64) -> IpcResult<RegistrationDetail> {
    state.with_archive(|a| RegistrationDetail::load(a, id))
}

#[tauri::command(async)]
pub fn remove_items(state: State<'_, AppState>, draft_id: i64, item_ids: Vec<i64>) -> IpcResult<usize> {
    let items: Vec<ItemId> = item_ids.into_iter().map(ItemId).collect();
    state.act(|a, s| a.remove_items(RegistrationId(draft_id), &items, s))
}

#[tauri::command(async)]
pub fn accept_findings(state: State<'_, AppState>, draft_id: i64, reason: String) -> IpcResult<usize> {
    state.act(|a, s| a.accept_findings(RegistrationId(draft_id), &reason, s))
}

#[tauri::command(async)]
pub fn seal_registration(state: State<'_, AppState>, draft_id: i64, confirm_draft: i64) -> IpcResult<SealOutcome> {
    seal(&state, draft_id, confirm_draft)
}

/// Seals once the reviewer typed the draft's own number (the dialog asks for it).
pub(crate) fn seal(state: &AppState, draft_id: i64, confirm_draft: i64) -> IpcResult<SealOutcome> {
    if confirm_draft != draft_id {
        return Err(IpcError::app(
            crate::error::AppCode::SealConfirm,
            format!("输入的编号 {confirm_draft} 不是草稿 #{draft_id} 的编号，未封存。"),
        ));
    }
    state.act(|a, s| a.seal(RegistrationId(draft_id), None, s)).map(Into::into)
}

#[cfg(test)]
mod tests {
    use dengji_core::Status;

    use super::*;
    use crate::commands::attest::tests::clerk_with_draft;

    #[test]
    fn sealing_needs_the_drafts_own_number_typed() {
        let tmp = tempfile::tempdir().unwrap();
        let (state, draft) = clerk_with_draft(tmp.path());
        state.login("审核员", "审核员密码1234").unwrap();

        let err = seal(&state, draft.0, draft.0 + 1).unwrap_err();
        assert_eq!(err.code, "seal_confirm");
        assert_eq!(state.with_archive(|a| a.registration(draft)).unwrap().status, Status::Draft);
        // The check gate speaks through the same typed error.
        assert_eq!(seal(&state, draft.0, draft.0).unwrap_err().code, "seal_check_errors");
        state.act(|a, s| a.accept_check_errors(draft, dengji_core::AcceptScope::All, "测试数据", s)).unwrap();
        let outcome = seal(&state, draft.0, draft.0).unwrap();
        assert!(outcome.registration_number.ends_with("-000001"), "{outcome:?}");
    }
}

#[tauri::command(async)]
pub fn discard_draft(state: State<'_, AppState>, draft_id: i64, reason: String) -> IpcResult<DiscardReport> {
    state.act(|a, s| a.discard_draft(RegistrationId(draft_id), &reason, s)).map(Into::into)
}
