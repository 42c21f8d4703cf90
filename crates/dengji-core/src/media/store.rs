//! The `media`, `media_bags` and `shipments` rows, and what the media's work reads of the
//! registrations and disposals they hold.

use crate::catalog::{params, Conn, OptionalExtension, Row, SqlResult};
use crate::digest::Sha256;
use crate::error::Result;
use crate::ids::{ItemId, MediumRow, RegistrationId, SeriesId, ShipmentId};
use crate::stamp::Stamp;
use chrono::{DateTime, Utc};

use super::verify::{HeldBag, ObjectVersion};
use super::{Medium, MediumKind, Outing, RetireReason, Retirement};

/// Over a registration aliased `r`: it still holds content (not every item disposed of).
/// Backup and the copy policy leave out the registrations that do not.
const HAS_CONTENT: &str = "(NOT EXISTS (SELECT 1 FROM disposed_items d WHERE d.registration_id = r.id)
    OR EXISTS (SELECT 1 FROM items i WHERE i.registration_id = r.id AND i.id NOT IN (SELECT item_id FROM disposed_items)))";

const MEDIUM_SELECT: &str = "SELECT m.id, m.medium_id, m.label, m.set_name, m.kind, m.location, m.path, m.capacity_bytes, m.free_bytes,
        m.created_at, m.last_backup_at, m.last_verified_at, m.last_result,
        (SELECT COUNT(*) FROM media_bags b WHERE b.medium_id = m.id),
        (SELECT COALESCE(SUM(bytes), 0) FROM media_bags b WHERE b.medium_id = m.id),
        m.retired_at, m.retired_reason, m.retired_note, o.shipment_id, s.destination, s.reference, s.shipped_at
     FROM media m
     LEFT JOIN shipment_media o ON o.medium_id = m.id AND o.returned_at IS NULL
     LEFT JOIN shipments s ON s.id = o.shipment_id";

fn row_to_medium(r: &Row<'_>) -> SqlResult<Medium> {
    let kind: String = r.get(4)?;
    Ok(Medium {
        row: r.get(0)?,
        id: r.get(1)?,
        label: r.get(2)?,
        set: r.get(3)?,
        kind: kind.parse().map_err(|e| crate::catalog::bad_column(4, e))?,
        location: r.get(5)?,
        path: r.get(6)?,
        capacity_bytes: r.get(7)?,
        free_bytes: r.get(8)?,
        created_at: r.get(9)?,
        last_backup_at: r.get(10)?,
        last_verified_at: r.get(11)?,
        last_result: r.get(12)?,
        registrations: r.get(13)?,
        bytes_used: r.get(14)?,
        retired: match (r.get::<_, Option<DateTime<Utc>>>(15)?, r.get::<_, Option<String>>(16)?) {
            (Some(at), Some(reason)) => {
                Some(Retirement { at, reason: reason.parse().map_err(|e| crate::catalog::bad_column(16, e))?, note: r.get(17)? })
            }
            _ => None,
        },
        out: match r.get::<_, Option<ShipmentId>>(18)? {
            Some(shipment) => Some(Outing { shipment, destination: r.get(19)?, reference: r.get(20)?, since: r.get(21)? }),
            None => None,
        },
    })
}

/// Every medium, by set and label.
pub(super) fn all(conn: &Conn) -> Result<Vec<Medium>> {
    let mut st = conn.prepare(&format!("{MEDIUM_SELECT} ORDER BY m.set_name, m.label"))?;
    let rows = st.query_map((), row_to_medium)?;
    Ok(rows.collect::<SqlResult<_>>()?)
}

/// The medium whose identity file says `id`.
pub(super) fn by_medium_id(conn: &Conn, id: &str) -> Result<Option<Medium>> {
    Ok(conn.query_row(&format!("{MEDIUM_SELECT} WHERE m.medium_id = ?1"), [id], row_to_medium).optional()?)
}

/// A medium as registered.
pub(super) struct NewMedium<'a> {
    pub id: &'a str,
    pub label: &'a str,
    pub set: &'a str,
    pub kind: MediumKind,
    pub location: Option<&'a str>,
    pub path: &'a str,
    pub capacity: Option<i64>,
    pub free: Option<i64>,
}

