//! Intake requests and what an intake reports.

use std::path::PathBuf;

use dengji_core as core;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::IpcError;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, export_to = "../../ui/src/bindings/")]
pub enum RecordKind {
    PaperScan,
    Electronic,
    BusinessData,
}

impl From<core::RecordKind> for RecordKind {
    fn from(k: core::RecordKind) -> Self {
        match k {
            core::RecordKind::PaperScan => RecordKind::PaperScan,
            core::RecordKind::Electronic => RecordKind::Electronic,
            core::RecordKind::BusinessData => RecordKind::BusinessData,
        }
    }
}

impl From<RecordKind> for core::RecordKind {
    fn from(k: RecordKind) -> Self {
        match k {
            RecordKind::PaperScan => core::RecordKind::PaperScan,
            RecordKind::Electronic => core::RecordKind::Electronic,
            RecordKind::BusinessData => core::RecordKind::BusinessData,
        }
    }
}

// Either `draftId` (add to / resume a draft), `seriesId` (+ `period`, optionally `title`: a
// series' next hand-over) or `unitId` + `title` + `kind` (new draft).
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, export_to = "../../ui/src/bindings/")]
pub struct IntakeRequest {
    // Chosen by the frontend; `cancel_job` takes it.
    pub job_id: String,
    pub draft_id: Option<i64>,
    pub unit_id: Option<i64>,
    pub title: Option<String>,
    pub kind: Option<RecordKind>,
    pub series_id: Option<i64>,
    pub period: Option<String>,
    pub paths: Vec<String>,
}

impl IntakeRequest {
    pub fn target(&self) -> Result<core::IntakeTarget, IpcError> {
        if let Some(id) = self.draft_id {
            return Ok(core::IntakeTarget::Draft(core::RegistrationId(id)));
        }
        if let Some(id) = self.series_id {
            let given = |v: &Option<String>| v.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(str::to_string);
            return Ok(core::IntakeTarget::Series { series: core::SeriesId(id), period: given(&self.period), title: given(&self.title) });
        }
        match (self.unit_id, &self.title, self.kind) {
            (Some(unit), Some(title), Some(kind)) => {
                Ok(core::IntakeTarget::New { unit: core::UnitId(unit), title: title.clone(), kind: kind.into() })
            }
            (unit, title, kind) => {
                let missing: Vec<&str> = [(unit.is_none(), "登记单位"), (title.is_none(), "题名"), (kind.is_none(), "档案类型")]
                    .into_iter()
                    .filter_map(|(m, what)| m.then_some(what))
                    .collect();
                Err(IpcError::bad_request(format!("新建登记缺少{}：请补全后再接收。", missing.join("、"))))
            }
        }
    }

    pub fn sources(&self) -> Vec<PathBuf> {
        self.paths.iter().map(PathBuf::from).collect()
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, export_to = "../../ui/src/bindings/")]
pub struct IntakeOutcome {
    pub draft_id: i64,
    // Files read and catalogued by this run (not counting unchanged ones from earlier runs).
    pub files: u64,
    pub bytes: u64,
    pub cancelled: bool,
    // Open blocking findings on the draft after this run.
    pub findings: usize,
    // The four-property check that closed the run (none when cancelled).
    pub check: Option<super::CheckSummary>,
}

impl From<core::IntakeReport> for IntakeOutcome {
    fn from(r: core::IntakeReport) -> Self {
        IntakeOutcome {
            draft_id: r.id.0,
            files: r.files,
            bytes: r.bytes,
            cancelled: r.cancelled,
            findings: r.findings,
            check: r.check.map(|c| c.summary),
        }
    }
}
