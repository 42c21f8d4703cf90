//! A series on a medium as one OCFL 1.1 object (https://ocfl.io/1.1/spec/): each version of
//! the series written there is an OCFL version whose logical state is that registration's
//! BagIt bag (bagit.txt, bag-info.txt, the SHA-256 and SM3 manifests, the tag manifest,
//! `data/…` under its names on the medium), and whose content holds only the files no
//! earlier version of the object has (forward deltas). So `ocfl-validate.py` checks the
//! object, and a version extracted from it is a bag that `bagit.py` and the SM3 manifest
//! check.
//!
//! ```text
//! series/<series id>/0=ocfl_object_1.1
//! series/<series id>/inventory.json(.sha256)       the head version's inventory, SHA-256
//! series/<series id>/vN/inventory.json(.sha256)    the inventory as of version N
//! series/<series id>/vN/content/…                  what version N brought
//! series/<series id>.sha256                        every file of the object, for `sha256sum -c`
//! ```
//!
//! Everything here is a pure function of the versions (`Object`), so backup, verify and
//! repair regenerate the same bytes from the catalog; readers that only want a file
//! (restore, recover) find it through the inventory on the medium (`locate`).

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::digest::{sha256, Sha256};
use crate::error::{Error, Result};
use crate::registrations::Item;

/// The object's conformance declaration (namaste file) and its text.
pub(crate) const NAMASTE: &str = "0=ocfl_object_1.1";
const NAMASTE_TEXT: &str = "ocfl_object_1.1\n";
pub(crate) const INVENTORY: &str = "inventory.json";
pub(crate) const SIDECAR: &str = "inventory.json.sha256";
/// The folder of the medium that holds the objects.
pub(crate) const DIR: &str = "series";

/// Where a file's bytes come from.
#[derive(Debug, Clone)]
pub(crate) enum Source {
    /// Text the catalog regenerates (tag files, inventories).
    Bytes(Vec<u8>),
    /// A registered file, from the vault.
    Item(Box<Item>),
    /// bag-info.txt as written when the catalog can no longer regenerate it (the archive's
    /// name changed since): known by its recorded digest only.
    Recorded,
}

/// One file of a version's logical state.
#[derive(Debug, Clone)]
pub(crate) struct LogicalFile {
    pub path: String,
    pub sha256: Sha256,
    pub source: Source,
}

/// One version of the object.
#[derive(Debug, Clone)]
pub(crate) struct Version {
    /// RFC 3339, as the catalog recorded the write.
    pub created: String,
    pub message: String,
    pub user: String,
    /// Sorted by path.
    pub files: Vec<LogicalFile>,
}

/// A series' object on one medium: its versions in order.
#[derive(Debug, Clone)]
pub(crate) struct Object {
    pub id: String,
    pub versions: Vec<Version>,
}

/// One file of the object, by its path relative to the object root.
pub(crate) struct Placed<'a> {
    pub rel: String,
    pub sha256: Sha256,
    pub source: SourceRef<'a>,
}

