//! Restore and hand-back applications (审批).

use chrono::{DateTime, Utc};
use dengji_core as core;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

pub use core::ApplicationKind;
pub use core::ApplicationStatus;

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, export_to = "../../ui/src/bindings/")]
pub struct Application {
    pub id: i64,
    pub kind: ApplicationKind,
    // None for a lower archive's registration (see `lower`).
    pub registration_id: Option<i64>,
    pub registration_number: Option<String>,
    pub unit_name: String,
    pub reason: String,
    // The number of the unit's signed written request.
    pub reference: String,
    pub status: ApplicationStatus,
    pub applied_by: String,
    pub applied_at: DateTime<Utc>,
    pub decided_by: Option<String>,
    pub decided_at: Option<DateTime<Utc>>,
    // When the restore or hand-back it allowed was done: an approval is used once.
    pub used_at: Option<DateTime<Utc>>,
    // The end of an approval's validity; none unless approved.
    pub valid_until: Option<DateTime<Utc>>,
    // For a lower archive's registration, restored from its reported copy: that archive.
    pub lower_archive: Option<String>,
}

impl From<core::Application> for Application {
    fn from(a: core::Application) -> Self {
        Application {
            id: a.id.0,
            kind: a.kind,
            registration_id: a.registration.map(|r| r.0),
            registration_number: a.registration_number,
            unit_name: a.unit_name,
            reason: a.reason,
            reference: a.reference,
            status: a.status,
            applied_by: a.applied_by,
            applied_at: a.applied_at,
            decided_by: a.decided_by,
            decided_at: a.decided_at,
            used_at: a.used_at,
            valid_until: a.valid_until,
            lower_archive: a.lower.map(|l| l.archive),
        }
    }
}

impl Application {
    /// Reviewers and admins see every application; anyone else only their own.
    pub fn visible_to(apps: Vec<core::Application>, actor: &core::Actor) -> Vec<Application> {
        let sees_all = actor.roles().iter().any(|r| matches!(r, core::Role::Reviewer | core::Role::Admin));
        apps.into_iter().filter(|a| sees_all || a.applied_by == actor.name()).map(Into::into).collect()
    }
}
