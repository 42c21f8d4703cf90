//! Registrations, their items, findings and ledger entries; sealing.

use chrono::{DateTime, Utc};
use dengji_core as core;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::RecordKind;

pub use core::Setup;
pub use core::Status as RegistrationStatus;

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, export_to = "../../ui/src/bindings/")]
pub struct RegistrationSummary {
    pub id: i64,
    pub registration_number: Option<String>,
    pub status: RegistrationStatus,
    pub title: String,
    pub kind: RecordKind,
    pub unit_name: String,
    pub unit_uscc: Option<String>,
    pub files: i64,
    pub bytes: i64,
    pub created_at: DateTime<Utc>,
    pub sealed_at: Option<DateTime<Utc>>,
    pub intake_complete: bool,
    // The unit's hand-over reference (移交单号).
    pub handover_ref: Option<String>,
}

/// The registrations list's order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, export_to = "../../ui/src/bindings/")]
pub enum RegistrationOrder {
    Newest,
    SealedLatest,
    SealedEarliest,
}

/// Which page of the registrations list (登记记录).
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, export_to = "../../ui/src/bindings/")]
pub struct RegistrationQuery {
    pub text: Option<String>,
    pub status: Option<RegistrationStatus>,
    pub order: RegistrationOrder,
    pub offset: u32,
    pub limit: u32,
}

impl From<RegistrationQuery> for core::RegistrationQuery {
    fn from(q: RegistrationQuery) -> Self {
        core::RegistrationQuery {
            text: q.text,
            status: q.status.map(|s| match s {
                RegistrationStatus::Draft => core::Status::Draft,
                RegistrationStatus::Sealed => core::Status::Sealed,
            }),
            order: match q.order {
                RegistrationOrder::Newest => core::RegistrationOrder::Newest,
                RegistrationOrder::SealedLatest => core::RegistrationOrder::SealedLatest,
                RegistrationOrder::SealedEarliest => core::RegistrationOrder::SealedEarliest,
            },
            offset: q.offset as usize,
            limit: q.limit as usize,
        }
    }
}

/// One page of the registrations list and how many match in all.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, export_to = "../../ui/src/bindings/")]
pub struct RegistrationPage {
    pub total: i64,
    pub rows: Vec<RegistrationSummary>,
}

impl From<core::RegistrationPage> for RegistrationPage {
    fn from(p: core::RegistrationPage) -> Self {
        RegistrationPage { total: p.total, rows: p.rows.into_iter().map(Into::into).collect() }
    }
}

/// 工作台: the counts and the newest registrations.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, export_to = "../../ui/src/bindings/")]
pub struct Overview {
    pub units: i64,
    pub drafts: i64,
    pub sealed: i64,
    // Applications waiting for a reviewer's decision.
    pub pending_applications: i64,
    // Approved restores not yet run to the end.
    pub restores_waiting: i64,
    pub missing_handovers: i64,
    pub setup: Setup,
    pub recent: Vec<RegistrationSummary>,
}

impl From<core::Overview> for Overview {
    fn from(o: core::Overview) -> Self {
        Overview {
            units: o.units,
            drafts: o.drafts,
            sealed: o.sealed,
            pending_applications: o.pending_applications,
            restores_waiting: o.restores_waiting,
            missing_handovers: o.missing_handovers,
            setup: o.setup,
            recent: o.recent.iter().map(Into::into).collect(),
        }
    }
}

impl From<&core::Registration> for RegistrationSummary {
    fn from(r: &core::Registration) -> Self {
        RegistrationSummary {
            id: r.id.0,
            registration_number: r.registration_number.clone(),
            status: r.status,
            title: r.title.clone(),
            kind: r.kind.into(),
            unit_name: r.unit.name.clone(),
            unit_uscc: r.unit.uscc.clone(),
            files: r.files,
            bytes: r.bytes,
            created_at: r.created_at,
            sealed_at: r.sealed_at,
            intake_complete: r.intake_complete,
            handover_ref: r.handover_ref.clone(),
        }
    }
}

impl From<core::Registration> for RegistrationSummary {
    fn from(r: core::Registration) -> Self {
        (&r).into()
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, export_to = "../../ui/src/bindings/")]
pub struct Item {
    pub id: i64,
    pub path: String,
    pub size: i64,
    pub mtime: Option<String>,
    pub sha256: String,
    pub sm3: String,
    pub format: String,
    pub pages: Option<i64>,
    // When it was disposed of (销毁): the record stays, the content is gone.
    pub disposed_at: Option<DateTime<Utc>>,
    // Descriptive metadata (著录).
    pub meta: super::ItemMeta,
}

