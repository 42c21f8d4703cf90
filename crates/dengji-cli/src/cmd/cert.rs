//! `dengji cert`: issue, print, verify and list registration certificates.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use dengji_core::{AccessEvent, CertQuery, Certificate, Error};
use serde::Serialize;

use super::{stamp, Ctx};
use crate::args::{CertCmd, CertVerifyArgs};
use crate::error::{CliError, Result};
use crate::output;

/// Writes the PDF under a temporary name beside `path`, then renames it into place, so
/// an interrupted write never leaves half a certificate (or report) under the real name.
#[derive(Serialize)]
struct Written<'a> {
    #[serde(flatten)]
    certificate: &'a Certificate,
    qr_text: String,
    out: &'a Path,
}

pub fn run(ctx: &Ctx, cmd: CertCmd) -> Result<ExitCode> {
    match cmd {
        CertCmd::Issue { registration, out, json } => issue(ctx, &registration, out, json),
        CertCmd::Print { certificate, out, json } => {
            let (mut archive, actor) = ctx.login()?;
            let cert = archive.certificate(&certificate)?;
            let pdf = archive.render_certificate(&cert)?;
            output::write_atomic(&out, &pdf).map_err(|source| Error::Io { path: out.clone(), source })?;
            let detail = serde_json::json!({"out": out});
            super::record(&mut archive, &actor, AccessEvent::CertPrint, &format!("certificate:{}", cert.number()), detail)?;
            if json {
                output::json(
                    &serde_json::json!({"certificate": cert.number(), "out": out, "bytes": pdf.len(), "pdf_sha256": cert.pdf_sha256}),
                );
            } else {
                eprintln!("已输出登记证明 {}（{} 字节，SHA-256 {}）到 {}", cert.number(), pdf.len(), cert.pdf_sha256, out.display());
            }
            Ok(ExitCode::SUCCESS)
        }
        CertCmd::Verify(args) => verify(ctx, args),
        CertCmd::Evidence { certificate, out, json } => {
            let (mut archive, actor) = ctx.login()?;
            let files = archive.certificate_evidence(&certificate, &out)?;
            let detail = serde_json::json!({"what": "evidence", "out": out});
            super::record(&mut archive, &actor, AccessEvent::Export, &format!("certificate:{certificate}"), detail)?;
            if json {
                output::json(&serde_json::json!({"certificate": certificate, "files": files}));
                return Ok(ExitCode::SUCCESS);
            }
            for f in &files {
                println!("{}", f.display());
            }
            eprintln!("已写出 {} 个文件；README-核验说明.txt 写明了用 OpenSSL 核验的命令。", files.len());
            Ok(ExitCode::SUCCESS)
        }
        CertCmd::List { json } => {
            let certs = ctx.reader()?.certificates()?;
            if json {
                output::json(&certs);
            } else {
                for c in &certs {
                    let state = match &c.superseded_by {
                        Some(by) => format!("已由 {by} 取代"),
                        None => "有效".to_string(),
                    };
                    let reissue = c.content.reissue_of.as_deref().map(|o| format!("补发（原 {o}）")).unwrap_or_default();
                    println!(
                        "{}\t{}\t{}\t{}\t{}\t{state}{}",
                        c.number(),
                        c.content.registration_number,
                        c.content.unit_name,
                        output::local_time(&c.content.issued_at),
                        c.content.issued_by,
                        if reissue.is_empty() { String::new() } else { format!("\t{reissue}") }
                    );
                }
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn issue(ctx: &Ctx, registration: &str, out: PathBuf, json: bool) -> Result<ExitCode> {
    let (mut archive, actor) = ctx.signer()?;
    let reg = archive.find_registration(registration)?;
    let stamp = stamp(&actor);
    let (cert, pdf) =
        super::with_progress("出具证明", json, |progress, cancel| archive.issue_certificate_with(reg.id, &stamp, progress, cancel))?;
    output::write_atomic(&out, &pdf).map_err(|source| CliError::CertNotWritten {
        number: cert.number().to_string(),
        path: out.clone(),
        source,
    })?;
    if json {
        output::json(&Written { certificate: &cert, qr_text: cert.qr_text(), out: &out });
    } else {
        println!("{}", cert.number());
        let reissue = cert.content.reissue_of.as_deref().map(|o| format!("（补发，原证明 {o} 作废）")).unwrap_or_default();
        eprintln!(
            "已签发登记证明{reissue}：登记 {}，{} 字节，SHA-256 {}，SM3 {}，已写出到 {}",
            cert.content.registration_number,
            cert.pdf_bytes,
            cert.pdf_sha256,
            cert.pdf_sm3,
            out.display()
        );
    }
    Ok(ExitCode::SUCCESS)
}

fn verify(ctx: &Ctx, args: CertVerifyArgs) -> Result<ExitCode> {
    let (mut archive, actor) = ctx.login()?;
    let pdf_bytes;
    let query = if let Some(path) = &args.pdf {
        pdf_bytes = fs::read(path).map_err(|source| CliError::ReadInput { path: path.clone(), source })?;
        CertQuery::Pdf(&pdf_bytes)
    } else if let Some(text) = &args.qr {
        CertQuery::Qr(text)
    } else {
        CertQuery::Number(args.certificate.as_deref().unwrap_or_default())
    };
    let verdict = archive.verify_certificate(query)?;
    let by = if args.pdf.is_some() {
        "pdf"
    } else if args.qr.is_some() {
        "qr"
    } else {
        "number"
    };
    let subject = verdict.certificate.as_ref().map(|c| format!("certificate:{}", c.number())).unwrap_or_else(|| "certificate".into());
    super::record(&mut archive, &actor, AccessEvent::CertVerify, &subject, serde_json::json!({"by": by, "status": verdict.status}))?;
    if args.json {
        #[derive(Serialize)]
        struct Shown<'a> {
            ok: bool,
            #[serde(flatten)]
            verdict: &'a dengji_core::CertVerdict,
        }
        output::json(&Shown { ok: verdict.is_current(), verdict: &verdict });
    } else {
        println!("{}", verdict.message);
        for p in &verdict.problems {
            println!("  - {p}");
        }
        println!("电子签名：{}", verdict.signature.message);
    }
    Ok(if verdict.is_current() { ExitCode::SUCCESS } else { ExitCode::from(1) })
}
