//! Backup media (备份介质): the register, backups and medium verification.

use chrono::{DateTime, Utc};
use dengji_core as core;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

pub use core::MediumKind;
pub use core::Outing;
pub use core::ProblemKind;
pub use core::RetireReason;
pub use core::Retirement;

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, export_to = "../../ui/src/bindings/")]
pub struct Medium {
    pub id: String,
    pub label: String,
    pub set: String,
    pub kind: MediumKind,
    pub location: Option<String>,
    // Where it was mounted when registered or last written.
    pub path: String,
    pub capacity_bytes: Option<i64>,
    pub free_bytes: Option<i64>,
    pub created_at: DateTime<Utc>,
    pub registrations: i64,
    pub bytes_used: i64,
    pub last_backup_at: Option<DateTime<Utc>>,
    pub last_verified_at: Option<DateTime<Utc>>,
    // "ok" or "problems".
    pub last_result: Option<String>,
    pub retired: Option<Retirement>,
    // Set while it is out of the building (checked out, not yet back).
    pub out: Option<Outing>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, export_to = "../../ui/src/bindings/")]
pub struct Shipment {
    pub id: i64,
    pub destination: String,
    pub reference: Option<String>,
    pub shipped_at: DateTime<Utc>,
    pub media: Vec<String>,
    pub returned: Vec<String>,
    pub outstanding: Vec<String>,
}

impl From<core::Shipment> for Shipment {
    fn from(s: core::Shipment) -> Self {
        Shipment {
            id: s.id.0,
            destination: s.destination,
            reference: s.reference,
            shipped_at: s.shipped_at,
            media: s.media,
            returned: s.returned,
            outstanding: s.outstanding,
        }
    }
}

impl From<core::Medium> for Medium {
    fn from(m: core::Medium) -> Self {
        Medium {
            id: m.id,
            label: m.label,
            set: m.set,
            kind: m.kind,
            location: m.location,
            path: m.path,
            capacity_bytes: m.capacity_bytes,
            free_bytes: m.free_bytes,
            created_at: m.created_at,
            registrations: m.registrations,
            bytes_used: m.bytes_used,
            last_backup_at: m.last_backup_at,
            last_verified_at: m.last_verified_at,
            last_result: m.last_result,
            retired: m.retired,
            out: m.out,
        }
    }
}

/// The health of the drive holding a medium: read by a call of its own (`smartctl` runs),
/// never while a medium list is converted.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, export_to = "../../ui/src/bindings/")]
pub struct DriveHealth {
    // The drive's SMART self-assessment where it can be read (smartctl), else null.
    pub passed: Option<bool>,
    // One line on the drive's health, or why it cannot be read, in Chinese.
    pub summary: String,
}

impl From<core::DriveHealth> for DriveHealth {
    fn from(h: core::DriveHealth) -> Self {
        DriveHealth { passed: h.passed, summary: h.summary_zh }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, export_to = "../../ui/src/bindings/")]
pub struct NewMedium {
    pub path: String,
    pub label: String,
    pub set: String,
    pub kind: MediumKind,
    pub location: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, export_to = "../../ui/src/bindings/")]
pub struct BackupOutcome {
    pub medium: String,
    // Registration numbers written as bags by this run.
    pub written: Vec<String>,
    pub files: u64,
    pub bytes: u64,
    // Sealed registrations the medium already held.
    pub already_held: usize,
    pub elapsed_ms: u64,
    pub cancelled: bool,
    // Whether the medium's checkpoint carries the archive key's signature (the key was
    // unlocked in this sign-in).
    pub signed: bool,
    // Every file was read back from the device before its bag counted.
    pub read_back: bool,
}

impl From<core::BackupReport> for BackupOutcome {
    fn from(r: core::BackupReport) -> Self {
        BackupOutcome {
            medium: r.medium,
            written: r.written,
            files: r.files,
            bytes: r.bytes,
            already_held: r.already_held,
            elapsed_ms: r.elapsed_ms,
            cancelled: r.cancelled,
            signed: r.signed,
            read_back: r.read_back,
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, export_to = "../../ui/src/bindings/")]
pub struct MediumProblem {
    pub bag: String,
    // Relative to the bag; empty: the whole bag.
    pub path: String,
    pub kind: ProblemKind,
    pub detail: String,
}

impl From<core::MediumProblem> for MediumProblem {
    fn from(p: core::MediumProblem) -> Self {
        MediumProblem { bag: p.bag, path: p.path, kind: p.kind, detail: p.detail }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, export_to = "../../ui/src/bindings/")]
pub struct VerifyOutcome {
    pub medium: String,
    pub bags_held: usize,
    pub bags_checked: usize,
    pub sample_percent: Option<u8>,
    // Only the SHA-256 manifest was checked.
    pub sha256_only: bool,
    pub files: u64,
    pub bytes: u64,
    pub problems: Vec<MediumProblem>,
    pub ok: bool,
    pub cancelled: bool,
    pub elapsed_ms: u64,
}

impl From<core::MediumReport> for VerifyOutcome {
    fn from(r: core::MediumReport) -> Self {
        let ok = r.ok();
        VerifyOutcome {
            medium: r.medium,
            bags_held: r.bags_held,
            bags_checked: r.bags_checked,
            sample_percent: r.sample_percent,
            sha256_only: r.sha256_only,
            files: r.files,
            bytes: r.bytes,
            problems: r.problems.into_iter().map(Into::into).collect(),
            ok,
            cancelled: r.cancelled,
            elapsed_ms: r.elapsed_ms,
        }
    }
}
