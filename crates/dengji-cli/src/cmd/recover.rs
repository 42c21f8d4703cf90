//! `dengji recover`: rebuild a workstation from its backup media.

use std::path::PathBuf;
use std::process::ExitCode;

use chrono::Utc;
use dengji_core::{Archive, CatalogLocation, VaultLocation};

use super::{with_progress, Ctx};
use crate::error::Result;
use crate::{auth, output};

pub fn run(ctx: &Ctx, from: &[PathBuf], (catalog, vault): &(CatalogLocation, VaultLocation), json: bool) -> Result<ExitCode> {
    let (name, password) = auth::credentials()?;
    let report = with_progress("重建", json, |progress, cancel| {
        Archive::recover_into(&ctx.data_dir, catalog, vault, from, (&name, &password), Utc::now(), progress, cancel)
    })?;
    if json {
        output::json(&report);
    } else {
        if let (Some(label), Some(cp)) = (&report.snapshot_medium, &report.snapshot) {
            eprintln!("目录与台账取自介质 “{label}” 上的快照（台账 {} 条，末条 {}）。", cp.size, cp.head);
        }
        for why in &report.snapshots_skipped {
            eprintln!("未采用的快照：{why}");
        }
        eprintln!(
            "已从介质 {} 复制 {} 个文件（{}）到保管库；{} 个已封存登记中 {} 个完整。",
            report.media.join("、"),
            report.files_copied,
            output::size(report.bytes_copied as i64),
            report.registrations,
            report.complete.len()
        );
        for q in &report.quarantined {
            eprintln!("保管库中的对象与摘要不符，已移入隔离区（保留原样）并从介质取回完好副本：{q}");
        }
        for d in &report.damaged {
            eprintln!("介质上的文件已损坏，未采用：{d}");
        }
        for m in &report.missing {
            eprintln!(
                "缺少：{}（{}）{} 个文件中缺 {} 个 —— 所给介质上没有完好的副本。",
                m.registration_number, m.unit, m.files, m.files_missing
            );
        }
        for d in &report.drafts_dropped {
            eprintln!("草稿未封存、从未备份，已从重建的目录中去除：{d}。请重新接收。");
        }
        if report.cancelled {
            eprintln!("已取消：再次运行同一命令即可继续（已复制的文件会保留）。");
        } else if report.missing.is_empty() {
            eprintln!("工作站已重建：{}。建议运行 `dengji ledger verify` 和 `dengji vault verify`。", report.data_dir.display());
        } else {
            eprintln!(
                "工作站已重建，但上列登记不完整。请用其他介质补全：`dengji recover --from 其他介质 --data-dir {}`。",
                report.data_dir.display()
            );
        }
    }
    Ok(if report.is_complete() { ExitCode::SUCCESS } else { ExitCode::from(1) })
}
