//! Large files of business data stored as content-defined chunks: a housing fund's
//! monthly 1 GB dump is mostly last month's bytes, so each chunk is an object of the
//! `chunks` space named by its SHA-256 and stored once, and the file is a *recipe* in the
//! `recipes` space, named by the file's SHA-256: a text listing its chunks in order. The
//! vault stays self-describing (a recovery needs nothing but the store), and everything
//! above the vault still names the file by its whole SHA-256 and SM3.
//!
//! Scans and ordinary files stay whole: they do not repeat from one hand-over to the
//! next, and cutting them would take the core that intake of many files hashes on.

use std::collections::{HashMap, HashSet};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::thread::JoinHandle;

use crossbeam_channel::{bounded, Sender};
use serde::Serialize;

use super::{LocalFile, ObjectReader, ObjectStore, Space, Staged, Vault};
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
pub struct ChunkProblem {
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
    let inner = ChunkReader { store: vault.chunks.clone(), chunks: recipe.chunks, next: 0, current: None };
    Ok(Some(ObjectReader { inner: Box::new(inner), name }))
}

/// A chunked file's chunks, one after the other.
struct ChunkReader {
    store: Arc<dyn ObjectStore>,
    chunks: Vec<Chunk>,
    next: usize,
    current: Option<ObjectReader>,
}

impl Read for ChunkReader {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        loop {
            if let Some(current) = &mut self.current {
                let n = current.read(buf)?;
                if n > 0 || buf.is_empty() {
                    return Ok(n);
                }
                self.current = None;
            }
            let Some(chunk) = self.chunks.get(self.next) else { return Ok(0) };
            self.next += 1;
            match self.store.open(&chunk.sha256) {
                Ok(Some(r)) => self.current = Some(r),
                Ok(None) => {
                    return Err(std::io::Error::new(
                        std::io::ErrorKind::NotFound,
                        format!("分块 {} 缺失：请核验保管库，再从备份介质修复", chunk.sha256.to_hex()),
                    ))
                }
                Err(e) => return Err(std::io::Error::other(e.to_string())),
            }
        }
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
        let mut buf = vec![0u8; 1 << 20];
        for c in &r.chunks {
            let Some(mut f) = vault.chunks.open(&c.sha256)? else { continue };
            loop {
                let k = f.read(&mut buf).map_err(|e| f.error(e))?;
                if k == 0 {
                    break;
                }
                h.update(&buf[..k]);
                n += k as u64;
            }
        }
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
    for c in r.chunks.iter().filter(|c| seen.insert(c.sha256)) {
        let Some(mut f) = vault.chunks.open(&c.sha256)? else {
            bad.push((c.sha256, "missing"));
            continue;
        };
        let mut bytes = Vec::with_capacity(c.len as usize);
        f.read_to_end(&mut bytes).map_err(|e| f.error(e))?;
        if sha256(&bytes) != c.sha256 {
            bad.push((c.sha256, "changed"));
        }
    }
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

/// Moves aside each chunk of the file that no longer matches its name, or its recipe if
/// that cannot be read (a missing chunk has nothing to move).
pub(crate) fn quarantine(vault: &Vault, sha: &Sha256, folder: &str) -> Result<Vec<PathBuf>> {
    match diagnose(vault, sha)? {
        None => Ok(Vec::new()),
        Some(Diagnosis::Recipe) => Ok(vec![vault.recipes.quarantine(sha, folder)?]),
        Some(Diagnosis::Chunks(bad)) => {
            bad.iter().filter(|(_, kind)| *kind == "changed").map(|(c, _)| vault.chunks.quarantine(c, folder)).collect()
        }
    }
}

/// Removes a chunked file's recipe, and its chunks that no other recipe names.
pub(crate) fn remove(vault: &Vault, sha: &Sha256) -> Result<bool> {
    let held = recipe(vault, sha)?;
    if matches!(held, Held::None) {
        return Ok(false);
    }
    vault.recipes.remove(sha)?;
    if let Held::Recipe(r, _) = held {
        let mine: HashSet<Sha256> = r.chunks.iter().map(|c| c.sha256).collect();
        let still_named = users_of(vault, &mine)?;
        for c in mine.iter().filter(|c| !still_named.contains_key(c)) {
            vault.chunks.remove(c)?;
        }
    }
    Ok(true)
}

/// A file's chunks, and those staged because the vault lacked them.
type Cut = (Vec<Chunk>, Vec<Staged>);

/// A file's chunks as they are cut: each listed, each new one staged once the vault was
/// asked whether it holds it (in batches of `batch`, where each question is a round trip).
struct Gathered {
    vault: Vault,
    dir: PathBuf,
    prefix: String,
    batch: usize,
    chunks: Vec<Chunk>,
    staged: Vec<Staged>,
    seen: HashSet<Sha256>,
    /// Chunks not yet asked about: digest, bytes, and their number in the file.
    waiting: Vec<(Sha256, Vec<u8>, usize)>,
    failed: Option<Error>,
}

impl Gathered {
    fn keep(&mut self, bytes: &[u8]) {
        if self.failed.is_some() {
            return;
        }
        let sha = sha256(bytes);
        self.chunks.push(Chunk { sha256: sha, len: bytes.len() as u64 });
        if !self.seen.insert(sha) {
            return;
        }
        if self.batch <= 1 {
            // One question at a time: no bytes held back.
            let number = self.chunks.len();
            let stored = self.vault.chunks.contains(&sha).and_then(|held| self.stage(held, sha, bytes, number));
            if let Err(e) = stored {
                self.failed = Some(e);
            }
            return;
        }
        self.waiting.push((sha, bytes.to_vec(), self.chunks.len()));
        if self.waiting.len() >= self.batch {
            self.flush();
        }
    }

