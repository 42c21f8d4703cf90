//! Backup (备份): every sealed registration not yet on a medium becomes one BagIt bag.
//! A bag is written under `bags/.<number>.partial`, one file per core, each object's
//! SHA-256 checked as it is copied; the bag is synced to the medium (one filesystem sync
//! on Linux), optionally read back from the medium against both digests (`read_back`:
//! cached pages are dropped first, else the read would only see memory), renamed into
//! place, and only then recorded (catalog row and ledger entry in one transaction); its
//! bagit.txt, which makes it a complete bag, is written after that. An interrupted backup
//! leaves at most a `.partial` folder or an unrecorded bag without bagit.txt, which the
//! next backup writes again, or a recorded bag without bagit.txt, which the next backup
//! finishes.

use std::collections::BTreeSet;
use std::fs::{self, OpenOptions};
use std::io::Write;
use std::ops::ControlFlow;
use std::path::{Path, PathBuf};
use std::time::Instant;

use serde::Serialize;

use super::bagit::{self, BagInfo, TagFiles, BAGIT_TXT};
use super::health::DriveHealth;
use super::layout::BagLayout;
use super::purge::BagContents;
use super::{fault, identity, medium_io, readme, snapshot, space, store, Medium};
use crate::accounts::Role;
use crate::archive::Archive;
use crate::digest::sha256;
use crate::error::{Error, Result};
use crate::ids::RegistrationId;
use crate::ledger;
use crate::progress::{CancelToken, JobProgress, Phase, Progress};
use crate::registrations::{Item, Registration};
use crate::restore::safe_destination;
use crate::stamp::Stamp;
use crate::transfer::{self, CopyError, Digests};
use crate::vault::{sync_dir, sync_fs, Vault, BATCH_SYNC};

/// How a backup runs.
#[derive(Debug, Clone, Default)]
pub struct BackupOptions {
    /// Read every payload file back from the device against both digests before its bag
    /// counts (twice the medium's I/O).
    pub read_back: bool,
    /// The drive's health as read just before (`drive_health`); none: not read. Failing
    /// or unknown, nothing is written unless `health_confirmed` (then recorded).
    pub health: Option<DriveHealth>,
    pub health_confirmed: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct BackupReport {
    pub medium: String,
    pub medium_id: String,
    /// Registration numbers written as bags in this run.
    pub written: Vec<String>,
    pub files: u64,
    pub bytes: u64,
    /// Sealed registrations the medium already held.
    pub already_held: usize,
    pub elapsed_ms: u64,
    pub cancelled: bool,
    /// The ledger checkpoint of the catalog snapshot written to the medium (none when cancelled).
    pub snapshot: Option<crate::ledger::Checkpoint>,
    /// Whether the snapshot's CHECKPOINT.txt was signed with the archive key.
    pub signed: bool,
    /// Whether every file was read back from the device before its bag counted.
    pub read_back: bool,
}

/// Running totals for progress reports.
pub(super) struct Tally<'a> {
    pub(super) progress: &'a dyn Progress,
    pub(super) start: Instant,
    pub(super) files_total: u64,
    pub(super) bytes_total: u64,
    pub(super) files_done: u64,
    pub(super) bytes_done: u64,
}

impl Tally<'_> {
    pub(super) fn report(&self, phase: Phase, current: Option<String>) {
        self.progress.report(&JobProgress {
            phase,
            files_done: self.files_done,
            files_total: self.files_total,
            bytes_done: self.bytes_done,
            bytes_total: self.bytes_total,
            current,
            elapsed: self.start.elapsed(),
        });
    }
}

/// Where a registration's bag lives on a medium.
pub(crate) fn bag_dir(root: &Path, number: &str) -> PathBuf {
    root.join("bags").join(number)
}

pub(super) fn partial_dir(root: &Path, number: &str) -> PathBuf {
    root.join("bags").join(format!(".{number}.partial"))
}

impl Archive {
    /// Writes every sealed registration not yet on the medium at `root` as a bag.
    /// A backup without the drive's health (for callers with nobody to ask); a clerk's
    /// backup goes through `backup_with` and the health read before it.
    pub fn backup(&mut self, root: &Path, stamp: &Stamp, progress: &dyn Progress, cancel: &CancelToken) -> Result<BackupReport> {
        self.backup_with(root, &BackupOptions::default(), stamp, progress, cancel)
    }

