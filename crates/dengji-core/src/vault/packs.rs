//! New chunks are stored many to an object, in *packs* (as restic does), not one object
//! each: the first hand-over of a 1 GB dump is some 17,000 chunks, and a store pays per
//! object it creates (on a busy ext4 a new inode can cost a millisecond; in a bucket each
//! is a PUT). A pack is its chunks' bytes one after the other, then a table naming them
//! (`dengji-pack 1`, then one `<chunk sha256 hex> <offset> <length>` line per chunk), then
//! a 33-byte tail `dengji-pack <table length as 20 digits>\n`; it is named by its own
//! SHA-256, as every object is, so a pack is checked as any object is.
//!
//! The tables together are the vault's chunk index: read when a job needs it and again
//! when a chunk is not where the index said (another job may have moved it), reading only
//! the tables of packs not seen before. Finding a chunk then costs no request. Chunks that
//! earlier versions stored one object each (the `chunks` space) stay readable and held.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::{Space, Staged, Vault, WholeFile};
use crate::chunks::Chunk;
use crate::digest::{sha256, Sha256, Sha256Hasher};
use crate::error::{Error, Result};

/// A pack is closed once it holds this many bytes of chunks (one chunk at most 256 KiB more).
pub(crate) const PACK_SIZE: u64 = 16 << 20;
/// Consecutive chunks of one pack are read together up to this many bytes.
pub(crate) const READ_RUN: u64 = 8 << 20;
const TABLE_HEADER: &str = "dengji-pack 1";
const TAIL_PREFIX: &str = "dengji-pack ";
const TAIL_LEN: usize = TAIL_PREFIX.len() + 20 + 1;
/// How much of a pack's end is read at once to find its table (a full pack's table fits).
const END_READ: u64 = 128 << 10;

/// One chunk in a pack's table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Entry {
    pub sha256: Sha256,
    pub offset: u64,
    pub len: u64,
}

/// Where a chunk is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Place {
    /// An object of its own in the `chunks` space, as earlier versions stored chunks.
    Loose,
    Packed {
        pack: Sha256,
        offset: u64,
        len: u64,
    },
}

/// The pack's table and tail for `entries`.
pub(crate) fn trailer(entries: &[Entry]) -> Vec<u8> {
    let mut table = String::with_capacity(90 * (entries.len() + 1));
    table.push_str(TABLE_HEADER);
    table.push('\n');
    for e in entries {
        table.push_str(&format!("{} {} {}\n", e.sha256.to_hex(), e.offset, e.len));
    }
    let tail = format!("{TAIL_PREFIX}{:020}\n", table.len());
    let mut out = table.into_bytes();
    out.extend_from_slice(tail.as_bytes());
    out
}

/// The table's length from a pack's last `TAIL_LEN` bytes.
fn table_len(tail: &[u8]) -> Option<u64> {
    let text = std::str::from_utf8(tail).ok()?;
    text.strip_prefix(TAIL_PREFIX)?.strip_suffix('\n')?.parse().ok()
}

/// A table, whose chunks must fill the `data` bytes before it exactly.
fn parse_table(bytes: &[u8], data: u64) -> Option<Vec<Entry>> {
    let text = std::str::from_utf8(bytes).ok()?;
    let mut lines = text.lines();
    if lines.next()? != TABLE_HEADER {
        return None;
    }
    let mut end = 0u64;
    let mut entries = Vec::new();
    for line in lines {
        let mut parts = line.split(' ');
        let sha: Sha256 = parts.next()?.parse().ok()?;
        let (offset, len): (u64, u64) = (parts.next()?.parse().ok()?, parts.next()?.parse().ok()?);
        if parts.next().is_some() || offset != end {
            return None;
        }
        end = offset.checked_add(len)?;
        entries.push(Entry { sha256: sha, offset, len });
    }
    (end == data).then_some(entries)
}

/// What reading a pack's table found.
enum Table {
    Read(Vec<Entry>),
    /// The pack went between the listing and the read.
    Gone,
    Unreadable,
}

fn read_table(vault: &Vault, pack: &Sha256, size: u64) -> Result<Table> {
    if size < TAIL_LEN as u64 {
        return Ok(Table::Unreadable);
    }
    let start = size.saturating_sub(END_READ);
    let Some(end) = vault.packs.read_range(pack, start, size - start)? else { return Ok(Table::Gone) };
    if end.len() as u64 != size - start {
        return Ok(Table::Unreadable);
    }
    let Some(len) = table_len(&end[end.len() - TAIL_LEN..]) else { return Ok(Table::Unreadable) };
    let Some(data) = (size - TAIL_LEN as u64).checked_sub(len) else { return Ok(Table::Unreadable) };
    let fetched;
    let bytes = if data >= start {
        &end[(data - start) as usize..end.len() - TAIL_LEN]
    } else {
        let Some(b) = vault.packs.read_range(pack, data, len)? else { return Ok(Table::Gone) };
        fetched = b;
        &fetched[..]
    };
    Ok(parse_table(bytes, data).map_or(Table::Unreadable, Table::Read))
}

