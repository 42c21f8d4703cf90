//! Business data series (业务数据系列): the list, one series' versions with what changed
//! between them, and the hand-overs missing.

use chrono::{DateTime, Utc};
use dengji_core as core;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

pub use core::Cadence;

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, export_to = "../../ui/src/bindings/")]
pub struct Series {
    pub id: i64,
    pub unit_id: i64,
    pub unit_name: String,
    pub name: String,
    pub system: Option<String>,
    pub cadence: Cadence,
    pub versions: i64,
    pub last_period: Option<String>,
    pub created_at: DateTime<Utc>,
}

impl From<core::Series> for Series {
    fn from(s: core::Series) -> Self {
        Series {
            id: s.id.0,
            unit_id: s.unit.id.0,
            unit_name: s.unit.name,
            name: s.name,
            system: s.system,
            cadence: s.cadence,
            versions: s.versions,
            last_period: s.last_period,
            created_at: s.created_at,
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, export_to = "../../ui/src/bindings/")]
pub struct NewSeries {
    pub unit_id: i64,
    pub name: String,
    pub system: Option<String>,
    pub cadence: Cadence,
}

impl NewSeries {
    pub fn into_core(self) -> core::NewSeries {
        core::NewSeries { unit: core::UnitId(self.unit_id), name: self.name, system: self.system, cadence: self.cadence }
    }
}

/// A series as corrected: every value as it should be (a null system clears it).
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, export_to = "../../ui/src/bindings/")]
pub struct SeriesChange {
    pub id: i64,
    pub name: String,
    pub system: Option<String>,
    pub cadence: Cadence,
}

impl SeriesChange {
    pub fn into_core(self) -> core::SeriesEdit {
        core::SeriesEdit { name: Some(self.name), system: Some(self.system), cadence: Some(self.cadence) }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, export_to = "../../ui/src/bindings/")]
pub struct SeriesVersion {
    pub version: i64,
    pub registration_id: i64,
    pub registration_number: String,
    pub period: String,
    pub sealed_at: DateTime<Utc>,
    pub files: i64,
    pub bytes: i64,
}

impl From<core::SeriesVersion> for SeriesVersion {
    fn from(v: core::SeriesVersion) -> Self {
        SeriesVersion {
            version: v.version,
            registration_id: v.registration.0,
            registration_number: v.registration_number,
            period: v.period,
            sealed_at: v.sealed_at,
            files: v.files,
            bytes: v.bytes,
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, export_to = "../../ui/src/bindings/")]
pub struct FileChange {
    pub path: String,
    pub size_before: Option<i64>,
    pub size_after: Option<i64>,
    // New bytes: the whole file when added, its new chunks when changed; null when the
    // content is no longer held.
    pub changed_bytes: Option<u64>,
}

impl From<core::FileChange> for FileChange {
    fn from(c: core::FileChange) -> Self {
        FileChange { path: c.path, size_before: c.size_before, size_after: c.size_after, changed_bytes: c.changed_bytes }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, export_to = "../../ui/src/bindings/")]
pub struct VersionDiff {
    pub from: i64,
    pub to: i64,
    pub added: Vec<FileChange>,
    pub removed: Vec<FileChange>,
    pub changed: Vec<FileChange>,
    pub unchanged: usize,
    pub new_bytes: u64,
}

impl From<core::VersionDiff> for VersionDiff {
    fn from(d: core::VersionDiff) -> Self {
        let list = |v: Vec<core::FileChange>| v.into_iter().map(Into::into).collect();
        VersionDiff {
            from: d.from,
            to: d.to,
            added: list(d.added),
            removed: list(d.removed),
            changed: list(d.changed),
            unchanged: d.unchanged,
            new_bytes: d.new_bytes,
        }
    }
}

// A series with its versions, oldest first, and each version's changes from the one before.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, export_to = "../../ui/src/bindings/")]
pub struct SeriesDetail {
    pub series: Series,
    pub versions: Vec<SeriesVersion>,
    pub diffs: Vec<VersionDiff>,
}

impl SeriesDetail {
    pub fn load(a: &core::Archive, id: i64) -> core::Result<Self> {
        let id = core::SeriesId(id);
        let series = a.series(id)?;
        let versions = a.series_versions(id)?;
        let diffs =
            versions.windows(2).map(|w| a.series_diff(id, w[0].version, w[1].version).map(Into::into)).collect::<core::Result<_>>()?;
        Ok(SeriesDetail { series: series.into(), versions: versions.into_iter().map(Into::into).collect(), diffs })
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, export_to = "../../ui/src/bindings/")]
pub struct MissingHandover {
    pub series_id: i64,
    pub name: String,
    pub unit: String,
    pub period: String,
    pub overdue: bool,
}

impl From<core::MissingHandover> for MissingHandover {
    fn from(m: core::MissingHandover) -> Self {
        MissingHandover { series_id: m.series.0, name: m.name, unit: m.unit, period: m.period, overdue: m.overdue }
    }
}
