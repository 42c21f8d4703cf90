//! Disposal applications (销毁申请): a clerk names items of a sealed registration whose
//! retention has ended (or all of it), with a reason and the unit's written consent; a
//! reviewer or admin other than the applicant approves or rejects it. Approval carries it
//! out at once: a tombstone per item (digests, who, when), the content leaves the vault
//! (objects no other live item holds), and every medium holding the registration's bag is
//! marked, so its next write or repair removes the files (`media::purge`). The sealed
//! rows never change. A legal hold in force blocks both the application and the approval.

use crate::catalog::{params, OptionalExtension};
use chrono::NaiveDate;
use serde::Serialize;

use super::due::{archive_day, due_on};
use crate::accounts::Role;
use crate::archive::Archive;
use crate::digest::Sha256;
use crate::discard::VAULT_LOCK;
use crate::error::{Error, Result};
use crate::ids::{DisposalId, RegistrationId};
use crate::ledger;
use crate::registrations::{Item, Registration, Status};
use crate::stamp::{local_text, Stamp};

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
    pub marked_at: String,
    /// When its next write or repair removed the files; none: still on it.
    pub removed_at: Option<String>,
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
    pub applied_at: String,
    pub decided_by: Option<String>,
    pub decided_at: Option<String>,
    pub decision_note: Option<String>,
    /// Vault objects that left with the approval (content other live items share stays).
    pub objects_removed: Option<i64>,
    pub media: Vec<MediumMark>,
}

const DISPOSAL_SELECT: &str = "SELECT d.id, d.registration_id, r.registration_number, u.name, u.uscc, r.title, d.whole, d.reason,
        d.consent_reference, d.status, d.applied_by, d.applied_at, d.decided_by, d.decided_at, d.decision_note, d.objects_removed
     FROM disposals d JOIN registrations r ON r.id = d.registration_id JOIN units u ON u.id = r.unit_id";