    /// `backup` as `options` say: read back, and the drive's health gate.
    pub fn backup_with(
        &mut self,
        root: &Path,
        options: &BackupOptions,
        stamp: &Stamp,
        progress: &dyn Progress,
        cancel: &CancelToken,
    ) -> Result<BackupReport> {
        self.authorize(stamp, &[Role::Clerk], "备份到介质")?;
        let read_back = options.read_back;
        let medium = self.medium_at(root)?;
        self.in_service(&medium)?;
        let _lock = self.lock_medium(&medium)?;
        if let Some(health) = &options.health {
            if health.passed != Some(true) {
                if !options.health_confirmed {
                    return Err(Error::DriveHealth { label: medium.label.clone(), summary: health.summary_zh.clone() });
                }
                // Who chose to write to a failing or unknown drive, and what it said then.
                let tx = self.conn_mut().transaction()?;
                ledger::append(
                    &tx,
                    stamp,
                    "medium.health_confirmed",
                    &format!("medium:{}", medium.id),
                    &serde_json::json!({
                        "medium": medium.id, "label": medium.label, "device": health.device, "passed": health.passed,
                        "summary": health.summary_zh,
                    }),
                )?;
                tx.commit()?;
            }
        }
        let fail = medium_io(&medium.label, root);
        if let Some(ident) = identity::read(root)? {
            readme::write(root, &ident, &fail)?;
        }
        let bags = root.join("bags");
        crate::restore::no_link_below(root, &bags)?;
        crate::restore::no_link_below(root, &root.join(snapshot::DIR))?;
        fs::create_dir_all(&bags).map_err(|e| fail(&bags, e))?;
        remove_partials(&bags, &fail)?;
        // A run killed between recording its last bag and finishing it left no bagit.txt there.
        if let Some(last) = self.last_bag_recorded(&medium)? {
            let dir = bag_dir(root, &last);
            if dir.is_dir() && fs::read(dir.join("bagit.txt")).ok().as_deref() != Some(BAGIT_TXT.as_bytes()) {
                finish_bag(&dir, &fail)?;
            }
        }

        // Disposed content the medium still holds goes first (its next write removes it).
        self.purge_disposed(&medium, root, stamp, &fail)?;

        let pending = self.not_on_medium(&medium)?;
        let already_held = medium.registrations as usize;
        let mut work = Vec::with_capacity(pending.len());
        for id in pending {
            let reg = self.registration(id)?;
            let contents = self.bag_contents(None, id)?;
            work.push((reg, contents));
        }
        let mut tally = Tally {
            progress,
            start: Instant::now(),
            files_total: work.iter().map(|(_, c)| c.held.len() as u64).sum(),
            bytes_total: work.iter().flat_map(|(_, c)| c.held.iter()).map(|i| i.size as u64).sum(),
            files_done: 0,
            bytes_done: 0,
        };
        let mut report = BackupReport {
            medium: medium.label.clone(),
            medium_id: medium.id.clone(),
            written: Vec::new(),
            files: 0,
            bytes: 0,
            already_held,
            elapsed_ms: 0,
            cancelled: false,
            snapshot: None,
            signed: false,
            read_back,
        };
        let archive_name = self.info()?.name;
        let date = crate::stamp::format_date(crate::stamp::local_date(stamp.at));
        for (reg, contents) in &work {
            if cancel.is_cancelled() {
                report.cancelled = true;
                break;
            }
            let number = reg.registration_number.clone().expect("sealed registrations have a number");
            let info = bag_info_text(reg, &archive_name, &date, contents);
            // A series' version goes into the series' OCFL object, as a forward delta.
            if let Some((series, period, Some(version))) = crate::series::membership_of(self.conn(), reg.id)? {
                let version = (series, period.as_str(), version);
                if !self.write_object_version(
                    &medium,
                    root,
                    reg,
                    version,
                    contents,
                    (&info, &date),
                    read_back,
                    &fail,
                    &mut tally,
                    cancel,
                    stamp,
                )? {
                    report.cancelled = true;
                    break;
                }
                report.written.push(number);
                report.files += contents.held.len() as u64;
                report.bytes += contents.bytes() as u64;
                continue;
            }
            let partial = partial_dir(root, &number);
            let layout = contents.layout();
            let written = self.write_bag(&partial, &contents.held, &layout, &info, read_back, &fail, &mut tally, cancel);
            match written {
                Ok(true) => {}
                Ok(false) => {
                    let _ = fs::remove_dir_all(&partial);
                    report.cancelled = true;
                    break;
                }
                Err(e) => {
                    let _ = fs::remove_dir_all(&partial);
                    return Err(e);
                }
            }
            let dest = bag_dir(root, &number);
            // A bag renamed into place by a run that died before recording it is rewritten.
            let placed = (|| {
                // Nothing written to an empty mount point is ever recorded.
                fault::still_there(&medium.label, root, &medium.id)?;
                if dest.exists() {
                    fs::remove_dir_all(&dest).map_err(|e| fail(&dest, e))?;
                }
                fs::rename(&partial, &dest).map_err(|e| fail(&dest, e))?;
                sync_dir(&bags)
            })();
            if let Err(e) = placed {
                let _ = fs::remove_dir_all(&partial);
                return Err(e);
            }
            let (files, bytes) = (contents.held.len() as i64, contents.bytes());
            let row = super::verify::HeldBag {
                registration: reg.id,
                number: number.clone(),
                bagging_date: date.clone(),
                bag_info_sha256: sha256(info.as_bytes()),
                object: None,
            };
            self.record_written(&medium, root, reg, &number, &row, (files, bytes), stamp)?;
            finish_bag(&dest, &fail)?;
            report.written.push(number);
            report.files += files as u64;
            report.bytes += bytes as u64;
        }
        if !report.cancelled {
            fault::still_there(&medium.label, root, &medium.id)?;
            tally.report(Phase::Finishing, None);
            report.snapshot = Some(snapshot::write(self.conn(), root, &fail)?);
            report.signed = self.publish_on(root, &fail)?;
        }
        report.elapsed_ms = tally.start.elapsed().as_millis() as u64;
        Ok(report)
    }

