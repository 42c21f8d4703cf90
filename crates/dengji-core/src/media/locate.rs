//! Where a registered file is on a medium: in its registration's bag, or, for a version of
//! a series written as an OCFL object, wherever the object's inventory says its content is
//! (a file unchanged since an earlier version is that version's content). Restore, recover,
//! vault repair and media repair read through this one lookup; each checks the digests of
//! what it reads against the catalog, so the inventory is only a map, never trusted.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::backup::bag_dir;
use super::layout::BagLayout;
use super::ocfl::{object_dir, Found};
use crate::error::Result;
use crate::ids::SeriesId;
use crate::registrations::Item;
use crate::restore::safe_destination;

/// Finds files on the medium at `root`, reading each object's inventory once.
pub(crate) struct Locator {
    root: PathBuf,
    objects: BTreeMap<i64, Option<Found>>,
}

impl Locator {
    pub(crate) fn new(root: &Path) -> Locator {
        Locator { root: root.to_path_buf(), objects: BTreeMap::new() }
    }

    /// The path of `item` of registration `number` (a version of `series`, if any; named
    /// in its bag by `layout`); none when the medium holds neither its bag nor its content.
    pub(crate) fn path(&mut self, number: &str, series: Option<SeriesId>, layout: &BagLayout, item: &Item) -> Result<Option<PathBuf>> {
        let data = bag_dir(&self.root, number).join("data");
        if data.is_dir() {
            return safe_destination(&data, layout.payload_rel(item)).map(Some);
        }
        let Some(series) = series else { return Ok(None) };
        let found = match self.objects.entry(series.0) {
            std::collections::btree_map::Entry::Occupied(e) => e.into_mut(),
            std::collections::btree_map::Entry::Vacant(e) => e.insert(Found::read(&object_dir(&self.root, series.0))?),
        };
        match found {
            Some(f) => f.path_of(&item.sha256),
            None => Ok(None),
        }
    }
}
