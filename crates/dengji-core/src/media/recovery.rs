//! A recovery medium (恢复介质) written by an upper archive for a lower archive that lost
//! its workstation and its media: the lower archive's newest catalog copy as the medium's
//! catalog snapshot, each of its sealed registrations as a bag from the upper archive's
//! vault, and an identity file naming the lower archive, so that `dengji recover` at the
//! lower archive rebuilds it as from a medium of its own. The copy (`copy`, an `Archive`
//! over a working copy of it) records nothing: its ledger goes back as it came.

use std::fs;
use std::path::Path;
use std::time::Instant;

use super::backup::{bag_dir, bag_info_text, finish_bag, partial_dir, remove_partials, Tally};
use super::bagit::BAGIT_TXT;
use super::{fault::medium_io, identity, snapshot};
use crate::archive::Archive;
use crate::error::{Error, Result};
use crate::ledger::Checkpoint;
use crate::progress::{CancelToken, Phase, Progress};
use crate::registrations::Status;
use crate::stamp::Stamp;

/// What writing a recovery medium did.
pub(crate) struct RecoveryWritten {
    pub registrations: usize,
    pub files: u64,
    pub bytes: u64,
    /// Bags a run before had written whole, kept.
    pub kept: usize,
    /// Registrations some of whose files this archive's vault does not hold (reported with
    /// the catalog only): not on the medium; `recover` names them.
    pub missing: Vec<String>,
    pub snapshot: Option<Checkpoint>,
    pub cancelled: bool,
}

/// Writes the recovery medium for the archive whose catalog copy `copy` is into `root`
/// (made if missing), labelled `label`. A rerun keeps the bags already whole.
pub(crate) fn write(
    copy: &Archive,
    root: &Path,
    label: &str,
    stamp: &Stamp,
    progress: &dyn Progress,
    cancel: &CancelToken,
) -> Result<RecoveryWritten> {
    let fail = medium_io(label, root);
    fs::create_dir_all(root).map_err(|e| fail(root, e))?;
    let info = copy.info()?;
    match identity::read(root)? {
        Some(found) if found.archive.instance_id != info.instance_id => {
            return Err(Error::MediumForeign {
                path: root.to_path_buf(),
                archive: found.archive.name,
                instance: found.archive.instance_id,
            });
        }
        Some(_) => {}
        None => {
            let archive = identity::ArchiveRef { instance_id: info.instance_id.clone(), name: info.name.clone() };
            let id = format!(
                "recovery-{}",
                crate::digest::sha256(format!("{}|{label}|{}", info.instance_id, stamp.at_text()).as_bytes()).to_hex()[..16].to_owned()
            );
            identity::write(root, &identity::Identity::new(id, label, "R", "usb", archive, stamp.at_text()), &fail)?;
        }
    }
    let bags = root.join("bags");
    crate::restore::no_link_below(root, &bags)?;
    fs::create_dir_all(&bags).map_err(|e| fail(&bags, e))?;
    remove_partials(&bags, &fail)?;

    let sealed: Vec<_> = copy.registrations()?.into_iter().filter(|r| r.status == Status::Sealed).collect();
    let mut work = Vec::new();
    let (mut kept, mut missing) = (0, Vec::new());
    for reg in &sealed {
        let number = reg.registration_number.clone().expect("sealed registrations have a number");
        if fs::read(bag_dir(root, &number).join("bagit.txt")).ok().as_deref() == Some(BAGIT_TXT.as_bytes()) {
            kept += 1;
            continue;
        }
        let contents = copy.bag_contents(None, reg.id)?;
        let mut held = true;
        for item in &contents.held {
            held &= copy.vault().contains(&item.sha256)?;
        }
        if held {
            work.push((reg, number, contents));
        } else {
            missing.push(number);
        }
    }
    let mut tally = Tally {
        progress,
        start: Instant::now(),
        files_total: work.iter().map(|(.., c)| c.held.len() as u64).sum(),
        bytes_total: work.iter().flat_map(|(.., c)| c.held.iter()).map(|i| i.size as u64).sum(),
        files_done: 0,
        bytes_done: 0,
    };
    let date = crate::stamp::format_date(crate::stamp::local_date(stamp.at));
    let mut written = RecoveryWritten { registrations: sealed.len(), files: 0, bytes: 0, kept, missing, snapshot: None, cancelled: false };
    for (reg, number, contents) in &work {
        if cancel.is_cancelled() {
            written.cancelled = true;
            return Ok(written);
        }
        let partial = partial_dir(root, number);
        let bag_info = bag_info_text(reg, &info.name, &date, contents);
        match copy.write_bag(&partial, &contents.held, &contents.layout(), &bag_info, false, &fail, &mut tally, cancel) {
            Ok(true) => {}
            Ok(false) => {
                let _ = fs::remove_dir_all(&partial);
                written.cancelled = true;
                return Ok(written);
            }
            Err(e) => {
                let _ = fs::remove_dir_all(&partial);
                return Err(e);
            }
        }
        let dest = bag_dir(root, number);
        if dest.exists() {
            fs::remove_dir_all(&dest).map_err(|e| fail(&dest, e))?;
        }
        fs::rename(&partial, &dest).map_err(|e| fail(&dest, e))?;
        finish_bag(&dest, &fail)?;
        written.files += contents.held.len() as u64;
        written.bytes += contents.bytes() as u64;
    }
    tally.report(Phase::Finishing, None);
    written.snapshot = Some(snapshot::write(copy.conn(), root, &fail)?);
    Ok(written)
}