    /// The registration number of the bag last recorded on the medium.
    fn last_bag_recorded(&self, medium: &Medium) -> Result<Option<String>> {
        store::last_bag_number(self.conn(), medium.row)
    }

    fn not_on_medium(&self, medium: &Medium) -> Result<Vec<RegistrationId>> {
        store::not_on(self.conn(), medium.row)
    }

    /// Writes one bag into `dir` and syncs it; with `read_back`, reads every payload file
    /// back from the medium itself against both digests. Returns false when cancelled.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn write_bag(
        &self,
        dir: &Path,
        items: &[Item],
        layout: &BagLayout,
        info: &str,
        read_back: bool,
        fail: &(impl Fn(&Path, std::io::Error) -> Error + Sync),
        tally: &mut Tally<'_>,
        cancel: &CancelToken,
    ) -> Result<bool> {
        // Folders are made one level at a time below `bags/`, never with create_dir_all:
        // on a medium pulled out mid-write that would rebuild the path on the empty mount
        // point, and the write would seem to succeed.
        let data = dir.join("data");
        for d in [dir, data.as_path()] {
            fs::create_dir(d).map_err(|e| fail(d, e))?;
        }
        let mut dirs: BTreeSet<PathBuf> = [dir.to_path_buf(), data.clone()].into();
        let mut placed = Vec::with_capacity(items.len());
        for item in items {
            let dest = safe_destination(&data, layout.payload_rel(item))?;
            make_parents(&data, &dest, &mut dirs, fail)?;
            placed.push((item, dest));
        }
        let copied = copy_to_medium(self.vault(), &placed, fail, tally, cancel)?;
        if !copied {
            return Ok(false);
        }
        // bagit.txt comes last, after the catalog records the bag (`finish_bag`): until then
        // no validator takes the folder for a complete bag.
        for (name, bytes) in TagFiles::new(items, layout, Some(info), &sha256(info.as_bytes())).files {
            if name != BAGIT_NAME {
                write_synced(&dir.join(name), &bytes, fail)?;
            }
        }
        let medium_error = |e| match e {
            Error::Io { path, source } => fail(&path, source),
            e => e,
        };
        if BATCH_SYNC {
            // Every payload file and folder of the bag on the medium, in one sync.
            sync_fs(dir).map_err(medium_error)?;
        } else {
            for d in &dirs {
                sync_dir(d).map_err(medium_error)?;
            }
        }
        if read_back {
            let mut failed = None;
            let threads = transfer::workers(placed.len(), placed.iter().map(|(i, _)| i.size as u64).sum());
            let checked = transfer::each(
                &placed,
                threads,
                cancel,
                |(item, dest)| match transfer::hash_file(dest, Digests::Both, true) {
                    Ok(h) if h.matches(item) => Ok(()),
                    Ok(_) => Err(fail(dest, std::io::Error::other("回读校验不符：介质上的内容与写入的不一致，介质可能已损坏"))),
                    Err(e) => Err(fail(dest, e)),
                },
                |_, r| match r {
                    Ok(()) => ControlFlow::Continue(()),
                    Err(e) => {
                        failed = Some(e);
                        ControlFlow::Break(())
                    }
                },
            );
            if let Some(e) = failed {
                return Err(e);
            }
            if !checked {
                return Ok(false);
            }
        }
        Ok(true)
    }

    /// Records a bag or object version written to the medium: catalog row and ledger entry
    /// in one transaction.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn record_written(
        &mut self,
        medium: &Medium,
        root: &Path,
        reg: &Registration,
        number: &str,
        row: &super::verify::HeldBag,
        (files, bytes): (i64, i64),
        stamp: &Stamp,
    ) -> Result<()> {
        let (capacity, free) = space(root);
        let info_sha = row.bag_info_sha256.to_hex();
        let message = row.object.as_ref().map(|o| o.message.as_str());
        let tx = self.conn_mut().transaction()?;
        store::record_bag(&tx, medium.row, reg.id, (&row.bagging_date, &info_sha), (files, bytes), message, stamp)?;
        store::written(&tx, medium.row, &stamp.at_text(), &root.to_string_lossy(), (capacity, free))?;
        let mut entry = serde_json::json!({
            "medium": medium.id, "label": medium.label, "registration": reg.id.0, "registration_number": number,
            "bag": format!("bags/{number}"), "bagging_date": row.bagging_date, "bag_info_sha256": info_sha,
            "files": files, "bytes": bytes, "package_sha256": reg.package_sha256, "package_sm3": reg.package_sm3,
        });
        if let Some(o) = &row.object {
            // A version of its series' OCFL object rather than a bag of its own.
            entry["bag"] = serde_json::Value::Null;
            entry["object"] = super::objects::object_label(o.series).into();
            entry["series_version"] = o.version.into();
            entry["message"] = o.message.clone().into();
        }
        ledger::append(&tx, stamp, "medium.backup", &format!("medium:{}", medium.id), &entry)?;
        tx.commit()?;
        Ok(())
    }
}

