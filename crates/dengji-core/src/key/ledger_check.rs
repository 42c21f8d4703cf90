//! `ledger verify` for the archive's keys: each key's certificate must carry the key its
//! row names and be signed by it, each successor must be linked to its predecessor by a
//! certificate and a statement the predecessor signed, and each key must have the ledger
//! entry that made it (a key slipped into the catalog by hand has none).

use crate::catalog::Conn;
use base64::Engine;

use super::{material, store};
use crate::digest::{sm3, Sm3};
use crate::error::Result;
use crate::ledger;
use crate::verify::LedgerProblem;

/// Whether one of `entries` about `subject` registered the key `fingerprint` with the
/// certificate `certificate` (its payload names both).
pub(crate) fn records_key(entries: &[ledger::Entry], subject: &str, fingerprint: &Sm3, certificate: &str) -> bool {
    entries.iter().any(|e| {
        let p: serde_json::Value = serde_json::from_str(&e.payload).unwrap_or_default();
        e.subject == subject
            && p.get("fingerprint").and_then(|v| v.as_str()) == Some(fingerprint.to_hex().as_str())
            && p.get("certificate_sm3").and_then(|v| v.as_str()) == Some(sm3(certificate.as_bytes()).to_hex().as_str())
    })
}

pub(crate) fn check_keys(conn: &Conn, problems: &mut Vec<LedgerProblem>) -> Result<()> {
    let keys = store::all(conn)?;
    let mut entries = ledger::entries_with_action(conn, "key.create")?;
    entries.extend(ledger::entries_with_action(conn, "key.rotate")?);
    for (i, k) in keys.iter().enumerate() {
        let subject = format!("key:{}", k.number);
        let mut problem = |message: String| problems.push(LedgerProblem { seq: None, subject: subject.clone(), message });
        let public = match material::certificate_key(&k.certificate) {
            Ok(p) => p,
            Err(e) => {
                problem(format!("第 {} 号机构密钥的证书无法读取：{e}", k.number));
                continue;
            }
        };
        if material::fingerprint(&public)? != k.fingerprint || !material::certificate_signed_by(&k.certificate, &public)? {
            problem(format!("第 {} 号机构密钥的证书与其指纹不符，或不是该密钥自签的", k.number));
        }
        if i > 0 {
            let before = material::certificate_key(&keys[i - 1].certificate)?;
            let cross_ok = match &k.cross_certificate {
                Some(c) => {
                    let carried = material::certificate_key(c).ok().map(|k| k.to_sec1_bytes());
                    carried == Some(public.to_sec1_bytes()) && material::certificate_signed_by(c, &before)?
                }
                None => false,
            };
            let statement_ok = match (&k.rotation_statement, &k.rotation_signature) {
                (Some(text), Some(sig)) => base64::engine::general_purpose::STANDARD
                    .decode(sig)
                    .map(|der| material::verify(&before, text.as_bytes(), &der))
                    .unwrap_or(false),
                _ => false,
            };
            if !cross_ok || !statement_ok {
                problem(format!("第 {} 号机构密钥与第 {} 号之间的轮换证书或轮换声明无效", k.number, k.number - 1));
            }
        }
        if !records_key(&entries, &subject, &k.fingerprint, &k.certificate) {
            problem(format!("第 {} 号机构密钥没有对应的台账记录，或与台账记录不符（被插入或改动）", k.number));
        }
    }
    Ok(())
}
