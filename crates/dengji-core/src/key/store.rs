//! The `archive_keys` rows.

use crate::catalog::{params, Conn, OptionalExtension};
use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::digest::Sm3;
use crate::error::Result;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum KeyStatus {
    /// The key that signs now.
    Active,
    /// Replaced by rotation; what it signed stays verifiable.
    Retired,
}

/// One of the archive's keys, public half only.
#[derive(Debug, Clone, Serialize)]
pub struct ArchiveKey {
    /// 1 for the first key, 2 after the first rotation, …
    pub number: i64,
    pub fingerprint: Sm3,
    pub algorithm: String,
    pub subject: String,
    pub status: KeyStatus,
    pub created_at: DateTime<Utc>,
    pub created_by: String,
    pub retired_at: Option<DateTime<Utc>>,
    /// The self-signed X.509 certificate, PEM.
    pub certificate: String,
    /// This key's certificate signed by the key it replaced, PEM.
    pub cross_certificate: Option<String>,
    pub rotation_statement: Option<String>,
    /// Base64 of the DER signature of `rotation_statement` by the key replaced.
    pub rotation_signature: Option<String>,
}

pub const ALGORITHM: &str = "SM2-SM3";

const SELECT: &str = "SELECT id, fingerprint, algorithm, subject, certificate, cross_certificate, rotation_statement,
    rotation_signature, created_at, created_by, retired_at FROM archive_keys";

fn row(r: &crate::catalog::Row<'_>) -> crate::catalog::SqlResult<ArchiveKey> {
    let retired_at: Option<DateTime<Utc>> = r.get(10)?;
    Ok(ArchiveKey {
        number: r.get(0)?,
        fingerprint: r.get(1)?,
        algorithm: r.get(2)?,
        subject: r.get(3)?,
        certificate: r.get(4)?,
        cross_certificate: r.get(5)?,
        rotation_statement: r.get(6)?,
        rotation_signature: r.get(7)?,
        created_at: r.get(8)?,
        created_by: r.get(9)?,
        status: if retired_at.is_some() { KeyStatus::Retired } else { KeyStatus::Active },
        retired_at,
    })
}

pub(super) fn all(conn: &Conn) -> Result<Vec<ArchiveKey>> {
    let mut st = conn.prepare(&format!("{SELECT} ORDER BY id"))?;
    let rows = st.query_map((), row)?;
    Ok(rows.collect::<crate::catalog::SqlResult<_>>()?)
}

pub(super) fn active(conn: &Conn) -> Result<Option<ArchiveKey>> {
    Ok(conn.query_row(&format!("{SELECT} WHERE retired_at IS NULL ORDER BY id DESC LIMIT 1"), (), row).optional()?)
}

pub(super) fn encrypted(conn: &Conn, number: i64) -> Result<String> {
    Ok(conn.query_row("SELECT encrypted_key FROM archive_keys WHERE id = ?1", [number], |r| r.get(0))?)
}

/// What a new row holds.
pub(super) struct NewKey<'a> {
    pub fingerprint: Sm3,
    pub subject: &'a str,
    pub certificate: &'a str,
    pub encrypted_key: &'a str,
    pub predecessor: Option<i64>,
    pub cross_certificate: Option<&'a str>,
    pub rotation_statement: Option<&'a str>,
    pub rotation_signature: Option<&'a str>,
    pub created_at: &'a str,
    pub created_by: &'a str,
}

pub(super) fn insert(conn: &Conn, k: &NewKey<'_>) -> Result<i64> {
    conn.execute(
        "INSERT INTO archive_keys (fingerprint, algorithm, subject, certificate, encrypted_key, predecessor, cross_certificate,
             rotation_statement, rotation_signature, created_at, created_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
        params![
            k.fingerprint,
            ALGORITHM,
            k.subject,
            k.certificate,
            k.encrypted_key,
            k.predecessor,
            k.cross_certificate,
            k.rotation_statement,
            k.rotation_signature,
            k.created_at,
            k.created_by
        ],
    )?;
    Ok(conn.last_insert_rowid()?)
}

pub(super) fn retire(conn: &Conn, number: i64, at: &str) -> Result<()> {
    conn.execute("UPDATE archive_keys SET retired_at = ?2 WHERE id = ?1", params![number, at])?;
    Ok(())
}
