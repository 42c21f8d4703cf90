//! Legal holds (诉讼保全): a court, a party's lawyer or the archive itself asks that a
//! registration be kept while a dispute needs it. A hold names its reference and reason and
//! runs from a day to a day (or until released); while one is in force the registration
//! is listed as held and cannot be disposed of. Placing and releasing are ledger entries.

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;

use super::store;
use crate::accounts::Role;
use crate::archive::Archive;
use crate::error::{Error, Result};
use crate::ids::{HoldId, RegistrationId};
use crate::ledger;
use crate::registrations::Status;
use crate::stamp::{local_date, Stamp};

#[derive(Debug, Clone, Serialize)]
pub struct Hold {
    pub id: crate::ids::HoldId,
    pub registration: RegistrationId,
    pub registration_number: Option<String>,
    pub reference: String,
    pub reason: String,
    pub starts_on: NaiveDate,
    pub ends_on: Option<NaiveDate>,
    pub placed_by: String,
    pub placed_at: DateTime<Utc>,
    pub released_by: Option<String>,
    pub released_at: Option<DateTime<Utc>>,
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
        let starts_on = hold.starts_on.unwrap_or_else(|| local_date(stamp.at));
        if hold.ends_on.is_some_and(|end| end < starts_on) {
            return Err(Error::BadHoldDates {
                starts: starts_on.to_string(),
                ends: hold.ends_on.map(|d| d.to_string()).unwrap_or_default(),
            });
        }
        let tx = self.conn_mut().transaction()?;
        let id = store::insert_hold(&tx, reg.id, reference, reason, (starts_on, hold.ends_on), stamp)?;
        ledger::append(
            &tx,
            stamp,
            "registration.hold",
            &reg.id.subject(),
            &serde_json::json!({
                "hold": id.0, "reference": reference, "reason": reason, "starts_on": starts_on.to_string(),
                "ends_on": hold.ends_on.map(|d| d.to_string()),
            }),
        )?;
        tx.commit()?;
        self.hold(id)
    }

    /// Releases a hold with a reason (reviewers and admins: it reopens the way to disposal).
    pub fn release_hold(&mut self, id: HoldId, reason: &str, stamp: &Stamp) -> Result<Hold> {
        self.authorize(stamp, &[Role::Reviewer, Role::Admin], "解除诉讼保全")?;
        let hold = self.hold(id)?;
        if hold.released_at.is_some() {
            return Err(Error::HoldReleased(id.0));
        }
        let reason = reason.trim();
        if reason.is_empty() {
            return Err(Error::Empty { what: "解除理由" });
        }
        let tx = self.conn_mut().transaction()?;
        store::release_hold(&tx, id, reason, stamp)?;
        ledger::append(
            &tx,
            stamp,
            "registration.hold_release",
            &hold.registration.subject(),
            &serde_json::json!({"hold": id.0, "reference": hold.reference, "reason": reason}),
        )?;
        tx.commit()?;
        self.hold(id)
    }

    pub fn hold(&self, id: HoldId) -> Result<Hold> {
        store::hold(self.conn(), id)?.ok_or(Error::HoldNotFound(id.0))
    }

    /// Every hold, released ones too, newest first.
    pub fn holds(&self) -> Result<Vec<Hold>> {
        store::holds(self.conn(), None)
    }

    /// The holds on `reg` in force on `day`.
    pub(crate) fn holds_in_force(&self, reg: RegistrationId, day: NaiveDate) -> Result<Vec<Hold>> {
        Ok(store::holds(self.conn(), Some(reg))?.into_iter().filter(|h| h.in_force(day)).collect())
    }
}
