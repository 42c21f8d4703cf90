//! Recover (重建工作站): a data directory rebuilt from backup media after the workstation
//! itself is lost. The newest readable catalog snapshot among the given media becomes the
//! catalog (the others must be prefixes of its ledger); every sealed registration's files
//! are copied from the bags into the vault, each checked against both digests. Drafts are
//! never backed up, so they are dropped and named in the report and the ledger.
//!
//! The catalog is built under a temporary name and renamed into place last: an interrupted
//! recover leaves a directory that is not an archive, and running it again resumes (objects
//! already in the vault are kept). Run against a recovered archive of the same instance,
//! recover only fills in files still missing, from other media, and replaces vault objects
//! that fail their digests (bit rot): they are moved to `vault/quarantine/<time>/` first.

use std::collections::{BTreeMap, BTreeSet};
use std::fs::{self, File};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::Instant;

use crate::catalog::Conn;
use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::accounts::Role;
use crate::archive::{Archive, CATALOG};
use crate::catalog::CatalogLocation;
use crate::digest::{DualHasher, Sha256};
use crate::error::{Error, Result};
use crate::ledger::{self, Checkpoint};
use crate::media::{self, identity::Identity, layout::BagLayout, snapshot};
use crate::progress::{CancelToken, JobProgress, Phase, Progress};
use crate::registrations::{Item, RecordKind, Status};
use crate::stamp::Stamp;
use crate::vault::{sync_dir, Staged, Vault, VaultLocation};

/// The catalog while it is being rebuilt; renamed to `catalog.sqlite` when complete.
const BUILDING: &str = "catalog.sqlite.recover";

#[derive(Debug, Clone, Serialize)]
pub struct RecoverReport {
    pub data_dir: PathBuf,
    /// False when files were only filled into an archive recovered before.
    pub rebuilt: bool,
    /// The medium whose catalog snapshot became the catalog, and its ledger checkpoint.
    pub snapshot_medium: Option<String>,
    pub snapshot: Option<Checkpoint>,
    /// Labels of the media read.
    pub media: Vec<String>,
    /// Snapshots passed over (unreadable, broken chain), with why.
    pub snapshots_skipped: Vec<String>,
    pub registrations: usize,
    /// Registration numbers whose every file is now in the vault.
    pub complete: Vec<String>,
    pub missing: Vec<MissingRegistration>,
    /// Files found on a medium but not matching the catalog's digests (medium, path).
    pub damaged: Vec<String>,
    /// Vault objects that failed their digests, moved to `vault/quarantine/<time>/` before
    /// the media were read (paths relative to the data directory).
    pub quarantined: Vec<String>,
    /// Drafts in the snapshot, dropped because drafts are never on media.
    pub drafts_dropped: Vec<String>,
    pub files_copied: u64,
    pub bytes_copied: u64,
    pub elapsed_ms: u64,
    pub cancelled: bool,
}

impl RecoverReport {
    /// Every sealed registration is whole and the job ran to the end.
    pub fn is_complete(&self) -> bool {
        self.missing.is_empty() && !self.cancelled
    }
}

/// A sealed registration that the given media did not (wholly) hold.
#[derive(Debug, Clone, Serialize)]
pub struct MissingRegistration {
    pub registration_number: String,
    pub unit: String,
    pub files: u64,
    pub files_missing: u64,
}

/// One medium given to recover from.
struct Source {
    root: PathBuf,
    ident: Identity,
    snapshot: Option<Result<Checkpoint>>,
}

impl Source {
    fn read(root: &Path) -> Result<Source> {
        if !root.is_dir() {
            return Err(Error::MediumMissing(root.to_path_buf()));
        }
        let Some(ident) = media::identity::read(root)? else { return Err(Error::RecoverNotMedium(root.to_path_buf())) };
        let snap = root.join(snapshot::DIR).join(snapshot::FILE);
        let snapshot = snap.is_file().then(|| snapshot::read_checkpoint(&snap));
        Ok(Source { root: root.to_path_buf(), ident, snapshot })
    }

    fn snapshot_path(&self) -> PathBuf {
        self.root.join(snapshot::DIR).join(snapshot::FILE)
    }
}

