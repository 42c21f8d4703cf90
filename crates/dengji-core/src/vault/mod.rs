//! The content-addressed vault: objects named by their SHA-256, written once, read-only
//! afterwards, deduplicated. `Vault` is the port the rest of the core uses; where the
//! objects live is an `ObjectStore` behind it (`local.rs`: a folder on this machine).
//! The rest of the core reads objects through `open` (a reader) and `local_file` (for
//! tools that need a file), and writes them only as staged batches (`begin`, `stage`,
//! `settle`), never by path. Where the objects are is the archive's `VaultLocation`:
//! the folder in its data directory, or a prefix in an S3-compatible bucket (`s3.rs`).
//! Intake writes many objects at once: `stage` leaves each finished temp file in place
//! and `settle` makes a whole batch durable together (the local folder: one filesystem
//! sync before the renames and one after, as git's batch fsync mode does), so an object's
//! name never points at bytes that are not stored.

mod chunked;
mod local;
mod location;
mod packs;
mod s3;

use std::fs::{self, File, OpenOptions};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use crate::digest::{DualDigest, DualHasher, Sha256};
use crate::error::{Error, Result};
use crate::private;

pub(crate) use chunked::{wanted as chunked_wanted, Diagnosis};
pub use chunked::{ChunkProblem, CHUNKED_FROM};
pub(crate) use local::{sync_dir, sync_fs, BATCH_SYNC};
pub(crate) use location::VAULT_FILE;
pub use location::{S3Location, VaultLocation};

/// Where vault objects are kept. Every method names an object by its SHA-256; none hands
/// out where it is stored, so a bucket can stand where a folder does.
pub(crate) trait ObjectStore: Send + Sync + std::fmt::Debug {
    /// The same store's objects of another space.
    fn in_space(&self, space: Space) -> Arc<dyn ObjectStore>;
    /// Whether the store holds the object (an error when the store cannot be asked).
    fn contains(&self, sha256: &Sha256) -> Result<bool>;
    /// A reader of the object; None when it is not there.
    fn open(&self, sha256: &Sha256) -> Result<Option<ObjectReader>>;
    /// `len` bytes of the object from `offset` (fewer if it ends sooner); None when it is
    /// not there.
    fn read_range(&self, sha256: &Sha256, offset: u64, len: u64) -> Result<Option<Vec<u8>>>;
    /// The object as a file on this machine (fetched to `scratch` if it is elsewhere).
    fn local_file(&self, sha256: &Sha256, scratch: &Path) -> Result<LocalFile>;
    /// A finished temp file of `stage`, made ready for its batch.
    fn finish(&self, file: &File, path: &Path) -> Result<()>;
    /// Stores every staged object under its name; when it returns the catalog may refer
    /// to each. Settling a batch again changes nothing.
    fn settle(&self, staged: &mut [&mut Staged]) -> Result<()>;
    /// Re-asserts that an object cannot be written.
    fn protect(&self, sha256: &Sha256) -> Result<()>;
    /// Removes an object; false when it was not there.
    fn remove(&self, sha256: &Sha256) -> Result<bool>;
    /// Moves a damaged object aside into `folder` (kept as evidence); returns where.
    fn quarantine(&self, sha256: &Sha256, folder: &str) -> Result<PathBuf>;
    /// Every object's name (a listing of the whole store: for checks, not for lookups).
    fn list(&self) -> Result<Vec<Sha256>>;
    /// Every object's name and size.
    fn list_sized(&self) -> Result<Vec<(Sha256, u64)>>;
    /// What `quarantine` has kept: where (as it named it) and how many bytes.
    fn quarantined(&self) -> Result<Vec<(PathBuf, u64)>>;
    /// How many objects the store holds and their bytes.
    fn usage(&self) -> Result<SpaceUsage> {
        let sized = self.list_sized()?;
        Ok(SpaceUsage { count: sized.len() as u64, bytes: sized.iter().map(|(_, n)| n).sum() })
    }
    /// Replaces an object's bytes (None: deletes it) behind the vault's back, as damage
    /// does. Only `Vault::tamper` calls it, for tests.
    fn overwrite(&self, sha256: &Sha256, bytes: Option<&[u8]>) -> Result<()>;
}

