//! Verifying a medium (介质核验): every bag it should hold (or a seeded random sample) is
//! checked for completeness and validity (RFC 8493) and against the catalog. Every
//! missing, changed or extra file is named by bag and path; the result is recorded.

use std::collections::BTreeMap;
use std::ops::ControlFlow;
use std::path::Path;
use std::time::Instant;

use serde::Serialize;

use super::backup::{bag_dir, bag_info_text};
use super::bagit::{self, TagFiles};
use super::layout::BagLayout;
use super::{snapshot, Medium};
use crate::accounts::Role;
use crate::archive::Archive;
use crate::digest::{sha256, Sha256};
use crate::error::{Error, Result};
use crate::ids::RegistrationId;
use crate::ledger;
use crate::pathenc;
use crate::progress::{CancelToken, JobProgress, Phase, Progress};
use crate::registrations::Item;
use crate::stamp::Stamp;
use crate::transfer::{self, Digests};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export_to = "../../ui/src/bindings/"))]
pub enum ProblemKind {
    Missing,
    Changed,
    Extra,
}

impl ProblemKind {
    pub fn label_zh(self) -> &'static str {
        match self {
            ProblemKind::Missing => "缺失",
            ProblemKind::Changed => "内容已改变",
            ProblemKind::Extra => "多出",
        }
    }
}

/// One thing wrong on a medium. `path` is relative to the bag (empty: the whole bag), as
/// the file is named on the medium.
#[derive(Debug, Clone, Serialize)]
pub struct MediumProblem {
    pub bag: String,
    pub path: String,
    /// The item's original path (as registered) when its name on the medium differs.
    pub original: Option<String>,
    pub kind: ProblemKind,
    pub detail: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct MediumReport {
    pub medium: String,
    pub medium_id: String,
    /// Bags the catalog says the medium holds.
    pub bags_held: usize,
    pub bags_checked: usize,
    /// The percentage asked for, when only a sample was checked.
    pub sample_percent: Option<u8>,
    /// Only the SHA-256 manifest was checked (SM3 skipped).
    pub sha256_only: bool,
    pub files: u64,
    pub bytes: u64,
    pub problems: Vec<MediumProblem>,
    pub cancelled: bool,
    pub elapsed_ms: u64,
}

impl MediumReport {
    pub fn ok(&self) -> bool {
        self.problems.is_empty() && !self.cancelled
    }
}

/// A bag the catalog says the medium holds, or a version of a series' object there.
#[derive(Debug, Clone)]
pub(crate) struct HeldBag {
    pub registration: RegistrationId,
    pub number: String,
    pub bagging_date: String,
    pub bag_info_sha256: Sha256,
    /// Set when the registration went to the medium as a version of its series' object.
    pub object: Option<ObjectVersion>,
}

/// A registration written as a version of its series' OCFL object.
#[derive(Debug, Clone)]
pub(crate) struct ObjectVersion {
    pub series: crate::ids::SeriesId,
    pub version: i64,
    /// The message its inventory records.
    pub message: String,
    pub written_at: String,
    pub written_by: String,
}

impl Archive {
    /// Verifies the medium at `root`; `sample_percent` checks a seeded random sample of at
    /// least that share of the bags (at least one) instead of all.
    pub fn verify_medium(
        &mut self,
        root: &Path,
        sample_percent: Option<u8>,
        stamp: &Stamp,
        progress: &dyn Progress,
        cancel: &CancelToken,
    ) -> Result<MediumReport> {
        self.verify_medium_with(root, sample_percent, Digests::Both, stamp, progress, cancel)
    }

    /// `verify_medium` checking the payload against `digests`: `Digests::Sha256` checks the
    /// SHA-256 manifest alone (as `bagit.py --validate` does), at a quarter of the CPU.
    pub fn verify_medium_with(
        &mut self,
        root: &Path,
        sample_percent: Option<u8>,
        digests: Digests,
        stamp: &Stamp,
        progress: &dyn Progress,
        cancel: &CancelToken,
    ) -> Result<MediumReport> {
        self.authorize(stamp, &[Role::Clerk], "核验备份介质")?;
        if let Some(p) = sample_percent {
            if p == 0 || p > 100 {
                return Err(Error::BadSample(p));
            }
            // Below the archive's minimum a sample says too little to count as a check.
            let min = self.min_sample_percent()?;
            if p < min {
                return Err(Error::SampleBelowMinimum { given: p, min });
            }
        }
        let medium = self.medium_at(root)?;
        let _lock = self.lock_medium(&medium)?;
        let report = self.inspect_medium(&medium, root, sample_percent, digests, stamp, progress, cancel)?;
        if !report.cancelled {
            self.record_verification(&medium, &report, stamp)?;
        }
        Ok(report)
    }

