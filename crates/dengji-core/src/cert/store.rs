//! The `certificates` and `certificate_statements` rows, and what issuing and verifying a
//! certificate read of its registration.

use crate::catalog::{params, Conn, OptionalExtension, Row, SqlResult};
use crate::digest::{DualDigest, Sha256, Sm3};
use crate::error::Result;
use crate::ids::{CertificateId, RegistrationId};
use crate::ledger::Checkpoint;

use super::model::{AnnexItem, CertContent, Certificate};

const SELECT: &str = "SELECT c.id, c.certificate_number, p.certificate_number, c.registration_id, c.registration_number, c.title,
        c.kind, c.unit_name, c.unit_uscc, c.sealed_at, c.files, c.bytes, c.package_sm3, c.package_sha256, c.archive_name,
        c.region_code, c.region_name, c.ledger_size, c.ledger_head, c.issued_at, c.issued_by, c.layout, c.pdf_sha256, c.pdf_sm3,
        c.pdf_bytes, s.certificate_number, st.statement
     FROM certificates c LEFT JOIN certificates p ON p.id = c.reissue_of LEFT JOIN certificates s ON s.reissue_of = c.id
        LEFT JOIN certificate_statements st ON st.certificate_id = c.id";

fn row_to_certificate(r: &Row<'_>) -> SqlResult<Certificate> {
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
            witnessed: None,
            series: None,
        },
        pdf_sha256: r.get(22)?,
        pdf_sm3: r.get(23)?,
        pdf_bytes: r.get(24)?,
        superseded_by: r.get(25)?,
        statement: r.get(26)?,
    })
}

/// The row's certificate with the witness and the series as of its checkpoint (from the
/// ledger).
fn witnessed(conn: &Conn, mut c: Certificate) -> Result<Certificate> {
    c.content.witnessed = crate::upward::witness_at(conn, c.content.checkpoint.size)?;
    c.content.series = crate::series::line_at(conn, c.content.registration_id, c.content.checkpoint.size)?;
    Ok(c)
}

fn one(conn: &Conn, filter: &str, arg: &dyn crate::catalog::ToSql) -> Result<Option<Certificate>> {
    let found = conn.query_row(&format!("{SELECT} WHERE {filter}"), [arg], row_to_certificate).optional()?;
    found.map(|c| witnessed(conn, c)).transpose()
}

pub(super) fn by_id(conn: &Conn, id: CertificateId) -> Result<Option<Certificate>> {
    one(conn, "c.id = ?1", &id.0)
}

pub(super) fn by_number(conn: &Conn, number: &str) -> Result<Option<Certificate>> {
    one(conn, "c.certificate_number = ?1", &number.trim())
}

pub(super) fn by_pdf(conn: &Conn, sha256: &Sha256) -> Result<Option<Certificate>> {
    one(conn, "c.pdf_sha256 = ?1", sha256)
}

/// Every certificate, or those of one registration; newest first.
pub(super) fn list(conn: &Conn, reg: Option<RegistrationId>) -> Result<Vec<Certificate>> {
    let mut st = conn.prepare(&format!("{SELECT} WHERE CAST(?1 AS BIGINT) IS NULL OR c.registration_id = ?1 ORDER BY c.id DESC"))?;
    let rows = st.query_map([reg.map(|r| r.0)], row_to_certificate)?;
    let rows: Vec<Certificate> = rows.collect::<SqlResult<_>>()?;
    rows.into_iter().map(|c| witnessed(conn, c)).collect()
}

/// The registration's certificate that no reissue has replaced, if it has one.
pub(super) fn current_of(conn: &Conn, reg: RegistrationId) -> Result<Option<Certificate>> {
    one(conn, "c.registration_id = ?1 AND s.id IS NULL ORDER BY c.id DESC LIMIT 1", &reg.0)
}

