//! The vault as a folder on this machine: `objects/<2 hex>/<62 hex>` named by SHA-256
//! (packs of chunks and recipes of chunked files alike under `packs/` and `recipes/`),
//! renamed into place from a temp file once its bytes are durable, read-only afterwards;
//! damaged objects moved to `quarantine/<folder>/`.

use std::collections::BTreeSet;
use std::fs::{self, File};
use std::path::{Path, PathBuf};

use std::sync::Arc;

use super::{LocalFile, ObjectReader, ObjectStore, Space, Staged};
use crate::digest::Sha256;
use crate::error::{Error, Result};
use crate::private;

/// Whether `settle` syncs the whole filesystem once per batch (Linux `syncfs`) rather
/// than each file as it is staged.
pub(crate) const BATCH_SYNC: bool = cfg!(target_os = "linux");

#[derive(Debug)]
pub(crate) struct LocalFolder {
    root: PathBuf,
    space: Space,
}

impl LocalFolder {
    /// Makes the folder's layout in a new vault.
    pub(crate) fn create(root: &Path) -> Result<()> {
        private::create_dir_all(&root.join("objects"))
    }

    pub(crate) fn new(root: &Path) -> LocalFolder {
        LocalFolder { root: root.to_path_buf(), space: Space::Objects }
    }

    /// fsyncs directories that received renamed objects (one sync per directory per batch).
    fn sync_dirs(&self, dirs: &BTreeSet<PathBuf>) -> Result<()> {
        for d in dirs.iter().chain(std::iter::once(&self.root.join(self.space.folder()))) {
            sync_dir(d)?;
        }
        Ok(())
    }
}

impl LocalFolder {
    pub(crate) fn object_path(&self, sha256: &Sha256) -> PathBuf {
        let hex = sha256.to_hex();
        self.root.join(self.space.folder()).join(&hex[..2]).join(&hex[2..])
    }
}

impl ObjectStore for LocalFolder {
    fn in_space(&self, space: Space) -> Arc<dyn ObjectStore> {
        Arc::new(LocalFolder { root: self.root.clone(), space })
    }

    fn list(&self) -> Result<Vec<Sha256>> {
        let objects = self.root.join(self.space.folder());
        if !objects.exists() {
            return Ok(Vec::new()); // chunks and recipes: made with their first object
        }
        let mut names = Vec::new();
        for entry in walkdir::WalkDir::new(&objects).min_depth(2).max_depth(2) {
            let entry = entry.map_err(|e| Error::Io { path: objects.clone(), source: e.into() })?;
            let (Some(dir), Some(file)) = (entry.path().parent().and_then(|d| d.file_name()), entry.path().file_name()) else {
                continue;
            };
            // Only names of objects: a stray file left by hand is not one.
            if let Ok(sha) = format!("{}{}", dir.to_string_lossy(), file.to_string_lossy()).parse() {
                names.push(sha);
            }
        }
        Ok(names)
    }

    fn list_sized(&self) -> Result<Vec<(Sha256, u64)>> {
        self.list()?
            .into_iter()
            .map(|sha| {
                let path = self.object_path(&sha);
                Ok((sha, fs::metadata(&path).map_err(Error::io(&path))?.len()))
            })
            .collect()
    }

    fn quarantined(&self) -> Result<Vec<(PathBuf, u64)>> {
        let dir = self.root.join("quarantine");
        let mut kept = Vec::new();
        if !dir.exists() {
            return Ok(kept);
        }
        for entry in walkdir::WalkDir::new(&dir).min_depth(2).max_depth(2) {
            let entry = entry.map_err(|e| Error::Io { path: dir.clone(), source: e.into() })?;
            let len = entry.metadata().map_err(|e| Error::Io { path: entry.path().to_path_buf(), source: e.into() })?.len();
            kept.push((entry.into_path(), len));
        }
        Ok(kept)
    }

    fn overwrite(&self, sha256: &Sha256, bytes: Option<&[u8]>) -> Result<()> {
        let path = self.object_path(sha256);
        match bytes {
            None => fs::remove_file(&path).map_err(Error::io(&path)),
            Some(bytes) => {
                let mut perms = fs::metadata(&path).map_err(Error::io(&path))?.permissions();
                #[allow(clippy::permissions_set_readonly_false)] // made read-only again below
                perms.set_readonly(false);
                fs::set_permissions(&path, perms).map_err(Error::io(&path))?;
                fs::write(&path, bytes).map_err(Error::io(&path))?;
                self.protect(sha256)
            }
        }
    }

    fn contains(&self, sha256: &Sha256) -> Result<bool> {
        Ok(self.object_path(sha256).is_file())
    }

    fn open(&self, sha256: &Sha256) -> Result<Option<ObjectReader>> {
        let path = self.object_path(sha256);
        match File::open(&path) {
            Ok(f) => Ok(Some(ObjectReader { inner: Box::new(f), name: path })),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(Error::Io { path, source: e }),
        }
    }

