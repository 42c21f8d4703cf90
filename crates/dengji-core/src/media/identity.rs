//! The medium identity file `DENGJI-MEDIUM.json` at the root of every backup medium:
//! which medium this is and which archive it belongs to, readable without the program.

use std::fs::{self, File};
use std::io::Write;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::vault::sync_dir;

pub const FILE: &str = "DENGJI-MEDIUM.json";
const FORMAT: &str = "dengji-medium-v1";

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ArchiveRef {
    pub instance_id: String,
    pub name: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Identity {
    pub format: String,
    pub id: String,
    pub label: String,
    pub set: String,
    pub kind: String,
    pub archive: ArchiveRef,
    pub created: String,
}

impl Identity {
    pub fn new(id: String, label: &str, set: &str, kind: &str, archive: ArchiveRef, created: String) -> Identity {
        Identity { format: FORMAT.into(), id, label: label.into(), set: set.into(), kind: kind.into(), archive, created }
    }
}

/// The identity file at `root`, if there is one.
pub fn read(root: &Path) -> Result<Option<Identity>> {
    let path = root.join(FILE);
    let text = match fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(Error::MediumIdentity { path: root.to_path_buf(), reason: e.to_string() }),
    };
    serde_json::from_str(&text).map(Some).map_err(|e| Error::MediumIdentity { path: root.to_path_buf(), reason: e.to_string() })
}

/// Writes the identity file durably (temp file, fsync, rename, directory fsync).
pub fn write(root: &Path, identity: &Identity, fail: impl Fn(&Path, std::io::Error) -> Error) -> Result<()> {
    let tmp = root.join(format!(".{FILE}.partial"));
    let dest = root.join(FILE);
    let text = serde_json::to_string_pretty(identity).expect("identity serialises") + "\n";
    (|| {
        let mut f = File::create(&tmp)?;
        f.write_all(text.as_bytes())?;
        f.sync_all()?;
        fs::rename(&tmp, &dest)
    })()
    .map_err(|e| fail(&dest, e))?;
    sync_dir(root)
}
