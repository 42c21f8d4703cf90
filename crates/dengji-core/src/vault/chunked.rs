//! Large files of business data stored as content-defined chunks: a housing fund's
//! monthly 1 GB dump is mostly last month's bytes, so each chunk, named by its SHA-256, is
//! stored once (new chunks go into packs, `packs.rs`), and the file is a *recipe* in the
//! `recipes` space, named by the file's SHA-256: a text listing its chunks in order. The
//! vault stays self-describing (a recovery needs nothing but the store), and everything
//! above the vault still names the file by its whole SHA-256 and SM3.
//!
//! Scans and ordinary files stay whole: they do not repeat from one hand-over to the
//! next, and cutting them would take the core that intake of many files hashes on.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::thread::JoinHandle;

use crossbeam_channel::{bounded, Sender};
use serde::Serialize;

use super::packs::{self, Index, PackWriter, Place, Then};
use super::{LocalFile, ObjectReader, Staged, Vault};
use crate::chunks::{Chunk, Cutter};
use crate::digest::{sha256, DualDigest, DualHasher, Sha256};
use crate::error::{Error, Result};
use crate::registrations::RecordKind;

/// Files from this size on are stored as chunks (when they are business data).
pub const CHUNKED_FROM: u64 = 4 << 20;

/// Whether a file of `size` bytes and `format` in a registration of `kind` is stored as
/// chunks. A PDF stays whole: intake counts its pages from the stored file.
pub(crate) fn wanted(size: u64, kind: RecordKind, format: &str) -> bool {
    kind == RecordKind::BusinessData && size >= CHUNKED_FROM && format != "PDF"
}

/// A damaged chunk `vault verify` found, and every file that uses it.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export_to = "../../ui/src/bindings/"))]
pub struct ChunkProblem {
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub sha256: Sha256,
    /// `missing` or `changed`.
    pub kind: &'static str,
    /// Registrations and paths of the files whose recipes name the chunk.
    pub items: Vec<String>,
}

/// A file's chunk list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Recipe {
    pub chunks: Vec<Chunk>,
}

const HEADER: &str = "dengji-recipe 1";

impl Recipe {
    /// `dengji-recipe 1`, then one `<chunk sha256 hex> <length>` line per chunk.
    pub(crate) fn to_bytes(&self) -> Vec<u8> {
        let mut text = String::with_capacity(80 * (self.chunks.len() + 1));
        text.push_str(HEADER);
        text.push('\n');
        for c in &self.chunks {
            text.push_str(&format!("{} {}\n", c.sha256.to_hex(), c.len));
        }
        text.into_bytes()
    }

    fn parse(bytes: &[u8]) -> Option<Recipe> {
        let text = std::str::from_utf8(bytes).ok()?;
        let mut lines = text.lines();
        if lines.next()? != HEADER {
            return None;
        }
        let chunks = lines
            .map(|line| {
                let (sha, len) = line.split_once(' ')?;
                Some(Chunk { sha256: sha.parse().ok()?, len: len.parse().ok()? })
            })
            .collect::<Option<Vec<_>>>()?;
        Some(Recipe { chunks })
    }
}

/// How the vault holds a file as chunks.
pub(crate) enum Held {
    /// No recipe (stored whole, or not at all).
    None,
    /// The recipe, and where it is.
    Recipe(Recipe, PathBuf),
    /// A recipe that cannot be read as one (where it is).
    Damaged(PathBuf),
}

pub(crate) fn recipe(vault: &Vault, sha: &Sha256) -> Result<Held> {
    let Some(mut reader) = vault.recipes.open(sha)? else { return Ok(Held::None) };
    let mut bytes = Vec::new();
    reader.read_to_end(&mut bytes).map_err(|e| reader.error(e))?;
    Ok(match Recipe::parse(&bytes) {
        Some(r) => Held::Recipe(r, reader.name),
        None => Held::Damaged(reader.name),
    })
}

