//! What an upper archive does with its lower archives' copies: each lower archive's newest
//! catalog copy (a vault object, pinned by the digest its report was checked against) is
//! read through a working copy in `<data dir>/cache/lower/`, where its search index may be
//! brought up to date; the vault object itself is never opened for writing.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::{store, ReceivedReport};
use crate::accounts::Role;
use crate::archive::Archive;
use crate::attest::HeldBy;
use crate::catalog::{self, CatalogLocation};
use crate::digest::Sha256;
use crate::error::{Error, Result};
use crate::ledger::{self, Checkpoint};
use crate::peers::{Peer, Relation};
use crate::progress::{CancelToken, Progress};
use crate::search::{SearchFilter, SearchResults};
use crate::stamp::{archive_offset, Stamp};
use crate::statistics::Statistics;

/// A lower archive as its reports show it.
#[derive(Debug, Clone, Serialize)]
pub struct LowerArchive {
    pub peer: Peer,
    /// The archive whose packages carried its reports, for one known only through it.
    pub via: Option<String>,
    pub reports: usize,
    /// Its newest report taken in.
    pub last: Option<ReceivedReport>,
}

/// Results found in one lower archive's copy.
#[derive(Debug, Clone, Serialize)]
pub struct LowerResults {
    pub archive: String,
    pub region_code: String,
    pub results: SearchResults,
}

/// One archive's statistics, this one's own or a lower archive's as last reported.
#[derive(Debug, Clone, Serialize)]
pub struct SourceStatistics {
    pub archive: String,
    pub region_code: String,
    /// False for this archive's own holdings.
    pub lower: bool,
    /// When the lower archive's copy was taken in.
    pub reported_at: Option<DateTime<Utc>>,
    pub statistics: Statistics,
}

/// What writing a lower archive's recovery medium did.
#[derive(Debug, Clone, Serialize)]
pub struct RecoveryMedium {
    pub path: PathBuf,
    pub archive: String,
    /// The report whose catalog copy the medium holds, and its ledger checkpoint.
    pub number: i64,
    pub checkpoint: Checkpoint,
    pub registrations: usize,
    pub files: u64,
    pub bytes: u64,
    /// Bags an interrupted run had written whole, kept.
    pub kept: usize,
    /// Registrations whose files this archive does not hold (reported catalog-only).
    pub missing: Vec<String>,
    /// Where the lower archive's last receipt was written, for it to record after recovery.
    pub receipt: Option<PathBuf>,
    pub cancelled: bool,
}

/// The receipt a recovery medium carries: the lower archive records it after `recover`, so
/// its next report follows the last one this archive took.
pub const RECOVERY_RECEIPT: &str = "upward-receipt.txt";

/// Every vault object held for lower archives (each file of every package taken in: catalog
/// copies, ledgers, the files they carried), with its size and who uses it, as `vault
/// verify` names a damaged one: “<archive> 第 N 次报送 <path in the package>”.
pub(crate) fn lower_objects(conn: &crate::catalog::Conn) -> Result<BTreeMap<Sha256, (u64, Vec<String>)>> {
    let peers = crate::peers::all_in(conn)?;
    let mut out: BTreeMap<Sha256, (u64, Vec<String>)> = BTreeMap::new();
    for report in store::received(conn, None)? {
        let name = peers.iter().find(|p| p.id == report.peer_id).map_or("下级档案馆", |p| p.name.as_str());
        for file in &report.package_files {
            let entry = out.entry(file.sha256).or_insert((file.size, Vec::new()));
            entry.1.push(format!("{name} 第 {} 次报送 {}", report.number, file.path));
        }
    }
    Ok(out)
}

impl Archive {
    /// Writes, into `to`, a medium from which the lower archive `lower` can `recover` after
    /// losing its workstation and media: its newest catalog copy and the files of its sealed
    /// registrations held here, as bags (admins only; recorded in the ledger). A rerun
    /// keeps the bags already written.
    pub fn write_lower_recovery(
        &mut self,
        lower: &str,
        to: &Path,
        stamp: &Stamp,
        progress: &dyn Progress,
        cancel: &CancelToken,
    ) -> Result<RecoveryMedium> {
        self.authorize(stamp, &[Role::Admin], "为下级档案馆制作恢复介质")?;
        let found = self
            .lower_archives()?
            .into_iter()
            .find(|l| l.peer.name == lower.trim())
            .ok_or_else(|| Error::LowerUnknown(lower.to_string()))?;
        let report = found.last.clone().ok_or_else(|| Error::LowerNoReport(found.peer.name.clone()))?;
        let copy = self.lower_copy(&report)?;
        let date = stamp.at.with_timezone(&archive_offset()).format("%Y%m%d").to_string();
        let label = format!("恢复-{}-{date}", found.peer.region_code);
        let written = crate::media::recovery::write(&copy, to, &label, stamp, progress, cancel)?;
        let mut receipt = None;
        if !written.cancelled && !report.receipt.is_empty() {
            let path = to.join(RECOVERY_RECEIPT);
            fs::write(&path, &report.receipt).map_err(Error::io(&path))?;
            receipt = Some(path);
        }
        if !written.cancelled {
            let tx = self.conn_mut().transaction()?;
            let entry = serde_json::json!({
                "archive": found.peer.name, "region_code": found.peer.region_code, "number": report.number,
                "catalog_sha256": report.catalog_sha256, "ledger_size": report.checkpoint.size, "ledger_head": report.checkpoint.head,
                "registrations": written.registrations, "files": written.files, "bytes": written.bytes, "missing": written.missing,
                "label": label,
            });
            ledger::append(&tx, stamp, "upward.recovery_medium", &found.peer.id.subject(), &entry)?;
            tx.commit()?;
        }
        Ok(RecoveryMedium {
            path: to.to_path_buf(),
            archive: found.peer.name,
            number: report.number,
            checkpoint: report.checkpoint,
            registrations: written.registrations,
            files: written.files,
            bytes: written.bytes,
            kept: written.kept,
            missing: written.missing,
            receipt,
            cancelled: written.cancelled,
        })
    }

