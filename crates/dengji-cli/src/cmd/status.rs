//! `dengji status`: business data hand-overs missing, the copy policy and media checks, as a
//! report (always exit 0).

use std::process::ExitCode;

use chrono::{DateTime, Utc};
use dengji_core::Error;

use super::Ctx;
use crate::error::Result;
use crate::output;

/// `--at` as given (RFC 3339), or now.
pub fn instant(at: Option<&str>) -> Result<DateTime<Utc>> {
    Ok(match at {
        Some(t) => DateTime::parse_from_rfc3339(t)
            .map_err(|e| Error::BadSetting(format!("时间 “{t}” 无法识别（应为 RFC 3339，如 2026-11-25T10:00:00+08:00）：{e}")))?
            .with_timezone(&Utc),
        None => Utc::now(),
    })
}

pub fn run(ctx: &Ctx, at: Option<&str>, json: bool) -> Result<ExitCode> {
    let at = instant(at)?;
    let archive = ctx.reader()?;
    let status = archive.status(at)?;
    let missing = archive.missing_handovers(at)?;
    if json {
        let mut value = serde_json::to_value(&status).expect("status serialises");
        value["missing_handovers"] = serde_json::to_value(&missing).expect("status serialises");
        output::json(&value);
        return Ok(ExitCode::SUCCESS);
    }
    if !missing.is_empty() {
        println!("业务数据未按期移交：{} 期（移交：dengji intake --series 系列 --period 期别）", missing.len());
        for m in &missing {
            let state = if m.overdue { "逾期" } else { "待交" };
            println!("  #{} {}	{}	{}	{state}", m.series.0, m.name, m.unit, m.period);
        }
    }
    let n = status.copy_sets_required;
    if status.under_copied.is_empty() {
        println!("备份套数：每个已封存登记都已备份到至少 {n} 套介质上。");
    } else {
        println!("备份套数不足（要求 {n} 套）：{} 个登记", status.under_copied.len());
        for u in &status.under_copied {
            let sets = if u.sets.is_empty() { "尚无备份".to_string() } else { format!("已在 {} 套", u.sets.join("、")) };
            println!("  {}\t{}\t{sets}", u.registration_number, u.unit);
        }
    }
    for m in &status.not_counted {
        let why = match (m.retired, &m.failed_at) {
            (Some(r), _) => format!("已退役（{}）", r.label_zh()),
            (None, Some(at)) => format!("{} 核验发现问题，尚未修复", output::local_time(at)),
            (None, None) => "不计入".to_string(),
        };
        println!("  不计入备份套数：介质 {}（{} 套，{} 个登记）{why}", m.label, m.set, m.registrations);
    }
    if status.checks_due.is_empty() {
        println!("介质核验：没有到期的介质。");
    } else {
        println!("介质核验已到期：{} 个介质（核验：dengji media verify 路径）", status.checks_due.len());
        for d in &status.checks_due {
            let last = if d.verified {
                format!("上次核验 {}", output::local_time(&d.last_check))
            } else {
                format!("登记于 {}，从未核验", output::local_time(&d.last_check))
            };
            println!("  {}\t{} 套\t{}\t{last}\t应于 {} 前核验", d.label, d.set, d.kind.label_zh(), output::local_time(&d.due));
        }
    }
    Ok(ExitCode::SUCCESS)
}
