//! What a certificate is: the `certificates` row (`store.rs`) holds everything printed on
//! it except the file list, which comes from the sealed items (immutable too).

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::archive::Archive;
use crate::digest::{Sha256, Sm3};
use crate::error::{Error, Result};
use crate::ids::{CertificateId, RegistrationId};
use crate::ledger::Checkpoint;
use crate::registrations::RecordKind;

/// Everything printed on a certificate's first page: the snapshot taken at issue.
#[derive(Debug, Clone, Serialize)]
pub struct CertContent {
    pub certificate_number: String,
    /// The certificate this one replaces (补发), when it is a reissue.
    pub reissue_of: Option<String>,
    pub registration_id: RegistrationId,
    pub registration_number: String,
    pub title: String,
    pub kind: RecordKind,
    pub unit_name: String,
    pub unit_uscc: Option<String>,
    pub sealed_at: DateTime<Utc>,
    pub files: i64,
    pub bytes: i64,
    pub package_sm3: Sm3,
    pub package_sha256: Sha256,
    pub archive_name: String,
    pub region_code: String,
    /// Full name from the region table at issue (the table changes over the years).
    pub region_name: String,
    /// The ledger just before this certificate's own issue entry.
    pub checkpoint: Checkpoint,
    pub issued_at: DateTime<Utc>,
    pub issued_by: String,
    /// Version of the rendering that made the PDF.
    pub layout: i64,
    /// The upper archive's witness of this archive's ledger as of `checkpoint` (the newest
    /// receipt recorded before it), printed when there is one. Read from the ledger, so a
    /// reprint prints the same.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub witnessed: Option<crate::upward::Witness>,
    /// For a version of a business data series: the series as the ledger named it by the
    /// checkpoint, the version and the period (printed from layout 5). Read from the
    /// ledger and the sealed row, so a reprint prints the same after the series is renamed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub series: Option<crate::series::SeriesLine>,
}

/// An issued certificate: its content and the digests of the PDF that was handed out.
#[derive(Debug, Clone, Serialize)]
pub struct Certificate {
    pub id: CertificateId,
    #[serde(flatten)]
    pub content: CertContent,
    pub pdf_sha256: Sha256,
    pub pdf_sm3: Sm3,
    pub pdf_bytes: i64,
    /// The reissue (补发) that replaced this certificate, if any.
    pub superseded_by: Option<String>,
    /// The signed statement its QR code carries (layout 2); none for layout 1.
    pub statement: Option<String>,
}

impl Certificate {
    pub fn number(&self) -> &str {
        &self.content.certificate_number
    }

    pub fn is_current(&self) -> bool {
        self.superseded_by.is_none()
    }

    /// The text of its QR code: the signed statement (`DJC2`), or for layout 1 the
    /// unsigned payload (`DJC1`).
    pub fn qr_text(&self) -> String {
        self.statement.clone().unwrap_or_else(|| super::qr::QrPayload::of(&self.content).text())
    }
}

/// One line of the annex (附件：文件清单).
#[derive(Debug, Clone)]
pub struct AnnexItem {
    pub path: String,
    pub size: i64,
    pub sm3: Sm3,
    pub sha256: Sha256,
    /// 档号 and 题名 as catalogued (sealed with the item, so a reprint prints the same).
    pub ref_code: Option<String>,
    pub title: Option<String>,
}

/// What the `certificate.issue` ledger entry records: every stored field of the row
/// (time and operator are the entry's own). `ledger verify` rebuilds it from the row.
pub(crate) fn ledger_payload(c: &Certificate) -> serde_json::Value {
    let p = &c.content;
    let mut payload = serde_json::json!({
        "certificate_number": p.certificate_number, "reissue_of": p.reissue_of, "registration_number": p.registration_number,
        "title": p.title, "kind": p.kind, "unit_name": p.unit_name, "unit_uscc": p.unit_uscc, "sealed_at": p.sealed_at,
        "files": p.files, "bytes": p.bytes, "package_sm3": p.package_sm3, "package_sha256": p.package_sha256,
        "archive_name": p.archive_name, "region_code": p.region_code, "region_name": p.region_name,
        "ledger_size": p.checkpoint.size, "ledger_head": p.checkpoint.head, "layout": p.layout,
        "pdf_sha256": c.pdf_sha256, "pdf_sm3": c.pdf_sm3, "pdf_bytes": c.pdf_bytes,
    });
    // Only layout 2 has one: layout-1 entries keep the payload they were written with.
    if let Some(statement) = &c.statement {
        payload["statement"] = serde_json::Value::String(statement.clone());
    }
    payload
}

impl Archive {
    /// A certificate by its number (e.g. `330102-2026-Z000001`).
    pub fn certificate(&self, number: &str) -> Result<Certificate> {
        super::store::by_number(self.conn(), number)?.ok_or_else(|| Error::CertificateNotFound(number.trim().to_string()))
    }

    /// Every certificate issued, newest first.
    pub fn certificates(&self) -> Result<Vec<Certificate>> {
        super::store::list(self.conn(), None)
    }

    /// The certificates of one registration, newest (the current one) first.
    pub fn certificates_of(&self, reg: RegistrationId) -> Result<Vec<Certificate>> {
        super::store::list(self.conn(), Some(reg))
    }
}
