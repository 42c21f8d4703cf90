//! Restoring a registration (数据恢复) under an approved application, from the vault or a medium.

use std::path::PathBuf;

use dengji_core as core;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, export_to = "../../ui/src/bindings/")]
pub struct RestoreRequest {
    pub job_id: String,
    pub application_id: i64,
    // None for a lower archive's registration: restored from its reported copy, named by
    // the application.
    pub registration_id: Option<i64>,
    pub to: String,
    // One item (its path as displayed) instead of the whole registration.
    pub file: Option<String>,
    pub overwrite: bool,
    // The mounted folder of a registered medium to read from; none: the vault (本机库房).
    pub from: Option<String>,
}

impl RestoreRequest {
    /// Runs the restore: of our registration, or of the lower archive's its application names.
    pub fn run(
        self,
        a: &mut core::Archive,
        s: &core::Stamp,
        p: &dyn core::Progress,
        c: &core::CancelToken,
    ) -> core::Result<core::RestoreReport> {
        match self.registration_id {
            Some(id) => a.restore(&self.into_core(core::RegistrationId(id)), s, p, c),
            None => {
                let application = core::ApplicationId(self.application_id);
                let number = a.application(application)?.registration_number.unwrap_or_default();
                let req = core::LowerRestoreRequest {
                    number,
                    application,
                    to: PathBuf::from(self.to),
                    file: given(self.file),
                    overwrite: self.overwrite,
                };
                a.restore_lower(&req, s, p, c)
            }
        }
    }

    fn into_core(self, registration: core::RegistrationId) -> core::RestoreRequest {
        core::RestoreRequest {
            registration,
            application: core::ApplicationId(self.application_id),
            to: PathBuf::from(self.to),
            file: given(self.file),
            overwrite: self.overwrite,
            from: given(self.from).map(PathBuf::from),
        }
    }
}

/// An optional text field the clerk may leave blank (or only spaces).
fn given(v: Option<String>) -> Option<String> {
    v.map(|s| s.trim().to_string()).filter(|s| !s.is_empty())
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, export_to = "../../ui/src/bindings/")]
pub struct RestoreOutcome {
    // The label of the medium read from; none: the vault.
    pub source: Option<String>,
    pub files: u64,
    pub bytes: u64,
    pub elapsed_ms: u64,
    pub cancelled: bool,
    // A hand-back's hand-over record (移交清单 PDF) in the target folder; none for a restore.
    pub record: Option<String>,
    // Whether the record's SM2 signature (.sig) lies beside it.
    pub signed: bool,
    // Files of the registration not delivered because they were disposed of.
    pub disposed: u64,
}

impl From<core::RestoreReport> for RestoreOutcome {
    fn from(r: core::RestoreReport) -> Self {
        RestoreOutcome {
            source: r.source,
            files: r.files,
            bytes: r.bytes,
            elapsed_ms: r.elapsed_ms,
            cancelled: r.cancelled,
            record: None,
            signed: false,
            disposed: r.disposed,
        }
    }
}

impl From<core::HandbackReport> for RestoreOutcome {
    fn from(r: core::HandbackReport) -> Self {
        RestoreOutcome { record: r.record.map(|p| p.display().to_string()), signed: r.signed, ..r.copy.into() }
    }
}

// A hand-back (交还) of a whole registration under an approved hand-back application.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, export_to = "../../ui/src/bindings/")]
pub struct HandbackRequest {
    pub job_id: String,
    pub application_id: i64,
    pub to: String,
    pub overwrite: bool,
    pub from: Option<String>,
}

impl HandbackRequest {
    pub fn into_core(self) -> core::HandbackRequest {
        core::HandbackRequest {
            application: core::ApplicationId(self.application_id),
            to: PathBuf::from(self.to),
            from: given(self.from).map(PathBuf::from),
            overwrite: self.overwrite,
        }
    }
}
