use std::process::ExitCode;

use dengji_core::{uscc, NewUnit, Unit, UnitEdit, UnitKind};

use super::{stamp, Ctx};
use crate::args::{DomainCmd, UnitCmd};
use crate::error::Result;
use crate::output;

fn print_unit(u: &Unit) {
    println!("编号      {}", u.id.0);
    println!("名称      {}", u.name);
    println!("类别      {}", u.kind.label_zh());
    println!("信用代码  {}{}", u.uscc.as_deref().unwrap_or("（无）"), if u.uscc_forced { "（校验位不符，经确认登记）" } else { "" });
    println!("领域      {}", u.domain.as_deref().unwrap_or("（未填）"));
    println!("登记数    {}", u.registrations);
    println!("创建时间  {}", output::local_time(&u.created_at));
}

pub fn run(ctx: &Ctx, cmd: UnitCmd) -> Result<ExitCode> {
    match cmd {
        UnitCmd::Add { name, kind, uscc, domain, force, json } => {
            let (mut archive, actor) = ctx.login()?;
            let kind: UnitKind = kind.parse()?;
            let unit = archive.add_unit(NewUnit { name, kind, uscc, domain, force }, &stamp(&actor))?;
            if let Some(w) = unit.uscc.as_deref().and_then(uscc::region_warning) {
                eprintln!("注意：{w}");
            }
            if json {
                output::json(&unit);
            } else {
                println!("{}", unit.id.0);
            }
        }
        UnitCmd::List { json } => {
            let units = ctx.reader()?.units()?;
            if json {
                output::json(&units);
            } else {
                for u in &units {
                    println!(
                        "{}\t{}\t{}\t{}\t{}",
                        u.id.0,
                        u.uscc.as_deref().unwrap_or("-"),
                        u.kind.label_zh(),
                        u.domain.as_deref().unwrap_or("-"),
                        u.name
                    );
                }
            }
        }
        UnitCmd::Edit { unit, name, kind, uscc, domain, no_domain, reason, force, json } => {
            let (mut archive, actor) = ctx.login()?;
            let id = archive.find_unit(&unit)?.id;
            let kind = kind.map(|k| k.parse::<UnitKind>()).transpose()?;
            let domain = if no_domain { Some(None) } else { domain.map(Some) };
            let edit = UnitEdit { name, kind, uscc, domain, reason, force };
            let edited = archive.edit_unit(id, edit, &stamp(&actor))?;
            if json {
                output::json(&edited);
            } else {
                for w in &edited.warnings {
                    eprintln!("注意：{w}");
                }
                if edited.changed.is_empty() {
                    eprintln!("没有要更改的内容，未做任何更改。");
                } else {
                    eprintln!("已修改：{}（已记入台账）。", edited.changed.iter().map(|f| field_label(f)).collect::<Vec<_>>().join("、"));
                }
                print_unit(&edited.unit);
            }
        }
        UnitCmd::Show { unit, json } => {
            let u = ctx.reader()?.find_unit(&unit)?;
            if json {
                output::json(&u);
            } else {
                print_unit(&u);
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn field_label(field: &str) -> &str {
    match field {
        "name" => "名称",
        "kind" => "类别",
        "uscc" => "统一社会信用代码",
        "domain" => "领域",
        other => other,
    }
}

pub fn domain(ctx: &Ctx, cmd: DomainCmd) -> Result<ExitCode> {
    match cmd {
        DomainCmd::List { json } => {
            let domains = ctx.reader()?.domain_list()?;
            if json {
                output::json(&domains);
            } else {
                for d in &domains {
                    let retired = if d.retired_at.is_some() { "\t（已停用）" } else { "" };
                    println!("{}\t{} 个单位{retired}", d.name, d.units);
                }
            }
        }
        DomainCmd::Add { name, json } => {
            let (mut archive, actor) = ctx.login()?;
            let added = archive.add_domain(&name, &stamp(&actor))?;
            if json {
                output::json(&serde_json::json!({"name": name.trim(), "added": added}));
            } else {
                eprintln!("{}", if added { "已添加领域。" } else { "该领域已在列表中，未做更改。" });
            }
        }
        DomainCmd::Rename { from, to, json } => {
            let (mut archive, actor) = ctx.login()?;
            let d = archive.rename_domain(&from, &to, &stamp(&actor))?;
            if json {
                output::json(&d);
            } else {
                eprintln!("已将领域 “{}” 更名为 “{}”，{} 个单位随之更改。", from.trim(), d.name, d.units);
            }
        }
        DomainCmd::Retire { name, json } => {
            let (mut archive, actor) = ctx.login()?;
            let d = archive.retire_domain(&name, &stamp(&actor))?;
            if json {
                output::json(&d);
            } else {
                eprintln!("已停用领域 “{}”：不再供新单位选择，已有的 {} 个单位保留该领域。", d.name, d.units);
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
