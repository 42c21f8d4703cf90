//! The access log (访问日志): who signed in, failed to, signed out, locked and unlocked the
//! screen, printed or verified a certificate, or exported data, in a hash chain of its own
//! (`ledger::Chain::Access`) that `ledger verify` checks with the ledger. Changes to the
//! archive, settings included, stay in the ledger.

use serde::Serialize;

use crate::accounts::Role;
use crate::archive::Archive;
use crate::error::{Error, Result};
use crate::ledger::{self, AuditFilter, Chain, Entry};
use crate::stamp::Stamp;

/// What an access log entry records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AccessEvent {
    SignIn,
    SignInFailed,
    SignOut,
    Lock,
    Unlock,
    UnlockFailed,
    CertPrint,
    CertVerify,
    Export,
}

impl AccessEvent {
    pub fn as_str(self) -> &'static str {
        match self {
            AccessEvent::SignIn => "sign_in",
            AccessEvent::SignInFailed => "sign_in_failed",
            AccessEvent::SignOut => "sign_out",
            AccessEvent::Lock => "lock",
            AccessEvent::Unlock => "unlock",
            AccessEvent::UnlockFailed => "unlock_failed",
            AccessEvent::CertPrint => "cert_print",
            AccessEvent::CertVerify => "cert_verify",
            AccessEvent::Export => "export",
        }
    }
}

/// A name as typed at a failed sign-in, kept short: it is whatever someone typed.
fn tried_name(name: &str) -> String {
    name.trim().chars().take(64).collect()
}

impl Archive {
    /// Appends to the access log in a transaction of its own.
    pub(crate) fn log_access(
        &mut self,
        operator: &str,
        event: AccessEvent,
        subject: &str,
        detail: &serde_json::Value,
        at: &str,
    ) -> Result<()> {
        let tx = self.conn_mut().transaction()?;
        ledger::append_to(&tx, Chain::Access, at, &tried_name(operator), event.as_str(), subject, detail)?;
        tx.commit()?;
        Ok(())
    }

    /// Records what a signed-in user did that changes nothing in the archive: a sign-out, a
    /// screen lock, a certificate printed or verified, an export (what and where to).
    pub fn record_access(&mut self, event: AccessEvent, subject: &str, detail: &serde_json::Value, stamp: &Stamp) -> Result<()> {
        if stamp.user().is_none() {
            return Err(Error::NotSignedIn);
        }
        self.log_access(&stamp.operator, event, subject, detail, &stamp.at_text())
    }

    /// Access log entries matching `filter` (operator, action or prefix, time bounds,
    /// limit), oldest first. Reviewers and admins only: it names who tried which account.
    pub fn access_log(&self, filter: &AuditFilter, stamp: &Stamp) -> Result<Vec<Entry>> {
        self.authorize(stamp, &[Role::Reviewer, Role::Admin], "查看访问日志")?;
        let action_like = filter.action.as_ref().map(|a| if a.ends_with('_') { format!("{a}%") } else { a.clone() });
        ledger::access_entries(self.conn(), filter, action_like)
    }
}