/// Copies each vault object to its place on the medium, checking SHA-256 on the way, and
/// reports each; false when cancelled. Copying is bound by SHA-256 or by the medium,
/// whichever is slower; small files by the disks' latency (transfer::workers).
pub(super) fn copy_to_medium(
    vault: &Vault,
    placed: &[(&Item, PathBuf)],
    fail: &(impl Fn(&Path, std::io::Error) -> Error + Sync),
    tally: &mut Tally<'_>,
    cancel: &CancelToken,
) -> Result<bool> {
    let mut failed = None;
    let threads = transfer::workers(placed.len(), placed.iter().map(|(i, _)| i.size as u64).sum());
    let copied = transfer::each(
        placed,
        threads,
        cancel,
        |(item, dest)| copy_object(vault, item, dest, fail),
        |i, r| {
            if let Err(e) = r {
                failed = Some(e);
                return ControlFlow::Break(());
            }
            let item = placed[i].0;
            tally.files_done += 1;
            tally.bytes_done += item.size as u64;
            tally.report(Phase::Hashing, Some(item.path.clone()));
            ControlFlow::Continue(())
        },
    );
    match failed {
        Some(e) => Err(e),
        None => Ok(copied),
    }
}

/// Makes the folders between `base` and `dest` one level at a time (never create_dir_all:
/// on a medium pulled out mid-write that would rebuild the path on the empty mount point);
/// `made` remembers those made or found, so each is asked about once.
pub(super) fn make_parents(
    base: &Path,
    dest: &Path,
    made: &mut BTreeSet<PathBuf>,
    fail: &impl Fn(&Path, std::io::Error) -> Error,
) -> Result<()> {
    let parent = dest.parent().expect("a file under its base folder");
    let mut missing: Vec<&Path> = parent.ancestors().take_while(|p| *p != base && !made.contains(*p)).collect();
    while let Some(p) = missing.pop() {
        if !p.is_dir() {
            fs::create_dir(p).map_err(|e| fail(p, e))?;
        }
        made.insert(p.to_path_buf());
    }
    Ok(())
}