/// Where every chunk the vault holds is.
#[derive(Debug, Default)]
pub(crate) struct Index {
    places: HashMap<Sha256, Place>,
    /// Each readable pack's size and table.
    packs: BTreeMap<Sha256, (u64, Arc<Vec<Entry>>)>,
    /// Packs whose table cannot be read: none of their chunks can be found.
    pub(crate) unreadable: Vec<Sha256>,
}

impl Index {
    /// Lists the store; tables of packs `previous` knew at the same size are not read again.
    pub(crate) fn load(vault: &Vault, previous: Option<&Index>) -> Result<Index> {
        let mut index = Index::default();
        for (pack, size) in vault.packs.list_sized()? {
            let known = previous.and_then(|p| p.packs.get(&pack)).filter(|(s, _)| *s == size);
            let table = match known {
                Some((_, t)) => t.clone(),
                None => match read_table(vault, &pack, size)? {
                    Table::Read(t) => Arc::new(t),
                    Table::Gone => continue,
                    Table::Unreadable => {
                        index.unreadable.push(pack);
                        continue;
                    }
                },
            };
            index.packs.insert(pack, (size, table));
        }
        for (pack, (_, table)) in &index.packs {
            for e in table.iter() {
                index.places.entry(e.sha256).or_insert(Place::Packed { pack: *pack, offset: e.offset, len: e.len });
            }
        }
        for chunk in vault.chunks.list()? {
            index.places.insert(chunk, Place::Loose);
        }
        Ok(index)
    }

    pub(crate) fn place(&self, chunk: &Sha256) -> Option<Place> {
        self.places.get(chunk).copied()
    }

    pub(crate) fn holds(&self, chunk: &Sha256) -> bool {
        self.places.contains_key(chunk)
    }

    /// A pack's table (empty for a pack the index does not know).
    pub(crate) fn table(&self, pack: &Sha256) -> &[Entry] {
        self.packs.get(pack).map(|(_, t)| &t[..]).unwrap_or(&[])
    }

    /// The chunks held in packs: how many and their bytes.
    pub(crate) fn packed(&self) -> (u64, u64) {
        self.places.values().fold((0, 0), |(n, b), p| match p {
            Place::Packed { len, .. } => (n + 1, b + len),
            Place::Loose => (n, b),
        })
    }
}

/// Where the next stretch of a file's chunks is, read with one request.
pub(crate) enum Run {
    Loose(Sha256),
    Packed { pack: Sha256, offset: u64, len: u64 },
    Missing,
}

/// The run starting at `chunks[from]`: how many chunks it covers and where they are.
/// Chunks stored one after another in one pack are read together, up to `READ_RUN` bytes.
pub(crate) fn next_run(index: &Index, chunks: &[Chunk], from: usize) -> (usize, Run) {
    match index.place(&chunks[from].sha256) {
        None => (1, Run::Missing),
        Some(Place::Loose) => (1, Run::Loose(chunks[from].sha256)),
        Some(Place::Packed { pack, offset, len }) => {
            let (mut n, mut end) = (1, offset + len);
            while let Some(next) = chunks.get(from + n) {
                match index.place(&next.sha256) {
                    Some(Place::Packed { pack: p, offset: o, len: l }) if p == pack && o == end && end + l - offset <= READ_RUN => {
                        n += 1;
                        end = o + l;
                    }
                    _ => break,
                }
            }
            (n, Run::Packed { pack, offset, len: end - offset })
        }
    }
}

/// A run's bytes; None when its object is gone (they may be shorter when it is damaged).
pub(crate) fn read_run(vault: &Vault, run: &Run) -> Result<Option<Vec<u8>>> {
    match run {
        Run::Missing => Ok(None),
        Run::Loose(sha) => {
            let Some(mut r) = vault.chunks.open(sha)? else { return Ok(None) };
            let mut bytes = Vec::new();
            std::io::Read::read_to_end(&mut r, &mut bytes).map_err(|e| r.error(e))?;
            Ok(Some(bytes))
        }
        Run::Packed { pack, offset, len } => vault.packs.read_range(pack, *offset, *len),
    }
}