/// What a store's objects are: whole files, or the packs of chunks of large files
/// (`packs.rs`; earlier versions stored each chunk as an object of its own) and the recipes
/// (chunk lists) that put them together again. Each is a folder (a key prefix) of its own,
/// so a listing of files never shows a chunk, and each kind is named by its SHA-256.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Space {
    Objects,
    Chunks,
    Packs,
    Recipes,
}

impl Space {
    pub(crate) fn folder(self) -> &'static str {
        match self {
            Space::Objects => "objects",
            Space::Chunks => "chunks",
            Space::Packs => "packs",
            Space::Recipes => "recipes",
        }
    }

    /// A damaged object's name in quarantine: a chunk or a recipe says what it is.
    pub(crate) fn quarantine_name(self, sha256: &Sha256) -> String {
        match self {
            Space::Objects => sha256.to_hex(),
            other => format!("{}-{}", &other.folder()[..other.folder().len() - 1], sha256.to_hex()),
        }
    }
}

/// How many objects of one space a vault holds, and their bytes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct SpaceUsage {
    pub count: u64,
    pub bytes: u64,
}

/// What a vault holds: files stored whole, chunks, and the recipes of chunked files.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct VaultUsage {
    pub whole: SpaceUsage,
    /// Distinct chunks and their bytes, wherever they are.
    pub chunks: SpaceUsage,
    /// The objects that hold chunks (packs, and chunks stored one each by earlier
    /// versions) and what they take in the store, tables included.
    pub chunk_objects: SpaceUsage,
    pub recipes: SpaceUsage,
}

impl VaultUsage {
    /// What the vault takes in its store.
    pub fn bytes(&self) -> u64 {
        self.whole.bytes + self.chunk_objects.bytes + self.recipes.bytes
    }
}

/// Damage done to an object on purpose, by tests of what finds and repairs it.
#[doc(hidden)]
#[derive(Debug, Clone)]
pub enum Tamper {
    /// Flips the lowest bit of the byte at this offset.
    Flip(usize),
    Replace(Vec<u8>),
    Remove,
}

#[derive(Debug, Clone)]
pub struct Vault {
    store: Arc<dyn ObjectStore>,
    /// Large files of business data, stored as chunks (see `chunked.rs`) in packs
    /// (`packs.rs`); `chunks` holds those earlier versions stored one object each.
    chunks: Arc<dyn ObjectStore>,
    packs: Arc<dyn ObjectStore>,
    recipes: Arc<dyn ObjectStore>,
    /// The chunk index as last read, shared by clones of this vault.
    index: Arc<Mutex<Option<Arc<packs::Index>>>>,
    /// Packs written but not yet settled, by the chunks in them: a later file of the same
    /// batch (a recovery of twelve versions) shares them instead of storing them again.
    pending: Arc<Mutex<packs::Pending>>,
    location: VaultLocation,
    /// Per-job temp areas, on this machine whatever the store.
    tmp: PathBuf,
}

/// A vault object being written: bytes go to a temp file until `stage`, or for a large
/// file of business data to a writer that cuts them into chunks and keeps the new ones.
pub struct PendingObject(Pending);

enum Pending {
    Whole(WholeFile),
    Chunked(chunked::ChunkWriter),
}

struct WholeFile {
    file: File,
    path: PathBuf,
    len: u64,
}

impl PendingObject {
    /// Appends `bytes`; the disk starts writing each 8 MiB as it is complete. Intake is
    /// bound by hashing and the disk would otherwise wait for the batch's sync: 2 GB,
    /// interleaved runs after a warm-up run, 4.72 s with this and 5.07 s without (hashing
    /// limit 4.79 s). Copies, bound by the disk, do not (see `transfer::copy`).
    pub fn write_all(&mut self, bytes: &[u8]) -> Result<()> {
        match &mut self.0 {
            Pending::Whole(w) => w.append(bytes).map_err(|e| Error::Io { path: w.path.clone(), source: e }),
            Pending::Chunked(c) => c.write(bytes),
        }
    }

    /// A write error of this object, naming its temp.
    pub fn error(&self, source: std::io::Error) -> Error {
        let path = match &self.0 {
            Pending::Whole(w) => w.path.clone(),
            Pending::Chunked(c) => c.name().to_path_buf(),
        };
        Error::Io { path, source }
    }
}

