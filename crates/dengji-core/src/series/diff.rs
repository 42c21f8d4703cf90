//! What changed from one version of a series to another: files by path (within the
//! hand-over's folder), added, removed,
//! changed (a different digest) or unchanged; for a changed file, the bytes of its new
//! content not found among the chunks of its old content (see `chunks`).

use std::collections::BTreeMap;

use serde::Serialize;

use crate::archive::Archive;
use crate::chunks;
use crate::digest::Sha256;
use crate::error::{Error, Result};
use crate::ids::SeriesId;
use crate::registrations::Item;

/// One file that is not the same in both versions.
#[derive(Debug, Clone, Serialize)]
pub struct FileChange {
    pub path: String,
    pub size_before: Option<i64>,
    pub size_after: Option<i64>,
    pub sha256_before: Option<Sha256>,
    pub sha256_after: Option<Sha256>,
    /// Bytes of the new content that are new: the whole file when added; for a changed
    /// file, its chunks not among the old content's (none when removed). Null when the
    /// content of either side is no longer held (disposed of).
    pub changed_bytes: Option<u64>,
}

/// Version `to` against version `from` of a series.
#[derive(Debug, Clone, Serialize)]
pub struct VersionDiff {
    pub from: i64,
    pub to: i64,
    pub added: Vec<FileChange>,
    pub removed: Vec<FileChange>,
    pub changed: Vec<FileChange>,
    pub unchanged: usize,
    /// The sum of `changed_bytes`: what version `to` brought that `from` did not have.
    pub new_bytes: u64,
}

impl Archive {
    /// What changed from version `from` to version `to` of `series`.
    pub fn series_diff(&self, series: SeriesId, from: i64, to: i64) -> Result<VersionDiff> {
        let versions = self.series_versions(series)?;
        let find =
            |v: i64| versions.iter().find(|x| x.version == v).ok_or_else(|| Error::SeriesVersionNotFound { series: series.0, version: v });
        let (a, b) = (find(from)?, find(to)?);
        let by_path = |items: Vec<Item>| within_hand_over(items).into_iter().collect::<BTreeMap<_, _>>();
        let before = by_path(self.items(a.registration)?);
        let after = by_path(self.items(b.registration)?);
        let mut diff = VersionDiff { from, to, added: Vec::new(), removed: Vec::new(), changed: Vec::new(), unchanged: 0, new_bytes: 0 };
        for (path, new) in &after {
            match before.get(path) {
                Some(old) if old.sha256 == new.sha256 => diff.unchanged += 1,
                Some(old) => {
                    let changed = self.new_chunk_bytes(old, new)?;
                    diff.changed.push(change(path, Some(old), Some(new), changed));
                }
                None => {
                    let held = (!new.is_disposed()).then_some(new.size as u64);
                    diff.added.push(change(path, None, Some(new), held));
                }
            }
        }
        for (path, old) in &before {
            if !after.contains_key(path) {
                diff.removed.push(change(path, Some(old), None, Some(0)));
            }
        }
        diff.new_bytes = diff.added.iter().chain(&diff.changed).filter_map(|c| c.changed_bytes).sum();
        Ok(diff)
    }

    /// The bytes of `new`'s content not among the chunks of `old`'s; none when either is
    /// no longer held.
    fn new_chunk_bytes(&self, old: &Item, new: &Item) -> Result<Option<u64>> {
        if old.is_disposed() || new.is_disposed() {
            return Ok(None);
        }
        // A file stored as chunks has its list in the vault; another is cut as it is read.
        let chunks = |item: &Item| -> Result<Vec<chunks::Chunk>> {
            if let Some(stored) = self.vault().chunks_of(&item.sha256)? {
                return Ok(stored);
            }
            let reader = self.vault().open(&item.sha256)?.ok_or_else(|| Error::VaultObject(item.sha256.to_hex()))?;
            chunks::chunks_of(reader).map_err(|_| Error::VaultObject(item.sha256.to_hex()))
        };
        Ok(Some(chunks::changed_bytes(&chunks(old)?, &chunks(new)?)))
    }
}

/// Each item by its path within the hand-over: when every file sits under one folder (a
/// clerk takes in `2026-11导出/`, then `2026-12导出/`), that folder's name is not part of
/// what is compared.
fn within_hand_over(items: Vec<Item>) -> Vec<(String, Item)> {
    let top = |p: &str| p.split_once('/').map(|(t, _)| t.to_string());
    let first = items.first().and_then(|i| top(&i.path));
    let shared = first.filter(|t| items.iter().all(|i| top(&i.path).as_deref() == Some(t.as_str())));
    items
        .into_iter()
        .map(|i| {
            let path = match &shared {
                Some(t) => i.path[t.len() + 1..].to_string(),
                None => i.path.clone(),
            };
            (path, i)
        })
        .collect()
}

fn change(path: &str, old: Option<&Item>, new: Option<&Item>, changed_bytes: Option<u64>) -> FileChange {
    FileChange {
        path: path.to_string(),
        size_before: old.map(|i| i.size),
        size_after: new.map(|i| i.size),
        sha256_before: old.map(|i| i.sha256),
        sha256_after: new.map(|i| i.sha256),
        changed_bytes,
    }
}
