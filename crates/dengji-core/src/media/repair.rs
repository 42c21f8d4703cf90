//! Repairing a medium (介质修复): after a verification, every missing or changed payload
//! and tag file of a bag is rewritten (payload from the vault, or from the same bag on
//! another registered medium, its digests checked against the catalog before it takes
//! its real name); files that belong to no bag are moved to `quarantine/<time>/…`
//! (never deleted: they may be evidence); leftover `.partial` folders are removed; then
//! the medium is verified again. Every write goes through a temp name, fsync, rename.

use std::collections::{BTreeMap, BTreeSet};
use std::fs::{self, File, OpenOptions};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use serde::Serialize;

use super::backup::{bag_dir, bag_info_text};
use super::bagit::{self, TagFiles};
use super::objects::{objects_of, ObjectWork};
use super::ocfl;
use super::verify::HeldBag;
use super::{medium_io, snapshot, Medium, MediumProblem, MediumReport, ProblemKind};
use crate::accounts::Role;
use crate::archive::Archive;
use crate::digest::{sha256, DualHasher};
use crate::error::{Error, Result};
use crate::ids::SeriesId;
use crate::ledger;
use crate::pathenc;
use crate::progress::{CancelToken, NoProgress, Progress};
use crate::registrations::Item;
use crate::restore::{no_link_below, safe_destination};
use crate::stamp::{archive_offset, Stamp};
use crate::transfer::Digests;
use crate::vault::sync_dir;

#[derive(Debug, Clone, Serialize)]
pub struct RepairReport {
    pub medium: String,
    pub medium_id: String,
    /// The label of the medium payload files were copied from (none: the vault).
    pub source: Option<String>,
    /// What the first verification found.
    pub found: Vec<MediumProblem>,
    /// Files rewritten, as `<bag>/<path>` (or `catalog/catalog.sqlite`).
    pub rewritten: Vec<String>,
    /// The quarantine folder of this run, relative to the medium root, if anything was moved.
    pub quarantine: Option<String>,
    /// Paths moved into the quarantine folder, relative to the medium root.
    pub quarantined: Vec<String>,
    /// Leftover `.partial` folders removed.
    pub partials_removed: Vec<String>,
    /// Problems that could not be repaired, and why.
    pub unrepaired: Vec<MediumProblem>,
    /// The verification after the repair.
    pub after: MediumReport,
}

impl RepairReport {
    pub fn ok(&self) -> bool {
        self.after.ok()
    }
}

/// What one bag needs: payload items and tag files to rewrite, and whether to sweep extras.
#[derive(Default)]
struct BagWork {
    whole: bool,
    paths: BTreeSet<String>,
    extras: bool,
}

