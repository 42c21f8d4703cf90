//! The `checks` and `check_acceptances` rows, and what checking reads of a registration's
//! items.

use std::collections::HashMap;

use crate::catalog::{params, Conn, SqlResult};
use crate::error::Result;
use crate::ids::RegistrationId;

use super::gate::{CheckAcceptance, Key};

/// Each item's path and SHA-256.
pub(super) fn item_digests(conn: &Conn, id: RegistrationId) -> Result<HashMap<String, String>> {
    let mut st = conn.prepare("SELECT path, sha256 FROM items WHERE registration_id = ?1")?;
    let rows = st.query_map([id.0], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<SqlResult<_>>()?)
}

/// The facts intake kept of each item, as stored (JSON), by item id.
pub(super) fn inspections(conn: &Conn, id: RegistrationId) -> Result<Vec<(i64, String)>> {
    let mut st = conn.prepare("SELECT id, inspection FROM items WHERE registration_id = ?1 AND inspection IS NOT NULL")?;
    let rows = st.query_map([id.0], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<SqlResult<_>>()?)
}

/// What the seal recorded of its check (JSON); None for a draft.
pub(super) fn seal_check(conn: &Conn, id: RegistrationId) -> Result<Option<String>> {
    Ok(conn.query_row("SELECT seal_check FROM registrations WHERE id = ?1", [id.0], |r| r.get(0))?)
}

/// The acceptances by the finding each covers (rule, item, the item's SHA-256), oldest first.
pub(super) fn acceptances(conn: &Conn, id: RegistrationId) -> Result<Vec<(Key, CheckAcceptance)>> {
    let mut st = conn.prepare(
        "SELECT rule, item, sha256, message, reason, accepted_by, accepted_at FROM check_acceptances
         WHERE registration_id = ?1 ORDER BY id",
    )?;
    let rows = st.query_map([id.0], |r| {
        let (rule, item, sha): (String, String, String) = (r.get(0)?, r.get(1)?, r.get(2)?);
        let acceptance = CheckAcceptance {
            rule: rule.clone(),
            item: (!item.is_empty()).then(|| item.clone()),
            message: r.get(3)?,
            reason: r.get(4)?,
            accepted_by: r.get(5)?,
            accepted_at: r.get(6)?,
        };
        Ok(((rule, item, sha), acceptance))
    })?;
    Ok(rows.collect::<SqlResult<_>>()?)
}

pub(super) fn insert_acceptance(
    conn: &Conn,
    id: RegistrationId,
    (rule, item, sha256): (&str, &str, &str),
    message: &str,
    reason: &str,
    by: &str,
    at: chrono::DateTime<chrono::Utc>,
) -> Result<()> {
    conn.execute(
        "INSERT INTO check_acceptances (registration_id, rule, item, sha256, message, reason, accepted_by, accepted_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![id.0, rule, item, sha256, message, reason, by, at],
    )?;
    Ok(())
}

/// Keeps a check's summary (JSON); its id.
pub(super) fn insert_check(
    conn: &Conn,
    id: RegistrationId,
    at: chrono::DateTime<chrono::Utc>,
    operator: &str,
    summary: &str,
) -> Result<i64> {
    conn.execute(
        "INSERT INTO checks (registration_id, at, operator, summary) VALUES (?1, ?2, ?3, ?4)",
        params![id.0, at, operator, summary],
    )?;
    Ok(conn.last_insert_rowid()?)
}

/// A kept check as stored: id, time, operator, summary JSON.
pub(super) type CheckRow = (i64, chrono::DateTime<chrono::Utc>, String, String);

/// A registration's kept checks, oldest first.
pub(super) fn checks(conn: &Conn, id: RegistrationId) -> Result<Vec<CheckRow>> {
    let mut st = conn.prepare("SELECT id, at, operator, summary FROM checks WHERE registration_id = ?1 ORDER BY id")?;
    let rows = st.query_map([id.0], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?;
    Ok(rows.collect::<SqlResult<_>>()?)
}