/// Calls `each` with every chunk of `chunks` in order and its bytes as stored (None when
/// the vault does not have it). A chunk not where the index said is looked for once more
/// in a freshly read index.
pub(crate) fn each_chunk(vault: &Vault, chunks: &[Chunk], mut each: impl FnMut(&Chunk, Option<&[u8]>)) -> Result<()> {
    let mut index = vault.chunk_index(false)?;
    let mut fresh = false;
    let mut i = 0;
    while i < chunks.len() {
        let (n, run) = next_run(&index, chunks, i);
        let bytes = read_run(vault, &run)?;
        if bytes.is_none() && !fresh {
            index = vault.chunk_index(true)?;
            fresh = true;
            continue;
        }
        let mut at = 0usize;
        for c in &chunks[i..i + n] {
            let len = match index.place(&c.sha256) {
                Some(Place::Packed { len, .. }) => len as usize,
                _ => bytes.as_ref().map_or(0, |b| b.len()),
            };
            let piece = bytes.as_deref().and_then(|b| b.get(at..at + len));
            each(c, piece);
            at += len;
        }
        i += n;
    }
    Ok(())
}

/// Packs staged and not yet settled, by chunk: each chunk's pack and the pack's temp.
#[derive(Debug, Default)]
pub(crate) struct Pending(HashMap<Sha256, (Sha256, PathBuf)>);

impl Pending {
    fn add(&mut self, pack: Sha256, temp: &Path, entries: &[Entry]) {
        for e in entries {
            self.0.insert(e.sha256, (pack, temp.to_path_buf()));
        }
    }

    pub(crate) fn get(&self, chunk: &Sha256) -> Option<(Sha256, PathBuf)> {
        self.0.get(chunk).cloned()
    }

    /// Forgets packs now stored (and any whose temp a dropped batch took).
    pub(crate) fn settled(&mut self, packs: &HashSet<Sha256>) {
        self.0.retain(|_, (p, temp)| !packs.contains(p) && temp.exists());
    }
}

/// A pack being written: its temp file and what it holds so far.
struct OpenPack {
    file: WholeFile,
    hasher: Sha256Hasher,
    entries: Vec<Entry>,
}

/// Writes chunks into pack temps in a scratch folder, closing each at `PACK_SIZE`; the
/// finished ones are staged for the vault's `settle` like any object.
pub(crate) struct PackWriter {
    vault: Vault,
    dir: PathBuf,
    prefix: String,
    open: Option<OpenPack>,
    done: Vec<Staged>,
    shared: HashSet<Sha256>,
}

impl PackWriter {
    pub(crate) fn new(vault: Vault, dir: &Path, prefix: &str) -> PackWriter {
        PackWriter { vault, dir: dir.to_path_buf(), prefix: prefix.to_string(), open: None, done: Vec::new(), shared: HashSet::new() }
    }

    pub(crate) fn add(&mut self, sha: Sha256, bytes: &[u8]) -> Result<()> {
        let pack = match &mut self.open {
            Some(p) => p,
            None => {
                let name = format!("{}.pack{}", self.prefix, self.done.len());
                let file = self.vault.whole_file(&self.dir, &name)?;
                self.open.insert(OpenPack { file, hasher: Sha256Hasher::default(), entries: Vec::new() })
            }
        };
        let offset = pack.file.len;
        pack.file.append(bytes).map_err(Error::io(&pack.file.path))?;
        pack.hasher.update(bytes);
        pack.entries.push(Entry { sha256: sha, offset, len: bytes.len() as u64 });
        if pack.file.len >= PACK_SIZE {
            self.close()?;
        }
        Ok(())
    }

    fn close(&mut self) -> Result<()> {
        let Some(mut pack) = self.open.take() else { return Ok(()) };
        let trailer = trailer(&pack.entries);
        pack.file.append(&trailer).map_err(Error::io(&pack.file.path))?;
        pack.hasher.update(&trailer);
        self.vault.packs.finish(&pack.file.file, &pack.file.path)?;
        let path = std::mem::take(&mut pack.file.path); // the temp now belongs to the Staged
        let sha = pack.hasher.finish();
        self.vault.pending().add(sha, &path, &pack.entries);
        self.done.push(Staged::whole(path, sha, Space::Packs));
        Ok(())
    }

