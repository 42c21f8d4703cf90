//! The seal gate (DA/T 70: checked at receipt). A draft seals only when the check of its
//! current content has no error finding, or a reviewer accepted each one with a reason.
//! An acceptance names the finding's rule and item, and the item's content (SHA-256) as
//! it was: a file taken again with other content is judged again.
use chrono::{DateTime, Utc};

use std::collections::HashMap;

use crate::catalog::Conn;
use serde::{Deserialize, Serialize};

use super::{store, CheckFinding, CheckSummary, Severity, Source};
use crate::accounts::Role;
use crate::archive::Archive;
use crate::error::{Error, Result};
use crate::ids::RegistrationId;
use crate::ledger;
use crate::progress::{CancelToken, NoProgress};
use crate::stamp::Stamp;

/// A reviewer's acceptance of one error finding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckAcceptance {
    pub rule: String,
    /// The item's path; None for a finding about the whole registration.
    pub item: Option<String>,
    /// The finding as the reviewer saw it.
    pub message: String,
    pub reason: String,
    pub accepted_by: String,
    pub accepted_at: DateTime<Utc>,
}

/// An error finding of a draft's current content and the acceptance covering it, if any.
#[derive(Debug, Clone, Serialize)]
pub struct CheckError {
    pub finding: CheckFinding,
    pub accepted: Option<CheckAcceptance>,
}

/// Which error findings a reviewer accepts.
#[derive(Debug, Clone, Copy)]
pub enum AcceptScope<'a> {
    /// Every error finding not yet accepted.
    All,
    /// Those of one rule, of one item when given (else of every item and the whole
    /// registration).
    Rule { rule: &'a str, item: Option<&'a str> },
}

/// The seal's own check of the content it froze, as its ledger entry records it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SealCheck {
    /// Findings by property and severity.
    pub summary: CheckSummary,
    /// The acceptances that covered its errors.
    pub accepted: Vec<CheckAcceptance>,
}

/// What identifies the finding an acceptance covers: rule, item path ('' for the whole
/// registration), the item's SHA-256 ('' likewise).
pub(super) type Key = (String, String, String);

impl Archive {
    /// The error findings of a draft's current content (on the facts intake kept, so
    /// nothing is read twice), each with its acceptance. Not kept: it is a look, not a check.
    pub fn check_errors(&mut self, id: RegistrationId, stamp: &Stamp) -> Result<Vec<CheckError>> {
        self.authorize(stamp, &[Role::Clerk, Role::Reviewer], "查看检测错误")?;
        self.draft_for_edit(id)?;
        Ok(self.current_errors(id, stamp)?.1)
    }

    /// The check of a draft's current content, not kept, and its error findings with
    /// their acceptances: what `check_errors` shows, `accept_check_errors` accepts and the
    /// seal requires accepted.
    fn current_errors(&mut self, id: RegistrationId, stamp: &Stamp) -> Result<(CheckSummary, Vec<CheckError>)> {
        let report = self.run_check(id, Source::Intake, false, stamp, &NoProgress, &CancelToken::new())?;
        Ok((report.summary, errors_with_acceptances(self.conn(), id, report.findings)?))
    }

