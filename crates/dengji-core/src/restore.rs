//! Restore (数据恢复): a sealed registration, or one file of it, from the vault (or from
//! its bag on a registered backup medium) to a folder, every byte verified against its
//! SHA-256 on the way (see transfer), one file per core, synced before it takes its name. Only with an approved application for that registration.

use std::collections::BTreeSet;
use std::fs::{self, File, OpenOptions};
use std::io::Read;
use std::ops::ControlFlow;
use std::path::{Component, Path, PathBuf};
use std::time::Instant;

use serde::Serialize;

use crate::accounts::Role;
use crate::applications::{Application, ApplicationKind, ApplicationStatus};
use crate::archive::Archive;
use crate::digest::sha256;
use crate::error::{Error, Result};
use crate::ids::{ApplicationId, RegistrationId};
use crate::ledger;
use crate::pathenc;
use crate::progress::{CancelToken, JobProgress, Phase, Progress};
use crate::registrations::{Item, Registration, Status};
use crate::stamp::Stamp;
use crate::transfer::{self, CopyError, Digests};
use crate::vault::{sync_dir, sync_fs, BATCH_SYNC};

#[derive(Debug, Clone)]
pub struct RestoreRequest {
    pub registration: RegistrationId,
    pub application: ApplicationId,
    pub to: PathBuf,
    /// One item (its path as displayed) instead of the whole registration.
    pub file: Option<String>,
    /// Replace files that already exist at the destination.
    pub overwrite: bool,
    /// Read payload files from the bag on this registered medium instead of the vault.
    pub from: Option<PathBuf>,
}

#[derive(Debug, Clone, Serialize)]
pub struct RestoreReport {
    /// The label of the medium the files were read from (none: the vault).
    pub source: Option<String>,
    pub files: u64,
    pub bytes: u64,
    pub elapsed_ms: u64,
    pub cancelled: bool,
    /// Items of the registration not delivered because they were disposed of.
    pub disposed: u64,
}

/// The destination of an item under `to`, refusing anything that could escape it. A
/// backslash and a drive letter (`C:`) are path syntax only on Windows; elsewhere they are
/// ordinary characters of a name, which the original file had and the restored one keeps.
pub fn safe_destination(to: &Path, raw: &[u8]) -> Result<PathBuf> {
    let text = String::from_utf8_lossy(raw);
    let bad = || Error::UnsafePath(text.to_string());
    if raw.is_empty() || raw.starts_with(b"/") || (cfg!(windows) && raw.contains(&b'\\')) || raw.contains(&0) {
        return Err(bad());
    }
    let mut out = to.to_path_buf();
    for part in raw.split(|b| *b == b'/') {
        let comp = os_component(part);
        let p = Path::new(&comp);
        match p.components().next() {
            Some(Component::Normal(_)) if p.components().count() == 1 => out.push(p),
            _ => return Err(bad()),
        }
        if cfg!(windows) && part.len() >= 2 && part[1] == b':' && part[0].is_ascii_alphabetic() {
            return Err(bad()); // a drive letter
        }
    }
    Ok(out)
}

/// Refuses `dest` when a folder (or the file) between `base` and it is a symbolic link:
/// a link planted in a restore target or on a medium would carry the write elsewhere.
/// `base` itself may be a link (a mount point often is).
pub(crate) fn no_link_below(base: &Path, dest: &Path) -> Result<()> {
    let Ok(rest) = dest.strip_prefix(base) else { return Err(Error::UnsafePath(dest.display().to_string())) };
    let mut at = base.to_path_buf();
    for c in rest.components() {
        at.push(c);
        match std::fs::symlink_metadata(&at) {
            Ok(m) if m.file_type().is_symlink() => return Err(Error::UnsafePath(at.display().to_string())),
            Ok(_) => {}
            Err(_) => break, // not there yet: whatever is created below it is ours
        }
    }
    Ok(())
}

#[cfg(unix)]
fn os_component(part: &[u8]) -> std::ffi::OsString {
    use std::os::unix::ffi::OsStrExt;
    std::ffi::OsStr::from_bytes(part).to_os_string()
}

#[cfg(not(unix))]
fn os_component(part: &[u8]) -> std::ffi::OsString {
    String::from_utf8_lossy(part).into_owned().into()
}

/// What `deliver` copied, and the hold on the approval until its use is recorded.
pub(crate) struct Delivered {
    pub app: Application,
    pub reg: Registration,
    /// The items copied (all of them, unless cancelled or one file was asked for).
    pub items: Vec<Item>,
    pub report: RestoreReport,
    _approval: crate::job_lock::JobLock,
}

