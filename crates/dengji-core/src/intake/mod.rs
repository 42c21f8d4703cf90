//! Intake (接收): sources -> draft registration, in one read pass per file.
//!
//! A walker thread feeds bounded channels to hashing workers (one per core); each worker
//! reads a file once, feeding SHA-256, SM3 and the vault temp file from the same buffer.
//! The calling thread commits finished files in batches: the batch's objects synced to
//! disk (one filesystem sync on Linux, not one per file), renamed into place and their
//! names synced, then the catalog rows and a ledger entry in one transaction. Memory stays flat: only channel slots and one batch are held.

pub(crate) mod checksums;
mod format;
mod pipeline;
mod supplied;
mod walk;
mod warm;

pub use format::detect as detect_format;

use std::path::PathBuf;

use serde::Serialize;

use crate::accounts::Role;
use crate::archive::Archive;
use crate::error::{Error, Result};
use crate::ids::{RegistrationId, UnitId};
use crate::ledger;
use crate::progress::{CancelToken, Progress};
use crate::registrations::{items_store, store, RecordKind, Status};
use crate::stamp::Stamp;

pub(crate) use walk::Root;

/// Where the files go: a new draft, or one that exists (to add files or to resume).
#[derive(Debug, Clone)]
pub enum IntakeTarget {
    New {
        unit: UnitId,
        title: String,
        kind: RecordKind,
    },
    Draft(RegistrationId),
    /// The next hand-over of a business data series, for `period` (by default the one
    /// before the current), titled `title` (by default the series' name and the period).
    Series {
        series: crate::ids::SeriesId,
        period: Option<String>,
        title: Option<String>,
    },
}

#[derive(Debug, Clone, Serialize)]
pub struct IntakeReport {
    pub id: RegistrationId,
    /// Files read and catalogued by this run.
    pub files: u64,
    pub bytes: u64,
    /// Files already in the draft from an earlier run, unchanged, not read again.
    pub unchanged: u64,
    /// Open blocking findings on the draft after this run.
    pub findings: usize,
    pub cancelled: bool,
    /// The four-property check of the draft's content that closed this run (none when
    /// cancelled): its kept record and its counts by property and severity.
    pub check: Option<IntakeCheck>,
}

#[derive(Debug, Clone, Serialize)]
pub struct IntakeCheck {
    pub record: crate::ids::CheckId,
    pub summary: crate::check::CheckSummary,
}

impl Archive {
    pub fn create_draft(&mut self, unit: UnitId, title: &str, kind: RecordKind, stamp: &Stamp) -> Result<RegistrationId> {
        self.authorize(stamp, &[Role::Clerk], "接收登记")?;
        let title = title.trim();
        if title.is_empty() {
            return Err(Error::Empty { what: "登记题名" });
        }
        let unit = self.unit(unit)?;
        let tx = self.conn_mut().transaction()?;
        let id = store::insert_draft(&tx, unit.id, title, kind, stamp)?;
        ledger::append(
            &tx,
            stamp,
            "registration.create",
            &id.subject(),
            &serde_json::json!({"unit_id": unit.id.0, "unit_uscc": unit.uscc, "title": title, "kind": kind.as_str()}),
        )?;
        tx.commit()?;
        Ok(id)
    }

    /// A new draft for a series' hand-over: a business data registration of the series' unit
    /// that names the series and the period it covers.
    pub(crate) fn create_series_draft(&mut self, draft: &crate::series::SeriesDraft, stamp: &Stamp) -> Result<RegistrationId> {
        self.authorize(stamp, &[Role::Clerk], "接收登记")?;
        let unit = self.unit(draft.unit)?;
        let kind = RecordKind::BusinessData;
        let tx = self.conn_mut().transaction()?;
        let id = store::insert_draft(&tx, unit.id, &draft.title, kind, stamp)?;
        crate::series::mark_draft(&tx, id, draft)?;
        let entry = serde_json::json!({"unit_id": unit.id.0, "unit_uscc": unit.uscc, "title": draft.title, "kind": kind.as_str(),
            "series": draft.series.0, "period": draft.period});
        ledger::append(&tx, stamp, "registration.create", &id.subject(), &entry)?;
        tx.commit()?;
        Ok(id)
    }

