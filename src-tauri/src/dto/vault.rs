//! The vault check and its repair from a medium.

pub use core::ChunkProblem;
pub use core::VaultProblem;
use dengji_core as core;
use serde::Serialize;
use ts_rs::TS;

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, export_to = "../../ui/src/bindings/")]
pub struct VaultVerifyOutcome {
    pub objects: u64,
    pub bytes: u64,
    pub problems: Vec<VaultProblem>,
    pub ok: bool,
    pub cancelled: bool,
}

impl From<core::VaultReport> for VaultVerifyOutcome {
    fn from(r: core::VaultReport) -> Self {
        VaultVerifyOutcome {
            objects: r.objects,
            bytes: r.bytes,
            ok: r.problems.is_empty() && !r.cancelled,
            problems: r.problems,
            cancelled: r.cancelled,
        }
    }
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, export_to = "../../ui/src/bindings/")]
pub struct VaultRepairOutcome {
    // The label of the medium the good copies came from.
    pub medium: String,
    pub objects: u64,
    pub found: usize,
    pub repaired: usize,
    pub quarantined: usize,
    pub unrepaired: Vec<VaultProblem>,
    pub ok: bool,
    pub cancelled: bool,
}

impl From<core::VaultRepairReport> for VaultRepairOutcome {
    fn from(r: core::VaultRepairReport) -> Self {
        VaultRepairOutcome {
            ok: r.ok(),
            medium: r.medium,
            objects: r.objects,
            found: r.found,
            repaired: r.repaired.len(),
            quarantined: r.quarantined.len(),
            unrepaired: r.unrepaired,
            cancelled: r.cancelled,
        }
    }
}
