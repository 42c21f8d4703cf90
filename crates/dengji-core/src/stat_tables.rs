//! The statistics as tables for the annual report to the province (年报): one sheet per
//! grouping in an XLSX workbook, or the same tables one after another in a CSV file
//! (UTF-8 with a byte-order mark, so Excel and WPS read the Chinese). The app's export
//! and `dengji stats --export` both write these.

use crate::error::{Error, Result};
use crate::media::MediumKind;
use crate::registrations::RecordKind;
use crate::spreadsheet::cell_text;
use crate::stamp::local;
use crate::statistics::{Bucket, Statistics};
use crate::units::UnitKind;

#[derive(Debug, Clone, PartialEq)]
pub enum StatCell {
    Text(String),
    Count(i64),
}

#[derive(Debug, Clone)]
pub struct StatTable {
    /// What `dengji stats --by` names it: `domain`, `kind`, `unit`, `year`, `record-kind`,
    /// `media-set`, `month`; `totals` and `media` for the other two; `source` when summed
    /// over lower archives.
    pub key: &'static str,
    pub name: &'static str,
    pub header: &'static [&'static str],
    pub rows: Vec<Vec<StatCell>>,
}

/// The groupings `--by` accepts, in the order the tables come.
pub const GROUPINGS: [&str; 7] = ["domain", "kind", "unit", "year", "record-kind", "media-set", "month"];

const BUCKET_HEADER: &[&str] = &["分组", "已封存登记", "文件数", "数据量（字节）"];

impl StatCell {
    fn text(&self) -> String {
        match self {
            StatCell::Text(t) => cell_text(t).into_owned(),
            StatCell::Count(n) => n.to_string(),
        }
    }
}

impl Statistics {
    pub fn tables(&self) -> Vec<StatTable> {
        let t = &self.totals;
        let count = |name: &str, n: i64| vec![StatCell::Text(name.into()), StatCell::Count(n)];
        let totals = vec![
            count("登记单位", t.units),
            count("已封存登记", t.registrations),
            count("草稿", t.drafts),
            count("文件数", t.files),
            count("登记数据量（字节）", t.bytes),
            count("存储占用（字节）", t.vault_bytes),
            count("备份介质", t.media),
        ];
        let unit_kind = |k: &str| k.parse::<UnitKind>().map_or(k.to_string(), |u| u.label_zh().to_string());
        let record_kind = |k: &str| k.parse::<RecordKind>().map_or(k.to_string(), |r| r.label_zh().to_string());
        let same = |k: &str| k.to_string();
        let media = self
            .media
            .iter()
            .map(|m| {
                vec![
                    StatCell::Text(m.label.clone()),
                    StatCell::Text(m.set.clone()),
                    StatCell::Text(m.kind.parse::<MediumKind>().map_or(m.kind.clone(), |k| k.label_zh().to_string())),
                    StatCell::Count(m.registrations),
                    StatCell::Count(m.bytes_used),
                    m.free_bytes.map_or(StatCell::Text(String::new()), StatCell::Count),
                    StatCell::Text(m.last_verified_at.map(local).unwrap_or_default()),
                    StatCell::Text(m.last_result.as_deref().map_or("从未核验", |r| if r == "ok" { "正常" } else { "有问题" }).into()),
                    StatCell::Text(if m.check_due { "到期" } else { "" }.into()),
                ]
            })
            .collect();
        let mut tables = vec![StatTable { key: "totals", name: "总计", header: &["指标", "数值"], rows: totals }];
        if !self.by_source.is_empty() {
            tables.push(buckets("source", "按档案馆", &self.by_source, same));
        }
        tables.extend([
            buckets("domain", "按领域", &self.by_domain, same),
            buckets("kind", "按单位类型", &self.by_unit_kind, unit_kind),
            buckets("unit", "按单位", &self.by_unit, same),
            buckets("year", "按年度", &self.by_year, same),
            buckets("record-kind", "按档案类型", &self.by_record_kind, record_kind),
            buckets("media-set", "按套别", &self.by_media_set, same),
            buckets("month", "按月", &self.by_month, same),
            StatTable {
                key: "media",
                name: "备份介质",
                header: &["介质", "套别", "类型", "登记数", "已用（字节）", "可用（字节）", "最近核验", "核验结果", "核验到期"],
                rows: media,
            },
        ]);
        tables
    }

    /// All tables one after another, each under its name; text cells that look like a
    /// formula are neutralised (a unit may be named `=HYPERLINK(…)`).
    pub fn to_csv(&self) -> Vec<u8> {
        let mut out = csv::WriterBuilder::new().flexible(true).from_writer("\u{feff}".as_bytes().to_vec());
        let mut rows: Vec<Vec<String>> = vec![vec!["统计时间".into(), local(self.at)]];
        for t in self.tables() {
            rows.push(vec![String::new()]);
            rows.push(vec![t.name.into()]);
            rows.push(t.header.iter().map(|h| h.to_string()).collect());
            rows.extend(t.rows.iter().map(|r| r.iter().map(StatCell::text).collect()));
        }
        for row in rows {
            out.write_record(&row).expect("writing to memory");
        }
        out.into_inner().expect("writing to memory")
    }

    /// One sheet per table, counts as numbers.
    pub fn to_xlsx(&self) -> Result<Vec<u8>> {
        let failed = |e: rust_xlsxwriter::XlsxError| Error::ExportFailed(e.to_string());
        let mut book = rust_xlsxwriter::Workbook::new();
        let bold = rust_xlsxwriter::Format::new().set_bold();
        for t in self.tables() {
            let sheet = book.add_worksheet();
            sheet.set_name(t.name).map_err(failed)?;
            sheet.write_string(0, 0, "统计时间").map_err(failed)?;
            sheet.write_string(0, 1, local(self.at)).map_err(failed)?;
            for (c, h) in t.header.iter().enumerate() {
                sheet.write_string_with_format(2, c as u16, *h, &bold).map_err(failed)?;
                sheet.set_column_width(c as u16, if c == 0 { 24 } else { 16 }).map_err(failed)?;
            }
            for (r, row) in t.rows.iter().enumerate() {
                for (c, cell) in row.iter().enumerate() {
                    let (r, c) = (r as u32 + 3, c as u16);
                    match cell {
                        // XLSX cells are never evaluated as formulas when written as strings.
                        StatCell::Text(s) => sheet.write_string(r, c, s),
                        StatCell::Count(n) => sheet.write_number(r, c, *n as f64),
                    }
                    .map_err(failed)?;
                }
            }
        }
        book.save_to_buffer().map_err(failed)
    }
}

fn buckets(key: &'static str, name: &'static str, rows: &[Bucket], label: impl Fn(&str) -> String) -> StatTable {
    let rows = rows
        .iter()
        .map(|b| {
            let group = if b.key.is_empty() { "（未填）".to_string() } else { label(&b.key) };
            vec![StatCell::Text(group), StatCell::Count(b.registrations), StatCell::Count(b.files), StatCell::Count(b.bytes)]
        })
        .collect();
    StatTable { key, name, header: BUCKET_HEADER, rows }
}
