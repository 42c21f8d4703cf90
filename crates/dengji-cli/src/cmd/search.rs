//! `dengji search`: units, registrations and files by any part of their text.

use std::process::ExitCode;

use dengji_core::{HitKind, SearchFilter};

use super::Ctx;
use crate::error::Result;
use crate::output;

pub struct Filters {
    pub unit: Option<String>,
    pub kind: Option<String>,
    pub domain: Option<String>,
    pub year: Option<i32>,
    pub status: Option<String>,
    pub set: Option<String>,
    pub limit: usize,
}

fn print_hits(hits: &[dengji_core::SearchHit]) {
    for h in hits {
        let reg = h.registration_label.as_deref().unwrap_or("");
        match h.kind {
            HitKind::Unit => println!("单位  {}（{}）", h.unit_name, h.uscc.as_deref().unwrap_or("无信用代码")),
            HitKind::Registration => println!("登记  {reg}  {}  {}", h.title.as_deref().unwrap_or(""), h.unit_name),
            HitKind::Item => {
                let title = h.title.as_deref().map(|t| format!("  {t}")).unwrap_or_default();
                println!("文件  {reg}  {}{title}", h.path.as_deref().unwrap_or(""))
            }
        }
    }
}

pub fn run(ctx: &Ctx, query: &str, f: Filters, json: bool) -> Result<ExitCode> {
    let mut archive = ctx.reader()?;
    let status = super::status_of(f.status.as_deref())?;
    let filter = SearchFilter {
        unit: match &f.unit {
            Some(u) => Some(archive.find_unit(u)?.id),
            None => None,
        },
        kind: f.kind.as_deref().map(str::parse).transpose()?,
        domain: f.domain,
        year: f.year,
        status,
        media_set: f.set,
        limit: Some(f.limit),
    };
    let results = archive.search(query, &filter)?;
    // A unit is this archive's own: with --unit, lower archives' copies are not searched.
    let lower = if filter.unit.is_none() { archive.search_lower(query, &filter)? } else { Vec::new() };
    if json {
        let mut value = serde_json::to_value(&results).expect("results serialise");
        value["lower"] = serde_json::to_value(&lower).expect("results serialise");
        output::json(&value);
        return Ok(ExitCode::SUCCESS);
    }
    print_hits(&results.hits);
    for l in &lower {
        println!("—— 下级档案馆 “{}”（{}）报送的副本 ——", l.archive, l.region_code);
        print_hits(&l.results.hits);
    }
    if results.hits.is_empty() && lower.is_empty() {
        eprintln!("没有找到包含 “{}” 的单位、登记或文件。", results.query);
    } else if results.truncated || lower.iter().any(|l| l.results.truncated) {
        eprintln!("结果较多，只列出每类前 {} 条；可用 --limit 或筛选条件缩小范围。", f.limit);
    }
    Ok(ExitCode::SUCCESS)
}
