//! The bag of a report package: its `bag-info.txt`, its manifests and tag manifests as
//! written, and the checks of a package before anything in it is believed.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use crate::digest::{dual, dual_of_reader, DualDigest, Sha256, Sm3};
use crate::error::{Error, Result};
use crate::ledger::Checkpoint;
use crate::media::bagit::{one_line, BAGIT_TXT, BAG_INFO, MANIFEST_SHA256, MANIFEST_SM3, TAGMANIFEST_SHA256};
use crate::progress::{CancelToken, JobProgress, Phase, Progress};

pub const TAGMANIFEST_SM3: &str = "tagmanifest-sm3.txt";
pub const SIGNATURE: &str = "tagmanifest-sm3.txt.sig";
pub const RECEIPT: &str = "receipt.txt";
pub const LEDGER: &str = "data/ledger.jsonl";
pub const CATALOG: &str = "data/catalog.sqlite";
pub const STATISTICS: &str = "data/statistics.json";
/// The same statistics as the annual report's tables (年报), for the upper archive's staff
/// to open as they are (CSV, UTF-8 with a byte-order mark).
pub const ANNUAL: &str = "data/annual-report.csv";
pub const OBJECTS: &str = "data/objects";
/// The packages of lower archives a package forwards, each a whole bag as it came.
pub const FORWARDED: &str = "data/forwarded";
/// A package being written; renamed to its name when whole.
pub const PARTIAL: &str = ".partial";

/// What `bag-info.txt` says about a report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportInfo {
    pub from_name: String,
    pub from_region: String,
    pub to_name: String,
    pub to_region: String,
    pub number: i64,
    pub ledger_from: i64,
    pub checkpoint: Checkpoint,
    pub payload_from: i64,
    pub catalog_only: bool,
    /// The lower archive's key that signs `tagmanifest-sm3.txt`.
    pub key: Sm3,
    pub date: String,
    /// Payload bytes and files.
    pub oxum: (u64, u64),
}

/// The package's directory name.
pub fn dir_name(from_region: &str, to_region: &str, number: i64) -> String {
    format!("dengji-report-{from_region}-{to_region}-{number:04}")
}

impl ReportInfo {
    pub fn text(&self) -> String {
        let lines = [
            ("Source-Organization", one_line(&self.from_name)),
            ("External-Identifier", dir_name(&self.from_region, &self.to_region, self.number)),
            ("Bagging-Date", self.date.clone()),
            ("Payload-Oxum", format!("{}.{}", self.oxum.0, self.oxum.1)),
            ("Bag-Software-Agent", format!("Dengji {}", env!("CARGO_PKG_VERSION"))),
            ("Dengji-Report-From-Region", one_line(&self.from_region)),
            ("Dengji-Report-To", one_line(&self.to_name)),
            ("Dengji-Report-To-Region", one_line(&self.to_region)),
            ("Dengji-Report-Number", self.number.to_string()),
            ("Dengji-Ledger-From", self.ledger_from.to_string()),
            ("Dengji-Ledger-Size", self.checkpoint.size.to_string()),
            ("Dengji-Ledger-Head", self.checkpoint.head.to_hex()),
            ("Dengji-Payload-From", self.payload_from.to_string()),
            ("Dengji-Catalog-Only", if self.catalog_only { "yes" } else { "no" }.to_string()),
            ("Dengji-Key-Fingerprint", self.key.to_hex()),
        ];
        lines.iter().map(|(k, v)| format!("{k}: {v}\n")).collect()
    }

