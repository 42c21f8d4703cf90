//! A signed ledger checkpoint: a short plain-text note that anyone can check by hand.
//!
//! ```text
//! dengji-checkpoint-v1
//! <archive name>
//! <region code>
//! <ledger size>
//! <head hash, hex>
//! <time, RFC 3339 UTC>
//! <key fingerprint, hex>
//!
//! — dengji <base64 of the DER SM2 signature>
//! ```
//!
//! The signature covers the first seven lines with their newlines (everything before the
//! blank line), so `head -n 7 note.txt` is the signed text.

use base64::Engine;
use serde::Serialize;

use super::signed::SignatureCheck;
use crate::archive::Archive;
use crate::digest::{Sha256, Sm3};
use crate::error::{Error, Result};
use crate::ledger::{self, Checkpoint};
use crate::stamp::Stamp;

pub const NOTE_FORMAT: &str = "dengji-checkpoint-v1";
pub(crate) const SIGNATURE_PREFIX: &str = "— dengji ";

#[derive(Debug, Clone, Serialize)]
pub struct SignedCheckpoint {
    pub archive_name: String,
    pub region_code: String,
    pub checkpoint: Checkpoint,
    pub at: String,
    pub fingerprint: Sm3,
    /// The whole note, signature line included.
    pub text: String,
}

fn body(archive_name: &str, region_code: &str, c: &Checkpoint, at: &str, fingerprint: &Sm3) -> String {
    format!("{NOTE_FORMAT}\n{archive_name}\n{region_code}\n{}\n{}\n{at}\n{fingerprint}\n", c.size, c.head)
}

/// A signed text's body (everything before the blank line) and its signature, or why it
/// is none: the layout of checkpoint notes and report receipts alike.
pub(crate) fn split(text: &str) -> Result<(&str, Vec<u8>)> {
    let bad = |why: &str| Error::BadStatement(why.to_string());
    let text = text.trim_start_matches('\u{feff}');
    let Some(cut) = text.find("\n\n") else { return Err(bad("缺少签名前的空行")) };
    let (signed, rest) = (&text[..cut + 1], text[cut + 2..].trim());
    let b64 = rest.strip_prefix(SIGNATURE_PREFIX).ok_or_else(|| bad("签名行应以 “— dengji ” 开头"))?;
    let sig = base64::engine::general_purpose::STANDARD.decode(b64.trim()).map_err(|_| bad("签名不是有效的 base64"))?;
    Ok((signed, sig))
}

/// The fields of a note's signed body.
fn fields(signed: &str) -> Result<(String, String, Checkpoint, String, Sm3)> {
    let bad = |why: &str| Error::BadStatement(why.to_string());
    let lines: Vec<&str> = signed.trim_end_matches('\n').split('\n').collect();
    if lines.first() != Some(&NOTE_FORMAT) {
        return Err(bad("第一行应为 dengji-checkpoint-v1"));
    }
    if lines.len() != 7 {
        return Err(Error::BadStatement(format!("签名部分应有 7 行，实际 {} 行", lines.len())));
    }
    let size: i64 = lines[3].parse().ok().filter(|n| *n >= 0).ok_or_else(|| bad("第 4 行不是台账记录数"))?;
    let head: Sha256 = lines[4].parse().map_err(|_| bad("第 5 行不是 64 位十六进制的头哈希"))?;
    let fingerprint: Sm3 = lines[6].parse().map_err(|_| bad("第 7 行不是 64 位十六进制的密钥指纹"))?;
    Ok((lines[1].to_string(), lines[2].to_string(), Checkpoint { size, head }, lines[5].to_string(), fingerprint))
}

impl Archive {
    /// Signs the ledger's current checkpoint with the unlocked key.
    pub fn signed_checkpoint(&self, stamp: &Stamp) -> Result<SignedCheckpoint> {
        let info = self.info()?;
        let signer = self.signer()?;
        let fingerprint = signer.fingerprint;
        let checkpoint = ledger::checkpoint(self.conn())?;
        let at = stamp.at_text();
        let signed = body(&info.name, &info.region_code, &checkpoint, &at, &fingerprint);
        let text = format!("{signed}\n{SIGNATURE_PREFIX}{}\n", signer.sign_base64(signed.as_bytes()));
        Ok(SignedCheckpoint { archive_name: info.name, region_code: info.region_code, checkpoint, at, fingerprint, text })
    }

    /// Checks a signed checkpoint note: its signature against this archive's keys, and
    /// whether its head is the ledger's entry at that size.
    pub fn check_checkpoint_note(&self, text: &str) -> Result<(SignatureCheck, bool)> {
        let (signed, sig) = split(text)?;
        let (_, _, checkpoint, _, fingerprint) = fields(signed)?;
        let check = self.check_signature(signed.as_bytes(), &sig, Some(&fingerprint))?;
        let at_size = if checkpoint.size == 0 {
            Some(ledger::GENESIS)
        } else {
            ledger::entry_at(self.conn(), checkpoint.size)?.map(|e| e.entry_hash)
        };
        Ok((check, at_size == Some(checkpoint.head)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_note_splits_into_its_signed_body_and_signature() {
        let c = Checkpoint { size: 3, head: crate::digest::sha256(b"h") };
        let fp = crate::digest::sm3(b"k");
        let signed = body("某县档案馆", "330102", &c, "2026-12-06T00:00:00Z", &fp);
        let text = format!("{signed}\n— dengji AAEC\n");
        let (b, sig) = split(&text).unwrap();
        assert_eq!(b, signed);
        assert_eq!(sig, vec![0, 1, 2]);
        assert_eq!(signed.lines().count(), 7);
        let (name, region, cp, at, f) = fields(b).unwrap();
        assert_eq!((name.as_str(), region.as_str(), cp, at.as_str(), f), ("某县档案馆", "330102", c, "2026-12-06T00:00:00Z", fp));
        for bad in ["", "dengji-checkpoint-v1\n", &text.replace("— dengji", "-- dengji"), &text.replace("\n3\n", "\nx\n")] {
            assert!(split(bad).and_then(|(b, _)| fields(b)).is_err(), "{bad:?}");
        }
    }
}