impl Archive {
    pub fn restore(&mut self, req: &RestoreRequest, stamp: &Stamp, progress: &dyn Progress, cancel: &CancelToken) -> Result<RestoreReport> {
        let done = self.deliver(req, ApplicationKind::Restore, stamp, progress, cancel)?;
        let tx = self.conn_mut().transaction()?;
        if !done.report.cancelled {
            use_approval(&tx, &done.app, stamp)?;
        }
        let report = done.report;
        ledger::append(
            &tx,
            stamp,
            "registration.restore",
            &done.reg.id.subject(),
            &serde_json::json!({
                "application": done.app.id.0, "kind": done.app.kind.as_str(), "to": req.to.to_string_lossy(),
                "file": req.file, "from": report.source, "files": report.files, "bytes": report.bytes, "cancelled": report.cancelled,
            }),
        )?;
        tx.commit()?;
        Ok(report)
    }

    /// Copies a sealed registration's files (or one) out under an approved, unused, unexpired
    /// application of `kind`, every byte checked; the caller records the act and the use.
    pub(crate) fn deliver(
        &mut self,
        req: &RestoreRequest,
        kind: ApplicationKind,
        stamp: &Stamp,
        progress: &dyn Progress,
        cancel: &CancelToken,
    ) -> Result<Delivered> {
        self.authorize(stamp, &[Role::Clerk], if kind == ApplicationKind::Restore { "恢复数据" } else { "交还数据" })?;
        let reg = self.registration(req.registration)?;
        if reg.status != Status::Sealed {
            return Err(Error::NotSealed(reg.label()));
        }
        let app = self.application(req.application)?;
        if app.registration != Some(reg.id) || app.status != ApplicationStatus::Approved {
            return Err(Error::NoApprovedApplication(reg.label()));
        }
        if app.kind != kind {
            return Err(Error::WrongApplicationKind { id: app.id.0, is: app.kind.label_zh(), wanted: kind.label_zh() });
        }
        app.usable_at(stamp.at)?;
        // One use per approval: a second job started meanwhile is refused here.
        let Some(approval) = self.take_lock(&format!("application-{}.lock", app.id.0))? else {
            return Err(Error::ApplicationUsed { id: app.id.0, at: "（正在进行的恢复或交还）".into() });
        };
        let all = self.items(reg.id)?;
        let number = reg.registration_number.clone().unwrap_or_default();
        let source = match &req.from {
            // Names on the medium follow from the whole item list, not the chosen file alone.
            Some(root) => {
                let (medium, paths) = self.payload_on(root, reg.id, &number, &all)?;
                Source::Medium { label: medium.label, paths }
            }
            None => Source::Vault,
        };
        let (items, report) = copy_out(self.vault(), &reg.label(), &all, req, &source, progress, cancel)?;
        Ok(Delivered { app, reg, items, report, _approval: approval })
    }
}

/// Where restored files are read from.
pub(crate) enum Source {
    Vault,
    /// A registration on a medium: its label, and where each file is there by SHA-256
    /// (its bag, or its series' object).
    Medium {
        label: String,
        paths: std::collections::BTreeMap<crate::digest::Sha256, PathBuf>,
    },
}

