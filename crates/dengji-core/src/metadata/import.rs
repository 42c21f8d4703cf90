//! Catalogue import (目录导入): a unit's CSV or spreadsheet catalogue mapped onto the
//! items of a draft. Rows are matched to files by path (or a path tail, or a unique file
//! name, or a unique name without extension); every row that matches no file, every file
//! no row names and every invalid value is reported with its row number. Nothing is
//! written unless the clerk confirms (`apply`); then rows without problems are applied
//! in one transaction, the column mapping is remembered for the unit, and the import is
//! a ledger entry with the catalogue file's digest.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::time::Instant;

use serde::Serialize;

use super::fields::{normalize_header, Field};
use super::{store, table, ItemMeta};
use crate::accounts::Role;
use crate::archive::Archive;
use crate::digest::Sha256;
use crate::error::{Error, Result};
use crate::ids::{ItemId, RegistrationId};
use crate::ledger;
use crate::pathenc;
use crate::progress::{CancelToken, JobProgress, NoProgress, Phase, Progress};
use crate::stamp::Stamp;

/// Rows between progress reports and cancel checks.
const EVERY: usize = 1000;

#[derive(Debug, Clone, Serialize)]
pub struct ColumnUse {
    pub header: String,
    /// None: the column is not imported.
    pub field: Option<Field>,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export_to = "../../ui/src/bindings/"))]
pub struct UnmatchedRow {
    pub row: usize,
    pub key: String,
    pub reason: String,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export_to = "../../ui/src/bindings/", rename = "InvalidValue"))]
pub struct ImportProblem {
    pub row: usize,
    pub column: String,
    pub value: String,
    pub reason: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct CatalogueImport {
    pub file: String,
    pub file_sha256: Sha256,
    /// `csv` or `xlsx`.
    pub format: String,
    pub encoding: Option<String>,
    pub header_row: usize,
    pub columns: Vec<ColumnUse>,
    pub rows: usize,
    /// Rows matched to a file.
    pub matched: usize,
    pub unmatched_rows: Vec<UnmatchedRow>,
    pub invalid: Vec<ImportProblem>,
    /// Paths of the draft's files that no row names.
    pub files_without_row: Vec<String>,
    pub applied: bool,
    /// Items whose metadata was written (rows matched and without problems).
    pub items_updated: usize,
}

impl CatalogueImport {
    pub fn clean(&self) -> bool {
        self.unmatched_rows.is_empty() && self.invalid.is_empty() && self.files_without_row.is_empty()
    }
}

/// The draft's files, findable by path, path tail, name and name without extension.
struct FileIndex {
    exact: HashMap<String, ItemId>,
    tails: HashMap<String, Vec<(ItemId, String)>>,
    stems: HashMap<String, Vec<(ItemId, String)>>,
}

fn clean_key(key: &str) -> String {
    let k = pathenc::nfc(key.trim()).replace('\\', "/");
    let k = k.trim_start_matches("./").trim_start_matches('/');
    k.to_string()
}

/// A cell as a report shows it: trimmed, at most 40 characters (a cell may be megabytes).
fn shown(cell: &str) -> String {
    let t = cell.trim();
    match t.char_indices().nth(40) {
        Some((end, _)) => format!("{}…", &t[..end]),
        None => t.to_string(),
    }
}

fn stem(name: &str) -> &str {
    match name.rfind('.') {
        Some(i) if i > 0 => &name[..i],
        _ => name,
    }
}

impl FileIndex {
    fn new(items: &[(ItemId, String)]) -> FileIndex {
        let mut idx = FileIndex { exact: HashMap::new(), tails: HashMap::new(), stems: HashMap::new() };
        for (id, path) in items {
            idx.exact.insert(path.clone(), *id);
            let mut rest = path.as_str();
            while let Some(i) = rest.find('/') {
                rest = &rest[i + 1..];
                idx.tails.entry(rest.to_string()).or_default().push((*id, path.clone()));
            }
            let name = path.rsplit('/').next().unwrap_or(path);
            idx.stems.entry(stem(name).to_string()).or_default().push((*id, path.clone()));
        }
        idx
    }

