//! Hand-back (交还): a sealed registration's files given back to the unit that deposited
//! them, under an approved hand-back application (used once), every byte checked on the
//! way as for a restore, with a hand-over record (移交清单 PDF, signed when the archive
//! key is unlocked) written beside them and its digests in the ledger. The registration
//! stays sealed and the archive keeps its copy: a hand-back is a delivery, not a release.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::applications::ApplicationKind;
use crate::archive::Archive;
use crate::cert::{render_handback, signature_path, HandbackRecord};
use crate::digest::{sha256, sm3, Sha256, Sm3};
use crate::error::{Error, Result};
use crate::ids::ApplicationId;
use crate::ledger;
use crate::progress::{CancelToken, Progress};
use crate::restore::{no_link_below, use_approval, RestoreReport, RestoreRequest};
use crate::stamp::Stamp;

#[derive(Debug, Clone)]
pub struct HandbackRequest {
    pub application: ApplicationId,
    /// The folder the unit takes away (a drive of theirs, usually).
    pub to: PathBuf,
    /// Read from the registration's bag on this registered medium instead of the vault.
    pub from: Option<PathBuf>,
    pub overwrite: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct HandbackReport {
    #[serde(flatten)]
    pub copy: RestoreReport,
    /// The hand-over record written into the folder; none when cancelled.
    pub record: Option<PathBuf>,
    pub record_sha256: Option<Sha256>,
    pub record_sm3: Option<Sm3>,
    /// Whether `<record>.sig` (the archive key's SM2 signature) lies beside it.
    pub signed: bool,
}

/// The record's file name: one per registration and application.
pub fn record_name(number: &str, application: ApplicationId) -> String {
    format!("移交清单-{number}-申请{}.pdf", application.0)
}

impl Archive {
    pub fn handback(
        &mut self,
        req: &HandbackRequest,
        stamp: &Stamp,
        progress: &dyn Progress,
        cancel: &CancelToken,
    ) -> Result<HandbackReport> {
        let app = self.application(req.application)?;
        // Hand-backs are of our own registrations (a lower archive's unit is its own).
        let Some(registration) = app.registration else {
            return Err(Error::WrongApplicationKind {
                id: app.id.0,
                is: "下级档案馆登记的恢复",
                wanted: ApplicationKind::Handback.label_zh(),
            });
        };
        let number = self.registration(registration)?.registration_number.unwrap_or_default();
        let record = req.to.join(record_name(&number, app.id));
        no_link_below(&req.to, &record)?;
        if record.exists() && !req.overwrite {
            return Err(Error::DestinationExists(record));
        }
        let copy = RestoreRequest {
            registration,
            application: app.id,
            to: req.to.clone(),
            file: None,
            overwrite: req.overwrite,
            from: req.from.clone(),
        };
        let done = self.deliver(&copy, ApplicationKind::Handback, stamp, progress, cancel)?;
        let mut report = HandbackReport { copy: done.report.clone(), record: None, record_sha256: None, record_sm3: None, signed: false };
        if !report.copy.cancelled {
            let archive = self.info()?.name;
            let pdf = render_handback(
                &HandbackRecord {
                    archive: &archive,
                    registration: &done.reg,
                    application: &done.app,
                    items: &done.items,
                    at: stamp.at,
                    operator: &stamp.operator,
                    source: report.copy.source.as_deref(),
                },
                self.report_signature_note().as_deref(),
            )?;
            write_synced(&record, &pdf)?;
            if let Some(sig) = self.report_signature(&pdf) {
                write_synced(&signature_path(&record), &sig)?;
                report.signed = true;
            }
            report.record_sha256 = Some(sha256(&pdf));
            report.record_sm3 = Some(sm3(&pdf));
            report.record = Some(record);
        }
        let tx = self.conn_mut().transaction()?;
        if !report.copy.cancelled {
            use_approval(&tx, &done.app, stamp)?;
        }
        ledger::append(
            &tx,
            stamp,
            "registration.handback",
            &done.reg.id.subject(),
            &serde_json::json!({
                "application": done.app.id.0, "to": req.to.to_string_lossy(), "from": report.copy.source,
                "files": report.copy.files, "bytes": report.copy.bytes, "cancelled": report.copy.cancelled,
                "record": report.record.as_ref().and_then(|r| r.file_name()).map(|n| n.to_string_lossy()),
                "record_sha256": report.record_sha256, "record_sm3": report.record_sm3, "signed": report.signed,
            }),
        )?;
        tx.commit()?;
        Ok(report)
    }
}

/// Writes `bytes` under a temp name, syncs and renames, so a record is whole or absent.
fn write_synced(dest: &Path, bytes: &[u8]) -> Result<()> {
    let tmp = dest.with_extension("dengji-part");
    let mut f = fs::File::create(&tmp).map_err(Error::io(&tmp))?;
    f.write_all(bytes).and_then(|_| f.sync_all()).map_err(Error::io(&tmp))?;
    fs::rename(&tmp, dest).map_err(Error::io(dest))?;
    Ok(())
}
