//! The items' descriptive columns and the units' remembered catalogue mappings
//! (`catalogue_mappings`).

use crate::catalog::{params, Conn, OptionalExtension, Row, SqlResult};
use crate::error::Result;
use crate::ids::{ItemId, RegistrationId, UnitId};

use super::{ItemMeta, Retention};

/// The nine columns `meta_from_row` reads.
pub(crate) const META_COLUMNS: &str = "ref_code, title, creator, doc_date, retention, classification, declared_pages, piece, note";

/// Reads the nine `META_COLUMNS` starting at column `at`.
pub(crate) fn meta_from_row(r: &Row<'_>, at: usize) -> SqlResult<ItemMeta> {
    let retention: Option<String> = r.get(at + 4)?;
    Ok(ItemMeta {
        ref_code: r.get(at)?,
        title: r.get(at + 1)?,
        creator: r.get(at + 2)?,
        date: r.get(at + 3)?,
        retention: retention.as_deref().and_then(Retention::parse),
        classification: r.get(at + 5)?,
        pages: r.get(at + 6)?,
        piece: r.get(at + 7)?,
        note: r.get(at + 8)?,
    })
}

/// Writes an item's metadata (already validated).
pub(crate) fn put(conn: &Conn, item: ItemId, m: &ItemMeta) -> Result<()> {
    conn.execute(
        "UPDATE items SET ref_code = ?2, title = ?3, creator = ?4, doc_date = ?5, retention = ?6, classification = ?7,
             declared_pages = ?8, piece = ?9, note = ?10 WHERE id = ?1",
        params![
            item.0,
            m.ref_code,
            m.title,
            m.creator,
            m.date,
            m.retention.map(Retention::as_str),
            m.classification,
            m.pages,
            m.piece,
            m.note
        ],
    )?;
    Ok(())
}

/// The metadata of every item of a registration, by path.
pub(super) fn of_items(conn: &Conn, id: RegistrationId) -> Result<Vec<(ItemId, ItemMeta)>> {
    let mut st = conn.prepare(&format!("SELECT id, {META_COLUMNS} FROM items WHERE registration_id = ?1 ORDER BY path"))?;
    let rows = st.query_map([id.0], |r| Ok((ItemId(r.get(0)?), meta_from_row(r, 1)?)))?;
    Ok(rows.collect::<SqlResult<_>>()?)
}

/// Each item's original path and metadata, by the bytes of the path.
pub(super) fn each_by_original_path(conn: &Conn, id: RegistrationId, f: &mut dyn FnMut(&[u8], ItemMeta)) -> Result<()> {
    let mut st = conn.prepare(&format!("SELECT path_raw, {META_COLUMNS} FROM items WHERE registration_id = ?1 ORDER BY path_raw"))?;
    let mut rows = st.query([id.0])?;
    while let Some(r) = rows.next()? {
        let raw: Vec<u8> = r.get(0)?;
        f(&raw, meta_from_row(&r, 1)?);
    }
    Ok(())
}

/// The column mapping remembered for a unit (JSON).
pub(super) fn mapping(conn: &Conn, unit: UnitId) -> Result<Option<String>> {
    Ok(conn.query_row("SELECT mapping FROM catalogue_mappings WHERE unit_id = ?1", [unit.0], |r| r.get(0)).optional()?)
}

pub(super) fn put_mapping(conn: &Conn, unit: UnitId, mapping: &str, at: &str) -> Result<()> {
    conn.execute(
        "INSERT INTO catalogue_mappings (unit_id, mapping, updated_at) VALUES (?1, ?2, ?3)
         ON CONFLICT (unit_id) DO UPDATE SET mapping = excluded.mapping, updated_at = excluded.updated_at",
        params![unit.0, mapping, at],
    )?;
    Ok(())
}
