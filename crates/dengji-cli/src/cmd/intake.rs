use std::process::ExitCode;

use dengji_core::{IntakeTarget, RecordKind};

use super::{stamp, with_progress, Ctx};
use crate::args::IntakeArgs;
use crate::error::Result;
use crate::output;

pub fn run(ctx: &Ctx, a: IntakeArgs) -> Result<ExitCode> {
    let (mut archive, actor) = ctx.login()?;
    let stamp = stamp(&actor);
    // Ctrl-C stops at the next safe point; what was committed stays in the draft.
    let report = with_progress("接收", a.json, |progress, cancel| -> Result<_> {
        if let Some(id) = &a.resume {
            let reg = archive.find_registration(id)?;
            return Ok(archive.resume_intake(reg.id, &stamp, progress, cancel)?);
        }
        let target = match (&a.draft, &a.series) {
            (Some(d), _) => IntakeTarget::Draft(archive.find_registration(d)?.id),
            (None, Some(s)) => {
                IntakeTarget::Series { series: archive.find_series(s)?.id, period: a.period.clone(), title: a.title.clone() }
            }
            (None, None) => {
                let unit = archive.find_unit(a.unit.as_deref().unwrap_or_default())?;
                let kind: RecordKind = a.kind.parse()?;
                IntakeTarget::New { unit: unit.id, title: a.title.clone().unwrap_or_default(), kind }
            }
        };
        Ok(archive.intake(target, &a.paths, &stamp, progress, cancel)?)
    })?;
    if a.json {
        output::json(&report);
    } else {
        println!("{}", report.id.0);
        eprintln!(
            "草稿 #{}：本次接收 {} 个文件（{}），{} 个未变化的文件未重读，{} 项问题待处理。",
            report.id.0,
            report.files,
            output::size(report.bytes as i64),
            report.unchanged,
            report.findings
        );
        if let Some(check) = &report.check {
            eprintln!(
                "四性检测（接收时，按读取时的检查结果）：{} 个错误、{} 个警告。详情：dengji check {}",
                check.summary.errors(),
                check.summary.warnings(),
                report.id.0
            );
        }
        if report.cancelled {
            eprintln!("已取消：已接收的文件保留在草稿中。继续接收：dengji intake --resume {}", report.id.0);
        } else if report.findings > 0 {
            eprintln!("查看问题：dengji draft findings {}", report.id.0);
        }
    }
    Ok(if report.cancelled { ExitCode::from(1) } else { ExitCode::SUCCESS })
}
