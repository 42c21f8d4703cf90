//! Issuing a certificate (出具登记证明) and printing it again (打印).

use std::time::Instant;

use super::model::{self, CertContent, Certificate};
use super::number;
use super::render::{render, render_watched, Qr, LAYOUT};
use super::statement::{self, Statement};
use super::store;
use crate::accounts::Role;
use crate::archive::Archive;
use crate::digest;
use crate::error::{Error, Result};
use crate::ids::RegistrationId;
use crate::ledger;
use crate::progress::{CancelToken, JobProgress, NoProgress, Phase, Progress};
use crate::registrations::Status;
use crate::seal;
use crate::stamp::Stamp;

impl Archive {
    /// Issues a certificate for a sealed registration and returns it with its PDF. The
    /// row and the `certificate.issue` ledger entry (with the PDF's digests) are written
    /// in one transaction; the checkpoint printed is the ledger just before that entry.
    /// A registration that has a certificate already gets a reissue (补发) with its own
    /// number, which supersedes the earlier one.
    pub fn issue_certificate(&mut self, reg: RegistrationId, stamp: &Stamp) -> Result<(Certificate, Vec<u8>)> {
        self.issue_certificate_with(reg, stamp, &NoProgress, &CancelToken::new())
    }

    /// `issue_certificate`, reporting the annex's files as they are laid out (a large
    /// registration's annex runs to thousands of pages); cancelled, nothing is issued and
    /// no number is used (the transaction is rolled back).
    pub fn issue_certificate_with(
        &mut self,
        reg: RegistrationId,
        stamp: &Stamp,
        progress: &dyn Progress,
        cancel: &CancelToken,
    ) -> Result<(Certificate, Vec<u8>)> {
        self.authorize(stamp, &[Role::Clerk], "出具登记证明")?;
        // Every certificate is signed: without an unlocked key none is issued.
        let signer = self.signer()?.clone();
        let r = self.registration(reg)?;
        if r.status != Status::Sealed {
            return Err(Error::CertNotSealed(r.label()));
        }
        let info = self.info()?;
        let items = store::annex_items(self.conn(), reg)?;
        let tx = self.conn_mut().transaction()?;
        let (digests, files, bytes) = seal::package_digests(&tx, reg)?;
        let (Some(number), Some(sealed_at)) = (r.registration_number.clone(), r.sealed_at) else {
            return Err(Error::CertNotSealed(r.label()));
        };
        if r.package_sm3 != Some(digests.sm3) || r.package_sha256 != Some(digests.sha256) || items.len() as i64 != files {
            return Err(Error::Integrity(format!("登记 {number} 的文件清单与封存时的包摘要不符，不能出具证明。请核验台账查明原因。")));
        }
        let previous = store::current_of(&tx, reg)?;
        let checkpoint = ledger::checkpoint(&tx)?;
        let assigned = number::next(&tx, &info.region_code, stamp.at)?;
        let content = CertContent {
            certificate_number: assigned.number,
            reissue_of: previous.as_ref().map(|p| p.number().to_string()),
            registration_id: reg,
            registration_number: number,
            title: r.title.clone(),
            kind: r.kind,
            unit_name: r.unit.name.clone(),
            unit_uscc: r.unit.uscc.clone(),
            sealed_at,
            files,
            bytes,
            package_sm3: digests.sm3,
            package_sha256: digests.sha256,
            region_name: info.region_name.clone().unwrap_or_else(|| info.region_code.clone()),
            archive_name: info.name,
            region_code: info.region_code,
            checkpoint,
            issued_at: stamp.at,
            issued_by: stamp.operator.clone(),
            layout: LAYOUT,
            witnessed: crate::upward::witness_at(&tx, checkpoint.size)?,
            series: crate::series::line_at(&tx, reg, checkpoint.size)?,
        };
        let statement = Statement::of(&content, signer.fingerprint);
        let signed = statement.text(&signer.sign(statement.body().as_bytes()));
        let started = Instant::now();
        let report = |phase, done: usize| progress.report(&JobProgress::steps(phase, done, items.len(), started));
        report(Phase::Hashing, 0);
        let pdf = render_watched(&content, &items, Qr::Signed { text: &signed, fingerprint: &signer.fingerprint }, &mut |done| {
            report(Phase::Hashing, done);
            !cancel.is_cancelled()
        })?;
        report(Phase::Finishing, items.len());
        let pdf_digests = digest::dual(&pdf);
        let id =
            store::insert(&tx, &content, (assigned.year, assigned.seq), previous.as_ref().map(|p| p.id), &pdf_digests, pdf.len() as i64)?;
        store::insert_statement(&tx, id, &signed, &signer.fingerprint)?;
        let issued = store::by_id(&tx, id)?.expect("inserted above");
        ledger::append(&tx, stamp, "certificate.issue", &reg.subject(), &model::ledger_payload(&issued))?;
        tx.commit()?;
        Ok((issued, pdf))
    }

    /// The PDF of an issued certificate, rendered again from the catalog. It is the same
    /// file that was issued (checked against the recorded SHA-256 before it is returned).
    pub fn render_certificate(&self, cert: &Certificate) -> Result<Vec<u8>> {
        let items = store::annex_items(self.conn(), cert.content.registration_id)?;
        let pdf = match &cert.statement {
            None => render(&cert.content, &items, Qr::Unsigned)?,
            Some(text) => {
                let fingerprint = statement::parse(text)?.statement.fingerprint;
                render(&cert.content, &items, Qr::Signed { text, fingerprint: &fingerprint })?
            }
        };
        let now = digest::sha256(&pdf);
        if now != cert.pdf_sha256 {
            return Err(Error::CertReprintDiffers {
                number: cert.number().to_string(),
                issued: cert.pdf_sha256.to_hex(),
                now: now.to_hex(),
            });
        }
        Ok(pdf)
    }
}
