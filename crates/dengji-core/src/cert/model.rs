//! What a certificate is, as stored: the `certificates` row holds everything printed on
//! it except the file list, which comes from the sealed items (immutable too).

use crate::catalog::{Conn, OptionalExtension};
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
    pub sealed_at: String,
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
    pub issued_at: String,
    pub issued_by: String,
    /// Version of the rendering that made the PDF.
    pub layout: i64,
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

const SELECT: &str = "SELECT c.id, c.certificate_number, p.certificate_number, c.registration_id, c.registration_number, c.title,
        c.kind, c.unit_name, c.unit_uscc, c.sealed_at, c.files, c.bytes, c.package_sm3, c.package_sha256, c.archive_name,
        c.region_code, c.region_name, c.ledger_size, c.ledger_head, c.issued_at, c.issued_by, c.layout, c.pdf_sha256, c.pdf_sm3,
        c.pdf_bytes, s.certificate_number, st.statement
     FROM certificates c LEFT JOIN certificates p ON p.id = c.reissue_of LEFT JOIN certificates s ON s.reissue_of = c.id
        LEFT JOIN certificate_statements st ON st.certificate_id = c.id";

fn row_to_certificate(r: &crate::catalog::Row<'_>) -> crate::catalog::SqlResult<Certificate> {
    let kind: String = r.get(6)?;
    Ok(Certificate {
        id: CertificateId(r.get(0)?),
        content: CertContent {
            certificate_number: r.get(1)?,
            reissue_of: r.get(2)?,
            registration_id: RegistrationId(r.get(3)?),
            registration_number: r.get(4)?,
            title: r.get(5)?,
            kind: kind.parse().map_err(|e| crate::catalog::bad_column(6, e))?,
            unit_name: r.get(7)?,
            unit_uscc: r.get(8)?,
            sealed_at: r.get(9)?,
            files: r.get(10)?,
            bytes: r.get(11)?,
            package_sm3: r.get(12)?,
            package_sha256: r.get(13)?,
            archive_name: r.get(14)?,
            region_code: r.get(15)?,
            region_name: r.get(16)?,
            checkpoint: Checkpoint { size: r.get(17)?, head: r.get(18)? },
            issued_at: r.get(19)?,
            issued_by: r.get(20)?,
            layout: r.get(21)?,
        },
        pdf_sha256: r.get(22)?,
        pdf_sm3: r.get(23)?,
        pdf_bytes: r.get(24)?,
        superseded_by: r.get(25)?,
        statement: r.get(26)?,
    })
}

pub(super) fn by_id(conn: &Conn, id: CertificateId) -> Result<Option<Certificate>> {
    Ok(conn.query_row(&format!("{SELECT} WHERE c.id = ?1"), [id.0], row_to_certificate).optional()?)
}

pub(super) fn by_number(conn: &Conn, number: &str) -> Result<Option<Certificate>> {
    Ok(conn.query_row(&format!("{SELECT} WHERE c.certificate_number = ?1"), [number.trim()], row_to_certificate).optional()?)
}

pub(super) fn by_pdf(conn: &Conn, sha256: &Sha256) -> Result<Option<Certificate>> {
    Ok(conn.query_row(&format!("{SELECT} WHERE c.pdf_sha256 = ?1"), [sha256], row_to_certificate).optional()?)
}

/// Every certificate, or those of one registration; newest first.
pub(super) fn list(conn: &Conn, reg: Option<RegistrationId>) -> Result<Vec<Certificate>> {
    let mut st = conn.prepare(&format!("{SELECT} WHERE CAST(?1 AS BIGINT) IS NULL OR c.registration_id = ?1 ORDER BY c.id DESC"))?;
    let rows = st.query_map([reg.map(|r| r.0)], row_to_certificate)?;
    Ok(rows.collect::<crate::catalog::SqlResult<_>>()?)
}

/// The registration's certificate that no reissue has replaced, if it has one.
pub(super) fn current_of(conn: &Conn, reg: RegistrationId) -> Result<Option<Certificate>> {
    Ok(conn
        .query_row(
            &format!("{SELECT} WHERE c.registration_id = ?1 AND s.id IS NULL ORDER BY c.id DESC LIMIT 1"),
            [reg.0],
            row_to_certificate,
        )
        .optional()?)
}

/// The files of a registration as the annex lists them: by path.
pub(super) fn annex_items(conn: &Conn, reg: RegistrationId) -> Result<Vec<AnnexItem>> {
    let mut st =
        conn.prepare("SELECT path, size, sm3, sha256, ref_code, title FROM items WHERE registration_id = ?1 ORDER BY path, path_raw")?;
    let rows = st.query_map([reg.0], |r| {
        Ok(AnnexItem { path: r.get(0)?, size: r.get(1)?, sm3: r.get(2)?, sha256: r.get(3)?, ref_code: r.get(4)?, title: r.get(5)? })
    })?;
    Ok(rows.collect::<crate::catalog::SqlResult<_>>()?)
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
        by_number(self.conn(), number)?.ok_or_else(|| Error::CertificateNotFound(number.trim().to_string()))
    }

    /// Every certificate issued, newest first.
    pub fn certificates(&self) -> Result<Vec<Certificate>> {
        list(self.conn(), None)
    }

    /// The certificates of one registration, newest (the current one) first.
    pub fn certificates_of(&self, reg: RegistrationId) -> Result<Vec<Certificate>> {
        list(self.conn(), Some(reg))
    }
}
