//! The `ledger` and `access_log` rows: both chains are stored alike.

use crate::catalog::{params, Conn, OptionalExtension, Row, SqlResult};
use crate::digest::Sha256;
use crate::error::Result;

use super::{AuditFilter, Chain, Entry};

fn table(chain: Chain) -> &'static str {
    match chain {
        Chain::Ledger => "ledger",
        Chain::Access => "access_log",
    }
}

const COLUMNS: &str = "seq, at, operator, action, subject, payload, payload_sha256, prev_hash, entry_hash";

fn row_to_entry(r: &Row<'_>) -> SqlResult<Entry> {
    Ok(Entry {
        seq: r.get(0)?,
        at: r.get(1)?,
        operator: r.get(2)?,
        action: r.get(3)?,
        subject: r.get(4)?,
        payload: r.get(5)?,
        payload_sha256: r.get(6)?,
        prev_hash: r.get(7)?,
        entry_hash: r.get(8)?,
    })
}

fn entries(conn: &Conn, sql: &str, args: impl crate::catalog::Params) -> Result<Vec<Entry>> {
    let mut st = conn.prepare(sql)?;
    let rows = st.query_map(args, row_to_entry)?;
    Ok(rows.collect::<SqlResult<_>>()?)
}

/// The newest entry's number and hash.
pub(super) fn head(conn: &Conn, chain: Chain) -> Result<Option<(i64, Sha256)>> {
    let sql = format!("SELECT seq, entry_hash FROM {} ORDER BY seq DESC LIMIT 1", table(chain));
    Ok(conn.query_row(&sql, (), |r| Ok((r.get(0)?, r.get(1)?))).optional()?)
}

pub(super) fn insert(conn: &Conn, chain: Chain, e: &Entry) -> Result<()> {
    conn.execute(
        &format!("INSERT INTO {} ({COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)", table(chain)),
        params![e.seq, e.at, e.operator, e.action, e.subject, e.payload, e.payload_sha256, e.prev_hash, e.entry_hash],
    )?;
    Ok(())
}

pub(super) fn by_subject(conn: &Conn, subject: &str) -> Result<Vec<Entry>> {
    entries(conn, &format!("SELECT {COLUMNS} FROM ledger WHERE subject = ?1 ORDER BY seq"), [subject])
}

pub(super) fn at(conn: &Conn, seq: i64) -> Result<Option<Entry>> {
    Ok(conn.query_row(&format!("SELECT {COLUMNS} FROM ledger WHERE seq = ?1"), [seq], row_to_entry).optional()?)
}

pub(super) fn after(conn: &Conn, after: i64) -> Result<Vec<Entry>> {
    entries(conn, &format!("SELECT {COLUMNS} FROM ledger WHERE seq > ?1 ORDER BY seq"), [after])
}

pub(super) fn with_action(conn: &Conn, action: &str) -> Result<Vec<Entry>> {
    entries(conn, &format!("SELECT {COLUMNS} FROM ledger WHERE action = ?1 ORDER BY seq"), [action])
}

/// `f`'s entries of the ledger, oldest first; `action_like` is a LIKE pattern.
pub(super) fn audit(conn: &Conn, f: &AuditFilter, action_like: Option<String>) -> Result<Vec<Entry>> {
    let limit = f.limit.map(i64::from).unwrap_or(i64::MAX);
    let unit = f.unit.map(|u| u.0);
    let unit_subject = unit.map(|u| format!("unit:{u}"));
    entries(
        conn,
        &format!(
            "SELECT {COLUMNS} FROM ledger
             WHERE (CAST(?1 AS TEXT) IS NULL OR operator = ?1) AND (CAST(?2 AS TEXT) IS NULL OR action LIKE ?2)
               AND (CAST(?3 AS TEXT) IS NULL OR subject = ?3)
               AND (CAST(?4 AS TEXT) IS NULL OR at >= ?4) AND (CAST(?5 AS TEXT) IS NULL OR at < ?5)
               AND (CAST(?7 AS BIGINT) IS NULL OR subject = ?8
                    OR subject IN (SELECT 'registration:' || id FROM registrations WHERE unit_id = ?7)
                    OR subject IN (SELECT 'application:' || a.id FROM applications a
                                   JOIN registrations r ON r.id = a.registration_id WHERE r.unit_id = ?7))
             ORDER BY seq LIMIT ?6"
        ),
        params![f.operator, action_like, f.subject, f.since, f.until, limit, unit, unit_subject],
    )
}

/// `f`'s entries of the access log (operator, action pattern, times, limit), oldest first.
pub(crate) fn access(conn: &Conn, f: &AuditFilter, action_like: Option<String>) -> Result<Vec<Entry>> {
    let limit = f.limit.map(i64::from).unwrap_or(i64::MAX);
    entries(
        conn,
        &format!(
            "SELECT {COLUMNS} FROM access_log
             WHERE (CAST(?1 AS TEXT) IS NULL OR operator = ?1) AND (CAST(?2 AS TEXT) IS NULL OR action LIKE ?2)
               AND (CAST(?3 AS TEXT) IS NULL OR at >= ?3) AND (CAST(?4 AS TEXT) IS NULL OR at < ?4)
             ORDER BY seq LIMIT ?5"
        ),
        params![f.operator, action_like, f.since, f.until, limit],
    )
}

/// Every entry of `chain` in turn, by number, to `f` (a row that cannot be read as an
/// entry too, as its error), until `f` says stop; streamed, not read whole.
pub(super) fn each(conn: &Conn, chain: Chain, f: &mut dyn FnMut(SqlResult<Entry>) -> Result<bool>) -> Result<()> {
    let mut st = conn.prepare(&format!("SELECT {COLUMNS} FROM {} ORDER BY seq", table(chain)))?;
    let mut rows = st.query(())?;
    while let Some(r) = rows.next()? {
        if !f(row_to_entry(&r))? {
            break;
        }
    }
    Ok(())
}