/// A reader of a chunked file; None when the vault holds no recipe for it.
pub(crate) fn open(vault: &Vault, sha: &Sha256) -> Result<Option<ObjectReader>> {
    let (recipe, name) = match recipe(vault, sha)? {
        Held::None => return Ok(None),
        Held::Damaged(name) => return Err(Error::VaultObject(name.display().to_string())),
        Held::Recipe(recipe, name) => (recipe, name),
    };
    let index = vault.chunk_index(false)?;
    let inner = ChunkReader { vault: vault.clone(), index, chunks: recipe.chunks, next: 0, run: Vec::new(), at: 0 };
    Ok(Some(ObjectReader { inner: Box::new(inner), name }))
}

/// A chunked file's chunks, one after the other, each stretch of them that lies together
/// in a pack read at once.
struct ChunkReader {
    vault: Vault,
    index: Arc<Index>,
    chunks: Vec<Chunk>,
    next: usize,
    run: Vec<u8>,
    at: usize,
}

impl ChunkReader {
    /// The next run's bytes, looked for once more in a fresh index if not where it was.
    fn fill(&mut self) -> std::io::Result<()> {
        let mut fresh = false;
        loop {
            let (n, run) = packs::next_run(&self.index, &self.chunks, self.next);
            let expected = match &run {
                packs::Run::Packed { len, .. } => Some(*len),
                _ => None,
            };
            let bytes = packs::read_run(&self.vault, &run).map_err(|e| std::io::Error::other(e.to_string()))?;
            match bytes {
                Some(b) if expected.is_none_or(|len| b.len() as u64 == len) => {
                    self.run = b;
                    self.at = 0;
                    self.next += n;
                    return Ok(());
                }
                _ if !fresh => {
                    self.index = self.vault.chunk_index(true).map_err(|e| std::io::Error::other(e.to_string()))?;
                    fresh = true;
                }
                _ => {
                    return Err(std::io::Error::new(
                        std::io::ErrorKind::NotFound,
                        format!("分块 {} 缺失：请核验保管库，再从备份介质修复", self.chunks[self.next].sha256.to_hex()),
                    ))
                }
            }
        }
    }
}

impl Read for ChunkReader {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        while self.at == self.run.len() {
            if self.next == self.chunks.len() || buf.is_empty() {
                return Ok(0);
            }
            self.fill()?;
        }
        let n = buf.len().min(self.run.len() - self.at);
        buf[..n].copy_from_slice(&self.run[self.at..self.at + n]);
        self.at += n;
        Ok(n)
    }
}

/// A chunked file put together in a temp on this machine.
pub(crate) fn local_file(vault: &Vault, sha: &Sha256) -> Result<LocalFile> {
    let Some(mut reader) = open(vault, sha)? else { return Err(Error::VaultObject(sha.to_hex())) };
    crate::private::create_dir_all(&vault.tmp)?;
    let mut tmp = tempfile::Builder::new().prefix("assembled-").tempfile_in(&vault.tmp).map_err(Error::io(&vault.tmp))?;
    std::io::copy(&mut reader, tmp.as_file_mut()).map_err(|e| reader.error(e))?;
    let temp = tmp.into_temp_path();
    Ok(LocalFile { path: temp.to_path_buf(), _fetched: Some(temp) })
}

/// The digests of what the vault holds of a chunked file: a missing chunk is left out
/// and an unreadable recipe gives nothing, so either differs from the file's own.
pub(crate) fn rehash(vault: &Vault, sha: &Sha256) -> Result<(DualDigest, u64)> {
    let mut h = DualHasher::new();
    let mut n = 0u64;
    if let Held::Recipe(r, _) = recipe(vault, sha)? {
        packs::each_chunk(vault, &r.chunks, |_, bytes| {
            if let Some(b) = bytes {
                h.update(b);
                n += b.len() as u64;
            }
        })?;
    }
    Ok((h.finish().0, n))
}

