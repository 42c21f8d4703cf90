//! `dengji stats`: the figures a centre reports (统计).

use std::process::ExitCode;

use dengji_core::{Bucket, RecordKind, UnitKind};

use super::status::instant;
use super::Ctx;
use crate::error::Result;
use crate::output;

fn table(title: &str, rows: &[Bucket], label: impl Fn(&str) -> String) {
    if rows.is_empty() {
        return;
    }
    println!("\n{title}");
    for b in rows {
        println!(
            "  {:<24} {:>6} 个登记  {:>8} 个文件  {:>12.3} GB",
            label(&b.key),
            b.registrations,
            b.files,
            b.bytes as f64 / 1073741824.0
        );
    }
}

pub fn run(ctx: &Ctx, at: Option<&str>, json: bool) -> Result<ExitCode> {
    let s = ctx.reader()?.statistics(instant(at)?)?;
    if json {
        output::json(&s);
        return Ok(ExitCode::SUCCESS);
    }
    let t = &s.totals;
    println!(
        "登记单位 {} 个；已封存登记 {} 个（另有草稿 {} 个），文件 {} 个，{:.3} GB；保管库占用 {:.3} GB；备份介质 {} 个。",
        t.units,
        t.registrations,
        t.drafts,
        t.files,
        t.bytes as f64 / 1073741824.0,
        t.vault_bytes as f64 / 1073741824.0,
        t.media
    );
    let same = |k: &str| k.to_string();
    let unit_kind = |k: &str| k.parse::<UnitKind>().map(|u| u.label_zh().to_string()).unwrap_or_else(|_| k.to_string());
    let record_kind = |k: &str| k.parse::<RecordKind>().map(|u| u.label_zh().to_string()).unwrap_or_else(|_| k.to_string());
    table("按领域", &s.by_domain, same);
    table("按单位类别", &s.by_unit_kind, unit_kind);
    table("按单位", &s.by_unit, same);
    table("按年度", &s.by_year, same);
    table("按档案类型", &s.by_record_kind, record_kind);
    table("按备份套别", &s.by_media_set, |k| format!("{k} 套"));
    table("按月份", &s.by_month, same);
    if !s.media.is_empty() {
        println!("\n备份介质");
        for m in &s.media {
            let check = output::last_check(m.last_verified_at.as_deref(), m.last_result.as_deref());
            let due = if m.check_due { "，已到检测期" } else { "" };
            println!("  {} 套 {}（{}）：{} 个登记，{}；{check}{due}", m.set, m.label, m.kind, m.registrations, output::size(m.bytes_used));
        }
    }
    Ok(ExitCode::SUCCESS)
}
