//! The four-property check (四性检测): a run's report and the summaries kept with a
//! registration.

use chrono::{DateTime, Utc};
use dengji_core as core;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

pub use core::CheckFinding;
pub use core::CheckSummary;
pub use core::Counts as CheckCounts;
pub use core::Property as CheckProperty;
pub use core::Severity as CheckSeverity;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, export_to = "../../ui/src/bindings/")]
pub enum VirusScanState {
    Clean,
    Infected,
    NotScanned,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, export_to = "../../ui/src/bindings/")]
pub struct VirusScan {
    pub state: VirusScanState,
    // The engine's version, or why nothing was scanned (infections are findings).
    pub detail: String,
}

impl From<core::VirusScan> for VirusScan {
    fn from(v: core::VirusScan) -> Self {
        match v {
            core::VirusScan::Clean { engine } => VirusScan { state: VirusScanState::Clean, detail: engine },
            core::VirusScan::Infected { engine, .. } => VirusScan { state: VirusScanState::Infected, detail: engine },
            core::VirusScan::NotScanned { why } => VirusScan { state: VirusScanState::NotScanned, detail: why },
        }
    }
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, export_to = "../../ui/src/bindings/")]
pub struct CheckReport {
    // The kept summary's id (for the PDF report); null when cancelled.
    pub record: Option<i64>,
    pub registration_id: i64,
    pub label: String,
    pub at: DateTime<Utc>,
    pub operator: String,
    pub files: u64,
    pub bytes: u64,
    // By property, then severity, then item.
    pub findings: Vec<CheckFinding>,
    pub summary: CheckSummary,
    pub virus_scan: VirusScan,
    // Stopped before every file was read: incomplete, and nothing was kept.
    pub cancelled: bool,
    // Complete and without an error.
    pub passed: bool,
}

impl From<core::CheckReport> for CheckReport {
    fn from(r: core::CheckReport) -> Self {
        CheckReport {
            passed: r.passed(),
            record: r.record.map(|c| c.0),
            registration_id: r.registration.0,
            label: r.label,
            at: r.at,
            operator: r.operator,
            files: r.files,
            bytes: r.bytes,
            findings: r.findings,
            summary: r.summary,
            virus_scan: r.virus_scan.into(),
            cancelled: r.cancelled,
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, export_to = "../../ui/src/bindings/")]
pub struct CheckRecord {
    pub id: i64,
    pub at: DateTime<Utc>,
    pub operator: String,
    pub files: u64,
    pub bytes: u64,
    pub summary: CheckSummary,
    pub virus_scan: VirusScan,
    pub passed: bool,
    // Run by an intake on what its read pass found (no virus scan), not by a clerk.
    pub at_intake: bool,
}

impl From<core::CheckRecord> for CheckRecord {
    fn from(r: core::CheckRecord) -> Self {
        CheckRecord {
            id: r.id.0,
            at: r.at,
            operator: r.operator,
            files: r.files,
            bytes: r.bytes,
            summary: r.summary,
            virus_scan: r.virus_scan.into(),
            passed: r.passed,
            at_intake: r.at_intake,
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, export_to = "../../ui/src/bindings/")]
pub struct CheckAcceptance {
    pub rule: String,
    // The item's path; null for a finding about the whole registration.
    pub item: Option<String>,
    pub message: String,
    pub reason: String,
    pub accepted_by: String,
    pub accepted_at: DateTime<Utc>,
}

impl From<core::CheckAcceptance> for CheckAcceptance {
    fn from(a: core::CheckAcceptance) -> Self {
        CheckAcceptance {
            rule: a.rule,
            item: a.item,
            message: a.message,
            reason: a.reason,
            accepted_by: a.accepted_by,
            accepted_at: a.accepted_at,
        }
    }
}

/// An error finding of a draft's current content: the seal waits until it is fixed or
/// accepted.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, export_to = "../../ui/src/bindings/")]
pub struct CheckError {
    pub finding: CheckFinding,
    pub accepted: Option<CheckAcceptance>,
}

impl From<core::CheckError> for CheckError {
    fn from(e: core::CheckError) -> Self {
        CheckError { finding: e.finding, accepted: e.accepted.map(Into::into) }
    }
}

/// The seal's own check, as its ledger entry records it.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, export_to = "../../ui/src/bindings/")]
pub struct SealCheck {
    pub summary: CheckSummary,
    pub accepted: Vec<CheckAcceptance>,
}

impl From<core::SealCheck> for SealCheck {
    fn from(c: core::SealCheck) -> Self {
        SealCheck { summary: c.summary, accepted: c.accepted.into_iter().map(Into::into).collect() }
    }
}
