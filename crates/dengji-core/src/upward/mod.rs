//! Report packages (上报) from a lower archive to its upper archive, and the receipts that
//! come back (回执): how a county's registrations reach the city and the province, checked
//! there, and how the county's history becomes witnessed by an archive it cannot rewrite.
//!
//! A package is a directory, `dengji-report-<from region>-<to region>-<number>`, holding a
//! BagIt bag (RFC 8493) whatever carries it (a removable drive between air-gapped PCs):
//!
//! ```text
//! data/ledger.jsonl        the ledger entries since the last acknowledged report, whole
//! data/catalog.sqlite      the lower archive's catalog as of the last of them (no drafts,
//!                          no access log, no password hashes, no private key)
//! data/statistics.json     the lower archive's statistics at that time
//! data/annual-report.csv   the same as the annual report's tables
//! data/objects/<sha256>    the files of registrations sealed since the last acknowledged
//!                          report that carried files (none with --catalog-only)
//! manifest-sha256.txt, manifest-sm3.txt, tagmanifest-sha256.txt, tagmanifest-sm3.txt
//! tagmanifest-sm3.txt.sig  the lower archive key's SM2 signature (DER) of tagmanifest-sm3.txt:
//!                          it lists every tag file's SM3, the SM3 manifest every file's
//! receipt.txt              written by the upper archive when it took the package in
//! ```
//!
//! `export` writes a package, `import` checks and takes one in (`package` reads and checks
//! the bag, `copy` the catalog it carries), `receipt` is the signed receipt, `ack` takes
//! it in at the lower archive, and `store` keeps the rows of both sides.
use chrono::{DateTime, Utc};

mod ack;
mod combined;
mod copy;
mod export;
mod import;
mod lower;
mod package;
mod receipt;
mod restore;
mod store;

use std::path::PathBuf;

use serde::Serialize;

use crate::archive::Archive;
use crate::digest::{Sha256, Sm3};
use crate::error::{Error, Result};
use crate::ledger::Checkpoint;

pub(crate) use ack::{check_witnesses, witness_at};
pub use export::ExportOptions;
pub(crate) use lower::lower_objects;
pub use lower::{LowerArchive, LowerResults, RecoveryMedium, SourceStatistics, RECOVERY_RECEIPT};
pub use restore::LowerRestoreRequest;

/// A package this archive wrote for an upper archive, and the receipt once taken in.
#[derive(Debug, Clone, Serialize)]
pub struct SentReport {
    pub peer_id: crate::ids::PeerId,
    pub number: i64,
    /// The package holds the ledger entries after this one, up to `checkpoint`.
    pub ledger_from: i64,
    pub checkpoint: Checkpoint,
    /// It carried the files of registrations sealed after this entry.
    pub payload_from: i64,
    pub catalog_only: bool,
    pub objects: i64,
    pub bytes: i64,
    pub tagmanifest_sm3: Sm3,
    pub exported_at: DateTime<Utc>,
    pub exported_by: String,
    /// The upper archive's signed receipt, once taken in (`upward ack`).
    pub receipt: Option<String>,
    pub acked_at: Option<DateTime<Utc>>,
    pub acked_by: Option<String>,
}

/// A package this archive took from a lower archive.
#[derive(Debug, Clone, Serialize)]
pub struct ReceivedReport {
    pub peer_id: crate::ids::PeerId,
    pub number: i64,
    pub ledger_from: i64,
    pub checkpoint: Checkpoint,
    /// The lower archive's catalog as reported: a vault object of this archive.
    pub catalog_sha256: Sha256,
    pub catalog_bytes: i64,
    /// Files the package carried, and their bytes.
    pub objects: i64,
    pub bytes: i64,
    /// Sealed registrations in the catalog copy.
    pub registrations: i64,
    pub tagmanifest_sm3: Sm3,
    /// The lower archive's key that signed it.
    pub signed_by: Sm3,
    pub received_at: DateTime<Utc>,
    pub received_by: String,
    /// The receipt written into the package; empty for a report forwarded inside another
    /// archive's package (its receipt came from the archive it was addressed to).
    pub receipt: String,
    /// The lower archive whose package carried it, and that package's number.
    pub forwarded_by: Option<crate::ids::PeerId>,
    pub forwarded_in: Option<i64>,
    /// This archive's ledger entry that took it in.
    pub import_seq: Option<i64>,
    /// Every file of the package as received (all in the vault), to forward it as it came.
    #[serde(skip)]
    pub package_files: Vec<StoredFile>,
}

/// A file of a received package: its path in the bag and its vault object.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct StoredFile {
    pub path: String,
    pub sha256: Sha256,
    pub size: u64,
}

/// A report that came forwarded inside a lower archive's package.
#[derive(Debug, Clone, Serialize)]
pub struct ForwardedReport {
    pub from: String,
    pub number: i64,
    pub checkpoint: Checkpoint,
    pub registrations: i64,
    pub objects: u64,
    /// Taken in before (forwarded again): nothing new.
    pub known: bool,
}

