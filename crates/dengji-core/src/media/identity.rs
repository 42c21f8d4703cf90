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

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn broken(path: &Path, e: std::io::Error) -> Error {
        Error::MediumIdentity { path: path.to_path_buf(), reason: e.to_string() }
    }

    proptest! {
        #![proptest_config(crate::prop::budget(64))]

        /// An identity file found on a drive is an identity or a clear error, never a panic.
        #[test]
        fn prop_any_identity_file_is_read_or_refused(
            content in prop_oneof![
                proptest::collection::vec(any::<u8>(), 0..400),
                "\\{\"format\": ?\"dengji-medium-v1\",( ?\"[a-z_]{1,9}\": ?(\"[^\"]{0,12}\"|[0-9]{1,3}|null|\\{\\}),?){0,8}\\}"
                    .prop_map(String::into_bytes),
            ],
        ) {
            let dir = tempfile::tempdir().unwrap();
            fs::write(dir.path().join(FILE), &content).unwrap();
            match read(dir.path()) {
                Ok(found) => prop_assert!(found.is_some()),
                Err(e) => {
                    let named = matches!(e, Error::MediumIdentity { .. });
                    prop_assert!(named, "{e:?}");
                }
            }
        }

        #[test]
        fn prop_identity_round_trips(
            label in ".{0,20}", set in ".{0,4}", kind in ".{0,8}", name in ".{0,20}", created in ".{0,30}",
        ) {
            let dir = tempfile::tempdir().unwrap();
            let archive = ArchiveRef { instance_id: "i".into(), name };
            let written = Identity::new("id".into(), &label, &set, &kind, archive, created);
            write(dir.path(), &written, broken).unwrap();
            let back = read(dir.path()).unwrap().unwrap();
            prop_assert_eq!(serde_json::to_value(&back).unwrap(), serde_json::to_value(&written).unwrap());
        }
    }
}
