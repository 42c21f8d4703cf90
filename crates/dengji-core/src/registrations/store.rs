//! The `registrations`, `reg_sequence`, `intake_sources` and `discarded_drafts` rows and
//! the registrations' reads of their items and findings, taking and returning domain
//! types. The item and finding rows as intake writes them are `items_store.rs`'s.

use super::RecordKind;
use crate::catalog::{params, Conn, OptionalExtension, Row, SqlResult};
use crate::digest::{DualDigest, Sha256, Sm3};
use crate::error::{Error, Result};
use crate::ids::{ItemId, RegistrationId, UnitId};
use crate::metadata::store::{meta_from_row, META_COLUMNS};
use crate::stamp::Stamp;

use super::{Finding, Item, Registration, Status, UnitRef};

pub(crate) const REG_SELECT: &str = "SELECT r.id, r.registration_number, r.status, r.unit_id, u.name, u.uscc, r.title, r.kind,
        r.created_at, r.created_by, r.intake_state, r.sealed_at, r.sealed_by, r.package_sm3, r.package_sha256,
        (SELECT COUNT(*) FROM items i WHERE i.registration_id = r.id),
        (SELECT COALESCE(SUM(size), 0) FROM items i WHERE i.registration_id = r.id), r.handover_ref
     FROM registrations r JOIN units u ON u.id = r.unit_id";

fn conversion(i: usize, e: Error) -> crate::catalog::CatalogError {
    crate::catalog::bad_column(i, e)
}

pub(crate) fn row_to_registration(r: &Row<'_>) -> SqlResult<Registration> {
    let status: String = r.get(2)?;
    let kind: String = r.get(7)?;
    let intake: String = r.get(10)?;
    Ok(Registration {
        id: RegistrationId(r.get(0)?),
        registration_number: r.get(1)?,
        status: if status == "sealed" { Status::Sealed } else { Status::Draft },
        unit: UnitRef { id: UnitId(r.get(3)?), name: r.get(4)?, uscc: r.get(5)? },
        title: r.get(6)?,
        kind: kind.parse().map_err(|e| conversion(7, e))?,
        created_at: r.get(8)?,
        created_by: r.get(9)?,
        intake_complete: intake == "complete",
        sealed_at: r.get(11)?,
        sealed_by: r.get(12)?,
        package_sm3: r.get(13)?,
        package_sha256: r.get(14)?,
        files: r.get(15)?,
        bytes: r.get(16)?,
        handover_ref: r.get(17)?,
    })
}

pub(crate) fn row_to_item(r: &Row<'_>) -> SqlResult<Item> {
    Ok(Item {
        id: ItemId(r.get(0)?),
        path: r.get(1)?,
        path_raw: r.get(2)?,
        size: r.get(3)?,
        mtime: r.get(4)?,
        sha256: r.get(5)?,
        sm3: r.get(6)?,
        format: r.get(7)?,
        pages: r.get(8)?,
        disposed_at: r.get(9)?,
        meta: meta_from_row(r, 10)?,
    })
}

/// The columns `row_to_item` reads, then `META_COLUMNS`.
pub(crate) const ITEM_COLUMNS: &str = "id, path, path_raw, size, mtime, sha256, sm3, format, pages,
    (SELECT d.disposed_at FROM disposed_items d WHERE d.item_id = items.id)";

pub(crate) fn by_id(conn: &Conn, id: RegistrationId) -> Result<Option<Registration>> {
    Ok(conn.query_row(&format!("{REG_SELECT} WHERE r.id = ?1"), [id.0], row_to_registration).optional()?)
}

pub(crate) fn by_number(conn: &Conn, number: &str) -> Result<Option<Registration>> {
    Ok(conn.query_row(&format!("{REG_SELECT} WHERE r.registration_number = ?1"), [number], row_to_registration).optional()?)
}

/// Every registration, newest first.
pub(crate) fn all(conn: &Conn) -> Result<Vec<Registration>> {
    let mut st = conn.prepare(&format!("{REG_SELECT} ORDER BY r.id DESC"))?;
    let rows = st.query_map((), row_to_registration)?;
    Ok(rows.collect::<SqlResult<_>>()?)
}

