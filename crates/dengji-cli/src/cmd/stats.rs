//! `dengji stats`: the figures a centre reports (统计).

use std::path::Path;
use std::process::ExitCode;

use dengji_core::{Error, StatCell, StatTable, Statistics};

use super::status::instant;
use super::Ctx;
use crate::error::{CliError, Result};
use crate::output;

pub fn run(ctx: &Ctx, at: Option<&str>, by: Option<&str>, export: Option<&Path>, with_lower: bool, json: bool) -> Result<ExitCode> {
    if by == Some("source") && !with_lower && export.is_none() {
        return by_source(ctx, at, json);
    }
    let (mut archive, actor) = ctx.login()?;
    let s =
        if with_lower || by == Some("source") { archive.combined_statistics(instant(at)?)? } else { archive.statistics(instant(at)?)? };
    if let Some(path) = export {
        write_export(path, &s)?;
        let mut detail = serde_json::json!({"out": path});
        if !s.by_source.is_empty() {
            detail["with_lower"] = true.into();
        }
        super::record(&mut archive, &actor, dengji_core::AccessEvent::Export, "statistics", detail)?;
    }
    if json {
        match by {
            Some(key) => output::json(&grouping(&s, key)),
            None => output::json(&s),
        }
        return Ok(ExitCode::SUCCESS);
    }
    let tables = s.tables();
    match by {
        Some(key) => tables.iter().filter(|t| t.key == key).for_each(print_table),
        None => {
            print_totals(&s);
            tables.iter().filter(|t| t.key != "totals" && t.key != "media").for_each(print_table);
            print_media(&s);
        }
    }
    if let Some(path) = export {
        eprintln!("已导出统计表到 {}", path.display());
    }
    Ok(ExitCode::SUCCESS)
}

/// `--by source`: this archive's holdings and each lower archive's as it last reported.
fn by_source(ctx: &Ctx, at: Option<&str>, json: bool) -> Result<ExitCode> {
    let (archive, _) = ctx.login()?;
    let sources = archive.statistics_by_source(instant(at)?)?;
    if json {
        output::json(&sources);
        return Ok(ExitCode::SUCCESS);
    }
    println!("来源\t登记单位\t已封存登记\t文件\t容量\t报送时间");
    for s in &sources {
        let t = &s.statistics.totals;
        let when = s.reported_at.as_ref().map(output::local_time).unwrap_or_else(|| "本馆".into());
        println!("{}（{}）\t{}\t{}\t{}\t{}\t{when}", s.archive, s.region_code, t.units, t.registrations, t.files, output::size(t.bytes));
    }
    let sum = |f: fn(&dengji_core::Totals) -> i64| sources.iter().map(|s| f(&s.statistics.totals)).sum::<i64>();
    println!("合计\t{}\t{}\t{}\t{}\t", sum(|t| t.units), sum(|t| t.registrations), sum(|t| t.files), output::size(sum(|t| t.bytes)));
    Ok(ExitCode::SUCCESS)
}

/// The buckets of one grouping, as `--json --by` prints them.
fn grouping<'a>(s: &'a Statistics, key: &str) -> &'a [dengji_core::Bucket] {
    match key {
        "domain" => &s.by_domain,
        "kind" => &s.by_unit_kind,
        "unit" => &s.by_unit,
        "year" => &s.by_year,
        "record-kind" => &s.by_record_kind,
        "media-set" => &s.by_media_set,
        "source" => &s.by_source,
        _ => &s.by_month,
    }
}

fn write_export(path: &Path, s: &Statistics) -> Result<()> {
    let ext = path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase);
    let bytes = match ext.as_deref() {
        Some("xlsx") => s.to_xlsx()?,
        Some("csv") => s.to_csv(),
        _ => return Err(CliError::ExportKind(path.to_path_buf())),
    };
    output::write_atomic(path, &bytes).map_err(|source| Error::Io { path: path.to_path_buf(), source })?;
    Ok(())
}

fn print_totals(s: &Statistics) {
    let t = &s.totals;
    println!(
        "登记单位 {} 个；已封存登记 {} 个（另有草稿 {} 个），文件 {} 个，{}；保管库占用 {}；备份介质 {} 个。",
        t.units,
        t.registrations,
        t.drafts,
        t.files,
        output::size(t.bytes),
        output::size(t.vault_bytes),
        t.media
    );
}

fn print_table(t: &StatTable) {
    if t.rows.is_empty() {
        return;
    }
    println!("\n{}", t.name);
    for row in &t.rows {
        let [StatCell::Text(group), StatCell::Count(regs), StatCell::Count(files), StatCell::Count(bytes)] = row.as_slice() else {
            continue;
        };
        println!("  {group:<24} {regs:>6} 个登记  {files:>8} 个文件  {:>12}", output::size(*bytes));
    }
}

fn print_media(s: &Statistics) {
    if s.media.is_empty() {
        return;
    }
    println!("\n备份介质");
    for m in &s.media {
        let check = output::last_check(m.last_verified_at.as_ref(), m.last_result.as_deref());
        let due = if m.check_due { "，已到检测期" } else { "" };
        println!("  {} 套 {}（{}）：{} 个登记，{}；{check}{due}", m.set, m.label, m.kind, m.registrations, output::size(m.bytes_used));
    }
}
