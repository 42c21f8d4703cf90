//! Sealing (封存): number assignment, package digests, freezing.
//!
//! The package digests are SM3 and SHA-256 over the canonical manifest of the
//! registration (see ARCHITECTURE.md): the line `dengji-package-v1`, then one line per
//! item, sorted by the bytes of its original path:
//! `<sha256 hex> <sm3 hex> <size> <path, RFC 8493 percent-encoded>\n`.

use crate::catalog::Conn;
use chrono::{DateTime, Datelike, Utc};
use serde::Serialize;

use crate::accounts::Role;
use crate::archive::Archive;
use crate::check::SealCheck;
use crate::digest::{DualDigest, DualHasher, Sha256, Sm3};
use crate::error::{Error, Result};
use crate::ids::RegistrationId;
use crate::ledger;
use crate::pathenc;
use crate::registrations::{store, Status};
use crate::stamp::Stamp;

#[derive(Debug, Clone, Serialize)]
pub struct SealReport {
    pub id: RegistrationId,
    pub registration_number: String,
    pub sealed_at: DateTime<Utc>,
    pub package_sm3: Sm3,
    pub package_sha256: Sha256,
    pub files: i64,
    pub bytes: i64,
    /// The check of the content that let it seal.
    pub check: SealCheck,
}

/// Canonical manifest digests of a registration's items as they are in the catalog now.
pub fn package_digests(conn: &Conn, id: RegistrationId) -> Result<(DualDigest, i64, i64)> {
    let mut h = DualHasher::new();
    let (files, bytes) = manifest(conn, id, |line| h.update(line))?;
    Ok((h.finish().0, files, bytes))
}

/// The canonical manifest itself: the bytes whose SM3 and SHA-256 are the package digests.
pub fn canonical_manifest(conn: &Conn, id: RegistrationId) -> Result<Vec<u8>> {
    let mut out = Vec::new();
    manifest(conn, id, |line| out.extend_from_slice(line))?;
    Ok(out)
}

/// Feeds the canonical manifest to `sink` line by line; returns the file count and bytes.
fn manifest(conn: &Conn, id: RegistrationId, mut sink: impl FnMut(&[u8])) -> Result<(i64, i64)> {
    sink(b"dengji-package-v1\n");
    let (mut files, mut bytes) = (0i64, 0i64);
    store::each_manifest_line(conn, id, &mut |l| {
        sink(format!("{} {} {} {}\n", l.sha256, l.sm3, l.size, pathenc::manifest_encode(&l.raw)).as_bytes());
        files += 1;
        bytes += l.size;
    })?;
    Ok((files, bytes))
}

/// Digest of every stored field of a registration's items, so that a hand edit of any
/// column of a sealed item (not only those in the package manifest) is detected.
pub fn items_fingerprint(conn: &Conn, id: RegistrationId) -> Result<Sha256> {
    let mut text = String::new();
    store::each_item_fields(conn, id, &mut |fields| {
        text.push_str(&serde_json::to_string(fields).expect("tuple serialises"));
        text.push('\n');
    })?;
    Ok(crate::digest::sha256(text.as_bytes()))
}

/// What the seal ledger entry records, computed from the catalog as it is now: seal
/// writes it, `ledger verify` recomputes it and compares. None when the row is gone.
pub(crate) fn seal_record(conn: &Conn, id: RegistrationId) -> Result<Option<(serde_json::Value, DualDigest)>> {
    let Some((number, uscc, title, kind, sealed_at, check)) = store::seal_row(conn, id)? else { return Ok(None) };
    let (digests, files, bytes) = package_digests(conn, id)?;
    let mut payload = serde_json::json!({
        "registration_number": number.unwrap_or_default(), "unit_uscc": uscc, "title": title, "kind": kind,
        "sealed_at": sealed_at.unwrap_or_default(), "package_sm3": digests.sm3, "package_sha256": digests.sha256,
        "files": files, "bytes": bytes, "items_fingerprint": items_fingerprint(conn, id)?,
    });
    // Only when there is metadata, so seals from before it existed verify unchanged.
    if let Some(meta) = crate::metadata::fingerprint(conn, id)? {
        payload["metadata_fingerprint"] = serde_json::json!(meta);
    }
    // Likewise only for seals made through the check gate. Unreadable text is compared as
    // text, so a hand edit of the column still shows.
    if let Some(text) = check {
        payload["check"] = serde_json::from_str(&text).unwrap_or(serde_json::Value::String(text));
    }
    // And only for a series' versions: which series, period and version it is.
    if let Some((series, period, version)) = crate::series::membership_of(conn, id)? {
        payload["series"] = serde_json::json!({"id": series.0, "period": period, "version": version});
    }
    Ok(Some((payload, digests)))
}