pub(super) fn insert(conn: &Conn, m: &NewMedium<'_>, created_at: &str, created_by: &str) -> Result<()> {
    conn.execute(
        "INSERT INTO media (medium_id, label, set_name, kind, location, path, capacity_bytes, free_bytes, created_at, created_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        params![m.id, m.label, m.set, m.kind.as_str(), m.location, m.path, m.capacity, m.free, created_at, created_by],
    )?;
    Ok(())
}

pub(super) fn set_location(conn: &Conn, row: MediumRow, location: Option<&str>) -> Result<()> {
    conn.execute("UPDATE media SET location = ?2 WHERE id = ?1", params![row, location])?;
    Ok(())
}

pub(super) fn retire(conn: &Conn, row: MediumRow, reason: RetireReason, note: Option<&str>, at: &str) -> Result<()> {
    conn.execute(
        "UPDATE media SET retired_at = ?2, retired_reason = ?3, retired_note = ?4 WHERE id = ?1",
        params![row, at, reason.as_str(), note],
    )?;
    Ok(())
}

/// The outcome (`ok` or `problems`) of a verification or repair finished at `at`.
pub(super) fn verified(conn: &Conn, row: MediumRow, at: &str, result: &str) -> Result<()> {
    conn.execute("UPDATE media SET last_verified_at = ?2, last_result = ?3 WHERE id = ?1", params![row, at, result])?;
    Ok(())
}

/// A backup wrote to the medium at `path`, which had (capacity, free) bytes after.
pub(super) fn written(conn: &Conn, row: MediumRow, at: &str, path: &str, (capacity, free): (Option<i64>, Option<i64>)) -> Result<()> {
    conn.execute(
        "UPDATE media SET last_backup_at = ?2, path = ?3, capacity_bytes = COALESCE(?4, capacity_bytes), free_bytes = COALESCE(?5, free_bytes)
         WHERE id = ?1",
        params![row, at, path, capacity, free],
    )?;
    Ok(())
}

/// A bag written: its bagging date and `bag-info.txt` digest, its files and bytes.
pub(super) fn record_bag(
    conn: &Conn,
    row: MediumRow,
    reg: RegistrationId,
    (date, bag_info_sha256): (&str, &str),
    (files, bytes): (i64, i64),
    ocfl_message: Option<&str>,
    stamp: &Stamp,
) -> Result<()> {
    let form = if ocfl_message.is_some() { "ocfl" } else { "bag" };
    conn.execute(
        "INSERT INTO media_bags (medium_id, registration_id, bagging_date, bag_info_sha256, files, bytes, written_at, written_by, form, ocfl_message)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        params![row, reg.0, date, bag_info_sha256, files, bytes, stamp.at_text(), stamp.operator, form, ocfl_message],
    )?;
    Ok(())
}

pub(super) fn holds_bag(conn: &Conn, row: MediumRow, reg: RegistrationId) -> Result<bool> {
    Ok(conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM media_bags WHERE medium_id = ?1 AND registration_id = ?2)",
        params![row, reg.0],
        |r| r.get(0),
    )?)
}

/// The registration number of the bag last recorded on the medium.
pub(super) fn last_bag_number(conn: &Conn, row: MediumRow) -> Result<Option<String>> {
    Ok(conn
        .query_row(
            "SELECT r.registration_number FROM media_bags b JOIN registrations r ON r.id = b.registration_id
             WHERE b.medium_id = ?1 ORDER BY b.rowid DESC LIMIT 1",
            [row],
            |r| r.get(0),
        )
        .optional()?)
}

/// The media in service holding versions of `series` before `version`: label, and whether
/// it is the medium `row` itself (as bags written before series went into objects), by label.
pub(super) fn media_with_earlier(conn: &Conn, series: SeriesId, version: i64, row: MediumRow) -> Result<Vec<(String, bool)>> {
    let mut st = conn.prepare(
        "SELECT DISTINCT m.label, m.id = ?3 FROM media_bags b JOIN media m ON m.id = b.medium_id
         JOIN registrations r ON r.id = b.registration_id
         WHERE r.series_id = ?1 AND r.series_version < ?2 AND m.retired_at IS NULL ORDER BY m.label",
    )?;
    let rows = st.query_map(params![series.0, version, row], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<SqlResult<_>>()?)
}

