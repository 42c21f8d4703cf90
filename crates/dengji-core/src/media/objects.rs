//! A series' versions on a medium as its OCFL object (`ocfl.rs`): the object the catalog
//! says a medium should hold, writing the next version of it (backup), checking it
//! (verify), putting damaged files back (repair), and writing it again without disposed
//! content (purge).
//!
//! A medium's object starts at the first version of the series written to it, whole: every
//! medium stands on its own. Its first version's message names the media that held the
//! earlier versions when it was written (kept in the catalog, since that cannot be worked
//! out again later).

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::ops::ControlFlow;
use std::path::{Path, PathBuf};

use super::backup::{bag_info_text, copy_object, copy_to_medium, make_parents, write_synced, Tally};
use super::bagit::{TagFiles, BAG_INFO};
use super::locate::Locator;
use super::ocfl::{self, checklist_name, object_dir, LogicalFile, Object, Placed, Source, SourceRef, Version};
use super::purge::BagContents;
use super::repair::{extras, quarantine, write_atomic, REPAIR_TEMP};
use super::verify::{list_bag, HeldBag, ObjectVersion};
use super::{fault, store, Medium, MediumProblem, ProblemKind};
use crate::archive::Archive;
use crate::digest::{sha256, Sha256};
use crate::error::{Error, Result};
use crate::ids::SeriesId;
use crate::pathenc;
use crate::progress::CancelToken;
use crate::registrations::{Item, Registration};
use crate::restore::{no_link_below, safe_destination};
use crate::stamp::Stamp;
use crate::transfer::{self, Digests};
use crate::vault::{sync_dir, sync_fs};

/// The held rows of each series' object on a medium, each in version order.
pub(super) fn objects_of(held: &[HeldBag]) -> BTreeMap<SeriesId, Vec<&HeldBag>> {
    let mut out: BTreeMap<SeriesId, Vec<&HeldBag>> = BTreeMap::new();
    for b in held {
        if let Some(o) = &b.object {
            out.entry(o.series).or_default().push(b);
        }
    }
    for rows in out.values_mut() {
        rows.sort_by_key(|b| b.object.as_ref().map(|o| o.version));
    }
    out
}

/// How a problem with an object is named: `series/<id>`.
pub(super) fn object_label(series: SeriesId) -> String {
    format!("{}/{}", ocfl::DIR, series.0)
}

impl Archive {
    /// The object of `series` as the catalog says the medium `medium_row` holds it (none:
    /// as it would be written now, disposed content left out): `rows` are its versions.
    pub(super) fn series_object(&self, medium_row: Option<crate::ids::MediumRow>, series: SeriesId, rows: &[&HeldBag]) -> Result<Object> {
        let info = self.info()?;
        let mut versions = Vec::with_capacity(rows.len());
        for row in rows {
            let o = row.object.as_ref().ok_or_else(|| Error::Integrity(format!("{} 不是系列对象的版本", row.number)))?;
            let reg = self.registration(row.registration)?;
            let contents = self.bag_contents(medium_row, row.registration)?;
            versions.push(Version {
                created: o.written_at.clone(),
                message: o.message.clone(),
                user: o.written_by.clone(),
                files: logical_files(&reg, &info.name, row, &contents)?,
            });
        }
        Ok(Object { id: format!("urn:dengji:{}:series:{}", info.instance_id, series.0), versions })
    }