    /// Checks the medium without recording anything; the caller holds its lock.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn inspect_medium(
        &self,
        medium: &Medium,
        root: &Path,
        sample_percent: Option<u8>,
        digests: Digests,
        stamp: &Stamp,
        progress: &dyn Progress,
        cancel: &CancelToken,
    ) -> Result<MediumReport> {
        let start = Instant::now();
        let held = self.held_bags(medium)?;
        let mut problems = Vec::new();
        // Bags on the medium the catalog does not know, and leftovers of interrupted runs.
        let known: std::collections::BTreeSet<&str> = held.iter().filter(|b| b.object.is_none()).map(|b| b.number.as_str()).collect();
        if let Ok(entries) = std::fs::read_dir(root.join("bags")) {
            for entry in entries.flatten() {
                let name = entry.file_name().to_string_lossy().into_owned();
                if !known.contains(name.as_str()) {
                    let detail = if name.ends_with(".partial") {
                        "未完成的备份残留（下次备份时会清除）"
                    } else {
                        "目录中没有这个登记包的记录"
                    };
                    problems.push(MediumProblem {
                        bag: name,
                        path: String::new(),
                        original: None,
                        kind: ProblemKind::Extra,
                        detail: detail.into(),
                    });
                }
            }
        }
        let chosen = choose(&held, sample_percent, &format!("{}|{}", medium.id, stamp.at_text()));
        let mut plan = Vec::with_capacity(chosen.len());
        // A version chosen means its whole object is checked (its content is shared).
        let mut objects = std::collections::BTreeSet::new();
        let (mut files_total, mut bytes_total) = (0u64, 0u64);
        let mut picked = std::collections::BTreeSet::new();
        for bag in &chosen {
            picked.insert(bag.registration);
            if let Some(o) = &bag.object {
                objects.insert(o.series);
            }
        }
        for bag in &held {
            let object = bag.object.as_ref().map(|o| o.series);
            let wanted = match object {
                Some(s) => objects.contains(&s),
                None => picked.contains(&bag.registration),
            };
            if !wanted {
                continue;
            }
            let contents = self.bag_contents(Some(medium.row), bag.registration)?;
            files_total += contents.held.len() as u64;
            bytes_total += contents.bytes() as u64;
            if object.is_none() {
                plan.push((bag, contents));
            }
        }
        let mut report = MediumReport {
            medium: medium.label.clone(),
            medium_id: medium.id.clone(),
            bags_held: held.len(),
            bags_checked: 0,
            sample_percent,
            sha256_only: digests == Digests::Sha256,
            files: 0,
            bytes: 0,
            problems: Vec::new(),
            cancelled: false,
            elapsed_ms: 0,
        };
        let archive_name = self.info()?.name;
        for (bag, contents) in &plan {
            if cancel.is_cancelled() {
                report.cancelled = true;
                break;
            }
            let reg = self.registration(bag.registration)?;
            // bag-info.txt is compared with what was written; the rest is regenerated.
            let expected_info = bag_info_text(&reg, &archive_name, &bag.bagging_date, contents);
            let info = (sha256(expected_info.as_bytes()) == bag.bag_info_sha256).then_some(expected_info.as_str());
            let layout = contents.layout();
            let items = &contents.held;
            let tags = TagFiles::new(items, &layout, info, &bag.bag_info_sha256);
            check_bag(
                &bag_dir(root, &bag.number),
                &bag.number,
                items,
                &layout,
                &tags,
                &bag.bag_info_sha256,
                digests,
                &mut problems,
                &mut |item| {
                    report.files += 1;
                    report.bytes += item.size as u64;
                    progress.report(&JobProgress {
                        phase: Phase::Hashing,
                        files_done: report.files,
                        files_total,
                        bytes_done: report.bytes,
                        bytes_total,
                        current: Some(item.path.clone()),
                        elapsed: start.elapsed(),
                    });
                },
            );
            report.bags_checked += 1;
        }
        if !report.cancelled {
            let (files, bytes) = (&mut report.files, &mut report.bytes);
            let mut on_file = |item: &Item| {
                *files += 1;
                *bytes += item.size as u64;
                progress.report(&JobProgress {
                    phase: Phase::Hashing,
                    files_done: *files,
                    files_total,
                    bytes_done: *bytes,
                    bytes_total,
                    current: Some(item.path.clone()),
                    elapsed: start.elapsed(),
                });
            };
            self.check_series_objects(medium, root, &held, &objects, digests, &mut problems, &mut on_file)?;
            report.bags_checked += held.iter().filter(|b| b.object.as_ref().is_some_and(|o| objects.contains(&o.series))).count();
        }
        if !report.cancelled && !held.is_empty() {
            // One cause, named once: the signature is judged only over a sound checkpoint.
            if let Some(p) = snapshot::check(self.conn(), root) {
                let kind = if p.missing { ProblemKind::Missing } else { ProblemKind::Changed };
                problems.push(MediumProblem { bag: snapshot::DIR.into(), path: p.file.into(), original: None, kind, detail: p.why });
            } else if let Some(why) = self.checkpoint_signature_problem(root)? {
                let path = super::publish::CHECKPOINT_SIG.into();
                problems.push(MediumProblem { bag: snapshot::DIR.into(), path, original: None, kind: ProblemKind::Changed, detail: why });
            }
        }
        report.problems = problems;
        report.elapsed_ms = start.elapsed().as_millis() as u64;
        Ok(report)
    }