/// Sealed registrations with content left that the medium holds no bag of, in number order.
pub(super) fn not_on(conn: &Conn, row: MediumRow) -> Result<Vec<RegistrationId>> {
    let mut st = conn.prepare(&format!(
        "SELECT id FROM registrations r WHERE status = 'sealed'
           AND id NOT IN (SELECT registration_id FROM media_bags WHERE medium_id = ?1) AND {HAS_CONTENT}
         ORDER BY seq_year, seq"
    ))?;
    let rows = st.query_map([row], |r| r.get(0).map(RegistrationId))?;
    Ok(rows.collect::<SqlResult<_>>()?)
}

/// The bags and object versions on the medium, in number order.
pub(super) fn held_bags(conn: &Conn, row: MediumRow) -> Result<Vec<HeldBag>> {
    let mut st = conn.prepare(
        "SELECT b.registration_id, r.registration_number, b.bagging_date, b.bag_info_sha256, b.form, b.ocfl_message,
                r.series_id, r.series_version, b.written_at, b.written_by
         FROM media_bags b JOIN registrations r ON r.id = b.registration_id
         WHERE b.medium_id = ?1 ORDER BY r.seq_year, r.seq",
    )?;
    let rows = st.query_map([row], |r| {
        let form: String = r.get(4)?;
        let object = match (form.as_str(), r.get::<_, Option<i64>>(6)?, r.get::<_, Option<i64>>(7)?) {
            ("ocfl", Some(series), Some(version)) => Some(ObjectVersion {
                series: SeriesId(series),
                version,
                message: r.get::<_, Option<String>>(5)?.unwrap_or_default(),
                written_at: r.get(8)?,
                written_by: r.get(9)?,
            }),
            _ => None,
        };
        Ok(HeldBag {
            registration: RegistrationId(r.get(0)?),
            number: r.get(1)?,
            bagging_date: r.get(2)?,
            bag_info_sha256: r.get(3)?,
            object,
        })
    })?;
    Ok(rows.collect::<SqlResult<_>>()?)
}

/// A sealed registration with content left, and the copy sets of the media in service
/// that hold it.
pub(super) struct Copies {
    pub registration: RegistrationId,
    pub number: String,
    pub unit: String,
    /// Newline-separated; none when no medium in service holds it.
    pub sets: Option<String>,
}

/// Every sealed registration with content left and its copies, in number order.
pub(super) fn copy_sets(conn: &Conn) -> Result<Vec<Copies>> {
    let mut st = conn.prepare(&format!(
        "SELECT r.id, r.registration_number, u.name,
            (SELECT {concat} FROM (SELECT DISTINCT m.set_name AS s FROM media_bags b
                JOIN media m ON m.id = b.medium_id WHERE b.registration_id = r.id
                AND m.retired_at IS NULL AND COALESCE(m.last_result, 'ok') != 'problems' ORDER BY s) AS sets)
         FROM registrations r JOIN units u ON u.id = r.unit_id
         WHERE r.status = 'sealed' AND {HAS_CONTENT}
         ORDER BY r.seq_year, r.seq",
        concat = conn.group_concat("s", "'\n'")
    ))?;
    let rows =
        st.query_map((), |r| Ok(Copies { registration: RegistrationId(r.get(0)?), number: r.get(1)?, unit: r.get(2)?, sets: r.get(3)? }))?;
    Ok(rows.collect::<SqlResult<_>>()?)
}

/// The disposed items of `reg` still to be removed from the medium.
pub(super) fn removals_pending(conn: &Conn, row: MediumRow, reg: RegistrationId) -> Result<Vec<ItemId>> {
    let mut st = conn.prepare(
        "SELECT d.item_id FROM disposed_items d JOIN media_disposals x ON x.disposal_id = d.disposal_id
         WHERE x.medium_id = ?1 AND x.registration_id = ?2 AND x.removed_at IS NULL",
    )?;
    let rows = st.query_map(params![row, reg.0], |r| r.get(0).map(ItemId))?;
    Ok(rows.collect::<SqlResult<_>>()?)
}

/// The bags on the medium with disposed files still to remove: registration, number and
/// bagging date, in number order.
pub(super) fn bags_with_removals(conn: &Conn, row: MediumRow) -> Result<Vec<(RegistrationId, String, String)>> {
    let mut st = conn.prepare(
        "SELECT DISTINCT x.registration_id, r.registration_number, b.bagging_date, r.seq_year, r.seq
         FROM media_disposals x JOIN registrations r ON r.id = x.registration_id
         JOIN media_bags b ON b.medium_id = x.medium_id AND b.registration_id = x.registration_id
         WHERE x.medium_id = ?1 AND x.removed_at IS NULL ORDER BY r.seq_year, r.seq",
    )?;
    let rows = st.query_map([row], |r| Ok((RegistrationId(r.get(0)?), r.get(1)?, r.get(2)?)))?;
    Ok(rows.collect::<SqlResult<_>>()?)
}