    /// Writes registration `reg` (version `version` of `series`, covering `period`) as the
    /// next version of the series' object on the medium, and records it. Returns false
    /// when cancelled (nothing recorded; the next backup writes it again).
    #[allow(clippy::too_many_arguments)]
    pub(super) fn write_object_version(
        &mut self,
        medium: &Medium,
        root: &Path,
        reg: &Registration,
        (series, period, version): (SeriesId, &str, i64),
        contents: &BagContents,
        (info_text, date): (&str, &str),
        read_back: bool,
        fail: &(impl Fn(&Path, std::io::Error) -> Error + Sync),
        tally: &mut Tally<'_>,
        cancel: &CancelToken,
        stamp: &Stamp,
    ) -> Result<bool> {
        let number = reg.registration_number.clone().unwrap_or_default();
        let series_dir = root.join(ocfl::DIR);
        no_link_below(root, &series_dir)?;
        if !series_dir.is_dir() {
            fs::create_dir(&series_dir).map_err(|e| fail(&series_dir, e))?;
        }
        let dir = object_dir(root, series.0);
        let held = self.held_bags(medium)?;
        let earlier: Vec<&HeldBag> = objects_of(&held).remove(&series).unwrap_or_default();
        let k = earlier.len() + 1;
        // What an interrupted run left (never recorded) is written again.
        if earlier.is_empty() && dir.exists() {
            fs::remove_dir_all(&dir).map_err(|e| fail(&dir, e))?;
        }
        let vdir = dir.join(format!("v{k}"));
        if vdir.exists() {
            fs::remove_dir_all(&vdir).map_err(|e| fail(&vdir, e))?;
        }
        let mut message = format!("第 {version} 版（{period}），登记号 {number}");
        if earlier.is_empty() && version > 1 {
            let others: Vec<String> = store::media_with_earlier(self.conn(), series, version, medium.row)?
                .into_iter()
                .map(|(label, here)| if here { "本介质（bags/ 下的登记包）".to_string() } else { label })
                .collect();
            if others.is_empty() {
                message.push_str(&format!("；第 1 至 {} 版不在本档案馆在用的介质上", version - 1));
            } else {
                message.push_str(&format!("；第 1 至 {} 版见介质 {}", version - 1, others.join("、")));
            }
        }
        let row = HeldBag {
            registration: reg.id,
            number: number.clone(),
            bagging_date: date.to_string(),
            bag_info_sha256: sha256(info_text.as_bytes()),
            object: Some(ObjectVersion {
                series,
                version,
                message: message.clone(),
                written_at: stamp.at_text(),
                written_by: stamp.operator.clone(),
            }),
        };
        let rows: Vec<&HeldBag> = earlier.iter().copied().chain(std::iter::once(&row)).collect();
        let object = self.series_object(Some(medium.row), series, &rows)?;
        if k == 1 {
            fs::create_dir(&dir).map_err(|e| fail(&dir, e))?;
            write_synced(&dir.join(ocfl::NAMASTE), b"ocfl_object_1.1\n", fail)?;
        }
        let files = object.version_files(k);
        let mut made: BTreeSet<PathBuf> = [dir.clone()].into();
        let mut items = Vec::new();
        for placed in &files {
            let dest = safe_destination(&dir, placed.rel.as_bytes())?;
            make_parents(&dir, &dest, &mut made, fail)?;
            match &placed.source {
                SourceRef::Bytes(b) => write_synced(&dest, b, fail)?,
                SourceRef::Item(item) => items.push((*item, dest)),
                SourceRef::Recorded => return Err(Error::Integrity(format!("{number} 的 bag-info.txt 无法生成"))),
            }
        }
        let copied = copy_to_medium(self.vault(), &items, fail, tally, cancel)?;
        // Content of earlier versions counts as done: it is on the medium already.
        let new: BTreeSet<_> = items.iter().map(|(i, _)| i.id).collect();
        let old: Vec<&Item> = contents.held.iter().filter(|i| !new.contains(&i.id)).collect();
        tally.files_done += old.len() as u64;
        tally.bytes_done += old.iter().map(|i| i.size as u64).sum::<u64>();
        if !copied {
            return Ok(false);
        }
        let medium_error = |e| match e {
            Error::Io { path, source } => fail(&path, source),
            e => e,
        };
        sync_fs(&dir).map_err(medium_error)?;
        for d in &made {
            sync_dir(d).map_err(medium_error)?;
        }
        if read_back {
            for (item, dest) in &items {
                match transfer::hash_file(dest, Digests::Both, true) {
                    Ok(h) if h.matches(item) => {}
                    Ok(_) => return Err(fail(dest, std::io::Error::other("回读校验不符：介质上的内容与写入的不一致，介质可能已损坏"))),
                    Err(e) => return Err(fail(dest, e)),
                }
            }
        }
        // The head inventory makes the version part of the object; the checklist follows it.
        for placed in object.head_files() {
            if let SourceRef::Bytes(b) = &placed.source {
                write_atomic(&dir.join(&placed.rel), &mut &b[..], None, fail)?;
            }
        }
        write_atomic(&series_dir.join(checklist_name(series.0)), &mut &object.checklist(series.0)[..], None, fail)?;
        fault::still_there(&medium.label, root, &medium.id)?;
        let (files, bytes) = (contents.held.len() as i64, contents.bytes());
        self.record_written(medium, root, reg, &number, &row, (files, bytes), stamp)?;
        Ok(true)
    }

