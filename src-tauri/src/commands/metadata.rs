//! Descriptive metadata (著录) of a draft's items, and catalogue import (目录导入).

use std::path::PathBuf;

use dengji_core::{Field, ItemId, RegistrationId, CLASSIFICATIONS};
use tauri::ipc::Channel;
use tauri::State;

use crate::commands::jobs::run_job;
use crate::dto::{CatalogueColumn, CatalogueImport, ItemMeta, JobEvent};
use crate::error::IpcResult;
use crate::state::AppState;

/// Replaces one item's metadata on a draft; returns it as stored (dates normalised).
#[tauri::command(async)]
pub fn set_item_meta(state: State<'_, AppState>, draft_id: i64, item_id: i64, meta: ItemMeta) -> IpcResult<ItemMeta> {
    set_meta(&state, draft_id, item_id, meta)
}

fn set_meta(state: &AppState, draft_id: i64, item_id: i64, meta: ItemMeta) -> IpcResult<ItemMeta> {
    state.act(|a, s| a.set_item_meta(RegistrationId(draft_id), ItemId(item_id), &meta.into(), s)).map(Into::into)
}

/// The unit's hand-over reference (移交单号) of a draft; empty clears it.
#[tauri::command(async)]
pub fn set_handover_ref(state: State<'_, AppState>, draft_id: i64, reference: String) -> IpcResult<()> {
    state.act(|a, s| a.set_handover_ref(RegistrationId(draft_id), &reference, s))
}

/// The 密级 values the core accepts, for the edit form.
#[tauri::command(async)]
pub fn list_classifications() -> Vec<String> {
    CLASSIFICATIONS.iter().map(|c| c.to_string()).collect()
}

/// Reads the catalogue at `path` (CSV or XLSX, picked by the clerk) against the draft: the
/// report only, unless `apply` (the clerk confirmed it). `mapping` names the field of the
/// columns the clerk changed, over the unit's remembered mapping and the usual headers.
/// A job (a catalogue of many thousand rows takes a while): progress over the channel,
/// cancel by `job_id`, nothing written when cancelled.
#[tauri::command]
pub async fn start_import_catalogue(
    state: State<'_, AppState>,
    job_id: String,
    draft_id: i64,
    path: String,
    mapping: Vec<CatalogueColumn>,
    apply: bool,
    on_progress: Channel<JobEvent>,
) -> IpcResult<CatalogueImport> {
    let overrides = overrides(mapping);
    let (id, path) = (RegistrationId(draft_id), PathBuf::from(path));
    run_job(&state, &job_id, on_progress, move |a, s, p, c| a.import_catalogue_with(id, &path, &overrides, apply, s, p, c))
        .await
        .map(Into::into)
}

fn overrides(mapping: Vec<CatalogueColumn>) -> Vec<(String, Field)> {
    mapping.into_iter().filter_map(|c| Some((c.header, c.field?.into()))).collect()
}

/// The import as the job does it, without a channel (the tests' way in).
#[cfg(test)]
fn import(state: &AppState, draft_id: i64, path: &str, mapping: Vec<CatalogueColumn>, apply: bool) -> IpcResult<CatalogueImport> {
    let overrides = overrides(mapping);
    state.act(|a, s| a.import_catalogue(RegistrationId(draft_id), std::path::Path::new(path), &overrides, apply, s)).map(Into::into)
}

#[cfg(test)]
mod tests {
    use dengji_core::{CancelToken, IntakeTarget, NewUnit, NoProgress, RecordKind, UnitKind};

    use super::*;
    use crate::commands::attest::tests::clerk_state;
    use crate::dto::{CatalogueField, Retention};

    /// A clerk's draft of `a.pdf` and `b.pdf`.
    fn draft(tmp: &std::path::Path) -> (AppState, i64) {
        let state = clerk_state(tmp);
        let src = tmp.join("src");
        std::fs::create_dir_all(&src).unwrap();
        std::fs::write(src.join("a.pdf"), "甲").unwrap();
        std::fs::write(src.join("b.pdf"), "乙").unwrap();
        let unit = NewUnit { name: "张三".into(), kind: UnitKind::Individual, uscc: None, domain: None, force: false };
        let unit = state.act(|a, s| a.add_unit(unit, s)).unwrap().id;
        let target = IntakeTarget::New { unit, title: "测试".into(), kind: RecordKind::Electronic };
        let draft = state.act(|a, s| a.intake(target, &[src], s, &NoProgress, &CancelToken::new())).unwrap().id;
        (state, draft.0)
    }

    fn meta_of(state: &AppState, draft: i64) -> Vec<dengji_core::ItemMeta> {
        state.with_archive(|a| a.item_meta(RegistrationId(draft))).unwrap().into_iter().map(|(_, m)| m).collect()
    }

    #[test]
    fn item_metadata_is_checked_and_normalised() {
        let tmp = tempfile::tempdir().unwrap();
        let (state, draft) = draft(tmp.path());
        let item = state.with_archive(|a| a.items(RegistrationId(draft))).unwrap()[0].id.0;
        let meta = ItemMeta {
            title: Some("关于某事的通知".into()),
            date: Some("2020年3月5日".into()),
            retention: Some(Retention::Years30),
            pages: Some(3),
            ..ItemMeta::default()
        };
        let saved = set_meta(&state, draft, item, meta.clone()).unwrap();
        assert_eq!((saved.date.as_deref(), saved.retention), (Some("2020-03-05"), Some(Retention::Years30)));
        let bad = ItemMeta { date: Some("去年".into()), ..meta };
        let err = set_meta(&state, draft, item, bad).unwrap_err();
        assert_eq!(err.code, "bad_metadata");
        assert!(err.message.contains("日期"), "{}", err.message);
        assert_eq!(meta_of(&state, draft)[0].title.as_deref(), Some("关于某事的通知"));

        state.act(|a, s| a.set_handover_ref(RegistrationId(draft), " YJ-2025-017 ", s)).unwrap();
        let summary: crate::dto::RegistrationSummary = state.with_archive(|a| a.registration(RegistrationId(draft))).unwrap().into();
        assert_eq!(summary.handover_ref.as_deref(), Some("YJ-2025-017"));
    }

    #[test]
    fn a_catalogue_is_reported_first_and_applied_on_confirmation() {
        let tmp = tempfile::tempdir().unwrap();
        let (state, draft) = draft(tmp.path());
        let csv = tmp.path().join("目录.csv");
        std::fs::write(&csv, "电子文件名,名称,日期\na.pdf,甲文件,2020-01-02\nc.pdf,丙文件,2020\n").unwrap();
        let path = csv.display().to_string();
        let preview = import(&state, draft, &path, vec![], false).unwrap();
        assert_eq!(
            (preview.matched, preview.unmatched_rows.len(), preview.files_without_row.clone()),
            (2 - 1, 1, vec!["src/b.pdf".to_string()])
        );
        assert_eq!(preview.columns[1].field, None, "名称 is no usual header");
        assert!(!preview.applied && meta_of(&state, draft).iter().all(|m| m.is_empty()), "nothing written before confirmation");

        let mapping = vec![CatalogueColumn { header: "名称".into(), field: Some(CatalogueField::Title) }];
        let applied = import(&state, draft, &path, mapping, true).unwrap();
        assert_eq!((applied.applied, applied.items_updated), (true, 1));
        assert_eq!(applied.columns[1].field, Some(CatalogueField::Title));
        assert_eq!(meta_of(&state, draft)[0].title.as_deref(), Some("甲文件"));
    }
}