impl Archive {
    /// Verifies the medium at `root`, repairs what is wrong, and verifies it again.
    pub fn repair_medium(
        &mut self,
        root: &Path,
        from: Option<&Path>,
        stamp: &Stamp,
        progress: &dyn Progress,
        cancel: &CancelToken,
    ) -> Result<RepairReport> {
        self.authorize(stamp, &[Role::Clerk], "修复备份介质")?;
        let medium = self.medium_at(root)?;
        self.in_service(&medium)?;
        let source = match from {
            Some(p) => {
                let m = self.medium_at(p)?;
                if m.id == medium.id {
                    return Err(Error::RepairSameMedium(p.to_path_buf()));
                }
                Some((m, p.to_path_buf()))
            }
            None => None,
        };
        let _lock = self.lock_medium(&medium)?;
        let _source_lock = match &source {
            Some((m, _)) => Some(self.lock_medium(m)?),
            None => None,
        };
        let fail = medium_io(&medium.label, root);
        // Disposed content still on the medium goes first (its next repair removes it).
        let purged = self.purge_disposed(&medium, root, stamp, &fail)?;
        let before = self.inspect_medium(&medium, root, None, Digests::Both, stamp, &NoProgress, cancel)?;
        let mut report = RepairReport {
            medium: medium.label.clone(),
            medium_id: medium.id.clone(),
            source: source.as_ref().map(|(m, _)| m.label.clone()),
            found: before.problems.clone(),
            rewritten: Vec::new(),
            quarantine: None,
            quarantined: Vec::new(),
            partials_removed: Vec::new(),
            unrepaired: Vec::new(),
            after: before.clone(),
        };
        if before.cancelled {
            return Ok(report);
        }
        let held = self.held_bags(&medium)?;
        let held_by_number: BTreeMap<&str, &HeldBag> = held.iter().map(|b| (b.number.as_str(), b)).collect();
        let source_bags: BTreeSet<String> = match &source {
            Some((m, _)) => self.held_bags(m)?.into_iter().map(|b| b.number).collect(),
            None => BTreeSet::new(),
        };
        let folder = stamp.at.with_timezone(&archive_offset()).format("%Y%m%dT%H%M%S").to_string();
        let quarantine_root = root.join("quarantine").join(&folder);
        let mut work: BTreeMap<String, BagWork> = BTreeMap::new();
        let objects: BTreeSet<SeriesId> = objects_of(&held).into_keys().collect();
        let mut object_work: BTreeMap<SeriesId, ObjectWork> = BTreeMap::new();
        // A medium cleared of disposed content gets a catalog snapshot that knows of the
        // disposal: a rebuild from it alone then expects only what is left.
        let mut snapshot_bad = !purged.is_empty();
        for p in &before.problems {
            let snapshot_files = [snapshot::FILE, snapshot::CHECKPOINT, super::publish::CHECKPOINT_SIG];
            let object = p.bag.strip_prefix(&format!("{}/", ocfl::DIR)).and_then(|id| id.parse().ok()).map(SeriesId);
            if p.bag == snapshot::DIR && snapshot_files.contains(&p.path.as_str()) {
                snapshot_bad = true;
            } else if p.bag == ocfl::DIR {
                // Beside the objects: an object's checklist, a leftover, or a stranger.
                let path = root.join(ocfl::DIR).join(&p.path);
                if let Some(series) = objects.iter().find(|s| p.path == ocfl::checklist_name(s.0)) {
                    object_work.entry(*series).or_default().checklist = true;
                } else if p.path.starts_with('.') && (p.path.ends_with(".partial") || p.path.ends_with(".old")) {
                    fs::remove_dir_all(&path).map_err(|e| fail(&path, e))?;
                    report.partials_removed.push(format!("{}/{}", ocfl::DIR, p.path));
                } else {
                    let rel = PathBuf::from(ocfl::DIR).join(&p.path);
                    quarantine(root, &quarantine_root, &rel, &fail)?;
                    report.quarantined.push(format!("{}/{}", ocfl::DIR, p.path));
                }
            } else if let Some(series) = object.filter(|s| objects.contains(s)) {
                let w = object_work.entry(series).or_default();
                match p.kind {
                    ProblemKind::Missing if p.path.is_empty() => w.whole = true,
                    ProblemKind::Extra => w.extras = true,
                    _ => {
                        w.paths.insert(p.path.clone());
                    }
                }
            } else if !held_by_number.contains_key(p.bag.as_str()) {
                // A folder under bags/ that is no bag of this medium.
                let path = root.join("bags").join(&p.bag);
                if p.bag.starts_with('.') && p.bag.ends_with(".partial") {
                    fs::remove_dir_all(&path).map_err(|e| fail(&path, e))?;
                    report.partials_removed.push(format!("bags/{}", p.bag));
                } else {
                    let rel = PathBuf::from("bags").join(&p.bag);
                    quarantine(root, &quarantine_root, &rel, &fail)?;
                    report.quarantined.push(format!("bags/{}", p.bag));
                }
            } else {
                let w = work.entry(p.bag.clone()).or_default();
                match p.kind {
                    ProblemKind::Missing if p.path.is_empty() => w.whole = true,
                    ProblemKind::Extra => w.extras = true,
                    _ => {
                        w.paths.insert(p.path.clone());
                    }
                }
            }
        }
        let archive_name = self.info()?.name;
        for (number, w) in &work {
            if cancel.is_cancelled() {
                break;
            }
            let bag = held_by_number[number.as_str()];
            let reg = self.registration(bag.registration)?;
            let contents = self.bag_contents(Some(medium.row), bag.registration)?;
            let expected_info = bag_info_text(&reg, &archive_name, &bag.bagging_date, &contents);
            let info = (sha256(expected_info.as_bytes()) == bag.bag_info_sha256).then_some(expected_info.as_str());
            let layout = contents.layout();
            let items = contents.held;
            let tags = TagFiles::new(&items, &layout, info, &bag.bag_info_sha256);
            let dir = bag_dir(root, number);
            let data = dir.join("data");
            no_link_below(root, &dir)?;
            let unrepaired = |path: &str, original: Option<&str>, detail: String| MediumProblem {
                bag: number.clone(),
                path: path.to_string(),
                original: original.map(str::to_string),
                kind: ProblemKind::Changed,
                detail,
            };
            let mut expected: BTreeSet<Vec<u8>> = BTreeSet::new();
            for name in tags.files.iter().map(|(n, _)| *n).chain(std::iter::once(bagit::BAG_INFO)) {
                expected.insert(name.as_bytes().to_vec());
            }
            expected.extend(items.iter().map(|i| layout.payload_path(i)));
            // Strangers first: a link planted where a file or folder of the bag belongs is
            // moved away before anything is written there.
            if w.extras {
                for (rel, path) in extras(&dir, &expected) {
                    // The temp file of a repair that was killed: ours, not evidence.
                    if rel.file_name().is_some_and(|n| n.to_string_lossy().ends_with(REPAIR_TEMP)) {
                        fs::remove_file(&path).map_err(|e| fail(&path, e))?;
                        report.partials_removed.push(pathenc::display(&pathenc::join_components(b"bags", &Path::new(number).join(&rel))));
                        continue;
                    }
                    let rel = PathBuf::from("bags").join(number).join(rel);
                    quarantine(root, &quarantine_root, &rel, &fail)?;
                    report.quarantined.push(pathenc::display(&pathenc::join_components(b"", &rel)));
                }
            }
            fs::create_dir_all(&data).map_err(|e| fail(&data, e))?;
            for (name, bytes) in &tags.files {
                if w.whole || w.paths.contains(*name) {
                    no_link_below(root, &dir.join(name))?;
                    write_atomic(&dir.join(name), &mut &bytes[..], None, &fail)?;
                    report.rewritten.push(format!("{number}/{name}"));
                }
            }
            if info.is_none() && (w.whole || w.paths.contains(bagit::BAG_INFO)) {
                report.unrepaired.push(unrepaired(
                    bagit::BAG_INFO,
                    None,
                    "写入时的 bag-info.txt 无法由目录重新生成（档案库名称已改），请从其他介质手工复制".into(),
                ));
            }
            for item in &items {
                let rel = layout.payload_path(item);
                let shown = pathenc::display(&rel);
                let original = layout.is_renamed(item).then_some(item.path.as_str());
                if !(w.whole || w.paths.contains(&shown)) {
                    continue;
                }
                if cancel.is_cancelled() {
                    break;
                }
                let dest = safe_destination(&data, layout.payload_rel(item))?;
                if let Err(e) = no_link_below(root, &dest) {
                    report.unrepaired.push(unrepaired(&shown, original, e.to_string()));
                    continue;
                }
                let parent = dest.parent().expect("payload under data/");
                fs::create_dir_all(parent).map_err(|e| fail(parent, e))?;
                let result = match &source {
                    None => match self.vault().open(&item.sha256) {
                        Ok(Some(mut f)) => write_atomic(&dest, &mut f, Some(item), &fail).map_err(|e| match e {
                            Error::Integrity(_) => Error::VaultObject(item.sha256.to_hex()),
                            e => e,
                        }),
                        Ok(None) | Err(_) => Err(Error::VaultObject(item.sha256.to_hex())),
                    },
                    Some((m, from_root)) => {
                        if !source_bags.contains(number) {
                            report.unrepaired.push(unrepaired(&shown, original, format!("来源介质 “{}” 上没有这个登记包", m.label)));
                            continue;
                        }
                        let src = safe_destination(&bag_dir(from_root, number).join("data"), layout.payload_rel(item))?;
                        match File::open(&src) {
                            Ok(mut f) => write_atomic(&dest, &mut f, Some(item), &fail).map_err(|e| match e {
                                Error::Integrity(_) => Error::Integrity(format!("来源介质 “{}” 上的 {} 也已损坏", m.label, src.display())),
                                e => e,
                            }),
                            Err(e) => Err(Error::Integrity(format!("来源介质 “{}” 上的 {} 无法读取：{e}", m.label, src.display()))),
                        }
                    }
                };
                match result {
                    Ok(()) => report.rewritten.push(format!("{number}/{shown}")),
                    Err(e) if e.is_medium_fault() => return Err(e),
                    Err(e) => report.unrepaired.push(unrepaired(&shown, original, e.to_string())),
                }
            }
        }
        for (series, w) in &object_work {
            if cancel.is_cancelled() {
                break;
            }
            let from = source.as_ref().map(|(m, p)| (m, p.as_path()));
            let done = self.repair_object(&medium, root, *series, w, from, &quarantine_root, &fail, cancel)?;
            report.rewritten.extend(done.rewritten);
            report.quarantined.extend(done.quarantined);
            report.partials_removed.extend(done.partials_removed);
            report.unrepaired.extend(done.unrepaired);
        }
        if snapshot_bad && !cancel.is_cancelled() {
            snapshot::write(self.conn(), root, &fail)?;
            // A new snapshot has a new checkpoint: signed again (or its old signature removed).
            self.publish_on(root, &fail)?;
            report.rewritten.push(format!("{}/{}", snapshot::DIR, snapshot::FILE));
        }
        if !report.quarantined.is_empty() {
            report.quarantine = Some(format!("quarantine/{folder}"));
        }
        report.after = self.inspect_medium(&medium, root, None, Digests::Both, stamp, progress, cancel)?;
        self.record_repair(&medium, &report, stamp)?;
        Ok(report)
    }

