//! Moving an archive to other storage (an embedded archive up to a centre's PostgreSQL
//! database and bucket): a copy in a new data directory whose catalog and vault are at the
//! given locations, verified there before it is called done. The original is only read.
//!
//! The catalog is copied first (a SQLite snapshot, one consistent state), then every
//! object that copy refers to, each re-hashed as it is read so a damaged object is never
//! carried over; a discard cannot remove an object meanwhile (the vault lock is held
//! shared, as an intake holds it). The copy becomes an archive only once every object is
//! stored (the snapshot renamed into place, or loaded into the empty database in one
//! transaction); then its vault and ledger are verified there and the move is recorded in
//! its ledger. A move cut short (cancelled, a store gone, the workstation down) is run again
//! with the same command: a new snapshot, and only the objects not yet there are copied.

use std::collections::HashSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::time::Instant;

use serde::Serialize;

use crate::accounts::Role;
use crate::archive::{Archive, CATALOG};
use crate::catalog::CatalogLocation;
use crate::digest::Sha256;
use crate::error::{Error, Result};
use crate::progress::{CancelToken, JobProgress, Phase, Progress};
use crate::stamp::Stamp;
use crate::transfer::{self, CopyError, Digests};
use crate::vault::{Staged, Vault, VaultLocation};
use crate::verify::VaultReport;

/// The catalog's copy until every object is stored.
const BUILDING: &str = "catalog.sqlite.moving";
/// Objects settled together (one batch of uploads).
const BATCH_OBJECTS: usize = 64;
const BATCH_BYTES: u64 = 256 << 20;

#[derive(Debug, Clone, Serialize)]
pub struct MigrateReport {
    pub to: PathBuf,
    pub catalog: CatalogLocation,
    pub vault: VaultLocation,
    /// This run went on with a move that was cut short.
    pub resumed: bool,
    pub objects: u64,
    /// Of `objects`, those an earlier, interrupted run had already stored there.
    pub already_there: u64,
    pub bytes: u64,
    /// The vault re-read at its new place.
    pub vault_check: Option<VaultReport>,
    /// `ledger verify` at the new place found nothing.
    pub ledger_ok: bool,
    /// Stopped by the user: `to` is not an archive yet; the same move run again goes on.
    pub cancelled: bool,
}

impl MigrateReport {
    pub fn ok(&self) -> bool {
        !self.cancelled && self.ledger_ok && self.vault_check.as_ref().is_some_and(|v| v.problems.is_empty() && !v.cancelled)
    }
}

impl Archive {
    /// Copies the archive into the new data directory `to` with its catalog at `catalog`
    /// (an empty database, or the data directory) and its vault at `vault` (admin),
    /// verifies the copy there and records the move in its ledger.
    pub fn migrate_store(
        &self,
        to: &Path,
        catalog: &CatalogLocation,
        vault: &VaultLocation,
        stamp: &Stamp,
        progress: &dyn Progress,
        cancel: &CancelToken,
    ) -> Result<MigrateReport> {
        self.authorize(stamp, &[Role::Admin], "迁移档案库存储")?;
        let building = to.join(BUILDING);
        // A move that was cut short (cancelled, a store gone, the workstation down) left its
        // catalog copy behind and is picked up where it stopped; anything else is refused.
        let resumed = building.exists() && !Archive::is_initialised(to);
        if !resumed && fs::read_dir(to).is_ok_and(|mut entries| entries.next().is_some()) {
            return Err(Error::MigrateTargetNotEmpty(to.to_path_buf()));
        }
        let Some(_vault_lock) = self.take_shared_lock(crate::discard::VAULT_LOCK)? else {
            return Err(Error::VaultBusy);
        };
        // The database first: one that does not answer or holds tables leaves nothing made.
        let server = match catalog {
            CatalogLocation::Embedded => None,
            CatalogLocation::Postgres { url } => Some(crate::catalog::create_postgres(url)?),
        };
        // The catalog copy first, so that whatever follows is resumable; a new one each run
        // (the original may have changed meanwhile).
        crate::private::create_dir_all(to)?;
        if resumed {
            fs::remove_file(&building).map_err(Error::io(&building))?;
        }
        crate::catalog::snapshot_into(self.conn(), &building)?;
        let target = if resumed { Vault::resume_in(to, vault)? } else { Vault::create_in(to, vault)? };
        let objects = referenced_objects(&building)?;
        let held: HashSet<Sha256> = if resumed { target.list()?.into_iter().collect() } else { HashSet::new() };
        let mut report = MigrateReport {
            to: to.to_path_buf(),
            catalog: catalog.clone(),
            vault: vault.clone(),
            resumed,
            objects: 0,
            already_there: 0,
            bytes: 0,
            vault_check: None,
            ledger_ok: false,
            cancelled: false,
        };
        self.copy_objects(&target, &objects, &held, &mut report, progress, cancel)?;
        if report.cancelled {
            return Ok(report);
        }
        vault.write(to)?;
        match server {
            None => {
                crate::private::file(&building)?;
                fs::rename(&building, to.join(CATALOG)).map_err(Error::io(to))?;
            }
            Some(conn) => {
                crate::catalog::load_into(conn, &building)?;
                fs::remove_file(&building).map_err(Error::io(&building))?;
                catalog.write(to)?;
            }
        }
        let mut moved = Archive::open(to)?;
        let check = moved.verify_vault(progress, cancel)?;
        report.ledger_ok = moved.verify_ledger()?.ok();
        moved.record_migration(self.dir(), &report, &check, stamp)?;
        report.vault_check = Some(check);
        Ok(report)
    }

