//! `apply restore | handback`, `approve`, `reject`, `applications`.

use std::path::PathBuf;
use std::process::ExitCode;

use dengji_core::{
    Application, ApplicationId, ApplicationKind, ApplicationStatus, Error, HandbackRequest, LowerRestoreRequest, RestoreRequest,
};

use super::{stamp, with_progress, Ctx};
use crate::args::ApplyCmd;
use crate::error::Result;
use crate::output;

fn kind_zh(k: ApplicationKind) -> &'static str {
    match k {
        ApplicationKind::Restore => "数据恢复",
        ApplicationKind::Handback => "交还数据",
    }
}

fn status_zh(s: ApplicationStatus) -> &'static str {
    match s {
        ApplicationStatus::Pending => "待审批",
        ApplicationStatus::Approved => "已批准",
        ApplicationStatus::Rejected => "已驳回",
    }
}

/// Its registration's number, with the lower archive whose it is.
fn registration_of(a: &Application) -> String {
    let number = match (&a.registration_number, a.registration) {
        (Some(n), _) => n.clone(),
        (None, Some(id)) => format!("草稿 #{}", id.0),
        (None, None) => String::new(),
    };
    match &a.lower {
        Some(l) => format!("{number}（下级档案馆 {}）", l.archive),
        None => number,
    }
}

/// A registration number not in this archive's catalog may be a lower archive's, held here
/// as its reported copy.
fn is_lower(archive: &dengji_core::Archive, number: &str) -> Result<bool> {
    match archive.find_registration(number) {
        Ok(_) => Ok(false),
        Err(Error::RegistrationNotFound(_)) => Ok(archive.lower_holding(number)?.is_some()),
        Err(e) => Err(e.into()),
    }
}

pub fn apply(ctx: &Ctx, cmd: ApplyCmd) -> Result<ExitCode> {
    let (kind, a) = match cmd {
        ApplyCmd::Restore(a) => (ApplicationKind::Restore, a),
        ApplyCmd::Handback(a) => (ApplicationKind::Handback, a),
    };
    let (mut archive, actor) = ctx.login()?;
    let app = if kind == ApplicationKind::Restore && is_lower(&archive, &a.registration)? {
        archive.apply_for_lower(&a.registration, &a.reason, &a.reference, &stamp(&actor))?
    } else {
        let reg = archive.find_registration(&a.registration)?;
        archive.apply(kind, reg.id, &a.reason, &a.reference, &stamp(&actor))?
    };
    if a.json {
        output::json(&app);
    } else {
        println!("{}", app.id.0);
        eprintln!(
            "已登记申请 #{}（{}，{}），待另一位审核员或管理员审批：dengji approve {} 或 dengji reject {}",
            app.id.0,
            kind_zh(app.kind),
            registration_of(&app),
            app.id.0,
            app.id.0
        );
    }
    Ok(ExitCode::SUCCESS)
}

fn application_id(key: &str) -> Result<ApplicationId> {
    let id = key.trim().trim_start_matches('#').parse::<i64>().map_err(|_| Error::ApplicationNotFound(key.to_string()))?;
    Ok(ApplicationId(id))
}

pub fn decide(ctx: &Ctx, key: &str, approve: bool, json: bool) -> Result<ExitCode> {
    let (mut archive, actor) = ctx.login()?;
    let app = archive.decide(application_id(key)?, approve, &stamp(&actor))?;
    if json {
        output::json(&app);
        return Ok(ExitCode::SUCCESS);
    }
    eprintln!("申请 #{}（{}，{}）{}。", app.id.0, kind_zh(app.kind), registration_of(&app), status_zh(app.status));
    Ok(ExitCode::SUCCESS)
}

