//! `dengji attest`: is a presented file identical to a registered one (鉴证)?

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use dengji_core::RegisteredCopy;

use super::{stamp, Ctx};
use crate::error::Result;
use crate::output;

fn held_on(copy: &RegisteredCopy) -> String {
    if copy.media.is_empty() {
        return "尚未备份到任何介质".into();
    }
    let media: Vec<String> = copy
        .media
        .iter()
        .map(|m| {
            let check = output::last_check(m.last_verified_at.as_ref(), m.last_result.as_deref());
            format!("{} 套 {}（{check}）", m.set, m.label)
        })
        .collect();
    media.join("；")
}

/// Where a lower archive's registration was found: its copy as reported here.
fn whose(copy: &RegisteredCopy) -> String {
    match &copy.held_by {
        Some(h) => format!("，下级档案馆 {}（{}）第 {} 次报送的目录副本", h.archive, h.region_code, h.report),
        None => String::new(),
    }
}

fn unit(copy: &RegisteredCopy) -> String {
    match &copy.unit_uscc {
        Some(uscc) => format!("{}，统一社会信用代码 {uscc}", copy.unit_name),
        None => copy.unit_name.clone(),
    }
}

pub fn run(ctx: &Ctx, files: &[PathBuf], pdf: Option<&Path>, json: bool) -> Result<ExitCode> {
    // A report handed out is signed: with --report an archive key is unlocked.
    let (mut archive, actor) = if pdf.is_some() { ctx.login_to_sign()? } else { ctx.login()? };
    let stamp = stamp(&actor);
    let report = super::with_progress("鉴证", json, |progress, cancel| archive.attest_with(files, &stamp, progress, cancel))?;
    if let Some(out) = pdf {
        let bytes = archive.attestation_report(&report)?;
        let sig = crate::output::write_signed(out, &bytes, archive.report_signature(&bytes).as_deref())?;
        let detail = serde_json::json!({"what": "attestation_report", "out": out});
        super::record(&mut archive, &actor, dengji_core::AccessEvent::Export, &format!("attestation:{}", report.seq), detail)?;
        eprintln!("鉴证报告已写入 {}", out.display());
        if let Some(path) = sig {
            eprintln!("机构密钥签名已写入 {}", path.display());
        }
    }
    if json {
        output::json(&report);
    } else {
        for f in &report.files {
            println!("文件：{}（{}）", f.name, output::size(f.size as i64));
            println!("  SM3     {}", f.sm3);
            println!("  SHA-256 {}", f.sha256);
            for m in &f.matches {
                println!(
                    "  一致：登记 {}（{}{}）中的 {}，封存于 {}",
                    m.registration_number,
                    unit(m),
                    whose(m),
                    m.path,
                    output::local_time(&m.sealed_at)
                );
                println!("        备份：{}", held_on(m));
                if let Some(at) = &m.disposed_at {
                    println!("        该登记文件已于 {} 经批准销毁：本馆保留其登记记录与摘要，不再保存其内容", output::local_time(at));
                }
            }
            if f.matches.is_empty() {
                println!("  不一致：没有内容相同的已登记文件。");
                for m in &f.same_name {
                    println!("  同名但内容不同：登记 {}（{}{}）中的 {}，SM3 {}", m.registration_number, unit(m), whose(m), m.path, m.sm3);
                }
            }
        }
        if !report.lower.is_empty() {
            let copies: Vec<String> = report.lower.iter().map(|h| format!("{}（第 {} 次报送）", h.archive, h.report)).collect();
            println!("比对范围：本馆已封存登记，以及下级档案馆报送的目录副本：{}", copies.join("、"));
        }
        println!(
            "鉴证记录：台账第 {} 条（{}，{}）；台账检查点 {} / {}",
            report.seq,
            report.operator,
            output::local_time(&report.at),
            report.checkpoint.size,
            report.checkpoint.head
        );
    }
    Ok(if report.all_registered() { ExitCode::SUCCESS } else { ExitCode::from(1) })
}