    fn find(&self, key: &str) -> std::result::Result<ItemId, String> {
        let key = clean_key(key);
        if key.is_empty() {
            return Err("文件列为空".into());
        }
        if let Some(id) = self.exact.get(&key) {
            return Ok(*id);
        }
        let one = |found: Option<&Vec<(ItemId, String)>>| match found.map(Vec::as_slice) {
            Some([(id, _)]) => Some(Ok(*id)),
            Some(many) if many.len() > 1 => {
                let paths: Vec<&str> = many.iter().take(3).map(|(_, p)| p.as_str()).collect();
                Some(Err(format!("对应多个文件（{} 等），请在目录中写出完整路径", paths.join("、"))))
            }
            _ => None,
        };
        let name = key.rsplit('/').next().unwrap_or(&key);
        one(self.tails.get(&key))
            .or_else(|| if key.contains('/') { None } else { one(self.stems.get(stem(name))) })
            .unwrap_or_else(|| Err("草稿中没有这个文件".into()))
    }
}

impl Archive {
    /// Reads the catalogue `file` against draft `id`; with `apply`, writes what is valid.
    /// `overrides` map column headers to fields, over the unit's remembered mapping and
    /// the usual header names.
    pub fn import_catalogue(
        &mut self,
        id: RegistrationId,
        file: &Path,
        overrides: &[(String, Field)],
        apply: bool,
        stamp: &Stamp,
    ) -> Result<CatalogueImport> {
        self.import_catalogue_with(id, file, overrides, apply, stamp, &NoProgress, &CancelToken::new())
    }

