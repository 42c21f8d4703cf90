use std::process::ExitCode;

use dengji_core::{Error, RegistrationOrder, RegistrationQuery, Status};

use super::{stamp, Ctx};
use crate::args::DraftCmd;
use crate::error::Result;
use crate::output;

pub fn seal(ctx: &Ctx, draft: &str, json: bool) -> Result<ExitCode> {
    let (mut archive, actor) = ctx.login()?;
    let reg = archive.find_registration(draft)?;
    let report = archive.seal(reg.id, None, &stamp(&actor))?;
    if json {
        output::json(&report);
    } else {
        println!("{}", report.registration_number);
        eprintln!(
            "已封存：{} 个文件，{}；包摘要 SM3 {}，SHA-256 {}",
            report.files,
            output::size(report.bytes),
            report.package_sm3,
            report.package_sha256
        );
        eprintln!("{}", seal_check_line(&report.check));
    }
    Ok(ExitCode::SUCCESS)
}

/// What the seal's own check found, in one line.
fn seal_check_line(c: &dengji_core::SealCheck) -> String {
    let (errors, warnings) = (c.summary.errors(), c.summary.warnings());
    if errors == 0 {
        format!("封存时四性检测：无错误（警告 {warnings} 项）")
    } else {
        format!("封存时四性检测：错误 {errors} 项，均经审核员接受（警告 {warnings} 项）")
    }
}

pub fn show(ctx: &Ctx, key: &str, json: bool) -> Result<ExitCode> {
    let own = ctx.reader()?;
    // Not ours: a registration a lower archive reported, shown from its copy.
    let (archive, source) = match own.find_registration(key) {
        Err(dengji_core::Error::RegistrationNotFound(_)) => match own.lower_holding(key)? {
            Some((lower, copy)) => (copy, Some(lower)),
            None => (own, None),
        },
        _ => (own, None),
    };
    let shown = archive.registration_detail(archive.find_registration(key)?.id)?;
    let r = &shown.registration;
    if json {
        let mut value = serde_json::to_value(&shown).expect("a registration serialises");
        value["source"] = serde_json::json!(source.as_ref().map(|l| &l.peer.name));
        output::json(&value);
        return Ok(ExitCode::SUCCESS);
    }
    if let Some(l) = &source {
        let when = l.last.as_ref().map(|r| output::local_time(&r.received_at)).unwrap_or_default();
        println!("来源      下级档案馆 “{}”（{}）报送的副本，{when} 接收，只读", l.peer.name, l.peer.region_code);
    }
    println!("登记号    {}", r.label());
    println!("状态      {}", if r.status == Status::Sealed { "已封存" } else { "草稿" });
    println!("单位      {}（{}）", r.unit.name, r.unit.uscc.as_deref().unwrap_or("无信用代码"));
    println!("题名      {}", r.title);
    println!("类型      {}", r.kind.label_zh());
    if let Some(s) = &shown.series {
        match s.version {
            Some(v) => println!("系列      {} 第 {v} 版（{}）", s.name, s.period),
            None => println!("系列      {} {}（封存时定版本号）", s.name, s.period),
        }
    }
    println!("文件      {} 个，{}", r.files, output::size(r.bytes));
    if let Some(h) = &r.handover_ref {
        println!("移交单号  {h}");
    }
    if let Some(t) = &r.sealed_at {
        println!("封存时间  {}（{}）", output::local_time(t), r.sealed_by.as_deref().unwrap_or(""));
    }
    if let (Some(sm3), Some(sha)) = (&r.package_sm3, &r.package_sha256) {
        println!("包摘要    SM3     {sm3}");
        println!("          SHA-256 {sha}");
    }
    for b in &shown.seal_blockers {
        println!("不能封存  {b}");
    }
    if let Some(c) = shown.checks.last() {
        let (errors, warnings) = (c.summary.errors(), c.summary.warnings());
        let result = if c.passed {
            format!("通过（警告 {warnings} 项）")
        } else {
            format!("未通过（错误 {errors} 项，警告 {warnings} 项）")
        };
        let when = if c.at_intake { "（接收时）" } else { "" };
        println!("四性检测  {}{when}，{}：{result}；共检测 {} 次", output::local_time(&c.at), c.operator, shown.checks.len());
    }
    if let Some(c) = &shown.seal_check {
        println!("封存检测  {}", seal_check_line(c).trim_start_matches("封存时四性检测："));
    }
    for a in &shown.check_acceptances {
        let item = a.item.as_deref().unwrap_or("整个登记");
        println!("接受错误  {item}：{}（{}）", a.message, a.rule);
        println!("          理由：{}（{}，{}）", a.reason, a.accepted_by, output::local_time(&a.accepted_at));
    }
    println!();
    for i in &shown.items {
        println!("{}  {:>10}  {:<6} {}", i.sm3, i.size, i.format, i.path);
        if let Some(at) = &i.disposed_at {
            println!("    已于 {} 销毁（登记记录与摘要保留）", output::local_time(at));
        }
        let m = &i.meta;
        let described: Vec<String> = [
            ("档号", m.ref_code.clone()),
            ("题名", m.title.clone()),
            ("责任者", m.creator.clone()),
            ("日期", m.date.clone()),
            ("保管期限", m.retention.map(|r| r.as_str().to_string())),
            ("密级", m.classification.clone()),
            ("页数", m.pages.map(|n| n.to_string())),
            ("件号", m.piece.map(|n| n.to_string())),
            ("备注", m.note.clone()),
        ]
        .into_iter()
        .filter_map(|(k, v)| v.map(|v| format!("{k}：{v}")))
        .collect();
        if !described.is_empty() {
            println!("    {}", described.join("  "));
        }
    }
    for f in &shown.findings {
        println!("问题 [{}{}] {}：{}", f.kind, if f.acknowledged { "，已接受" } else { "" }, f.path, f.detail);
    }
    Ok(ExitCode::SUCCESS)
}