    pub fn parse(text: &str) -> Result<ReportInfo> {
        let tags: BTreeMap<&str, &str> = text.lines().filter_map(|l| l.split_once(": ")).collect();
        let get = |k: &str| tags.get(k).map(|v| v.trim().to_string()).ok_or_else(|| Error::ReportInvalid(format!("bag-info.txt 缺少 {k}")));
        let number = |k: &str| -> Result<i64> {
            get(k)?.parse::<i64>().ok().filter(|n| *n >= 0).ok_or_else(|| Error::ReportInvalid(format!("bag-info.txt 的 {k} 不是数字")))
        };
        let oxum = get("Payload-Oxum")?;
        let oxum = oxum
            .split_once('.')
            .and_then(|(b, f)| Some((b.parse().ok()?, f.parse().ok()?)))
            .ok_or_else(|| Error::ReportInvalid("bag-info.txt 的 Payload-Oxum 应为 字节数.文件数".into()))?;
        let info = ReportInfo {
            from_name: get("Source-Organization")?,
            from_region: get("Dengji-Report-From-Region")?,
            to_name: get("Dengji-Report-To")?,
            to_region: get("Dengji-Report-To-Region")?,
            number: number("Dengji-Report-Number")?,
            ledger_from: number("Dengji-Ledger-From")?,
            checkpoint: Checkpoint {
                size: number("Dengji-Ledger-Size")?,
                head: get("Dengji-Ledger-Head")?
                    .parse()
                    .map_err(|_| Error::ReportInvalid("bag-info.txt 的 Dengji-Ledger-Head 不是哈希".into()))?,
            },
            payload_from: number("Dengji-Payload-From")?,
            catalog_only: get("Dengji-Catalog-Only")? == "yes",
            key: get("Dengji-Key-Fingerprint")?
                .parse()
                .map_err(|_| Error::ReportInvalid("bag-info.txt 的 Dengji-Key-Fingerprint 不是指纹".into()))?,
            date: get("Bagging-Date")?,
            oxum,
        };
        if info.ledger_from > info.checkpoint.size || info.payload_from > info.checkpoint.size {
            return Err(Error::ReportInvalid("bag-info.txt 的台账范围自相矛盾".into()));
        }
        Ok(info)
    }
}

/// One payload file: its path in the bag (`data/…`), digests and size.
#[derive(Debug, Clone)]
pub struct PayloadFile {
    pub path: String,
    pub digests: DualDigest,
    pub size: u64,
}

/// The tag files of a package, `tagmanifest-sm3.txt` last (the one signed), given its
/// payload files and `bag-info.txt`.
pub fn tag_files(files: &[PayloadFile], info: &ReportInfo) -> Vec<(&'static str, Vec<u8>)> {
    let mut sorted: Vec<&PayloadFile> = files.iter().collect();
    sorted.sort_by(|a, b| a.path.cmp(&b.path));
    let m256: String = sorted.iter().map(|f| format!("{}  {}\n", f.digests.sha256, f.path)).collect();
    let msm3: String = sorted.iter().map(|f| format!("{}  {}\n", f.digests.sm3, f.path)).collect();
    let mut tags: Vec<(&'static str, Vec<u8>)> = vec![
        ("bagit.txt", BAGIT_TXT.as_bytes().to_vec()),
        (BAG_INFO, info.text().into_bytes()),
        (MANIFEST_SHA256, m256.into_bytes()),
        (MANIFEST_SM3, msm3.into_bytes()),
    ];
    let listed = |digest: &dyn Fn(&[u8]) -> String| -> String { tags.iter().map(|(n, b)| format!("{}  {n}\n", digest(b))).collect() };
    let t256 = listed(&|b| dual(b).sha256.to_hex());
    let tsm3 = listed(&|b| dual(b).sm3.to_hex());
    tags.push((TAGMANIFEST_SHA256, t256.into_bytes()));
    tags.push((TAGMANIFEST_SM3, tsm3.into_bytes()));
    tags
}

/// A package as found: what its `bag-info.txt` says, and the signed tag manifest.
pub struct Package {
    pub dir: PathBuf,
    pub info: ReportInfo,
    pub tagmanifest_sm3: Vec<u8>,
    pub signature: Vec<u8>,
}

/// Opens the package in `dir`, refusing one left half-written.
pub fn open(dir: &Path) -> Result<Package> {
    let incomplete = |why: String| Error::ReportIncomplete { path: dir.to_path_buf(), why };
    if !dir.is_dir() {
        return Err(incomplete("不是一个文件夹".into()));
    }
    if dir.extension().is_some_and(|e| e == &PARTIAL[1..]) {
        return Err(incomplete("导出没有完成（文件夹名以 .partial 结尾）".into()));
    }
    for name in TAG_FILES {
        if !dir.join(name).is_file() {
            return Err(incomplete(format!("缺少 {name}")));
        }
    }
    let read = |name: &str| fs::read(dir.join(name)).map_err(Error::io(dir.join(name)));
    let info = ReportInfo::parse(&String::from_utf8_lossy(&read(BAG_INFO)?))?;
    Ok(Package { dir: dir.to_path_buf(), info, tagmanifest_sm3: read(TAGMANIFEST_SM3)?, signature: read(SIGNATURE)? })
}