    fn record_repair(&mut self, medium: &Medium, report: &RepairReport, stamp: &Stamp) -> Result<()> {
        let result = if report.ok() { "ok" } else { "problems" };
        let tx = self.conn_mut().transaction()?;
        if !report.after.cancelled {
            super::store::verified(&tx, medium.row, &stamp.at_text(), result)?;
        }
        let remaining: Vec<String> = report.after.problems.iter().map(|p| format!("{} {}/{}", p.kind.label_zh(), p.bag, p.path)).collect();
        ledger::append(
            &tx,
            stamp,
            "medium.repair",
            &format!("medium:{}", medium.id),
            &serde_json::json!({
                "medium": medium.id, "label": medium.label, "source": report.source, "result": result,
                "found": report.found.len(), "rewritten": report.rewritten, "quarantine": report.quarantine,
                "quarantined": report.quarantined, "partials_removed": report.partials_removed,
                "remaining": remaining, "cancelled": report.after.cancelled,
            }),
        )?;
        tx.commit()?;
        Ok(())
    }
}

/// Files under a bag folder that the bag should not hold, with their paths relative to it.
pub(super) fn extras(dir: &Path, expected: &BTreeSet<Vec<u8>>) -> Vec<(PathBuf, PathBuf)> {
    let mut out = Vec::new();
    for e in walkdir::WalkDir::new(dir).min_depth(1).sort_by_file_name().into_iter().flatten() {
        if e.file_type().is_dir() {
            continue;
        }
        let rel = e.path().strip_prefix(dir).expect("under the bag").to_path_buf();
        if !expected.contains(&pathenc::join_components(b"", &rel)) {
            out.push((rel, e.path().to_path_buf()));
        }
    }
    out
}

