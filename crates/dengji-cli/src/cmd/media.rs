//! `dengji media add|list|verify|repair` and `dengji backup`.

use std::path::Path;
use std::process::ExitCode;

use dengji_core::transfer::Digests;
use dengji_core::{drive_health, BackupOptions, MediumKind};

use super::{stamp, with_progress, Ctx};
use crate::args::MediaCmd;
use crate::error::Result;
use crate::output;

fn space(bytes: Option<i64>) -> String {
    bytes.map(output::size).unwrap_or_else(|| "未知".into())
}

pub fn run(ctx: &Ctx, cmd: MediaCmd) -> Result<ExitCode> {
    match cmd {
        cmd @ (MediaCmd::Edit { .. } | MediaCmd::Checkout { .. } | MediaCmd::Checkin { .. } | MediaCmd::Retire { .. }) => {
            super::media_desk::run(ctx, cmd)
        }
        MediaCmd::Add { path, label, set, kind, location, json } => {
            let (mut archive, actor) = ctx.login()?;
            let kind: MediumKind = kind.parse()?;
            let medium = archive.add_medium(&path, &label, &set, kind, location.as_deref(), &stamp(&actor))?;
            if json {
                output::json(&medium);
            } else {
                println!("{}", medium.id);
                eprintln!(
                    "已登记介质 “{}”（{} 套，{}），容量 {}，可用 {}。备份：dengji backup {}",
                    medium.label,
                    medium.set,
                    medium.kind.label_zh(),
                    space(medium.capacity_bytes),
                    space(medium.free_bytes),
                    path.display()
                );
            }
            Ok(ExitCode::SUCCESS)
        }
        MediaCmd::List { json } => {
            let media = ctx.reader()?.media()?;
            if json {
                output::json(&media);
                return Ok(ExitCode::SUCCESS);
            }
            if media.is_empty() {
                eprintln!("尚未登记任何备份介质。登记：dengji media add 路径 --label 标签 --set A");
            }
            for m in &media {
                let verified = match (&m.last_verified_at, m.last_result.as_deref()) {
                    (Some(at), Some("ok")) => format!("{} 完好", output::local_time(at)),
                    (Some(at), _) => format!("{} 有问题", output::local_time(at)),
                    _ => "从未核验".into(),
                };
                let state = match (&m.retired, &m.out) {
                    (Some(r), _) => format!("\t已退役（{}）", r.reason.label_zh()),
                    (None, Some(o)) => format!("\t外出：{}（{} 起）", o.destination, output::local_time(&o.since)),
                    (None, None) => String::new(),
                };
                println!(
                    "{}\t{} 套\t{}\t{}\t{} 个登记\t已用 {}\t可用 {}\t最近核验：{verified}{state}",
                    m.label,
                    m.set,
                    m.kind.label_zh(),
                    m.location.as_deref().unwrap_or("-"),
                    m.registrations,
                    output::size(m.bytes_used),
                    space(m.free_bytes),
                );
            }
            Ok(ExitCode::SUCCESS)
        }
        MediaCmd::Verify { path, sample, sha256_only, json } => {
            let (mut archive, actor) = ctx.login()?;
            let digests = if sha256_only { Digests::Sha256 } else { Digests::Both };
            let report = with_progress("核验", json, |progress, cancel| {
                archive.verify_medium_with(&path, sample, digests, &stamp(&actor), progress, cancel)
            })?;
            if json {
                output::json(&serde_json::json!({"ok": report.ok(), "report": report}));
            } else {
                for p in &report.problems {
                    println!("{} {}：{}", p.kind.label_zh(), problem_at(p), p.detail);
                }
                let scope = match report.sample_percent {
                    Some(pct) => format!("抽查 {}/{} 个登记包（≥{pct}%）", report.bags_checked, report.bags_held),
                    None => format!("核验 {} 个登记包", report.bags_checked),
                };
                let verdict = if report.cancelled {
                    "已取消，结果未记录".to_string()
                } else if report.ok() {
                    "全部完好".to_string()
                } else {
                    format!("{} 处问题", report.problems.len())
                };
                println!(
                    "介质 “{}”：{scope}，{} 个文件（{}），{verdict}。",
                    report.medium,
                    report.files,
                    output::size(report.bytes as i64)
                );
            }
            Ok(if report.ok() { ExitCode::SUCCESS } else { ExitCode::from(1) })
        }
        MediaCmd::Repair { path, from, json } => {
            let (mut archive, actor) = ctx.login()?;
            let report = with_progress("复核", json, |progress, cancel| {
                archive.repair_medium(&path, from.as_deref(), &stamp(&actor), progress, cancel)
            })?;
            if json {
                output::json(&serde_json::json!({"ok": report.ok(), "report": report}));
            } else {
                for r in &report.rewritten {
                    println!("已重写 {r}");
                }
                for q in &report.quarantined {
                    println!("已隔离 {q}");
                }
                for p in &report.partials_removed {
                    println!("已清除残留 {p}");
                }
                for p in &report.unrepaired {
                    println!("未能修复 {}：{}", problem_at(p), p.detail);
                }
                for p in &report.after.problems {
                    println!("仍有问题：{} {}：{}", p.kind.label_zh(), problem_at(p), p.detail);
                }
                let source = report.source.as_deref().map(|s| format!("介质 “{s}”")).unwrap_or_else(|| "保管库".into());
                let verdict = if report.after.cancelled {
                    "已取消，复核结果未记录".to_string()
                } else if report.ok() {
                    "复核全部完好".to_string()
                } else {
                    format!("复核仍有 {} 处问题", report.after.problems.len())
                };
                println!(
                    "介质 “{}”：发现 {} 处问题，从{source}重写 {} 个文件，隔离 {} 项{}，{verdict}。",
                    report.medium,
                    report.found.len(),
                    report.rewritten.len(),
                    report.quarantined.len(),
                    report.quarantine.as_deref().map(|q| format!("（在介质的 {q}/ 下）")).unwrap_or_default(),
                );
            }
            Ok(if report.ok() { ExitCode::SUCCESS } else { ExitCode::from(1) })
        }
        MediaCmd::Health { path, json } => {
            ctx.reader()?;
            let health = drive_health(&path);
            if json {
                output::json(&health);
            } else {
                println!("{}", health.summary_zh);
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// `bag/path`, with the original name when the file has another name on the medium.
fn problem_at(p: &dengji_core::MediumProblem) -> String {
    let at = if p.path.is_empty() { p.bag.clone() } else { format!("{}/{}", p.bag, p.path) };
    match &p.original {
        Some(original) => format!("{at}（原名 {original}）"),
        None => at,
    }
}

pub fn backup(ctx: &Ctx, path: &Path, read_back: bool, ignore_health: bool, json: bool) -> Result<ExitCode> {
    // The medium's checkpoint is signed: an archive with a key needs it unlocked.
    let (mut archive, actor) = ctx.login_to_sign()?;
    // Before writing: a failing drive should not receive the only other copy.
    let health = drive_health(path);
    if !json {
        eprintln!("{}", health.summary_zh);
    }
    let options = BackupOptions { read_back, health: Some(health.clone()), health_confirmed: ignore_health };
    let report = with_progress("备份", json, |progress, cancel| archive.backup_with(path, &options, &stamp(&actor), progress, cancel))?;
    if json {
        let mut out = serde_json::to_value(&report).expect("a report serialises");
        out["health"] = serde_json::to_value(&health).expect("health serialises");
        output::json(&out);
    } else {
        for number in &report.written {
            println!("{number}");
        }
        eprintln!(
            "介质 “{}”：本次写入 {} 个登记（{} 个文件，{}），此前已有 {} 个。",
            report.medium,
            report.written.len(),
            report.files,
            output::size(report.bytes as i64),
            report.already_held
        );
        if report.cancelled {
            eprintln!("已取消：已写完的登记已记录，其余下次备份时继续。");
        } else if report.signed {
            eprintln!("目录快照的检查点已用机构密钥签名（catalog/CHECKPOINT.txt.sig），介质上附有机构证书（keys/）和离线核验页。");
        }
    }
    Ok(ExitCode::SUCCESS)
}
