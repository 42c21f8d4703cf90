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
    if json {
        output::json(&results);
        return Ok(ExitCode::SUCCESS);
    }
    for h in &results.hits {
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
    if results.hits.is_empty() {
        eprintln!("没有找到包含 “{}” 的单位、登记或文件。", results.query);
    } else if results.truncated {
        eprintln!("结果较多，只列出每类前 {} 条；可用 --limit 或筛选条件缩小范围。", f.limit);
    }
    Ok(ExitCode::SUCCESS)
}