    /// Checks every object the catalog says the medium holds among `chosen` series, and
    /// the `series/` folder for strangers.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn check_series_objects(
        &self,
        medium: &Medium,
        root: &Path,
        held: &[HeldBag],
        chosen: &BTreeSet<SeriesId>,
        digests: Digests,
        problems: &mut Vec<MediumProblem>,
        on_file: &mut dyn FnMut(&Item),
    ) -> Result<()> {
        let objects = objects_of(held);
        let problem =
            |bag: String, path: String, kind, detail: &str| MediumProblem { bag, path, original: None, kind, detail: detail.into() };
        if let Ok(entries) = fs::read_dir(root.join(ocfl::DIR)) {
            for entry in entries.flatten() {
                let name = entry.file_name().to_string_lossy().into_owned();
                let known = objects.keys().any(|s| name == s.0.to_string() || name == checklist_name(s.0));
                if !known {
                    problems.push(problem(ocfl::DIR.into(), name, ProblemKind::Extra, "目录中没有这个系列对象的记录"));
                }
            }
        }
        for (series, rows) in objects.iter().filter(|(s, _)| chosen.contains(s)) {
            let object = self.series_object(Some(medium.row), *series, rows)?;
            let label = object_label(*series);
            let list = root.join(ocfl::DIR).join(checklist_name(series.0));
            match fs::read(&list) {
                Ok(b) if b == object.checklist(series.0) => {}
                Ok(_) => problems.push(problem(ocfl::DIR.into(), checklist_name(series.0), ProblemKind::Changed, "与写入时不一致")),
                Err(_) => problems.push(problem(ocfl::DIR.into(), checklist_name(series.0), ProblemKind::Missing, "校验清单缺失")),
            }
            check_object(&object_dir(root, series.0), &label, &object, rows, digests, problems, on_file);
        }
        Ok(())
    }

    /// Puts back the files of `series`' object named in `paths` (all of them when `whole`),
    /// from the vault or from `source` (another medium), moving strangers in the object's
    /// folder to quarantine when `extras`. Returns what was rewritten, quarantined, and
    /// could not be repaired.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn repair_object(
        &self,
        medium: &Medium,
        root: &Path,
        series: SeriesId,
        want: &ObjectWork,
        source: Option<(&Medium, &Path)>,
        quarantine_root: &Path,
        fail: &impl Fn(&Path, std::io::Error) -> Error,
        cancel: &CancelToken,
    ) -> Result<ObjectRepaired> {
        let held = self.held_bags(medium)?;
        let rows = objects_of(&held).remove(&series).unwrap_or_default();
        let object = self.series_object(Some(medium.row), series, &rows)?;
        let label = object_label(series);
        let dir = object_dir(root, series.0);
        no_link_below(root, &dir)?;
        let mut done = ObjectRepaired::default();
        let files = object.files();
        if want.extras {
            let expected: BTreeSet<Vec<u8>> = files.iter().map(|p| p.rel.as_bytes().to_vec()).collect();
            for (rel, path) in extras(&dir, &expected) {
                if rel.file_name().is_some_and(|n| n.to_string_lossy().ends_with(REPAIR_TEMP)) {
                    fs::remove_file(&path).map_err(|e| fail(&path, e))?;
                    done.partials_removed.push(format!("{label}/{}", rel.display()));
                    continue;
                }
                let rel = PathBuf::from(ocfl::DIR).join(series.0.to_string()).join(rel);
                quarantine(root, quarantine_root, &rel, fail)?;
                done.quarantined.push(pathenc::display(&pathenc::join_components(b"", &rel)));
            }
        }
        fs::create_dir_all(&dir).map_err(|e| fail(&dir, e))?;
        let mut source_locator = source.map(|(_, p)| Locator::new(p));
        for placed in &files {
            if cancel.is_cancelled() {
                break;
            }
            if !(want.whole || want.paths.contains(&placed.rel)) {
                continue;
            }
            let dest = safe_destination(&dir, placed.rel.as_bytes())?;
            let unrepaired = |original: Option<&str>, detail: String| MediumProblem {
                bag: label.clone(),
                path: placed.rel.clone(),
                original: original.map(str::to_string),
                kind: ProblemKind::Changed,
                detail,
            };
            if let Err(e) = no_link_below(root, &dest) {
                done.unrepaired.push(unrepaired(None, e.to_string()));
                continue;
            }
            let parent = dest.parent().expect("a file in the object");
            fs::create_dir_all(parent).map_err(|e| fail(parent, e))?;
            let result = match &placed.source {
                SourceRef::Bytes(b) => write_atomic(&dest, &mut &b[..], None, fail),
                SourceRef::Recorded => {
                    done.unrepaired
                        .push(unrepaired(None, "写入时的 bag-info.txt 无法由目录重新生成（档案库名称已改），请从其他介质手工复制".into()));
                    continue;
                }
                SourceRef::Item(item) => match (&source, &mut source_locator) {
                    (Some((m, _)), Some(locator)) => {
                        let number = holder(&object, &rows, &placed.sha256);
                        let layout = self.bag_contents(None, rows[number].registration)?.layout();
                        match locator.path(&rows[number].number, Some(series), &layout, item)? {
                            None => Err(Error::Integrity(format!("来源介质 “{}” 上没有这个文件", m.label))),
                            Some(src) => match fs::File::open(&src) {
                                Ok(mut f) => write_atomic(&dest, &mut f, Some(item), fail).map_err(|e| match e {
                                    Error::Integrity(_) => {
                                        Error::Integrity(format!("来源介质 “{}” 上的 {} 也已损坏", m.label, src.display()))
                                    }
                                    e => e,
                                }),
                                Err(e) => Err(Error::Integrity(format!("来源介质 “{}” 上的 {} 无法读取：{e}", m.label, src.display()))),
                            },
                        }
                    }
                    _ => match self.vault().open(&item.sha256) {
                        Ok(Some(mut f)) => write_atomic(&dest, &mut f, Some(item), fail).map_err(|e| match e {
                            Error::Integrity(_) => Error::VaultObject(item.sha256.to_hex()),
                            e => e,
                        }),
                        Ok(None) | Err(_) => Err(Error::VaultObject(item.sha256.to_hex())),
                    },
                },
            };
            match result {
                Ok(()) => done.rewritten.push(format!("{label}/{}", placed.rel)),
                Err(e) if e.is_medium_fault() => return Err(e),
                Err(e) => {
                    let original = match &placed.source {
                        SourceRef::Item(i) => Some(i.path.as_str()),
                        _ => None,
                    };
                    done.unrepaired.push(unrepaired(original, e.to_string()));
                }
            }
        }
        if want.checklist {
            let list = root.join(ocfl::DIR).join(checklist_name(series.0));
            write_atomic(&list, &mut &object.checklist(series.0)[..], None, fail)?;
            done.rewritten.push(format!("{}/{}", ocfl::DIR, checklist_name(series.0)));
        }
        Ok(done)
    }

    /// Writes `series`' object on the medium again without the content disposed of since
    /// (in a folder beside it, then swapped in), and records each version so changed.
    /// Returns the registration numbers of the versions whose files were removed.
    pub(super) fn rewrite_object(
        &mut self,
        medium: &Medium,
        root: &Path,
        series: SeriesId,
        marked: &BTreeSet<crate::ids::RegistrationId>,
        fail: &impl Fn(&Path, std::io::Error) -> Error,
        stamp: &Stamp,
    ) -> Result<Vec<String>> {
        let held = self.held_bags(medium)?;
        let archive_name = self.info()?.name;
        let mut rows: Vec<HeldBag> = objects_of(&held).remove(&series).unwrap_or_default().into_iter().cloned().collect();
        let mut changed = Vec::new();
        for row in rows.iter_mut().filter(|r| marked.contains(&r.registration)) {
            let reg = self.registration(row.registration)?;
            let after = self.bag_contents(None, row.registration)?;
            let info = bag_info_text(&reg, &archive_name, &row.bagging_date, &after);
            row.bag_info_sha256 = sha256(info.as_bytes());
            changed.push((reg, after));
        }
        let refs: Vec<&HeldBag> = rows.iter().collect();
        let object = self.series_object(None, series, &refs)?;
        let dir = object_dir(root, series.0);
        let series_dir = root.join(ocfl::DIR);
        let partial = series_dir.join(format!(".{}.partial", series.0));
        let old = series_dir.join(format!(".{}.old", series.0));
        for d in [&partial, &old] {
            if d.exists() {
                fs::remove_dir_all(d).map_err(|e| fail(d, e))?;
            }
        }
        fs::create_dir(&partial).map_err(|e| fail(&partial, e))?;
        let written = ocfl::Found::read(&dir).ok().flatten();
        let mut made: BTreeSet<PathBuf> = [partial.clone()].into();
        for placed in object.files() {
            let dest = safe_destination(&partial, placed.rel.as_bytes())?;
            make_parents(&partial, &dest, &mut made, fail)?;
            match &placed.source {
                SourceRef::Bytes(b) => write_synced(&dest, b, fail)?,
                SourceRef::Item(item) => copy_object(self.vault(), item, &dest, fail)?,
                // bag-info.txt as written when the archive had another name: the copy in
                // the object being replaced, if it is still the recorded one.
                SourceRef::Recorded => {
                    let kept = match &written {
                        Some(found) => found.path_of(&placed.sha256)?.and_then(|p| fs::read(p).ok()).filter(|b| sha256(b) == placed.sha256),
                        None => None,
                    };
                    let Some(bytes) = kept else {
                        let _ = fs::remove_dir_all(&partial);
                        return Err(Error::Integrity(format!(
                            "{} 中写入时的 bag-info.txt 已损坏，且无法由目录重新生成（档案库名称已改），请先从其他介质修复",
                            object_label(series)
                        )));
                    };
                    write_synced(&dest, &bytes, fail)?;
                }
            }
        }
        sync_fs(&partial)?;
        for d in &made {
            sync_dir(d)?;
        }
        if dir.exists() {
            fs::rename(&dir, &old).map_err(|e| fail(&old, e))?;
        }
        fs::rename(&partial, &dir).map_err(|e| fail(&dir, e))?;
        sync_dir(&series_dir)?;
        if old.exists() {
            fs::remove_dir_all(&old).map_err(|e| fail(&old, e))?;
        }
        write_atomic(&series_dir.join(checklist_name(series.0)), &mut &object.checklist(series.0)[..], None, fail)?;
        let mut numbers = Vec::new();
        for (reg, after) in changed {
            let row = rows.iter().find(|r| r.registration == reg.id).expect("a changed row");
            let removed: Vec<String> = after.all.iter().filter(|i| i.is_disposed()).map(|i| i.path.clone()).collect();
            self.record_removed(medium, &reg, &row.number, &row.bag_info_sha256, &after, removed, stamp)?;
            numbers.push(row.number.clone());
        }
        Ok(numbers)
    }
}