fn row_to_disposal(r: &crate::catalog::Row<'_>) -> crate::catalog::SqlResult<Disposal> {
    let status: String = r.get(9)?;
    Ok(Disposal {
        id: DisposalId(r.get(0)?),
        registration: RegistrationId(r.get(1)?),
        registration_number: r.get(2)?,
        unit_name: r.get(3)?,
        unit_uscc: r.get(4)?,
        title: r.get(5)?,
        whole: r.get(6)?,
        items: Vec::new(),
        reason: r.get(7)?,
        consent_reference: r.get(8)?,
        status: match status.as_str() {
            "approved" => DisposalStatus::Approved,
            "rejected" => DisposalStatus::Rejected,
            _ => DisposalStatus::Pending,
        },
        applied_by: r.get(10)?,
        applied_at: r.get(11)?,
        decided_by: r.get(12)?,
        decided_at: r.get(13)?,
        decision_note: r.get(14)?,
        objects_removed: r.get(15)?,
        media: Vec::new(),
    })
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
        let today = archive_day(stamp.at);
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
                return Err(Error::AlreadyDisposed { path: item.path.clone(), at: local_text(at) });
            }
            due_check(item, today)?;
        }
        let tx = self.conn_mut().transaction()?;
        tx.execute(
            "INSERT INTO disposals (registration_id, whole, reason, consent_reference, applied_by, applied_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![reg.id.0, whole, reason, consent, stamp.operator, stamp.at_text()],
        )?;
        let id = DisposalId(tx.last_insert_rowid()?);
        for item in &chosen {
            tx.execute("INSERT INTO disposal_items (disposal_id, item_id) VALUES (?1, ?2)", params![id.0, item.id.0])?;
        }
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
            tx.execute(
                "UPDATE disposals SET status = 'rejected', decided_by = ?2, decided_at = ?3, decision_note = ?4 WHERE id = ?1",
                params![id.0, stamp.operator, stamp.at_text(), note],
            )?;
            ledger::append(&tx, stamp, "disposal.reject", &d.registration.subject(), &serde_json::json!({"disposal": id.0, "note": note}))?;
            tx.commit()?;
            return self.disposal(id);
        }
        let reg = self.registration(d.registration)?;
        self.no_hold(&reg, archive_day(stamp.at))?;
        for item in &d.items {
            if let Some(at) = &item.disposed_at {
                return Err(Error::AlreadyDisposed { path: item.path.clone(), at: local_text(at) });
            }
        }
        // An intake settles objects before the rows naming them: none may run meanwhile.
        let Some(_vault) = self.take_lock(VAULT_LOCK)? else {
            return Err(Error::VaultBusy);
        };
        let tx = self.conn_mut().transaction()?;
        for item in &d.items {
            tx.execute(
                "INSERT INTO disposed_items (item_id, disposal_id, registration_id, path, size, sha256, sm3, disposed_at, disposed_by)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                params![item.id.0, id.0, reg.id.0, item.path, item.size, item.sha256, item.sm3, stamp.at_text(), stamp.operator],
            )?;
        }
        // Objects only disposed items name (drafts' items count as holders too).
        let leaving: Vec<Sha256> = {
            let mut st = tx.prepare(
                "SELECT DISTINCT sha256 FROM disposed_items WHERE disposal_id = ?1
                 AND sha256 NOT IN (SELECT i.sha256 FROM items i WHERE i.id NOT IN (SELECT item_id FROM disposed_items))",
            )?;
            let rows = st.query_map([id.0], |r| r.get(0))?;
            rows.collect::<crate::catalog::SqlResult<_>>()?
        };
        let media: Vec<(i64, String)> = {
            let mut st = tx.prepare(
                "SELECT m.id, m.label FROM media_bags b JOIN media m ON m.id = b.medium_id WHERE b.registration_id = ?1 ORDER BY m.label",
            )?;
            let rows = st.query_map([reg.id.0], |r| Ok((r.get(0)?, r.get(1)?)))?;
            rows.collect::<crate::catalog::SqlResult<_>>()?
        };
        for (medium, _) in &media {
            tx.execute(
                "INSERT INTO media_disposals (medium_id, disposal_id, registration_id, marked_at) VALUES (?1, ?2, ?3, ?4)",
                params![medium, id.0, reg.id.0, stamp.at_text()],
            )?;
        }
        tx.execute(
            "UPDATE disposals SET status = 'approved', decided_by = ?2, decided_at = ?3, decision_note = ?4, objects_removed = ?5
             WHERE id = ?1",
            params![id.0, stamp.operator, stamp.at_text(), (!note.is_empty()).then_some(note), leaving.len() as i64],
        )?;
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
        let d = self
            .conn()
            .query_row(&format!("{DISPOSAL_SELECT} WHERE d.id = ?1"), [id.0], row_to_disposal)
            .optional()?
            .ok_or(Error::DisposalNotFound(id.0))?;
        self.with_items(d)
    }

    /// Every disposal application, newest first.
    pub fn disposals(&self) -> Result<Vec<Disposal>> {
        let mut st = self.conn().prepare(&format!("{DISPOSAL_SELECT} ORDER BY d.id DESC"))?;
        let rows = st.query_map((), row_to_disposal)?;
        let all: Vec<Disposal> = rows.collect::<crate::catalog::SqlResult<_>>()?;
        all.into_iter().map(|d| self.with_items(d)).collect()
    }

    fn with_items(&self, mut d: Disposal) -> Result<Disposal> {
        let named: Vec<i64> = {
            let mut st = self.conn().prepare("SELECT item_id FROM disposal_items WHERE disposal_id = ?1")?;
            let rows = st.query_map([d.id.0], |r| r.get(0))?;
            rows.collect::<crate::catalog::SqlResult<_>>()?
        };
        d.items = self.items(d.registration)?.into_iter().filter(|i| named.contains(&i.id.0)).collect();
        let mut st = self.conn().prepare(
            "SELECT m.label, x.marked_at, x.removed_at, x.removed_by FROM media_disposals x JOIN media m ON m.id = x.medium_id
             WHERE x.disposal_id = ?1 ORDER BY m.label",
        )?;
        let rows = st.query_map([d.id.0], |r| {
            Ok(MediumMark { label: r.get(0)?, marked_at: r.get(1)?, removed_at: r.get(2)?, removed_by: r.get(3)? })
        })?;
        d.media = rows.collect::<crate::catalog::SqlResult<_>>()?;
        Ok(d)
    }
}
