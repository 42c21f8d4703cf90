//! The disposal record (销毁清单) of an approved disposal, as a PDF signed with the
//! archive key when it is unlocked.

use crate::archive::Archive;
use crate::cert::render_disposal;
use crate::error::{Error, Result};
use crate::ids::DisposalId;

use super::apply::DisposalStatus;

/// The PDF and, when the archive key is unlocked, its SM2 signature (`<file>.sig`).
pub struct DisposalRecord {
    pub pdf: Vec<u8>,
    pub signature: Option<Vec<u8>>,
}

/// The record's file name.
pub fn record_file_name(number: &str, id: DisposalId) -> String {
    format!("销毁清单-{number}-申请{}.pdf", id.0)
}

impl Archive {
    pub fn disposal_record(&self, id: DisposalId) -> Result<DisposalRecord> {
        let d = self.disposal(id)?;
        if d.status != DisposalStatus::Approved {
            return Err(Error::DisposalNotApproved(id.0));
        }
        let pdf = render_disposal(&self.info()?.name, &d, self.report_signature_note().as_deref())?;
        let signature = self.report_signature(&pdf);
        Ok(DisposalRecord { pdf, signature })
    }
}