    /// A reviewer accepts error findings of a draft with a reason (e.g. a scan that cannot
    /// be made again, a catalogue the unit does not keep). Under 双人封存 not one who took
    /// files into it. Returns the acceptances added; `All` when nothing is open adds none.
    pub fn accept_check_errors(
        &mut self,
        id: RegistrationId,
        scope: AcceptScope<'_>,
        reason: &str,
        stamp: &Stamp,
    ) -> Result<Vec<CheckAcceptance>> {
        self.authorize(stamp, &[Role::Reviewer], "接受四性检测错误")?;
        self.draft_for_edit(id)?;
        let reason = reason.trim();
        if reason.is_empty() {
            return Err(Error::Empty { what: "接受理由" });
        }
        self.refuse_preparer(id, stamp)?;
        let open: Vec<CheckFinding> = self
            .current_errors(id, stamp)?
            .1
            .into_iter()
            .filter(|e| e.accepted.is_none())
            .map(|e| e.finding)
            .filter(|f| match scope {
                AcceptScope::All => true,
                AcceptScope::Rule { rule, item } => f.rule == rule && (item.is_none() || f.item.as_deref() == item),
            })
            .collect();
        if open.is_empty() {
            return match scope {
                AcceptScope::All => Ok(Vec::new()),
                AcceptScope::Rule { rule, item } => {
                    Err(Error::CheckErrorNotFound { rule: rule.to_string(), item: item.unwrap_or_default().to_string() })
                }
            };
        }
        let digests = store::item_digests(self.conn(), id)?;
        let at = stamp.at;
        let tx = self.conn_mut().transaction()?;
        let mut added = Vec::new();
        for f in open {
            let (rule, item, sha) = key_of(&f, &digests);
            store::insert_acceptance(&tx, id, (&rule, &item, &sha), &f.message, reason, &stamp.operator, at)?;
            added.push(CheckAcceptance {
                rule,
                item: f.item,
                message: f.message,
                reason: reason.to_string(),
                accepted_by: stamp.operator.clone(),
                accepted_at: at,
            });
        }
        let payload = serde_json::json!({"reason": reason, "accepted": added.iter().map(|a| {
            serde_json::json!({"rule": a.rule, "item": a.item, "message": a.message})
        }).collect::<Vec<_>>()});
        ledger::append(&tx, stamp, "registration.check_accept", &id.subject(), &payload)?;
        tx.commit()?;
        Ok(added)
    }

    /// Under 双人封存 nobody who took files into a draft may seal it or accept its errors.
    pub(crate) fn refuse_preparer(&self, id: RegistrationId, stamp: &Stamp) -> Result<()> {
        if self.four_eyes()? {
            let preparers = self.preparers(id)?;
            if preparers.contains(&stamp.operator) {
                return Err(Error::FourEyes(preparers.join("、")));
            }
        }
        Ok(())
    }

    /// The seal's own check of the draft's current content (on the facts intake kept),
    /// refused while an error finding is not accepted. The seal entry is its record.
    pub(crate) fn seal_gate(&mut self, id: RegistrationId, stamp: &Stamp) -> Result<SealCheck> {
        let (summary, errors) = self.current_errors(id, stamp)?;
        let open: Vec<&CheckError> = errors.iter().filter(|e| e.accepted.is_none()).collect();
        if let Some(first) = open.first() {
            let f = &first.finding;
            let first = format!("{}：{}（{}）", f.item.as_deref().unwrap_or("整个登记"), f.message, f.rule);
            return Err(Error::SealCheckErrors { id: id.0, count: open.len(), first });
        }
        Ok(SealCheck { summary, accepted: errors.into_iter().filter_map(|e| e.accepted).collect() })
    }

    /// The acceptances of a registration's check errors, oldest first.
    pub fn check_acceptances(&self, id: RegistrationId) -> Result<Vec<CheckAcceptance>> {
        self.registration(id)?;
        Ok(store::acceptances(self.conn(), id)?.into_iter().map(|(_, a)| a).collect())
    }

    /// What the seal recorded of its check; None for a draft or a seal from before the gate.
    pub fn seal_check(&self, id: RegistrationId) -> Result<Option<SealCheck>> {
        store::seal_check(self.conn(), id)?
            .map(|t| serde_json::from_str(&t).map_err(|e| Error::Integrity(format!("封存时的检测记录无法读取：{e}"))))
            .transpose()
    }
}

fn errors_with_acceptances(conn: &Conn, id: RegistrationId, findings: Vec<CheckFinding>) -> Result<Vec<CheckError>> {
    let digests = store::item_digests(conn, id)?;
    // Names that are not UTF-8 can show as the same path: one acceptance covers them all.
    let accepted: HashMap<Key, CheckAcceptance> = store::acceptances(conn, id)?.into_iter().collect();
    Ok(findings
        .into_iter()
        .filter(|f| f.severity == Severity::Error)
        .map(|f| {
            let accepted = accepted.get(&key_of(&f, &digests)).cloned();
            CheckError { finding: f, accepted }
        })
        .collect())
}

fn key_of(f: &CheckFinding, digests: &HashMap<String, String>) -> Key {
    let item = f.item.clone().unwrap_or_default();
    let sha = digests.get(&item).cloned().unwrap_or_default();
    (f.rule.to_string(), item, sha)
}
