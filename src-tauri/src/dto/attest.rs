//! Attestation (鉴证): presented files against the sealed registrations.

use chrono::{DateTime, Utc};
use dengji_core as core;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, export_to = "../../ui/src/bindings/")]
pub struct Attestation {
    // The ledger entry that records it (鉴证记录号).
    pub seq: i64,
    pub at: DateTime<Utc>,
    pub operator: String,
    pub files: Vec<AttestedFile>,
    // The lower archives' reported catalog copies searched too.
    pub lower: Vec<HeldBy>,
    // The ledger including this attestation's entry: entries and head hash.
    pub checkpoint_size: i64,
    pub checkpoint_head: String,
}

impl From<core::Attestation> for Attestation {
    fn from(a: core::Attestation) -> Self {
        Attestation {
            seq: a.seq,
            at: a.at,
            operator: a.operator,
            files: a.files.into_iter().map(Into::into).collect(),
            lower: a.lower.into_iter().map(Into::into).collect(),
            checkpoint_size: a.checkpoint.size,
            checkpoint_head: a.checkpoint.head.to_hex(),
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, export_to = "../../ui/src/bindings/")]
pub struct AttestedFile {
    pub name: String,
    pub size: u64,
    pub sha256: String,
    pub sm3: String,
    // Registered files with identical content; empty: 不一致.
    pub matches: Vec<RegisteredCopy>,
    // With no match: registered files of the same name (同名但内容不同).
    pub same_name: Vec<RegisteredCopy>,
}

impl From<core::AttestedFile> for AttestedFile {
    fn from(f: core::AttestedFile) -> Self {
        AttestedFile {
            name: f.name,
            size: f.size,
            sha256: f.sha256.to_hex(),
            sm3: f.sm3.to_hex(),
            matches: f.matches.into_iter().map(Into::into).collect(),
            same_name: f.same_name.into_iter().map(Into::into).collect(),
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, export_to = "../../ui/src/bindings/")]
pub struct RegisteredCopy {
    pub registration_number: String,
    pub unit_name: String,
    pub unit_uscc: Option<String>,
    pub path: String,
    pub size: i64,
    pub sha256: String,
    pub sm3: String,
    pub sealed_at: DateTime<Utc>,
    // When the registered file was disposed of (销毁); its record and digests remain.
    pub disposed_at: Option<DateTime<Utc>>,
    pub media: Vec<HeldOn>,
    // A lower archive's registration, found in its reported catalog copy.
    pub held_by: Option<HeldBy>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, export_to = "../../ui/src/bindings/")]
pub struct HeldBy {
    pub archive: String,
    pub region_code: String,
    pub report: i64,
    pub received_at: DateTime<Utc>,
}

impl From<core::HeldBy> for HeldBy {
    fn from(h: core::HeldBy) -> Self {
        HeldBy { archive: h.archive, region_code: h.region_code, report: h.report, received_at: h.received_at }
    }
}

impl From<core::RegisteredCopy> for RegisteredCopy {
    fn from(c: core::RegisteredCopy) -> Self {
        RegisteredCopy {
            registration_number: c.registration_number,
            unit_name: c.unit_name,
            unit_uscc: c.unit_uscc,
            path: c.path,
            size: c.size,
            sha256: c.sha256.to_hex(),
            sm3: c.sm3.to_hex(),
            sealed_at: c.sealed_at,
            disposed_at: c.disposed_at,
            media: c.media.into_iter().map(Into::into).collect(),
            held_by: c.held_by.map(Into::into),
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, export_to = "../../ui/src/bindings/")]
pub struct HeldOn {
    pub label: String,
    pub set: String,
    pub kind: String,
    pub last_verified_at: Option<DateTime<Utc>>,
    // `ok` or `problems`, of the last verification.
    pub last_result: Option<String>,
}

impl From<core::HeldOn> for HeldOn {
    fn from(h: core::HeldOn) -> Self {
        HeldOn { label: h.label, set: h.set, kind: h.kind, last_verified_at: h.last_verified_at, last_result: h.last_result }
    }
}
