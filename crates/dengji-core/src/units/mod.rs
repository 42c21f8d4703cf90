//! Depositor units (登记单位). The rows are `store.rs`'s.

use chrono::{DateTime, Utc};
use std::fmt;
use std::str::FromStr;

use serde::Serialize;

use crate::accounts::Role;
use crate::archive::Archive;
use crate::error::{Error, Result};
use crate::ids::UnitId;
use crate::ledger;
use crate::stamp::Stamp;
use crate::uscc::{self, UsccCheck};

mod edit;
mod store;
pub(crate) use edit::recorded_state;
pub use edit::{UnitEdit, UnitEdited};
pub(crate) use store::move_domain;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum UnitKind {
    Agency,
    Institution,
    Enterprise,
    Project,
    Organization,
    Individual,
}

impl UnitKind {
    pub const ALL: [UnitKind; 6] =
        [UnitKind::Agency, UnitKind::Institution, UnitKind::Enterprise, UnitKind::Project, UnitKind::Organization, UnitKind::Individual];

    pub fn as_str(self) -> &'static str {
        match self {
            UnitKind::Agency => "agency",
            UnitKind::Institution => "institution",
            UnitKind::Enterprise => "enterprise",
            UnitKind::Project => "project",
            UnitKind::Organization => "organization",
            UnitKind::Individual => "individual",
        }
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            UnitKind::Agency => "机关",
            UnitKind::Institution => "事业单位",
            UnitKind::Enterprise => "企业",
            UnitKind::Project => "重点建设项目",
            UnitKind::Organization => "社会组织",
            UnitKind::Individual => "个人",
        }
    }
}

impl fmt::Display for UnitKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for UnitKind {
    type Err = Error;
    /// Accepts the English name or the Chinese label.
    fn from_str(s: &str) -> Result<Self> {
        let s = s.trim();
        UnitKind::ALL
            .into_iter()
            .find(|k| k.as_str().eq_ignore_ascii_case(s) || k.label_zh() == s)
            .ok_or_else(|| Error::BadUnitKind(s.to_string()))
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Unit {
    pub id: UnitId,
    pub name: String,
    pub kind: UnitKind,
    pub uscc: Option<String>,
    pub uscc_forced: bool,
    pub domain: Option<String>,
    pub created_at: DateTime<Utc>,
    pub registrations: i64,
}

#[derive(Debug, Clone)]
pub struct NewUnit {
    pub name: String,
    pub kind: UnitKind,
    pub uscc: Option<String>,
    pub domain: Option<String>,
    /// Accept a well-formed code whose check character is wrong (pilot-era codes).
    pub force: bool,
}

/// What the ledger records for a unit; `ledger verify` compares the table with it.
pub(crate) fn unit_payload(name: &str, kind: UnitKind, uscc: Option<&str>, domain: Option<&str>) -> serde_json::Value {
    serde_json::json!({"name": name, "kind": kind.as_str(), "uscc": uscc, "domain": domain})
}

/// Checks a normalised `code`: refuses a malformed one, and one whose check character is
/// wrong unless `force` confirms it (pilot-era codes). Returns whether it was forced.
pub(crate) fn checked_uscc(code: &str, force: bool) -> Result<bool> {
    match uscc::check(code) {
        UsccCheck::Valid => Ok(false),
        UsccCheck::Malformed { reason } => Err(Error::UsccMalformed { code: code.to_string(), reason }),
        UsccCheck::BadCheck { expected } if !force => Err(Error::UsccCheckDigit { code: code.to_string(), expected }),
        UsccCheck::BadCheck { .. } => Ok(true),
    }
}

/// Refuses `code` when a unit other than `except` already has it.
pub(crate) fn uscc_free(conn: &crate::catalog::Conn, code: &str, except: Option<UnitId>) -> Result<()> {
    match store::uscc_holder(conn, code, except)? {
        Some(_) => Err(Error::DuplicateUscc(code.to_string())),
        None => Ok(()),
    }
}

impl Archive {
    pub fn add_unit(&mut self, new: NewUnit, stamp: &Stamp) -> Result<Unit> {
        self.authorize(stamp, &[Role::Clerk], "登记单位")?;
        let name = new.name.trim().to_string();
        if name.is_empty() {
            return Err(Error::Empty { what: "单位名称" });
        }
        let uscc = new.uscc.as_deref().map(uscc::normalise).filter(|c| !c.is_empty());
        let forced = match &uscc {
            None if new.kind != UnitKind::Individual => return Err(Error::UsccRequired),
            None => false,
            Some(code) => checked_uscc(code, new.force)?,
        };
        let domain = new.domain.as_deref().map(str::trim).filter(|d| !d.is_empty()).map(str::to_string);
        if let Some(d) = &domain {
            self.check_domain_usable(d)?;
        }
        let tx = self.conn_mut().transaction()?;
        if let Some(code) = &uscc {
            uscc_free(&tx, code, None)?;
        }
        let columns = store::Columns { name: &name, kind: new.kind, uscc: uscc.as_deref(), uscc_forced: forced, domain: domain.as_deref() };
        let id = store::insert(&tx, &columns, &stamp.at_text())?;
        let mut payload = unit_payload(&name, new.kind, uscc.as_deref(), domain.as_deref());
        payload["uscc_forced"] = forced.into();
        ledger::append(&tx, stamp, "unit.add", &id.subject(), &payload)?;
        tx.commit()?;
        self.unit(id)
    }

    pub fn unit(&self, id: UnitId) -> Result<Unit> {
        store::by_id(self.conn(), id)?.ok_or_else(|| Error::UnitNotFound(id.0.to_string()))
    }

    /// Finds a unit by numeric id or by USCC.
    pub fn find_unit(&self, key: &str) -> Result<Unit> {
        let key = key.trim();
        if let Some(u) = store::by_uscc(self.conn(), &uscc::normalise(key))? {
            return Ok(u);
        }
        match key.parse::<i64>() {
            Ok(id) => self.unit(UnitId(id)).map_err(|_| Error::UnitNotFound(key.to_string())),
            Err(_) => Err(Error::UnitNotFound(key.to_string())),
        }
    }

    pub fn units(&self) -> Result<Vec<Unit>> {
        store::all(self.conn())
    }
}
