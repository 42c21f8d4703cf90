//! The `disposals`, `disposal_items`, `disposed_items`, `media_disposals` and `legal_holds`
//! rows, and the sealed items not disposed of.

use chrono::NaiveDate;

use crate::catalog::{params, Conn, OptionalExtension, Row, SqlResult};
use crate::digest::Sha256;
use crate::error::Result;
use crate::ids::{DisposalId, HoldId, ItemId, RegistrationId};
use crate::registrations::Item;
use crate::stamp::Stamp;

use super::apply::{Disposal, DisposalStatus, MediumMark};
use super::holds::Hold;

const DISPOSAL_SELECT: &str = "SELECT d.id, d.registration_id, r.registration_number, u.name, u.uscc, r.title, d.whole, d.reason,
        d.consent_reference, d.status, d.applied_by, d.applied_at, d.decided_by, d.decided_at, d.decision_note, d.objects_removed
     FROM disposals d JOIN registrations r ON r.id = d.registration_id JOIN units u ON u.id = r.unit_id";

fn row_to_disposal(r: &Row<'_>) -> SqlResult<Disposal> {
    let status: String = r.get(9)?;
    Ok(Disposal {
        id: DisposalId(r.get(0)?),
        registration: RegistrationId(r.get(1)?),
        registration_number: r.get(2)?,
        unit_name: r.get(3)?,
        unit_uscc: r.get(4)?,
        title: r.get(5)?,
        whole: r.get(6)?,
        items: Vec::new(),
        reason: r.get(7)?,
        consent_reference: r.get(8)?,
        status: match status.as_str() {
            "approved" => DisposalStatus::Approved,
            "rejected" => DisposalStatus::Rejected,
            _ => DisposalStatus::Pending,
        },
        applied_by: r.get(10)?,
        applied_at: r.get(11)?,
        decided_by: r.get(12)?,
        decided_at: r.get(13)?,
        decision_note: r.get(14)?,
        objects_removed: r.get(15)?,
        media: Vec::new(),
    })
}

pub(super) fn by_id(conn: &Conn, id: DisposalId) -> Result<Option<Disposal>> {
    Ok(conn.query_row(&format!("{DISPOSAL_SELECT} WHERE d.id = ?1"), [id.0], row_to_disposal).optional()?)
}

/// Every disposal, newest first (without their items and media).
pub(super) fn all(conn: &Conn) -> Result<Vec<Disposal>> {
    let mut st = conn.prepare(&format!("{DISPOSAL_SELECT} ORDER BY d.id DESC"))?;
    let rows = st.query_map((), row_to_disposal)?;
    Ok(rows.collect::<SqlResult<_>>()?)
}

/// A pending application.
pub(super) fn insert(conn: &Conn, reg: RegistrationId, whole: bool, reason: &str, consent: &str, stamp: &Stamp) -> Result<DisposalId> {
    conn.execute(
        "INSERT INTO disposals (registration_id, whole, reason, consent_reference, applied_by, applied_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![reg.0, whole, reason, consent, stamp.operator, stamp.at_text()],
    )?;
    Ok(DisposalId(conn.last_insert_rowid()?))
}

/// The items an application names.
pub(super) fn name_items(conn: &Conn, id: DisposalId, items: impl IntoIterator<Item = ItemId>) -> Result<()> {
    for item in items {
        conn.execute("INSERT INTO disposal_items (disposal_id, item_id) VALUES (?1, ?2)", params![id.0, item.0])?;
    }
    Ok(())
}

pub(super) fn named_items(conn: &Conn, id: DisposalId) -> Result<Vec<ItemId>> {
    let mut st = conn.prepare("SELECT item_id FROM disposal_items WHERE disposal_id = ?1")?;
    let rows = st.query_map([id.0], |r| r.get(0).map(ItemId))?;
    Ok(rows.collect::<SqlResult<_>>()?)
}

pub(super) fn reject(conn: &Conn, id: DisposalId, note: &str, stamp: &Stamp) -> Result<()> {
    conn.execute(
        "UPDATE disposals SET status = 'rejected', decided_by = ?2, decided_at = ?3, decision_note = ?4 WHERE id = ?1",
        params![id.0, stamp.operator, stamp.at_text(), note],
    )?;
    Ok(())
}

pub(super) fn approve(conn: &Conn, id: DisposalId, note: Option<&str>, objects_removed: i64, stamp: &Stamp) -> Result<()> {
    conn.execute(
        "UPDATE disposals SET status = 'approved', decided_by = ?2, decided_at = ?3, decision_note = ?4, objects_removed = ?5
         WHERE id = ?1",
        params![id.0, stamp.operator, stamp.at_text(), note, objects_removed],
    )?;
    Ok(())
}

/// The tombstones of `items`: what they were, kept after their content goes.
pub(super) fn tombstone(conn: &Conn, id: DisposalId, reg: RegistrationId, items: &[Item], stamp: &Stamp) -> Result<()> {
    for item in items {
        conn.execute(
            "INSERT INTO disposed_items (item_id, disposal_id, registration_id, path, size, sha256, sm3, disposed_at, disposed_by)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            params![item.id.0, id.0, reg.0, item.path, item.size, item.sha256, item.sm3, stamp.at_text(), stamp.operator],
        )?;
    }
    Ok(())
}

/// The objects only this disposal's tombstoned items named: no live item (a draft's
/// included) holds them.
pub(super) fn leaving_objects(conn: &Conn, id: DisposalId) -> Result<Vec<Sha256>> {
    let mut st = conn.prepare(
        "SELECT DISTINCT sha256 FROM disposed_items WHERE disposal_id = ?1
         AND sha256 NOT IN (SELECT i.sha256 FROM items i WHERE i.id NOT IN (SELECT item_id FROM disposed_items))",
    )?;
    let rows = st.query_map([id.0], |r| r.get(0))?;
    Ok(rows.collect::<SqlResult<_>>()?)
}