/// What writing a package did.
#[derive(Debug, Clone, Serialize)]
pub struct ReportExported {
    pub path: PathBuf,
    pub to: String,
    pub number: i64,
    pub ledger_from: i64,
    pub checkpoint: Checkpoint,
    pub catalog_only: bool,
    /// Files in the package, and their bytes.
    pub objects: u64,
    pub bytes: u64,
    /// Files an interrupted run had already written, checked and kept.
    pub objects_kept: u64,
    /// Reports of lower archives taken in since the last receipt, forwarded as they came.
    pub forwarded: Vec<String>,
    pub cancelled: bool,
}

/// What taking a package in did.
#[derive(Debug, Clone, Serialize)]
pub struct ReportImported {
    pub from: String,
    pub number: i64,
    pub ledger_from: i64,
    pub checkpoint: Checkpoint,
    /// Sealed registrations in the lower archive's catalog.
    pub registrations: i64,
    /// Files the package carried; of them, those this archive's vault held already.
    pub objects: u64,
    pub objects_held: u64,
    pub bytes: u64,
    pub receipt_path: PathBuf,
    /// The reports of its own lower archives it forwarded, checked and taken in too.
    pub forwarded: Vec<ForwardedReport>,
}

/// What taking a receipt in did.
#[derive(Debug, Clone, Serialize)]
pub struct ReportAcked {
    pub to: String,
    pub number: i64,
    pub witnessed: Witness,
}

/// The last point of this archive's ledger an upper archive signed for having received.
#[derive(Debug, Clone, Serialize)]
pub struct Witness {
    pub archive: String,
    pub region_code: String,
    pub number: i64,
    pub checkpoint: Checkpoint,
    /// When the upper archive received it (its receipt's time).
    pub received_at: DateTime<Utc>,
}

/// A lower archive's package refused because its ledger is not the one this archive
/// holds: both heads, as the ledger keeps them (`upward.fork`).
#[derive(Debug, Clone, Serialize)]
pub struct RefusedFork {
    pub from: String,
    pub number: i64,
    pub ledger_size: i64,
    /// The head this archive received before at that size.
    pub held_head: String,
    /// The head the refused package has there.
    pub package_head: String,
    pub at: DateTime<Utc>,
    pub by: String,
}

/// Writes the vault object `sha256` to `path` (through a temp name, synced), refused
/// unless its bytes still have that digest; returns both digests.
fn object_to_file(vault: &crate::vault::Vault, sha256: &Sha256, path: &std::path::Path) -> Result<crate::digest::DualDigest> {
    use std::io::Write;
    let tmp = path.with_extension("tmp");
    let mut out = std::io::BufWriter::new(std::fs::File::create(&tmp).map_err(Error::io(&tmp))?);
    let mut hasher = crate::digest::DualHasher::new();
    let mut failed = None;
    let read = vault.stream(sha256, |chunk| {
        hasher.update(chunk);
        if let Err(e) = out.write_all(chunk) {
            failed = Some(e);
            return false;
        }
        true
    })?;
    if let Some(e) = failed {
        return Err(Error::io(&tmp)(e));
    }
    let digests = hasher.finish().0;
    if read.is_none() || digests.sha256 != *sha256 {
        let _ = std::fs::remove_file(&tmp);
        return Err(match read {
            None => Error::VaultObject(sha256.to_hex()),
            Some(_) => Error::Integrity(format!("保管库中的对象 {sha256} 已损坏：请先核验并修复保管库")),
        });
    }
    let file = out.into_inner().map_err(|e| Error::io(&tmp)(e.into_error()))?;
    file.sync_all().map_err(Error::io(&tmp))?;
    std::fs::rename(&tmp, path).map_err(Error::io(path))?;
    Ok(digests)
}

impl Archive {
    /// Every package refused as a fork of what this archive held, oldest first.
    pub fn refused_forks(&self) -> Result<Vec<RefusedFork>> {
        let entries = crate::ledger::entries_with_action(self.conn(), "upward.fork")?;
        entries
            .into_iter()
            .map(|e| {
                let p: serde_json::Value = serde_json::from_str(&e.payload).unwrap_or_default();
                let text = |k: &str| p.get(k).and_then(|v| v.as_str()).unwrap_or_default().to_string();
                let number = |k: &str| p.get(k).and_then(|v| v.as_i64()).unwrap_or_default();
                Ok(RefusedFork {
                    from: text("from"),
                    number: number("number"),
                    ledger_size: number("ledger_size"),
                    held_head: text("held_head"),
                    package_head: text("package_head"),
                    at: e.time()?,
                    by: e.operator,
                })
            })
            .collect()
    }

    /// The packages this archive wrote for its upper archives, oldest first.
    pub fn sent_reports(&self) -> Result<Vec<SentReport>> {
        store::sent(self.conn(), None)
    }

    /// The packages this archive took from its lower archives, oldest first.
    pub fn received_reports(&self) -> Result<Vec<ReceivedReport>> {
        store::received(self.conn(), None)
    }
}