    /// Asks about the waiting chunks at once and stages those the vault lacks.
    fn flush(&mut self) {
        if self.failed.is_some() || self.waiting.is_empty() {
            return;
        }
        let waiting = std::mem::take(&mut self.waiting);
        let shas: Vec<Sha256> = waiting.iter().map(|(s, ..)| *s).collect();
        let stored =
            self.vault.chunks.contains_each(&shas).and_then(|held| {
                waiting.iter().zip(held).try_for_each(|((sha, bytes, number), held)| self.stage(held, *sha, bytes, *number))
            });
        if let Err(e) = stored {
            self.failed = Some(e);
        }
    }

    fn stage(&mut self, held: bool, sha: Sha256, bytes: &[u8], number: usize) -> Result<()> {
        if !held {
            let name = format!("{}.{number}", self.prefix);
            self.staged.push(self.vault.stage_bytes(&self.dir, &name, bytes, sha, Space::Chunks)?);
        }
        Ok(())
    }
}

/// Cuts a file's bytes into chunks on a thread of its own, as they are written, and stages
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
            let batch = vault.chunks.lookup_batch();
            let mut cut = Gathered {
                vault,
                dir,
                prefix,
                batch,
                chunks: Vec::new(),
                staged: Vec::new(),
                seen: HashSet::new(),
                waiting: Vec::new(),
                failed: None,
            };
            for piece in rx.iter() {
                cutter.push(&piece, |bytes| cut.keep(bytes));
                if cut.failed.is_some() {
                    break; // the writer's next send fails and it asks for this error
                }
            }
            cutter.finish(|bytes| cut.keep(bytes));
            cut.flush();
            match cut.failed {
                Some(e) => Err(e),
                None => Ok((cut.chunks, cut.staged)),
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
        let dir = tempfile::tempdir().unwrap();
        let vault = Vault::create(dir.path()).unwrap();
        let scratch = vault.scratch("t").unwrap();
        let bytes: Vec<u8> = (0u32..(CHUNKED_FROM as u32 / 2)).flat_map(|i| (i.wrapping_mul(2_654_435_761)).to_le_bytes()).collect();
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
}