    /// `import_catalogue`, reporting rows matched and items written (a catalogue of a
    /// hundred thousand rows takes a while); cancelled, nothing is written.
    #[allow(clippy::too_many_arguments)]
    pub fn import_catalogue_with(
        &mut self,
        id: RegistrationId,
        file: &Path,
        overrides: &[(String, Field)],
        apply: bool,
        stamp: &Stamp,
        progress: &dyn Progress,
        cancel: &CancelToken,
    ) -> Result<CatalogueImport> {
        self.authorize(stamp, &[Role::Clerk], "导入目录")?;
        let started = Instant::now();
        let report_at = |phase, done: usize, total: usize| progress.report(&JobProgress::steps(phase, done, total, started));
        report_at(Phase::Scanning, 0, 0);
        let reg = self.draft_for_edit(id)?;
        let table = table::read(file)?;
        let bytes = std::fs::read(file).map_err(Error::io(file))?;
        let saved: BTreeMap<String, Field> = self.catalogue_mapping(reg.unit.id.0)?;

        // Which field each column feeds.
        let known: Vec<String> = table.headers.iter().map(|h| normalize_header(h)).collect();
        for (header, _) in overrides {
            if !known.contains(&normalize_header(header)) {
                return Err(Error::CatalogueNoColumn { column: header.clone(), columns: table.headers.join("、") });
            }
        }
        let mut columns = Vec::with_capacity(table.headers.len());
        let mut taken: BTreeMap<Field, String> = BTreeMap::new();
        for header in &table.headers {
            let key = normalize_header(header);
            let field = overrides
                .iter()
                .find(|(h, _)| normalize_header(h) == key)
                .map(|(_, f)| *f)
                .or_else(|| saved.get(&key).copied())
                .or_else(|| Field::from_header(header));
            if let Some(f) = field {
                if let Some(first) = taken.insert(f, header.clone()) {
                    return Err(Error::CatalogueFieldTwice { field: f.label_zh(), first, second: header.clone() });
                }
            }
            columns.push(ColumnUse { header: header.clone(), field });
        }
        let Some(file_col) = columns.iter().position(|c| c.field == Some(Field::File)) else {
            return Err(Error::CatalogueNoFileColumn(table.headers.join("、")));
        };

        let items: Vec<(ItemId, String)> = self.items(id)?.into_iter().map(|i| (i.id, i.path)).collect();
        let index = FileIndex::new(&items);
        let current: HashMap<ItemId, ItemMeta> = self.item_meta(id)?.into_iter().collect();
        let mut report = CatalogueImport {
            file: file.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default(),
            file_sha256: crate::digest::sha256(&bytes),
            format: table.format.to_string(),
            encoding: table.encoding.map(str::to_string),
            header_row: table.header_row,
            columns: columns.clone(),
            rows: table.rows.len(),
            matched: 0,
            unmatched_rows: Vec::new(),
            invalid: Vec::new(),
            files_without_row: Vec::new(),
            applied: false,
            items_updated: 0,
        };
        let mut seen: HashMap<ItemId, usize> = HashMap::new();
        let mut updates: Vec<(ItemId, ItemMeta)> = Vec::new();
        for (n, (row, cells)) in table.rows.iter().enumerate() {
            if n % EVERY == 0 {
                if cancel.is_cancelled() {
                    return Err(Error::ImportCancelled);
                }
                report_at(Phase::Hashing, n, table.rows.len());
            }
            let cell = |i: usize| cells.get(i).map(String::as_str).unwrap_or("");
            let key = cell(file_col);
            let item = match index.find(key) {
                Ok(item) => item,
                Err(reason) => {
                    // Shortened like invalid values: a huge cell must not flood the report.
                    report.unmatched_rows.push(UnmatchedRow { row: *row, key: shown(key), reason });
                    continue;
                }
            };
            report.matched += 1;
            if let Some(first) = seen.insert(item, *row) {
                report.invalid.push(ImportProblem {
                    row: *row,
                    column: columns[file_col].header.clone(),
                    value: shown(key),
                    reason: format!("与第 {first} 行是同一个文件"),
                });
                continue;
            }
            let mut meta = current.get(&item).cloned().unwrap_or_default();
            let mut ok = true;
            for (i, col) in columns.iter().enumerate() {
                let Some(field) = col.field.filter(|f| *f != Field::File) else { continue };
                if let Err(reason) = meta.set(field, cell(i)) {
                    ok = false;
                    report.invalid.push(ImportProblem { row: *row, column: col.header.clone(), value: shown(cell(i)), reason });
                }
            }
            if ok {
                updates.push((item, meta));
            }
        }
        report.files_without_row = items.iter().filter(|(id, _)| !seen.contains_key(id)).map(|(_, p)| p.clone()).collect();
        if !apply {
            return Ok(report);
        }
        let mapping: BTreeMap<String, Field> = columns.iter().filter_map(|c| c.field.map(|f| (normalize_header(&c.header), f))).collect();
        let tx = self.conn_mut().transaction()?;
        for (n, (item, meta)) in updates.iter().enumerate() {
            if n % EVERY == 0 {
                // Dropping the transaction rolls back what was stored so far.
                if cancel.is_cancelled() {
                    return Err(Error::ImportCancelled);
                }
                report_at(Phase::Finishing, n, updates.len());
            }
            store::put(&tx, *item, meta)?;
        }
        store::put_mapping(&tx, reg.unit.id, &serde_json::to_string(&mapping).expect("serialises"), &stamp.at_text())?;
        ledger::append(
            &tx,
            stamp,
            "registration.catalogue",
            &id.subject(),
            &serde_json::json!({
                "file": report.file, "file_sha256": report.file_sha256, "format": report.format, "encoding": report.encoding,
                "rows": report.rows, "matched": report.matched, "items_updated": updates.len(),
                "unmatched_rows": report.unmatched_rows.len(), "invalid": report.invalid.len(),
                "files_without_row": report.files_without_row.len(), "mapping": mapping,
            }),
        )?;
        tx.commit()?;
        report.applied = true;
        report.items_updated = updates.len();
        Ok(report)
    }

    /// The column mapping remembered for a unit (normalised header → field).
    fn catalogue_mapping(&self, unit: i64) -> Result<BTreeMap<String, Field>> {
        let text = store::mapping(self.conn(), crate::ids::UnitId(unit))?;
        Ok(text.and_then(|t| serde_json::from_str(&t).ok()).unwrap_or_default())
    }
}
