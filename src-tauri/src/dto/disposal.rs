//! Retention and disposal (鉴定销毁): what is past its retention, legal holds, disposal
//! applications.

use chrono::{DateTime, Utc};
use dengji_core as core;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::IpcError;

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, export_to = "../../ui/src/bindings/")]
pub struct DueItem {
    pub path: String,
    // 10年 or 30年.
    pub retention: String,
    pub date: String,
    // The first day it may be disposed of (YYYY-MM-DD).
    pub due_on: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, export_to = "../../ui/src/bindings/")]
pub struct DueRegistration {
    pub registration_id: i64,
    pub registration_number: String,
    pub unit_name: String,
    pub title: String,
    pub items: Vec<DueItem>,
    pub total_items: i64,
    // Items without retention or date: nobody can say when they end.
    pub undetermined: i64,
    // Legal holds in force.
    pub holds: Vec<Hold>,
}

impl From<core::DueRegistration> for DueRegistration {
    fn from(r: core::DueRegistration) -> Self {
        DueRegistration {
            registration_id: r.registration.0,
            registration_number: r.registration_number,
            unit_name: r.unit_name,
            title: r.title,
            items: r
                .items
                .into_iter()
                .map(|i| DueItem { path: i.path, retention: i.retention.as_str().into(), date: i.date, due_on: i.due_on.to_string() })
                .collect(),
            total_items: r.total_items,
            undetermined: r.undetermined,
            holds: r.holds.into_iter().map(Into::into).collect(),
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, export_to = "../../ui/src/bindings/")]
pub struct Hold {
    pub id: i64,
    pub registration_id: i64,
    pub registration_number: Option<String>,
    pub reference: String,
    pub reason: String,
    pub starts_on: String,
    // None: until released.
    pub ends_on: Option<String>,
    pub placed_by: String,
    pub placed_at: DateTime<Utc>,
    pub released_by: Option<String>,
    pub released_at: Option<DateTime<Utc>>,
    pub release_reason: Option<String>,
}

impl From<core::Hold> for Hold {
    fn from(h: core::Hold) -> Self {
        Hold {
            id: h.id.0,
            registration_id: h.registration.0,
            registration_number: h.registration_number,
            reference: h.reference,
            reason: h.reason,
            starts_on: h.starts_on.to_string(),
            ends_on: h.ends_on.map(|d| d.to_string()),
            placed_by: h.placed_by,
            placed_at: h.placed_at,
            released_by: h.released_by,
            released_at: h.released_at,
            release_reason: h.release_reason,
        }
    }
}

// A legal hold (诉讼保全) as the clerk records it.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, export_to = "../../ui/src/bindings/")]
pub struct NewHold {
    pub registration_id: i64,
    pub reference: String,
    pub reason: String,
    // YYYY-MM-DD; none: today.
    pub starts_on: Option<String>,
    // YYYY-MM-DD; none: until released.
    pub ends_on: Option<String>,
}

impl NewHold {
    pub fn into_core(self) -> Result<core::NewHold, IpcError> {
        let day = |d: Option<String>| {
            d.filter(|t| !t.trim().is_empty())
                .map(|t| core::parse_date(t.trim()).map_err(|_| IpcError::bad_request(format!("日期 “{t}” 无效"))))
                .transpose()
        };
        Ok(core::NewHold {
            registration: core::RegistrationId(self.registration_id),
            reference: self.reference,
            reason: self.reason,
            starts_on: day(self.starts_on)?,
            ends_on: day(self.ends_on)?,
        })
    }
}

// A disposal application (销毁申请) and, once approved, what was disposed of.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, export_to = "../../ui/src/bindings/")]
pub struct Disposal {
    pub id: i64,
    pub registration_id: i64,
    pub registration_number: String,
    pub unit_name: String,
    pub title: String,
    // Every item of the registration.
    pub whole: bool,
    pub items: Vec<super::Item>,
    pub reason: String,
    pub consent_reference: String,
    // pending, approved or rejected.
    pub status: String,
    pub applied_by: String,
    pub applied_at: DateTime<Utc>,
    pub decided_by: Option<String>,
    pub decided_at: Option<DateTime<Utc>>,
    pub decision_note: Option<String>,
    // Media that held the files when approved: label and when their copy was removed.
    pub media: Vec<MediumMark>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, export_to = "../../ui/src/bindings/")]
pub struct MediumMark {
    pub label: String,
    pub removed_at: Option<DateTime<Utc>>,
}

impl From<core::Disposal> for Disposal {
    fn from(d: core::Disposal) -> Self {
        Disposal {
            id: d.id.0,
            registration_id: d.registration.0,
            registration_number: d.registration_number,
            unit_name: d.unit_name,
            title: d.title,
            whole: d.whole,
            items: d.items.into_iter().map(Into::into).collect(),
            reason: d.reason,
            consent_reference: d.consent_reference,
            status: match d.status {
                core::DisposalStatus::Pending => "pending",
                core::DisposalStatus::Approved => "approved",
                core::DisposalStatus::Rejected => "rejected",
            }
            .into(),
            applied_by: d.applied_by,
            applied_at: d.applied_at,
            decided_by: d.decided_by,
            decided_at: d.decided_at,
            decision_note: d.decision_note,
            media: d.media.into_iter().map(|m| MediumMark { label: m.label, removed_at: m.removed_at }).collect(),
        }
    }
}

// What a clerk records when the unit agrees to a disposal.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, export_to = "../../ui/src/bindings/")]
pub struct NewDisposal {
    pub registration_id: i64,
    // The items' paths; empty: the whole registration.
    pub paths: Vec<String>,
    pub reason: String,
    pub consent_reference: String,
}

impl From<NewDisposal> for core::NewDisposal {
    fn from(d: NewDisposal) -> Self {
        core::NewDisposal {
            registration: core::RegistrationId(d.registration_id),
            paths: d.paths,
            reason: d.reason,
            consent_reference: d.consent_reference,
        }
    }
}