    /// Every object from this vault into `target`, checked against its name as it is read;
    /// those `held` there already are left as they are (stored whole, under their digest).
    fn copy_objects(
        &self,
        target: &Vault,
        objects: &[(Sha256, u64)],
        held: &HashSet<Sha256>,
        report: &mut MigrateReport,
        progress: &dyn Progress,
        cancel: &CancelToken,
    ) -> Result<()> {
        let start = Instant::now();
        let bytes_total = objects.iter().map(|o| o.1).sum();
        let scratch = target.scratch("migrate")?;
        let mut batch: Vec<Staged> = Vec::new();
        let mut batch_bytes = 0;
        for (i, (sha, size)) in objects.iter().enumerate() {
            if cancel.is_cancelled() {
                // What was copied stays copied, for the run that goes on.
                report.cancelled = true;
                return target.settle(batch.iter_mut());
            }
            if held.contains(sha) {
                report.objects += 1;
                report.already_there += 1;
                report.bytes += size;
                continue;
            }
            let mut reader = self.vault().open(sha)?.ok_or_else(|| Error::VaultObject(sha.to_hex()))?;
            // A file stored as chunks here is stored as chunks there (the same cut points).
            let mut pending = match self.vault().chunks_of(sha)? {
                Some(_) => target.begin_chunked(&scratch, &i.to_string())?,
                None => target.begin(&scratch, &i.to_string())?,
            };
            let copied = transfer::copy(&mut reader, &mut pending, Digests::Sha256).map_err(|e| match e {
                CopyError::Read(e) => reader.error(e),
                CopyError::Write(e) => pending.error(e),
            })?;
            if copied.sha256 != *sha {
                return Err(Error::VaultObject(sha.to_hex()));
            }
            batch.extend(target.stage(pending, sha)?);
            batch_bytes += size;
            report.objects += 1;
            report.bytes += size;
            if batch.len() >= BATCH_OBJECTS || batch_bytes >= BATCH_BYTES {
                target.settle(batch.iter_mut())?;
                batch.clear();
                batch_bytes = 0;
            }
            progress.report(&JobProgress {
                phase: Phase::Hashing,
                files_done: i as u64 + 1,
                files_total: objects.len() as u64,
                bytes_done: report.bytes,
                bytes_total,
                current: None,
                elapsed: start.elapsed(),
            });
        }
        target.settle(batch.iter_mut())
    }

    fn record_migration(&mut self, from: &Path, report: &MigrateReport, check: &VaultReport, stamp: &Stamp) -> Result<()> {
        let vault = match &report.vault {
            VaultLocation::Local => "local".to_string(),
            VaultLocation::S3(s3) => format!("{} ({})", s3.url(), s3.endpoint),
        };
        let catalog = match &report.catalog {
            CatalogLocation::Embedded => "local".to_string(),
            CatalogLocation::Postgres { url } => url.clone(),
        };
        let instance = self.info()?.instance_id;
        let tx = self.conn_mut().transaction()?;
        crate::ledger::append(
            &tx,
            stamp,
            "store.migrate",
            &format!("archive:{instance}"),
            &serde_json::json!({
                "from": from.display().to_string(), "catalog": catalog, "vault": vault, "objects": report.objects, "bytes": report.bytes,
                "vault_problems": check.problems.len(), "ledger_ok": report.ledger_ok,
            }),
        )?;
        tx.commit()?;
        Ok(())
    }
}

/// The objects a catalog copy refers to, with sizes.
fn referenced_objects(catalog: &Path) -> Result<Vec<(Sha256, u64)>> {
    let objects = crate::verify::live_objects(&crate::catalog::open_read_only(catalog)?)?;
    Ok(objects.into_iter().map(|(sha, _, size, _)| (sha, size as u64)).collect())
}