impl WholeFile {
    fn append(&mut self, bytes: &[u8]) -> std::io::Result<()> {
        self.file.write_all(bytes)?;
        let after = self.len + bytes.len() as u64;
        for start in completed_stretches(self.len, after) {
            start_write_back(&self.file, start, WRITE_BACK);
        }
        self.len = after;
        Ok(())
    }
}

/// So `transfer::copy` can hash what it writes into a new object.
impl Write for PendingObject {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        match &mut self.0 {
            Pending::Whole(w) => w.append(bytes)?,
            Pending::Chunked(c) => c.write(bytes).map_err(std::io::Error::other)?,
        }
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        match &mut self.0 {
            Pending::Whole(w) => w.file.flush(),
            Pending::Chunked(_) => Ok(()),
        }
    }
}

const WRITE_BACK: u64 = 8 << 20;

/// The offsets of the whole 8 MiB stretches a file completed while growing from `before`
/// to `after` bytes.
fn completed_stretches(before: u64, after: u64) -> impl Iterator<Item = u64> {
    (before / WRITE_BACK..after / WRITE_BACK).map(|k| k * WRITE_BACK)
}

/// Starts writing a range of `file` to disk without waiting for it; only a hint (an error
/// would show again at the sync that follows).
#[cfg(target_os = "linux")]
fn start_write_back(file: &File, offset: u64, len: u64) {
    use std::os::fd::AsRawFd;
    // SAFETY: a request on an open descriptor; no memory of ours is touched.
    unsafe {
        libc::sync_file_range(file.as_raw_fd(), offset as i64, len as i64, libc::SYNC_FILE_RANGE_WRITE);
    }
}

#[cfg(not(target_os = "linux"))]
fn start_write_back(_file: &File, _offset: u64, _len: u64) {}

impl Drop for WholeFile {
    fn drop(&mut self) {
        // Committed objects were renamed away; anything left is a half-written temp.
        if !self.path.as_os_str().is_empty() {
            let _ = fs::remove_file(&self.path);
        }
    }
}

/// A finished temp file waiting for its batch to be settled under its SHA-256 name; for a
/// chunked file, its recipe (None when the vault holds it) and the new chunks it needs.
#[derive(Debug)]
pub struct Staged {
    /// None once stored under its name.
    pub(crate) path: Option<PathBuf>,
    pub(crate) sha256: Sha256,
    pub(crate) space: Space,
    /// A recipe's chunks not yet stored, settled before the recipe that names them.
    pub(crate) parts: Vec<Staged>,
}

impl Staged {
    /// Where a whole file's bytes are until the batch is settled (a chunked file has no
    /// one place).
    pub fn path(&self) -> Option<&Path> {
        match self.space {
            Space::Objects => self.path.as_deref(),
            _ => None,
        }
    }

    fn whole(path: PathBuf, sha256: Sha256, space: Space) -> Staged {
        Staged { path: Some(path), sha256, space, parts: Vec::new() }
    }

    fn unsettled(&self) -> bool {
        self.path.is_some() || self.parts.iter().any(|p| p.path.is_some())
    }
}

impl Drop for Staged {
    fn drop(&mut self) {
        // A batch that never settled (cancelled, failed) leaves no temp behind.
        if let Some(p) = &self.path {
            let _ = fs::remove_file(p);
        }
    }
}

impl Vault {
    /// A new vault in the folder `root`.
    pub fn create(root: &Path) -> Result<Vault> {
        local::LocalFolder::create(root)?;
        private::create_dir_all(&root.join("tmp"))?;
        Ok(Vault::at(root))
    }

    /// The vault in the folder `root`.
    pub fn at(root: &Path) -> Vault {
        Vault::over(Arc::new(local::LocalFolder::new(root)), VaultLocation::Local, root.join("tmp"))
    }

    fn over(store: Arc<dyn ObjectStore>, location: VaultLocation, tmp: PathBuf) -> Vault {
        Vault {
            chunks: store.in_space(Space::Chunks),
            packs: store.in_space(Space::Packs),
            recipes: store.in_space(Space::Recipes),
            index: Arc::default(),
            pending: Arc::default(),
            store,
            location,
            tmp,
        }
    }

