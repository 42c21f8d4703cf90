//! Disposed content on media (介质上的销毁): what a medium's bag of a registration holds
//! once items were disposed of, and the removal of their files the next time the medium
//! is written or repaired. Until then the bag is as written (its old manifests still
//! verify); after, its payload, manifests and bag-info.txt (Payload-Oxum, and
//! `Dengji-Disposed-Files`) describe the items it still holds, and the catalog records the
//! new bag-info.txt digest with a ledger entry.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::Path;

use super::backup::{bag_dir, bag_info_text};
use super::bagit::TagFiles;
use super::layout::{BagLayout, NAMES_FILE};
use super::repair::write_atomic;
use super::Medium;
use crate::archive::Archive;
use crate::digest::sha256;
use crate::error::{Error, Result};
use crate::ids::{RegistrationId, SeriesId};
use crate::ledger;
use crate::registrations::Item;
use crate::restore::{no_link_below, safe_destination};
use crate::stamp::Stamp;
use crate::vault::sync_dir;

/// What a bag of one registration holds.
pub(crate) struct BagContents {
    /// Every item of the registration: names on the medium follow from all of them.
    pub all: Vec<Item>,
    /// The items whose files are in the bag.
    pub held: Vec<Item>,
}

impl BagContents {
    pub fn layout(&self) -> BagLayout {
        BagLayout::new(&self.all)
    }

    pub fn disposed(&self) -> usize {
        self.all.len() - self.held.len()
    }

    pub fn bytes(&self) -> i64 {
        self.held.iter().map(|i| i.size).sum()
    }
}

impl Archive {
    /// The bag of `reg` on the medium `medium_row` (none: a bag about to be written): every
    /// item but the disposed ones, except those whose removal from this medium is pending.
    pub(crate) fn bag_contents(&self, medium_row: Option<crate::ids::MediumRow>, reg: RegistrationId) -> Result<BagContents> {
        let all = self.items(reg)?;
        let pending = match medium_row {
            None => Vec::new(),
            Some(row) => super::store::removals_pending(self.conn(), row, reg)?,
        };
        let held = all.iter().filter(|i| !i.is_disposed() || pending.contains(&i.id)).cloned().collect();
        Ok(BagContents { all, held })
    }

    /// Removes from the medium at `root` the files of every disposal marked on it, and
    /// records each bag so changed. Returns the registration numbers of those bags.
    pub(crate) fn purge_disposed(
        &mut self,
        medium: &Medium,
        root: &Path,
        stamp: &Stamp,
        fail: &impl Fn(&Path, std::io::Error) -> Error,
    ) -> Result<Vec<String>> {
        let marked = super::store::bags_with_removals(self.conn(), medium.row)?;
        let archive_name = self.info()?.name;
        let mut purged = Vec::new();
        // Versions of a series' object: the object is written again without what went.
        let held = self.held_bags(medium)?;
        let mut objects: BTreeMap<SeriesId, BTreeSet<RegistrationId>> = BTreeMap::new();
        for (reg_id, ..) in &marked {
            if let Some(o) = held.iter().find(|b| b.registration == *reg_id).and_then(|b| b.object.as_ref()) {
                objects.entry(o.series).or_default().insert(*reg_id);
            }
        }
        for (series, regs) in &objects {
            purged.extend(self.rewrite_object(medium, root, *series, regs, fail, stamp)?);
        }
        for (reg_id, number, bagging_date) in marked {
            if objects.values().any(|r| r.contains(&reg_id)) {
                continue;
            }
            let reg = self.registration(reg_id)?;
            // After the removal the bag holds what a new bag would: the live items.
            let after = self.bag_contents(None, reg.id)?;
            let layout = after.layout();
            let dir = bag_dir(root, &number);
            no_link_below(root, &dir)?;
            let data = dir.join("data");
            let mut removed = Vec::new();
            for item in after.all.iter().filter(|i| i.is_disposed()) {
                let path = safe_destination(&data, layout.payload_rel(item))?;
                match fs::remove_file(&path) {
                    Ok(()) => removed.push(item.path.clone()),
                    Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                    Err(e) => return Err(fail(&path, e)),
                }
                // Folders left empty go too, up to data/.
                let mut parent = path.parent();
                while let Some(p) = parent.filter(|p| *p != data && p.starts_with(&data)) {
                    if fs::remove_dir(p).is_err() {
                        break;
                    }
                    parent = p.parent();
                }
            }
            let info = bag_info_text(&reg, &archive_name, &bagging_date, &after);
            let info_sha = sha256(info.as_bytes());
            let tags = TagFiles::new(&after.held, &layout, Some(&info), &info_sha);
            let has_names = tags.files.iter().any(|(name, _)| *name == NAMES_FILE);
            // Each tag file replaced whole, as a repair does; the tag manifest last.
            for (name, bytes) in &tags.files {
                if *name != "bagit.txt" {
                    write_atomic(&dir.join(name), &mut &bytes[..], None, fail)?;
                }
            }
            if !has_names {
                let names = dir.join(NAMES_FILE);
                if names.exists() {
                    fs::remove_file(&names).map_err(|e| fail(&names, e))?;
                }
            }
            sync_dir(&dir)?;
            self.record_removed(medium, &reg, &number, &info_sha, &after, removed, stamp)?;
            purged.push(number);
        }
        Ok(purged)
    }

    /// Records that the disposed files of `reg` are gone from the medium.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn record_removed(
        &mut self,
        medium: &Medium,
        reg: &crate::registrations::Registration,
        number: &str,
        info_sha: &crate::digest::Sha256,
        after: &BagContents,
        removed: Vec<String>,
        stamp: &Stamp,
    ) -> Result<()> {
        let tx = self.conn_mut().transaction()?;
        super::store::removed(&tx, medium.row, reg.id, info_sha, (after.held.len() as i64, after.bytes()), stamp)?;
        ledger::append(
            &tx,
            stamp,
            "medium.disposal_removed",
            &format!("medium:{}", medium.id),
            &serde_json::json!({
                "medium": medium.id, "label": medium.label, "registration": reg.id.0, "registration_number": number,
                "removed": removed, "files": after.held.len(), "bytes": after.bytes(), "bag_info_sha256": info_sha,
            }),
        )?;
        tx.commit()?;
        Ok(())
    }
}
