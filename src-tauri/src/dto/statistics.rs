//! Statistics (统计) for the dashboard's charts: totals, breakdowns and media health.

use chrono::{DateTime, Utc};
pub use core::Bucket as StatBucket;
use dengji_core as core;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, export_to = "../../ui/src/bindings/")]
pub struct StatTotals {
    pub units: i64,
    pub registrations: i64,
    pub drafts: i64,
    pub files: i64,
    pub bytes: i64,
    // Bytes the vault holds (each distinct object once).
    pub vault_bytes: i64,
    pub media: i64,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, export_to = "../../ui/src/bindings/")]
pub struct MediumStat {
    pub label: String,
    pub set: String,
    pub kind: String,
    pub registrations: i64,
    pub bytes_used: i64,
    pub free_bytes: Option<i64>,
    pub last_verified_at: Option<DateTime<Utc>>,
    // `ok` or `problems`, of the last verification.
    pub last_result: Option<String>,
    pub check_due: bool,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, export_to = "../../ui/src/bindings/")]
pub struct Statistics {
    pub at: DateTime<Utc>,
    pub totals: StatTotals,
    pub by_domain: Vec<StatBucket>,
    pub by_unit_kind: Vec<StatBucket>,
    pub by_unit: Vec<StatBucket>,
    // Year sealed, China time.
    pub by_year: Vec<StatBucket>,
    pub by_record_kind: Vec<StatBucket>,
    pub by_media_set: Vec<StatBucket>,
    // `YYYY-MM` sealed, China time.
    pub by_month: Vec<StatBucket>,
    pub media: Vec<MediumStat>,
    // Summed over lower archives: each archive's share; empty for this archive's own.
    pub by_source: Vec<StatBucket>,
    // Lower archives that have reported (their copies can be summed in).
    pub lower_archives: usize,
}

impl From<core::Statistics> for Statistics {
    fn from(s: core::Statistics) -> Self {
        let t = s.totals;
        Statistics {
            at: s.at,
            totals: StatTotals {
                units: t.units,
                registrations: t.registrations,
                drafts: t.drafts,
                files: t.files,
                bytes: t.bytes,
                vault_bytes: t.vault_bytes,
                media: t.media,
            },
            by_domain: s.by_domain,
            by_unit_kind: s.by_unit_kind,
            by_unit: s.by_unit,
            by_year: s.by_year,
            by_record_kind: s.by_record_kind,
            by_media_set: s.by_media_set,
            by_month: s.by_month,
            by_source: s.by_source,
            lower_archives: 0,
            media: s
                .media
                .into_iter()
                .map(|m| MediumStat {
                    label: m.label,
                    set: m.set,
                    kind: m.kind,
                    registrations: m.registrations,
                    bytes_used: m.bytes_used,
                    free_bytes: m.free_bytes,
                    last_verified_at: m.last_verified_at,
                    last_result: m.last_result,
                    check_due: m.check_due,
                })
                .collect(),
        }
    }
}
