//! `dengji upward export | import | ack | status`: report packages between archives.

use std::process::ExitCode;

use dengji_core::{ExportOptions, Witness};

use super::{stamp, with_progress, Ctx};
use crate::args::UpwardCmd;
use crate::error::Result;
use crate::output::{self, local_time};

/// The witnessed checkpoint, as `ledger verify` and `upward status` print it.
pub fn witness_line(w: &Witness) -> String {
    format!(
        "上级见证：本馆台账第 {} 条（头哈希 {}）已由 “{}” 于 {} 签收（第 {} 号上报包的回执）",
        w.checkpoint.size,
        w.checkpoint.head,
        w.archive,
        local_time(&w.received_at),
        w.number
    )
}

pub fn run(ctx: &Ctx, cmd: UpwardCmd) -> Result<ExitCode> {
    match cmd {
        UpwardCmd::Export { dir, upper, catalog_only, json } => {
            let (mut archive, actor) = ctx.signer()?;
            let options = ExportOptions { to: upper, catalog_only };
            let r =
                with_progress("上报", json, |progress, cancel| archive.export_report(&dir, &options, &stamp(&actor), progress, cancel))?;
            if json {
                output::json(&r);
            } else if r.cancelled {
                eprintln!("上报已取消：已写好的 {} 个文件留在 {}，再次运行会接着写。", r.objects, r.path.display());
            } else {
                println!("{}", r.path.display());
                eprintln!(
                    "已写出报送给 “{}” 的第 {} 号上报包：台账第 {}–{} 条，{} 个文件（{}）{}。",
                    r.to,
                    r.number,
                    r.ledger_from + 1,
                    r.checkpoint.size,
                    r.objects,
                    output::size(r.bytes as i64),
                    if r.catalog_only { "，仅目录" } else { "" }
                );
                eprintln!(
                    "请把这个文件夹交给 “{}” 接收；对方接收后会在其中写入回执 receipt.txt，带回后运行 dengji upward ack {}",
                    r.to,
                    r.path.display()
                );
            }
            Ok(if r.cancelled { ExitCode::from(1) } else { ExitCode::SUCCESS })
        }
        UpwardCmd::Import { package, json } => {
            let (mut archive, actor) = ctx.signer()?;
            let r = with_progress("接收", json, |progress, cancel| archive.import_report(&package, &stamp(&actor), progress, cancel))?;
            if json {
                output::json(&r);
            } else {
                println!(
                    "已接收 “{}” 的第 {} 号上报包：台账第 {}–{} 条，已封存登记 {} 个，文件 {} 个（{}；其中 {} 个本馆已有）。",
                    r.from,
                    r.number,
                    r.ledger_from + 1,
                    r.checkpoint.size,
                    r.registrations,
                    r.objects,
                    output::size(r.bytes as i64),
                    r.objects_held
                );
                eprintln!("回执已写入 {}：请把上报包交还对方记录回执。", r.receipt_path.display());
            }
            Ok(ExitCode::SUCCESS)
        }
        UpwardCmd::Ack { package, json } => {
            let (mut archive, actor) = ctx.login()?;
            let r = archive.ack_report(&package, &stamp(&actor))?;
            if json {
                output::json(&r);
            } else {
                println!("已记录 “{}” 的第 {} 号回执。", r.to, r.number);
                println!("{}", witness_line(&r.witnessed));
            }
            Ok(ExitCode::SUCCESS)
        }
        UpwardCmd::RecoveryMedium { lower, dir, json } => {
            let (mut archive, actor) = ctx.login()?;
            let r = with_progress("制作恢复介质", json, |progress, cancel| {
                archive.write_lower_recovery(&lower, &dir, &stamp(&actor), progress, cancel)
            })?;
            if json {
                output::json(&r);
            } else if r.cancelled {
                eprintln!("已取消：写好的登记包留在 {}，再次运行会接着写。", r.path.display());
            } else {
                println!("{}", r.path.display());
                eprintln!(
                    "已为 “{}” 写好恢复介质：第 {} 号上报包所带的目录副本（台账 {} 条），{} 个已封存登记，{} 个文件（{}）。",
                    r.archive,
                    r.number,
                    r.checkpoint.size,
                    r.registrations,
                    r.files,
                    output::size(r.bytes as i64)
                );
                for m in &r.missing {
                    eprintln!("本馆没有登记 {m} 的文件（对方仅报送了目录），恢复介质上没有它。");
                }
                eprintln!(
                    "对方用 dengji recover --from {} 重建工作站后，再用 dengji upward ack 记录介质上的回执 upward-receipt.txt。",
                    r.path.display()
                );
            }
            Ok(if r.cancelled { ExitCode::from(1) } else { ExitCode::SUCCESS })
        }
        UpwardCmd::Status { json } => status(ctx, json),
    }
}

