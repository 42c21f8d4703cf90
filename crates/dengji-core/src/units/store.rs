//! The `units` rows.

use crate::catalog::{params, Conn, OptionalExtension, Row, SqlResult};
use crate::error::Result;
use crate::ids::UnitId;

use super::{Unit, UnitKind};

const UNIT_SELECT: &str = "SELECT u.id, u.name, u.kind, u.uscc, u.uscc_forced, u.domain, u.created_at,
        (SELECT COUNT(*) FROM registrations r WHERE r.unit_id = u.id) FROM units u";

fn row_to_unit(r: &Row<'_>) -> SqlResult<Unit> {
    let kind: String = r.get(2)?;
    Ok(Unit {
        id: UnitId(r.get(0)?),
        name: r.get(1)?,
        kind: kind.parse().map_err(|e| crate::catalog::bad_column(2, e))?,
        uscc: r.get(3)?,
        uscc_forced: r.get(4)?,
        domain: r.get(5)?,
        created_at: r.get(6)?,
        registrations: r.get(7)?,
    })
}

/// A unit's own columns, as written.
pub(super) struct Columns<'a> {
    pub name: &'a str,
    pub kind: UnitKind,
    pub uscc: Option<&'a str>,
    pub uscc_forced: bool,
    pub domain: Option<&'a str>,
}

pub(super) fn by_id(conn: &Conn, id: UnitId) -> Result<Option<Unit>> {
    Ok(conn.query_row(&format!("{UNIT_SELECT} WHERE u.id = ?1"), [id.0], row_to_unit).optional()?)
}

pub(super) fn by_uscc(conn: &Conn, code: &str) -> Result<Option<Unit>> {
    Ok(conn.query_row(&format!("{UNIT_SELECT} WHERE u.uscc = ?1"), [code], row_to_unit).optional()?)
}

/// Every unit, its registrations counted in one pass (a correlated count per unit took
/// 50 ms and more for a centre's thousand units).
pub(super) fn all(conn: &Conn) -> Result<Vec<Unit>> {
    let mut st = conn.prepare(
        "SELECT u.id, u.name, u.kind, u.uscc, u.uscc_forced, u.domain, u.created_at, COALESCE(c.n, 0) FROM units u
         LEFT JOIN (SELECT unit_id, COUNT(*) AS n FROM registrations GROUP BY unit_id) c ON c.unit_id = u.id ORDER BY u.id",
    )?;
    let rows = st.query_map((), row_to_unit)?;
    Ok(rows.collect::<SqlResult<_>>()?)
}

/// The unit other than `except` that has the code `code`, if any.
pub(super) fn uscc_holder(conn: &Conn, code: &str, except: Option<UnitId>) -> Result<Option<UnitId>> {
    Ok(conn
        .query_row("SELECT id FROM units WHERE uscc = ?1 AND id IS DISTINCT FROM ?2", params![code, except.map(|u| u.0)], |r| r.get(0))
        .optional()?
        .map(UnitId))
}

pub(super) fn insert(conn: &Conn, unit: &Columns<'_>, created_at: &str) -> Result<UnitId> {
    conn.execute(
        "INSERT INTO units (name, kind, uscc, uscc_forced, domain, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![unit.name, unit.kind.as_str(), unit.uscc, unit.uscc_forced, unit.domain, created_at],
    )?;
    Ok(UnitId(conn.last_insert_rowid()?))
}

pub(super) fn update(conn: &Conn, id: UnitId, unit: &Columns<'_>) -> Result<()> {
    conn.execute(
        "UPDATE units SET name = ?2, kind = ?3, uscc = ?4, uscc_forced = ?5, domain = ?6 WHERE id = ?1",
        params![id.0, unit.name, unit.kind.as_str(), unit.uscc, unit.uscc_forced, unit.domain],
    )?;
    Ok(())
}

/// Files every unit of domain `from` under `to` (the domain was renamed); how many moved.
pub(crate) fn move_domain(conn: &Conn, from: &str, to: &str) -> Result<usize> {
    Ok(conn.execute("UPDATE units SET domain = ?2 WHERE domain = ?1", params![from, to])?)
}