/// The snapshot to rebuild from: the longest valid ledger; every other valid one must be
/// a prefix of it (else the media come from catalogs that diverged).
fn choose_snapshot(sources: &[Source], skipped: &mut Vec<String>) -> Result<usize> {
    let mut valid: Vec<(usize, Checkpoint)> = Vec::new();
    for (i, s) in sources.iter().enumerate() {
        match &s.snapshot {
            None => skipped.push(format!("{}：无目录快照", s.ident.label)),
            Some(Err(e)) => skipped.push(format!("{}：{e}", s.ident.label)),
            Some(Ok(cp)) => valid.push((i, *cp)),
        }
    }
    let Some(&(best, best_cp)) = valid.iter().max_by_key(|(_, cp)| cp.size) else {
        return Err(Error::RecoverNoSnapshot(skipped.join("；")));
    };
    let conn = snapshot::open(&sources[best].snapshot_path())?;
    for (i, cp) in &valid {
        let head = crate::ledger::entry_at(&conn, cp.size)?.map(|e| e.entry_hash);
        if head != Some(cp.head) {
            return Err(Error::RecoverDiverged {
                a: sources[best].ident.label.clone(),
                b: sources[*i].ident.label.clone(),
                size: best_cp.size,
            });
        }
    }
    Ok(best)
}

/// The target folder may only be empty or hold what an interrupted recover left.
fn check_target(dir: &Path) -> Result<()> {
    let Ok(entries) = fs::read_dir(dir) else { return Ok(()) };
    let ours = |name: &str| name.starts_with(BUILDING) || name == "vault" || name == "locks" || name == crate::vault::VAULT_FILE;
    for e in entries {
        let e = e.map_err(Error::io(dir))?;
        if !ours(&e.file_name().to_string_lossy()) {
            return Err(Error::RecoverTargetNotEmpty(dir.to_path_buf()));
        }
    }
    Ok(())
}

fn remove_building(dir: &Path) {
    for suffix in ["", "-wal", "-shm", "-journal"] {
        let _ = fs::remove_file(dir.join(format!("{BUILDING}{suffix}")));
    }
}

/// Copies a file durably (the snapshot onto the workstation).
fn copy_synced(from: &Path, to: &Path) -> Result<()> {
    fs::copy(from, to).map_err(Error::io(from))?;
    File::open(to).and_then(|f| f.sync_all()).map_err(Error::io(to))
}

impl Archive {
    /// Rebuilds the workstation in `dir` from the media at `from`, signing in as an admin
    /// account of the recovered catalog.
    pub fn recover(
        dir: &Path,
        from: &[PathBuf],
        user: &str,
        password: &str,
        at: DateTime<Utc>,
        progress: &dyn Progress,
        cancel: &CancelToken,
    ) -> Result<RecoverReport> {
        Self::recover_into(dir, &CatalogLocation::Embedded, &VaultLocation::Local, from, (user, password), at, progress, cancel)
    }