    /// Takes files and folders into a draft. Cancelling keeps what was committed and
    /// leaves the draft resumable (run again with the same sources).
    pub fn intake(
        &mut self,
        target: IntakeTarget,
        sources: &[PathBuf],
        stamp: &Stamp,
        progress: &dyn Progress,
        cancel: &CancelToken,
    ) -> Result<IntakeReport> {
        self.authorize(stamp, &[Role::Clerk], "接收登记")?;
        if sources.is_empty() {
            return Err(Error::NothingToTake);
        }
        let roots = sources.iter().map(|p| Root::new(p)).collect::<Result<Vec<_>>>()?;
        for (i, a) in roots.iter().enumerate() {
            if roots[..i].iter().any(|b| b.base == a.base) {
                return Err(Error::DuplicateSource(String::from_utf8_lossy(&a.base).into_owned()));
            }
        }
        // Scan before creating anything, so an empty or cancelled scan leaves no trace.
        let Some(scan) = pipeline::scan(&roots, progress, cancel) else {
            return match target {
                IntakeTarget::Draft(id) => Ok(IntakeReport {
                    id,
                    files: 0,
                    bytes: 0,
                    unchanged: 0,
                    findings: self.open_findings(id)?,
                    cancelled: true,
                    check: None,
                }),
                IntakeTarget::New { .. } | IntakeTarget::Series { .. } => Err(Error::Cancelled),
            };
        };
        if scan.files == 0 {
            return Err(Error::NothingToTake);
        }
        let id = match target {
            IntakeTarget::New { unit, title, kind } => self.create_draft(unit, &title, kind, stamp)?,
            IntakeTarget::Series { series, period, title } => {
                let draft = self.series_draft(series, period.as_deref(), title.as_deref(), stamp.at)?;
                self.create_series_draft(&draft, stamp)?
            }
            IntakeTarget::Draft(id) => {
                let reg = self.registration(id)?;
                if reg.status == Status::Sealed {
                    return Err(Error::Sealed(reg.label()));
                }
                id
            }
        };
        let lock = self.lock_draft(id)?;
        // Objects land in the vault before the rows that refer to them; a discard sweeping
        // unreferenced objects waits for every intake (`VAULT_LOCK`).
        let Some(vault_lock) = self.take_shared_lock(crate::discard::VAULT_LOCK)? else {
            return Err(Error::VaultBusy);
        };
        {
            let tx = self.conn_mut().transaction()?;
            store::set_intake_complete(&tx, id, false)?;
            for r in &roots {
                store::add_source(&tx, id, &r.abs.to_string_lossy(), &stamp.at_text())?;
            }
            tx.commit()?;
        }
        let outcome = pipeline::run(self, id, &roots, &scan, stamp, progress, cancel).map_err(|e| self.name_full_disk(e, id))?;
        let mut report = IntakeReport {
            id,
            files: outcome.files,
            bytes: outcome.bytes,
            unchanged: outcome.unchanged,
            findings: 0,
            cancelled: outcome.cancelled,
            check: None,
        };
        if !outcome.cancelled {
            self.check_supplied_checksums(id, stamp)?;
            let tx = self.conn_mut().transaction()?;
            store::set_intake_complete(&tx, id, true)?;
            let (files, bytes) = items_store::totals(&tx, id)?;
            let sources: Vec<String> = roots.iter().map(|r| r.abs.to_string_lossy().into_owned()).collect();
            ledger::append(
                &tx,
                stamp,
                "registration.intake",
                &id.subject(),
                &serde_json::json!({"sources": sources, "files_added": outcome.files, "bytes_added": outcome.bytes, "files": files, "bytes": bytes}),
            )?;
            tx.commit()?;
            // DA/T 70: every intake is checked, on the facts its read pass found.
            let check = self.check_at_intake(id, stamp)?;
            report.check = check.record.map(|record| IntakeCheck { record, summary: check.summary });
        }
        report.findings = self.open_findings(id)?;
        drop(vault_lock);
        drop(lock);
        Ok(report)
    }

    /// The raw "No space left on device" (or SQLite's "database or disk is full") said as
    /// what it means for the clerk: the data directory's disk is full, the draft resumable.
    fn name_full_disk(&self, e: Error, id: RegistrationId) -> Error {
        let full = match &e {
            Error::Io { source, .. } => crate::media::fault::is_disk_full(source),
            Error::Db(db) => db.is_disk_full(),
            _ => false,
        };
        if full {
            Error::DataDiskFull { dir: self.dir().to_path_buf(), draft: id.0 }
        } else {
            e
        }
    }

    fn open_findings(&self, id: RegistrationId) -> Result<usize> {
        Ok(store::open_blocking_findings(self.conn(), id)? as usize)
    }

    /// Runs the intake again over the sources recorded for a draft (after a crash or cancel).
    pub fn resume_intake(
        &mut self,
        id: RegistrationId,
        stamp: &Stamp,
        progress: &dyn Progress,
        cancel: &CancelToken,
    ) -> Result<IntakeReport> {
        let sources: Vec<PathBuf> = store::sources(self.conn(), id)?.into_iter().map(PathBuf::from).collect();
        self.intake(IntakeTarget::Draft(id), &sources, stamp, progress, cancel)
    }
}