/// Marks every medium that holds the registration as holding disposed content; the media
/// (id, label) by label.
pub(super) fn mark_media(conn: &Conn, id: DisposalId, reg: RegistrationId, stamp: &Stamp) -> Result<Vec<(i64, String)>> {
    let media: Vec<(i64, String)> = {
        let mut st = conn.prepare(
            "SELECT m.id, m.label FROM media_bags b JOIN media m ON m.id = b.medium_id WHERE b.registration_id = ?1 ORDER BY m.label",
        )?;
        let rows = st.query_map([reg.0], |r| Ok((r.get(0)?, r.get(1)?)))?;
        rows.collect::<SqlResult<_>>()?
    };
    for (medium, _) in &media {
        conn.execute(
            "INSERT INTO media_disposals (medium_id, disposal_id, registration_id, marked_at) VALUES (?1, ?2, ?3, ?4)",
            params![medium, id.0, reg.0, stamp.at_text()],
        )?;
    }
    Ok(media)
}

/// The media marked for a disposal, by label.
pub(super) fn media_marks(conn: &Conn, id: DisposalId) -> Result<Vec<MediumMark>> {
    let mut st = conn.prepare(
        "SELECT m.label, x.marked_at, x.removed_at, x.removed_by FROM media_disposals x JOIN media m ON m.id = x.medium_id
         WHERE x.disposal_id = ?1 ORDER BY m.label",
    )?;
    let rows =
        st.query_map([id.0], |r| Ok(MediumMark { label: r.get(0)?, marked_at: r.get(1)?, removed_at: r.get(2)?, removed_by: r.get(3)? }))?;
    Ok(rows.collect::<SqlResult<_>>()?)
}

const HOLD_SELECT: &str = "SELECT h.id, h.registration_id, r.registration_number, h.reference, h.reason, h.starts_on, h.ends_on,
        h.placed_by, h.placed_at, h.released_by, h.released_at, h.release_reason
     FROM legal_holds h JOIN registrations r ON r.id = h.registration_id";

fn row_to_hold(r: &Row<'_>) -> SqlResult<Hold> {
    Ok(Hold {
        id: r.get(0)?,
        registration: RegistrationId(r.get(1)?),
        registration_number: r.get(2)?,
        reference: r.get(3)?,
        reason: r.get(4)?,
        starts_on: r.get(5)?,
        ends_on: r.get(6)?,
        placed_by: r.get(7)?,
        placed_at: r.get(8)?,
        released_by: r.get(9)?,
        released_at: r.get(10)?,
        release_reason: r.get(11)?,
    })
}

pub(super) fn hold(conn: &Conn, id: HoldId) -> Result<Option<Hold>> {
    Ok(conn.query_row(&format!("{HOLD_SELECT} WHERE h.id = ?1"), params![id], row_to_hold).optional()?)
}

/// Every hold (released ones too) newest first, or those on one registration oldest first.
pub(super) fn holds(conn: &Conn, reg: Option<RegistrationId>) -> Result<Vec<Hold>> {
    let sql = match reg {
        None => format!("{HOLD_SELECT} ORDER BY h.id DESC"),
        Some(_) => format!("{HOLD_SELECT} WHERE h.registration_id = ?1 ORDER BY h.id"),
    };
    let mut st = conn.prepare(&sql)?;
    let rows = match reg {
        None => st.query_map((), row_to_hold)?,
        Some(reg) => st.query_map([reg.0], row_to_hold)?,
    };
    Ok(rows.collect::<SqlResult<_>>()?)
}

pub(super) fn insert_hold(
    conn: &Conn,
    reg: RegistrationId,
    reference: &str,
    reason: &str,
    (starts_on, ends_on): (NaiveDate, Option<NaiveDate>),
    stamp: &Stamp,
) -> Result<HoldId> {
    conn.execute(
        "INSERT INTO legal_holds (registration_id, reference, reason, starts_on, ends_on, placed_by, placed_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![reg.0, reference, reason, starts_on, ends_on, stamp.operator, stamp.at_text()],
    )?;
    Ok(HoldId(conn.last_insert_rowid()?))
}

pub(super) fn release_hold(conn: &Conn, id: HoldId, reason: &str, stamp: &Stamp) -> Result<()> {
    conn.execute(
        "UPDATE legal_holds SET released_by = ?2, released_at = ?3, release_reason = ?4 WHERE id = ?1 AND released_at IS NULL",
        params![id, stamp.operator, stamp.at_text(), reason],
    )?;
    Ok(())
}

/// A sealed item not disposed of: its registration (id, number, unit name, title), path,
/// retention and date as catalogued.
pub(super) type LiveItem = (i64, String, String, String, String, Option<String>, Option<String>);

/// Every sealed item not disposed of, by registration and path.
pub(super) fn live_sealed_items(conn: &Conn) -> Result<Vec<LiveItem>> {
    let mut st = conn.prepare(
        "SELECT r.id, r.registration_number, u.name, r.title, i.path, i.retention, i.doc_date
         FROM items i JOIN registrations r ON r.id = i.registration_id JOIN units u ON u.id = r.unit_id
         WHERE r.status = 'sealed' AND i.id NOT IN (SELECT item_id FROM disposed_items) ORDER BY r.id, i.path_raw",
    )?;
    let rows = st.query_map((), |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?)))?;
    Ok(rows.collect::<SqlResult<_>>()?)
}