/// Copies the items of a sealed registration (`all` of them, or the one `req.file` names)
/// into `req.to` from `source`, every byte checked against its SHA-256: the part of a
/// restore after its approval was checked. `label` names the registration in errors.
pub(crate) fn copy_out(
    vault: &crate::vault::Vault,
    label: &str,
    all: &[Item],
    req: &RestoreRequest,
    source: &Source,
    progress: &dyn Progress,
    cancel: &CancelToken,
) -> Result<(Vec<Item>, RestoreReport)> {
    // Disposed items are not delivered: their content is gone (the report counts them).
    let items: Vec<Item> = match &req.file {
        None => all.iter().filter(|i| !i.is_disposed()).cloned().collect(),
        Some(path) => {
            let found: Vec<Item> = all.iter().filter(|i| &i.path == path).cloned().collect();
            if found.is_empty() {
                return Err(Error::ItemNotFound(path.clone(), label.to_string()));
            }
            if let Some(at) = found.iter().find_map(|i| i.disposed_at) {
                return Err(Error::AlreadyDisposed { path: path.clone(), at: crate::stamp::local(at) });
            }
            found
        }
    };
    if items.is_empty() {
        return Err(Error::WhollyDisposed(label.to_string()));
    }
    // Check every destination before writing anything.
    let mut plan = Vec::with_capacity(items.len());
    for item in items {
        let dest = safe_destination(&req.to, &item.path_raw)?;
        no_link_below(&req.to, &dest)?;
        if dest.exists() && !req.overwrite {
            return Err(Error::DestinationExists(dest));
        }
        plan.push((item, dest));
    }
    let start = Instant::now();
    let bytes_total: u64 = plan.iter().map(|(i, _)| i.size as u64).sum();
    let mut report = RestoreReport {
        source: match source {
            Source::Vault => None,
            Source::Medium { label, .. } => Some(label.clone()),
        },
        files: 0,
        bytes: 0,
        elapsed_ms: 0,
        cancelled: false,
        disposed: if req.file.is_none() { all.iter().filter(|i| i.is_disposed()).count() as u64 } else { 0 },
    };
    // Each file to a temp name beside its destination, one per core; then one sync, the
    // renames, and one more sync (or an fsync per file where there is no syncfs).
    let mut dirs = BTreeSet::new();
    for (_, dest) in &plan {
        let parent = dest.parent().expect("destination under the target folder");
        if dirs.insert(parent.to_path_buf()) {
            fs::create_dir_all(parent).map_err(Error::io(parent))?;
        }
    }
    let copy = |(n, (item, dest)): &(usize, &(Item, PathBuf))| match source {
        Source::Vault => {
            let bad = || Error::VaultObject(item.sha256.to_hex());
            let mut input = vault.open(&item.sha256)?.ok_or_else(bad)?;
            copy_one(item, &mut input, dest, *n, &bad)
        }
        Source::Medium { label, paths } => {
            let Some(src) = paths.get(&item.sha256) else {
                return Err(Error::MediumFileDamaged { label: label.clone(), path: PathBuf::from(&item.path) });
            };
            let bad = || Error::MediumFileDamaged { label: label.clone(), path: src.clone() };
            let mut input = File::open(src).map_err(|_| bad())?;
            copy_one(item, &mut input, dest, *n, &bad)
        }
    };
    let numbered: Vec<(usize, &(Item, PathBuf))> = plan.iter().enumerate().collect();
    let mut temps: Vec<Temp> = Vec::with_capacity(plan.len());
    let mut failed = None;
    let mut copied = 0u64;
    let threads = transfer::workers(plan.len(), plan.iter().map(|(i, _)| i.size as u64).sum());
    let all = transfer::each(&numbered, threads, cancel, copy, |i, r| match r {
        Ok(t) => {
            temps.push(t);
            let item = &plan[i].0;
            copied += item.size as u64;
            progress.report(&JobProgress {
                phase: Phase::Hashing,
                files_done: temps.len() as u64,
                files_total: plan.len() as u64,
                bytes_done: copied,
                bytes_total,
                current: Some(item.path.clone()),
                elapsed: start.elapsed(),
            });
            ControlFlow::Continue(())
        }
        Err(e) => {
            failed = Some(e);
            ControlFlow::Break(())
        }
    });
    if let Some(e) = failed {
        return Err(e);
    }
    report.cancelled = !all;
    // A cancelled restore keeps what was copied completely, as it did one by one.
    settle(&req.to, &mut temps, &dirs)?;
    report.files = temps.len() as u64;
    report.bytes = temps.iter().map(|t| plan[t.index].0.size as u64).sum();
    report.elapsed_ms = start.elapsed().as_millis() as u64;
    let mut copied: Vec<usize> = temps.iter().map(|t| t.index).collect();
    copied.sort_unstable();
    let items = copied.into_iter().map(|i| plan[i].0.clone()).collect();
    Ok((items, report))
}

/// Marks the approval used inside the transaction that records its act; refused when
/// another use was recorded first.
pub(crate) fn use_approval(tx: &crate::catalog::Conn, app: &Application, stamp: &Stamp) -> Result<()> {
    if !crate::applications::mark_used(tx, app.id, stamp)? {
        return Err(Error::ApplicationUsed { id: app.id.0, at: "（另一次恢复或交还）".into() });
    }
    Ok(())
}

/// A verified copy under its temp name, waiting to be renamed to `dest`.
struct Temp {
    index: usize,
    tmp: Option<PathBuf>,
    dest: PathBuf,
}

impl Drop for Temp {
    fn drop(&mut self) {
        if let Some(t) = &self.tmp {
            let _ = fs::remove_file(t);
        }
    }
}

