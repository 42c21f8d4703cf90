//! A long job's progress, as every job's Channel streams it to the UI (intake, backup,
//! verification, repair, restore, recover, the check, reports …).

use dengji_core as core;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

pub use core::Phase as JobPhase;

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, export_to = "../../ui/src/bindings/")]
pub struct JobEvent {
    pub phase: JobPhase,
    pub files_done: u64,
    pub files_total: u64,
    pub bytes_done: u64,
    pub bytes_total: u64,
    pub current_path: Option<String>,
    pub elapsed_ms: u64,
}

impl From<&core::JobProgress> for JobEvent {
    fn from(p: &core::JobProgress) -> Self {
        JobEvent {
            phase: p.phase,
            files_done: p.files_done,
            files_total: p.files_total,
            bytes_done: p.bytes_done,
            bytes_total: p.bytes_total,
            current_path: p.current.clone(),
            elapsed_ms: u64::try_from(p.elapsed.as_millis()).unwrap_or(u64::MAX),
        }
    }
}
