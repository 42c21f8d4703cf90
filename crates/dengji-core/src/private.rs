//! The data directory belongs to the account that runs the archive: on a shared PC no other
//! account may read an enterprise's patent files, a hospital's records or the catalog's
//! password hashes. Folders are 0700, the catalog and its backups 0600, vault objects 0400
//! (Unix modes; on Windows the data directory sits in the user's profile, private by its ACL).

use std::fs;
use std::path::Path;

use crate::error::{Error, Result};

/// The mode a vault object is written with: read-only, for its owner.
#[cfg(unix)]
pub(crate) const OBJECT_MODE: u32 = 0o400;

/// Marks a vault whose existing folders and objects were made owner-only (done once for an
/// archive from before this rule; new ones are made so from the start).
const VAULT_MARK: &str = "OWNER-ONLY";

/// `fs::create_dir_all`, each folder it makes 0700.
pub(crate) fn create_dir_all(dir: &Path) -> Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        fs::DirBuilder::new().recursive(true).mode(0o700).create(dir).map_err(Error::io(dir))
    }
    #[cfg(not(unix))]
    {
        fs::create_dir_all(dir).map_err(Error::io(dir))
    }
}

/// Makes a file the archive wrote (a catalog backup, an export into the data dir) 0600.
pub(crate) fn file(path: &Path) -> Result<()> {
    set_mode(path, 0o600)
}

/// Restricts a data directory to its owner: the directory, the catalog with its journal
/// files, `backups/` and `locks/` on every open (a handful of files), and the vault's
/// folders and objects once.
pub(crate) fn restrict(dir: &Path) -> Result<()> {
    set_mode(dir, 0o700)?;
    for name in ["catalog.sqlite", "catalog.sqlite-wal", "catalog.sqlite-shm", "catalog.sqlite-journal", "vault.json", "catalog.json"] {
        set_mode(&dir.join(name), 0o600)?;
    }
    for sub in ["backups", "locks"] {
        let d = dir.join(sub);
        set_mode(&d, 0o700)?;
        if let Ok(entries) = fs::read_dir(&d) {
            for entry in entries.flatten() {
                set_mode(&entry.path(), 0o600)?;
            }
        }
    }
    let vault = dir.join("vault");
    if vault.is_dir() && !vault.join(VAULT_MARK).exists() {
        for entry in walkdir::WalkDir::new(&vault) {
            let entry = entry.map_err(|e| Error::Io { path: vault.clone(), source: e.into() })?;
            set_mode(entry.path(), if entry.file_type().is_dir() { 0o700 } else { 0o400 })?;
        }
        let mark = vault.join(VAULT_MARK);
        fs::write(&mark, "vault folders 0700, objects 0400\n").map_err(Error::io(&mark))?;
        set_mode(&mark, 0o600)?;
    }
    Ok(())
}

/// Sets a Unix mode; a path that is not there is no error (a journal file comes and goes).
fn set_mode(path: &Path, mode: u32) -> Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        match fs::set_permissions(path, fs::Permissions::from_mode(mode)) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
            other => other.map_err(Error::io(path)),
        }
    }
    #[cfg(not(unix))]
    {
        let _ = (path, mode);
        Ok(())
    }
}
