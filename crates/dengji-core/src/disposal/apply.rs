//! Disposal applications (销毁申请): a clerk names items of a sealed registration whose
//! retention has ended (or all of it), with a reason and the unit's written consent; a
//! reviewer or admin other than the applicant approves or rejects it. Approval carries it
//! out at once: a tombstone per item (digests, who, when), the content leaves the vault
//! (objects no other live item holds), and every medium holding the registration's bag is
//! marked, so its next write or repair removes the files (`media::purge`). The sealed
//! rows never change. A legal hold in force blocks both the application and the approval.

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;

use super::due::due_on;
use super::store;
use crate::accounts::Role;
use crate::archive::Archive;
use crate::digest::Sha256;
use crate::discard::VAULT_LOCK;
use crate::error::{Error, Result};
use crate::ids::{DisposalId, RegistrationId};
use crate::ledger;
use crate::registrations::{Item, Registration, Status};
use crate::stamp::{local, local_date, Stamp};

/// What a clerk records when a unit agrees to a disposal.
#[derive(Debug, Clone)]
pub struct NewDisposal {
    pub registration: RegistrationId,
    /// The items' paths; empty: every item of the registration not yet disposed of.
    pub paths: Vec<String>,
    pub reason: String,
    /// The unit's written consent (文号).
    pub consent_reference: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum DisposalStatus {
    Pending,
    Approved,
    Rejected,
}

/// A medium that held the registration's bag when the disposal was approved.
#[derive(Debug, Clone, Serialize)]
pub struct MediumMark {
    pub label: String,
    pub marked_at: DateTime<Utc>,
    /// When its next write or repair removed the files; none: still on it.
    pub removed_at: Option<DateTime<Utc>>,
    pub removed_by: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Disposal {
    pub id: DisposalId,
    pub registration: RegistrationId,
    pub registration_number: String,
    pub unit_name: String,
    pub unit_uscc: Option<String>,
    pub title: String,
    /// The whole registration (every item not disposed of before).
    pub whole: bool,
    pub items: Vec<Item>,
    pub reason: String,
    pub consent_reference: String,
    pub status: DisposalStatus,
    pub applied_by: String,
    pub applied_at: DateTime<Utc>,
    pub decided_by: Option<String>,
    pub decided_at: Option<DateTime<Utc>>,
    pub decision_note: Option<String>,
    /// Vault objects that left with the approval (content other live items share stays).
    pub objects_removed: Option<i64>,
    pub media: Vec<MediumMark>,
}

/// Whether `item`'s retention has ended by `today`; the refusal says when it ends.
fn due_check(item: &Item, today: NaiveDate) -> Result<()> {
    let when = match (item.meta.retention, item.meta.date.as_deref()) {
        (Some(r), Some(d)) => match due_on(r, d) {
            Some(due) if due <= today => return Ok(()),
            Some(due) => format!("{} 起可销毁", due),
            None if r.years().is_none() => format!("保管期限为{}", r.as_str()),
            None => "日期无法识别".into(),
        },
        (Some(r), None) if r.years().is_none() => format!("保管期限为{}", r.as_str()),
        _ => "未著录保管期限或日期".into(),
    };
    Err(Error::NotDue { path: item.path.clone(), when })
}

impl Archive {
    fn no_hold(&self, reg: &Registration, today: NaiveDate) -> Result<()> {
        let holds = self.holds_in_force(reg.id, today)?;
        if holds.is_empty() {
            return Ok(());
        }
        let references = holds.iter().map(|h| h.reference.as_str()).collect::<Vec<_>>().join("、");
        Err(Error::OnHold { registration: reg.label(), references })
    }

    /// Records a disposal application for items past their retention.
    pub fn apply_disposal(&mut self, new: &NewDisposal, stamp: &Stamp) -> Result<Disposal> {
        self.authorize(stamp, &[Role::Clerk, Role::Reviewer, Role::Admin], "申请销毁")?;
        let reg = self.registration(new.registration)?;
        if reg.status != Status::Sealed {
            return Err(Error::NotSealed(reg.label()));
        }
        let (reason, consent) = (new.reason.trim(), new.consent_reference.trim());
        if reason.is_empty() {
            return Err(Error::Empty { what: "销毁理由" });
        }
        if consent.is_empty() {
            return Err(Error::Empty { what: "单位同意销毁的文号" });
        }
        let today = local_date(stamp.at);
        self.no_hold(&reg, today)?;
        let all = self.items(reg.id)?;
        let whole = new.paths.is_empty();
        let chosen: Vec<&Item> = if whole {
            all.iter().filter(|i| !i.is_disposed()).collect()
        } else {
            let mut chosen = Vec::new();
            for path in &new.paths {
                let item = all.iter().find(|i| &i.path == path).ok_or_else(|| Error::ItemNotFound(path.clone(), reg.label()))?;
                if !chosen.iter().any(|c: &&Item| c.id == item.id) {
                    chosen.push(item);
                }
            }
            chosen
        };
        if chosen.is_empty() {
            return Err(Error::Empty { what: "尚未销毁的文件" });
        }
        for item in &chosen {
            if let Some(at) = &item.disposed_at {
                return Err(Error::AlreadyDisposed { path: item.path.clone(), at: local(*at) });
            }
            due_check(item, today)?;
        }
        let tx = self.conn_mut().transaction()?;
        let id = store::insert(&tx, reg.id, whole, reason, consent, stamp)?;
        store::name_items(&tx, id, chosen.iter().map(|i| i.id))?;
        ledger::append(
            &tx,
            stamp,
            "disposal.apply",
            &reg.id.subject(),
            &serde_json::json!({
                "disposal": id.0, "whole": whole, "reason": reason, "consent_reference": consent,
                "paths": chosen.iter().map(|i| i.path.as_str()).collect::<Vec<_>>(),
            }),
        )?;
        tx.commit()?;
        self.disposal(id)
    }

