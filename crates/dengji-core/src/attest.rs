//! Attestation (鉴证): is a presented file identical to a registered one? Each file is
//! hashed (SM3 and SHA-256) and looked up among the items of sealed registrations; a
//! match names the unit, registration, path, seal time and the media sets holding the
//! registration with their last verification. With no match, registered files of the same
//! name are listed, since "same name, different content" is what a dispute turns on.
//! Every attestation is a ledger entry, and the report carries the checkpoint after it.
use chrono::{DateTime, Utc};

use std::fs::File;
use std::path::{Path, PathBuf};
use std::time::Instant;

use crate::catalog::params;
use serde::Serialize;

use crate::accounts::Role;
use crate::archive::Archive;
use crate::digest::{dual_of_reader, Sha256, Sm3};
use crate::error::{Error, Result};
use crate::ledger::{self, Checkpoint};
use crate::pathenc;
use crate::progress::{CancelToken, JobProgress, NoProgress, Phase, Progress};
use crate::stamp::Stamp;

const REPORT_EVERY: u64 = 32 << 20;

/// Why a `Watched` read failed: its watcher said stop.
#[derive(Debug)]
struct Stopped;

impl std::fmt::Display for Stopped {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("cancelled")
    }
}

impl std::error::Error for Stopped {}

/// A reader that tells `on_bytes` what it read; `false` stops it (cancelled).
struct Watched<'a, R> {
    inner: R,
    on_bytes: &'a mut dyn FnMut(u64) -> bool,
}

impl<R: std::io::Read> std::io::Read for Watched<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        if !(self.on_bytes)(n as u64) {
            return Err(std::io::Error::other(Stopped));
        }
        Ok(n)
    }
}

fn report_done(progress: &dyn Progress, files: usize, bytes_done: u64, bytes_total: u64, started: Instant) {
    progress.report(&JobProgress {
        phase: Phase::Hashing,
        files_done: files as u64,
        files_total: files as u64,
        bytes_done,
        bytes_total,
        current: None,
        elapsed: started.elapsed(),
    });
}

#[derive(Debug, Clone, Serialize)]
pub struct Attestation {
    /// The ledger entry that records it (鉴证记录号).
    pub seq: i64,
    pub at: DateTime<Utc>,
    pub operator: String,
    pub files: Vec<AttestedFile>,
    /// The lower archives whose reported catalog copies were searched too, as held here.
    pub lower: Vec<HeldBy>,
    /// The ledger checkpoint including this attestation's own entry.
    pub checkpoint: Checkpoint,
}

impl Attestation {
    /// Every presented file is identical to a registered one.
    pub fn all_registered(&self) -> bool {
        self.files.iter().all(|f| !f.matches.is_empty())
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct AttestedFile {
    /// The file's name as presented (no folders: the presenter's paths are not evidence).
    pub name: String,
    pub size: u64,
    pub sha256: Sha256,
    pub sm3: Sm3,
    /// Registered files with identical content (same size, SM3 and SHA-256).
    pub matches: Vec<RegisteredCopy>,
    /// With no match: registered files of the same name, whose content differs.
    pub same_name: Vec<RegisteredCopy>,
}

#[derive(Debug, Clone, Serialize)]
pub struct RegisteredCopy {
    pub registration_number: String,
    pub unit_name: String,
    pub unit_uscc: Option<String>,
    pub path: String,
    pub size: i64,
    pub sha256: Sha256,
    pub sm3: Sm3,
    pub sealed_at: DateTime<Utc>,
    /// When this registered file was disposed of (销毁): its record and digests remain,
    /// the archive no longer holds its content.
    pub disposed_at: Option<DateTime<Utc>>,
    /// Media holding the registration's bag, with their last verification (a lower
    /// archive's own media, as its copy lists them).
    pub media: Vec<HeldOn>,
    /// For a registration of a lower archive: whose, and the copy it was found in. None:
    /// this archive's own.
    pub held_by: Option<HeldBy>,
}

/// A lower archive's catalog copy that an upper archive searched: the archive and the report
/// that brought the copy.
#[derive(Debug, Clone, Serialize)]
pub struct HeldBy {
    pub archive: String,
    pub region_code: String,
    /// The report's number and when it was taken in.
    pub report: i64,
    pub received_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Serialize)]
pub struct HeldOn {
    pub label: String,
    pub set: String,
    pub kind: String,
    pub last_verified_at: Option<DateTime<Utc>>,
    /// `ok` or `problems`, of the last verification.
    pub last_result: Option<String>,
}

const COPY_SELECT: &str = "SELECT r.id, r.registration_number, u.name, u.uscc, i.path, i.size, i.sha256, i.sm3, r.sealed_at,
        (SELECT d.disposed_at FROM disposed_items d WHERE d.item_id = i.id)
     FROM items i JOIN registrations r ON r.id = i.registration_id JOIN units u ON u.id = r.unit_id
     WHERE r.status = 'sealed'";

impl Archive {
    /// Attests each file at `paths` against the sealed registrations, and records it.
    pub fn attest(&mut self, paths: &[PathBuf], stamp: &Stamp) -> Result<Attestation> {
        self.attest_with(paths, stamp, &NoProgress, &CancelToken::new())
    }