    /// A new archive's vault at `location` (data directory `dir`). A bucket must answer and
    /// hold nothing under the prefix yet.
    pub(crate) fn create_in(dir: &Path, location: &VaultLocation) -> Result<Vault> {
        Vault::claim_in(dir, location, false)
    }

    /// The vault an interrupted move into `dir` began at `location`, with the objects it
    /// already holds (each stored whole, under its digest); a new one if it never began.
    pub(crate) fn resume_in(dir: &Path, location: &VaultLocation) -> Result<Vault> {
        Vault::claim_in(dir, location, true)
    }

    /// `create_in`, or with `resume` a prefix this data directory claimed before.
    fn claim_in(dir: &Path, location: &VaultLocation, resume: bool) -> Result<Vault> {
        match location {
            VaultLocation::Local => Vault::create(&dir.join("vault")),
            VaultLocation::S3(s3) => {
                let store = s3::S3Store::new(s3)?;
                if !(resume && store.claimed_by(dir)?) {
                    store.claim(dir)?;
                }
                Vault::in_bucket(dir, store, location)
            }
        }
    }

    /// An existing centre archive's vault, for a workstation joining it (data directory
    /// `dir`): the bucket must answer and its prefix hold an archive's vault.
    pub(crate) fn attach_in(dir: &Path, location: &VaultLocation) -> Result<Vault> {
        let VaultLocation::S3(s3) = location else { return Err(Error::AttachNeedsServers) };
        let store = s3::S3Store::new(s3)?;
        if !store.is_claimed()? {
            return Err(Error::AttachNoVault(s3.url()));
        }
        Vault::in_bucket(dir, store, location)
    }

    /// The vault in `store`, with its scratch folder in the data directory `dir`.
    fn in_bucket(dir: &Path, store: s3::S3Store, location: &VaultLocation) -> Result<Vault> {
        let tmp = dir.join("vault").join("tmp");
        private::create_dir_all(&tmp)?;
        Ok(Vault::over(Arc::new(store), location.clone(), tmp))
    }

    /// The vault of the archive in data directory `dir`, wherever its `vault.json` says it
    /// is. Nothing is asked of a remote store yet.
    pub(crate) fn of(dir: &Path) -> Result<Vault> {
        match VaultLocation::read(dir)? {
            VaultLocation::Local => Ok(Vault::at(&dir.join("vault"))),
            VaultLocation::S3(s3) => {
                Ok(Vault::over(Arc::new(s3::S3Store::new(&s3)?), VaultLocation::S3(s3), dir.join("vault").join("tmp")))
            }
        }
    }

    pub fn location(&self) -> &VaultLocation {
        &self.location
    }

    /// Every file's name, stored whole or as chunks.
    pub fn list(&self) -> Result<Vec<Sha256>> {
        let mut names = self.store.list()?;
        names.extend(self.recipes.list()?);
        Ok(names)
    }

    /// What the vault holds and how many bytes it takes (a listing of the whole store).
    pub fn usage(&self) -> Result<VaultUsage> {
        let index = self.chunk_index(true)?;
        let (loose, packs) = (self.chunks.usage()?, self.packs.usage()?);
        let (count, bytes) = index.packed();
        Ok(VaultUsage {
            whole: self.store.usage()?,
            chunks: SpaceUsage { count: count + loose.count, bytes: bytes + loose.bytes },
            chunk_objects: SpaceUsage { count: packs.count + loose.count, bytes: packs.bytes + loose.bytes },
            recipes: self.recipes.usage()?,
        })
    }

    fn pending(&self) -> std::sync::MutexGuard<'_, packs::Pending> {
        self.pending.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// The chunk index; `fresh` lists the store again (reading only tables not seen before),
    /// as every job that writes chunks does when it starts.
    pub(crate) fn chunk_index(&self, fresh: bool) -> Result<Arc<packs::Index>> {
        let mut cached = self.index.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Some(index) = cached.as_ref().filter(|_| !fresh) {
            return Ok(index.clone());
        }
        let index = Arc::new(packs::Index::load(self, cached.as_deref())?);
        *cached = Some(index.clone());
        Ok(index)
    }