    /// Every lower archive, with its newest report.
    pub fn lower_archives(&self) -> Result<Vec<LowerArchive>> {
        let peers = self.peers()?;
        let received = store::received(self.conn(), None)?;
        Ok(peers
            .iter()
            .filter(|p| p.relation == Relation::Lower)
            .map(|p| {
                let mine: Vec<&ReceivedReport> = received.iter().filter(|r| r.peer_id == p.id).collect();
                LowerArchive {
                    peer: p.clone(),
                    via: p.via.and_then(|v| peers.iter().find(|q| q.id == v)).map(|q| q.name.clone()),
                    reports: mine.len(),
                    last: mine.last().map(|r| (*r).clone()),
                }
            })
            .collect())
    }

    /// A lower archive's newest catalog copy, opened as an archive of its own for reading
    /// (its working copy written from the vault, checked against its digest, when first used).
    fn lower_copy(&self, report: &ReceivedReport) -> Result<Archive> {
        let dir = self.dir().join("cache").join("lower");
        crate::private::create_dir_all(&dir)?;
        let path: PathBuf = dir.join(format!("{}.sqlite", report.catalog_sha256));
        if !path.is_file() {
            super::object_to_file(self.vault(), &report.catalog_sha256, &path)?;
        }
        let conn = catalog::open(&path, self.dir())?;
        Ok(Archive::assemble(self.dir(), CatalogLocation::Embedded, conn, self.vault().clone()))
    }

    /// The lower archive whose newest copy holds the sealed registration numbered `number`
    /// (a lower archive's numbers begin with its region code), and that copy opened for
    /// reading: `show` of a registration reported from below.
    pub fn lower_holding(&self, number: &str) -> Result<Option<(LowerArchive, Archive)>> {
        let number = number.trim();
        for lower in self.lower_archives()? {
            let Some(report) = &lower.last else { continue };
            if !number.starts_with(&format!("{}-", lower.peer.region_code)) {
                continue;
            }
            let copy = self.lower_copy(report)?;
            match copy.find_registration(number) {
                Ok(_) => return Ok(Some((lower, copy))),
                Err(Error::RegistrationNotFound(_)) => continue,
                Err(e) => return Err(e),
            }
        }
        Ok(None)
    }

    /// Each lower archive's newest catalog copy, opened for reading, with whose it is.
    pub(crate) fn lower_copies(&self) -> Result<Vec<(HeldBy, Archive)>> {
        let mut out = Vec::new();
        for lower in self.lower_archives()? {
            let Some(report) = &lower.last else { continue };
            let held = HeldBy {
                archive: lower.peer.name,
                region_code: lower.peer.region_code,
                report: report.number,
                received_at: report.received_at,
            };
            out.push((held, self.lower_copy(report)?));
        }
        Ok(out)
    }

    /// `search` in every lower archive's newest copy, each result set naming its archive;
    /// lower archives with no hits are left out.
    pub fn search_lower(&self, query: &str, filter: &SearchFilter) -> Result<Vec<LowerResults>> {
        let mut out = Vec::new();
        for (held, mut copy) in self.lower_copies()? {
            let results = copy.search(query, filter)?;
            if !results.hits.is_empty() {
                out.push(LowerResults { archive: held.archive, region_code: held.region_code, results });
            }
        }
        Ok(out)
    }

    /// This archive's statistics and each lower archive's as of its newest report.
    pub fn statistics_by_source(&self, at: DateTime<Utc>) -> Result<Vec<SourceStatistics>> {
        let me = self.info()?;
        let mut out = vec![SourceStatistics {
            archive: me.name,
            region_code: me.region_code,
            lower: false,
            reported_at: None,
            statistics: self.statistics(at)?,
        }];
        for (held, copy) in self.lower_copies()? {
            out.push(SourceStatistics {
                archive: held.archive,
                region_code: held.region_code,
                lower: true,
                reported_at: Some(held.received_at),
                statistics: copy.statistics(at)?,
            });
        }
        Ok(out)
    }
}
