//! The descriptive fields of an item (DA/T 46 style), how catalogue headers name them,
//! and how a cell's text becomes a valid value (or the reason it cannot).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use unicode_normalization::UnicodeNormalization;

/// Longest text a cell may hold; longer is a broken export, not a title.
pub const MAX_CELL_CHARS: usize = 4000;

/// A catalogue column's meaning.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    /// The file the row describes: a path or a file name (the key, not stored).
    File,
    RefCode,
    Title,
    Creator,
    Date,
    Retention,
    Classification,
    Pages,
    Piece,
    Note,
}

impl Field {
    pub const ALL: [Field; 10] = [
        Field::File,
        Field::RefCode,
        Field::Title,
        Field::Creator,
        Field::Date,
        Field::Retention,
        Field::Classification,
        Field::Pages,
        Field::Piece,
        Field::Note,
    ];

    pub fn label_zh(self) -> &'static str {
        match self {
            Field::File => "文件",
            Field::RefCode => "档号",
            Field::Title => "题名",
            Field::Creator => "责任者",
            Field::Date => "日期",
            Field::Retention => "保管期限",
            Field::Classification => "密级",
            Field::Pages => "页数",
            Field::Piece => "件号",
            Field::Note => "备注",
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Field::File => "file",
            Field::RefCode => "ref_code",
            Field::Title => "title",
            Field::Creator => "creator",
            Field::Date => "date",
            Field::Retention => "retention",
            Field::Classification => "classification",
            Field::Pages => "pages",
            Field::Piece => "piece",
            Field::Note => "note",
        }
    }

    /// A field by its English key or Chinese label (for `--map 列名=题名`).
    pub fn parse(s: &str) -> Option<Field> {
        let s = s.trim();
        Field::ALL.into_iter().find(|f| f.as_str() == s || f.label_zh() == s)
    }

    /// The field a catalogue header usually means, as Chinese office exports name them.
    pub fn from_header(header: &str) -> Option<Field> {
        let h = normalize_header(header);
        let table: &[(Field, &[&str])] = &[
            (
                Field::File,
                &[
                    "文件",
                    "文件名",
                    "文件名称",
                    "电子文件名",
                    "电子文件名称",
                    "文件路径",
                    "路径",
                    "电子文件路径",
                    "计算机文件名",
                    "file",
                    "filename",
                    "path",
                ],
            ),
            (Field::RefCode, &["档号", "档案号", "档案编号"]),
            (Field::Title, &["题名", "文件题名", "标题", "题目", "文件标题", "title"]),
            (Field::Creator, &["责任者", "文件责任者", "作者", "形成单位", "creator"]),
            (Field::Date, &["日期", "文件日期", "形成日期", "成文日期", "时间", "date"]),
            (Field::Retention, &["保管期限", "期限", "retention"]),
            (Field::Classification, &["密级"]),
            (Field::Pages, &["页数", "页码数", "pages"]),
            (Field::Piece, &["件号", "顺序号"]),
            (Field::Note, &["备注", "附注", "note"]),
        ];
        table.iter().find(|(_, names)| names.iter().any(|n| *n == h)).map(|(f, _)| *f)
    }
}

/// Header text compared without spaces, case or width differences.
pub fn normalize_header(h: &str) -> String {
    h.nfkc().filter(|c| !c.is_whitespace()).collect::<String>().to_lowercase()
}

/// 保管期限 (retention period).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export_to = "../../ui/src/bindings/"))]
pub enum Retention {
    #[serde(rename = "永久")]
    Permanent,
    #[serde(rename = "30年")]
    Years30,
    #[serde(rename = "10年")]
    Years10,
}

impl Retention {
    /// Years kept; none for 永久.
    pub fn years(self) -> Option<i32> {
        match self {
            Retention::Permanent => None,
            Retention::Years30 => Some(30),
            Retention::Years10 => Some(10),
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Retention::Permanent => "永久",
            Retention::Years30 => "30年",
            Retention::Years10 => "10年",
        }
    }

