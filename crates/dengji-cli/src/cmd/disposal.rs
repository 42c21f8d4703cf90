//! `dengji disposal due | apply | approve | record | hold | release | list`.

use std::process::ExitCode;

use chrono::NaiveDate;
use dengji_core::{AccessEvent, Disposal, DisposalId, DisposalStatus, Hold, NewDisposal, NewHold};

use super::status::instant;
use super::{stamp, Ctx};
use crate::args::DisposalCmd;
use crate::error::{CliError, Result};
use crate::output;

fn day(text: Option<&str>) -> Result<Option<NaiveDate>> {
    text.map(|t| dengji_core::parse_date(t.trim()).map_err(|_| CliError::BadDate(t.to_string()))).transpose()
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

fn disposal_line(d: &Disposal) -> String {
    let state = match (d.status, &d.decided_by, &d.decided_at) {
        (DisposalStatus::Pending, ..) => "待审批".to_string(),
        (DisposalStatus::Approved, Some(by), Some(at)) => format!("已于 {} 由 {by} 批准并销毁", output::local_time(at)),
        (DisposalStatus::Rejected, Some(by), Some(at)) => {
            format!("已于 {} 由 {by} 驳回（{}）", output::local_time(at), d.decision_note.as_deref().unwrap_or_default())
        }
        _ => String::new(),
    };
    let scope = if d.whole { "全部".to_string() } else { format!("{} 个文件", d.items.len()) };
    format!("{}\t{}\t{scope}\t{}\t同意书 {}\t{}\t{state}", d.id.0, d.registration_number, d.reason, d.consent_reference, d.applied_by)
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
            let hold = archive.release_hold(dengji_core::HoldId(hold), &reason, &stamp(&actor))?;
            if json {
                output::json(&hold);
            } else {
                eprintln!("已解除诉讼保全 #{}（{}）。", hold.id, hold.reference);
            }
        }
        DisposalCmd::Apply { registration, items, reason, consent, json } => {
            let (mut archive, actor) = ctx.login()?;
            let reg = archive.find_registration(&registration)?;
            let new = NewDisposal { registration: reg.id, paths: items, reason, consent_reference: consent };
            let d = archive.apply_disposal(&new, &stamp(&actor))?;
            if json {
                output::json(&d);
            } else {
                println!("{}", d.id.0);
                eprintln!(
                    "已提交销毁申请 #{}：{} 的 {} 个文件，待另一位审核员或管理员审批。",
                    d.id.0,
                    d.registration_number,
                    d.items.len()
                );
            }
        }
        DisposalCmd::Approve { disposal, reject, note, json } => {
            let (mut archive, actor) = ctx.login()?;
            let d = archive.decide_disposal(DisposalId(disposal), !reject, &note, &stamp(&actor))?;
            if json {
                output::json(&d);
            } else if reject {
                eprintln!("已驳回销毁申请 #{}。", d.id.0);
            } else {
                eprintln!(
                    "已批准并执行销毁申请 #{}：{} 的 {} 个文件已从保管库移除（登记记录与摘要保留）。",
                    d.id.0,
                    d.registration_number,
                    d.items.len()
                );
                if !d.media.is_empty() {
                    let labels = d.media.iter().map(|m| m.label.as_str()).collect::<Vec<_>>().join("、");
                    eprintln!("介质 {labels} 上仍有这些文件：下次备份或修复该介质时清除。");
                }
                eprintln!("请打印销毁清单：dengji disposal record {} --out 销毁清单.pdf", d.id.0);
            }
        }
        DisposalCmd::Record { disposal, out, json } => {
            let (mut archive, actor) = ctx.login_to_sign()?;
            let record = archive.disposal_record(DisposalId(disposal))?;
            let sig = output::write_signed(&out, &record.pdf, record.signature.as_deref())?;
            let detail = serde_json::json!({"what": "disposal_record", "out": out});
            super::record(&mut archive, &actor, AccessEvent::Export, &DisposalId(disposal).subject(), detail)?;
            if json {
                output::json(&serde_json::json!({"out": out, "signature": sig}));
            } else {
                eprintln!("销毁清单已写入 {}", out.display());
                if let Some(path) = sig {
                    eprintln!("机构密钥签名已写入 {}", path.display());
                }
            }
        }
        DisposalCmd::List { json } => {
            let archive = ctx.reader()?;
            let (disposals, holds) = (archive.disposals()?, archive.holds()?);
            if json {
                output::json(&serde_json::json!({"disposals": disposals, "holds": holds}));
            } else {
                if !disposals.is_empty() {
                    println!("销毁申请：");
                    for d in &disposals {
                        println!("{}", disposal_line(d));
                    }
                }
                if !holds.is_empty() {
                    println!("诉讼保全：");
                    for h in &holds {
                        println!("{}", hold_line(h));
                    }
                }
                if disposals.is_empty() && holds.is_empty() {
                    eprintln!("没有销毁申请，也没有诉讼保全。");
                }
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
