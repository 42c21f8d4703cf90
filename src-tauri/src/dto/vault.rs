//! The vault check and its repair from a medium.

use dengji_core as core;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, export_to = "../../ui/src/bindings/")]
pub struct VaultProblem {
    pub sha256: String,
    // "missing" or "changed".
    pub kind: String,
    // "registration number path" of each item that holds the object.
    pub items: Vec<String>,
    // A file stored as chunks: its damaged chunks, each with every file that uses it.
    pub chunks: Vec<ChunkProblem>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, export_to = "../../ui/src/bindings/")]
pub struct ChunkProblem {
    pub sha256: String,
    // "missing" or "changed".
    pub kind: String,
    pub items: Vec<String>,
}

impl From<core::VaultProblem> for VaultProblem {
    fn from(p: core::VaultProblem) -> Self {
        let chunks =
            p.chunks.into_iter().map(|c| ChunkProblem { sha256: c.sha256.to_hex(), kind: c.kind.to_string(), items: c.items }).collect();
        VaultProblem { sha256: p.sha256.to_hex(), kind: p.kind.to_string(), items: p.items, chunks }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
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
            problems: r.problems.into_iter().map(Into::into).collect(),
            cancelled: r.cancelled,
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
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
            unrepaired: r.unrepaired.into_iter().map(Into::into).collect(),
            cancelled: r.cancelled,
        }
    }
}
