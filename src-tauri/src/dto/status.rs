//! Backup status (备份状态) for the dashboard: registrations on too few copy sets and media
//! due for a check.

use chrono::{DateTime, Utc};
use dengji_core as core;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{MediumKind, RetireReason};

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, export_to = "../../ui/src/bindings/")]
pub struct UnderCopied {
    pub registration_id: i64,
    pub registration_number: String,
    pub unit: String,
    // The distinct copy sets holding it, sorted; empty: not backed up at all.
    pub sets: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, export_to = "../../ui/src/bindings/")]
pub struct CheckDue {
    pub label: String,
    pub set: String,
    pub kind: MediumKind,
    // The last verification, or the registration of a medium never verified.
    pub last_check: DateTime<Utc>,
    pub verified: bool,
    pub due: DateTime<Utc>,
}

// A medium whose copies do not count: retired, or failing its last check unrepaired.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, export_to = "../../ui/src/bindings/")]
pub struct NotCounted {
    pub label: String,
    pub set: String,
    pub registrations: i64,
    pub retired: Option<RetireReason>,
    pub failed_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, export_to = "../../ui/src/bindings/")]
pub struct BackupStatus {
    pub at: DateTime<Utc>,
    pub copy_sets_required: u32,
    // How many registrations are on too few sets; `under_copied` may hold only the first.
    pub under_copied_total: u32,
    pub under_copied: Vec<UnderCopied>,
    pub checks_due: Vec<CheckDue>,
    pub not_counted: Vec<NotCounted>,
}

impl BackupStatus {
    /// Keeps the first `limit` under-copied registrations (the dashboard's tile needs only
    /// the count; its list is read when opened).
    pub fn first(mut self, limit: Option<u32>) -> Self {
        if let Some(n) = limit {
            self.under_copied.truncate(n as usize);
        }
        self
    }
}

impl From<core::BackupStatus> for BackupStatus {
    fn from(s: core::BackupStatus) -> Self {
        BackupStatus {
            at: s.at,
            copy_sets_required: s.copy_sets_required,
            under_copied_total: s.under_copied.len() as u32,
            under_copied: s
                .under_copied
                .into_iter()
                .map(|u| UnderCopied {
                    registration_id: u.registration.0,
                    registration_number: u.registration_number,
                    unit: u.unit,
                    sets: u.sets,
                })
                .collect(),
            checks_due: s
                .checks_due
                .into_iter()
                .map(|d| CheckDue { label: d.label, set: d.set, kind: d.kind, last_check: d.last_check, verified: d.verified, due: d.due })
                .collect(),
            not_counted: s
                .not_counted
                .into_iter()
                .map(|n| NotCounted {
                    label: n.label,
                    set: n.set,
                    registrations: n.registrations,
                    retired: n.retired,
                    failed_at: n.failed_at,
                })
                .collect(),
        }
    }
}
