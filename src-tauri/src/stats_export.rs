//! The statistics as tables for the annual report to the province (年报): one sheet per
//! grouping in an XLSX workbook, or the same tables one after another in a CSV file
//! (UTF-8 with a byte-order mark, so Excel reads the Chinese).

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use dengji_core::{Bucket, RecordKind, Statistics, UnitKind};

use crate::audit_csv::local_time;
use crate::error::IpcResult;
use crate::save_path;

#[derive(Debug, Clone, PartialEq)]
enum Cell {
    Text(String),
    Count(i64),
}

struct Table {
    name: &'static str,
    header: &'static [&'static str],
    rows: Vec<Vec<Cell>>,
}

/// An absolute `.xlsx` or `.csv` path picked in the save dialog.
pub fn target(path: &str) -> IpcResult<PathBuf> {
    save_path::target(path, "xlsx").or_else(|_| save_path::target(path, "csv"))
}

/// Writes the tables in the format the extension names.
pub fn write(path: &Path, s: &Statistics) -> IpcResult<()> {
    let tables = tables(s);
    let xlsx = path.extension().is_some_and(|e| e.eq_ignore_ascii_case("xlsx"));
    if xlsx {
        write_xlsx(path, &s.at, &tables)
    } else {
        write_csv(path, &s.at, &tables)
    }
}

const BUCKET_HEADER: &[&str] = &["分组", "已封存登记", "文件数", "数据量（字节）"];

fn tables(s: &Statistics) -> Vec<Table> {
    let t = &s.totals;
    let count = |name: &str, n: i64| vec![Cell::Text(name.into()), Cell::Count(n)];
    let totals = vec![
        count("登记单位", t.units),
        count("已封存登记", t.registrations),
        count("草稿", t.drafts),
        count("文件数", t.files),
        count("登记数据量（字节）", t.bytes),
        count("存储占用（字节）", t.vault_bytes),
        count("备份介质", t.media),
    ];
    let unit_kind = |k: &str| UnitKind::ALL.iter().find(|u| u.as_str() == k).map_or(k.to_string(), |u| u.label_zh().to_string());
    let record_kind = |k: &str| {
        [RecordKind::PaperScan, RecordKind::Electronic, RecordKind::BusinessData]
            .iter()
            .find(|r| r.as_str() == k)
            .map_or(k.to_string(), |r| r.label_zh().to_string())
    };
    let same = |k: &str| k.to_string();
    let media = s
        .media
        .iter()
        .map(|m| {
            vec![
                Cell::Text(m.label.clone()),
                Cell::Text(m.set.clone()),
                Cell::Text(m.kind.clone()),
                Cell::Count(m.registrations),
                Cell::Count(m.bytes_used),
                m.free_bytes.map_or(Cell::Text(String::new()), Cell::Count),
                Cell::Text(m.last_verified_at.as_deref().map(local_time).unwrap_or_default()),
                Cell::Text(m.last_result.as_deref().map_or("从未核验", |r| if r == "ok" { "正常" } else { "有问题" }).into()),
                Cell::Text(if m.check_due { "到期" } else { "" }.into()),
            ]
        })
        .collect();
    vec![
        Table { name: "总计", header: &["指标", "数值"], rows: totals },
        buckets("按领域", &s.by_domain, same),
        buckets("按单位类型", &s.by_unit_kind, unit_kind),
        buckets("按单位", &s.by_unit, same),
        buckets("按年度", &s.by_year, same),
        buckets("按档案类型", &s.by_record_kind, record_kind),
        buckets("按副本组", &s.by_media_set, same),
        buckets("按月", &s.by_month, same),
        Table {
            name: "备份介质",
            header: &["介质", "副本组", "类型", "登记数", "已用（字节）", "可用（字节）", "最近核验", "核验结果", "核验到期"],
            rows: media,
        },
    ]
}

fn buckets(name: &'static str, rows: &[Bucket], label: impl Fn(&str) -> String) -> Table {
    let rows = rows
        .iter()
        .map(|b| {
            let key = if b.key.is_empty() { "（未填）".to_string() } else { label(&b.key) };
            vec![Cell::Text(key), Cell::Count(b.registrations), Cell::Count(b.files), Cell::Count(b.bytes)]
        })
        .collect();
    Table { name, header: BUCKET_HEADER, rows }
}

fn text(c: &Cell) -> String {
    match c {
        Cell::Text(t) => t.clone(),
        Cell::Count(n) => n.to_string(),
    }
}

