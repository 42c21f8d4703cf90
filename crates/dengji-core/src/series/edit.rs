//! A series' name, business system and cadence corrected after it was recorded: each
//! change a `series.edit` entry naming the old and new values. The cadence is fixed once a
//! hand-over was taken in: its periods are written in the cadence's form (2026-11, 2026-Q4).

use super::{store, Cadence, Series};
use crate::accounts::Role;
use crate::archive::Archive;
use crate::error::{Error, Result};
use crate::ids::SeriesId;
use crate::ledger;
use crate::stamp::Stamp;

/// What a clerk changes; None leaves a value as it is (`system: Some(None)` clears it).
#[derive(Debug, Clone, Default)]
pub struct SeriesEdit {
    pub name: Option<String>,
    pub system: Option<Option<String>>,
    pub cadence: Option<Cadence>,
}

impl Archive {
    pub fn edit_series(&mut self, id: SeriesId, edit: &SeriesEdit, stamp: &Stamp) -> Result<Series> {
        self.authorize(stamp, &[Role::Clerk], "修改业务数据系列")?;
        let s = self.series(id)?;
        let name = match &edit.name {
            Some(n) if n.trim().is_empty() => return Err(Error::Empty { what: "系列名称" }),
            Some(n) => n.trim().to_string(),
            None => s.name.clone(),
        };
        if name != s.name && store::by_name(self.conn(), s.unit.id, &name)?.is_some() {
            return Err(Error::SeriesExists { unit: s.unit.name, name });
        }
        let system = match &edit.system {
            Some(v) => v.as_deref().map(str::trim).filter(|v| !v.is_empty()).map(str::to_string),
            None => s.system.clone(),
        };
        let cadence = edit.cadence.unwrap_or(s.cadence);
        if cadence != s.cadence && store::has_hand_overs(self.conn(), id)? {
            return Err(Error::SeriesCadenceFixed(s.name));
        }
        if (&name, &system, cadence) == (&s.name, &s.system, s.cadence) {
            return Ok(s);
        }
        let tx = self.conn_mut().transaction()?;
        store::update(&tx, id, &name, system.as_deref(), cadence)?;
        let state = |name: &str, system: Option<&str>, cadence: Cadence| serde_json::json!({"name": name, "system": system, "cadence": cadence.as_str()});
        let entry = serde_json::json!({
            "from": state(&s.name, s.system.as_deref(), s.cadence),
            "to": state(&name, system.as_deref(), cadence),
        });
        ledger::append(&tx, stamp, "series.edit", &id.subject(), &entry)?;
        tx.commit()?;
        self.series(id)
    }
}
