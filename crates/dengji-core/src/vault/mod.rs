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

mod local;
mod location;
mod s3;

use std::fs::{self, File, OpenOptions};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::digest::{DualDigest, DualHasher, Sha256};
use crate::error::{Error, Result};
use crate::private;

pub(crate) use local::{sync_dir, sync_fs, BATCH_SYNC};
pub(crate) use location::VAULT_FILE;
pub use location::{S3Location, VaultLocation};

/// Where vault objects are kept. Every method names an object by its SHA-256; none hands
/// out where it is stored, so a bucket can stand where a folder does.
pub(crate) trait ObjectStore: Send + Sync + std::fmt::Debug {
    /// Whether the store holds the object (an error when the store cannot be asked).
    fn contains(&self, sha256: &Sha256) -> Result<bool>;
    /// A reader of the object; None when it is not there.
    fn open(&self, sha256: &Sha256) -> Result<Option<ObjectReader>>;
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
    /// What `quarantine` has kept: where (as it named it) and how many bytes.
    fn quarantined(&self) -> Result<Vec<(PathBuf, u64)>>;
    /// Replaces an object's bytes (None: deletes it) behind the vault's back, as damage
    /// does. Only `Vault::tamper` calls it, for tests.
    fn overwrite(&self, sha256: &Sha256, bytes: Option<&[u8]>) -> Result<()>;
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
    location: VaultLocation,
    /// Per-job temp areas, on this machine whatever the store.
    tmp: PathBuf,
}

/// A vault object being written: bytes go to a temp file until `commit`.
pub struct PendingObject {
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
        self.append(bytes).map_err(|e| self.error(e))
    }

    fn append(&mut self, bytes: &[u8]) -> std::io::Result<()> {
        self.file.write_all(bytes)?;
        let after = self.len + bytes.len() as u64;
        for start in completed_stretches(self.len, after) {
            start_write_back(&self.file, start, WRITE_BACK);
        }
        self.len = after;
        Ok(())
    }

    /// A write error of this temp file, naming it.
    pub fn error(&self, source: std::io::Error) -> Error {
        Error::Io { path: self.path.clone(), source }
    }
}

/// So `transfer::copy` can hash what it writes into a new object.
impl Write for PendingObject {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.append(bytes)?;
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.file.flush()
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

impl Drop for PendingObject {
    fn drop(&mut self) {
        // Committed objects were renamed away; anything left is a half-written temp.
        if !self.path.as_os_str().is_empty() {
            let _ = fs::remove_file(&self.path);
        }
    }
}

/// A finished temp file waiting for its batch to be settled under its SHA-256 name.
#[derive(Debug)]
pub struct Staged {
    /// None once stored under its name.
    pub(crate) path: Option<PathBuf>,
    pub(crate) sha256: Sha256,
}

impl Staged {
    /// Where the bytes are until the batch is settled.
    pub fn path(&self) -> &Path {
        self.path.as_deref().expect("not yet settled")
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
        Vault { store: Arc::new(local::LocalFolder::new(root)), location: VaultLocation::Local, tmp: root.join("tmp") }
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
        Ok(Vault { store: Arc::new(store), location: location.clone(), tmp })
    }

    /// The vault of the archive in data directory `dir`, wherever its `vault.json` says it
    /// is. Nothing is asked of a remote store yet.
    pub(crate) fn of(dir: &Path) -> Result<Vault> {
        match VaultLocation::read(dir)? {
            VaultLocation::Local => Ok(Vault::at(&dir.join("vault"))),
            VaultLocation::S3(s3) => {
                Ok(Vault { store: Arc::new(s3::S3Store::new(&s3)?), tmp: dir.join("vault").join("tmp"), location: VaultLocation::S3(s3) })
            }
        }
    }

    pub fn location(&self) -> &VaultLocation {
        &self.location
    }

    /// Every object's name.
    pub fn list(&self) -> Result<Vec<Sha256>> {
        self.store.list()
    }

    /// The damaged objects kept aside by repairs: where each is and its size.
    pub fn quarantined(&self) -> Result<Vec<(PathBuf, u64)>> {
        self.store.quarantined()
    }

