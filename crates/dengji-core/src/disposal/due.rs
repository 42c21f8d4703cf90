//! What has reached the end of its retention: an item catalogued 10年 or 30年 with a date
//! is kept until 1 January of the year after its year plus the period (DA/T 22-2015: the
//! period runs from 1 January of the year after the record was made). 永久 never ends; an
//! item without retention or date cannot be judged and is counted as such.

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;

use super::holds::Hold;
use crate::archive::Archive;
use crate::error::Result;
use crate::ids::RegistrationId;
use crate::metadata::Retention;
use crate::stamp::local_date;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DueItem {
    pub path: String,
    pub retention: Retention,
    /// The catalogued date (`YYYY`, `YYYY-MM` or `YYYY-MM-DD`).
    pub date: String,
    /// The first day it may be disposed of.
    pub due_on: NaiveDate,
}

/// A sealed registration with items past their retention.
#[derive(Debug, Clone, Serialize)]
pub struct DueRegistration {
    pub registration: RegistrationId,
    pub registration_number: String,
    pub unit_name: String,
    pub title: String,
    pub items: Vec<DueItem>,
    /// Items of the registration not yet disposed of: when equal to `items.len()`, all of it is due.
    pub total_items: i64,
    /// Items whose retention or date is missing, so nobody can say when they end.
    pub undetermined: i64,
    /// Legal holds in force: no disposal while any is.
    pub holds: Vec<Hold>,
}

/// The day an item's retention ends, from its catalogued date's year.
pub fn due_on(retention: Retention, date: &str) -> Option<NaiveDate> {
    let years = retention.years()?;
    let year: i32 = date.get(..4)?.parse().ok()?;
    NaiveDate::from_ymd_opt(year + 1 + years, 1, 1)
}

impl Archive {
    /// Sealed registrations with items whose retention has ended by `at` (China date),
    /// oldest due first.
    pub fn disposal_due(&self, at: DateTime<Utc>) -> Result<Vec<DueRegistration>> {
        let today = local_date(at);
        let mut out: Vec<DueRegistration> = Vec::new();
        let mut current: Option<DueRegistration> = None;
        for (id, number, unit, title, path, retention, date) in super::store::live_sealed_items(self.conn())? {
            if current.as_ref().is_some_and(|c| c.registration.0 != id) {
                out.extend(current.take().filter(|c| !c.items.is_empty()));
            }
            let reg = current.get_or_insert_with(|| DueRegistration {
                registration: RegistrationId(id),
                registration_number: number,
                unit_name: unit,
                title,
                items: Vec::new(),
                total_items: 0,
                undetermined: 0,
                holds: Vec::new(),
            });
            reg.total_items += 1;
            let retention = retention.as_deref().and_then(Retention::parse);
            match (retention, date) {
                (Some(Retention::Permanent), _) => {}
                (Some(r), Some(d)) => match due_on(r, &d) {
                    Some(due) if due <= today => reg.items.push(DueItem { path, retention: r, date: d, due_on: due }),
                    Some(_) => {}
                    None => reg.undetermined += 1,
                },
                _ => reg.undetermined += 1,
            }
        }
        out.extend(current.filter(|c| !c.items.is_empty()));
        for reg in &mut out {
            reg.holds = self.holds_in_force(reg.registration, today)?;
        }
        out.sort_by_key(|r| (r.items.iter().map(|i| i.due_on).min(), r.registration.0));
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_period_runs_from_the_first_of_january_after_the_year_made() {
        let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        assert_eq!(due_on(Retention::Years10, "2014"), Some(day(2025, 1, 1)));
        assert_eq!(due_on(Retention::Years10, "2014-12-31"), Some(day(2025, 1, 1)));
        assert_eq!(due_on(Retention::Years30, "1995-06"), Some(day(2026, 1, 1)));
        assert_eq!(due_on(Retention::Permanent, "1950"), None);
        assert_eq!(due_on(Retention::Years10, "未知"), None);
    }
}