    fn read_range(&self, sha256: &Sha256, offset: u64, len: u64) -> Result<Option<Vec<u8>>> {
        use std::io::{Read, Seek, SeekFrom};
        let path = self.object_path(sha256);
        let mut f = match File::open(&path) {
            Ok(f) => f,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(Error::Io { path, source: e }),
        };
        let mut bytes = Vec::with_capacity(len as usize);
        f.seek(SeekFrom::Start(offset)).and_then(|_| f.take(len).read_to_end(&mut bytes)).map_err(Error::io(&path))?;
        Ok(Some(bytes))
    }

    /// The object's own file: nothing to fetch.
    fn local_file(&self, sha256: &Sha256, _scratch: &Path) -> Result<LocalFile> {
        let path = self.object_path(sha256);
        if path.is_file() {
            Ok(LocalFile { path, _fetched: None })
        } else {
            Err(Error::VaultObject(sha256.to_hex()))
        }
    }

    /// Without a filesystem-wide sync at `settle` the file is fsynced here.
    fn finish(&self, file: &File, path: &Path) -> Result<()> {
        if !BATCH_SYNC {
            file.sync_data().map_err(Error::io(path))?;
        }
        #[cfg(not(unix))]
        {
            let mut perms = file.metadata().map_err(Error::io(path))?.permissions();
            perms.set_readonly(true);
            file.set_permissions(perms).map_err(Error::io(path))?;
        }
        Ok(())
    }

    /// Their bytes synced (one `syncfs`), then renamed into place read-only, then the
    /// names synced.
    fn settle(&self, staged: &mut [&mut Staged]) -> Result<()> {
        if BATCH_SYNC {
            sync_fs(&self.root)?;
        }
        let mut dirs = BTreeSet::new();
        for s in staged.iter_mut() {
            let Some(tmp) = s.path.as_deref() else { continue };
            let dest = self.object_path(&s.sha256);
            let dir = dest.parent().expect("object path has a parent").to_path_buf();
            // Renaming over an object the batch already placed swaps in the same bytes,
            // durable too; the directory is made only the first time it is missing.
            match fs::rename(tmp, &dest) {
                Ok(()) => {}
                // Already placed (Windows will not replace a read-only file): the temp goes on drop.
                Err(_) if dest.is_file() => continue,
                Err(e) if e.kind() == std::io::ErrorKind::NotFound && tmp.exists() => {
                    private::create_dir_all(&dir)?;
                    fs::rename(tmp, &dest).map_err(Error::io(&dest))?;
                }
                Err(e) => return Err(Error::Io { path: dest, source: e }),
            }
            s.path = None;
            dirs.insert(dir);
        }
        if BATCH_SYNC {
            sync_fs(&self.root)
        } else {
            self.sync_dirs(&dirs)
        }
    }

    fn protect(&self, sha256: &Sha256) -> Result<()> {
        let path = self.object_path(sha256);
        let meta = fs::metadata(&path).map_err(Error::io(&path))?;
        if !meta.permissions().readonly() {
            let mut p = meta.permissions();
            p.set_readonly(true);
            fs::set_permissions(&path, p).map_err(Error::io(&path))?;
        }
        Ok(())
    }

    fn remove(&self, sha256: &Sha256) -> Result<bool> {
        let path = self.object_path(sha256);
        match fs::remove_file(&path) {
            Ok(()) => Ok(true),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(false),
            Err(e) => Err(Error::io(&path)(e)),
        }
    }

    fn quarantine(&self, sha256: &Sha256, folder: &str) -> Result<PathBuf> {
        let dir = self.root.join("quarantine").join(folder);
        private::create_dir_all(&dir)?;
        let to = dir.join(self.space.quarantine_name(sha256));
        let from = self.object_path(sha256);
        fs::rename(&from, &to).map_err(Error::io(&from))?;
        sync_dir(&dir)?;
        sync_dir(from.parent().expect("object path has a parent"))?;
        Ok(to)
    }
}

/// Writes out every dirty page and inode of the filesystem holding `path`, and waits.
#[cfg(target_os = "linux")]
pub(crate) fn sync_fs(path: &Path) -> Result<()> {
    use std::os::fd::AsRawFd;
    let f = File::open(path).map_err(Error::io(path))?;
    // SAFETY: syncfs only reads the descriptor, which `f` keeps open for the call.
    if unsafe { libc::syncfs(f.as_raw_fd()) } != 0 {
        return Err(Error::Io { path: path.to_path_buf(), source: std::io::Error::last_os_error() });
    }
    Ok(())
}

#[cfg(not(target_os = "linux"))]
pub(crate) fn sync_fs(_path: &Path) -> Result<()> {
    Ok(())
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