/// Moves `root/rel` to `quarantine_root/rel`, keeping its relative path.
pub(super) fn quarantine(root: &Path, quarantine_root: &Path, rel: &Path, fail: &impl Fn(&Path, std::io::Error) -> Error) -> Result<()> {
    let from = root.join(rel);
    let to = quarantine_root.join(rel);
    let parent = to.parent().expect("under the quarantine folder");
    no_link_below(root, parent)?;
    fs::create_dir_all(parent).map_err(|e| fail(parent, e))?;
    fs::rename(&from, &to).map_err(|e| fail(&to, e))?;
    sync_dir(parent)?;
    if let Some(p) = from.parent() {
        sync_dir(p)?;
    }
    Ok(())
}

/// Writes `input` to a temp name beside `dest`, fsyncs it and renames it into place.
/// With `item`, size and both digests must match the catalog first (`Error::Integrity`
/// otherwise; nothing appears under the real name).
/// The suffix of a file being rewritten by a repair, before its rename.
pub(super) const REPAIR_TEMP: &str = ".dengji-repair";

pub(super) fn write_atomic(
    dest: &Path,
    input: &mut dyn Read,
    item: Option<&Item>,
    fail: &impl Fn(&Path, std::io::Error) -> Error,
) -> Result<()> {
    let parent = dest.parent().expect("a file in a folder");
    // By digest: a name on the medium may already be 255 bytes long.
    let name = pathenc::os_bytes(dest.file_name().expect("a file name"));
    let tmp = parent.join(format!(".{}{REPAIR_TEMP}", &sha256(&name).to_hex()[..16]));
    let result = (|| {
        let mut out = OpenOptions::new().write(true).create(true).truncate(true).open(&tmp).map_err(|e| fail(&tmp, e))?;
        let mut h = DualHasher::new();
        let mut buf = vec![0u8; 1 << 20];
        let mut n = 0u64;
        loop {
            let k = input.read(&mut buf).map_err(|e| Error::Integrity(format!("读取来源失败：{e}")))?;
            if k == 0 {
                break;
            }
            h.update(&buf[..k]);
            out.write_all(&buf[..k]).map_err(|e| fail(&tmp, e))?;
            n += k as u64;
        }
        if let Some(item) = item {
            let (d, _) = h.finish();
            if n != item.size as u64 || d.sha256 != item.sha256 || d.sm3 != item.sm3 {
                return Err(Error::Integrity(format!("{} 的来源与登记时的摘要不符", item.path)));
            }
        }
        out.sync_all().map_err(|e| fail(&tmp, e))?;
        fs::rename(&tmp, dest).map_err(|e| fail(dest, e))?;
        sync_dir(parent)
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}