    /// The damaged objects kept aside by repairs: where each is and its size.
    pub fn quarantined(&self) -> Result<Vec<(PathBuf, u64)>> {
        self.store.quarantined()
    }

    /// Damages an object on purpose, wherever the vault keeps it: for tests of what finds
    /// and repairs damage. Nothing outside tests calls it.
    #[doc(hidden)]
    pub fn tamper(&self, sha256: &Sha256, how: Tamper) -> Result<()> {
        tamper_in(&self.store, sha256, how)
    }

    /// Damages a chunk on purpose (as `tamper` does a whole object), for tests: in its
    /// pack, `Remove` takes it out of the pack and its table.
    #[doc(hidden)]
    pub fn tamper_chunk(&self, sha256: &Sha256, how: Tamper) -> Result<()> {
        let index = self.chunk_index(true)?;
        let Some(packs::Place::Packed { pack, offset, len }) = index.place(sha256) else {
            return tamper_in(&self.chunks, sha256, how);
        };
        let mut r = self.packs.open(&pack)?.ok_or_else(|| Error::VaultObject(pack.to_hex()))?;
        let mut bytes = Vec::new();
        r.read_to_end(&mut bytes).map_err(|e| r.error(e))?;
        let at = offset as usize;
        let bytes = match how {
            Tamper::Flip(i) => {
                bytes[at + i] ^= 0x01;
                bytes
            }
            Tamper::Replace(b) if b.len() as u64 == len => {
                bytes[at..at + b.len()].copy_from_slice(&b);
                bytes
            }
            Tamper::Replace(_) => return Err(Error::VaultObject(sha256.to_hex())),
            Tamper::Remove => packs::without(&bytes, index.table(&pack), sha256),
        };
        self.packs.overwrite(&pack, Some(&bytes))?;
        // A pack never changes under its name but here: the index as read is no longer true.
        *self.index.lock().unwrap_or_else(|poisoned| poisoned.into_inner()) = None;
        Ok(())
    }

    /// What is wrong with a chunked file (None when it is not stored as chunks).
    pub(crate) fn diagnose(&self, sha256: &Sha256) -> Result<Option<Diagnosis>> {
        chunked::diagnose(self, sha256)
    }

    /// The files whose recipes name any of `chunks`, by chunk.
    pub(crate) fn files_using(&self, chunks: &std::collections::HashSet<Sha256>) -> Result<std::collections::HashMap<Sha256, Vec<Sha256>>> {
        chunked::users_of(self, chunks)
    }

    /// Whether the vault holds the file, whole or as a recipe.
    pub fn contains(&self, sha256: &Sha256) -> Result<bool> {
        Ok(self.store.contains(sha256)? || self.recipes.contains(sha256)?)
    }

    /// A reader of a file's bytes (a chunked file's chunks one after the other); None when
    /// the vault does not hold it.
    pub fn open(&self, sha256: &Sha256) -> Result<Option<ObjectReader>> {
        if let Some(reader) = self.store.open(sha256)? {
            return Ok(Some(reader));
        }
        chunked::open(self, sha256)
    }

    /// The chunks a file is stored as; None when it is stored whole or not at all.
    pub fn chunks_of(&self, sha256: &Sha256) -> Result<Option<Vec<crate::chunks::Chunk>>> {
        match chunked::recipe(self, sha256)? {
            chunked::Held::Recipe(r, _) => Ok(Some(r.chunks)),
            chunked::Held::Damaged(name) => Err(Error::VaultObject(name.display().to_string())),
            chunked::Held::None => Ok(None),
        }
    }

    /// An object as a file on this machine, for a program that reads files (ClamAV, the
    /// PDF parser). The local folder hands out the object's own file, read-only; a chunked
    /// file is put together in a temp.
    pub fn local_file(&self, sha256: &Sha256) -> Result<LocalFile> {
        if self.recipes.contains(sha256)? && !self.store.contains(sha256)? {
            return chunked::local_file(self, sha256);
        }
        self.store.local_file(sha256, &self.tmp)
    }

