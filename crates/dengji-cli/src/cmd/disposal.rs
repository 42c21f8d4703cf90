//! `dengji disposal due | hold | release | list`.

use std::process::ExitCode;

use chrono::NaiveDate;
use dengji_core::{Hold, NewHold};

use super::status::instant;
use super::{stamp, Ctx};
use crate::args::DisposalCmd;
use crate::error::{CliError, Result};
use crate::output;

fn day(text: Option<&str>) -> Result<Option<NaiveDate>> {
    text.map(|t| NaiveDate::parse_from_str(t.trim(), "%Y-%m-%d").map_err(|_| CliError::BadDate(t.to_string()))).transpose()
}

fn hold_line(h: &Hold) -> String {
    let span = match h.ends_on {
        Some(end) => format!("{} 至 {end}", h.starts_on),
        None => format!("{} 起，至解除", h.starts_on),
    };
    let state = match (&h.released_by, &h.released_at) {
        (Some(by), Some(at)) => {
            format!("已于 {} 由 {by} 解除（{}）", output::local_time(at), h.release_reason.as_deref().unwrap_or_default())
        }
        _ => "在保全中".into(),
    };
    format!("{}\t{}\t{}\t{span}\t{}\t{state}", h.id, h.registration_number.as_deref().unwrap_or_default(), h.reference, h.reason)
}

pub fn run(ctx: &Ctx, cmd: DisposalCmd) -> Result<ExitCode> {
    match cmd {
        DisposalCmd::Due { at, json } => {
            let due = ctx.reader()?.disposal_due(instant(at.as_deref())?)?;
            if json {
                output::json(&due);
                return Ok(ExitCode::SUCCESS);
            }
            for r in &due {
                let whole = if r.items.len() as i64 == r.total_items {
                    "全部到期".to_string()
                } else {
                    format!("{} / {} 件到期", r.items.len(), r.total_items)
                };
                let held = if r.holds.is_empty() {
                    String::new()
                } else {
                    format!("\t诉讼保全中（{}）", r.holds.iter().map(|h| h.reference.as_str()).collect::<Vec<_>>().join("、"))
                };
                println!("{}\t{}\t{}\t{whole}{held}", r.registration_number, r.unit_name, r.title);
                for i in &r.items {
                    println!("  {}\t{}\t{}\t{} 起可销毁", i.path, i.retention.as_str(), i.date, i.due_on);
                }
            }
            if due.is_empty() {
                eprintln!("没有保管期限已满的文件（只计著录了保管期限 10年/30年 和日期的文件）。");
            }
        }
        DisposalCmd::Hold { registration, reference, reason, from, until, json } => {
            let (mut archive, actor) = ctx.login()?;
            let reg = archive.find_registration(&registration)?;
            let hold =
                NewHold { registration: reg.id, reference, reason, starts_on: day(from.as_deref())?, ends_on: day(until.as_deref())? };
            let hold = archive.place_hold(&hold, &stamp(&actor))?;
            if json {
                output::json(&hold);
            } else {
                println!("{}", hold.id);
                eprintln!("已登记诉讼保全 #{}：{} 在保全期间不能销毁。", hold.id, reg.label());
            }
        }
        DisposalCmd::Release { hold, reason, json } => {
            let (mut archive, actor) = ctx.login()?;
            let hold = archive.release_hold(hold, &reason, &stamp(&actor))?;
            if json {
                output::json(&hold);
            } else {
                eprintln!("已解除诉讼保全 #{}（{}）。", hold.id, hold.reference);
            }
        }
        DisposalCmd::List { json } => {
            let holds = ctx.reader()?.holds()?;
            if json {
                output::json(&holds);
            } else {
                for h in &holds {
                    println!("{}", hold_line(h));
                }
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
