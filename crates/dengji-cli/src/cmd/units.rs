use std::process::ExitCode;

use dengji_core::{NewUnit, Unit, UnitKind};

use super::{stamp, Ctx};
use crate::args::UnitCmd;
use crate::error::Result;
use crate::output;

fn print_unit(u: &Unit) {
    println!("编号      {}", u.id.0);
    println!("名称      {}", u.name);
    println!("类别      {}", u.kind.label_zh());
    println!("信用代码  {}{}", u.uscc.as_deref().unwrap_or("（无）"), if u.uscc_forced { "（校验位不符，经确认登记）" } else { "" });
    println!("领域      {}", u.domain.as_deref().unwrap_or("（未填）"));
    println!("登记数    {}", u.registrations);
    println!("创建时间  {}", u.created_at);
}

pub fn run(ctx: &Ctx, cmd: UnitCmd) -> Result<ExitCode> {
    match cmd {
        UnitCmd::Add { name, kind, uscc, domain, force, json } => {
            let (mut archive, actor) = ctx.login()?;
            let kind: UnitKind = kind.parse()?;
            let unit = archive.add_unit(NewUnit { name, kind, uscc, domain, force }, &stamp(&actor))?;
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