    /// Makes sure an object of a sealed registration cannot be written (in case a
    /// permission was changed meanwhile); for a chunked file, its recipe and chunks.
    pub(crate) fn protect(&self, sha256: &Sha256) -> Result<()> {
        match chunked::recipe(self, sha256)? {
            chunked::Held::Recipe(r, _) => {
                self.recipes.protect(sha256)?;
                let index = self.chunk_index(true)?;
                let mut packs = std::collections::BTreeSet::new();
                for c in &r.chunks {
                    match index.place(&c.sha256) {
                        Some(packs::Place::Packed { pack, .. }) => {
                            packs.insert(pack);
                        }
                        Some(packs::Place::Loose) => self.chunks.protect(&c.sha256)?,
                        None => return Err(Error::VaultObject(c.sha256.to_hex())),
                    }
                }
                packs.iter().try_for_each(|p| self.packs.protect(p))
            }
            _ => self.store.protect(sha256),
        }
    }

    /// Removes an object no registration holds any more; `false` when it was not there.
    /// Only a discard or a disposal calls this, under the vault lock and after its rows
    /// are gone. A chunked file's chunks go with it unless another file's recipe names them.
    pub(crate) fn remove(&self, sha256: &Sha256) -> Result<bool> {
        if self.store.remove(sha256)? {
            return Ok(true);
        }
        chunked::remove(self, sha256)
    }

    /// Moves a damaged object out of the way to `quarantine/<folder>/<sha256 hex>` (kept, not
    /// deleted: it may be evidence), so a good copy can take its name; for a chunked file,
    /// each chunk that no longer matches its name (`chunk-<hex>`), or its recipe if that
    /// cannot be read. Returns where each went.
    pub fn quarantine(&self, sha256: &Sha256, folder: &str) -> Result<Vec<PathBuf>> {
        if self.store.contains(sha256)? {
            return Ok(vec![self.store.quarantine(sha256, folder)?]);
        }
        chunked::quarantine(self, sha256, folder)
    }

    /// A private temp area for one job; emptied when the job starts, so whatever a killed
    /// job left there is removed before anything else is written.
    pub fn scratch(&self, job: &str) -> Result<PathBuf> {
        let dir = self.tmp.join(job);
        if dir.exists() {
            fs::remove_dir_all(&dir).map_err(Error::io(&dir))?;
        }
        private::create_dir_all(&dir)?;
        Ok(dir)
    }

    pub fn begin(&self, scratch: &Path, name: &str) -> Result<PendingObject> {
        Ok(PendingObject(Pending::Whole(self.whole_file(scratch, name)?)))
    }

    /// `begin` for a file stored as chunks (`chunked::wanted` says which): its bytes are
    /// cut on a thread of their own as they come, and only chunks the vault lacks are kept.
    pub fn begin_chunked(&self, scratch: &Path, name: &str) -> Result<PendingObject> {
        Ok(PendingObject(Pending::Chunked(chunked::ChunkWriter::start(self.clone(), scratch, name))))
    }