    /// Whether the chunk is in a pack another file of the batch staged, which is then
    /// this file's too: a hard link to its temp, staged with this file's packs, keeps the
    /// pack for this file whatever becomes of the other (a link fails once the pack is
    /// settled, and then the store has it).
    pub(crate) fn share(&mut self, chunk: &Sha256) -> Result<bool> {
        let Some((pack, temp)) = self.vault.pending().get(chunk) else { return Ok(false) };
        if self.shared.contains(&pack) {
            return Ok(true);
        }
        let link = self.dir.join(format!("{}.shared{}", self.prefix, self.shared.len()));
        let held = match std::fs::hard_link(&temp, &link) {
            Ok(()) => {
                self.done.push(Staged::whole(link, pack, Space::Packs));
                true
            }
            Err(_) => self.vault.packs.contains(&pack)?,
        };
        if held {
            self.shared.insert(pack);
        }
        Ok(held)
    }

    /// The packs written, and those shared, staged.
    pub(crate) fn finish(mut self) -> Result<Vec<Staged>> {
        self.close()?;
        Ok(std::mem::take(&mut self.done))
    }
}

/// What becomes of a pack once what it still holds is in a new one.
pub(crate) enum Then<'a> {
    Remove,
    /// Moved aside into this quarantine folder (it is damaged: evidence).
    Quarantine(&'a str),
}

/// Writes a pack again without the chunks in `drop` (and any that no longer match their
/// names), settles the new pack, then removes or quarantines the old one: so a disposal
/// leaves no byte of what it destroyed, and a repair keeps every good chunk of a damaged
/// pack. Returns where a quarantined pack went.
pub(crate) fn rewrite(vault: &Vault, index: &Index, pack: &Sha256, drop: &HashSet<Sha256>, then: Then<'_>) -> Result<Option<PathBuf>> {
    let keep: Vec<Entry> = index.table(pack).iter().filter(|e| !drop.contains(&e.sha256)).copied().collect();
    if !keep.is_empty() {
        let data = index.table(pack).last().map_or(0, |e| e.offset + e.len);
        let bytes = vault.packs.read_range(pack, 0, data)?.unwrap_or_default();
        let scratch = vault.scratch(&format!("pack-{}", &pack.to_hex()[..16]))?;
        let mut writer = PackWriter::new(vault.clone(), &scratch, "kept");
        for e in &keep {
            let piece = bytes.get(e.offset as usize..(e.offset + e.len) as usize);
            if let Some(piece) = piece.filter(|p| sha256(p) == e.sha256) {
                writer.add(e.sha256, piece)?;
            }
        }
        let mut staged = writer.finish()?;
        vault.settle(staged.iter_mut())?;
        drop_scratch(&scratch);
    }
    match then {
        Then::Remove => {
            vault.packs.remove(pack)?;
            Ok(None)
        }
        Then::Quarantine(folder) => vault.packs.quarantine(pack, folder).map(Some),
    }
}

fn drop_scratch(dir: &Path) {
    let _ = std::fs::remove_dir_all(dir);
}

/// A pack's bytes without one of its chunks, its table saying so: damage a test makes
/// (`Vault::tamper_chunk`), as a chunk lost from a pack.
pub(crate) fn without(bytes: &[u8], table: &[Entry], chunk: &Sha256) -> Vec<u8> {
    let mut data = Vec::new();
    let mut entries = Vec::new();
    for e in table.iter().filter(|e| e.sha256 != *chunk) {
        entries.push(Entry { sha256: e.sha256, offset: data.len() as u64, len: e.len });
        data.extend_from_slice(&bytes[e.offset as usize..(e.offset + e.len) as usize]);
    }
    data.extend(trailer(&entries));
    data
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_table_reads_back_and_a_damaged_one_does_not() {
        let entries = vec![Entry { sha256: sha256(b"a"), offset: 0, len: 1 }, Entry { sha256: sha256(b"bc"), offset: 1, len: 2 }];
        let t = trailer(&entries);
        let (table, tail) = t.split_at(t.len() - TAIL_LEN);
        assert_eq!(table_len(tail), Some(table.len() as u64));
        assert!(std::str::from_utf8(table).unwrap().starts_with("dengji-pack 1\n"));
        assert_eq!(parse_table(table, 3), Some(entries));
        assert_eq!(parse_table(table, 4), None, "the chunks must fill the bytes before the table");
        let text = std::str::from_utf8(table).unwrap();
        for bad in [text.replace(" 1 2", " 2 2"), text.replace("dengji-pack 1", "dengji-pack 2"), text[..text.len() - 2].to_string()] {
            assert_eq!(parse_table(bad.as_bytes(), 3), None, "{bad}");
        }
        assert_eq!(table_len(b"dengji-pack 0000000000000000000x\n"), None);
    }
}
