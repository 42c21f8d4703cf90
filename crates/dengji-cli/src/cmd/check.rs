//! `dengji check`: the four-property check (四性检测) of a draft or sealed registration.

use std::collections::BTreeMap;
use std::process::ExitCode;

use dengji_core::{AcceptScope, CheckError, CheckReport, ImageInfo, Property, VirusScan};

use super::{stamp, with_progress, Ctx};
use crate::args::CheckCmd;
use crate::error::Result;
use crate::output;

pub fn run(ctx: &Ctx, key: &str, pdf: Option<&std::path::Path>, json: bool) -> Result<ExitCode> {
    // A report handed out is signed: with --report an archive key is unlocked.
    let (mut archive, actor) = if pdf.is_some() { ctx.login_to_sign()? } else { ctx.login()? };
    let reg = archive.find_registration(key)?;
    let stamp = stamp(&actor);
    let report = with_progress("检测", json, |progress, cancel| archive.check(reg.id, &stamp, progress, cancel))?;
    if let Some(out) = pdf {
        let bytes = archive.check_report(&report)?;
        let sig = crate::output::write_signed(out, &bytes, archive.report_signature(&bytes).as_deref())?;
        let detail = serde_json::json!({"what": "check_report", "out": out});
        super::record(&mut archive, &actor, dengji_core::AccessEvent::Export, &reg.id.subject(), detail)?;
        eprintln!("四性检测报告已写入 {}", out.display());
        if let Some(path) = sig {
            eprintln!("机构密钥签名已写入 {}", path.display());
        }
    }
    if json {
        output::json(&report);
    } else {
        println!(
            "四性检测：{}「{}」（{}），{} 个文件，{}",
            report.label,
            reg.title,
            reg.kind.label_zh(),
            report.files,
            output::size(report.bytes as i64)
        );
        println!("检测人：{}，{}", report.operator, output::local_time(&report.at));
        for property in Property::ALL {
            print_property(&report, property);
        }
        print_images(&report.images);
        println!("病毒扫描：{}", virus_line(&report.virus_scan));
        println!("{}", verdict(&report));
    }
    Ok(if report.passed() { ExitCode::SUCCESS } else { ExitCode::from(1) })
}

fn print_property(report: &CheckReport, property: Property) {
    let c = report.summary.counts(property);
    if c.error + c.warning + c.info == 0 {
        println!("{}：通过", property.label_zh());
        return;
    }
    println!("{}：错误 {}，警告 {}，提示 {}", property.label_zh(), c.error, c.warning, c.info);
    for f in report.findings.iter().filter(|f| f.property == property) {
        let item = f.item.as_deref().unwrap_or("（整个登记）");
        println!("  [{}] {item}：{}（{}）", f.severity.label_zh(), f.message, f.rule);
    }
}

/// A summary of the images: counts by colour mode and the range of resolutions. Each
/// image's own line is in `--json` (`images`), so thousands of page scans do not flood
/// the terminal.
fn print_images(images: &[ImageInfo]) {
    if images.is_empty() {
        return;
    }
    let mut modes: BTreeMap<&str, usize> = BTreeMap::new();
    for i in images {
        *modes.entry(i.colour.label_zh()).or_default() += 1;
    }
    let modes: Vec<String> = modes.iter().map(|(m, n)| format!("{m} {n}")).collect();
    let dpis: Vec<f64> = images.iter().filter_map(|i| i.dpi.map(|d| d.least())).collect();
    let range = match (dpis.iter().copied().reduce(f64::min), dpis.iter().copied().reduce(f64::max)) {
        (Some(lo), Some(hi)) if lo == hi => format!("分辨率 {lo} dpi"),
        (Some(lo), Some(hi)) => format!("分辨率 {lo}–{hi} dpi"),
        _ => "均未记录分辨率".into(),
    };
    let unrecorded = images.len() - dpis.len();
    let unrecorded = if unrecorded > 0 && !dpis.is_empty() { format!("，{unrecorded} 个未记录分辨率") } else { String::new() };
    println!("图像：{} 个（{}）；{range}{unrecorded}", images.len(), modes.join("、"));
}

fn virus_line(scan: &VirusScan) -> String {
    match scan {
        VirusScan::Clean { engine } => format!("未发现病毒（{engine}）"),
        VirusScan::Infected { engine, infections } => format!("发现 {} 个文件带毒（{engine}）", infections.len()),
        VirusScan::NotScanned { why } => why.clone(),
    }
}

fn verdict(report: &CheckReport) -> String {
    let (errors, warnings) = (report.summary.errors(), report.summary.warnings());
    if report.cancelled {
        return "结论：检测已取消，结果不完整，未记录。".into();
    }
    let record = report.record.map(|id| format!("检测记录 #{} 已随登记保存并记入台账。", id.0)).unwrap_or_default();
    if errors > 0 {
        format!("结论：未通过（错误 {errors} 项，警告 {warnings} 项）。{record}")
    } else {
        format!("结论：通过（警告 {warnings} 项）。{record}")
    }
}

/// `dengji check errors|accept`: the seal gate's error findings and their acceptance.
pub fn gate(ctx: &Ctx, cmd: CheckCmd) -> Result<ExitCode> {
    let (mut archive, actor) = ctx.login()?;
    let stamp = stamp(&actor);
    match cmd {
        CheckCmd::Errors { draft, json } => {
            let reg = archive.find_registration(&draft)?;
            let errors = archive.check_errors(reg.id, &stamp)?;
            let open = errors.iter().filter(|e| e.accepted.is_none()).count();
            if json {
                output::json(&errors);
            } else if errors.is_empty() {
                println!("{}：四性检测没有错误，可以封存。", reg.label());
            } else {
                println!("{}：四性检测错误 {} 项，未接受 {open} 项。", reg.label(), errors.len());
                for e in &errors {
                    println!("  {}", error_line(e));
                }
                if open > 0 {
                    println!("改正后重新接收，或由审核员接受：dengji check accept {} --all --reason 理由", reg.id.0);
                }
            }
            Ok(if open == 0 { ExitCode::SUCCESS } else { ExitCode::from(1) })
        }
        CheckCmd::Accept { draft, rule, item, all, reason, json } => {
            let reg = archive.find_registration(&draft)?;
            let scope = match (&rule, all) {
                (Some(rule), false) => AcceptScope::Rule { rule, item: item.as_deref() },
                _ => AcceptScope::All,
            };
            let accepted = archive.accept_check_errors(reg.id, scope, &reason, &stamp)?;
            if json {
                output::json(&accepted);
            } else if accepted.is_empty() {
                println!("{}：没有未接受的检测错误。", reg.label());
            } else {
                println!("{}：已接受 {} 项检测错误，理由：{}", reg.label(), accepted.len(), reason.trim());
                for a in &accepted {
                    println!("  {}：{}（{}）", a.item.as_deref().unwrap_or("整个登记"), a.message, a.rule);
                }
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn error_line(e: &CheckError) -> String {
    let f = &e.finding;
    let what = format!("{}：{}（{}）", f.item.as_deref().unwrap_or("整个登记"), f.message, f.rule);
    match &e.accepted {
        None => format!("[未接受] {what}"),
        Some(a) => format!("[已接受] {what}\n      理由：{}（{}，{}）", a.reason, a.accepted_by, output::local_time(&a.accepted_at)),
    }
}
