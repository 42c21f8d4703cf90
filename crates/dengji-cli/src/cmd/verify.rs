use std::process::ExitCode;

use super::{with_progress, Ctx};
use crate::args::{LedgerCmd, VaultCmd};
use crate::error::{CliError, Result};
use crate::output;

fn verdict(ok: bool) -> ExitCode {
    if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

pub fn ledger(ctx: &Ctx, cmd: LedgerCmd) -> Result<ExitCode> {
    let json = match cmd {
        LedgerCmd::Verify { json } => json,
        LedgerCmd::Checkpoint { json } => {
            let (archive, actor) = ctx.signer()?;
            let note = archive.signed_checkpoint(&super::stamp(&actor))?;
            if json {
                output::json(&note);
            } else {
                print!("{}", note.text);
            }
            return Ok(ExitCode::SUCCESS);
        }
        LedgerCmd::CheckNote { file, json } => {
            let text = std::fs::read_to_string(&file).map_err(|source| CliError::ReadInput { path: file.clone(), source })?;
            let (check, on_ledger) = ctx.reader()?.check_checkpoint_note(&text)?;
            let ledger_line = if on_ledger {
                "头哈希与本馆台账相符。"
            } else {
                "头哈希与本馆台账不符（台账在该位置的记录不同）。"
            };
            if json {
                output::json(&serde_json::json!({"signature": check, "on_ledger": on_ledger}));
            } else {
                println!("{}\n{ledger_line}", check.message);
            }
            return Ok(verdict(check.is_valid() && on_ledger));
        }
    };
    let archive = ctx.reader()?;
    let report = with_progress("核验台账", json, |progress, cancel| archive.verify_ledger_with(progress, cancel))?;
    if json {
        output::json(&serde_json::json!({
            "ok": report.ok(), "entries": report.entries, "access_entries": report.access_entries,
            "checkpoint": report.checkpoint, "witnessed": report.witnessed, "problems": report.problems,
        }));
    } else if report.ok() {
        println!("台账完好：{} 条记录，检查点 {} / {}", report.entries, report.checkpoint.size, report.checkpoint.head);
        println!("访问日志完好：{} 条记录（登录、锁定、打印、核验、导出）", report.access_entries);
        if let Some(w) = &report.witnessed {
            println!("{}", super::upward::witness_line(w));
        }
    } else {
        for p in &report.problems {
            match p.seq {
                Some(seq) => println!("台账第 {seq} 条（{}）：{}", p.subject, p.message),
                None => println!("{}：{}", p.subject, p.message),
            }
        }
    }
    Ok(verdict(report.ok()))
}

pub fn vault(ctx: &Ctx, cmd: VaultCmd) -> Result<ExitCode> {
    let json = match cmd {
        VaultCmd::Verify { json } => json,
        VaultCmd::Repair { from, json } => return vault_repair(ctx, &from, json),
    };
    let archive = ctx.reader()?;
    let report = with_progress("核验保管库", json, |progress, cancel| archive.verify_vault(progress, cancel))?;
    if json {
        output::json(
            &serde_json::json!({"ok": report.problems.is_empty(), "objects": report.objects, "bytes": report.bytes, "problems": report.problems}),
        );
    } else {
        for p in &report.problems {
            let what = if p.kind == "missing" { "缺失" } else { "内容已改变" };
            println!("对象 {} {what}：{}", p.sha256, p.items.join("；"));
            chunk_lines(&p.chunks);
        }
        println!("已核验 {} 个对象（{}），{} 个有问题。", report.objects, output::size(report.bytes as i64), report.problems.len());
    }
    Ok(verdict(report.problems.is_empty()))
}

/// A chunked file's damaged chunks, each with every file that uses it.
fn chunk_lines(chunks: &[dengji_core::ChunkProblem]) {
    for c in chunks {
        let what = if c.kind == "missing" { "缺失" } else { "内容已改变" };
        println!("  分块 {} {what}，用到它的文件：{}", c.sha256, c.items.join("；"));
    }
}

fn vault_repair(ctx: &Ctx, from: &std::path::Path, json: bool) -> Result<ExitCode> {
    let (mut archive, actor) = ctx.login()?;
    let report =
        with_progress("修复保管库", json, |progress, cancel| archive.repair_vault(from, &super::stamp(&actor), progress, cancel))?;
    if json {
        output::json(&serde_json::json!({"ok": report.ok(), "report": report}));
    } else {
        for p in &report.unrepaired {
            let what = if p.kind == "missing" { "缺失" } else { "内容已改变" };
            println!("未能修复：对象 {} {what}：{}", p.sha256, p.items.join("；"));
            chunk_lines(&p.chunks);
        }
        println!(
            "已核验 {} 个对象，发现 {} 个有问题：从介质 {} 修复 {} 个，隔离 {} 个，{} 个未能修复。",
            report.objects,
            report.found,
            report.medium,
            report.repaired.len(),
            report.quarantined.len(),
            report.unrepaired.len()
        );
    }
    Ok(verdict(report.ok()))
}

pub fn migrate(
    ctx: &Ctx,
    to: &std::path::Path,
    catalog: &dengji_core::CatalogLocation,
    vault: &dengji_core::VaultLocation,
    json: bool,
) -> Result<ExitCode> {
    let (archive, actor) = ctx.login()?;
    let report = with_progress("迁移存储", json, |progress, cancel| {
        archive.migrate_store(to, catalog, vault, &super::stamp(&actor), progress, cancel)
    })?;
    if json {
        output::json(&serde_json::json!({"ok": report.ok(), "report": report}));
        return Ok(verdict(report.ok()));
    }
    if report.cancelled {
        eprintln!("已取消：{} 还不是可用的档案库。再次运行同一条命令即从中断处继续（已复制的对象不再复制）。", to.display());
        return Ok(verdict(false));
    }
    if report.resumed {
        println!("继续上次中断的迁移：{} 个对象已在目标处，不再复制。", report.already_there);
    }
    println!("已复制目录库到 {catalog}，{} 个对象（{}）到 {vault}。", report.objects, output::size(report.bytes as i64));
    if let Some(check) = &report.vault_check {
        for p in &check.problems {
            println!("新保管库中对象 {} 有问题（{}）：{}", p.sha256, p.kind, p.items.join("；"));
        }
        println!(
            "新位置核验：保管库 {} 个对象，{} 个有问题；台账{}。",
            check.objects,
            check.problems.len(),
            if report.ledger_ok { "完整" } else { "有问题" }
        );
    }
    if report.ok() {
        println!("迁移完成：新数据目录 {}。原数据目录未改动，可在确认后归档。", to.display());
    }
    Ok(verdict(report.ok()))
}