fn write_csv(path: &Path, at: &str, tables: &[Table]) -> IpcResult<()> {
    let failed = |e: &dyn std::fmt::Display| save_path::write_failed(path, e);
    let mut file = BufWriter::new(File::create(path).map_err(|e| failed(&e))?);
    file.write_all("\u{feff}".as_bytes()).map_err(|e| failed(&e))?;
    let mut out = csv::WriterBuilder::new().flexible(true).from_writer(file);
    out.write_record(["统计时间", &local_time(at)]).map_err(|e| failed(&e))?;
    for t in tables {
        out.write_record([""]).map_err(|e| failed(&e))?;
        out.write_record([t.name]).map_err(|e| failed(&e))?;
        out.write_record(t.header).map_err(|e| failed(&e))?;
        for row in &t.rows {
            out.write_record(row.iter().map(text)).map_err(|e| failed(&e))?;
        }
    }
    out.into_inner().map_err(|e| failed(&e))?.into_inner().map_err(|e| failed(e.error()))?.sync_all().map_err(|e| failed(&e))
}

fn write_xlsx(path: &Path, at: &str, tables: &[Table]) -> IpcResult<()> {
    let failed = |e: &dyn std::fmt::Display| save_path::write_failed(path, e);
    let mut book = rust_xlsxwriter::Workbook::new();
    let bold = rust_xlsxwriter::Format::new().set_bold();
    for t in tables {
        let sheet = book.add_worksheet();
        sheet.set_name(t.name).map_err(|e| failed(&e))?;
        sheet.write_string(0, 0, "统计时间").map_err(|e| failed(&e))?;
        sheet.write_string(0, 1, local_time(at)).map_err(|e| failed(&e))?;
        for (c, h) in t.header.iter().enumerate() {
            sheet.write_string_with_format(2, c as u16, *h, &bold).map_err(|e| failed(&e))?;
            sheet.set_column_width(c as u16, if c == 0 { 24 } else { 16 }).map_err(|e| failed(&e))?;
        }
        for (r, row) in t.rows.iter().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                let (r, c) = (r as u32 + 3, c as u16);
                match cell {
                    Cell::Text(s) => sheet.write_string(r, c, s),
                    Cell::Count(n) => sheet.write_number(r, c, *n as f64),
                }
                .map_err(|e| failed(&e))?;
            }
        }
    }
    let bytes = book.save_to_buffer().map_err(|e| failed(&e))?;
    save_path::write(path, &bytes)
}

#[cfg(test)]
mod tests {
    use calamine::Reader;
    use dengji_core::{Archive, Role};

    use super::*;

    fn statistics(dir: &Path) -> Statistics {
        let (mut a, admin) = Archive::init(dir, "测试档案馆", "330102", "管理员", "管理员密码1234", chrono::Utc::now()).unwrap();
        a.add_user("登记员", "登记员密码1234", &[Role::Clerk], &admin.stamp(chrono::Utc::now())).unwrap();
        let clerk = a.login("登记员", "登记员密码1234", chrono::Utc::now()).unwrap().stamp(chrono::Utc::now());
        let unit = dengji_core::NewUnit { name: "张三".into(), kind: UnitKind::Individual, uscc: None, domain: None, force: false };
        a.add_unit(unit, &clerk).unwrap();
        a.statistics(chrono::Utc::now()).unwrap()
    }

    #[test]
    fn writes_the_tables_as_csv_and_as_a_workbook() {
        let tmp = tempfile::tempdir().unwrap();
        let s = statistics(&tmp.path().join("archive"));
        let csv = target(&tmp.path().join("年报.csv").display().to_string()).unwrap();
        write(&csv, &s).unwrap();
        let text = std::fs::read_to_string(&csv).unwrap();
        assert!(text.starts_with('\u{feff}'));
        assert!(text.contains("\n登记单位,1\n") && text.contains("按单位类型") && text.contains("备份介质"), "{text}");

        let xlsx = target(&tmp.path().join("年报.xlsx").display().to_string()).unwrap();
        write(&xlsx, &s).unwrap();
        let mut book = calamine::open_workbook_auto(&xlsx).unwrap();
        let names = book.sheet_names();
        assert_eq!(names.first().map(String::as_str), Some("总计"));
        assert!(names.iter().any(|n| n == "按领域") && names.iter().any(|n| n == "按月"));
        let totals = book.worksheet_range("总计").unwrap();
        assert_eq!(totals.get_value((3, 0)).map(|v| v.to_string()), Some("登记单位".into()));
        assert_eq!(totals.get_value((3, 1)).map(|v| v.to_string()), Some("1".into()));

        assert_eq!(target("/tmp/年报.pdf").unwrap_err().code, "bad_request");
    }
}
