//! The configurable list of domains (民生领域) units are filed under: added, renamed
//! and retired by an admin, each change a ledger entry. The rows are `store.rs`'s.

use chrono::{DateTime, Utc};
mod store;

use serde::Serialize;

use crate::accounts::Role;
use crate::archive::Archive;
use crate::error::{Error, Result};
use crate::ledger;
use crate::stamp::Stamp;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Domain {
    pub name: String,
    /// When it stopped being offered; its units keep it.
    pub retired_at: Option<DateTime<Utc>>,
    /// Units filed under it.
    pub units: i64,
}

fn subject(name: &str) -> String {
    format!("domain:{name}")
}

fn clean(name: &str) -> Result<&str> {
    let name = name.trim();
    if name.is_empty() {
        return Err(Error::Empty { what: "领域名称" });
    }
    Ok(name)
}

impl Archive {
    /// The domains offered for units, in list order (retired ones left out).
    pub fn domains(&self) -> Result<Vec<String>> {
        store::offered(self.conn())
    }

    /// Every domain, retired ones included, with how many units each has.
    pub fn domain_list(&self) -> Result<Vec<Domain>> {
        store::all(self.conn())
    }

    /// A unit may be filed under `name` only while it is on the list and not retired.
    pub(crate) fn check_domain_usable(&self, name: &str) -> Result<()> {
        match store::standing(self.conn(), name)? {
            store::Standing::Missing => Err(Error::BadDomain(name.to_string())),
            store::Standing::Retired => Err(Error::DomainRetired(name.to_string())),
            store::Standing::Offered => Ok(()),
        }
    }

    /// Adds a domain to the list, or offers a retired one again; `false` when it was
    /// already offered.
    pub fn add_domain(&mut self, name: &str, stamp: &Stamp) -> Result<bool> {
        self.authorize(stamp, &[Role::Admin], "修改领域列表")?;
        let name = clean(name)?;
        let tx = self.conn_mut().transaction()?;
        let added = store::insert(&tx, name)? || store::unretire(&tx, name)?;
        if added {
            ledger::append(&tx, stamp, "domain.add", &subject(name), &serde_json::json!({"name": name}))?;
        }
        tx.commit()?;
        Ok(added)
    }

    /// Renames a domain; its units move with it (one ledger entry, which `ledger
    /// verify` replays over the units' recorded state).
    pub fn rename_domain(&mut self, from: &str, to: &str, stamp: &Stamp) -> Result<Domain> {
        self.authorize(stamp, &[Role::Admin], "修改领域列表")?;
        let (from, to) = (from.trim(), clean(to)?);
        let tx = self.conn_mut().transaction()?;
        let exists = |name: &str| store::standing(&tx, name).map(|s| !matches!(s, store::Standing::Missing));
        if !exists(from)? {
            return Err(Error::BadDomain(from.to_string()));
        }
        if from != to {
            if exists(to)? {
                return Err(Error::DomainExists(to.to_string()));
            }
            store::rename(&tx, from, to)?;
            let units = crate::units::move_domain(&tx, from, to)?;
            ledger::append(&tx, stamp, "domain.rename", &subject(to), &serde_json::json!({"from": from, "to": to, "units": units}))?;
        }
        tx.commit()?;
        self.domain(to)
    }

    /// Stops offering a domain; the units filed under it keep it.
    pub fn retire_domain(&mut self, name: &str, stamp: &Stamp) -> Result<Domain> {
        self.authorize(stamp, &[Role::Admin], "修改领域列表")?;
        let name = name.trim();
        let tx = self.conn_mut().transaction()?;
        match store::standing(&tx, name)? {
            store::Standing::Missing => return Err(Error::BadDomain(name.to_string())),
            store::Standing::Retired => {}
            store::Standing::Offered => {
                store::retire(&tx, name, &stamp.at_text())?;
                ledger::append(&tx, stamp, "domain.retire", &subject(name), &serde_json::json!({"name": name}))?;
            }
        }
        tx.commit()?;
        self.domain(name)
    }

    fn domain(&self, name: &str) -> Result<Domain> {
        self.domain_list()?.into_iter().find(|d| d.name == name).ok_or_else(|| Error::BadDomain(name.to_string()))
    }
}