/// The disposed files of `reg` are gone from the medium: its bag now holds (files, bytes).
pub(super) fn removed(
    conn: &Conn,
    row: MediumRow,
    reg: RegistrationId,
    bag_info_sha256: &Sha256,
    (files, bytes): (i64, i64),
    stamp: &Stamp,
) -> Result<()> {
    conn.execute(
        "UPDATE media_bags SET bag_info_sha256 = ?3, files = ?4, bytes = ?5 WHERE medium_id = ?1 AND registration_id = ?2",
        params![row, reg.0, bag_info_sha256.to_hex(), files, bytes],
    )?;
    conn.execute(
        "UPDATE media_disposals SET removed_at = ?3, removed_by = ?4 WHERE medium_id = ?1 AND registration_id = ?2 AND removed_at IS NULL",
        params![row, reg.0, stamp.at_text(), stamp.operator],
    )?;
    Ok(())
}

/// A shipment of `media` (rows) out of the building; its id.
pub(super) fn insert_shipment(
    conn: &Conn,
    destination: &str,
    reference: Option<&str>,
    media: impl ExactSizeIterator<Item = MediumRow>,
    stamp: &Stamp,
) -> Result<ShipmentId> {
    conn.execute(
        "INSERT INTO shipments (destination, reference, shipped_at, shipped_by, media_count) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![destination, reference, stamp.at_text(), stamp.operator, media.len() as i64],
    )?;
    let id = conn.last_insert_rowid()?;
    for row in media {
        conn.execute("INSERT INTO shipment_media (shipment_id, medium_id) VALUES (?1, ?2)", params![id, row])?;
    }
    Ok(ShipmentId(id))
}

/// The medium came back from the shipment.
pub(super) fn returned(conn: &Conn, shipment: ShipmentId, row: MediumRow, stamp: &Stamp) -> Result<()> {
    conn.execute(
        "UPDATE shipment_media SET returned_at = ?3, returned_by = ?4 WHERE shipment_id = ?1 AND medium_id = ?2",
        params![shipment, row, stamp.at_text(), stamp.operator],
    )?;
    Ok(())
}

/// Where a shipment went, under which reference, when and by whom.
pub(super) struct ShipmentHead {
    pub destination: String,
    pub reference: Option<String>,
    pub shipped_at: DateTime<Utc>,
    pub shipped_by: String,
}

pub(super) fn shipment(conn: &Conn, id: ShipmentId) -> Result<Option<ShipmentHead>> {
    Ok(conn
        .query_row("SELECT destination, reference, shipped_at, shipped_by FROM shipments WHERE id = ?1", params![id], |r| {
            Ok(ShipmentHead { destination: r.get(0)?, reference: r.get(1)?, shipped_at: r.get(2)?, shipped_by: r.get(3)? })
        })
        .optional()?)
}

/// The labels of a shipment's media and whether each is back, by set and label.
pub(super) fn shipment_media(conn: &Conn, id: ShipmentId) -> Result<Vec<(String, bool)>> {
    let mut st = conn.prepare(
        "SELECT m.label, o.returned_at IS NOT NULL FROM shipment_media o JOIN media m ON m.id = o.medium_id
         WHERE o.shipment_id = ?1 ORDER BY m.set_name, m.label",
    )?;
    let rows = st.query_map(params![id], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<SqlResult<_>>()?)
}

/// The labels of a shipment's media not back yet.
pub(super) fn outstanding_labels(conn: &Conn, shipment: ShipmentId) -> Result<Vec<String>> {
    let mut st = conn.prepare(
        "SELECT m.label FROM shipment_media o JOIN media m ON m.id = o.medium_id
         WHERE o.shipment_id = ?1 AND o.returned_at IS NULL ORDER BY m.set_name, m.label",
    )?;
    let rows = st.query_map(params![shipment], |r| r.get(0))?;
    Ok(rows.collect::<SqlResult<_>>()?)
}