    /// `recover` with the rebuilt archive's vault at `vault` (a centre's bucket: an empty
    /// prefix, or the one an interrupted recover into `dir` began to fill). `admin` is the
    /// name and password of an admin account of the recovered catalog.
    #[allow(clippy::too_many_arguments)] // where to, from what, as whom, when, and the job's ports
    pub fn recover_into(
        dir: &Path,
        catalog: &CatalogLocation,
        vault: &VaultLocation,
        from: &[PathBuf],
        admin: (&str, &str),
        at: DateTime<Utc>,
        progress: &dyn Progress,
        cancel: &CancelToken,
    ) -> Result<RecoverReport> {
        let (user, password) = admin;
        let start = Instant::now();
        if from.is_empty() {
            return Err(Error::Empty { what: "恢复来源介质" });
        }
        let sources = from.iter().map(|p| Source::read(p)).collect::<Result<Vec<_>>>()?;
        let instance = &sources[0].ident.archive;
        if let Some(other) = sources.iter().find(|s| s.ident.archive.instance_id != instance.instance_id) {
            return Err(Error::MediumForeign {
                path: other.root.clone(),
                archive: other.ident.archive.name.clone(),
                instance: other.ident.archive.instance_id.clone(),
            });
        }
        let mut skipped = Vec::new();
        if Archive::is_initialised(dir) {
            let mut archive = Archive::open(dir)?;
            let info = archive.info()?;
            if info.instance_id != instance.instance_id {
                return Err(Error::MediumForeign {
                    path: sources[0].root.clone(),
                    archive: instance.name.clone(),
                    instance: instance.instance_id.clone(),
                });
            }
            let stamp = archive.login(user, password, at)?.stamp(at);
            archive.authorize(&stamp, &[Role::Admin], "从备份介质重建工作站")?;
            let quarantined = archive.quarantine_damaged_objects(at, progress, cancel)?;
            let mut report = archive.fill_from_media(&sources, progress, cancel)?;
            report.rebuilt = false;
            report.quarantined = quarantined;
            report.snapshots_skipped = skipped;
            archive.record_recover(&mut report, &[], &stamp, start)?;
            return Ok(report);
        }
        check_target(dir)?;
        let best = choose_snapshot(&sources, &mut skipped)?;
        // A server's database must answer and be empty before any work is done; the
        // catalog is built as a file first and loaded into it last, in one transaction.
        let server = match catalog {
            CatalogLocation::Embedded => None,
            CatalogLocation::Postgres { url } => Some(crate::catalog::create_postgres(url)?),
        };
        crate::private::create_dir_all(&dir.join("locks"))?;
        match VaultLocation::read(dir)? {
            VaultLocation::Local => {
                Vault::create_in(dir, vault)?;
                vault.write(dir)?;
            }
            // An interrupted recover into this bucket: its objects are kept and used.
            there if there == *vault => {}
            _ => return Err(Error::RecoverTargetNotEmpty(dir.to_path_buf())),
        }
        remove_building(dir);
        let building = dir.join(BUILDING);
        copy_synced(&sources[best].snapshot_path(), &building)?;
        let result = (|| {
            let conn = crate::catalog::open(&building, dir)?;
            let mut archive = Archive::from_parts(dir, conn)?;
            if archive.info()?.instance_id != instance.instance_id {
                return Err(Error::Integrity(format!("介质 “{}” 上的目录快照不属于该介质的档案库", sources[best].ident.label)));
            }
            let stamp = archive.login(user, password, at)?.stamp(at);
            archive.authorize(&stamp, &[Role::Admin], "从备份介质重建工作站")?;
            let mut report = archive.fill_from_media(&sources, progress, cancel)?;
            report.snapshot_medium = Some(sources[best].ident.label.clone());
            report.snapshot = sources[best].snapshot.as_ref().and_then(|s| s.as_ref().ok()).cloned();
            report.snapshots_skipped = skipped;
            if report.cancelled {
                return Ok(report);
            }
            let drafts = archive.drop_drafts()?;
            report.drafts_dropped = drafts.iter().map(|(_, label)| label.clone()).collect();
            let ids: Vec<i64> = drafts.iter().map(|(id, _)| *id).collect();
            archive.record_recover(&mut report, &ids, &stamp, start)?;
            crate::catalog::settle_file(archive.conn())?;
            Ok(report)
        })();
        match result {
            Ok(report) if !report.cancelled => {
                match server {
                    None => fs::rename(&building, dir.join(CATALOG)).map_err(Error::io(dir))?,
                    Some(conn) => {
                        crate::catalog::load_into(conn, &building)?;
                        remove_building(dir);
                        catalog.write(dir)?;
                    }
                }
                sync_dir(dir)?;
                Ok(report)
            }
            Ok(report) => Ok(report),
            Err(e) => {
                remove_building(dir);
                Err(e)
            }
        }
    }

    /// Re-hashes the vault and moves every object that no longer matches its digests to
    /// `vault/quarantine/<time>/`, so `fill_from_media` fetches a good copy under its name.
    fn quarantine_damaged_objects(&self, at: DateTime<Utc>, progress: &dyn Progress, cancel: &CancelToken) -> Result<Vec<String>> {
        let checked = self.verify_vault(progress, cancel)?;
        let folder = at.with_timezone(&crate::stamp::archive_offset()).format("%Y%m%dT%H%M%S").to_string();
        let mut moved = Vec::new();
        for p in checked.problems.iter().filter(|p| p.kind == "changed") {
            for to in self.vault().quarantine(&p.sha256, &folder)? {
                moved.push(to.strip_prefix(self.dir()).unwrap_or(&to).display().to_string());
            }
        }
        Ok(moved)
    }

