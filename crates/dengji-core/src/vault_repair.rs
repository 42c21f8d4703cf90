//! Repairing the vault from a backup medium: each object `verify_vault` finds missing or
//! changed is copied back from the bag of a sealed registration the medium holds, checked
//! against its size and both digests before it takes its name. A changed object is moved
//! to `vault/quarantine/` first (kept: it may be evidence), never overwritten in place.

use std::fs;
use std::path::{Path, PathBuf};

use crate::catalog::params;
use serde::Serialize;

use crate::accounts::Role;
use crate::archive::Archive;
use crate::digest::Sha256;
use crate::error::Result;
use crate::ids::RegistrationId;
use crate::ledger;
use crate::media::{layout::BagLayout, Locator};
use crate::progress::{CancelToken, Progress};
use crate::recover::Fetched;
use crate::stamp::Stamp;
use crate::verify::VaultProblem;

#[derive(Debug, Clone, Serialize)]
pub struct VaultRepairReport {
    /// The label of the medium the good copies came from.
    pub medium: String,
    /// Objects checked, and those found missing or changed.
    pub objects: u64,
    pub found: usize,
    pub repaired: Vec<Sha256>,
    /// Damaged objects moved aside before their good copy took the name.
    pub quarantined: Vec<PathBuf>,
    /// Still missing or changed: the medium holds no good copy (a draft's files never
    /// reach a medium; try another medium for the rest).
    pub unrepaired: Vec<VaultProblem>,
    pub cancelled: bool,
}

impl VaultRepairReport {
    pub fn ok(&self) -> bool {
        self.unrepaired.is_empty() && !self.cancelled
    }
}

impl Archive {
    pub fn repair_vault(&mut self, from: &Path, stamp: &Stamp, progress: &dyn Progress, cancel: &CancelToken) -> Result<VaultRepairReport> {
        self.authorize(stamp, &[Role::Clerk], "修复保管库")?;
        let medium = self.medium_at(from)?;
        let _lock = self.lock_medium(&medium)?;
        // Held shared, as intake holds it: a discard must not sweep a chunk this repair
        // found present while the recipe naming it is being put back.
        let Some(_vault) = self.take_shared_lock(crate::discard::VAULT_LOCK)? else {
            return Err(crate::error::Error::VaultBusy);
        };
        let check = self.verify_vault(progress, cancel)?;
        let mut report = VaultRepairReport {
            medium: medium.label.clone(),
            objects: check.objects,
            found: check.problems.len(),
            repaired: Vec::new(),
            quarantined: Vec::new(),
            unrepaired: Vec::new(),
            cancelled: check.cancelled,
        };
        if check.cancelled || check.problems.is_empty() {
            return Ok(report);
        }
        let scratch = self.vault().scratch("vault-repair")?;
        let folder = format!("repair-{}", stamp.at.format("%Y%m%dT%H%M%SZ"));
        let mut batch = Vec::new();
        let mut locator = Locator::new(from);
        for problem in check.problems {
            if cancel.is_cancelled() {
                report.cancelled = true;
                report.unrepaired.push(problem);
                continue;
            }
            if problem.kind == "changed" {
                report.quarantined.extend(self.vault().quarantine(&problem.sha256, &folder)?);
            }
            let mut stored = false;
            for (registration, number) in self.sealed_holders_on(&problem.sha256, medium.row)? {
                let items = self.items(registration)?;
                let Some(item) = items.iter().find(|i| i.sha256 == problem.sha256) else { continue };
                let layout = BagLayout::new(&items);
                let series = crate::series::membership_of(self.conn(), registration)?.map(|(s, ..)| s);
                let Some(path) = locator.path(&number, series, &layout, item)? else { continue };
                let kind = self.registration(registration)?.kind;
                if let Fetched::Stored(staged) = self.fetch(item, kind, &path, &scratch)? {
                    batch.extend(staged);
                    stored = true;
                    break;
                }
            }
            if stored {
                report.repaired.push(problem.sha256);
            } else {
                report.unrepaired.push(problem);
            }
        }
        self.vault().settle(batch.iter_mut())?;
        drop(batch);
        let _ = fs::remove_dir_all(&scratch);
        // A chunk shared by several files came back with the first of them the medium
        // holds: the others are whole again too.
        let mut still = Vec::new();
        for problem in std::mem::take(&mut report.unrepaired) {
            let whole_again = !report.cancelled
                && !problem.chunks.is_empty()
                && self.vault().rehash(&problem.sha256)?.is_some_and(|(d, _)| d.sha256 == problem.sha256);
            if whole_again {
                report.repaired.push(problem.sha256);
            } else {
                still.push(problem);
            }
        }
        report.unrepaired = still;
        let hex = |v: &mut dyn Iterator<Item = &Sha256>| v.map(|s| s.to_hex()).collect::<Vec<_>>();
        let payload = serde_json::json!({
            "medium": medium.id, "label": medium.label, "found": report.found,
            "repaired": hex(&mut report.repaired.iter()),
            "unrepaired": hex(&mut report.unrepaired.iter().map(|p| &p.sha256)),
            "quarantined": report.quarantined.len(), "cancelled": report.cancelled,
        });
        let tx = self.conn_mut().transaction()?;
        ledger::append(&tx, stamp, "vault.repair", "vault", &payload)?;
        tx.commit()?;
        Ok(report)
    }

    /// Sealed registrations holding the object whose bags the medium `medium_row` holds.
    fn sealed_holders_on(&self, sha: &Sha256, medium_row: crate::ids::MediumRow) -> Result<Vec<(RegistrationId, String)>> {
        let mut st = self.conn().prepare(
            "SELECT DISTINCT r.id, r.registration_number FROM items i
             JOIN registrations r ON r.id = i.registration_id
             JOIN media_bags b ON b.registration_id = r.id AND b.medium_id = ?2
             WHERE i.sha256 = ?1 AND r.status = 'sealed' ORDER BY r.id",
        )?;
        let rows = st.query_map(params![sha, medium_row], |r| Ok((RegistrationId(r.get(0)?), r.get(1)?)))?;
        Ok(rows.collect::<crate::catalog::SqlResult<_>>()?)
    }
}