    /// Approves (and so carries out) or rejects a pending disposal; never by its applicant.
    /// A rejection needs a note saying why.
    pub fn decide_disposal(&mut self, id: DisposalId, approve: bool, note: &str, stamp: &Stamp) -> Result<Disposal> {
        self.authorize(stamp, &[Role::Reviewer, Role::Admin], "审批销毁申请")?;
        let d = self.disposal(id)?;
        if d.status != DisposalStatus::Pending {
            return Err(Error::DisposalDecided(id.0));
        }
        if d.applied_by == stamp.operator {
            return Err(Error::SelfApproval);
        }
        let note = note.trim();
        if !approve {
            if note.is_empty() {
                return Err(Error::Empty { what: "驳回理由" });
            }
            let tx = self.conn_mut().transaction()?;
            store::reject(&tx, id, note, stamp)?;
            ledger::append(&tx, stamp, "disposal.reject", &d.registration.subject(), &serde_json::json!({"disposal": id.0, "note": note}))?;
            tx.commit()?;
            return self.disposal(id);
        }
        let reg = self.registration(d.registration)?;
        self.no_hold(&reg, local_date(stamp.at))?;
        for item in &d.items {
            if let Some(at) = &item.disposed_at {
                return Err(Error::AlreadyDisposed { path: item.path.clone(), at: local(*at) });
            }
        }
        // An intake settles objects before the rows naming them: none may run meanwhile.
        let Some(_vault) = self.take_lock(VAULT_LOCK)? else {
            return Err(Error::VaultBusy);
        };
        let tx = self.conn_mut().transaction()?;
        store::tombstone(&tx, id, reg.id, &d.items, stamp)?;
        // Objects only disposed items name (drafts' items count as holders too).
        // Nor what a lower archive's package holds (an upper archive keeps those for it).
        let lower = crate::upward::lower_objects(&tx)?;
        let leaving: Vec<Sha256> = store::leaving_objects(&tx, id)?.into_iter().filter(|s| !lower.contains_key(s)).collect();
        let media = store::mark_media(&tx, id, reg.id, stamp)?;
        store::approve(&tx, id, (!note.is_empty()).then_some(note), leaving.len() as i64, stamp)?;
        ledger::append(
            &tx,
            stamp,
            "registration.dispose",
            &reg.id.subject(),
            &serde_json::json!({
                "disposal": id.0, "whole": d.whole, "reason": d.reason, "consent_reference": d.consent_reference,
                "applied_by": d.applied_by, "note": (!note.is_empty()).then_some(note),
                "items": d.items.iter().map(|i| serde_json::json!({"path": i.path, "size": i.size, "sha256": i.sha256, "sm3": i.sm3})).collect::<Vec<_>>(),
                "objects_removed": leaving.len(), "media": media.iter().map(|(_, l)| l.as_str()).collect::<Vec<_>>(),
            }),
        )?;
        tx.commit()?;
        // After the commit: a crash here leaves unreferenced objects, never tombstones
        // whose content is still counted as held.
        for sha in &leaving {
            self.vault().remove(sha)?;
        }
        self.disposal(id)
    }

    pub fn disposal(&self, id: DisposalId) -> Result<Disposal> {
        let d = store::by_id(self.conn(), id)?.ok_or(Error::DisposalNotFound(id.0))?;
        self.with_items(d)
    }

    /// Every disposal application, newest first.
    pub fn disposals(&self) -> Result<Vec<Disposal>> {
        store::all(self.conn())?.into_iter().map(|d| self.with_items(d)).collect()
    }

    fn with_items(&self, mut d: Disposal) -> Result<Disposal> {
        let named = store::named_items(self.conn(), d.id)?;
        d.items = self.items(d.registration)?.into_iter().filter(|i| named.contains(&i.id)).collect();
        d.media = store::media_marks(self.conn(), d.id)?;
        Ok(d)
    }
}
