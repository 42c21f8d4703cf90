use std::io::Write;
use std::process::ExitCode;

use std::time::Duration;

use dengji_core::{CancelToken, IntakeTarget, JobProgress, RecordKind, Throttled};

use super::{stamp, Ctx};
use crate::args::IntakeArgs;
use crate::error::Result;
use crate::output;

/// One status line on a terminal, rewritten in place; nothing when output is piped.
fn progress_line(p: &JobProgress) {
    let pct = if p.bytes_total > 0 { p.bytes_done as f64 * 100.0 / p.bytes_total as f64 } else { 0.0 };
    let secs = p.elapsed.as_secs_f64().max(0.001);
    let speed = p.bytes_done as f64 / secs;
    let eta = if speed > 0.0 { (p.bytes_total.saturating_sub(p.bytes_done)) as f64 / speed } else { 0.0 };
    let _ = write!(
        std::io::stderr(),
        "\r接收 {}/{} 个文件  {}/{}  {:.0}%  {}/s  剩余约 {:.0} 秒   ",
        p.files_done,
        p.files_total,
        output::size(p.bytes_done as i64),
        output::size(p.bytes_total as i64),
        pct,
        output::size(speed as i64),
        eta
    );
}

pub fn run(ctx: &Ctx, a: IntakeArgs) -> Result<ExitCode> {
    let (mut archive, actor) = ctx.login()?;
    let stamp = stamp(&actor);
    let cancel = CancelToken::new();
    {
        // Ctrl-C stops at the next safe point; what was committed stays in the draft.
        let c = cancel.clone();
        let _ = ctrlc::set_handler(move || c.cancel());
    }
    let terminal = output::is_terminal();
    let draw = |p: &JobProgress| {
        if terminal {
            progress_line(p)
        }
    };
    let progress = Throttled::new(&draw, Duration::from_millis(200));
    let report = if let Some(id) = &a.resume {
        let reg = archive.find_registration(id)?;
        archive.resume_intake(reg.id, &stamp, &progress, &cancel)?
    } else {
        let target = match &a.draft {
            Some(d) => IntakeTarget::Draft(archive.find_registration(d)?.id),
            None => {
                let unit = archive.find_unit(a.unit.as_deref().unwrap_or_default())?;
                let kind: RecordKind = a.kind.parse()?;
                IntakeTarget::New { unit: unit.id, title: a.title.clone().unwrap_or_default(), kind }
            }
        };
        archive.intake(target, &a.paths, &stamp, &progress, &cancel)?
    };
    if terminal {
        eprintln!();
    }
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
        if report.cancelled {
            eprintln!("已取消：已接收的文件保留在草稿中。继续接收：dengji intake --resume {}", report.id.0);
        } else if report.findings > 0 {
            eprintln!("查看问题：dengji draft findings {}", report.id.0);
        }
    }
    Ok(if report.cancelled { ExitCode::from(1) } else { ExitCode::SUCCESS })
}