/// The newest `n` taken in.
pub(crate) fn newest(conn: &Conn, n: usize) -> Result<Vec<Registration>> {
    // created_at is RFC 3339 UTC text to the second: its order is time order.
    let mut st = conn.prepare(&format!("{REG_SELECT} ORDER BY r.created_at DESC, r.id DESC LIMIT ?1"))?;
    let rows = st.query_map([n as i64], row_to_registration)?;
    Ok(rows.collect::<SqlResult<_>>()?)
}

/// Drafts and sealed registrations, counted.
pub(crate) fn counts(conn: &Conn) -> Result<(i64, i64)> {
    // Each count on its own, so an index on the status answers it.
    Ok(conn.query_row(
        "SELECT (SELECT COUNT(*) FROM registrations WHERE status = 'draft'), (SELECT COUNT(*) FROM registrations WHERE status = 'sealed')",
        (),
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?)
}

/// A registration's items, by path.
pub(crate) fn items(conn: &Conn, id: RegistrationId) -> Result<Vec<Item>> {
    let mut st = conn.prepare(&format!("SELECT {ITEM_COLUMNS}, {META_COLUMNS} FROM items WHERE registration_id = ?1 ORDER BY path"))?;
    let rows = st.query_map([id.0], row_to_item)?;
    Ok(rows.collect::<SqlResult<_>>()?)
}

/// The path of item `item` of registration `id`, if it is one of its items.
pub(crate) fn item_path(conn: &Conn, id: RegistrationId, item: ItemId) -> Result<Option<String>> {
    Ok(conn.query_row("SELECT path FROM items WHERE id = ?1 AND registration_id = ?2", params![item.0, id.0], |r| r.get(0)).optional()?)
}

pub(crate) fn findings(conn: &Conn, id: RegistrationId) -> Result<Vec<Finding>> {
    let mut st = conn.prepare(
        "SELECT id, kind, path, detail, blocking, acknowledged_at IS NOT NULL FROM findings
         WHERE registration_id = ?1 ORDER BY blocking DESC, kind, path",
    )?;
    let rows = st.query_map([id.0], |r| {
        Ok(Finding {
            id: crate::ids::FindingId(r.get(0)?),
            kind: r.get(1)?,
            path: r.get(2)?,
            detail: r.get(3)?,
            blocking: r.get(4)?,
            acknowledged: r.get(5)?,
        })
    })?;
    Ok(rows.collect::<SqlResult<_>>()?)
}

/// Blocking findings nobody accepted yet.
pub(crate) fn open_blocking_findings(conn: &Conn, id: RegistrationId) -> Result<i64> {
    Ok(conn.query_row(
        "SELECT COUNT(*) FROM findings WHERE registration_id = ?1 AND blocking = 1 AND acknowledged_at IS NULL",
        [id.0],
        |r| r.get(0),
    )?)
}

/// An item as the canonical manifest lists it.
pub(crate) struct ManifestLine {
    /// The original path's bytes.
    pub raw: Vec<u8>,
    pub size: i64,
    pub sha256: Sha256,
    pub sm3: Sm3,
}

/// Each item's line of the canonical manifest, by the bytes of its original path.
pub(crate) fn each_manifest_line(conn: &Conn, id: RegistrationId, f: &mut dyn FnMut(&ManifestLine)) -> Result<()> {
    let mut st = conn.prepare("SELECT path_raw, size, sha256, sm3 FROM items WHERE registration_id = ?1 ORDER BY path_raw")?;
    let mut rows = st.query([id.0])?;
    while let Some(r) = rows.next()? {
        f(&ManifestLine { raw: r.get(0)?, size: r.get(1)?, sha256: r.get(2)?, sm3: r.get(3)? });
    }
    Ok(())
}

/// Every stored field of an item that the seal fixes: the original path (hex), path,
/// size, mtime, SHA-256, SM3, MD5, format, pages and when it was added.
pub(crate) type ItemFields = (String, String, i64, Option<String>, String, String, Option<String>, String, Option<i64>, String);

/// Each item's stored fields, by the bytes of its original path.
pub(crate) fn each_item_fields(conn: &Conn, id: RegistrationId, f: &mut dyn FnMut(&ItemFields)) -> Result<()> {
    let mut st = conn.prepare(
        "SELECT path_raw, path, size, mtime, sha256, sm3, md5, format, pages, added_at FROM items
         WHERE registration_id = ?1 ORDER BY path_raw",
    )?;
    let mut rows = st.query([id.0])?;
    while let Some(r) = rows.next()? {
        f(&(
            hex::encode(r.get::<_, Vec<u8>>(0)?),
            r.get(1)?,
            r.get(2)?,
            r.get(3)?,
            r.get(4)?,
            r.get(5)?,
            r.get(6)?,
            r.get(7)?,
            r.get(8)?,
            r.get(9)?,
        ));
    }
    Ok(())
}

/// Registration number, unit USCC, title, kind, seal time and the seal's check, as stored.
pub(crate) type SealRow = (Option<String>, Option<String>, String, String, Option<String>, Option<String>);

pub(crate) fn seal_row(conn: &Conn, id: RegistrationId) -> Result<Option<SealRow>> {
    Ok(conn
        .query_row(
            "SELECT r.registration_number, u.uscc, r.title, r.kind, r.sealed_at, r.seal_check FROM registrations r
             JOIN units u ON u.id = r.unit_id WHERE r.id = ?1",
            [id.0],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?)),
        )
        .optional()?)
}

