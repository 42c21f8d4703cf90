//! `dengji catalogue import` and the metadata options of `dengji draft meta`.

use std::path::Path;
use std::process::ExitCode;

use dengji_core::{CatalogueImport, Error, Field, ItemMeta};

use super::{stamp, Ctx};
use crate::args::{CatalogueCmd, MetaArgs};
use crate::error::Result;
use crate::output;

pub fn run(ctx: &Ctx, cmd: CatalogueCmd) -> Result<ExitCode> {
    match cmd {
        CatalogueCmd::Import { draft, file, yes, map, json } => import(ctx, &draft, &file, yes, &map, json),
    }
}

/// `列名=字段` pairs, the field by Chinese label or English key.
fn overrides(map: &[String]) -> Result<Vec<(String, Field)>> {
    map.iter()
        .map(|m| {
            let (column, field) = m.split_once('=').ok_or_else(|| Error::BadSetting(format!("--map “{m}” 应写成 列名=字段")))?;
            let field = Field::parse(field).ok_or_else(|| {
                let all: Vec<&str> = Field::ALL.iter().map(|f| f.label_zh()).collect();
                Error::BadSetting(format!("--map “{m}”：未知字段 “{field}”，可选 {}", all.join("、")))
            })?;
            Ok((column.trim().to_string(), field))
        })
        .collect()
}

fn import(ctx: &Ctx, draft: &str, file: &Path, yes: bool, map: &[String], json: bool) -> Result<ExitCode> {
    let (mut archive, actor) = ctx.login()?;
    let reg = archive.find_registration(draft)?;
    let overrides = overrides(map)?;
    let stamp = stamp(&actor);
    let report = super::with_progress("导入目录", json, |progress, cancel| {
        archive.import_catalogue_with(reg.id, file, &overrides, yes, &stamp, progress, cancel)
    })?;
    if json {
        output::json(&report);
    } else {
        print_report(&report);
    }
    Ok(if report.clean() { ExitCode::SUCCESS } else { ExitCode::from(1) })
}

fn print_report(r: &CatalogueImport) {
    let encoding = r.encoding.as_deref().map(|e| format!("，{e} 编码")).unwrap_or_default();
    println!(
        "目录 {}（{}{encoding}），表头在第 {} 行，{} 行数据，{} 行对应到文件。",
        r.file,
        r.format.to_uppercase(),
        r.header_row,
        r.rows,
        r.matched
    );
    for c in &r.columns {
        match c.field {
            Some(f) => println!("  列 “{}” → {}", c.header, f.label_zh()),
            None => println!("  列 “{}” 不导入", c.header),
        }
    }
    for u in &r.unmatched_rows {
        println!("第 {} 行 “{}”：{}", u.row, u.key, u.reason);
    }
    for p in &r.invalid {
        println!("第 {} 行 “{}” 列的 “{}”：{}", p.row, p.column, p.value, p.reason);
    }
    for f in &r.files_without_row {
        println!("目录中没有这个文件：{f}");
    }
    if r.applied {
        println!("已导入 {} 个文件的著录信息（有问题的行未导入）；该单位的列对应关系已记住。", r.items_updated);
    } else {
        println!("尚未导入任何内容。核对以上结果后，加 --yes 再运行一次以导入没有问题的行。");
    }
}

/// Applies the `--field VALUE` options to `m` (an empty value clears the field).
pub fn apply_args(m: &mut ItemMeta, a: &MetaArgs) -> Result<()> {
    let given = [
        (Field::RefCode, &a.ref_code),
        (Field::Title, &a.title),
        (Field::Creator, &a.creator),
        (Field::Date, &a.date),
        (Field::Retention, &a.retention),
        (Field::Classification, &a.classification),
        (Field::Pages, &a.pages),
        (Field::Piece, &a.piece),
        (Field::Note, &a.note),
    ];
    for (field, value) in given {
        if let Some(v) = value {
            m.set(field, v).map_err(|reason| Error::BadMetadata { field: field.label_zh(), value: v.clone(), reason })?;
        }
    }
    Ok(())
}