    /// The spellings found in catalogues: 永久, 30年, 定期30年, D30, Y (永久), …
    pub fn parse(s: &str) -> Option<Retention> {
        let s: String = s.nfkc().filter(|c| !c.is_whitespace()).collect::<String>().to_uppercase();
        match s.as_str() {
            "永久" | "Y" | "YJ" => Some(Retention::Permanent),
            "30年" | "定期30年" | "D30" | "30" => Some(Retention::Years30),
            "10年" | "定期10年" | "D10" | "10" => Some(Retention::Years10),
            _ => None,
        }
    }
}

/// 密级 values the state secrets rules know, plus the common "no classification" words.
pub const CLASSIFICATIONS: [&str; 6] = ["公开", "内部", "限制", "秘密", "机密", "绝密"];

/// A date as a catalogue writes it, normalised to `YYYY-MM-DD`, `YYYY-MM` or `YYYY`.
pub fn parse_date(s: &str) -> Option<String> {
    let t: String = s.nfkc().collect::<String>().trim().to_string();
    let t = t.replace(['年', '月', '/', '.'], "-").replace('日', "");
    let t = t.trim_end_matches('-');
    let parts: Vec<&str> = t.split('-').collect();
    let num = |p: &str| p.parse::<u32>().ok();
    match parts.as_slice() {
        [ymd] if ymd.len() == 8 && ymd.chars().all(|c| c.is_ascii_digit()) => {
            let d = NaiveDate::from_ymd_opt(ymd[..4].parse().ok()?, num(&ymd[4..6])?, num(&ymd[6..])?)?;
            Some(d.format("%Y-%m-%d").to_string())
        }
        [y] if y.len() == 4 => num(y).filter(|y| (1000..=9999).contains(y)).map(|y| y.to_string()),
        [y, m] if y.len() == 4 => {
            let d = NaiveDate::from_ymd_opt(y.parse().ok()?, num(m)?, 1)?;
            Some(d.format("%Y-%m").to_string())
        }
        [y, m, d] if y.len() == 4 => {
            let d = NaiveDate::from_ymd_opt(y.parse().ok()?, num(m)?, num(d)?)?;
            Some(d.format("%Y-%m-%d").to_string())
        }
        _ => None,
    }
}

/// A positive whole number as catalogues write it (`12`, `12.0` from a spreadsheet).
pub fn parse_count(s: &str) -> Option<i64> {
    let t: String = s.nfkc().collect::<String>().trim().to_string();
    let t = t.strip_suffix(".0").unwrap_or(&t);
    t.parse::<i64>().ok().filter(|n| *n > 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_and_values_as_catalogues_write_them() {
        assert_eq!(Field::from_header(" 文件 题名 "), Some(Field::Title));
        assert_eq!(Field::from_header("ＦｉｌｅＮａｍｅ"), Some(Field::File));
        assert_eq!(Field::from_header("颜色"), None);
        assert_eq!(Field::parse("题名"), Some(Field::Title));
        assert_eq!(Field::parse("ref_code"), Some(Field::RefCode));
        for (text, want) in [
            ("2020-03-05", Some("2020-03-05")),
            ("20200305", Some("2020-03-05")),
            ("2020/3/5", Some("2020-03-05")),
            ("2020年3月5日", Some("2020-03-05")),
            ("2020.03", Some("2020-03")),
            ("2020", Some("2020")),
            ("2020-02-30", None),
            ("三月", None),
            ("20-03-05", None),
        ] {
            assert_eq!(parse_date(text).as_deref(), want, "{text}");
        }
        assert_eq!(Retention::parse("定期30年"), Some(Retention::Years30));
        assert_eq!(Retention::parse("永久"), Some(Retention::Permanent));
        assert_eq!(Retention::parse("长期"), None);
        assert_eq!(parse_count("12.0"), Some(12));
        assert_eq!(parse_count("0"), None);
        assert_eq!(parse_count("十二"), None);
    }
}
