//! Registration certificates (登记证明) as listed on a registration's page, and the verdict
//! of the verification screen (证明核验).

use chrono::{DateTime, Utc};
use dengji_core as core;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, export_to = "../../ui/src/bindings/")]
pub struct CertificateSummary {
    pub number: String,
    // The certificate this one replaces (补发).
    pub reissue_of: Option<String>,
    pub registration_number: String,
    pub issued_at: DateTime<Utc>,
    pub issued_by: String,
    pub pdf_sha256: String,
    pub pdf_bytes: i64,
    // The reissue that replaced this one; null while it is current.
    pub superseded_by: Option<String>,
    // The ledger printed on the certificate: entries and head hash.
    pub checkpoint_size: i64,
    pub checkpoint_head: String,
    // What was certified, as printed on it.
    pub title: String,
    pub unit_name: String,
    pub unit_uscc: Option<String>,
    pub sealed_at: DateTime<Utc>,
    pub files: i64,
    pub bytes: i64,
    pub package_sm3: String,
    pub package_sha256: String,
    pub archive_name: String,
    // The text of its QR code: the signed statement (DJC2|…), or DJC1|… for layout 1.
    pub qr_text: String,
}

impl From<core::Certificate> for CertificateSummary {
    fn from(c: core::Certificate) -> Self {
        CertificateSummary {
            qr_text: c.qr_text(),
            title: c.content.title,
            unit_name: c.content.unit_name,
            unit_uscc: c.content.unit_uscc,
            sealed_at: c.content.sealed_at,
            files: c.content.files,
            bytes: c.content.bytes,
            package_sm3: c.content.package_sm3.to_hex(),
            package_sha256: c.content.package_sha256.to_hex(),
            archive_name: c.content.archive_name,
            pdf_sha256: c.pdf_sha256.to_hex(),
            pdf_bytes: c.pdf_bytes,
            superseded_by: c.superseded_by,
            checkpoint_size: c.content.checkpoint.size,
            checkpoint_head: c.content.checkpoint.head.to_hex(),
            number: c.content.certificate_number,
            reissue_of: c.content.reissue_of,
            registration_number: c.content.registration_number,
            issued_at: c.content.issued_at,
            issued_by: c.content.issued_by,
        }
    }
}

// What the clerk presents for verification: the number typed, the QR code's text pasted,
// or a PDF file (its path, picked in the open dialog).
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(tag = "by", content = "value", rename_all = "camelCase")]
#[ts(export, export_to = "../../ui/src/bindings/")]
pub enum CertQuery {
    Number(String),
    Qr(String),
    Pdf(String),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, export_to = "../../ui/src/bindings/")]
pub enum CertStatus {
    Current,
    Superseded,
    NotIssued,
    DigestMismatch,
    CheckpointMismatch,
    SignatureInvalid,
}

impl From<core::CertStatus> for CertStatus {
    fn from(s: core::CertStatus) -> Self {
        match s {
            core::CertStatus::Current => CertStatus::Current,
            core::CertStatus::Superseded => CertStatus::Superseded,
            core::CertStatus::NotIssued => CertStatus::NotIssued,
            core::CertStatus::DigestMismatch => CertStatus::DigestMismatch,
            core::CertStatus::CheckpointMismatch => CertStatus::CheckpointMismatch,
            core::CertStatus::SignatureInvalid => CertStatus::SignatureInvalid,
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, export_to = "../../ui/src/bindings/")]
pub struct CertVerdict {
    pub status: CertStatus,
    // One line saying what was found (Chinese).
    pub message: String,
    pub certificate: Option<CertificateSummary>,
    // Every inconsistency found; empty for current and superseded certificates.
    pub problems: Vec<String>,
    // The electronic signature of the certificate's QR statement.
    pub signature: SignatureSummary,
}

impl From<core::CertVerdict> for CertVerdict {
    fn from(v: core::CertVerdict) -> Self {
        CertVerdict {
            status: v.status.into(),
            message: v.message,
            certificate: v.certificate.map(Into::into),
            problems: v.problems,
            signature: v.signature.into(),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, export_to = "../../ui/src/bindings/")]
pub enum SignatureStatus {
    Valid,
    Invalid,
    UnknownKey,
    Unsigned,
}

// Valid with which key (number and fingerprint), invalid, unknown key or unsigned.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, export_to = "../../ui/src/bindings/")]
pub struct SignatureSummary {
    pub status: SignatureStatus,
    pub message: String,
    pub key_number: Option<i64>,
    pub key_fingerprint: Option<String>,
}

impl From<core::SignatureCheck> for SignatureSummary {
    fn from(c: core::SignatureCheck) -> Self {
        SignatureSummary {
            status: match c.status {
                core::SignatureStatus::Valid => SignatureStatus::Valid,
                core::SignatureStatus::Invalid => SignatureStatus::Invalid,
                core::SignatureStatus::UnknownKey => SignatureStatus::UnknownKey,
                core::SignatureStatus::Unsigned => SignatureStatus::Unsigned,
            },
            message: c.message,
            key_number: c.key.as_ref().map(|k| k.number),
            key_fingerprint: c.key.map(|k| k.fingerprint.to_hex()),
        }
    }
}

// The archive key as the app needs it: whether there is one and whether it is unlocked.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, export_to = "../../ui/src/bindings/")]
pub struct KeyState {
    pub exists: bool,
    pub unlocked: bool,
    pub number: Option<i64>,
    pub fingerprint: Option<String>,
}