/// The next registration sequence number of `year`, taken (inside the seal's transaction).
pub(crate) fn next_seq(conn: &Conn, year: i32) -> Result<i64> {
    let last: Option<i64> = conn.query_row("SELECT last FROM reg_sequence WHERE year = ?1", [year], |r| r.get(0)).optional()?;
    let seq = last.unwrap_or(0) + 1;
    conn.execute(
        "INSERT INTO reg_sequence (year, last) VALUES (?1, ?2) ON CONFLICT (year) DO UPDATE SET last = excluded.last",
        params![year, seq],
    )?;
    Ok(seq)
}

/// What sealing fixes on a draft.
pub(crate) struct Sealed<'a> {
    pub number: &'a str,
    pub year: i32,
    pub seq: i64,
    pub at: &'a str,
    pub by: &'a str,
    pub digests: &'a DualDigest,
    /// The seal's check (JSON).
    pub check: &'a str,
}

pub(crate) fn seal(conn: &Conn, id: RegistrationId, s: &Sealed<'_>) -> Result<()> {
    conn.execute(
        "UPDATE registrations SET status = 'sealed', registration_number = ?2, seq_year = ?3, seq = ?4,
             sealed_at = ?5, sealed_by = ?6, package_sha256 = ?7, package_sm3 = ?8, seal_check = ?9
         WHERE id = ?1 AND status = 'draft'",
        params![id.0, s.number, s.year, s.seq, s.at, s.by, s.digests.sha256, s.digests.sm3, s.check],
    )?;
    Ok(())
}

/// The count of sealed registrations.
pub(crate) fn sealed_count(conn: &Conn) -> Result<i64> {
    Ok(conn.query_row("SELECT COUNT(*) FROM registrations WHERE status = 'sealed'", (), |r| r.get(0))?)
}

/// The objects of registration `id`'s items that no other registration's items hold.
pub(crate) fn objects_held_only_by(conn: &Conn, id: RegistrationId) -> Result<Vec<Sha256>> {
    let mut st = conn.prepare(
        "SELECT DISTINCT sha256 FROM items WHERE registration_id = ?1
         AND sha256 NOT IN (SELECT sha256 FROM items WHERE registration_id != ?1)",
    )?;
    let rows = st.query_map([id.0], |r| r.get(0))?;
    Ok(rows.collect::<SqlResult<_>>()?)
}

/// A draft's rows go (with its intake's and checks'), a record of it stays.
pub(crate) fn discard(conn: &Conn, reg: &Registration, reason: &str, stamp: &Stamp) -> Result<()> {
    for table in ["items", "intake_sources", "supplied_checksums", "findings", "checks", "check_acceptances"] {
        conn.execute(&format!("DELETE FROM {table} WHERE registration_id = ?1"), [reg.id.0])?;
    }
    conn.execute("DELETE FROM registrations WHERE id = ?1", [reg.id.0])?;
    conn.execute(
        "INSERT INTO discarded_drafts (id, unit_id, title, files, bytes, reason, discarded_at, discarded_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![reg.id.0, reg.unit.id.0, reg.title, reg.files, reg.bytes, reason, stamp.at_text(), stamp.operator],
    )?;
    Ok(())
}

