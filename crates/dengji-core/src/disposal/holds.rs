//! Legal holds (诉讼保全): a court, a party's lawyer or the archive itself asks that a
//! registration be kept while a dispute needs it. A hold names its reference and reason and
//! runs from a day to a day (or until released); while one is in force the registration
//! is listed as held and cannot be disposed of. Placing and releasing are ledger entries.

use crate::catalog::{params, OptionalExtension};
use chrono::NaiveDate;
use serde::Serialize;

use super::due::archive_day;
use crate::accounts::Role;
use crate::archive::Archive;
use crate::error::{Error, Result};
use crate::ids::RegistrationId;
use crate::ledger;
use crate::registrations::Status;
use crate::stamp::Stamp;

#[derive(Debug, Clone, Serialize)]
pub struct Hold {
    pub id: i64,
    pub registration: RegistrationId,
    pub registration_number: Option<String>,
    pub reference: String,
    pub reason: String,
    pub starts_on: NaiveDate,
    pub ends_on: Option<NaiveDate>,
    pub placed_by: String,
    pub placed_at: String,
    pub released_by: Option<String>,
    pub released_at: Option<String>,
    pub release_reason: Option<String>,
}

impl Hold {
    /// In force on `day`: not released, begun, not ended.
    pub fn in_force(&self, day: NaiveDate) -> bool {
        self.released_at.is_none() && self.starts_on <= day && self.ends_on.is_none_or(|end| day <= end)
    }
}

/// What a clerk records when a hold is asked for.
#[derive(Debug, Clone)]
pub struct NewHold {
    pub registration: RegistrationId,
    pub reference: String,
    pub reason: String,
    /// None: from today.
    pub starts_on: Option<NaiveDate>,
    /// None: until released.
    pub ends_on: Option<NaiveDate>,
}

const HOLD_SELECT: &str = "SELECT h.id, h.registration_id, r.registration_number, h.reference, h.reason, h.starts_on, h.ends_on,
        h.placed_by, h.placed_at, h.released_by, h.released_at, h.release_reason
     FROM legal_holds h JOIN registrations r ON r.id = h.registration_id";

fn row_to_hold(r: &crate::catalog::Row<'_>) -> crate::catalog::SqlResult<Hold> {
    let day = |i: usize, text: String| NaiveDate::parse_from_str(&text, "%Y-%m-%d").map_err(|e| crate::catalog::bad_column(i, e));
    Ok(Hold {
        id: r.get(0)?,
        registration: RegistrationId(r.get(1)?),
        registration_number: r.get(2)?,
        reference: r.get(3)?,
        reason: r.get(4)?,
        starts_on: day(5, r.get(5)?)?,
        ends_on: r.get::<_, Option<String>>(6)?.map(|t| day(6, t)).transpose()?,
        placed_by: r.get(7)?,
        placed_at: r.get(8)?,
        released_by: r.get(9)?,
        released_at: r.get(10)?,
        release_reason: r.get(11)?,
    })
}

impl Archive {
    /// Places a hold on a sealed registration (any clerk, reviewer or admin records one).
    pub fn place_hold(&mut self, hold: &NewHold, stamp: &Stamp) -> Result<Hold> {
        self.authorize(stamp, &[Role::Clerk, Role::Reviewer, Role::Admin], "登记诉讼保全")?;
        let reg = self.registration(hold.registration)?;
        if reg.status != Status::Sealed {
            return Err(Error::NotSealed(reg.label()));
        }
        let (reference, reason) = (hold.reference.trim(), hold.reason.trim());
        if reference.is_empty() {
            return Err(Error::Empty { what: "保全文书编号" });
        }
        if reason.is_empty() {
            return Err(Error::Empty { what: "保全理由" });
        }
        let starts_on = hold.starts_on.unwrap_or_else(|| archive_day(stamp.at));
        if hold.ends_on.is_some_and(|end| end < starts_on) {
            return Err(Error::BadHoldDates {
                starts: starts_on.to_string(),
                ends: hold.ends_on.map(|d| d.to_string()).unwrap_or_default(),
            });
        }
        let tx = self.conn_mut().transaction()?;
        tx.execute(
            "INSERT INTO legal_holds (registration_id, reference, reason, starts_on, ends_on, placed_by, placed_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![
                reg.id.0,
                reference,
                reason,
                starts_on.to_string(),
                hold.ends_on.map(|d| d.to_string()),
                stamp.operator,
                stamp.at_text()
            ],
        )?;
        let id = tx.last_insert_rowid()?;
        ledger::append(
            &tx,
            stamp,
            "registration.hold",
            &reg.id.subject(),
            &serde_json::json!({
                "hold": id, "reference": reference, "reason": reason, "starts_on": starts_on.to_string(),
                "ends_on": hold.ends_on.map(|d| d.to_string()),
            }),
        )?;
        tx.commit()?;
        self.hold(id)
    }

    /// Releases a hold with a reason (reviewers and admins: it reopens the way to disposal).
    pub fn release_hold(&mut self, id: i64, reason: &str, stamp: &Stamp) -> Result<Hold> {
        self.authorize(stamp, &[Role::Reviewer, Role::Admin], "解除诉讼保全")?;
        let hold = self.hold(id)?;
        if hold.released_at.is_some() {
            return Err(Error::HoldReleased(id));
        }
        let reason = reason.trim();
        if reason.is_empty() {
            return Err(Error::Empty { what: "解除理由" });
        }
        let tx = self.conn_mut().transaction()?;
        tx.execute(
            "UPDATE legal_holds SET released_by = ?2, released_at = ?3, release_reason = ?4 WHERE id = ?1 AND released_at IS NULL",
            params![id, stamp.operator, stamp.at_text(), reason],
        )?;
        ledger::append(
            &tx,
            stamp,
            "registration.hold_release",
            &hold.registration.subject(),
            &serde_json::json!({"hold": id, "reference": hold.reference, "reason": reason}),
        )?;
        tx.commit()?;
        self.hold(id)
    }

    pub fn hold(&self, id: i64) -> Result<Hold> {
        self.conn().query_row(&format!("{HOLD_SELECT} WHERE h.id = ?1"), [id], row_to_hold).optional()?.ok_or(Error::HoldNotFound(id))
    }

    /// Every hold, released ones too, newest first.
    pub fn holds(&self) -> Result<Vec<Hold>> {
        let mut st = self.conn().prepare(&format!("{HOLD_SELECT} ORDER BY h.id DESC"))?;
        let rows = st.query_map((), row_to_hold)?;
        Ok(rows.collect::<crate::catalog::SqlResult<_>>()?)
    }

    /// The holds on `reg` in force on `day`.
    pub(crate) fn holds_in_force(&self, reg: RegistrationId, day: NaiveDate) -> Result<Vec<Hold>> {
        let mut st = self.conn().prepare(&format!("{HOLD_SELECT} WHERE h.registration_id = ?1 ORDER BY h.id"))?;
        let rows = st.query_map([reg.0], row_to_hold)?;
        let all: Vec<Hold> = rows.collect::<crate::catalog::SqlResult<_>>()?;
        Ok(all.into_iter().filter(|h| h.in_force(day)).collect())
    }
}
