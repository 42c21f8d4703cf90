//! `dengji series add | list | edit | show`: business data handed over as a versioned series.

use std::process::ExitCode;

use dengji_core::{FileChange, NewSeries, SeriesEdit, VersionDiff};

use super::{stamp, Ctx};
use crate::args::SeriesCmd;
use crate::error::Result;
use crate::output;

pub fn run(ctx: &Ctx, cmd: SeriesCmd) -> Result<ExitCode> {
    match cmd {
        SeriesCmd::Add { unit, name, system, period, json } => {
            let (mut archive, actor) = ctx.login()?;
            let unit = archive.find_unit(&unit)?.id;
            let new = NewSeries { unit, name, system, cadence: period.parse()? };
            let series = archive.add_series(&new, &stamp(&actor))?;
            if json {
                output::json(&series);
            } else {
                println!("{}", series.id.0);
                eprintln!(
                    "已登记系列 #{}（{}，{}，{}移交）。每次移交：dengji intake --series {} 文件或文件夹",
                    series.id.0,
                    series.unit.name,
                    series.name,
                    series.cadence.label_zh(),
                    series.id.0
                );
            }
        }
        SeriesCmd::List { json } => {
            let all = ctx.reader()?.series_list()?;
            if json {
                output::json(&all);
            } else if all.is_empty() {
                eprintln!("尚无业务数据系列：dengji series add --unit 单位 --name 名称");
            } else {
                for s in &all {
                    println!(
                        "#{}\t{}\t{}\t{}\t{}移交\t{} 个版本\t最新 {}",
                        s.id.0,
                        s.unit.name,
                        s.name,
                        s.system.as_deref().unwrap_or("-"),
                        s.cadence.label_zh(),
                        s.versions,
                        s.last_period.as_deref().unwrap_or("-")
                    );
                }
            }
        }
        SeriesCmd::Edit { series, name, system, clear_system, period, json } => {
            let (mut archive, actor) = ctx.login()?;
            let id = archive.find_series(&series)?.id;
            let edit = SeriesEdit {
                name,
                system: if clear_system { Some(None) } else { system.map(Some) },
                cadence: period.map(|p| p.parse()).transpose()?,
            };
            let s = archive.edit_series(id, &edit, &stamp(&actor))?;
            if json {
                output::json(&s);
            } else {
                println!("系列 #{}：{}，{}，{}移交", s.id.0, s.name, s.system.as_deref().unwrap_or("业务系统未填"), s.cadence.label_zh());
            }
        }
        SeriesCmd::Show { series, json } => {
            let archive = ctx.reader()?;
            let s = archive.find_series(&series)?;
            let versions = archive.series_versions(s.id)?;
            let diffs: Vec<VersionDiff> =
                versions.windows(2).map(|w| archive.series_diff(s.id, w[0].version, w[1].version)).collect::<dengji_core::Result<_>>()?;
            if json {
                output::json(&serde_json::json!({"series": s, "versions": versions, "diffs": diffs}));
                return Ok(ExitCode::SUCCESS);
            }
            println!("系列 #{} {}（{}，{}移交）", s.id.0, s.name, s.unit.name, s.cadence.label_zh());
            for v in &versions {
                println!(
                    "第 {} 版\t{}\t{}\t{}\t{} 个文件\t{}",
                    v.version,
                    v.period,
                    v.registration_number,
                    output::local_time(&v.sealed_at),
                    v.files,
                    output::size(v.bytes)
                );
                if let Some(d) = diffs.iter().find(|d| d.to == v.version) {
                    print_diff(d);
                }
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn print_diff(d: &VersionDiff) {
    println!(
        "  与第 {} 版相比：新增 {} 个、删除 {} 个、变化 {} 个、未变 {} 个文件；新内容 {}",
        d.from,
        d.added.len(),
        d.removed.len(),
        d.changed.len(),
        d.unchanged,
        output::size(d.new_bytes as i64)
    );
    let bytes = |c: &FileChange| c.changed_bytes.map(|b| output::size(b as i64)).unwrap_or_else(|| "（内容已销毁）".into());
    for c in &d.added {
        println!("  + {}（{}）", c.path, bytes(c));
    }
    for c in &d.removed {
        println!("  - {}", c.path);
    }
    for c in &d.changed {
        let size = |s: Option<i64>| s.map(output::size).unwrap_or_default();
        println!("  ~ {}（{} → {}，变化 {}）", c.path, size(c.size_before), size(c.size_after), bytes(c));
    }
}