    pub(super) fn held_bags(&self, medium: &Medium) -> Result<Vec<HeldBag>> {
        super::store::held_bags(self.conn(), medium.row)
    }

    fn record_verification(&mut self, medium: &Medium, report: &MediumReport, stamp: &Stamp) -> Result<()> {
        let result = if report.ok() { "ok" } else { "problems" };
        let tx = self.conn_mut().transaction()?;
        super::store::verified(&tx, medium.row, &stamp.at_text(), result)?;
        let problems: Vec<String> = report.problems.iter().map(|p| format!("{} {}/{}", p.kind.label_zh(), p.bag, p.path)).collect();
        ledger::append(
            &tx,
            stamp,
            "medium.verify",
            &format!("medium:{}", medium.id),
            &serde_json::json!({
                "medium": medium.id, "label": medium.label, "result": result, "bags_held": report.bags_held,
                "bags_checked": report.bags_checked, "sample_percent": report.sample_percent,
                "sha256_only": report.sha256_only, "files": report.files,
                "bytes": report.bytes, "problems": problems,
            }),
        )?;
        tx.commit()?;
        Ok(())
    }
}

/// All bags, or a sample of at least `percent` of them (at least one), in an order
/// fixed by `seed`, so the same seed picks the same bags.
fn choose<'a>(held: &'a [HeldBag], percent: Option<u8>, seed: &str) -> Vec<&'a HeldBag> {
    let Some(p) = percent else { return held.iter().collect() };
    if held.is_empty() {
        return Vec::new();
    }
    let k = (held.len() * p as usize).div_ceil(100).clamp(1, held.len());
    let mut order: Vec<(Sha256, &HeldBag)> = held.iter().map(|b| (sha256(format!("{seed}|{}", b.number).as_bytes()), b)).collect();
    order.sort_by_key(|(k, _)| *k);
    order.into_iter().take(k).map(|(_, b)| b).collect()
}

/// What a bag directory holds.
pub(super) struct Listing {
    /// Every file, by its path in the bag.
    pub files: BTreeMap<Vec<u8>, std::path::PathBuf>,
    /// What could not be read, by its path in the bag.
    pub unreadable: Vec<(Vec<u8>, walkdir::Error)>,
}

pub(super) fn list_bag(dir: &Path) -> Listing {
    let mut on_disk = BTreeMap::new();
    let mut unreadable = Vec::new();
    for entry in walkdir::WalkDir::new(dir).min_depth(1).sort_by_file_name() {
        match entry {
            Ok(e) if e.file_type().is_dir() => {}
            Ok(e) => {
                let rel = e.path().strip_prefix(dir).expect("under the bag");
                on_disk.insert(pathenc::join_components(b"", rel), e.path().to_path_buf());
            }
            Err(err) => {
                let rel = err.path().and_then(|p| p.strip_prefix(dir).ok()).map(|r| pathenc::join_components(b"", r)).unwrap_or_default();
                unreadable.push((rel, err));
            }
        }
    }
    Listing { files: on_disk, unreadable }
}

