//! The `upward_reports` rows (packages written for an upper archive, and their receipts)
//! and the `peer_reports` rows (packages taken from lower archives).

use crate::catalog::{params, Conn, OptionalExtension, Row, SqlResult};
use crate::error::Result;
use crate::ledger::Checkpoint;

use super::{ReceivedReport, SentReport};

const SENT: &str = "SELECT id, peer_id, number, ledger_from, ledger_size, ledger_head, payload_from, catalog_only, objects, bytes,
        tagmanifest_sm3, exported_at, exported_by, receipt, acked_at, acked_by FROM upward_reports";

fn row_to_sent(r: &Row<'_>) -> SqlResult<SentReport> {
    Ok(SentReport {
        peer_id: r.get(1)?,
        number: r.get(2)?,
        ledger_from: r.get(3)?,
        checkpoint: Checkpoint { size: r.get(4)?, head: r.get(5)? },
        payload_from: r.get(6)?,
        catalog_only: r.get(7)?,
        objects: r.get(8)?,
        bytes: r.get(9)?,
        tagmanifest_sm3: r.get(10)?,
        exported_at: r.get(11)?,
        exported_by: r.get(12)?,
        receipt: r.get(13)?,
        acked_at: r.get(14)?,
        acked_by: r.get(15)?,
    })
}

/// The packages written for `peer` (every upper archive when None), oldest first.
pub(super) fn sent(conn: &Conn, peer: Option<crate::ids::PeerId>) -> Result<Vec<SentReport>> {
    let mut st = conn.prepare(&format!("{SENT} WHERE (CAST(?1 AS BIGINT) IS NULL OR peer_id = ?1) ORDER BY peer_id, number"))?;
    let rows = st.query_map([peer], row_to_sent)?;
    Ok(rows.collect::<SqlResult<_>>()?)
}

pub(super) fn insert_sent(conn: &Conn, r: &SentReport) -> Result<()> {
    conn.execute(
        "INSERT INTO upward_reports (peer_id, number, ledger_from, ledger_size, ledger_head, payload_from, catalog_only, objects,
             bytes, tagmanifest_sm3, exported_at, exported_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
        params![
            r.peer_id,
            r.number,
            r.ledger_from,
            r.checkpoint.size,
            r.checkpoint.head,
            r.payload_from,
            r.catalog_only,
            r.objects,
            r.bytes,
            r.tagmanifest_sm3,
            r.exported_at,
            r.exported_by
        ],
    )?;
    Ok(())
}

/// Records the receipt of package `number` for `peer`; the row's trigger lets this happen once.
pub(super) fn set_receipt(conn: &Conn, peer: crate::ids::PeerId, number: i64, receipt: &str, at: &str, by: &str) -> Result<()> {
    conn.execute(
        "UPDATE upward_reports SET receipt = ?3, acked_at = ?4, acked_by = ?5 WHERE peer_id = ?1 AND number = ?2",
        params![peer, number, receipt, at, by],
    )?;
    Ok(())
}

const RECEIVED: &str = "SELECT peer_id, number, ledger_from, ledger_size, ledger_head, catalog_sha256, catalog_bytes, objects, bytes,
        registrations, tagmanifest_sm3, signed_by, received_at, received_by, receipt, forwarded_by, forwarded_in, import_seq, package_files
        FROM peer_reports";

fn row_to_received(r: &Row<'_>) -> SqlResult<ReceivedReport> {
    Ok(ReceivedReport {
        peer_id: r.get(0)?,
        number: r.get(1)?,
        ledger_from: r.get(2)?,
        checkpoint: Checkpoint { size: r.get(3)?, head: r.get(4)? },
        catalog_sha256: r.get(5)?,
        catalog_bytes: r.get(6)?,
        objects: r.get(7)?,
        bytes: r.get(8)?,
        registrations: r.get(9)?,
        tagmanifest_sm3: r.get(10)?,
        signed_by: r.get(11)?,
        received_at: r.get(12)?,
        received_by: r.get(13)?,
        receipt: r.get(14)?,
        forwarded_by: r.get(15)?,
        forwarded_in: r.get(16)?,
        import_seq: r.get(17)?,
        package_files: match r.get::<_, Option<String>>(18)? {
            Some(text) => serde_json::from_str(&text).map_err(|e| crate::catalog::bad_column(18, e))?,
            None => Vec::new(),
        },
    })
}

/// The packages taken from `peer` (every lower archive when None), oldest first.
pub(super) fn received(conn: &Conn, peer: Option<crate::ids::PeerId>) -> Result<Vec<ReceivedReport>> {
    let mut st = conn.prepare(&format!("{RECEIVED} WHERE (CAST(?1 AS BIGINT) IS NULL OR peer_id = ?1) ORDER BY peer_id, number"))?;
    let rows = st.query_map([peer], row_to_received)?;
    Ok(rows.collect::<SqlResult<_>>()?)
}

/// Package `number` taken from `peer`.
pub(super) fn received_number(conn: &Conn, peer: crate::ids::PeerId, number: i64) -> Result<Option<ReceivedReport>> {
    Ok(conn.query_row(&format!("{RECEIVED} WHERE peer_id = ?1 AND number = ?2"), params![peer, number], row_to_received).optional()?)
}

/// Packages taken in directly (not forwarded inside another) by ledger entries after `after`.
pub(super) fn received_after(conn: &Conn, after: i64) -> Result<Vec<ReceivedReport>> {
    let mut st = conn.prepare(&format!("{RECEIVED} WHERE import_seq > ?1 AND forwarded_by IS NULL ORDER BY import_seq"))?;
    let rows = st.query_map([after], row_to_received)?;
    Ok(rows.collect::<SqlResult<_>>()?)
}

/// The newest package taken from `peer`.
pub(super) fn last_received(conn: &Conn, peer: crate::ids::PeerId) -> Result<Option<ReceivedReport>> {
    Ok(conn.query_row(&format!("{RECEIVED} WHERE peer_id = ?1 ORDER BY number DESC LIMIT 1"), [peer], row_to_received).optional()?)
}

pub(super) fn insert_received(conn: &Conn, r: &ReceivedReport) -> Result<()> {
    conn.execute(
        "INSERT INTO peer_reports (peer_id, number, ledger_from, ledger_size, ledger_head, catalog_sha256, catalog_bytes, objects,
             bytes, registrations, tagmanifest_sm3, signed_by, received_at, received_by, receipt, forwarded_by, forwarded_in,
             import_seq, package_files)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19)",
        params![
            r.peer_id,
            r.number,
            r.ledger_from,
            r.checkpoint.size,
            r.checkpoint.head,
            r.catalog_sha256,
            r.catalog_bytes,
            r.objects,
            r.bytes,
            r.registrations,
            r.tagmanifest_sm3,
            r.signed_by,
            r.received_at,
            r.received_by,
            r.receipt,
            r.forwarded_by,
            r.forwarded_in,
            r.import_seq,
            serde_json::to_string(&r.package_files).expect("file list serialises")
        ],
    )?;
    Ok(())
}