    fn whole_file(&self, scratch: &Path, name: &str) -> Result<WholeFile> {
        let path = scratch.join(name);
        let mut options = OpenOptions::new();
        options.write(true).create_new(true);
        // Objects are read-only; created so, the handle still writes and no chmod follows.
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, private::OBJECT_MODE);
        let file = options.open(&path).map_err(Error::io(&path))?;
        Ok(WholeFile { file, path, len: 0 })
    }

    /// Writes `bytes` as a finished temp of `space` (a chunk, a recipe) for `settle`.
    fn stage_bytes(&self, scratch: &Path, name: &str, bytes: &[u8], sha256: Sha256, space: Space) -> Result<Staged> {
        let mut w = self.whole_file(scratch, name)?;
        w.file.write_all(bytes).map_err(Error::io(&w.path))?;
        self.store.finish(&w.file, &w.path)?;
        Ok(Staged::whole(std::mem::take(&mut w.path), sha256, space))
    }

    /// Finishes a temp file for `settle`. None when the vault already holds the object (the
    /// temp is removed). A chunked file is staged as its recipe and the chunks it needs
    /// that the vault lacks (a repair's stage brings back exactly the damaged ones).
    pub fn stage(&self, pending: PendingObject, sha256: &Sha256) -> Result<Option<Staged>> {
        match pending.0 {
            Pending::Whole(mut w) => {
                // Only a file as large as a chunked one can be held as a recipe: a small
                // file costs one lookup, as before chunking (a round trip each, in a bucket).
                let held = self.store.contains(sha256)? || (w.len >= CHUNKED_FROM && self.recipes.contains(sha256)?);
                if held {
                    return Ok(None);
                }
                w.file.flush().map_err(Error::io(&w.path))?;
                self.store.finish(&w.file, &w.path)?;
                let path = std::mem::take(&mut w.path); // the temp now belongs to the Staged
                Ok(Some(Staged::whole(path, *sha256, Space::Objects)))
            }
            Pending::Chunked(c) => {
                let (scratch, name) = (c.scratch().to_path_buf(), c.name_in_scratch().to_string());
                let (chunks, parts) = c.finish()?;
                if self.store.contains(sha256)? {
                    return Ok(None); // held whole: the new chunks' temps go on drop
                }
                let staged = if self.recipes.contains(sha256)? {
                    if parts.is_empty() {
                        return Ok(None);
                    }
                    Staged { path: None, sha256: *sha256, space: Space::Recipes, parts }
                } else {
                    let recipe = chunked::Recipe { chunks }.to_bytes();
                    let mut staged = self.stage_bytes(&scratch, &format!("{name}.recipe"), &recipe, *sha256, Space::Recipes)?;
                    staged.parts = parts;
                    staged
                };
                Ok(Some(staged))
            }
        }
    }

    /// Stores staged objects under their names. When this returns, the catalog may refer
    /// to every one of them. A batch that failed part-way can be settled again. Packs of
    /// chunks are stored before the recipes that name them, so a recipe never names a
    /// missing chunk.
    pub fn settle<'a>(&self, staged: impl IntoIterator<Item = &'a mut Staged>) -> Result<()> {
        let mut staged: Vec<&mut Staged> = staged.into_iter().filter(|s| s.unsettled()).collect();
        if staged.is_empty() {
            return Ok(());
        }
        {
            let (mut whole, mut chunks): (Vec<&mut Staged>, Vec<&mut Staged>) = (Vec::new(), Vec::new());
            for s in staged.iter_mut() {
                match s.space {
                    Space::Objects => whole.push(&mut **s),
                    // A pack written again on its own (`packs::rewrite`).
                    Space::Packs => chunks.push(&mut **s),
                    _ => chunks.extend(s.parts.iter_mut().filter(|p| p.path.is_some())),
                }
            }
            let packs: std::collections::HashSet<Sha256> = chunks.iter().map(|s| s.sha256).collect();
            for (store, batch) in [(&self.store, whole), (&self.packs, chunks)] {
                let mut batch: Vec<&mut Staged> = batch.into_iter().filter(|s| s.path.is_some()).collect();
                if !batch.is_empty() {
                    store.settle(&mut batch)?;
                }
            }
            self.pending().settled(&packs);
        }
        let mut recipes: Vec<&mut Staged> =
            staged.into_iter().filter(|s| s.space == Space::Recipes && s.path.is_some()).map(|s| &mut *s).collect();
        if !recipes.is_empty() {
            self.recipes.settle(&mut recipes)?;
        }
        Ok(())
    }

    /// Re-reads an object and computes both digests. A chunked file missing a chunk, or
    /// whose recipe cannot be read, gives the digests of what is there (so it differs).
    pub fn rehash(&self, sha256: &Sha256) -> Result<Option<(DualDigest, u64)>> {
        if !self.store.contains(sha256)? && self.recipes.contains(sha256)? {
            return chunked::rehash(self, sha256).map(Some);
        }
        let mut h = DualHasher::new();
        let mut n = 0u64;
        let read = self.stream(sha256, |chunk| {
            n += chunk.len() as u64;
            h.update(chunk);
            true
        })?;
        Ok(read.map(|_| (h.finish().0, n)))
    }

    /// Feeds an object's bytes to `each`, chunk by chunk, until the end or until `each`
    /// returns false. None when the object is missing; else whether it was read to the end.
    pub fn stream(&self, sha256: &Sha256, mut each: impl FnMut(&[u8]) -> bool) -> Result<Option<bool>> {
        let Some(mut f) = self.open(sha256)? else { return Ok(None) };
        let mut buf = vec![0u8; 1 << 20];
        loop {
            let k = f.read(&mut buf).map_err(|e| f.error(e))?;
            if k == 0 {
                return Ok(Some(true));
            }
            if !each(&buf[..k]) {
                return Ok(Some(false));
            }
        }
    }
}

