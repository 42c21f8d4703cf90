//! Restoring a lower archive's registration at its upper archive (数据恢复 through the city
//! when the county cannot): the application is recorded, approved and used once as any
//! here, and the files come from this archive's vault, each checked against the digests
//! the lower archive's reported copy holds for it.

use std::path::PathBuf;

use crate::accounts::Role;
use crate::applications::{self, Application, ApplicationKind, ApplicationStatus};
use crate::archive::Archive;
use crate::error::{Error, Result};
use crate::ids::ApplicationId;
use crate::ledger;
use crate::progress::{CancelToken, Progress};
use crate::registrations::Registration;
use crate::restore::{copy_out, use_approval, RestoreReport, RestoreRequest, Source};
use crate::stamp::Stamp;

use super::LowerArchive;

/// A restore of a lower archive's registration, by its number.
#[derive(Debug, Clone)]
pub struct LowerRestoreRequest {
    pub number: String,
    pub application: ApplicationId,
    pub to: PathBuf,
    /// One item (its path as displayed) instead of the whole registration.
    pub file: Option<String>,
    pub overwrite: bool,
}

impl Archive {
    /// Records a unit's signed request to restore the lower archive's sealed registration
    /// `number`, as its newest copy here holds it; refused when this archive does not hold
    /// its files (it was reported catalog-only).
    pub fn apply_for_lower(&mut self, number: &str, reason: &str, reference: &str, stamp: &Stamp) -> Result<Application> {
        self.authorize(stamp, &[Role::Clerk], "登记恢复或提供数据的申请")?;
        let (lower, _, reg) = self.lower_registration(number)?;
        let (reason, reference) = applications::checked_request(reason, reference)?;
        let number = reg.label();
        let tx = self.conn_mut().transaction()?;
        let id = applications::insert_lower(&tx, lower.peer.id, &number, &reg.unit.name, reason, reference, stamp)?;
        let entry = serde_json::json!({"kind": "restore", "registration": number, "archive": lower.peer.name,
            "reason": reason, "reference": reference});
        ledger::append(&tx, stamp, "application.create", &id.subject(), &entry)?;
        tx.commit()?;
        self.application(id)
    }

    /// Restores the lower archive's registration (or one file of it) into `req.to` under an
    /// approved, unused, unexpired application for it, every byte checked; recorded in the
    /// ledger (`upward.restore`) with the use of the approval.
    pub fn restore_lower(
        &mut self,
        req: &LowerRestoreRequest,
        stamp: &Stamp,
        progress: &dyn Progress,
        cancel: &CancelToken,
    ) -> Result<RestoreReport> {
        self.authorize(stamp, &[Role::Clerk], "恢复数据")?;
        let app = self.application(req.application)?;
        let (lower, copy, reg) = self.lower_registration(&req.number)?;
        let number = reg.label();
        let mine =
            app.lower.as_ref().is_some_and(|l| l.peer_id == lower.peer.id) && app.registration_number.as_deref() == Some(number.as_str());
        if !mine || app.status != ApplicationStatus::Approved {
            return Err(Error::NoApprovedApplication(number));
        }
        if app.kind != ApplicationKind::Restore {
            return Err(Error::WrongApplicationKind { id: app.id.0, is: app.kind.label_zh(), wanted: ApplicationKind::Restore.label_zh() });
        }
        app.usable_at(stamp.at)?;
        let Some(_approval) = self.take_lock(&format!("application-{}.lock", app.id.0))? else {
            return Err(Error::ApplicationUsed { id: app.id.0, at: "（正在进行的恢复或交还）".into() });
        };
        let all = copy.items(reg.id)?;
        let copy_req = RestoreRequest {
            registration: reg.id,
            application: app.id,
            to: req.to.clone(),
            file: req.file.clone(),
            overwrite: req.overwrite,
            from: None,
        };
        let (_, report) = copy_out(self.vault(), &number, &all, &copy_req, &Source::Vault, progress, cancel)?;
        let tx = self.conn_mut().transaction()?;
        if !report.cancelled {
            use_approval(&tx, &app, stamp)?;
        }
        let entry = serde_json::json!({
            "application": app.id.0, "registration": number, "archive": lower.peer.name, "to": req.to.to_string_lossy(),
            "file": req.file, "files": report.files, "bytes": report.bytes, "cancelled": report.cancelled,
        });
        ledger::append(&tx, stamp, "upward.restore", &lower.peer.id.subject(), &entry)?;
        tx.commit()?;
        Ok(report)
    }

    /// The lower archive holding the sealed registration `number` in its newest copy, that
    /// copy and the registration; refused unless every file of it not disposed of is held here.
    fn lower_registration(&self, number: &str) -> Result<(LowerArchive, Archive, Registration)> {
        let Some((lower, copy)) = self.lower_holding(number)? else {
            return Err(Error::RegistrationNotFound(number.trim().to_string()));
        };
        let reg = copy.find_registration(number)?;
        for item in copy.items(reg.id)?.iter().filter(|i| !i.is_disposed()) {
            if !self.vault().contains(&item.sha256)? {
                return Err(Error::LowerFilesNotHeld { archive: lower.peer.name, number: reg.label() });
            }
        }
        Ok((lower, copy, reg))
    }
}