/// `<digest>  <path>` lines as a map, refusing anything else.
fn manifest_lines(name: &str, text: &[u8]) -> Result<BTreeMap<String, String>> {
    let text = std::str::from_utf8(text).map_err(|_| Error::ReportInvalid(format!("{name} 不是 UTF-8 文本")))?;
    let mut out = BTreeMap::new();
    for line in text.lines() {
        let (digest, path) = line.split_once("  ").ok_or_else(|| Error::ReportInvalid(format!("{name} 中有一行格式不对：{line}")))?;
        if out.insert(path.to_string(), digest.to_string()).is_some() {
            return Err(Error::ReportInvalid(format!("{name} 把 {path} 列了两次")));
        }
    }
    Ok(out)
}

/// The tag files of a package, the signature included.
pub const TAG_FILES: [&str; 7] = ["bagit.txt", BAG_INFO, MANIFEST_SHA256, MANIFEST_SM3, TAGMANIFEST_SHA256, TAGMANIFEST_SM3, SIGNATURE];

/// Every file under `dir/data`, as bag paths.
fn payload_paths(dir: &Path) -> Result<Vec<String>> {
    let mut out = Vec::new();
    let mut pending = vec![dir.join("data")];
    while let Some(d) = pending.pop() {
        for entry in fs::read_dir(&d).map_err(Error::io(&d))? {
            let entry = entry.map_err(Error::io(&d))?;
            let kind = entry.file_type().map_err(Error::io(entry.path()))?;
            let rel = entry.path().strip_prefix(dir).expect("below the package").to_string_lossy().replace('\\', "/");
            if kind.is_dir() {
                pending.push(entry.path());
            } else if kind.is_file() {
                out.push(rel);
            } else {
                return Err(Error::ReportInvalid(format!("{rel} 不是普通文件")));
            }
        }
    }
    out.sort();
    Ok(out)
}

impl Package {
    /// Checks every tag file against both tag manifests. The signature over
    /// `tagmanifest-sm3.txt` is the caller's to check; with both, `bag-info.txt` is believed.
    pub fn check_tags(&self) -> Result<()> {
        let read = |name: &str| fs::read(self.dir.join(name)).map_err(Error::io(self.dir.join(name)));
        for (tag, sm3) in [(TAGMANIFEST_SHA256, false), (TAGMANIFEST_SM3, true)] {
            let listed = manifest_lines(tag, &read(tag)?)?;
            let want = ["bagit.txt", BAG_INFO, MANIFEST_SHA256, MANIFEST_SM3];
            if listed.keys().map(String::as_str).collect::<Vec<_>>() != {
                let mut w = want.to_vec();
                w.sort();
                w
            } {
                return Err(Error::ReportInvalid(format!("{tag} 应恰好列出 bagit.txt、bag-info.txt 和两个清单")));
            }
            for (name, digest) in &listed {
                let d = dual(&read(name)?);
                let actual = if sm3 { d.sm3.to_hex() } else { d.sha256.to_hex() };
                if &actual != digest {
                    return Err(Error::ReportInvalid(format!("{name} 与 {tag} 所记不符：包被改动过")));
                }
            }
        }
        Ok(())
    }

