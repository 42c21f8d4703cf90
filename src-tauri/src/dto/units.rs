//! Depositor units (登记单位) and the live USCC check.

use chrono::{DateTime, Utc};
use dengji_core as core;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, export_to = "../../ui/src/bindings/")]
pub enum UnitKind {
    Agency,
    Institution,
    Enterprise,
    Project,
    Organization,
    Individual,
}

impl From<core::UnitKind> for UnitKind {
    fn from(k: core::UnitKind) -> Self {
        match k {
            core::UnitKind::Agency => UnitKind::Agency,
            core::UnitKind::Institution => UnitKind::Institution,
            core::UnitKind::Enterprise => UnitKind::Enterprise,
            core::UnitKind::Project => UnitKind::Project,
            core::UnitKind::Organization => UnitKind::Organization,
            core::UnitKind::Individual => UnitKind::Individual,
        }
    }
}

impl From<UnitKind> for core::UnitKind {
    fn from(k: UnitKind) -> Self {
        match k {
            UnitKind::Agency => core::UnitKind::Agency,
            UnitKind::Institution => core::UnitKind::Institution,
            UnitKind::Enterprise => core::UnitKind::Enterprise,
            UnitKind::Project => core::UnitKind::Project,
            UnitKind::Organization => core::UnitKind::Organization,
            UnitKind::Individual => core::UnitKind::Individual,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, export_to = "../../ui/src/bindings/")]
pub enum UsccStatus {
    Valid,
    Empty,
    Malformed,
    BadCheck,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, export_to = "../../ui/src/bindings/")]
pub struct UsccCheck {
    pub status: UsccStatus,
    // The computed check character, when the given one is wrong.
    pub expected: Option<String>,
    pub message: String,
    // Positions 3–8 are not a region in the GB/T 2260 table: worth a look, not a refusal.
    pub region_warning: Option<String>,
}

impl UsccCheck {
    pub fn of(code: &str) -> Self {
        let code = core::uscc::normalise(code);
        let region_warning = core::uscc::region_warning(&code);
        let (status, expected, message) = if code.is_empty() {
            (UsccStatus::Empty, None, "未填写统一社会信用代码：只有“个人”可以不填。".to_string())
        } else {
            match core::uscc::check(&code) {
                core::uscc::UsccCheck::Valid => (UsccStatus::Valid, None, "统一社会信用代码格式和校验位正确。".to_string()),
                core::uscc::UsccCheck::Malformed { reason } => {
                    (UsccStatus::Malformed, None, core::Error::UsccMalformed { code, reason }.to_string())
                }
                core::uscc::UsccCheck::BadCheck { expected } => {
                    (UsccStatus::BadCheck, Some(expected.to_string()), core::Error::UsccCheckDigit { code, expected }.to_string())
                }
            }
        };
        let region_warning = region_warning.filter(|_| matches!(status, UsccStatus::Valid | UsccStatus::BadCheck));
        UsccCheck { status, expected, message, region_warning }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, export_to = "../../ui/src/bindings/")]
pub struct Unit {
    pub id: i64,
    pub name: String,
    pub kind: UnitKind,
    pub uscc: Option<String>,
    pub domain: Option<String>,
    pub created_at: DateTime<Utc>,
    // How many registrations (drafts included) this unit has.
    pub registrations: i64,
}

impl From<core::Unit> for Unit {
    fn from(u: core::Unit) -> Self {
        Unit {
            id: u.id.0,
            name: u.name,
            kind: u.kind.into(),
            uscc: u.uscc,
            domain: u.domain,
            created_at: u.created_at,
            registrations: u.registrations,
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, export_to = "../../ui/src/bindings/")]
pub struct NewUnit {
    pub name: String,
    pub kind: UnitKind,
    pub uscc: Option<String>,
    pub domain: Option<String>,
    // The clerk confirmed a well-formed code with a wrong check character.
    pub force: bool,
}

impl From<NewUnit> for core::NewUnit {
    fn from(u: NewUnit) -> Self {
        core::NewUnit { name: u.name, kind: u.kind.into(), uscc: u.uscc, domain: u.domain, force: u.force }
    }
}

// The edit form sends every field; the core records only those that changed.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, export_to = "../../ui/src/bindings/")]
pub struct UnitEdit {
    pub name: String,
    pub kind: UnitKind,
    pub uscc: Option<String>,
    pub domain: Option<String>,
    // Required when the USCC changes.
    pub reason: Option<String>,
    pub force: bool,
}

impl From<UnitEdit> for core::UnitEdit {
    fn from(e: UnitEdit) -> Self {
        core::UnitEdit {
            name: Some(e.name),
            kind: Some(e.kind.into()),
            uscc: Some(e.uscc.unwrap_or_default()),
            domain: Some(e.domain),
            reason: e.reason,
            force: e.force,
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, export_to = "../../ui/src/bindings/")]
pub struct UnitEdited {
    pub unit: Unit,
    // `name`, `kind`, `uscc`, `domain`: what changed (empty when nothing did).
    pub changed: Vec<String>,
    pub warnings: Vec<String>,
}

impl From<core::UnitEdited> for UnitEdited {
    fn from(e: core::UnitEdited) -> Self {
        UnitEdited { unit: e.unit.into(), changed: e.changed.into_iter().map(str::to_string).collect(), warnings: e.warnings }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, export_to = "../../ui/src/bindings/")]
pub struct Domain {
    pub name: String,
    pub retired_at: Option<DateTime<Utc>>,
    pub units: i64,
}

impl From<core::Domain> for Domain {
    fn from(d: core::Domain) -> Self {
        Domain { name: d.name, retired_at: d.retired_at, units: d.units }
    }
}
