//! Discarding an abandoned draft: its rows go, a record of it and a ledger entry stay,
//! and the vault objects no other registration holds leave the vault.

use std::collections::BTreeSet;

use serde::Serialize;

use crate::accounts::Role;
use crate::archive::Archive;
use crate::digest::Sha256;
use crate::error::{Error, Result};
use crate::ids::RegistrationId;
use crate::ledger;
use crate::registrations::store;
use crate::stamp::Stamp;

/// Held shared by every intake and exclusively by a discard's sweep: an intake settles
/// objects before the rows that refer to them, so a sweep in between would take them.
pub(crate) const VAULT_LOCK: &str = "vault.lock";

#[derive(Debug, Clone, Serialize)]
pub struct DiscardReport {
    pub id: RegistrationId,
    pub title: String,
    pub files: i64,
    pub bytes: i64,
    /// Vault objects removed (those no other registration holds).
    pub objects_removed: u64,
}

impl Archive {
    pub fn discard_draft(&mut self, id: RegistrationId, reason: &str, stamp: &Stamp) -> Result<DiscardReport> {
        self.authorize(stamp, &[Role::Clerk], "放弃草稿")?;
        let reg = self.draft_for_edit(id)?;
        let reason = reason.trim();
        if reason.is_empty() {
            return Err(Error::Empty { what: "放弃草稿的理由" });
        }
        let _draft = self.lock_draft(id)?;
        let Some(_vault) = self.take_lock(VAULT_LOCK)? else {
            return Err(Error::VaultBusy);
        };
        let tx = self.conn_mut().transaction()?;
        // Objects no other registration names, and no lower archive's package either.
        let lower = crate::upward::lower_objects(&tx)?;
        let own: BTreeSet<Sha256> = store::objects_held_only_by(&tx, id)?.into_iter().filter(|s| !lower.contains_key(s)).collect();
        store::discard(&tx, &reg, reason, stamp)?;
        ledger::append(
            &tx,
            stamp,
            "registration.discard",
            &id.subject(),
            &serde_json::json!({"title": reg.title, "unit_id": reg.unit.id.0, "files": reg.files, "bytes": reg.bytes, "reason": reason}),
        )?;
        tx.commit()?;
        // After the commit: a crash here leaves unreferenced objects, never rows without them.
        let mut objects_removed = 0;
        for sha in &own {
            if self.vault().remove(sha)? {
                objects_removed += 1;
            }
        }
        Ok(DiscardReport { id, title: reg.title, files: reg.files, bytes: reg.bytes, objects_removed })
    }
}