/// A new draft of `unit`; its number is past every draft's, discarded ones too, so that a
/// draft number is never given twice.
pub(crate) fn insert_draft(conn: &Conn, unit: UnitId, title: &str, kind: RecordKind, stamp: &Stamp) -> Result<RegistrationId> {
    Ok(RegistrationId(conn.query_row(
        "INSERT INTO registrations (id, unit_id, title, kind, created_at, created_by)
         VALUES ((SELECT COALESCE(MAX(id), 0) + 1 FROM
                     (SELECT MAX(id) AS id FROM registrations UNION ALL SELECT MAX(id) FROM discarded_drafts) AS ids),
                 ?1, ?2, ?3, ?4, ?5)
         RETURNING id",
        params![unit.0, title, kind.as_str(), stamp.at_text(), stamp.operator],
        |r| r.get(0),
    )?))
}

/// Marks a draft's intake running (not complete) or complete.
pub(crate) fn set_intake_complete(conn: &Conn, id: RegistrationId, complete: bool) -> Result<()> {
    let state = if complete { "complete" } else { "running" };
    conn.execute("UPDATE registrations SET intake_state = ?2 WHERE id = ?1", params![id.0, state])?;
    Ok(())
}

/// Records a folder or file taken in, once.
pub(crate) fn add_source(conn: &Conn, id: RegistrationId, path: &str, at: &str) -> Result<()> {
    conn.execute(
        "INSERT INTO intake_sources (registration_id, source_path, added_at) VALUES (?1, ?2, ?3) ON CONFLICT DO NOTHING",
        params![id.0, path, at],
    )?;
    Ok(())
}

/// The sources taken in, in the order first taken.
pub(crate) fn sources(conn: &Conn, id: RegistrationId) -> Result<Vec<String>> {
    let mut st = conn.prepare("SELECT source_path FROM intake_sources WHERE registration_id = ?1 ORDER BY rowid")?;
    let rows = st.query_map([id.0], |r| r.get(0))?;
    Ok(rows.collect::<SqlResult<_>>()?)
}

/// A draft's rows go without a trace (a rebuilt catalog does not hold what its media do
/// not): its items, intake's, checks' and applications' rows with it.
pub(crate) fn drop_draft(conn: &Conn, id: RegistrationId) -> Result<()> {
    for table in ["findings", "supplied_checksums", "intake_sources", "items", "applications", "checks", "check_acceptances"] {
        conn.execute(&format!("DELETE FROM {table} WHERE registration_id = ?1"), [id.0])?;
    }
    conn.execute("DELETE FROM registrations WHERE id = ?1 AND status = 'draft'", [id.0])?;
    Ok(())
}

/// Makes the draft `id` a hand-over of `series` for `period`.
pub(crate) fn set_series(conn: &Conn, id: RegistrationId, series: crate::ids::SeriesId, period: &str) -> Result<()> {
    conn.execute(
        "UPDATE registrations SET series_id = ?2, series_period = ?3 WHERE id = ?1 AND status = 'draft'",
        params![id.0, series.0, period],
    )?;
    Ok(())
}

/// Gives the draft `id`, as it is sealed, its version in its series.
pub(crate) fn set_series_version(conn: &Conn, id: RegistrationId, version: i64) -> Result<()> {
    conn.execute("UPDATE registrations SET series_version = ?2 WHERE id = ?1 AND status = 'draft'", params![id.0, version])?;
    Ok(())
}

/// Removes every draft; their ids.
pub(crate) fn drop_drafts(conn: &Conn) -> Result<Vec<RegistrationId>> {
    let drafts: Vec<RegistrationId> = conn
        .prepare("SELECT id FROM registrations WHERE status = 'draft' ORDER BY id")?
        .query_map((), |r| r.get(0).map(RegistrationId))?
        .collect::<SqlResult<_>>()?;
    for id in &drafts {
        drop_draft(conn, *id)?;
    }
    Ok(drafts)
}

/// The unit's hand-over reference (移交单号) of a registration.
pub(crate) fn handover_ref(conn: &Conn, id: RegistrationId) -> Result<Option<String>> {
    Ok(conn.query_row("SELECT handover_ref FROM registrations WHERE id = ?1", [id.0], |r| r.get(0))?)
}

pub(crate) fn set_handover_ref(conn: &Conn, id: RegistrationId, reference: Option<&str>) -> Result<()> {
    conn.execute("UPDATE registrations SET handover_ref = ?2 WHERE id = ?1", params![id.0, reference])?;
    Ok(())
}