/// Copies a vault object to the medium, checking its SHA-256 on the way (see transfer).
pub(super) fn copy_object(vault: &Vault, item: &Item, dest: &Path, fail: &impl Fn(&Path, std::io::Error) -> Error) -> Result<()> {
    let mut input = vault.open(&item.sha256)?.ok_or_else(|| Error::VaultObject(item.sha256.to_hex()))?;
    let mut out = OpenOptions::new().write(true).create_new(true).open(dest).map_err(|e| fail(dest, e))?;
    let copied = match transfer::copy(&mut input, &mut out, Digests::Sha256) {
        Ok(h) => h,
        Err(CopyError::Read(e)) => return Err(input.error(e)),
        Err(CopyError::Write(e)) => return Err(fail(dest, e)),
    };
    if !copied.matches(item) {
        return Err(Error::VaultObject(item.sha256.to_hex()));
    }
    if !BATCH_SYNC {
        out.sync_all().map_err(|e| fail(dest, e))?;
    }
    Ok(())
}

/// bag-info.txt of a bag holding `contents` (Payload-Oxum counts what it holds).
pub(crate) fn bag_info_text(reg: &Registration, archive_name: &str, date: &str, contents: &BagContents) -> String {
    bagit::bag_info(&BagInfo {
        organization: archive_name,
        number: reg.registration_number.as_deref().unwrap_or_default(),
        date,
        bytes: contents.bytes(),
        files: contents.held.len() as i64,
        unit_uscc: reg.unit.uscc.as_deref(),
        unit_name: &reg.unit.name,
        title: &reg.title,
        package_sm3: reg.package_sm3.map(|d| d.to_hex()).unwrap_or_default(),
        package_sha256: reg.package_sha256.map(|d| d.to_hex()).unwrap_or_default(),
        disposed_files: contents.disposed(),
    })
}

/// Removes what interrupted runs left under `bags/`.
pub(super) fn remove_partials(bags: &Path, fail: &impl Fn(&Path, std::io::Error) -> Error) -> Result<()> {
    for entry in fs::read_dir(bags).map_err(|e| fail(bags, e))? {
        let entry = entry.map_err(|e| fail(bags, e))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') && name.ends_with(".partial") {
            let p = entry.path();
            fs::remove_dir_all(&p).map_err(|e| fail(&p, e))?;
        }
    }
    Ok(())
}

const BAGIT_NAME: &str = "bagit.txt";

/// Writes the bag's bagit.txt, the mark of a complete bag (RFC 8493 §2.1.1), once the
/// catalog has recorded the bag; a short one left by a killed run is overwritten.
pub(super) fn finish_bag(dir: &Path, fail: &impl Fn(&Path, std::io::Error) -> Error) -> Result<()> {
    let path = dir.join(BAGIT_NAME);
    (|| {
        let mut f = OpenOptions::new().write(true).create(true).truncate(true).open(&path)?;
        f.write_all(BAGIT_TXT.as_bytes())?;
        f.sync_all()
    })()
    .map_err(|e| fail(&path, e))?;
    sync_dir(dir)
}

pub(super) fn write_synced(path: &Path, bytes: &[u8], fail: &impl Fn(&Path, std::io::Error) -> Error) -> Result<()> {
    (|| {
        let mut f = OpenOptions::new().write(true).create_new(true).open(path)?;
        f.write_all(bytes)?;
        f.sync_all()
    })()
    .map_err(|e| fail(path, e))
}
