//! The `domains` rows.

use crate::catalog::{params, Conn, OptionalExtension, SqlResult};
use crate::error::Result;

use super::Domain;

/// Where a domain stands on the list.
pub(super) enum Standing {
    Missing,
    Offered,
    Retired,
}

/// The names offered, in list order.
pub(super) fn offered(conn: &Conn) -> Result<Vec<String>> {
    let mut st = conn.prepare("SELECT name FROM domains WHERE retired_at IS NULL ORDER BY position, name")?;
    let rows = st.query_map((), |r| r.get(0))?;
    Ok(rows.collect::<SqlResult<_>>()?)
}

/// Every domain with its count of units, in list order.
pub(super) fn all(conn: &Conn) -> Result<Vec<Domain>> {
    let mut st = conn.prepare(
        "SELECT d.name, d.retired_at, (SELECT COUNT(*) FROM units u WHERE u.domain = d.name) FROM domains d ORDER BY d.position, d.name",
    )?;
    let rows = st.query_map((), |r| Ok(Domain { name: r.get(0)?, retired_at: r.get(1)?, units: r.get(2)? }))?;
    Ok(rows.collect::<SqlResult<_>>()?)
}

pub(super) fn standing(conn: &Conn, name: &str) -> Result<Standing> {
    let retired: Option<Option<String>> =
        conn.query_row("SELECT retired_at FROM domains WHERE name = ?1", [name], |r| r.get(0)).optional()?;
    Ok(match retired {
        None => Standing::Missing,
        Some(None) => Standing::Offered,
        Some(Some(_)) => Standing::Retired,
    })
}

/// Adds `name` at the end of the list; `false` when it is there already.
pub(super) fn insert(conn: &Conn, name: &str) -> Result<bool> {
    Ok(conn.execute(
        "INSERT INTO domains (name, position) SELECT ?1, COALESCE(MAX(position), 0) + 1 FROM domains WHERE true ON CONFLICT DO NOTHING",
        [name],
    )? > 0)
}

/// Offers a retired domain again; `false` when it was not retired.
pub(super) fn unretire(conn: &Conn, name: &str) -> Result<bool> {
    Ok(conn.execute("UPDATE domains SET retired_at = NULL WHERE name = ?1 AND retired_at IS NOT NULL", [name])? > 0)
}

pub(super) fn retire(conn: &Conn, name: &str, at: &str) -> Result<()> {
    conn.execute("UPDATE domains SET retired_at = ?2 WHERE name = ?1", params![name, at])?;
    Ok(())
}

pub(super) fn rename(conn: &Conn, from: &str, to: &str) -> Result<()> {
    conn.execute("UPDATE domains SET name = ?2 WHERE name = ?1", params![from, to])?;
    Ok(())
}