/// The files of a registration as the annex lists them: by path.
pub(super) fn annex_items(conn: &Conn, reg: RegistrationId) -> Result<Vec<AnnexItem>> {
    let mut st =
        conn.prepare("SELECT path, size, sm3, sha256, ref_code, title FROM items WHERE registration_id = ?1 ORDER BY path, path_raw")?;
    let rows = st.query_map([reg.0], |r| {
        Ok(AnnexItem { path: r.get(0)?, size: r.get(1)?, sm3: r.get(2)?, sha256: r.get(3)?, ref_code: r.get(4)?, title: r.get(5)? })
    })?;
    Ok(rows.collect::<SqlResult<_>>()?)
}

/// The highest sequence number issued in `year`, 0 for none.
pub(super) fn last_seq(conn: &Conn, year: i32) -> Result<i64> {
    Ok(conn.query_row("SELECT COALESCE(MAX(seq), 0) FROM certificates WHERE seq_year = ?1", [year], |r| r.get(0))?)
}

/// Stores a certificate as issued: its content, the year and sequence of its number, the
/// one it replaces and its PDF.
pub(super) fn insert(
    conn: &Conn,
    c: &CertContent,
    (year, seq): (i32, i64),
    reissue_of: Option<CertificateId>,
    pdf: &DualDigest,
    pdf_bytes: i64,
) -> Result<CertificateId> {
    conn.execute(
        "INSERT INTO certificates (certificate_number, seq_year, seq, registration_id, reissue_of, registration_number, title,
             kind, unit_name, unit_uscc, sealed_at, files, bytes, package_sm3, package_sha256, archive_name, region_code,
             region_name, ledger_size, ledger_head, issued_at, issued_by, layout, pdf_sha256, pdf_sm3, pdf_bytes)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24,
             ?25, ?26)",
        params![
            c.certificate_number,
            year,
            seq,
            c.registration_id.0,
            reissue_of.map(|p| p.0),
            c.registration_number,
            c.title,
            c.kind.as_str(),
            c.unit_name,
            c.unit_uscc,
            c.sealed_at,
            c.files,
            c.bytes,
            c.package_sm3,
            c.package_sha256,
            c.archive_name,
            c.region_code,
            c.region_name,
            c.checkpoint.size,
            c.checkpoint.head,
            c.issued_at,
            c.issued_by,
            c.layout,
            pdf.sha256,
            pdf.sm3,
            pdf_bytes,
        ],
    )?;
    Ok(CertificateId(conn.last_insert_rowid()?))
}

/// The signed statement of certificate `id`, by the archive key of `fingerprint`.
pub(super) fn insert_statement(conn: &Conn, id: CertificateId, statement: &str, fingerprint: &Sm3) -> Result<()> {
    conn.execute(
        "INSERT INTO certificate_statements (certificate_id, statement, key_id)
         SELECT ?1, ?2, id FROM archive_keys WHERE fingerprint = ?3",
        params![id.0, statement, fingerprint],
    )?;
    Ok(())
}

/// Of the registration numbered `number`: its files disposed of, its files, and when the
/// last was disposed of.
pub(super) fn disposed_of(conn: &Conn, number: &str) -> Result<(i64, i64, Option<chrono::DateTime<chrono::Utc>>)> {
    Ok(conn
        .query_row(
            "SELECT (SELECT COUNT(*) FROM disposed_items d WHERE d.registration_id = r.id),
                (SELECT COUNT(*) FROM items i WHERE i.registration_id = r.id),
                (SELECT MAX(d.disposed_at) FROM disposed_items d WHERE d.registration_id = r.id)
             FROM registrations r WHERE r.registration_number = ?1",
            [number],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()?
        .unwrap_or((0, 0, None)))
}

/// A registration's status, number and package digests as the catalog holds them.
pub(super) struct RegistrationDigests {
    pub status: String,
    pub number: Option<String>,
    pub sm3: Option<Sm3>,
    pub sha256: Option<Sha256>,
}

pub(super) fn registration_digests(conn: &Conn, reg: RegistrationId) -> Result<Option<RegistrationDigests>> {
    Ok(conn
        .query_row("SELECT status, registration_number, package_sm3, package_sha256 FROM registrations WHERE id = ?1", [reg.0], |r| {
            Ok(RegistrationDigests { status: r.get(0)?, number: r.get(1)?, sm3: r.get(2)?, sha256: r.get(3)? })
        })
        .optional()?)
}