    /// Copies into the vault every file of a sealed registration that it lacks, from the
    /// first medium whose bag holds an intact copy.
    fn fill_from_media(&self, sources: &[Source], progress: &dyn Progress, cancel: &CancelToken) -> Result<RecoverReport> {
        let start = Instant::now();
        let mut sealed = Vec::new();
        for reg in self.registrations()? {
            if reg.status == Status::Sealed {
                let items = self.items(reg.id)?;
                sealed.push((reg, items));
            }
        }
        sealed.sort_by(|a, b| a.0.registration_number.cmp(&b.0.registration_number));
        // Where each registration's files sit in its bag (names mapped for FAT/Windows).
        let layouts: BTreeMap<String, BagLayout> =
            sealed.iter().map(|(r, items)| (r.registration_number.clone().unwrap_or_default(), BagLayout::new(items))).collect();
        // Objects to fetch, once each, in registration order.
        let mut wanted: BTreeSet<Sha256> = BTreeSet::new();
        let mut plan: Vec<(String, &Item, RecordKind)> = Vec::new();
        // A series' versions may be in its OCFL object rather than in bags.
        let mut series: BTreeMap<String, crate::ids::SeriesId> = BTreeMap::new();
        for (reg, items) in &sealed {
            let number = reg.registration_number.clone().unwrap_or_default();
            if let Some((s, ..)) = crate::series::membership_of(self.conn(), reg.id)? {
                series.insert(number.clone(), s);
            }
            for item in items.iter().filter(|i| !i.is_disposed()) {
                if !self.vault().contains(&item.sha256)? && wanted.insert(item.sha256) {
                    plan.push((number.clone(), item, reg.kind));
                }
            }
        }
        let mut locators: Vec<media::Locator> = sources.iter().map(|s| media::Locator::new(&s.root)).collect();
        let mut report = RecoverReport {
            data_dir: self.dir().to_path_buf(),
            rebuilt: true,
            snapshot_medium: None,
            snapshot: None,
            media: sources.iter().map(|s| s.ident.label.clone()).collect(),
            snapshots_skipped: Vec::new(),
            registrations: sealed.len(),
            complete: Vec::new(),
            missing: Vec::new(),
            damaged: Vec::new(),
            quarantined: Vec::new(),
            drafts_dropped: Vec::new(),
            files_copied: 0,
            bytes_copied: 0,
            elapsed_ms: 0,
            cancelled: false,
        };
        let bytes_total: u64 = plan.iter().map(|(_, i, _)| i.size as u64).sum();
        let scratch = self.vault().scratch("recover")?;
        // Each registration's objects are settled as one batch (one sync before the
        // renames, one after), as intake does.
        let mut batch: Vec<Staged> = Vec::new();
        let mut last_number = None;
        for (number, item, kind) in &plan {
            if cancel.is_cancelled() {
                report.cancelled = true;
                break;
            }
            if last_number.as_ref() != Some(number) {
                self.vault().settle(batch.iter_mut())?;
                batch.clear();
                last_number = Some(number.clone());
            }
            for (source, locator) in sources.iter().zip(locators.iter_mut()) {
                let Some(path) = locator.path(number, series.get(number).copied(), &layouts[number], item)? else { continue };
                match self.fetch(item, *kind, &path, &scratch)? {
                    Fetched::Stored(staged) => {
                        batch.extend(staged);
                        report.files_copied += 1;
                        report.bytes_copied += item.size as u64;
                        break;
                    }
                    Fetched::Absent => {}
                    Fetched::Damaged => report.damaged.push(format!("{}：{}", source.ident.label, path.display())),
                }
            }
            progress.report(&JobProgress {
                phase: Phase::Hashing,
                files_done: report.files_copied,
                files_total: plan.len() as u64,
                bytes_done: report.bytes_copied,
                bytes_total,
                current: Some(format!("{number}/{}", item.path)),
                elapsed: start.elapsed(),
            });
        }
        self.vault().settle(batch.iter_mut())?;
        drop(batch);
        let _ = fs::remove_dir_all(&scratch);
        for (reg, items) in &sealed {
            let number = reg.registration_number.clone().unwrap_or_default();
            // Disposed content is gone on purpose: not expected, not missing.
            let live: Vec<&Item> = items.iter().filter(|i| !i.is_disposed()).collect();
            let mut missing = 0u64;
            for i in &live {
                missing += u64::from(!self.vault().contains(&i.sha256)?);
            }
            if missing == 0 {
                report.complete.push(number);
            } else {
                report.missing.push(MissingRegistration {
                    registration_number: number,
                    unit: reg.unit.name.clone(),
                    files: live.len() as u64,
                    files_missing: missing,
                });
            }
        }
        Ok(report)
    }