fn tamper_in(store: &Arc<dyn ObjectStore>, sha256: &Sha256, how: Tamper) -> Result<()> {
    let bytes = match how {
        Tamper::Remove => None,
        Tamper::Replace(b) => Some(b),
        Tamper::Flip(at) => {
            let mut f = store.open(sha256)?.ok_or_else(|| Error::VaultObject(sha256.to_hex()))?;
            let mut b = Vec::new();
            f.read_to_end(&mut b).map_err(|e| f.error(e))?;
            b[at] ^= 0x01;
            Some(b)
        }
    };
    store.overwrite(sha256, bytes.as_deref())
}

/// An object being read.
pub struct ObjectReader {
    pub(crate) inner: Box<dyn Read + Send>,
    /// Where it is read from, for error messages.
    pub(crate) name: PathBuf,
}

impl ObjectReader {
    /// A read error of this object, naming it.
    pub fn error(&self, source: std::io::Error) -> Error {
        Error::Io { path: self.name.clone(), source }
    }
}

impl Read for ObjectReader {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        self.inner.read(buf)
    }
}

/// An object as a file on this machine (see `Vault::local_file`); a copy fetched from a
/// remote store is deleted when this is dropped.
#[derive(Debug)]
pub struct LocalFile {
    pub(crate) path: PathBuf,
    pub(crate) _fetched: Option<tempfile::TempPath>,
}

impl LocalFile {
    pub fn path(&self) -> &Path {
        &self.path
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn write_back_starts_for_every_whole_stretch_once() {
        let m = WRITE_BACK;
        let starts = |before, after| completed_stretches(before, after).collect::<Vec<_>>();
        assert_eq!(starts(0, m - 1), [0u64; 0]);
        assert_eq!(starts(m - 1, m), [0]);
        assert_eq!(starts(m, 3 * m + 5), [m, 2 * m]);
        assert_eq!(starts(3 * m + 5, 3 * m + 9), [0u64; 0]);
    }
    use crate::digest::sha256;

    fn staged(vault: &Vault, scratch: &Path, name: &str, bytes: &[u8]) -> Option<Staged> {
        let mut p = vault.begin(scratch, name).unwrap();
        p.write_all(bytes).unwrap();
        vault.stage(p, &sha256(bytes)).unwrap()
    }

    #[test]
    fn a_settled_batch_is_in_place_read_only_and_deduplicated() {
        let dir = tempfile::tempdir().unwrap();
        let vault = Vault::create(dir.path()).unwrap();
        let scratch = vault.scratch("t").unwrap();
        let mut batch: Vec<Staged> =
            [("a", &b"one"[..]), ("b", b"two"), ("c", b"one")].iter().filter_map(|(n, b)| staged(&vault, &scratch, n, b)).collect();
        assert_eq!(batch.len(), 3, "nothing settled yet, so nothing is deduplicated");
        assert!(!vault.contains(&sha256(b"one")).unwrap(), "no name before the batch settles");
        vault.settle(batch.iter_mut()).unwrap();
        vault.settle(batch.iter_mut()).unwrap(); // settling again changes nothing
        for b in [&b"one"[..], b"two"] {
            let path = local::LocalFolder::new(dir.path()).object_path(&sha256(b));
            assert_eq!(fs::read(&path).unwrap(), b);
            assert!(fs::metadata(&path).unwrap().permissions().readonly());
        }
        drop(batch);
        assert_eq!(fs::read_dir(&scratch).unwrap().count(), 0, "no temp is left behind");
        assert!(staged(&vault, &scratch, "d", b"two").is_none(), "an object the vault holds is not staged again");
        assert_eq!(fs::read_dir(&scratch).unwrap().count(), 0);
    }

    #[test]
    fn an_unsettled_batch_leaves_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let vault = Vault::create(dir.path()).unwrap();
        let scratch = vault.scratch("t").unwrap();
        let batch = staged(&vault, &scratch, "a", b"x");
        drop(batch);
        assert_eq!(fs::read_dir(&scratch).unwrap().count(), 0);
        assert!(!vault.contains(&sha256(b"x")).unwrap());
    }
}