/// Compares one bag directory with what it should contain.
#[allow(clippy::too_many_arguments)]
fn check_bag(
    dir: &Path,
    number: &str,
    items: &[Item],
    layout: &BagLayout,
    tags: &TagFiles,
    bag_info_sha256: &Sha256,
    digests: Digests,
    problems: &mut Vec<MediumProblem>,
    on_file: &mut dyn FnMut(&Item),
) {
    let problem = |path: &[u8], kind, detail: &str| MediumProblem {
        bag: number.to_string(),
        path: pathenc::display(path),
        original: None,
        kind,
        detail: detail.to_string(),
    };
    if !dir.is_dir() {
        problems.push(problem(b"", ProblemKind::Missing, "整个登记包缺失"));
        return;
    }
    // Payload files are hashed by the names they should have, many at a time (a cold disk
    // reads the folders along the way in parallel), while one more thread lists the bag:
    // listing first cost a cold walk, listing after the hashing 90 ms of 10,000 files. A
    // file counts as present only if the listing has it under exactly its name (a
    // case-insensitive medium opens other spellings too).
    let rels: Vec<Vec<u8>> = items.iter().map(|item| layout.payload_path(item)).collect();
    let mut hashed: Vec<Option<std::io::Result<transfer::Hashed>>> = (0..items.len()).map(|_| None).collect();
    let bytes = items.iter().map(|i| i.size as u64).sum();
    let Listing { files: mut on_disk, unreadable } = std::thread::scope(|s| {
        let listing = s.spawn(|| list_bag(dir));
        transfer::each(
            &rels,
            transfer::workers(rels.len(), bytes),
            &CancelToken::new(),
            |rel| match crate::restore::safe_destination(dir, rel).ok().map(|p| transfer::hash_file(&p, digests, false)) {
                Some(Err(e)) if e.kind() == std::io::ErrorKind::NotFound => None,
                other => other,
            },
            |i, r| {
                hashed[i] = r;
                on_file(&items[i]);
                ControlFlow::Continue(())
            },
        );
        listing.join().expect("the listing does not panic")
    });
    for (rel, err) in unreadable {
        problems.push(problem(&rel, ProblemKind::Changed, &format!("无法读取：{err}")));
    }
    let mut expected_tags: BTreeMap<&str, Option<&[u8]>> = tags.files.iter().map(|(n, b)| (*n, Some(b.as_slice()))).collect();
    expected_tags.entry(bagit::BAG_INFO).or_insert(None);
    for (name, want) in &expected_tags {
        match on_disk.remove(name.as_bytes()) {
            None => problems.push(problem(name.as_bytes(), ProblemKind::Missing, "标签文件缺失，包不完整")),
            Some(path) => {
                let have = std::fs::read(&path).ok();
                let same = match (want, &have) {
                    (Some(w), Some(h)) => *w == h.as_slice(),
                    (None, Some(h)) => sha256(h) == *bag_info_sha256,
                    _ => false,
                };
                if !same {
                    problems.push(problem(name.as_bytes(), ProblemKind::Changed, "与写入时不一致"));
                }
            }
        }
    }
    // Problems in item order; a file the listing lacks is missing, whatever opened.
    let present: Vec<(&Item, &Vec<u8>, bool)> =
        items.iter().zip(&rels).map(|(item, rel)| (item, rel, on_disk.remove(rel).is_some())).collect();
    let what = match digests {
        Digests::Both => "摘要不符（SHA-256/SM3 与登记时不同）",
        Digests::Sha256 => "摘要不符（SHA-256 与登记时不同）",
    };
    for ((item, rel, listed), hashed) in present.iter().zip(hashed) {
        let hashed = if *listed { hashed } else { None };
        let original = layout.is_renamed(item).then(|| item.path.clone());
        let problem = |path: &[u8], kind, detail: &str| MediumProblem { original: original.clone(), ..problem(path, kind, detail) };
        match hashed {
            None => problems.push(problem(rel, ProblemKind::Missing, "文件缺失")),
            Some(Ok(h)) if h.matches(item) => {}
            Some(Ok(h)) if h.len != item.size as u64 => {
                problems.push(problem(rel, ProblemKind::Changed, &format!("大小不符：应为 {} 字节，实为 {} 字节", item.size, h.len)))
            }
            Some(Ok(_)) => problems.push(problem(rel, ProblemKind::Changed, what)),
            Some(Err(e)) => problems.push(problem(rel, ProblemKind::Changed, &format!("无法读取：{e}"))),
        }
    }
    for rel in on_disk.keys() {
        problems.push(problem(rel, ProblemKind::Extra, "登记中没有这个文件"));
    }
}
