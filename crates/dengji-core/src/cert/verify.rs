//! Verifying a certificate (证明核验): by its number, by the bytes of a PDF someone
//! presents, or by the text of its QR code. A certificate is genuine and current when
//! this archive issued exactly it, its digests still match the sealed registration, its
//! checkpoint and issue entry agree with the ledger, and no reissue has replaced it.
use chrono::{DateTime, Utc};

use crate::catalog::Conn;
use serde::Serialize;

use super::model::{self, Certificate};
use super::qr::QrPayload;
use super::statement::{self, STATEMENT_FORMAT};
use super::store;
use super::text::chinese_date;
use crate::archive::Archive;
use crate::digest;
use crate::error::Result;
use crate::key::SignatureCheck;
use crate::ledger::{self, GENESIS};
use crate::seal;

/// What is presented for checking.
#[derive(Debug, Clone, Copy)]
pub enum CertQuery<'a> {
    Number(&'a str),
    /// The bytes of a PDF file.
    Pdf(&'a [u8]),
    /// The text of the certificate's QR code (see `QrPayload`).
    Qr(&'a str),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CertStatus {
    /// Issued here, intact, and not replaced.
    Current,
    /// Issued here and intact, but a reissue (补发) replaced it.
    Superseded,
    /// No certificate of this archive matches (unknown number, or a PDF or QR text that
    /// differs from every certificate issued here, even by one byte).
    NotIssued,
    /// The certificate's package digests no longer match its sealed registration.
    DigestMismatch,
    /// The checkpoint printed on it, or its issue entry, disagrees with the ledger.
    CheckpointMismatch,
    /// Its signed statement (layout 2) does not verify with the archive's keys.
    SignatureInvalid,
}

#[derive(Debug, Clone, Serialize)]
pub struct CertVerdict {
    pub status: CertStatus,
    /// One line saying what was found, in the clerk's language.
    pub message: String,
    /// The certificate found, when one was.
    pub certificate: Option<Certificate>,
    /// Every inconsistency found (empty for current and superseded certificates).
    pub problems: Vec<String>,
    /// The signature of the certificate's statement: valid with which key, invalid, from
    /// an unknown key, or none (layout 1, `DJC1`).
    pub signature: SignatureCheck,
    /// Content of the registration disposed of since (销毁): the certificate still
    /// attests what was registered, the archive no longer holds those files.
    pub disposed: Option<DisposedNote>,
}

#[derive(Debug, Clone, Serialize)]
pub struct DisposedNote {
    pub files: i64,
    /// Items of the registration in all.
    pub of: i64,
    /// The last disposal's time.
    pub at: DateTime<Utc>,
}

impl CertVerdict {
    pub fn is_current(&self) -> bool {
        self.status == CertStatus::Current
    }

    fn not_issued(message: String, signature: SignatureCheck) -> CertVerdict {
        CertVerdict { status: CertStatus::NotIssued, message, certificate: None, problems: Vec::new(), signature, disposed: None }
    }
}

impl Archive {
    /// Says whether what is presented is a genuine and current certificate of this
    /// archive. Only malformed QR text is an error (`Error::BadQr`); every finding about
    /// the certificate is a verdict.
    pub fn verify_certificate(&self, query: CertQuery<'_>) -> Result<CertVerdict> {
        let conn = self.conn();
        let cert = match query {
            CertQuery::Number(number) => match store::by_number(conn, number)? {
                Some(c) => c,
                None => {
                    return Ok(CertVerdict::not_issued(
                        format!("本馆没有签发编号为 “{}” 的登记证明。", number.trim()),
                        SignatureCheck::unsigned(),
                    ))
                }
            },
            CertQuery::Pdf(bytes) => {
                let d = digest::dual(bytes);
                match store::by_pdf(conn, &d.sha256)? {
                    Some(c) if c.pdf_sm3 == d.sm3 => c,
                    _ => {
                        return Ok(CertVerdict::not_issued(format!(
                            "该 PDF 不是本馆签发的登记证明：它的 SHA-256（{}）与本馆签发的任何证明都不符。若它看起来是本馆的证明，说明文件已被改动（哪怕只改了一个字节）。",
                            d.sha256
                        ), SignatureCheck::unsigned()))
                    }
                }
            }
            CertQuery::Qr(text) if text.trim_start().starts_with(STATEMENT_FORMAT) => {
                let presented = statement::parse(text)?;
                let signature =
                    self.check_signature(presented.body.as_bytes(), &presented.signature, Some(&presented.statement.fingerprint))?;
                let number = &presented.statement.certificate_number;
                let Some(c) = store::by_number(conn, number)? else {
                    return Ok(CertVerdict::not_issued(format!("本馆没有签发编号为 “{number}” 的登记证明（二维码所载）。"), signature));
                };
                if c.statement.as_deref() != Some(text.trim()) {
                    let m = if signature.is_valid() {
                        format!("二维码签名有效，但与本馆签发的证明 {} 所载的签名声明不同。", c.number())
                    } else {
                        format!("二维码内容不是本馆签发的：与本馆签发的证明 {} 不符。{}", c.number(), signature.message)
                    };
                    return Ok(CertVerdict::not_issued(m, signature));
                }
                return judge(conn, c, signature);
            }
            CertQuery::Qr(text) => {
                let presented = QrPayload::parse(text)?;
                let Some(c) = store::by_number(conn, &presented.certificate_number)? else {
                    return Ok(CertVerdict::not_issued(
                        format!("本馆没有签发编号为 “{}” 的登记证明（二维码所载）。", presented.certificate_number),
                        SignatureCheck::unsigned(),
                    ));
                };
                let issued = QrPayload::of(&c.content);
                let differing = qr_differences(&presented, &issued);
                if !differing.is_empty() {
                    return Ok(CertVerdict::not_issued(
                        format!("二维码内容不是本馆签发的：{} 与本馆签发的证明 {} 不符。", differing.join("、"), c.number()),
                        SignatureCheck::unsigned(),
                    ));
                }
                // A layout-2 certificate's QR is its signed statement, never DJC1.
                if c.statement.is_some() {
                    return Ok(CertVerdict::not_issued(
                        format!("证明 {} 的二维码应为带签名的 DJC2 声明，所给的 DJC1 内容不是本馆为它签发的。", c.number()),
                        SignatureCheck::unsigned(),
                    ));
                }
                c
            }
        };
        let signature = match &cert.statement {
            None => SignatureCheck::unsigned(),
            Some(text) => {
                let p = statement::parse(text)?;
                self.check_signature(p.body.as_bytes(), &p.signature, Some(&p.statement.fingerprint))?
            }
        };
        judge(conn, cert, signature)
    }
}

fn qr_differences(presented: &QrPayload, issued: &QrPayload) -> Vec<&'static str> {
    let mut out = Vec::new();
    if presented.registration_number != issued.registration_number {
        out.push("登记号");
    }
    if presented.package_sm3 != issued.package_sm3 {
        out.push("数据包 SM3 摘要");
    }
    if presented.package_sha256 != issued.package_sha256 {
        out.push("数据包 SHA-256 摘要");
    }
    if presented.ledger_size != issued.ledger_size {
        out.push("台账记录数");
    }
    out
}

/// The verdict on a certificate this archive has a row for.
fn judge(conn: &Conn, cert: Certificate, signature: SignatureCheck) -> Result<CertVerdict> {
    let c = &cert.content;
    let digest_problems = digest_problems(conn, &cert)?;
    let ledger_problems = checkpoint_problems(conn, &cert)?;
    let signed_badly = cert.statement.is_some() && !signature.is_valid();
    let (status, message, problems) = if signed_badly {
        let m = format!("证明 {} 的签名声明无法用本馆机构密钥验证：{}", c.certificate_number, signature.message);
        (CertStatus::SignatureInvalid, m, vec![signature.message.clone()])
    } else if !digest_problems.is_empty() {
        let m = format!(
            "证明 {} 记载的数据包摘要与登记 {} 不符：{}。",
            c.certificate_number,
            c.registration_number,
            digest_problems.join("；")
        );
        (CertStatus::DigestMismatch, m, digest_problems)
    } else if !ledger_problems.is_empty() {
        let m = format!("证明 {} 的台账检查点或签发记录与本馆台账不符：{}。", c.certificate_number, ledger_problems.join("；"));
        (CertStatus::CheckpointMismatch, m, ledger_problems)
    } else if let Some(by) = &cert.superseded_by {
        let m = format!("证明 {} 是本馆签发的，但已被补发的证明 {by} 取代（作废），请以 {by} 为准。", c.certificate_number);
        (CertStatus::Superseded, m, Vec::new())
    } else {
        let m = format!(
            "证明 {} 真实有效：{}于{}签发，登记 {}（{}）的数据包摘要与封存记录一致，台账检查点（{} 条记录）与本馆台账相符。",
            c.certificate_number,
            c.archive_name,
            chinese_date(c.issued_at),
            c.registration_number,
            c.unit_name,
            c.checkpoint.size
        );
        (CertStatus::Current, m, Vec::new())
    };
    let disposed = disposed_note(conn, &c.registration_number)?;
    let message = match &disposed {
        Some(d) if matches!(status, CertStatus::Current | CertStatus::Superseded) => {
            let what = if d.files == d.of {
                "登记的全部文件".to_string()
            } else {
                format!("登记的 {} 个文件中有 {} 个", d.of, d.files)
            };
            format!("{message}另：{what}已于{}经批准销毁，本馆保留其登记记录与摘要，不再保存其内容。", chinese_date(d.at))
        }
        _ => message,
    };
    Ok(CertVerdict { status, message, certificate: Some(cert), problems, signature, disposed })
}

fn disposed_note(conn: &Conn, number: &str) -> Result<Option<DisposedNote>> {
    let (files, of, at) = store::disposed_of(conn, number)?;
    Ok(at.filter(|_| files > 0).map(|at| DisposedNote { files, of, at }))
}

/// The certificate's package digests against the registration's stored digests and
/// against the digests recomputed from its items now.
fn digest_problems(conn: &Conn, cert: &Certificate) -> Result<Vec<String>> {
    let c = &cert.content;
    let mut out = Vec::new();
    let reg = store::registration_digests(conn, c.registration_id)?;
    let Some(store::RegistrationDigests { status, number, sm3, sha256 }) = reg else {
        out.push("登记在目录中不存在".to_string());
        return Ok(out);
    };
    if status != "sealed" || number.as_deref() != Some(c.registration_number.as_str()) {
        out.push(format!("目录中的登记不是已封存的 {}", c.registration_number));
    }
    if sm3 != Some(c.package_sm3) || sha256 != Some(c.package_sha256) {
        out.push("登记表中保存的包摘要与证明不同".to_string());
    }
    let (now, files, bytes) = seal::package_digests(conn, c.registration_id)?;
    if now.sm3 != c.package_sm3 || now.sha256 != c.package_sha256 || files != c.files || bytes != c.bytes {
        out.push("按目录中的文件清单重新计算的包摘要与证明不同（文件清单被改动）".to_string());
    }
    Ok(out)
}

/// The printed checkpoint must be an entry of the ledger, the chain up to the issue
/// entry must be intact, and the issue entry right after the checkpoint must record
/// exactly this certificate.
fn checkpoint_problems(conn: &Conn, cert: &Certificate) -> Result<Vec<String>> {
    let c = &cert.content;
    let mut out = Vec::new();
    let at_checkpoint =
        if c.checkpoint.size == 0 { Some(GENESIS) } else { ledger::entry_at(conn, c.checkpoint.size)?.map(|e| e.entry_hash) };
    if at_checkpoint != Some(c.checkpoint.head) {
        out.push(format!("台账第 {} 条的哈希与证明所载检查点不同", c.checkpoint.size));
    }
    let issue_seq = c.checkpoint.size + 1;
    if let (_, Some((seq, why))) = ledger::verify_chain(conn)? {
        if seq <= issue_seq {
            out.push(format!("台账第 {seq} 条已损坏（{why}）"));
        }
    }
    match ledger::entry_at(conn, issue_seq)? {
        Some(e) if e.action == "certificate.issue" => {
            let recorded: serde_json::Value = serde_json::from_str(&e.payload).unwrap_or_default();
            if recorded != model::ledger_payload(cert)
                || e.at != crate::stamp::format_time(c.issued_at)
                || e.operator != c.issued_by
                || e.subject != c.registration_id.subject()
            {
                out.push(format!("台账第 {issue_seq} 条签发记录与证明不同（证明记录被改动）"));
            }
        }
        _ => out.push(format!("台账第 {issue_seq} 条不是该证明的签发记录")),
    }
    Ok(out)
}