pub fn list(ctx: &Ctx, text: Option<String>, status: Option<String>, limit: Option<usize>, offset: usize, json: bool) -> Result<ExitCode> {
    let mut archive = ctx.reader()?;
    let paged = text.is_some() || status.is_some() || limit.is_some() || offset > 0;
    let regs = if paged {
        let status = super::status_of(status.as_deref())?;
        let limit = limit.unwrap_or(500).clamp(1, 500);
        let page = archive.registration_page(&RegistrationQuery { text, status, order: RegistrationOrder::Newest, offset, limit })?;
        if !json {
            let last = (offset + page.rows.len()).min(page.total as usize);
            eprintln!("第 {}–{} 条，共 {} 条", (offset + 1).min(last), last, page.total);
        }
        page.rows
    } else {
        archive.registrations()?
    };
    if json {
        output::json(&regs);
    } else {
        for r in &regs {
            println!("{}\t{}\t{} 个文件\t{}\t{}", r.label(), r.unit.name, r.files, output::size(r.bytes), r.title);
        }
    }
    Ok(ExitCode::SUCCESS)
}

pub fn draft(ctx: &Ctx, cmd: DraftCmd) -> Result<ExitCode> {
    let (mut archive, actor) = ctx.login()?;
    let stamp = stamp(&actor);
    match cmd {
        DraftCmd::Remove { draft, paths, json } => {
            let reg = archive.find_registration(&draft)?;
            if reg.status == Status::Sealed {
                return Err(Error::Sealed(reg.label()).into());
            }
            let items = archive.items(reg.id)?;
            let mut ids = Vec::new();
            for p in &paths {
                // A path that is not there is the caller's mistake (exit 2); nothing is removed.
                match items.iter().find(|i| &i.path == p) {
                    Some(i) => ids.push(i.id),
                    None => return Err(Error::ItemNotFound(p.clone(), reg.label()).into()),
                }
            }
            let n = archive.remove_items(reg.id, &ids, &stamp)?;
            if json {
                output::json(&serde_json::json!({"draft": reg.id, "removed": n}));
            } else {
                println!("{n}");
            }
        }
        DraftCmd::Meta { draft, path, meta, json: _ } => {
            let reg = archive.find_registration(&draft)?;
            let Some(item) = archive.items(reg.id)?.into_iter().find(|i| i.path == path) else {
                return Err(Error::ItemNotFound(path, reg.label()).into());
            };
            let mut m = item.meta.clone();
            super::catalogue::apply_args(&mut m, &meta)?;
            let saved = archive.set_item_meta(reg.id, item.id, &m, &stamp)?;
            output::json(&saved);
        }
        DraftCmd::Handover { draft, reference, json } => {
            let reg = archive.find_registration(&draft)?;
            archive.set_handover_ref(reg.id, &reference, &stamp)?;
            if json {
                output::json(&serde_json::json!({"draft": reg.id, "handover_ref": archive.registration(reg.id)?.handover_ref}));
            } else {
                eprintln!("已记录移交单号。");
            }
        }
        DraftCmd::Discard { draft, reason, json } => {
            let reg = archive.find_registration(&draft)?;
            let report = archive.discard_draft(reg.id, &reason, &stamp)?;
            if json {
                output::json(&report);
            } else {
                println!(
                    "已放弃草稿 #{}（{}）：{} 个文件，保管库移除 {} 个不再被引用的对象。",
                    report.id.0, report.title, report.files, report.objects_removed
                );
            }
        }
        DraftCmd::Accept { draft, reason, json } => {
            let reg = archive.find_registration(&draft)?;
            let n = archive.accept_findings(reg.id, &reason, &stamp)?;
            if json {
                output::json(&serde_json::json!({"draft": reg.id, "accepted": n}));
            } else {
                println!("{n}");
            }
        }
        DraftCmd::Findings { draft, json } => {
            let reg = archive.find_registration(&draft)?;
            let findings = archive.findings(reg.id)?;
            if json {
                output::json(&findings);
            } else {
                for f in &findings {
                    println!(
                        "{}\t{}\t{}\t{}",
                        if f.acknowledged {
                            "已接受"
                        } else if f.blocking {
                            "待处理"
                        } else {
                            "提示"
                        },
                        f.kind,
                        f.path,
                        f.detail
                    );
                }
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