    /// `attest`, reporting files and bytes hashed as it goes (a folder of presented files
    /// can take minutes); cancelled, it records nothing and says so.
    pub fn attest_with(&mut self, paths: &[PathBuf], stamp: &Stamp, progress: &dyn Progress, cancel: &CancelToken) -> Result<Attestation> {
        self.authorize(stamp, &[Role::Clerk, Role::Reviewer], "鉴证文件")?;
        if paths.is_empty() {
            return Err(Error::Empty { what: "要鉴证的文件" });
        }
        let started = Instant::now();
        let lower = self.lower_copies()?;
        // Sizes first, for the progress bar; a missing file is named by attest_one below.
        let bytes_total: u64 = paths.iter().filter_map(|p| std::fs::metadata(p).ok()).map(|m| m.len()).sum();
        let mut bytes_done = 0u64;
        let mut files = Vec::with_capacity(paths.len());
        for path in paths {
            if cancel.is_cancelled() {
                return Err(Error::AttestCancelled);
            }
            let report = |bytes_done: u64, files_done: usize| {
                progress.report(&JobProgress {
                    phase: Phase::Hashing,
                    files_done: files_done as u64,
                    files_total: paths.len() as u64,
                    bytes_done,
                    bytes_total,
                    current: Some(path.display().to_string()),
                    elapsed: started.elapsed(),
                })
            };
            report(bytes_done, files.len());
            let (before, done_files) = (bytes_done, files.len());
            let (mut read, mut since) = (0u64, 0u64);
            let mut on_bytes = |n: u64| {
                read += n;
                since += n;
                if since >= REPORT_EVERY {
                    since = 0;
                    report(before + read, done_files);
                }
                !cancel.is_cancelled()
            };
            let attested = self.attest_one(path, &lower, &mut on_bytes)?;
            bytes_done += attested.size;
            files.push(attested);
        }
        report_done(progress, paths.len(), bytes_done, bytes_total, started);
        let payload = serde_json::json!({
            "files": files.iter().map(|f| serde_json::json!({
                "name": f.name, "size": f.size, "sha256": f.sha256, "sm3": f.sm3,
                "matches": f.matches.iter().map(|m| {
                    let mut v = serde_json::json!({"registration_number": m.registration_number, "path": m.path, "disposed_at": m.disposed_at});
                    if let Some(h) = &m.held_by {
                        v["archive"] = h.archive.clone().into();
                    }
                    v
                }).collect::<Vec<_>>(),
                "same_name": f.same_name.iter().map(|m| serde_json::json!({"registration_number": m.registration_number, "path": m.path})).collect::<Vec<_>>(),
            })).collect::<Vec<_>>(),
        });
        let mut payload = payload;
        let held: Vec<HeldBy> = lower.iter().map(|(h, _)| h.clone()).collect();
        if !held.is_empty() {
            // Which copies were searched is part of the evidence: a later report changes them.
            payload["lower"] = held.iter().map(|h| serde_json::json!({"archive": h.archive, "report": h.report})).collect();
        }
        let tx = self.conn_mut().transaction()?;
        let seq = ledger::append(&tx, stamp, "attestation", "attestation", &payload)?;
        let checkpoint = ledger::checkpoint(&tx)?;
        tx.commit()?;
        Ok(Attestation { seq, at: stamp.at, operator: stamp.operator.clone(), files, lower: held, checkpoint })
    }