pub(crate) enum SourceRef<'a> {
    Bytes(Cow<'a, [u8]>),
    Item(&'a Item),
    Recorded,
}

/// The folder of series `id`'s object under the medium root.
pub(crate) fn object_dir(root: &Path, id: i64) -> PathBuf {
    root.join(DIR).join(id.to_string())
}

/// The `sha256sum -c` list beside the object.
pub(crate) fn checklist_name(id: i64) -> String {
    format!("{id}.sha256")
}

impl Object {
    /// The content path of each digest among versions `..upto`: the first version that had
    /// it, at the first logical path it had there.
    fn manifest(&self, upto: usize) -> BTreeMap<Sha256, (usize, &LogicalFile)> {
        let mut out = BTreeMap::new();
        for (v, version) in self.versions[..upto].iter().enumerate() {
            for f in &version.files {
                out.entry(f.sha256).or_insert((v, f));
            }
        }
        out
    }

    /// The inventory as of version `upto` (1-based), its bytes as written.
    pub(crate) fn inventory(&self, upto: usize) -> Vec<u8> {
        let manifest: serde_json::Map<String, serde_json::Value> =
            self.manifest(upto).into_iter().map(|(d, (v, f))| (d.to_hex(), serde_json::json!([content_path(v, &f.path)]))).collect();
        let versions: serde_json::Map<String, serde_json::Value> = self.versions[..upto]
            .iter()
            .enumerate()
            .map(|(v, version)| {
                let mut state: BTreeMap<String, Vec<&str>> = BTreeMap::new();
                for f in &version.files {
                    state.entry(f.sha256.to_hex()).or_default().push(&f.path);
                }
                let value = serde_json::json!({
                    "created": version.created,
                    "message": version.message,
                    "state": state,
                    "user": {"name": version.user},
                });
                (format!("v{}", v + 1), value)
            })
            .collect();
        let inventory = serde_json::json!({
            "contentDirectory": "content",
            "digestAlgorithm": "sha256",
            "head": format!("v{upto}"),
            "id": self.id,
            "manifest": manifest,
            "type": "https://ocfl.io/1.1/spec/#inventory",
            "versions": versions,
        });
        let mut bytes = serde_json::to_vec_pretty(&inventory).expect("an inventory serialises");
        bytes.push(b'\n');
        bytes
    }

    /// Every file of the object root, in writing order: the declaration, each version's
    /// content and inventory, the head inventory last.
    pub(crate) fn files(&self) -> Vec<Placed<'_>> {
        let mut out = vec![bytes_file(NAMASTE.into(), NAMASTE_TEXT.as_bytes().to_vec())];
        for v in 1..=self.versions.len() {
            out.extend(self.version_files(v));
        }
        out.extend(self.head_files());
        out
    }

    /// The files of version `v` (1-based): its new content, then its inventory and sidecar.
    pub(crate) fn version_files(&self, v: usize) -> Vec<Placed<'_>> {
        let mut out: Vec<Placed<'_>> = self
            .manifest(v)
            .into_values()
            .filter(|(first, _)| *first == v - 1)
            .map(|(_, f)| Placed {
                rel: content_path(v - 1, &f.path),
                sha256: f.sha256,
                source: match &f.source {
                    Source::Bytes(b) => SourceRef::Bytes(Cow::Borrowed(b)),
                    Source::Item(i) => SourceRef::Item(i.as_ref()),
                    Source::Recorded => SourceRef::Recorded,
                },
            })
            .collect();
        out.sort_by(|a, b| a.rel.cmp(&b.rel));
        let inventory = self.inventory(v);
        let side = sidecar(&inventory);
        out.push(bytes_file(format!("v{v}/{INVENTORY}"), inventory));
        out.push(bytes_file(format!("v{v}/{SIDECAR}"), side));
        out
    }

    /// The head inventory and its sidecar (written last: they make a version part of the object).
    pub(crate) fn head_files(&self) -> Vec<Placed<'_>> {
        let inventory = self.inventory(self.versions.len());
        let side = sidecar(&inventory);
        vec![bytes_file(INVENTORY.into(), inventory), bytes_file(SIDECAR.into(), side)]
    }

    /// `sha256sum -c` lines for every file of the object, paths from the `series/` folder.
    pub(crate) fn checklist(&self, id: i64) -> Vec<u8> {
        let mut lines: Vec<(String, Sha256)> = self.files().into_iter().map(|p| (format!("{id}/{}", p.rel), p.sha256)).collect();
        lines.sort();
        lines.into_iter().map(|(p, d)| format!("{d}  {p}\n")).collect::<String>().into_bytes()
    }
}

fn bytes_file<'a>(rel: String, bytes: Vec<u8>) -> Placed<'a> {
    let sha256 = sha256(&bytes);
    Placed { rel, sha256, source: SourceRef::Bytes(Cow::Owned(bytes)) }
}

fn content_path(v: usize, logical: &str) -> String {
    format!("v{}/content/{logical}", v + 1)
}

/// `<digest>  inventory.json`, as `sha256sum` writes it (and OCFL's sidecar reads).
fn sidecar(inventory: &[u8]) -> Vec<u8> {
    format!("{}  {INVENTORY}\n", sha256(inventory)).into_bytes()
}

/// An object's manifest as the medium's head inventory has it: digest → content path.
pub(crate) struct Found {
    dir: PathBuf,
    manifest: BTreeMap<String, String>,
}