impl Archive {
    /// Seals a draft. `confirm_title`, when given, must equal the title (the UI asks the
    /// clerk to type it, so a seal is never one stray click).
    pub fn seal(&mut self, id: RegistrationId, confirm_title: Option<&str>, stamp: &Stamp) -> Result<SealReport> {
        self.authorize(stamp, &[Role::Reviewer], "封存")?;
        let reg = self.registration(id)?;
        if reg.status == Status::Sealed {
            return Err(Error::Sealed(reg.label()));
        }
        if let Some(t) = confirm_title {
            if t.trim() != reg.title {
                return Err(Error::SealConfirmMismatch);
            }
        }
        // An intake still writing into this draft holds its lock.
        let lock = self.lock_draft(id)?;
        self.refuse_preparer(id, stamp)?;
        let blockers = self.seal_blockers(id)?;
        if !blockers.is_empty() {
            return Err(Error::SealBlocked { id: id.0, reasons: blockers.join("；") });
        }
        // Every object must be in the vault before the registration is frozen.
        for item in self.items(id)? {
            if !self.vault().contains(&item.sha256)? {
                return Err(Error::VaultObject(item.sha256.to_hex()));
            }
        }
        // DA/T 70: the content as it is now, checked; each error accepted by a reviewer.
        let check = self.seal_gate(id, stamp)?;
        let check_json = serde_json::to_string(&check).expect("a seal check serialises");
        let region = self.info()?.region_code;
        let year = crate::stamp::local_date(stamp.at).year();
        let sealed_at = stamp.at_text();
        let tx = self.conn_mut().transaction()?;
        let seq = store::next_seq(&tx, year)?;
        let number = format!("{region}-{year}-{seq:06}");
        let (digests, files, bytes) = package_digests(&tx, id)?;
        let sealed =
            store::Sealed { number: &number, year, seq, at: &sealed_at, by: &stamp.operator, digests: &digests, check: &check_json };
        // A series' hand-over becomes its next version as it is sealed.
        crate::series::assign_version(&tx, id)?;
        store::seal(&tx, id, &sealed)?;
        let (payload, _) = seal_record(&tx, id)?.expect("the row was updated above");
        ledger::append(&tx, stamp, "registration.seal", &id.subject(), &payload)?;
        tx.commit()?;
        set_objects_readonly(self, id)?;
        drop(lock);
        Ok(SealReport {
            id,
            registration_number: number,
            sealed_at: stamp.at,
            package_sm3: digests.sm3,
            package_sha256: digests.sha256,
            files,
            bytes,
            check,
        })
    }
}

impl Archive {
    /// Who took files into this draft (created it or added files), from the ledger: under
    /// 双人封存 none of them may seal it.
    pub fn preparers(&self, id: RegistrationId) -> Result<Vec<String>> {
        let mut names: Vec<String> = self
            .ledger_entries(id)?
            .into_iter()
            .filter(|e| matches!(e.action.as_str(), "registration.create" | "registration.add_items" | "registration.intake"))
            .map(|e| e.operator)
            .collect();
        names.sort();
        names.dedup();
        Ok(names)
    }
}

/// Objects are written read-only; this re-asserts it for a sealed registration's objects
/// in case a permission was changed meanwhile.
fn set_objects_readonly(archive: &Archive, id: RegistrationId) -> Result<()> {
    for item in archive.items(id)? {
        archive.vault().protect(&item.sha256)?;
    }
    Ok(())
}
