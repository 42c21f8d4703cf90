//! Applications (申请) for getting a unit's data back: restore after data loss (数据恢复)
//! or hand-back of the original backup (提供原始备份数据). Only the registered unit may
//! ask, by a signed request that the centre reviews; a clerk records it and a reviewer
//! or admin other than the applicant approves it. Both steps are ledger entries. The rows
//! are `store.rs`'s.

mod store;

pub(crate) use store::{insert_lower, mark_used};

use chrono::{DateTime, Duration, Utc};
use serde::Serialize;

use crate::accounts::Role;
use crate::archive::Archive;
use crate::error::{Error, Result};
use crate::ids::{ApplicationId, RegistrationId};
use crate::ledger;
use crate::registrations::Status;
use crate::stamp::Stamp;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export_to = "../../ui/src/bindings/"))]
pub enum ApplicationKind {
    Restore,
    Handback,
}

impl ApplicationKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ApplicationKind::Restore => "restore",
            ApplicationKind::Handback => "handback",
        }
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            ApplicationKind::Restore => "恢复",
            ApplicationKind::Handback => "交还",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export_to = "../../ui/src/bindings/"))]
pub enum ApplicationStatus {
    Pending,
    Approved,
    Rejected,
}

#[derive(Debug, Clone, Serialize)]
pub struct Application {
    pub id: ApplicationId,
    pub kind: ApplicationKind,
    /// The registration of ours it is for; none when it is for a lower archive's.
    pub registration: Option<RegistrationId>,
    pub registration_number: Option<String>,
    pub unit_name: String,
    pub reason: String,
    pub reference: String,
    pub status: ApplicationStatus,
    pub applied_by: String,
    pub applied_at: DateTime<Utc>,
    pub decided_by: Option<String>,
    pub decided_at: Option<DateTime<Utc>>,
    /// When the restore it allowed was done: an approval is used once.
    pub used_at: Option<DateTime<Utc>>,
    /// The end of an approval's validity (the approval time plus the archive's
    /// `approval_valid_days`); none for an application not approved.
    pub valid_until: Option<DateTime<Utc>>,
    /// For a registration of a lower archive, restored from its reported copy: that archive.
    pub lower: Option<LowerTarget>,
}

/// The lower archive whose registration an application is for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LowerTarget {
    pub peer_id: crate::ids::PeerId,
    pub archive: String,
}

impl Application {
    /// Whether it still allows a restore at `at`: approved, unused and not expired.
    pub fn usable_at(&self, at: DateTime<Utc>) -> Result<()> {
        if self.status != ApplicationStatus::Approved {
            return Err(Error::NoApprovedApplication(self.registration_number.clone().unwrap_or_default()));
        }
        if let Some(used) = &self.used_at {
            return Err(Error::ApplicationUsed { id: self.id.0, at: crate::stamp::local(*used) });
        }
        if let Some(until) = self.valid_until {
            if at >= until {
                return Err(Error::ApplicationExpired { id: self.id.0, until: crate::stamp::local(until) });
            }
        }
        Ok(())
    }
}

/// An application's reason and the reference of the unit's written request, trimmed; both
/// are needed.
pub(crate) fn checked_request<'a>(reason: &'a str, reference: &'a str) -> Result<(&'a str, &'a str)> {
    let (reason, reference) = (reason.trim(), reference.trim());
    if reason.is_empty() {
        return Err(Error::Empty { what: "申请理由" });
    }
    if reference.is_empty() {
        return Err(Error::Empty { what: "书面申请的文号或编号" });
    }
    Ok((reason, reference))
}

pub(crate) const DEFAULT_APPROVAL_DAYS: u32 = 30;

pub(crate) fn check_approval_days(days: u32) -> Result<()> {
    if !(1..=365).contains(&days) {
        return Err(Error::BadSetting(format!("批准的有效期应为 1 到 365 天，而不是 {days} 天")));
    }
    Ok(())
}

impl Archive {
    /// Records a unit's signed request to get a sealed registration back.
    pub fn apply(
        &mut self,
        kind: ApplicationKind,
        reg: RegistrationId,
        reason: &str,
        reference: &str,
        stamp: &Stamp,
    ) -> Result<Application> {
        self.authorize(stamp, &[Role::Clerk], "登记恢复或提供数据的申请")?;
        let registration = self.registration(reg)?;
        if registration.status != Status::Sealed {
            return Err(Error::NotSealed(registration.label()));
        }
        let (reason, reference) = checked_request(reason, reference)?;
        let tx = self.conn_mut().transaction()?;
        let id = store::insert(&tx, kind, reg, reason, reference, stamp)?;
        ledger::append(
            &tx,
            stamp,
            "application.create",
            &id.subject(),
            &serde_json::json!({"kind": kind.as_str(), "registration": registration.label(), "reason": reason, "reference": reference}),
        )?;
        tx.commit()?;
        self.application(id)
    }

    /// Approves or rejects a pending application; never by the person who applied.
    pub fn decide(&mut self, id: ApplicationId, approve: bool, stamp: &Stamp) -> Result<Application> {
        self.authorize(stamp, &[Role::Reviewer, Role::Admin], "审批申请")?;
        let app = self.application(id)?;
        if app.status != ApplicationStatus::Pending {
            return Err(Error::ApplicationDecided(id.0));
        }
        if app.applied_by == stamp.operator {
            return Err(Error::SelfApproval);
        }
        let tx = self.conn_mut().transaction()?;
        store::decide(&tx, id, approve, stamp)?;
        let action = if approve { "application.approve" } else { "application.reject" };
        ledger::append(&tx, stamp, action, &id.subject(), &serde_json::json!({"registration": app.registration_number}))?;
        tx.commit()?;
        self.application(id)
    }

    pub fn application(&self, id: ApplicationId) -> Result<Application> {
        let app = store::by_id(self.conn(), id)?.ok_or_else(|| Error::ApplicationNotFound(id.0.to_string()))?;
        self.with_validity(app)
    }

    pub fn applications(&self) -> Result<Vec<Application>> {
        store::all(self.conn())?.into_iter().map(|app| self.with_validity(app)).collect()
    }

    fn with_validity(&self, mut app: Application) -> Result<Application> {
        if app.status == ApplicationStatus::Approved {
            let days = i64::from(self.approval_valid_days()?);
            app.valid_until = app.decided_at.map(|d| d + Duration::days(days));
        }
        Ok(app)
    }

    /// How long an approval allows a restore (default 30 days).
    pub fn approval_valid_days(&self) -> Result<u32> {
        Ok(self.setting("approval_valid_days")?.and_then(|v| v.parse().ok()).unwrap_or(DEFAULT_APPROVAL_DAYS))
    }

    /// Admin only (like every setting).
    pub fn set_approval_valid_days(&mut self, days: u32, stamp: &Stamp) -> Result<()> {
        check_approval_days(days)?;
        self.put_setting("approval_valid_days", &days.to_string(), stamp)
    }
}
