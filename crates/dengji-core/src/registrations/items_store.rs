//! The `items`, `findings` and `supplied_checksums` rows as intake and the draft's edits
//! write them (the descriptive columns are `metadata/store.rs`'s).

use crate::catalog::{params, Conn, OptionalExtension, SqlResult};
use crate::digest::{DualDigest, Sha256};
use crate::error::Result;
use crate::ids::{ItemId, RegistrationId};
use crate::registrations::FindingKind;
use crate::stamp::Stamp;

/// A file as intake took it.
pub(crate) struct TakenItem<'a> {
    /// The original path's bytes.
    pub rel: &'a [u8],
    pub path: String,
    pub size: i64,
    pub mtime: Option<&'a str>,
    pub digest: &'a DualDigest,
    pub md5: Option<String>,
    pub sha1: Option<String>,
    pub format: &'a str,
    pub pages: Option<i64>,
    /// The facts kept for the check (JSON).
    pub inspection: Option<&'a str>,
}

/// A problem intake or the supplied checksums found.
pub(crate) struct NewFinding<'a> {
    pub kind: FindingKind,
    pub path: &'a str,
    pub detail: &'a str,
    pub blocking: bool,
}

fn kinds_list(kinds: &[FindingKind]) -> String {
    kinds.iter().map(|k| format!("'{}'", k.as_str())).collect::<Vec<_>>().join(",")
}

/// Writes (or rewrites, by original path) the items of a batch; where a draft has open
/// findings of `cleared` kinds, those of each item's path go.
pub(crate) fn put_items(conn: &Conn, id: RegistrationId, items: &[TakenItem<'_>], at: &str, cleared: &[FindingKind]) -> Result<()> {
    let mut upsert = conn.prepare_cached(
        "INSERT INTO items (registration_id, path_raw, path, size, mtime, sha256, sm3, md5, sha1, format, pages, added_at, inspection)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)
         ON CONFLICT (registration_id, path_raw) DO UPDATE SET path = excluded.path, size = excluded.size,
           mtime = excluded.mtime, sha256 = excluded.sha256, sm3 = excluded.sm3, md5 = excluded.md5, sha1 = excluded.sha1,
           format = excluded.format, pages = excluded.pages, added_at = excluded.added_at, inspection = excluded.inspection",
    )?;
    let kinds = kinds_list(cleared);
    let mut clear = conn.prepare_cached(&format!(
        "DELETE FROM findings WHERE registration_id = ?1 AND path = ?2 AND acknowledged_at IS NULL AND kind IN ({kinds})"
    ))?;
    // A draft with no such findings (most) skips the delete per file.
    let open: bool = conn.query_row(
        &format!("SELECT EXISTS (SELECT 1 FROM findings WHERE registration_id = ?1 AND acknowledged_at IS NULL AND kind IN ({kinds}))"),
        [id.0],
        |r| r.get(0),
    )?;
    for t in items {
        upsert.execute(params![
            id.0,
            t.rel,
            t.path,
            t.size,
            t.mtime,
            t.digest.sha256,
            t.digest.sm3,
            t.md5,
            t.sha1,
            t.format,
            t.pages,
            at,
            t.inspection
        ])?;
        if open {
            clear.execute(params![id.0, t.path])?;
        }
    }
    Ok(())
}

/// Records a finding; one already there (same kind and path) and not accepted gets the
/// new detail.
pub(crate) fn put_finding(conn: &Conn, id: RegistrationId, f: &NewFinding<'_>, at: &str) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO findings (registration_id, kind, path, detail, blocking, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)
         ON CONFLICT (registration_id, kind, path) DO UPDATE SET detail = excluded.detail WHERE findings.acknowledged_at IS NULL",
    )?
    .execute(params![id.0, f.kind, f.path, f.detail, f.blocking, at])?;
    Ok(())
}

pub(crate) fn has_items(conn: &Conn, id: RegistrationId) -> Result<bool> {
    Ok(conn.query_row("SELECT EXISTS (SELECT 1 FROM items WHERE registration_id = ?1)", [id.0], |r| r.get(0))?)
}

/// The size and mtime catalogued for the draft's file at original path `rel`.
pub(crate) fn size_and_mtime(conn: &Conn, id: RegistrationId, rel: &[u8]) -> Result<Option<(i64, Option<String>)>> {
    Ok(conn
        .query_row("SELECT size, mtime FROM items WHERE registration_id = ?1 AND path_raw = ?2", params![id.0, rel], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .optional()?)
}

/// The draft's files and bytes.
pub(crate) fn totals(conn: &Conn, id: RegistrationId) -> Result<(i64, i64)> {
    Ok(conn.query_row("SELECT COUNT(*), COALESCE(SUM(size), 0) FROM items WHERE registration_id = ?1", [id.0], |r| {
        Ok((r.get(0)?, r.get(1)?))
    })?)
}

/// Each item's path, object and size.
pub(crate) fn paths_and_objects(conn: &Conn, id: RegistrationId) -> Result<Vec<(String, Sha256, i64)>> {
    let mut st = conn.prepare("SELECT path, sha256, size FROM items WHERE registration_id = ?1")?;
    let rows = st.query_map([id.0], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
    Ok(rows.collect::<SqlResult<_>>()?)
}

/// The item at `path`: its digest by `algorithm` (`sha256`, `sm3`, or `md5` and `sha1`
/// when intake kept them) and its object.
pub(crate) fn digest_of(conn: &Conn, id: RegistrationId, path: &str, algorithm: &str) -> Result<Option<(Option<String>, Sha256)>> {
    // A column name, so only one of those four.
    let column = ["sha256", "sm3", "md5", "sha1"].into_iter().find(|c| *c == algorithm).unwrap_or("sha256");
    Ok(conn
        .query_row(&format!("SELECT {column}, sha256 FROM items WHERE registration_id = ?1 AND path = ?2"), params![id.0, path], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .optional()?)
}

/// The supplied checksum lines of a draft go, with the open findings of `kinds` they made.
pub(crate) fn clear_supplied(conn: &Conn, id: RegistrationId, kinds: &[FindingKind]) -> Result<()> {
    conn.execute("DELETE FROM supplied_checksums WHERE registration_id = ?1", [id.0])?;
    conn.execute(
        &format!("DELETE FROM findings WHERE registration_id = ?1 AND acknowledged_at IS NULL AND kind IN ({})", kinds_list(kinds)),
        [id.0],
    )?;
    Ok(())
}

/// One line of a checksum file handed over with the files.
pub(crate) fn put_supplied(
    conn: &Conn,
    id: RegistrationId,
    file: &str,
    line: i64,
    path: &str,
    algorithm: &str,
    expected: &str,
) -> Result<()> {
    conn.execute(
        "INSERT INTO supplied_checksums (registration_id, checksum_file, line, path, algorithm, expected) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![id.0, file, line, path, algorithm, expected],
    )?;
    Ok(())
}

pub(crate) fn delete_item(conn: &Conn, item: ItemId) -> Result<()> {
    conn.execute("DELETE FROM items WHERE id = ?1", [item.0])?;
    Ok(())
}

/// Accepts every open finding of a draft with `reason`; how many.
pub(crate) fn acknowledge_findings(conn: &Conn, id: RegistrationId, reason: &str, stamp: &Stamp) -> Result<usize> {
    Ok(conn.execute(
        "UPDATE findings SET acknowledged_at = ?2, acknowledged_by = ?3, ack_reason = ?4
         WHERE registration_id = ?1 AND acknowledged_at IS NULL",
        params![id.0, stamp.at_text(), stamp.operator, reason],
    )?)
}