    /// Damages an object on purpose, wherever the vault keeps it: for tests of what finds
    /// and repairs damage. Nothing outside tests calls it.
    #[doc(hidden)]
    pub fn tamper(&self, sha256: &Sha256, how: Tamper) -> Result<()> {
        let bytes = match how {
            Tamper::Remove => None,
            Tamper::Replace(b) => Some(b),
            Tamper::Flip(at) => {
                let mut f = self.open(sha256)?.ok_or_else(|| Error::VaultObject(sha256.to_hex()))?;
                let mut b = Vec::new();
                f.read_to_end(&mut b).map_err(|e| f.error(e))?;
                b[at] ^= 0x01;
                Some(b)
            }
        };
        self.store.overwrite(sha256, bytes.as_deref())
    }

    pub fn contains(&self, sha256: &Sha256) -> Result<bool> {
        self.store.contains(sha256)
    }

    /// A reader of an object's bytes; None when the vault does not hold it.
    pub fn open(&self, sha256: &Sha256) -> Result<Option<ObjectReader>> {
        self.store.open(sha256)
    }

    /// An object as a file on this machine, for a program that reads files (ClamAV, the
    /// PDF parser). The local folder hands out the object's own file, read-only.
    pub fn local_file(&self, sha256: &Sha256) -> Result<LocalFile> {
        self.store.local_file(sha256, &self.tmp)
    }

    /// Makes sure an object of a sealed registration cannot be written (in case a
    /// permission was changed meanwhile).
    pub(crate) fn protect(&self, sha256: &Sha256) -> Result<()> {
        self.store.protect(sha256)
    }

    /// Removes an object no registration holds any more; `false` when it was not there.
    /// Only a discard or a disposal calls this, under the vault lock and after its rows
    /// are gone.
    pub(crate) fn remove(&self, sha256: &Sha256) -> Result<bool> {
        self.store.remove(sha256)
    }

    /// Moves a damaged object out of the way to `quarantine/<folder>/<sha256 hex>` (kept, not
    /// deleted: it may be evidence), so a good copy can take its name.
    pub fn quarantine(&self, sha256: &Sha256, folder: &str) -> Result<PathBuf> {
        self.store.quarantine(sha256, folder)
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
        let path = scratch.join(name);
        let mut options = OpenOptions::new();
        options.write(true).create_new(true);
        // Objects are read-only; created so, the handle still writes and no chmod follows.
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, private::OBJECT_MODE);
        let file = options.open(&path).map_err(Error::io(&path))?;
        Ok(PendingObject { file, path, len: 0 })
    }

    /// Finishes a temp file for `settle`. None when the vault already holds the object (the
    /// temp is removed).
    pub fn stage(&self, mut pending: PendingObject, sha256: &Sha256) -> Result<Option<Staged>> {
        if self.contains(sha256)? {
            return Ok(None);
        }
        pending.file.flush().map_err(Error::io(&pending.path))?;
        self.store.finish(&pending.file, &pending.path)?;
        let path = std::mem::take(&mut pending.path); // the temp now belongs to the Staged
        Ok(Some(Staged { path: Some(path), sha256: *sha256 }))
    }

    /// Stores staged objects under their names. When this returns, the catalog may refer
    /// to every one of them. A batch that failed part-way can be settled again.
    pub fn settle<'a>(&self, staged: impl IntoIterator<Item = &'a mut Staged>) -> Result<()> {
        let mut staged: Vec<&mut Staged> = staged.into_iter().filter(|s| s.path.is_some()).collect();
        if staged.is_empty() {
            return Ok(());
        }
        self.store.settle(&mut staged)
    }

    /// Re-reads an object and computes both digests.
    pub fn rehash(&self, sha256: &Sha256) -> Result<Option<(DualDigest, u64)>> {
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

/// An object being read.
pub struct ObjectReader {
    inner: Box<dyn Read + Send>,
    /// Where it is read from, for error messages.
    name: PathBuf,
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
    path: PathBuf,
    _fetched: Option<tempfile::TempPath>,
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