/// What a repair of one object is to do.
#[derive(Default)]
pub(super) struct ObjectWork {
    pub whole: bool,
    pub paths: BTreeSet<String>,
    pub extras: bool,
    pub checklist: bool,
}

#[derive(Default)]
pub(super) struct ObjectRepaired {
    pub rewritten: Vec<String>,
    pub quarantined: Vec<String>,
    pub partials_removed: Vec<String>,
    pub unrepaired: Vec<MediumProblem>,
}

/// The index of the first version of `object` whose state holds `digest`.
fn holder(object: &Object, rows: &[&HeldBag], digest: &Sha256) -> usize {
    let at = object.versions.iter().position(|v| v.files.iter().any(|f| f.sha256 == *digest)).unwrap_or(0);
    at.min(rows.len().saturating_sub(1))
}

/// The logical state of one version: the bag of its registration, as `bagit.rs` writes it.
fn logical_files(reg: &Registration, archive_name: &str, row: &HeldBag, contents: &BagContents) -> Result<Vec<LogicalFile>> {
    let expected_info = bag_info_text(reg, archive_name, &row.bagging_date, contents);
    let info = (sha256(expected_info.as_bytes()) == row.bag_info_sha256).then_some(expected_info.as_str());
    let layout = contents.layout();
    let tags = TagFiles::new(&contents.held, &layout, info, &row.bag_info_sha256);
    let mut files: Vec<LogicalFile> = tags
        .files
        .into_iter()
        .map(|(name, bytes)| LogicalFile { path: name.to_string(), sha256: sha256(&bytes), source: Source::Bytes(bytes) })
        .collect();
    if info.is_none() {
        files.push(LogicalFile { path: BAG_INFO.into(), sha256: row.bag_info_sha256, source: Source::Recorded });
    }
    for item in &contents.held {
        // Names on the medium are portable UTF-8 (layout.rs), as OCFL paths must be.
        let path = String::from_utf8(layout.payload_path(item)).map_err(|_| Error::UnsafePath(item.path.clone()))?;
        files.push(LogicalFile { path, sha256: item.sha256, source: Source::Item(Box::new(item.clone())) });
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(files)
}

/// Compares one object folder with what it should hold.
fn check_object(
    dir: &Path,
    label: &str,
    object: &Object,
    rows: &[&HeldBag],
    digests: Digests,
    problems: &mut Vec<MediumProblem>,
    on_file: &mut dyn FnMut(&Item),
) {
    let problem = |path: &str, original: Option<String>, kind, detail: &str| MediumProblem {
        bag: label.to_string(),
        path: path.to_string(),
        original,
        kind,
        detail: detail.to_string(),
    };
    if !dir.is_dir() {
        problems.push(problem("", None, ProblemKind::Missing, "整个系列对象缺失"));
        return;
    }
    let files = object.files();
    let mut listing = list_bag(dir);
    for (rel, err) in listing.unreadable {
        problems.push(problem(&pathenc::display(&rel), None, ProblemKind::Changed, &format!("无法读取：{err}")));
    }
    // Which versions (registration numbers) use each content file.
    let mut users: BTreeMap<Sha256, Vec<&str>> = BTreeMap::new();
    for (v, version) in object.versions.iter().enumerate() {
        for f in &version.files {
            let list = users.entry(f.sha256).or_default();
            if let Some(row) = rows.get(v) {
                if !list.contains(&row.number.as_str()) {
                    list.push(&row.number);
                }
            }
        }
    }
    let items: Vec<(&Placed<'_>, &Item, PathBuf)> = files
        .iter()
        .filter_map(|p| match &p.source {
            SourceRef::Item(i) if listing.files.contains_key(p.rel.as_bytes()) => Some((p, *i, dir.join(&p.rel))),
            _ => None,
        })
        .collect();
    let bytes = items.iter().map(|(_, i, _)| i.size as u64).sum();
    let mut hashed: Vec<Option<std::io::Result<transfer::Hashed>>> = (0..items.len()).map(|_| None).collect();
    transfer::each(
        &items,
        transfer::workers(items.len(), bytes),
        &CancelToken::new(),
        |(_, _, path)| transfer::hash_file(path, digests, false),
        |i, r| {
            hashed[i] = Some(r);
            on_file(items[i].1);
            ControlFlow::Continue(())
        },
    );
    let mut hashed: BTreeMap<&str, std::io::Result<transfer::Hashed>> =
        items.iter().zip(hashed).filter_map(|((p, _, _), h)| Some((p.rel.as_str(), h?))).collect();
    let what = match digests {
        Digests::Both => "摘要不符（SHA-256/SM3 与登记时不同）",
        Digests::Sha256 => "摘要不符（SHA-256 与登记时不同）",
    };
    for placed in &files {
        let Some(path) = listing.files.remove(placed.rel.as_bytes()) else {
            let original = match &placed.source {
                SourceRef::Item(i) => Some(i.path.clone()),
                _ => None,
            };
            problems.push(problem(&placed.rel, original, ProblemKind::Missing, "文件缺失"));
            continue;
        };
        match &placed.source {
            SourceRef::Bytes(want) => {
                if fs::read(&path).ok().as_deref() != Some(&want[..]) {
                    problems.push(problem(&placed.rel, None, ProblemKind::Changed, "与写入时不一致"));
                }
            }
            SourceRef::Recorded => {
                if fs::read(&path).ok().map(|b| sha256(&b)) != Some(placed.sha256) {
                    problems.push(problem(&placed.rel, None, ProblemKind::Changed, "与写入时不一致"));
                }
            }
            SourceRef::Item(item) => {
                let used = users.get(&placed.sha256).map(|u| u.join("、")).unwrap_or_default();
                let original = Some(item.path.clone());
                match hashed.remove(placed.rel.as_str()) {
                    Some(Ok(h)) if h.matches(item) => {}
                    Some(Ok(h)) if h.len != item.size as u64 => problems.push(problem(
                        &placed.rel,
                        original,
                        ProblemKind::Changed,
                        &format!("大小不符：应为 {} 字节，实为 {} 字节；用到它的登记：{used}", item.size, h.len),
                    )),
                    Some(Ok(_)) => {
                        problems.push(problem(&placed.rel, original, ProblemKind::Changed, &format!("{what}；用到它的登记：{used}")))
                    }
                    Some(Err(e)) => problems.push(problem(&placed.rel, original, ProblemKind::Changed, &format!("无法读取：{e}"))),
                    None => problems.push(problem(&placed.rel, original, ProblemKind::Missing, "文件缺失")),
                }
            }
        }
    }
    for rel in listing.files.keys() {
        problems.push(problem(&pathenc::display(rel), None, ProblemKind::Extra, "系列对象中没有这个文件"));
    }
}
