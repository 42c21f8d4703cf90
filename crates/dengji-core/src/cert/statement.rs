//! The signed statement of a certificate (layout 2), carried by its QR code: one line of
//! `|`-separated fields, then `|SIG=` and the base64 of the DER SM2 signature over every
//! byte before `|SIG=`:
//!
//! ```text
//! DJC2|<certificate number>|<registration number>|<unit USCC, empty for an individual>|
//!     <seal time, RFC 3339 UTC>|<package SM3>|<package SHA-256>|<ledger size>|<ledger head>|
//!     <key fingerprint>|SIG=<base64>
//! ```
//!
//! (one line; broken here for reading). OpenSSL checks it with the archive's certificate:
//! `openssl pkeyutl -verify -rawin -digest sm3 -pkeyopt distid:1234567812345678 -certin
//! -inkey archive-key-N.pem -in body.txt -sigfile body.sig`.

use base64::Engine;
use serde::Serialize;

use super::model::CertContent;
use crate::digest::{Sha256, Sm3};
use crate::error::{Error, Result};
use crate::ledger::Checkpoint;

pub const STATEMENT_FORMAT: &str = "DJC2";
const SIG: &str = "|SIG=";

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Statement {
    pub certificate_number: String,
    pub registration_number: String,
    pub unit_uscc: Option<String>,
    pub sealed_at: String,
    pub package_sm3: Sm3,
    pub package_sha256: Sha256,
    pub checkpoint: Checkpoint,
    pub fingerprint: Sm3,
}

/// A statement as presented: its fields, the exact bytes signed and the signature.
#[derive(Debug, Clone)]
pub struct Presented {
    pub statement: Statement,
    pub body: String,
    pub signature: Vec<u8>,
}

impl Statement {
    pub fn of(c: &CertContent, fingerprint: Sm3) -> Statement {
        Statement {
            certificate_number: c.certificate_number.clone(),
            registration_number: c.registration_number.clone(),
            unit_uscc: c.unit_uscc.clone(),
            sealed_at: crate::stamp::format_time(c.sealed_at),
            package_sm3: c.package_sm3,
            package_sha256: c.package_sha256,
            checkpoint: c.checkpoint,
            fingerprint,
        }
    }

    /// The signed part: everything before `|SIG=`.
    pub fn body(&self) -> String {
        format!(
            "{STATEMENT_FORMAT}|{}|{}|{}|{}|{}|{}|{}|{}|{}",
            self.certificate_number,
            self.registration_number,
            self.unit_uscc.as_deref().unwrap_or(""),
            self.sealed_at,
            self.package_sm3,
            self.package_sha256,
            self.checkpoint.size,
            self.checkpoint.head,
            self.fingerprint
        )
    }

    /// The whole line with its signature (DER).
    pub fn text(&self, signature: &[u8]) -> String {
        format!("{}{SIG}{}", self.body(), base64::engine::general_purpose::STANDARD.encode(signature))
    }
}

/// Reads a statement as a scanner or a person gives it back (surrounding whitespace
/// ignored; the signed bytes are exactly those before `|SIG=`).
pub fn parse(text: &str) -> Result<Presented> {
    let bad = |why: &str| Error::BadQr(why.to_string());
    let text = text.trim();
    let Some((body, sig)) = text.split_once(SIG) else { return Err(bad("缺少签名（|SIG=）")) };
    let signature = base64::engine::general_purpose::STANDARD.decode(sig.trim()).map_err(|_| bad("签名不是有效的 base64"))?;
    let fields: Vec<&str> = body.split('|').collect();
    if fields.first() != Some(&STATEMENT_FORMAT) {
        return Err(bad("开头不是 DJC2"));
    }
    if fields.len() != 10 {
        return Err(Error::BadQr(format!("签名前应有 10 个以 | 分隔的字段，实际 {} 个", fields.len())));
    }
    let nonempty = |f: &str, what: &str| if f.is_empty() { Err(Error::BadQr(format!("{what}为空"))) } else { Ok(f.to_string()) };
    let statement = Statement {
        certificate_number: nonempty(fields[1], "证明编号")?,
        registration_number: nonempty(fields[2], "登记号")?,
        unit_uscc: Some(fields[3].to_string()).filter(|u| !u.is_empty()),
        sealed_at: nonempty(fields[4], "封存时间")?,
        package_sm3: fields[5].parse().map_err(|_| bad("第 6 个字段不是 64 位十六进制的 SM3 摘要"))?,
        package_sha256: fields[6].parse().map_err(|_| bad("第 7 个字段不是 64 位十六进制的 SHA-256 摘要"))?,
        checkpoint: Checkpoint {
            size: fields[7].parse().ok().filter(|n: &i64| *n >= 0).ok_or_else(|| bad("第 8 个字段不是台账记录数"))?,
            head: fields[8].parse().map_err(|_| bad("第 9 个字段不是 64 位十六进制的台账头哈希"))?,
        },
        fingerprint: fields[9].parse().map_err(|_| bad("第 10 个字段不是 64 位十六进制的密钥指纹"))?,
    };
    Ok(Presented { statement, body: body.to_string(), signature })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::digest::{sha256, sm3};

    fn sample() -> Statement {
        Statement {
            certificate_number: "330102-2026-Z000001".into(),
            registration_number: "330102-2026-000001".into(),
            unit_uscc: Some("91330000MA27U0TT7T".into()),
            sealed_at: "2026-11-25T02:00:00Z".into(),
            package_sm3: sm3(b"p"),
            package_sha256: sha256(b"p"),
            checkpoint: Checkpoint { size: 12, head: sha256(b"h") },
            fingerprint: sm3(b"k"),
        }
    }

    #[test]
    fn round_trips_and_signs_exactly_the_bytes_before_sig() {
        let s = sample();
        let text = s.text(&[0x30, 0x44, 1, 2]);
        assert!(text.starts_with("DJC2|330102-2026-Z000001|330102-2026-000001|91330000MA27U0TT7T|2026-11-25T02:00:00Z|"));
        let p = parse(&format!(" {text}\n")).unwrap();
        assert_eq!(p.statement, s);
        assert_eq!(p.body, s.body());
        assert_eq!(p.signature, vec![0x30, 0x44, 1, 2]);
        let individual = Statement { unit_uscc: None, ..sample() };
        assert_eq!(parse(&individual.text(&[1])).unwrap().statement.unit_uscc, None);
    }

    #[test]
    fn malformed_text_is_bad_qr_never_a_panic() {
        let text = sample().text(&[1, 2, 3]);
        for bad in [
            "",
            "DJC2",
            &text.replace("|SIG=", "|SIX="),
            &text.replace("DJC2", "DJC1"),
            &text.replace("|12|", "|-1|"),
            &format!("{text}!!"),
        ] {
            assert!(matches!(parse(bad), Err(Error::BadQr(_))), "{bad:?}");
        }
    }
}
