//! The `series` rows and the series columns of `registrations`, taking and returning domain
//! types.

use crate::catalog::{params, Conn, OptionalExtension, Row, SqlResult};
use crate::error::{Error, Result};
use crate::ids::{RegistrationId, SeriesId, UnitId};
use crate::registrations::UnitRef;
use crate::stamp::Stamp;

use super::{Cadence, Series, SeriesVersion};

const SERIES_SELECT: &str = "SELECT s.id, s.unit_id, u.name, u.uscc, s.name, s.system, s.cadence, s.created_at, s.created_by,
        (SELECT COUNT(*) FROM registrations r WHERE r.series_id = s.id AND r.status = 'sealed'),
        (SELECT r.series_period FROM registrations r WHERE r.series_id = s.id AND r.status = 'sealed'
           ORDER BY r.series_version DESC LIMIT 1)
     FROM series s JOIN units u ON u.id = s.unit_id";

fn row_to_series(r: &Row<'_>) -> SqlResult<Series> {
    let cadence: String = r.get(6)?;
    Ok(Series {
        id: SeriesId(r.get(0)?),
        unit: UnitRef { id: UnitId(r.get(1)?), name: r.get(2)?, uscc: r.get(3)? },
        name: r.get(4)?,
        system: r.get(5)?,
        cadence: cadence.parse().map_err(|e| crate::catalog::bad_column(6, e))?,
        created_at: r.get(7)?,
        created_by: r.get(8)?,
        versions: r.get(9)?,
        last_period: r.get(10)?,
    })
}

pub(super) fn insert(conn: &Conn, unit: UnitId, name: &str, system: Option<&str>, cadence: Cadence, stamp: &Stamp) -> Result<SeriesId> {
    conn.execute(
        "INSERT INTO series (unit_id, name, system, cadence, created_at, created_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![unit.0, name, system, cadence.as_str(), stamp.at_text(), stamp.operator],
    )?;
    Ok(SeriesId(conn.last_insert_rowid()?))
}

pub(super) fn update(conn: &Conn, id: SeriesId, name: &str, system: Option<&str>, cadence: Cadence) -> Result<()> {
    conn.execute("UPDATE series SET name = ?2, system = ?3, cadence = ?4 WHERE id = ?1", params![id.0, name, system, cadence.as_str()])?;
    Ok(())
}

/// The series' name as the ledger last recorded it by entry `seq`.
pub(super) fn recorded_name_at(conn: &Conn, id: SeriesId, seq: i64) -> Result<Option<String>> {
    let payload: Option<String> = conn
        .query_row(
            "SELECT payload FROM ledger WHERE subject = ?1 AND action IN ('series.add', 'series.edit') AND seq <= ?2
             ORDER BY seq DESC LIMIT 1",
            params![id.subject(), seq],
            |r| r.get(0),
        )
        .optional()?;
    let Some(payload) = payload else { return Ok(None) };
    let v: serde_json::Value = serde_json::from_str(&payload).map_err(|e| Error::Integrity(e.to_string()))?;
    Ok(v["to"]["name"].as_str().or(v["name"].as_str()).map(str::to_string))
}

/// Whether any hand-over (sealed or draft) was taken in for the series.
pub(super) fn has_hand_overs(conn: &Conn, id: SeriesId) -> Result<bool> {
    Ok(conn.query_row("SELECT EXISTS (SELECT 1 FROM registrations WHERE series_id = ?1)", [id.0], |r| r.get(0))?)
}

pub(super) fn by_id(conn: &Conn, id: SeriesId) -> Result<Option<Series>> {
    Ok(conn.query_row(&format!("{SERIES_SELECT} WHERE s.id = ?1"), [id.0], row_to_series).optional()?)
}

pub(super) fn by_name(conn: &Conn, unit: UnitId, name: &str) -> Result<Option<Series>> {
    Ok(conn.query_row(&format!("{SERIES_SELECT} WHERE s.unit_id = ?1 AND s.name = ?2"), params![unit.0, name], row_to_series).optional()?)
}

pub(super) fn all(conn: &Conn) -> Result<Vec<Series>> {
    let mut st = conn.prepare(&format!("{SERIES_SELECT} ORDER BY u.name, s.name, s.id"))?;
    let rows = st.query_map((), row_to_series)?;
    Ok(rows.collect::<SqlResult<_>>()?)
}

pub(super) fn versions(conn: &Conn, id: SeriesId) -> Result<Vec<SeriesVersion>> {
    let mut st = conn.prepare(
        "SELECT r.series_version, r.id, r.registration_number, r.series_period, r.sealed_at,
                (SELECT COUNT(*) FROM items i WHERE i.registration_id = r.id),
                (SELECT COALESCE(SUM(size), 0) FROM items i WHERE i.registration_id = r.id)
         FROM registrations r WHERE r.series_id = ?1 AND r.status = 'sealed' ORDER BY r.series_version",
    )?;
    let rows = st.query_map([id.0], |r| {
        Ok(SeriesVersion {
            version: r.get(0)?,
            registration: RegistrationId(r.get(1)?),
            registration_number: r.get(2)?,
            period: r.get(3)?,
            sealed_at: r.get(4)?,
            files: r.get(5)?,
            bytes: r.get(6)?,
        })
    })?;
    Ok(rows.collect::<SqlResult<_>>()?)
}

/// The series, period and version (once sealed) of a registration that is a series' version.
pub(crate) fn membership(conn: &Conn, reg: RegistrationId) -> Result<Option<(SeriesId, String, Option<i64>)>> {
    Ok(conn
        .query_row(
            "SELECT series_id, series_period, series_version FROM registrations WHERE id = ?1 AND series_id IS NOT NULL",
            [reg.0],
            |r| Ok((SeriesId(r.get(0)?), r.get(1)?, r.get(2)?)),
        )
        .optional()?)
}

/// The draft of `series` for `period`, if there is one.
pub(super) fn draft_for(conn: &Conn, series: SeriesId, period: &str) -> Result<Option<RegistrationId>> {
    Ok(conn
        .query_row(
            "SELECT id FROM registrations WHERE series_id = ?1 AND series_period = ?2 AND status = 'draft'",
            params![series.0, period],
            |r| r.get(0).map(RegistrationId),
        )
        .optional()?)
}

/// What a series' draft is created as: its series, unit, period and title.
#[derive(Debug, Clone)]
pub(crate) struct SeriesDraft {
    pub series: SeriesId,
    pub unit: UnitId,
    pub period: String,
    pub title: String,
}

/// Marks the new draft `reg` as `draft`'s hand-over.
pub(crate) fn mark_draft(conn: &Conn, reg: RegistrationId, draft: &SeriesDraft) -> Result<()> {
    crate::registrations::store::set_series(conn, reg, draft.series, &draft.period)
}

/// Gives the registration being sealed (still a draft, inside the seal's transaction) the
/// next version of its series; none when it is no series' hand-over.
pub(crate) fn assign_version(conn: &Conn, reg: RegistrationId) -> Result<Option<(SeriesId, String, i64)>> {
    let Some((series, period, _)) = membership(conn, reg)? else { return Ok(None) };
    let version: i64 =
        conn.query_row("SELECT COALESCE(MAX(series_version), 0) + 1 FROM registrations WHERE series_id = ?1", [series.0], |r| r.get(0))?;
    crate::registrations::store::set_series_version(conn, reg, version)?;
    Ok(Some((series, period, version)))
}