    /// The attestation report (鉴证报告) as a PDF; it names the key that will sign it when
    /// the key is unlocked (`report_signature`).
    pub fn attestation_report(&self, attestation: &Attestation) -> Result<Vec<u8>> {
        crate::cert::render_attestation(attestation, &self.info()?.name, self.report_signature_note().as_deref())
    }

    fn attest_one(&self, path: &Path, lower: &[(HeldBy, Archive)], on_bytes: &mut dyn FnMut(u64) -> bool) -> Result<AttestedFile> {
        let meta = std::fs::metadata(path).map_err(|_| Error::AttestMissing(path.to_path_buf()))?;
        if !meta.is_file() {
            return Err(Error::AttestNotAFile(path.to_path_buf()));
        }
        let file = File::open(path).map_err(Error::io(path))?;
        let (digest, size) = match dual_of_reader(Watched { inner: file, on_bytes }) {
            Ok(d) => d,
            Err(e) if e.get_ref().is_some_and(|inner| inner.is::<Stopped>()) => return Err(Error::AttestCancelled),
            Err(e) => return Err(Error::Io { path: path.to_path_buf(), source: e }),
        };
        let name = path.file_name().map(|n| pathenc::display(&pathenc::os_bytes(n))).unwrap_or_default();
        let (mut matches, mut same_name) = (Vec::new(), Vec::new());
        let sources = std::iter::once((None, self)).chain(lower.iter().map(|(h, copy)| (Some(h), copy)));
        for (held_by, archive) in sources.clone() {
            let found = archive.registered_copies(
                &format!("{COPY_SELECT} AND i.sha256 = ?1 AND i.sm3 = ?2 AND i.size = ?3"),
                params![digest.sha256, digest.sm3, size as i64],
            )?;
            matches.extend(found.into_iter().map(|c| RegisteredCopy { held_by: held_by.cloned(), ..c }));
        }
        if matches.is_empty() && !name.is_empty() {
            // Paths are stored NFC with `/` separators, so the name is the last component.
            let like = format!("%/{}", name.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_"));
            for (held_by, archive) in sources {
                let found = archive
                    .registered_copies(&format!("{COPY_SELECT} AND (i.path = ?1 OR i.path LIKE ?2 ESCAPE '\\')"), params![name, like])?;
                same_name.extend(found.into_iter().map(|c| RegisteredCopy { held_by: held_by.cloned(), ..c }));
            }
        }
        Ok(AttestedFile { name, size, sha256: digest.sha256, sm3: digest.sm3, matches, same_name })
    }

    fn registered_copies(&self, sql: &str, args: impl crate::catalog::Params) -> Result<Vec<RegisteredCopy>> {
        let mut st = self.conn().prepare(&format!("{sql} ORDER BY r.seq_year, r.seq, i.path"))?;
        let rows = st.query_map(args, |r| {
            Ok((
                r.get::<_, i64>(0)?,
                RegisteredCopy {
                    registration_number: r.get(1)?,
                    unit_name: r.get(2)?,
                    unit_uscc: r.get(3)?,
                    path: r.get(4)?,
                    size: r.get(5)?,
                    sha256: r.get(6)?,
                    sm3: r.get(7)?,
                    sealed_at: r.get(8)?,
                    disposed_at: r.get(9)?,
                    media: Vec::new(),
                    held_by: None,
                },
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (registration, mut copy) = row?;
            copy.media = self.held_on(registration)?;
            out.push(copy);
        }
        Ok(out)
    }

    fn held_on(&self, registration: i64) -> Result<Vec<HeldOn>> {
        let mut st = self.conn().prepare(
            "SELECT m.label, m.set_name, m.kind, m.last_verified_at, m.last_result
             FROM media_bags b JOIN media m ON m.id = b.medium_id WHERE b.registration_id = ?1 ORDER BY m.set_name, m.label",
        )?;
        let rows = st.query_map([registration], |r| {
            Ok(HeldOn { label: r.get(0)?, set: r.get(1)?, kind: r.get(2)?, last_verified_at: r.get(3)?, last_result: r.get(4)? })
        })?;
        Ok(rows.collect::<crate::catalog::SqlResult<_>>()?)
    }
}