impl Found {
    /// Reads the inventory of the object in `dir`; none when there is no object there.
    pub(crate) fn read(dir: &Path) -> Result<Option<Found>> {
        let path = dir.join(INVENTORY);
        let bytes = match std::fs::read(&path) {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(Error::Io { path, source: e }),
        };
        let bad = |why: String| Error::Integrity(format!("{} 无法读取：{why}", path.display()));
        let value: serde_json::Value = serde_json::from_slice(&bytes).map_err(|e| bad(e.to_string()))?;
        let Some(entries) = value.get("manifest").and_then(|m| m.as_object()) else {
            return Err(bad("没有 manifest".into()));
        };
        let manifest = entries
            .iter()
            .filter_map(|(d, paths)| Some((d.to_ascii_lowercase(), paths.as_array()?.first()?.as_str()?.to_string())))
            .collect();
        Ok(Some(Found { dir: dir.to_path_buf(), manifest }))
    }

    /// Where the content with SHA-256 `digest` is, if the object holds it.
    pub(crate) fn path_of(&self, digest: &Sha256) -> Result<Option<PathBuf>> {
        match self.manifest.get(&digest.to_hex()) {
            None => Ok(None),
            Some(rel) => crate::restore::safe_destination(&self.dir, rel.as_bytes()).map(Some),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(path: &str, body: &str) -> LogicalFile {
        LogicalFile { path: path.into(), sha256: sha256(body.as_bytes()), source: Source::Bytes(body.as_bytes().to_vec()) }
    }

    fn version(files: Vec<LogicalFile>) -> Version {
        Version { created: "2026-12-07T10:00:00Z".into(), message: "m".into(), user: "clerk".into(), files }
    }

    #[test]
    fn later_versions_hold_only_new_content() {
        let object = Object {
            id: "urn:x".into(),
            versions: vec![
                version(vec![text("bagit.txt", "b"), text("data/a", "1"), text("data/b", "2")]),
                version(vec![text("bagit.txt", "b"), text("data/a", "1"), text("data/b", "3"), text("data/c", "2")]),
            ],
        };
        let v2: Vec<String> = object.version_files(2).into_iter().map(|p| p.rel).collect();
        assert_eq!(v2, ["v2/content/data/b", "v2/inventory.json", "v2/inventory.json.sha256"]);
        let inv: serde_json::Value = serde_json::from_slice(&object.inventory(2)).unwrap();
        assert_eq!(inv["head"], "v2");
        // A file moved to a new path in v2 is the v1 content under a new logical path.
        assert_eq!(inv["manifest"][sha256(b"2").to_hex()], serde_json::json!(["v1/content/data/b"]));
        assert_eq!(inv["versions"]["v2"]["state"][sha256(b"2").to_hex()], serde_json::json!(["data/c"]));
        // The same input gives the same bytes (verify compares them).
        assert_eq!(object.inventory(2), object.clone().inventory(2));
        let files: Vec<String> = object.files().into_iter().map(|p| p.rel).collect();
        assert_eq!(files.first().map(String::as_str), Some(NAMASTE));
        assert_eq!(&files[files.len() - 2..], [INVENTORY, SIDECAR]);
    }

    #[test]
    fn the_sidecar_is_what_sha256sum_writes() {
        assert_eq!(sidecar(b"{}"), format!("{}  inventory.json\n", sha256(b"{}")).into_bytes());
    }

    #[test]
    fn the_medium_inventory_finds_content_by_digest() {
        let dir = tempfile::tempdir().unwrap();
        let object = Object { id: "urn:x".into(), versions: vec![version(vec![text("data/a", "1")])] };
        std::fs::write(dir.path().join(INVENTORY), object.inventory(1)).unwrap();
        let found = Found::read(dir.path()).unwrap().unwrap();
        assert_eq!(found.path_of(&sha256(b"1")).unwrap(), Some(dir.path().join("v1/content/data/a")));
        assert_eq!(found.path_of(&sha256(b"2")).unwrap(), None);
        std::fs::write(dir.path().join(INVENTORY), b"{not json").unwrap();
        assert!(Found::read(dir.path()).is_err());
        assert!(Found::read(&dir.path().join("none")).unwrap().is_none());
    }
}