/// What is wrong with a chunked file whose digests do not match.
pub(crate) enum Diagnosis {
    /// Its recipe cannot be read.
    Recipe,
    /// Its chunks that are missing or no longer match their names.
    Chunks(Vec<(Sha256, &'static str)>),
}

/// None when the file is not held as chunks.
pub(crate) fn diagnose(vault: &Vault, sha: &Sha256) -> Result<Option<Diagnosis>> {
    let r = match recipe(vault, sha)? {
        Held::None => return Ok(None),
        Held::Damaged(_) => return Ok(Some(Diagnosis::Recipe)),
        Held::Recipe(r, _) => r,
    };
    let mut seen = HashSet::new();
    let mut bad = Vec::new();
    packs::each_chunk(vault, &r.chunks, |c, bytes| {
        if seen.insert(c.sha256) {
            match bytes {
                None => bad.push((c.sha256, "missing")),
                Some(b) if sha256(b) != c.sha256 => bad.push((c.sha256, "changed")),
                Some(_) => {}
            }
        }
    })?;
    Ok(Some(Diagnosis::Chunks(bad)))
}

/// Every file whose recipe names one of `chunks`, by chunk.
pub(crate) fn users_of(vault: &Vault, chunks: &HashSet<Sha256>) -> Result<HashMap<Sha256, Vec<Sha256>>> {
    let mut users: HashMap<Sha256, Vec<Sha256>> = HashMap::new();
    for file in vault.recipes.list()? {
        if let Held::Recipe(r, _) = recipe(vault, &file)? {
            let mut named: Vec<Sha256> = r.chunks.iter().map(|c| c.sha256).filter(|c| chunks.contains(c)).collect();
            named.sort();
            named.dedup();
            for c in named {
                users.entry(c).or_default().push(file);
            }
        }
    }
    Ok(users)
}

/// Moves aside what holds a chunk of the file that no longer matches its name (a pack's
/// good chunks first go into a new pack), or its recipe if that cannot be read; with a
/// chunk missing, also every pack whose table cannot be read. Returns where each went.
pub(crate) fn quarantine(vault: &Vault, sha: &Sha256, folder: &str) -> Result<Vec<PathBuf>> {
    let bad = match diagnose(vault, sha)? {
        None => return Ok(Vec::new()),
        Some(Diagnosis::Recipe) => return Ok(vec![vault.recipes.quarantine(sha, folder)?]),
        Some(Diagnosis::Chunks(bad)) => bad,
    };
    let changed: HashSet<Sha256> = bad.iter().filter(|(_, kind)| *kind == "changed").map(|(c, _)| *c).collect();
    let index = vault.chunk_index(true)?;
    let mut moved = Vec::new();
    let mut packs = BTreeSet::new();
    for c in &changed {
        match index.place(c) {
            Some(Place::Loose) => moved.push(vault.chunks.quarantine(c, folder)?),
            Some(Place::Packed { pack, .. }) => {
                packs.insert(pack);
            }
            None => {}
        }
    }
    for pack in packs {
        moved.extend(packs::rewrite(vault, &index, &pack, &changed, Then::Quarantine(folder))?);
    }
    if bad.iter().any(|(_, kind)| *kind == "missing") {
        for pack in &index.unreadable {
            moved.push(vault.packs.quarantine(pack, folder)?);
        }
    }
    Ok(moved)
}

/// Removes a chunked file's recipe, and its chunks that no other recipe names: a pack
/// holding any of them is written again with only what recipes still name (or removed).
pub(crate) fn remove(vault: &Vault, sha: &Sha256) -> Result<bool> {
    let held = recipe(vault, sha)?;
    if matches!(held, Held::None) {
        return Ok(false);
    }
    vault.recipes.remove(sha)?;
    let Held::Recipe(r, _) = held else { return Ok(true) };
    let mine: HashSet<Sha256> = r.chunks.iter().map(|c| c.sha256).collect();
    let index = vault.chunk_index(true)?;
    let packs: BTreeSet<Sha256> = mine
        .iter()
        .filter_map(|c| match index.place(c) {
            Some(Place::Packed { pack, .. }) => Some(pack),
            _ => None,
        })
        .collect();
    let mut asked = mine.clone();
    for pack in &packs {
        asked.extend(index.table(pack).iter().map(|e| e.sha256));
    }
    let named = users_of(vault, &asked)?;
    for c in mine.iter().filter(|c| !named.contains_key(c) && index.place(c) == Some(Place::Loose)) {
        vault.chunks.remove(c)?;
    }
    for pack in &packs {
        let unnamed: HashSet<Sha256> = index.table(pack).iter().map(|e| e.sha256).filter(|c| !named.contains_key(c)).collect();
        if !unnamed.is_empty() {
            packs::rewrite(vault, &index, pack, &unnamed, Then::Remove)?;
        }
    }
    Ok(true)
}

/// A file's chunks, and the packs of those the vault lacked, staged.
type Cut = (Vec<Chunk>, Vec<Staged>);

/// A file's chunks as they are cut: each listed, each the vault lacks written to a pack.
struct Gathered {
    index: Arc<Index>,
    packs: PackWriter,
    chunks: Vec<Chunk>,
    seen: HashSet<Sha256>,
    failed: Option<Error>,
}

impl Gathered {
    fn keep(&mut self, bytes: &[u8]) {
        if self.failed.is_some() {
            return;
        }
        let sha = sha256(bytes);
        self.chunks.push(Chunk { sha256: sha, len: bytes.len() as u64 });
        if !self.seen.insert(sha) || self.index.holds(&sha) {
            return;
        }
        let stored = self.packs.share(&sha).and_then(|shared| if shared { Ok(()) } else { self.packs.add(sha, bytes) });
        if let Err(e) = stored {
            self.failed = Some(e);
        }
    }
}

/// Cuts a file's bytes into chunks on a thread of its own, as they are written, and packs
/// each chunk the vault lacks: the thread that reads and hashes the file is not slowed.
pub(crate) struct ChunkWriter {
    tx: Option<Sender<Vec<u8>>>,
    thread: Option<JoinHandle<Result<Cut>>>,
    scratch: PathBuf,
    name: String,
    path: PathBuf,
}

impl ChunkWriter {
    pub(crate) fn start(vault: Vault, scratch: &Path, name: &str) -> ChunkWriter {
        // Eight pieces of up to 1 MiB in flight: the reader runs ahead, memory stays small.
        let (tx, rx) = bounded::<Vec<u8>>(8);
        let (dir, prefix) = (scratch.to_path_buf(), name.to_string());
        let thread = std::thread::spawn(move || {
            let mut cutter = Cutter::default();
            // Read afresh: another job may have stored or removed packs since.
            let index = vault.chunk_index(true)?;
            let packs = PackWriter::new(vault, &dir, &prefix);
            let mut cut = Gathered { index, packs, chunks: Vec::new(), seen: HashSet::new(), failed: None };
            for piece in rx.iter() {
                cutter.push(&piece, |bytes| cut.keep(bytes));
                if cut.failed.is_some() {
                    break; // the writer's next send fails and it asks for this error
                }
            }
            cutter.finish(|bytes| cut.keep(bytes));
            match cut.failed {
                Some(e) => Err(e),
                None => Ok((cut.chunks, cut.packs.finish()?)),
            }
        });
        ChunkWriter { tx: Some(tx), thread: Some(thread), scratch: scratch.to_path_buf(), name: name.to_string(), path: scratch.join(name) }
    }

    pub(crate) fn write(&mut self, bytes: &[u8]) -> Result<()> {
        let sent = self.tx.as_ref().map(|tx| tx.send(bytes.to_vec()).is_ok()).unwrap_or(false);
        if sent {
            return Ok(());
        }
        // The thread stopped: its error says why.
        self.tx = None;
        match self.join() {
            Err(e) => Err(e),
            Ok(_) => Err(Error::Io { path: self.path.clone(), source: std::io::Error::other("分块写入已结束") }),
        }
    }

    /// The chunks of everything written, and the staged ones the vault lacked.
    pub(crate) fn finish(mut self) -> Result<Cut> {
        self.tx = None;
        self.join()
    }

    fn join(&mut self) -> Result<Cut> {
        let Some(thread) = self.thread.take() else {
            return Err(Error::Io { path: self.path.clone(), source: std::io::Error::other("分块写入已结束") });
        };
        match thread.join() {
            Ok(result) => result,
            Err(panic) => std::panic::resume_unwind(panic),
        }
    }

    pub(crate) fn name(&self) -> &Path {
        &self.path
    }

    pub(crate) fn scratch(&self) -> &Path {
        &self.scratch
    }

    pub(crate) fn name_in_scratch(&self) -> &str {
        &self.name
    }
}

impl Drop for ChunkWriter {
    fn drop(&mut self) {
        // Abandoned (cancelled, failed): the thread ends and its staged chunks' temps go.
        self.tx = None;
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A new vault, a scratch folder in it, and 8 MiB of bytes to store as chunks.
    fn sample() -> (tempfile::TempDir, Vault, PathBuf, Vec<u8>) {
        let dir = tempfile::tempdir().unwrap();
        let vault = Vault::create(dir.path()).unwrap();
        let scratch = vault.scratch("t").unwrap();
        let bytes = (0u32..(CHUNKED_FROM as u32 / 2)).flat_map(|i| (i.wrapping_mul(2_654_435_761)).to_le_bytes()).collect();
        (dir, vault, scratch, bytes)
    }

    #[test]
    fn a_recipe_reads_back_and_anything_else_is_not_one() {
        let r = Recipe { chunks: vec![Chunk { sha256: sha256(b"a"), len: 1 }, Chunk { sha256: sha256(b"bc"), len: 2 }] };
        assert_eq!(Recipe::parse(&r.to_bytes()), Some(r.clone()));
        let text = String::from_utf8(r.to_bytes()).unwrap();
        assert!(text.starts_with("dengji-recipe 1\n"), "{text}");
        for bad in [&b""[..], b"dengji-recipe 2\n", b"dengji-recipe 1\nzz 1\n", &text.as_bytes()[..text.len() - 3]] {
            assert_eq!(Recipe::parse(bad), None, "{}", String::from_utf8_lossy(bad));
        }
    }

    #[test]
    fn a_chunked_file_abandoned_or_settled_leaves_no_temp() {
        let (_dir, vault, scratch, bytes) = sample();
        let mut abandoned = vault.begin_chunked(&scratch, "a").unwrap();
        abandoned.write_all(&bytes).unwrap();
        drop(abandoned);
        assert_eq!(std::fs::read_dir(&scratch).unwrap().count(), 0);

        let mut pending = vault.begin_chunked(&scratch, "b").unwrap();
        for piece in bytes.chunks(1 << 20) {
            pending.write_all(piece).unwrap();
        }
        let mut staged = vault.stage(pending, &sha256(&bytes)).unwrap().unwrap();
        assert!(!vault.contains(&sha256(&bytes)).unwrap(), "nothing named before the batch settles");
        vault.settle([&mut staged]).unwrap();
        drop(staged);
        assert_eq!(std::fs::read_dir(&scratch).unwrap().count(), 0);
        let mut back = Vec::new();
        vault.open(&sha256(&bytes)).unwrap().unwrap().read_to_end(&mut back).unwrap();
        assert_eq!(back, bytes);
        // The same content again stores nothing.
        let mut again = vault.begin_chunked(&scratch, "c").unwrap();
        again.write_all(&bytes).unwrap();
        assert!(vault.stage(again, &sha256(&bytes)).unwrap().is_none());
    }

    #[test]
    fn chunks_stored_one_object_each_by_earlier_versions_still_read_and_count_as_held() {
        let (_dir, vault, scratch, bytes) = sample();
        let sha = sha256(&bytes);
        let chunks = crate::chunks::chunks_of(&bytes[..]).unwrap();
        // The layout before packs: each chunk an object of the `chunks` space, then the recipe.
        let mut at = 0usize;
        let mut old: Vec<Staged> = Vec::new();
        for (i, c) in chunks.iter().enumerate() {
            let piece = &bytes[at..at + c.len as usize];
            at += piece.len();
            old.push(vault.stage_bytes(&scratch, &format!("c{i}"), piece, c.sha256, super::super::Space::Chunks).unwrap());
        }
        vault.chunks.settle(&mut old.iter_mut().collect::<Vec<_>>()).unwrap();
        let recipe = Recipe { chunks: chunks.clone() }.to_bytes();
        let mut r = vault.stage_bytes(&scratch, "r", &recipe, sha, super::super::Space::Recipes).unwrap();
        vault.recipes.settle(&mut [&mut r]).unwrap();

        let mut back = Vec::new();
        vault.open(&sha).unwrap().unwrap().read_to_end(&mut back).unwrap();
        assert_eq!(back, bytes);
        assert_eq!(vault.rehash(&sha).unwrap().unwrap().0, crate::digest::dual(&bytes));
        let usage = vault.usage().unwrap();
        assert_eq!((usage.chunks.count, usage.chunk_objects.count), (chunks.len() as u64, chunks.len() as u64));
        // The same bytes again store nothing: the loose chunks are held.
        let mut again = vault.begin_chunked(&scratch, "again").unwrap();
        again.write_all(&bytes).unwrap();
        assert!(vault.stage(again, &sha).unwrap().is_none());
        // A damaged one is found and kept aside as before, and the file goes with its chunks.
        vault.tamper_chunk(&chunks[0].sha256, super::super::Tamper::Flip(10)).unwrap();
        assert!(matches!(diagnose(&vault, &sha).unwrap(), Some(Diagnosis::Chunks(bad)) if bad == [(chunks[0].sha256, "changed")]));
        let kept = quarantine(&vault, &sha, "q").unwrap();
        assert!(kept.len() == 1 && kept[0].to_string_lossy().contains("chunk-"), "{kept:?}");
        assert!(vault.remove(&sha).unwrap());
        assert_eq!(vault.usage().unwrap(), crate::vault::VaultUsage::default());
    }

    #[test]
    fn a_pack_whose_table_cannot_be_read_is_kept_aside_and_its_chunks_are_missing() {
        let (_dir, vault, scratch, bytes) = sample();
        let sha = sha256(&bytes);
        let mut w = vault.begin_chunked(&scratch, "a").unwrap();
        w.write_all(&bytes).unwrap();
        let mut staged = vault.stage(w, &sha).unwrap().unwrap();
        vault.settle([&mut staged]).unwrap();
        let pack = vault.packs.list().unwrap()[0];
        let mut damaged = bytes.clone();
        damaged.extend_from_slice(b"dengji-pack 0000000000000000000x\n");
        vault.packs.overwrite(&pack, Some(&damaged)).unwrap();
        *vault.index.lock().unwrap() = None;

        let Some(Diagnosis::Chunks(bad)) = diagnose(&vault, &sha).unwrap() else { panic!("a chunked file") };
        assert!(!bad.is_empty() && bad.iter().all(|(_, kind)| *kind == "missing"), "{bad:?}");
        assert!(vault.open(&sha).unwrap().unwrap().read_to_end(&mut Vec::new()).is_err());
        let kept = quarantine(&vault, &sha, "q").unwrap();
        assert!(kept.len() == 1 && kept[0].to_string_lossy().contains(&format!("pack-{}", pack.to_hex())), "{kept:?}");
        assert!(vault.packs.list().unwrap().is_empty());
    }
}