impl From<core::Item> for Item {
    fn from(i: core::Item) -> Self {
        Item {
            id: i.id.0,
            path: i.path,
            size: i.size,
            mtime: i.mtime,
            sha256: i.sha256.to_hex(),
            sm3: i.sm3.to_hex(),
            format: i.format,
            pages: i.pages,
            disposed_at: i.disposed_at,
            meta: i.meta.into(),
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, export_to = "../../ui/src/bindings/")]
pub struct Finding {
    pub id: i64,
    pub kind: String,
    pub path: String,
    pub detail: String,
    pub blocking: bool,
    pub acknowledged: bool,
}

impl From<core::Finding> for Finding {
    fn from(f: core::Finding) -> Self {
        Finding {
            id: f.id.0,
            kind: f.kind.as_str().to_string(),
            path: f.path,
            detail: f.detail,
            blocking: f.blocking,
            acknowledged: f.acknowledged,
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, export_to = "../../ui/src/bindings/")]
pub struct LedgerEntry {
    pub seq: i64,
    pub at: String,
    pub operator: String,
    pub action: String,
    pub subject: String,
}

impl From<core::ledger::Entry> for LedgerEntry {
    fn from(e: core::ledger::Entry) -> Self {
        LedgerEntry { seq: e.seq, at: e.at, operator: e.operator, action: e.action, subject: e.subject }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, export_to = "../../ui/src/bindings/")]
pub struct RegistrationDetail {
    pub summary: RegistrationSummary,
    pub package_sm3: Option<String>,
    pub package_sha256: Option<String>,
    pub items: Vec<Item>,
    pub findings: Vec<Finding>,
    // The ledger entries about this registration, oldest first.
    pub ledger: Vec<LedgerEntry>,
    // Why a draft cannot be sealed yet; empty when it can, and for a sealed one.
    pub seal_blockers: Vec<String>,
    // Who prepared it: under 双人封存 none of them may seal it.
    pub preparers: Vec<String>,
    // Error findings of its check a reviewer accepted, oldest first.
    pub check_acceptances: Vec<super::CheckAcceptance>,
    // What the seal's own check found (null for a draft or a seal from before it).
    pub seal_check: Option<super::SealCheck>,
}

impl RegistrationDetail {
    pub fn load(archive: &core::Archive, id: i64) -> core::Result<Self> {
        let d = archive.registration_detail(core::RegistrationId(id))?;
        Ok(RegistrationDetail {
            summary: (&d.registration).into(),
            package_sm3: d.registration.package_sm3.map(|d| d.to_hex()),
            package_sha256: d.registration.package_sha256.map(|d| d.to_hex()),
            items: d.items.into_iter().map(Into::into).collect(),
            findings: d.findings.into_iter().map(Into::into).collect(),
            ledger: d.ledger.into_iter().map(Into::into).collect(),
            seal_blockers: d.seal_blockers,
            preparers: d.preparers,
            check_acceptances: d.check_acceptances.into_iter().map(Into::into).collect(),
            seal_check: d.seal_check.map(Into::into),
        })
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, export_to = "../../ui/src/bindings/")]
pub struct SealOutcome {
    pub registration_number: String,
    pub package_sm3: String,
    pub package_sha256: String,
    pub sealed_at: DateTime<Utc>,
}

impl From<core::SealReport> for SealOutcome {
    fn from(r: core::SealReport) -> Self {
        SealOutcome {
            registration_number: r.registration_number,
            package_sm3: r.package_sm3.to_hex(),
            package_sha256: r.package_sha256.to_hex(),
            sealed_at: r.sealed_at,
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, export_to = "../../ui/src/bindings/")]
pub struct DiscardReport {
    pub id: i64,
    pub title: String,
    pub files: i64,
    pub bytes: i64,
    pub objects_removed: u64,
}

impl From<core::DiscardReport> for DiscardReport {
    fn from(r: core::DiscardReport) -> Self {
        DiscardReport { id: r.id.0, title: r.title, files: r.files, bytes: r.bytes, objects_removed: r.objects_removed }
    }
}
