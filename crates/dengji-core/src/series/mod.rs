//! Business data as a versioned series (电子业务数据): a unit's dataset handed over every
//! month, quarter or year. Each hand-over is a registration like any other (sealed,
//! backed up, restored, attested, certified by itself); a draft taken in for a series
//! names the period it covers, and sealing gives it the series' next version number.
//! `diff` says what changed between two versions, `due` which hand-overs are missing.
//! `edit` corrects a series' name, system or cadence. The rows are `store.rs`'s.

mod diff;
mod due;
mod edit;
mod period;
mod store;

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::accounts::Role;
use crate::archive::Archive;
use crate::error::{Error, Result};
use crate::ids::{RegistrationId, SeriesId, UnitId};
use crate::ledger;
use crate::registrations::UnitRef;
use crate::stamp::Stamp;

pub use diff::{FileChange, VersionDiff};
pub use due::MissingHandover;
pub use edit::SeriesEdit;
pub use period::{Cadence, Period};
pub(crate) use store::{assign_version, mark_draft, membership as membership_of, SeriesDraft};

/// A unit's dataset handed over again and again.
#[derive(Debug, Clone, Serialize)]
pub struct Series {
    pub id: SeriesId,
    pub unit: UnitRef,
    pub name: String,
    /// The business system it is exported from (住房公积金管理系统).
    pub system: Option<String>,
    pub cadence: Cadence,
    pub created_at: DateTime<Utc>,
    pub created_by: String,
    /// Sealed versions.
    pub versions: i64,
    /// The newest sealed version's period.
    pub last_period: Option<String>,
}

/// A new series, as a clerk enters it.
#[derive(Debug, Clone)]
pub struct NewSeries {
    pub unit: UnitId,
    pub name: String,
    pub system: Option<String>,
    pub cadence: Cadence,
}

/// What a certificate prints of a series' version: the series' name as recorded by then,
/// the version and the period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SeriesLine {
    pub name: String,
    pub version: i64,
    pub period: String,
}

/// The series line of a sealed registration as of ledger entry `seq` (its name from the
/// last `series.add` or `series.edit` entry by then); None when it is no series' version.
pub(crate) fn line_at(conn: &crate::catalog::Conn, reg: RegistrationId, seq: i64) -> Result<Option<SeriesLine>> {
    let Some((series, period, Some(version))) = store::membership(conn, reg)? else { return Ok(None) };
    let name = store::recorded_name_at(conn, series, seq)?.ok_or_else(|| Error::Integrity(format!("系列 #{} 没有台账记录", series.0)))?;
    Ok(Some(SeriesLine { name, version, period }))
}

/// One sealed version of a series.
#[derive(Debug, Clone, Serialize)]
pub struct SeriesVersion {
    pub version: i64,
    pub registration: RegistrationId,
    pub registration_number: String,
    pub period: String,
    pub sealed_at: DateTime<Utc>,
    pub files: i64,
    pub bytes: i64,
}

impl Archive {
    /// Records a new series of a unit (clerks).
    pub fn add_series(&mut self, new: &NewSeries, stamp: &Stamp) -> Result<Series> {
        self.authorize(stamp, &[Role::Clerk], "登记业务数据系列")?;
        let name = new.name.trim();
        if name.is_empty() {
            return Err(Error::Empty { what: "系列名称" });
        }
        let unit = self.unit(new.unit)?;
        if store::by_name(self.conn(), unit.id, name)?.is_some() {
            return Err(Error::SeriesExists { unit: unit.name, name: name.to_string() });
        }
        let system = new.system.as_deref().map(str::trim).filter(|s| !s.is_empty());
        let tx = self.conn_mut().transaction()?;
        let id = store::insert(&tx, unit.id, name, system, new.cadence, stamp)?;
        let entry = serde_json::json!({"unit_id": unit.id.0, "unit_uscc": unit.uscc, "name": name, "system": system,
            "cadence": new.cadence.as_str()});
        ledger::append(&tx, stamp, "series.add", &id.subject(), &entry)?;
        tx.commit()?;
        self.series(id)
    }

    pub fn series(&self, id: SeriesId) -> Result<Series> {
        store::by_id(self.conn(), id)?.ok_or_else(|| Error::SeriesNotFound(id.0.to_string()))
    }

    /// Every series, by unit and name.
    pub fn series_list(&self) -> Result<Vec<Series>> {
        store::all(self.conn())
    }

    /// A series by its id, or by its name when only one series has it.
    pub fn find_series(&self, key: &str) -> Result<Series> {
        let key = key.trim();
        if let Ok(id) = key.trim_start_matches('#').parse::<i64>() {
            if let Some(s) = store::by_id(self.conn(), SeriesId(id))? {
                return Ok(s);
            }
        }
        let named: Vec<Series> = self.series_list()?.into_iter().filter(|s| s.name == key).collect();
        match named.len() {
            1 => Ok(named.into_iter().next().expect("one")),
            0 => Err(Error::SeriesNotFound(key.to_string())),
            _ => Err(Error::SeriesAmbiguous {
                name: key.to_string(),
                ids: named.iter().map(|s| format!("#{}（{}）", s.id.0, s.unit.name)).collect::<Vec<_>>().join("、"),
            }),
        }
    }

    /// The sealed versions of a series, oldest first.
    pub fn series_versions(&self, id: SeriesId) -> Result<Vec<SeriesVersion>> {
        self.series(id)?;
        store::versions(self.conn(), id)
    }

    /// The series and period a registration belongs to, and its version once sealed.
    pub fn series_of(&self, reg: RegistrationId) -> Result<Option<(Series, String, Option<i64>)>> {
        match store::membership(self.conn(), reg)? {
            Some((id, period, version)) => Ok(Some((self.series(id)?, period, version))),
            None => Ok(None),
        }
    }

    /// What the draft of `series`'s hand-over for `period` (by default the period before the
    /// one holding `at`: this month's hand-over covers last month) is created as.
    pub(crate) fn series_draft(
        &self,
        series: SeriesId,
        period: Option<&str>,
        title: Option<&str>,
        at: DateTime<Utc>,
    ) -> Result<SeriesDraft> {
        let s = self.series(series)?;
        let period = match period.map(str::trim).filter(|p| !p.is_empty()) {
            Some(p) => s.cadence.parse(p)?,
            None => s.cadence.period_at(at).previous(),
        };
        if let Some(draft) = store::draft_for(self.conn(), series, &period.to_string())? {
            return Err(Error::SeriesDraftExists { series: s.name, period: period.to_string(), draft: draft.0 });
        }
        let title = title.map(str::trim).filter(|t| !t.is_empty()).map(str::to_string).unwrap_or_else(|| format!("{} {period}", s.name));
        Ok(SeriesDraft { series, unit: s.unit.id, period: period.to_string(), title })
    }
}
