//! The configurable list of domains (民生领域) units are filed under: added, renamed
//! and retired by an admin, each change a ledger entry.

use crate::catalog::{params, OptionalExtension};
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
    pub retired_at: Option<String>,
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
        let mut st = self.conn().prepare("SELECT name FROM domains WHERE retired_at IS NULL ORDER BY position, name")?;
        let rows = st.query_map((), |r| r.get(0))?;
        Ok(rows.collect::<crate::catalog::SqlResult<_>>()?)
    }

    /// Every domain, retired ones included, with how many units each has.
    pub fn domain_list(&self) -> Result<Vec<Domain>> {
        let mut st = self.conn().prepare(
            "SELECT d.name, d.retired_at, (SELECT COUNT(*) FROM units u WHERE u.domain = d.name) FROM domains d ORDER BY d.position, d.name",
        )?;
        let rows = st.query_map((), |r| Ok(Domain { name: r.get(0)?, retired_at: r.get(1)?, units: r.get(2)? }))?;
        Ok(rows.collect::<crate::catalog::SqlResult<_>>()?)
    }

    /// A unit may be filed under `name` only while it is on the list and not retired.
    pub(crate) fn check_domain_usable(&self, name: &str) -> Result<()> {
        let retired: Option<Option<String>> =
            self.conn().query_row("SELECT retired_at FROM domains WHERE name = ?1", [name], |r| r.get(0)).optional()?;
        match retired {
            None => Err(Error::BadDomain(name.to_string())),
            Some(Some(_)) => Err(Error::DomainRetired(name.to_string())),
            Some(None) => Ok(()),
        }
    }

    /// Adds a domain to the list, or offers a retired one again; `false` when it was
    /// already offered.
    pub fn add_domain(&mut self, name: &str, stamp: &Stamp) -> Result<bool> {
        self.authorize(stamp, &[Role::Admin], "修改领域列表")?;
        let name = clean(name)?;
        let tx = self.conn_mut().transaction()?;
        let added = tx.execute(
            "INSERT INTO domains (name, position) SELECT ?1, COALESCE(MAX(position), 0) + 1 FROM domains WHERE true ON CONFLICT DO NOTHING",
            [name],
        )? > 0
            || tx.execute("UPDATE domains SET retired_at = NULL WHERE name = ?1 AND retired_at IS NOT NULL", [name])? > 0;
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
        let exists = |name: &str| tx.query_row("SELECT 1 FROM domains WHERE name = ?1", [name], |_| Ok(())).optional();
        if exists(from)?.is_none() {
            return Err(Error::BadDomain(from.to_string()));
        }
        if from != to {
            if exists(to)?.is_some() {
                return Err(Error::DomainExists(to.to_string()));
            }
            tx.execute("UPDATE domains SET name = ?2 WHERE name = ?1", params![from, to])?;
            let units = tx.execute("UPDATE units SET domain = ?2 WHERE domain = ?1", params![from, to])?;
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
        let retired: Option<Option<String>> =
            tx.query_row("SELECT retired_at FROM domains WHERE name = ?1", [name], |r| r.get(0)).optional()?;
        match retired {
            None => return Err(Error::BadDomain(name.to_string())),
            Some(Some(_)) => {}
            Some(None) => {
                tx.execute("UPDATE domains SET retired_at = ?2 WHERE name = ?1", params![name, stamp.at_text()])?;
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
