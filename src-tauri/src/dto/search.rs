//! Search (检索): the query's filters and the hits, grouped by kind in the UI.

use dengji_core as core;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{RecordKind, RegistrationStatus};

#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, export_to = "../../ui/src/bindings/")]
pub struct SearchFilter {
    pub unit_id: Option<i64>,
    pub kind: Option<RecordKind>,
    pub domain: Option<String>,
    pub year: Option<i32>,
    pub status: Option<RegistrationStatus>,
    pub media_set: Option<String>,
    // Most hits of each kind; the core's default when empty.
    pub limit: Option<u32>,
}

impl From<SearchFilter> for core::SearchFilter {
    fn from(f: SearchFilter) -> Self {
        core::SearchFilter {
            unit: f.unit_id.map(core::UnitId),
            kind: f.kind.map(Into::into),
            domain: f.domain.filter(|d| !d.is_empty()),
            year: f.year,
            status: f.status.map(|s| match s {
                RegistrationStatus::Draft => core::Status::Draft,
                RegistrationStatus::Sealed => core::Status::Sealed,
            }),
            media_set: f.media_set.filter(|s| !s.is_empty()),
            limit: f.limit.map(|l| l as usize),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, export_to = "../../ui/src/bindings/")]
pub enum SearchHitKind {
    Unit,
    Registration,
    Item,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, export_to = "../../ui/src/bindings/")]
pub struct SearchHit {
    pub kind: SearchHitKind,
    pub unit_id: i64,
    pub unit_name: String,
    pub uscc: Option<String>,
    pub registration_id: Option<i64>,
    // Registration number, or `草稿 #id`.
    pub registration_label: Option<String>,
    pub status: Option<RegistrationStatus>,
    // The registration's title, or the item's 题名.
    pub title: Option<String>,
    pub path: Option<String>,
    pub ref_code: Option<String>,
}

impl From<core::SearchHit> for SearchHit {
    fn from(h: core::SearchHit) -> Self {
        SearchHit {
            kind: match h.kind {
                core::HitKind::Unit => SearchHitKind::Unit,
                core::HitKind::Registration => SearchHitKind::Registration,
                core::HitKind::Item => SearchHitKind::Item,
            },
            unit_id: h.unit_id.0,
            unit_name: h.unit_name,
            uscc: h.uscc,
            registration_id: h.registration_id.map(|r| r.0),
            registration_label: h.registration_label,
            status: h.status,
            title: h.title,
            path: h.path,
            ref_code: h.ref_code,
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, export_to = "../../ui/src/bindings/")]
pub struct SearchResults {
    pub query: String,
    pub hits: Vec<SearchHit>,
    // Some kind had more hits than the limit.
    pub truncated: bool,
    // Hits in lower archives' reported copies, by archive (read-only; their ids are the
    // copy's, so a hit opens by its registration number).
    pub lower: Vec<LowerHits>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, export_to = "../../ui/src/bindings/")]
pub struct LowerHits {
    pub archive: String,
    pub region_code: String,
    pub hits: Vec<SearchHit>,
    pub truncated: bool,
}

impl SearchResults {
    pub fn of(own: core::SearchResults, lower: Vec<core::LowerResults>) -> Self {
        SearchResults {
            query: own.query,
            hits: own.hits.into_iter().map(Into::into).collect(),
            truncated: own.truncated,
            lower: lower
                .into_iter()
                .map(|l| LowerHits {
                    archive: l.archive,
                    region_code: l.region_code,
                    hits: l.results.hits.into_iter().map(Into::into).collect(),
                    truncated: l.results.truncated,
                })
                .collect(),
        }
    }
}
