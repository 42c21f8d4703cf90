//! The content-addressed vault: `objects/<2 hex>/<62 hex>` named by SHA-256, written
//! once through a temp file (fsync, then rename), read-only afterwards, deduplicated.
//! This is the one place that touches object storage, so another backend (an S3
//! bucket) can later stand here without the domain logic changing.

use std::collections::BTreeSet;
use std::fs::{self, File, OpenOptions};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use crate::digest::{DualDigest, DualHasher, Sha256};
use crate::error::{Error, Result};

#[derive(Debug, Clone)]
pub struct Vault {
    root: PathBuf,
}

/// A vault object being written: bytes go to a temp file until `commit`.
pub struct PendingObject {
    file: File,
    path: PathBuf,
}

impl PendingObject {
    pub fn write_all(&mut self, bytes: &[u8]) -> Result<()> {
        self.file.write_all(bytes).map_err(Error::io(&self.path))
    }
}

impl Drop for PendingObject {
    fn drop(&mut self) {
        // Committed objects were renamed away; anything left is a half-written temp.
        let _ = fs::remove_file(&self.path);
    }
}

impl Vault {
    pub fn create(root: &Path) -> Result<Vault> {
        fs::create_dir_all(root.join("objects")).map_err(Error::io(root))?;
        fs::create_dir_all(root.join("tmp")).map_err(Error::io(root))?;
        Ok(Vault { root: root.to_path_buf() })
    }

    pub fn open(root: &Path) -> Vault {
        Vault { root: root.to_path_buf() }
    }

    pub fn object_path(&self, sha256: &Sha256) -> PathBuf {
        let hex = sha256.to_hex();
        self.root.join("objects").join(&hex[..2]).join(&hex[2..])
    }

    pub fn contains(&self, sha256: &Sha256) -> bool {
        self.object_path(sha256).is_file()
    }

    /// Moves a damaged object out of the way to `quarantine/<folder>/<sha256 hex>` (kept, not
    /// deleted: it may be evidence), so a good copy can take its name.
    pub fn quarantine(&self, sha256: &Sha256, folder: &str) -> Result<PathBuf> {
        let dir = self.root.join("quarantine").join(folder);
        fs::create_dir_all(&dir).map_err(Error::io(&dir))?;
        let to = dir.join(sha256.to_hex());
        let from = self.object_path(sha256);
        fs::rename(&from, &to).map_err(Error::io(&from))?;
        sync_dir(&dir)?;
        sync_dir(from.parent().expect("object path has a parent"))?;
        Ok(to)
    }

    /// A private temp area for one job; emptied when the job starts, so whatever a killed
    /// job left there is removed before anything else is written.
    pub fn scratch(&self, job: &str) -> Result<PathBuf> {
        let dir = self.root.join("tmp").join(job);
        if dir.exists() {
            fs::remove_dir_all(&dir).map_err(Error::io(&dir))?;
        }
        fs::create_dir_all(&dir).map_err(Error::io(&dir))?;
        Ok(dir)
    }

    pub fn begin(&self, scratch: &Path, name: &str) -> Result<PendingObject> {
        let path = scratch.join(name);
        let file = OpenOptions::new().write(true).create_new(true).open(&path).map_err(Error::io(&path))?;
        Ok(PendingObject { file, path })
    }

    /// Makes the object durable under its SHA-256 name. Returns the directory that needs an
    /// fsync before the catalog may refer to the object (batched by the caller).
    pub fn commit(&self, mut pending: PendingObject, sha256: &Sha256) -> Result<Option<PathBuf>> {
        let dest = self.object_path(sha256);
        if dest.is_file() {
            return Ok(None); // deduplicated; the temp is removed on drop
        }
        pending.file.flush().map_err(Error::io(&pending.path))?;
        pending.file.sync_data().map_err(Error::io(&pending.path))?;
        let dir = dest.parent().expect("object path has a parent").to_path_buf();
        fs::create_dir_all(&dir).map_err(Error::io(&dir))?;
        let mut perms = pending.file.metadata().map_err(Error::io(&pending.path))?.permissions();
        perms.set_readonly(true);
        fs::set_permissions(&pending.path, perms).map_err(Error::io(&pending.path))?;
        fs::rename(&pending.path, &dest).map_err(Error::io(&dest))?;
        Ok(Some(dir))
    }

    /// fsyncs directories that received renamed objects (one sync per directory per batch).
    pub fn sync_dirs(&self, dirs: &BTreeSet<PathBuf>) -> Result<()> {
        for d in dirs.iter().chain(std::iter::once(&self.root.join("objects"))) {
            sync_dir(d)?;
        }
        Ok(())
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
        let path = self.object_path(sha256);
        let mut f = match File::open(&path) {
            Ok(f) => f,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(Error::Io { path, source: e }),
        };
        let mut buf = vec![0u8; 1 << 20];
        loop {
            let k = f.read(&mut buf).map_err(Error::io(&path))?;
            if k == 0 {
                return Ok(Some(true));
            }
            if !each(&buf[..k]) {
                return Ok(Some(false));
            }
        }
    }
}

#[cfg(unix)]
pub(crate) fn sync_dir(dir: &Path) -> Result<()> {
    File::open(dir).and_then(|f| f.sync_all()).map_err(Error::io(dir))
}

#[cfg(not(unix))]
pub(crate) fn sync_dir(_dir: &Path) -> Result<()> {
    // Windows cannot open a directory for fsync; NTFS journals the rename itself.
    Ok(())
}