pub fn list(ctx: &Ctx, json: bool) -> Result<ExitCode> {
    let apps = ctx.reader()?.applications()?;
    if json {
        output::json(&apps);
    } else {
        for a in &apps {
            let decided = match (&a.decided_by, &a.decided_at) {
                (Some(by), Some(at)) => format!("{by} {}", output::local_time(at)),
                _ => "-".to_string(),
            };
            // An approval is used once and expires: say which, beside the status.
            let state = match (&a.used_at, &a.valid_until) {
                (Some(used), _) => format!("{}（已于 {} 使用）", status_zh(a.status), output::local_time(used)),
                (None, Some(until)) if a.usable_at(chrono::Utc::now()).is_err() => {
                    format!("{}（已于 {} 过期）", status_zh(a.status), output::local_time(until))
                }
                (None, Some(until)) => format!("{}（{} 前有效）", status_zh(a.status), output::local_time(until)),
                (None, None) => status_zh(a.status).to_string(),
            };
            println!(
                "{}\t{}\t{}\t{}\t{}\t{} {}\t{}\t{}\t{}",
                a.id.0,
                kind_zh(a.kind),
                state,
                registration_of(a),
                a.unit_name,
                a.applied_by,
                output::local_time(&a.applied_at),
                decided,
                a.reference,
                a.reason
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}

#[allow(clippy::too_many_arguments)]
pub fn restore(
    ctx: &Ctx,
    reg: &str,
    to: PathBuf,
    application: &str,
    file: Option<String>,
    overwrite: bool,
    from: Option<PathBuf>,
    json: bool,
) -> Result<ExitCode> {
    let (mut archive, actor) = ctx.login()?;
    let application = application_id(application)?;
    let report = if is_lower(&archive, reg)? {
        if let Some(medium) = from {
            return Err(Error::MediumLacksBag { label: medium.display().to_string(), number: reg.to_string() }.into());
        }
        let req = LowerRestoreRequest { number: reg.to_string(), application, to, file, overwrite };
        with_progress("恢复", json, |progress, cancel| archive.restore_lower(&req, &stamp(&actor), progress, cancel))?
    } else {
        let registration = archive.find_registration(reg)?.id;
        let req = RestoreRequest { registration, application, to, file, overwrite, from };
        with_progress("恢复", json, |progress, cancel| archive.restore(&req, &stamp(&actor), progress, cancel))?
    };
    if json {
        output::json(&report);
    } else {
        let secs = report.elapsed_ms as f64 / 1000.0;
        eprintln!(
            "已恢复 {} 个文件（{}），用时 {secs:.2} 秒，每个文件的 SM3 与 SHA-256 均已核对。{}",
            report.files,
            output::size(report.bytes as i64),
            if report.cancelled { "任务被取消，其余文件未恢复。" } else { "" }
        );
    }
    Ok(if report.cancelled { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

pub fn handback(ctx: &Ctx, application: &str, to: PathBuf, from: Option<PathBuf>, overwrite: bool, json: bool) -> Result<ExitCode> {
    // The record is signed when the archive has a key.
    let (mut archive, actor) = ctx.login_to_sign()?;
    let req = HandbackRequest { application: application_id(application)?, to, from, overwrite };
    let report = with_progress("交还", json, |progress, cancel| archive.handback(&req, &stamp(&actor), progress, cancel))?;
    if json {
        output::json(&report);
    } else if report.copy.cancelled {
        eprintln!("任务被取消：已写出 {} 个文件，未出具移交清单；批准仍可用于再次交还。", report.copy.files);
    } else {
        eprintln!(
            "已交还 {} 个文件（{}），每个文件的 SM3 与 SHA-256 均已核对。",
            report.copy.files,
            output::size(report.copy.bytes as i64)
        );
        if let Some(record) = &report.record {
            eprintln!(
                "移交清单：{}{}，请打印后由双方签字盖章。",
                record.display(),
                if report.signed { "（另附本馆机构密钥签名 .sig）" } else { "（机构密钥未解锁，未签名）" }
            );
        }
    }
    Ok(if report.copy.cancelled { ExitCode::from(1) } else { ExitCode::SUCCESS })
}