fn status(ctx: &Ctx, json: bool) -> Result<ExitCode> {
    let archive = ctx.reader()?;
    let (sent, received, peers) = (archive.sent_reports()?, archive.received_reports()?, archive.peers()?);
    let (witnessed, forks, lower) = (archive.witnessed()?, archive.refused_forks()?, archive.lower_archives()?);
    if json {
        output::json(&serde_json::json!({"sent": sent, "received": received, "witnessed": witnessed, "refused_forks": forks,
            "lower_archives": lower}));
        return Ok(ExitCode::SUCCESS);
    }
    for l in &lower {
        let via = l.via.as_deref().map(|v| format!("（经 {v} 转报）")).unwrap_or_default();
        match &l.last {
            Some(r) => println!(
                "下级档案馆 {}（{}）{via}  已收到 {} 个上报包，最近第 {} 号 {} 接收：台账 {} 条，已封存登记 {} 个",
                l.peer.name,
                l.peer.region_code,
                l.reports,
                r.number,
                local_time(&r.received_at),
                r.checkpoint.size,
                r.registrations
            ),
            None => println!("下级档案馆 {}（{}）{via}  尚未收到上报包", l.peer.name, l.peer.region_code),
        }
    }
    let name = |id: dengji_core::PeerId| peers.iter().find(|p| p.id == id).map(|p| p.name.as_str()).unwrap_or("?");
    if sent.is_empty() && received.is_empty() && forks.is_empty() {
        println!("尚未上报，也未接收过上报包。");
    }
    for r in &sent {
        let receipt = match &r.acked_at {
            Some(at) => format!("回执已于 {} 记录", local_time(at)),
            None => "尚未记录回执".to_string(),
        };
        println!(
            "上报 第 {} 号 → {}  台账第 {}–{} 条  {} 个文件（{}）{}  {} 导出  {receipt}",
            r.number,
            name(r.peer_id),
            r.ledger_from + 1,
            r.checkpoint.size,
            r.objects,
            output::size(r.bytes),
            if r.catalog_only { " 仅目录" } else { "" },
            local_time(&r.exported_at)
        );
    }
    for r in &received {
        println!(
            "接收 {} 第 {} 号  台账第 {}–{} 条（头哈希 {}）  已封存登记 {} 个  {} 个文件（{}）  {} 接收",
            name(r.peer_id),
            r.number,
            r.ledger_from + 1,
            r.checkpoint.size,
            r.checkpoint.head,
            r.registrations,
            r.objects,
            output::size(r.bytes),
            local_time(&r.received_at)
        );
    }
    for f in &forks {
        println!(
            "拒收 {} 第 {} 号（{}，{}）：台账被改写。第 {} 条本馆收到的头哈希 {}，该包中为 {}",
            f.from,
            f.number,
            local_time(&f.at),
            f.by,
            f.ledger_size,
            f.held_head,
            f.package_head
        );
    }
    if let Some(w) = &witnessed {
        println!("{}", witness_line(w));
    }
    Ok(ExitCode::SUCCESS)
}