    /// Checks every payload file against both manifests: no file missing, none added,
    /// `Payload-Oxum` right. After `check_tags` and the signature, every byte is checked.
    /// None when cancelled.
    /// Files in `known` (by full path: a forwarded package's files, hashed already as the
    /// payload of the package they came in) are not read again.
    pub fn check_files(
        &self,
        known: &BTreeMap<PathBuf, (DualDigest, u64)>,
        progress: &dyn Progress,
        cancel: &CancelToken,
    ) -> Result<Option<Vec<PayloadFile>>> {
        let read = |name: &str| fs::read(self.dir.join(name)).map_err(Error::io(self.dir.join(name)));
        let m256 = manifest_lines(MANIFEST_SHA256, &read(MANIFEST_SHA256)?)?;
        let msm3 = manifest_lines(MANIFEST_SM3, &read(MANIFEST_SM3)?)?;
        if m256.keys().ne(msm3.keys()) {
            return Err(Error::ReportInvalid("两个清单列出的文件不同".into()));
        }
        let found = payload_paths(&self.dir)?;
        if let Some(extra) = found.iter().find(|p| !m256.contains_key(*p)) {
            return Err(Error::ReportInvalid(format!("{extra} 不在清单中：包被加入了文件")));
        }
        if let Some(missing) = m256.keys().find(|p| found.binary_search(p).is_err()) {
            return Err(Error::ReportInvalid(format!("清单中的 {missing} 不在包中：包缺了文件")));
        }
        let started = std::time::Instant::now();
        let bytes_total: u64 = found.iter().filter_map(|p| fs::metadata(self.dir.join(p)).ok()).map(|m| m.len()).sum();
        let (mut bytes_done, mut out) = (0u64, Vec::new());
        for (i, path) in found.iter().enumerate() {
            if cancel.is_cancelled() {
                return Ok(None);
            }
            progress.report(&JobProgress {
                phase: Phase::Hashing,
                files_done: i as u64,
                files_total: found.len() as u64,
                bytes_done,
                bytes_total,
                current: Some(path.clone()),
                elapsed: started.elapsed(),
            });
            let full = self.dir.join(path);
            let (digests, size) = match known.get(&full) {
                Some(d) => *d,
                None => dual_of_reader(fs::File::open(&full).map_err(Error::io(&full))?).map_err(Error::io(&full))?,
            };
            if digests.sha256.to_hex() != m256[path] || digests.sm3.to_hex() != msm3[path] {
                return Err(Error::ReportInvalid(format!("{path} 的摘要与清单不符：文件被改动或损坏")));
            }
            bytes_done += size;
            out.push(PayloadFile { path: path.clone(), digests, size });
        }
        if (bytes_done, found.len() as u64) != self.info.oxum {
            return Err(Error::ReportInvalid("Payload-Oxum 与包中的文件数或字节数不符".into()));
        }
        Ok(Some(out))
    }
}

/// The object an `objects/<sha256>` payload path names.
pub fn object_of(path: &str) -> Option<Sha256> {
    path.strip_prefix(OBJECTS)?.strip_prefix('/')?.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn info() -> ReportInfo {
        ReportInfo {
            from_name: "上城区档案馆".into(),
            from_region: "330102".into(),
            to_name: "杭州市档案馆\n".into(),
            to_region: "330100".into(),
            number: 3,
            ledger_from: 10,
            checkpoint: Checkpoint { size: 42, head: crate::digest::sha256(b"h") },
            payload_from: 7,
            catalog_only: false,
            key: crate::digest::sm3(b"k"),
            date: "2026-12-07".into(),
            oxum: (1234, 5),
        }
    }

    #[test]
    fn bag_info_reads_back_what_it_says() {
        let i = info();
        let back = ReportInfo::parse(&i.text()).unwrap();
        assert_eq!(back, ReportInfo { to_name: "杭州市档案馆".into(), ..i.clone() });
        assert!(i.text().contains("External-Identifier: dengji-report-330102-330100-0003\n"));
        let contradicts = ReportInfo { ledger_from: 50, ..i.clone() }.text();
        assert!(matches!(ReportInfo::parse(&contradicts), Err(Error::ReportInvalid(_))));
        assert!(ReportInfo::parse(&i.text().replace("Dengji-Report-Number: 3\n", "")).is_err());
        assert_eq!(object_of(&format!("data/objects/{}", crate::digest::sha256(b"x"))), Some(crate::digest::sha256(b"x")));
        assert_eq!(object_of("data/catalog.sqlite"), None);
    }

    #[test]
    fn the_signed_tag_manifest_covers_every_other_tag_file() {
        let files = vec![PayloadFile { path: LEDGER.into(), digests: dual(b"x"), size: 1 }];
        let tags = tag_files(&files, &info());
        let names: Vec<&str> = tags.iter().map(|(n, _)| *n).collect();
        assert_eq!(names.last(), Some(&TAGMANIFEST_SM3));
        let signed = String::from_utf8(tags.last().unwrap().1.clone()).unwrap();
        for name in ["bagit.txt", BAG_INFO, MANIFEST_SHA256, MANIFEST_SM3] {
            assert!(signed.contains(&format!("  {name}\n")), "{name}");
        }
    }
}
