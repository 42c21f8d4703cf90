//! Descriptive metadata (著录) of items, DA/T 46 style, and catalogue import (目录导入).

use dengji_core as core;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

pub use core::ImportProblem as InvalidValue;
pub use core::Retention;
pub use core::UnmatchedRow;

// Every field optional; the core checks the values (dates, counts, 密级) when it is saved.
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, export_to = "../../ui/src/bindings/")]
pub struct ItemMeta {
    // 档号
    pub ref_code: Option<String>,
    // 题名
    pub title: Option<String>,
    // 责任者
    pub creator: Option<String>,
    // 日期: YYYY-MM-DD, YYYY-MM or YYYY.
    pub date: Option<String>,
    // 保管期限
    pub retention: Option<Retention>,
    // 密级
    pub classification: Option<String>,
    // 页数 as catalogued.
    pub pages: Option<i64>,
    // 件号
    pub piece: Option<i64>,
    // 备注
    pub note: Option<String>,
}

impl From<core::ItemMeta> for ItemMeta {
    fn from(m: core::ItemMeta) -> Self {
        ItemMeta {
            ref_code: m.ref_code,
            title: m.title,
            creator: m.creator,
            date: m.date,
            retention: m.retention,
            classification: m.classification,
            pages: m.pages,
            piece: m.piece,
            note: m.note,
        }
    }
}

impl From<ItemMeta> for core::ItemMeta {
    fn from(m: ItemMeta) -> Self {
        core::ItemMeta {
            ref_code: m.ref_code,
            title: m.title,
            creator: m.creator,
            date: m.date,
            retention: m.retention,
            classification: m.classification,
            pages: m.pages,
            piece: m.piece,
            note: m.note,
        }
    }
}

// What a catalogue column feeds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, export_to = "../../ui/src/bindings/")]
pub enum CatalogueField {
    // The file the row describes (path or name): the key, not stored.
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

impl From<core::Field> for CatalogueField {
    fn from(f: core::Field) -> Self {
        match f {
            core::Field::File => CatalogueField::File,
            core::Field::RefCode => CatalogueField::RefCode,
            core::Field::Title => CatalogueField::Title,
            core::Field::Creator => CatalogueField::Creator,
            core::Field::Date => CatalogueField::Date,
            core::Field::Retention => CatalogueField::Retention,
            core::Field::Classification => CatalogueField::Classification,
            core::Field::Pages => CatalogueField::Pages,
            core::Field::Piece => CatalogueField::Piece,
            core::Field::Note => CatalogueField::Note,
        }
    }
}

impl From<CatalogueField> for core::Field {
    fn from(f: CatalogueField) -> Self {
        match f {
            CatalogueField::File => core::Field::File,
            CatalogueField::RefCode => core::Field::RefCode,
            CatalogueField::Title => core::Field::Title,
            CatalogueField::Creator => core::Field::Creator,
            CatalogueField::Date => core::Field::Date,
            CatalogueField::Retention => core::Field::Retention,
            CatalogueField::Classification => core::Field::Classification,
            CatalogueField::Pages => core::Field::Pages,
            CatalogueField::Piece => core::Field::Piece,
            CatalogueField::Note => core::Field::Note,
        }
    }
}

// A catalogue column and the field it feeds (null: not imported).
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, export_to = "../../ui/src/bindings/")]
pub struct CatalogueColumn {
    pub header: String,
    pub field: Option<CatalogueField>,
}

// The import report: what would be (or, once applied, was) written.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, export_to = "../../ui/src/bindings/")]
pub struct CatalogueImport {
    pub file: String,
    pub file_sha256: String,
    // `csv` or `xlsx`.
    pub format: String,
    pub encoding: Option<String>,
    pub header_row: usize,
    pub columns: Vec<CatalogueColumn>,
    pub rows: usize,
    // Rows matched to a file.
    pub matched: usize,
    pub unmatched_rows: Vec<UnmatchedRow>,
    pub invalid: Vec<InvalidValue>,
    // The draft's files no row names.
    pub files_without_row: Vec<String>,
    pub applied: bool,
    pub items_updated: usize,
}

impl From<core::CatalogueImport> for CatalogueImport {
    fn from(r: core::CatalogueImport) -> Self {
        CatalogueImport {
            file: r.file,
            file_sha256: r.file_sha256.to_hex(),
            format: r.format,
            encoding: r.encoding,
            header_row: r.header_row,
            columns: r.columns.into_iter().map(|c| CatalogueColumn { header: c.header, field: c.field.map(Into::into) }).collect(),
            rows: r.rows,
            matched: r.matched,
            unmatched_rows: r.unmatched_rows,
            invalid: r.invalid,
            files_without_row: r.files_without_row,
            applied: r.applied,
            items_updated: r.items_updated,
        }
    }
}
