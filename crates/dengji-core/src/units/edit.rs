//! Editing a unit. Every change is a ledger entry naming the fields, old and new; a new
//! USCC needs a reason. Sealed registrations and issued certificates keep what they
//! recorded: `ledger verify` checks each seal against the code the unit had then.

use serde::Serialize;

use super::{checked_uscc, unit_payload, uscc_free, Unit, UnitKind};
use crate::accounts::Role;
use crate::archive::Archive;
use crate::error::{Error, Result};
use crate::ids::UnitId;
use crate::ledger;
use crate::stamp::Stamp;
use crate::uscc;

/// The fields to change; `None` leaves a field as it is.
#[derive(Debug, Clone, Default)]
pub struct UnitEdit {
    pub name: Option<String>,
    pub kind: Option<UnitKind>,
    /// An empty code removes it (individuals only).
    pub uscc: Option<String>,
    /// `Some(None)` clears the domain.
    pub domain: Option<Option<String>>,
    /// Required when the USCC changes; recorded with any edit.
    pub reason: Option<String>,
    /// Accept a well-formed code whose check character is wrong (pilot-era codes).
    pub force: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct UnitEdited {
    pub unit: Unit,
    /// The fields that changed (`name`, `kind`, `uscc`, `domain`); empty when none did.
    pub changed: Vec<&'static str>,
    /// Things worth a second look that did not stop the edit.
    pub warnings: Vec<String>,
}

impl Archive {
    pub fn edit_unit(&mut self, id: UnitId, edit: UnitEdit, stamp: &Stamp) -> Result<UnitEdited> {
        self.authorize(stamp, &[Role::Clerk], "修改登记单位")?;
        let old = self.unit(id)?;
        let name = match edit.name.as_deref().map(str::trim) {
            Some("") => return Err(Error::Empty { what: "单位名称" }),
            Some(n) => n.to_string(),
            None => old.name.clone(),
        };
        let kind = edit.kind.unwrap_or(old.kind);
        let uscc = match &edit.uscc {
            Some(code) => Some(uscc::normalise(code)).filter(|c| !c.is_empty()),
            None => old.uscc.clone(),
        };
        let domain = match edit.domain {
            Some(d) => d.as_deref().map(str::trim).filter(|d| !d.is_empty()).map(str::to_string),
            None => old.domain.clone(),
        };
        let reason = edit.reason.as_deref().map(str::trim).filter(|r| !r.is_empty()).map(str::to_string);

        let mut changed = Vec::new();
        if name != old.name {
            changed.push("name");
        }
        if kind != old.kind {
            changed.push("kind");
        }
        if uscc != old.uscc {
            changed.push("uscc");
        }
        if domain != old.domain {
            changed.push("domain");
        }
        if changed.is_empty() {
            return Ok(UnitEdited { unit: old, changed, warnings: Vec::new() });
        }

        let mut warnings = Vec::new();
        let mut forced = old.uscc_forced;
        if changed.contains(&"uscc") {
            if reason.is_none() {
                return Err(Error::Empty { what: "更改统一社会信用代码的理由" });
            }
            forced = false;
            if let Some(code) = &uscc {
                forced = checked_uscc(code, edit.force)?;
                warnings.extend(uscc::region_warning(code));
            }
        }
        if uscc.is_none() && kind != UnitKind::Individual {
            return Err(Error::UsccRequired);
        }
        if changed.contains(&"domain") {
            if let Some(d) = &domain {
                self.check_domain_usable(d)?;
            }
        }

        let tx = self.conn_mut().transaction()?;
        if let Some(code) = uscc.as_ref().filter(|_| changed.contains(&"uscc")) {
            uscc_free(&tx, code, Some(id))?;
        }
        let columns = super::store::Columns { name: &name, kind, uscc: uscc.as_deref(), uscc_forced: forced, domain: domain.as_deref() };
        super::store::update(&tx, id, &columns)?;
        let before = unit_payload(&old.name, old.kind, old.uscc.as_deref(), old.domain.as_deref());
        let mut payload = unit_payload(&name, kind, uscc.as_deref(), domain.as_deref());
        let changes: serde_json::Map<String, serde_json::Value> =
            changed.iter().map(|f| (f.to_string(), serde_json::json!([before[*f], payload[*f]]))).collect();
        payload["uscc_forced"] = forced.into();
        payload["changes"] = changes.into();
        payload["reason"] = reason.into();
        ledger::append(&tx, stamp, "unit.edit", &id.subject(), &payload)?;
        tx.commit()?;
        Ok(UnitEdited { unit: self.unit(id)?, changed, warnings })
    }
}

/// What `ledger verify` compares a unit row with: the entry's payload without the parts
/// that describe the act (forced check digit, changes, reason).
pub(crate) fn recorded_state(payload: &str) -> serde_json::Value {
    let mut v: serde_json::Value = serde_json::from_str(payload).unwrap_or_default();
    if let Some(o) = v.as_object_mut() {
        for k in ["uscc_forced", "changes", "reason"] {
            o.remove(k);
        }
    }
    v
}