/// Copies `input` (a vault object or a file on a medium) to a temp name beside `dest`,
/// checking size and SHA-256 (see transfer); a bad copy never appears under the real
/// name (`bad` names the damaged source, also when it cannot be read to the end).
fn copy_one(item: &Item, input: &mut dyn Read, dest: &Path, n: usize, bad: &dyn Fn() -> Error) -> Result<Temp> {
    let parent = dest.parent().expect("destination under the target folder");
    // Named after the file (by digest: a 255-byte name leaves no room for a suffix), so a
    // rerun after a crash reuses and renames away what the killed run left, instead of
    // leaving a stray temp file in the target for ever.
    let name = pathenc::os_bytes(dest.file_name().expect("a file name"));
    let tmp = parent.join(format!(".{}.dengji-part", &sha256(&name).to_hex()[..16]));
    let temp = Temp { index: n, tmp: Some(tmp.clone()), dest: dest.to_path_buf() };
    let mut out = OpenOptions::new().write(true).create(true).truncate(true).open(&tmp).map_err(Error::io(&tmp))?;
    let copied = match transfer::copy(input, &mut out, Digests::Sha256) {
        Ok(h) => h,
        Err(CopyError::Read(_)) => return Err(bad()),
        Err(CopyError::Write(e)) => return Err(Error::Io { path: tmp, source: e }),
    };
    if !copied.matches(item) {
        return Err(bad());
    }
    if !BATCH_SYNC {
        out.sync_all().map_err(Error::io(&tmp))?;
    }
    Ok(temp)
}

/// Syncs the verified copies, renames them into place and syncs their names.
fn settle(to: &Path, temps: &mut [Temp], dirs: &BTreeSet<PathBuf>) -> Result<()> {
    if temps.is_empty() {
        return Ok(());
    }
    if BATCH_SYNC {
        sync_fs(to)?;
    }
    for t in temps.iter_mut() {
        let tmp = t.tmp.take().expect("renamed once");
        if let Err(e) = fs::rename(&tmp, &t.dest) {
            t.tmp = Some(tmp);
            return Err(Error::Io { path: t.dest.clone(), source: e });
        }
    }
    if BATCH_SYNC {
        sync_fs(to)
    } else {
        dirs.iter().try_for_each(|d| sync_dir(d))
    }
}

#[cfg(test)]
mod tests {
    use super::safe_destination;
    use std::path::Path;

    #[test]
    fn refuses_paths_that_escape() {
        let to = Path::new("/restore");
        assert_eq!(safe_destination(to, "文书/a.pdf".as_bytes()).unwrap(), Path::new("/restore/文书/a.pdf"));
        for bad in [&b"../x"[..], b"/etc/passwd", b"a/../../x", b"a//b", b"./a", b"", b"a/\0b"] {
            assert!(safe_destination(to, bad).is_err(), "{}", String::from_utf8_lossy(bad));
        }
        // Windows path syntax escapes there; elsewhere it is one ordinary name under `to`.
        for windows in [&b"C:/x"[..], b"a\\b", b"a\\..\\..\\x", b"C:x"] {
            let dest = safe_destination(to, windows);
            if cfg!(windows) {
                assert!(dest.is_err(), "{dest:?}");
            } else {
                let p = dest.unwrap();
                assert!(p.parent().is_some_and(|d| d.starts_with(to)), "{}", p.display());
            }
        }
    }

    proptest::proptest! {
        #![proptest_config(crate::prop::budget(512))]

        /// Whatever path a catalog or a bag holds, the destination is under `to` or refused.
        #[test]
        fn prop_destinations_never_escape(
            parts in proptest::collection::vec("(\\.\\.|\\.|C:|[a-z档]{1,3}|\\\\|%2e%2e|\r\n|\u{0}|)", 0..6),
            absolute in proptest::bool::ANY,
            raw_tail in proptest::collection::vec(proptest::num::u8::ANY, 0..8),
        ) {
            let to = Path::new("/restore/here");
            let mut raw = if absolute { b"/".to_vec() } else { Vec::new() };
            raw.extend_from_slice(parts.join("/").as_bytes());
            raw.extend_from_slice(&raw_tail);
            if let Ok(p) = safe_destination(to, &raw) {
                let rest = p.strip_prefix(to).expect("under the destination");
                proptest::prop_assert!(rest.components().count() >= 1);
                proptest::prop_assert!(rest.components().all(|c| matches!(c, std::path::Component::Normal(_))), "{}", p.display());
            }
        }
    }
}