    /// Copies one file of a bag towards the vault if it matches the item's size and
    /// digests (stored as intake stores a file of a registration of `kind`); it is there
    /// once the caller settles it.
    pub(crate) fn fetch(&self, item: &Item, kind: RecordKind, path: &Path, scratch: &Path) -> Result<Fetched> {
        let mut input = match File::open(path) {
            Ok(f) => f,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Fetched::Absent),
            Err(_) => return Ok(Fetched::Damaged),
        };
        // Named by item: two items of a batch may hold the same content.
        let name = item.id.0.to_string();
        let mut pending = if crate::vault::chunked_wanted(item.size as u64, kind, &item.format) {
            self.vault().begin_chunked(scratch, &name)?
        } else {
            self.vault().begin(scratch, &name)?
        };
        let mut h = DualHasher::new();
        let mut buf = vec![0u8; 1 << 20];
        let mut n = 0u64;
        loop {
            let k = match input.read(&mut buf) {
                Ok(k) => k,
                Err(_) => return Ok(Fetched::Damaged),
            };
            if k == 0 {
                break;
            }
            h.update(&buf[..k]);
            pending.write_all(&buf[..k])?;
            n += k as u64;
        }
        let (d, _) = h.finish();
        if n != item.size as u64 || d.sha256 != item.sha256 || d.sm3 != item.sm3 {
            return Ok(Fetched::Damaged);
        }
        Ok(Fetched::Stored(self.vault().stage(pending, &item.sha256)?))
    }

    /// Removes every draft (its files were never backed up); returns (id, label) of each.
    fn drop_drafts(&mut self) -> Result<Vec<(i64, String)>> {
        let drafts: Vec<(i64, String)> = self
            .registrations()?
            .into_iter()
            .filter(|r| r.status == Status::Draft)
            .map(|r| (r.id.0, format!("{}（{}，{}）", r.label(), r.unit.name, r.title)))
            .collect();
        let tx = self.conn_mut().transaction()?;
        crate::registrations::store::drop_drafts(&tx)?;
        tx.commit()?;
        Ok(drafts)
    }

    fn record_recover(&mut self, report: &mut RecoverReport, drafts: &[i64], stamp: &Stamp, start: Instant) -> Result<()> {
        report.elapsed_ms = start.elapsed().as_millis() as u64;
        let missing: BTreeMap<&str, u64> = report.missing.iter().map(|m| (m.registration_number.as_str(), m.files_missing)).collect();
        let subject = format!("archive:{}", self.info()?.instance_id);
        let tx = self.conn_mut().transaction()?;
        ledger::append(
            &tx,
            stamp,
            "archive.recover",
            &subject,
            &serde_json::json!({
                "rebuilt": report.rebuilt, "media": report.media, "snapshot_medium": report.snapshot_medium,
                "snapshot": report.snapshot.as_ref().map(|c| serde_json::json!({"size": c.size, "head": c.head.to_hex()})),
                "registrations": report.registrations, "complete": report.complete.len(), "missing": missing,
                "drafts_dropped": drafts, "quarantined": report.quarantined,
                "files_copied": report.files_copied, "bytes_copied": report.bytes_copied,
                "cancelled": report.cancelled,
            }),
        )?;
        tx.commit()?;
        Ok(())
    }

    /// An archive over a catalog connection that is not (yet) at its usual name.
    fn from_parts(dir: &Path, conn: Conn) -> Result<Archive> {
        Ok(Archive::assemble(dir, crate::catalog::CatalogLocation::Embedded, conn, Vault::of(dir)?))
    }
}

pub(crate) enum Fetched {
    /// Verified: staged for the caller's batch to settle, or None when the vault already
    /// held it.
    Stored(Option<Staged>),
    Absent,
    Damaged,
}
