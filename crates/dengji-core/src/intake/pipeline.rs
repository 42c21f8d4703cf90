//! The intake pipeline: walker -> hashing workers -> batched catalog commits.

use std::fs::File;
use std::io::Read;
use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant, SystemTime};

use crate::catalog::Conn;
use chrono::{DateTime, SecondsFormat, Utc};
use crossbeam_channel::{bounded, RecvTimeoutError};

use super::checksums::{self, Algorithm};
use super::format;
use super::walk::{walk, Entry, FileEntry, Problem, Root};
use crate::archive::Archive;
use crate::digest::{sha256, DualDigest, DualHasher, Extra};
use crate::error::{Error, Result};
use crate::ids::RegistrationId;
use crate::ledger;
use crate::pathenc;
use crate::progress::{CancelToken, JobProgress, Phase, Progress};
use crate::registrations::{items_store, FindingKind, RecordKind};
use crate::stamp::Stamp;
use crate::vault::{Staged, Vault};

const BATCH_FILES: usize = 1024;
const BATCH_BYTES: u64 = 256 << 20;
const BATCH_AGE: Duration = Duration::from_millis(1500);
const REPORT_EVERY: Duration = Duration::from_millis(100);
const CHUNK: usize = 1 << 20;

pub(super) struct Outcome {
    pub files: u64,
    pub bytes: u64,
    pub unchanged: u64,
    pub cancelled: bool,
}

struct Taken {
    rel: Vec<u8>,
    size: u64,
    mtime: Option<String>,
    digest: DualDigest,
    /// MD5 and SHA-1, when a depositor's list in this intake needs them.
    extra: Extra,
    format: &'static str,
    pages: Option<i64>,
    /// What the four-property check needs to know of the content, found in this read
    /// pass (`check::intake_facts`, JSON).
    inspection: Option<String>,
    /// The object's temp file, None when the vault already held it.
    staged: Option<Staged>,
}

enum Done {
    Taken(Box<Taken>),
    Unchanged(u64),
    Problem(Problem),
    /// Writing the vault failed (disk full, I/O error): the job stops.
    Fatal(Error),
    Stopped,
}

fn mtime_text(t: Option<SystemTime>) -> Option<String> {
    t.map(|t| DateTime::<Utc>::from(t).to_rfc3339_opts(SecondsFormat::Nanos, true))
}

fn file_name(rel: &[u8]) -> String {
    let s = String::from_utf8_lossy(rel);
    s.rsplit('/').next().unwrap_or_default().to_string()
}

/// What pass 1 found: totals for progress and ETA, and whether an MD5 or SHA-1 list is
/// present (those digests are computed only then).
#[derive(Debug, Clone, Copy)]
pub(super) struct Scan {
    pub files: u64,
    pub bytes: u64,
    pub need_md5: bool,
    pub need_sha1: bool,
}

/// Pass 1: a metadata-only walk. None when cancelled.
pub(super) fn scan(roots: &[Root], progress: &dyn Progress, cancel: &CancelToken) -> Option<Scan> {
    let start = Instant::now();
    let mut scan = Scan { files: 0, bytes: 0, need_md5: false, need_sha1: false };
    for root in roots {
        if root.is_dir {
            super::warm::warm(&root.abs, cancel);
        }
        walk(root, |e| {
            if let Entry::File(f) = &e {
                scan.files += 1;
                scan.bytes += f.size;
                match checksums::algorithm_of(&file_name(&f.rel)) {
                    Some(Algorithm::Md5) => scan.need_md5 = true,
                    Some(Algorithm::Sha1) => scan.need_sha1 = true,
                    _ => {}
                }
                progress.report(&JobProgress {
                    phase: Phase::Scanning,
                    files_done: 0,
                    files_total: scan.files,
                    bytes_done: 0,
                    bytes_total: scan.bytes,
                    current: Some(pathenc::display(&f.rel)),
                    elapsed: start.elapsed(),
                });
            }
            !cancel.is_cancelled()
        });
    }
    (!cancel.is_cancelled()).then_some(scan)
}

/// Pass 2: read, hash, store and catalogue every file.
pub(super) fn run(
    archive: &mut Archive,
    id: RegistrationId,
    roots: &[Root],
    scan: &Scan,
    stamp: &Stamp,
    progress: &dyn Progress,
    cancel: &CancelToken,
) -> Result<Outcome> {
    let start = Instant::now();
    // Reported on every event and every tick; ports that draw throttle (progress::Throttled).
    let report = |p: JobProgress| progress.report(&p);

    let Scan { files: files_total, bytes: bytes_total, need_md5, need_sha1 } = *scan;
    let vault = archive.vault().clone();
    let kind = archive.registration(id)?.kind;
    let scratch = vault.scratch(&format!("intake-{}", id.0))?;
    let catalog_at = (archive.dir().to_path_buf(), archive.catalog_location().clone());
    // Small files: more reads and creates in flight than cores (see transfer::workers).
    let workers = crate::transfer::workers(files_total as usize, bytes_total);
    let (job_tx, job_rx) = bounded::<FileEntry>(workers * 4);
    // Room for a whole batch, so workers keep hashing while the calling thread settles
    // and commits the previous one.
    let (out_tx, out_rx) = bounded::<Done>(BATCH_FILES * 2);
    let bytes_read = AtomicU64::new(0);
    let fatal = AtomicBool::new(false);
    let stop = || cancel.is_cancelled() || fatal.load(Ordering::SeqCst);

    let mut outcome = Outcome { files: 0, bytes: 0, unchanged: 0, cancelled: false };
    let mut first_error: Option<Error> = None;
    let (mut files_done, mut unchanged_bytes) = (0u64, 0u64);
    let mut batch: Vec<Taken> = Vec::new();
    let mut problems: Vec<Problem> = Vec::new();
    let mut batch_bytes = 0u64;
    let mut batch_started = Instant::now();
    let mut current: Option<String> = None;

    std::thread::scope(|s| {
        let walker_out = out_tx.clone();
        let stop_ref = &stop;
        s.spawn(move || {
            let reader = crate::catalog::open_reader(&catalog_at.0, &catalog_at.1).ok();
            // A draft with no items yet (a new intake) has nothing unchanged: no query per file.
            let reader = reader.filter(|r| items_store::has_items(r, id).unwrap_or(true));
            for root in roots {
                walk(root, |e| {
                    if stop_ref() {
                        return false;
                    }
                    let sent = match e {
                        Entry::File(f) => {
                            if is_unchanged(reader.as_ref(), id, &f) {
                                walker_out.send(Done::Unchanged(f.size)).is_ok()
                            } else {
                                job_tx.send(f).is_ok()
                            }
                        }
                        Entry::Problem(p) => walker_out.send(Done::Problem(p)).is_ok(),
                    };
                    sent
                });
            }
        });
        for w in 0..workers {
            let rx = job_rx.clone();
            let tx = out_tx.clone();
            let (vault, scratch, bytes_read, stop_ref) = (&vault, &scratch, &bytes_read, &stop);
            s.spawn(move || {
                let mut buf = vec![0u8; CHUNK];
                for (n, f) in rx.iter().enumerate() {
                    // After a stop, keep draining so the walker never blocks on a full channel.
                    let done = if stop_ref() {
                        Done::Stopped
                    } else {
                        let into = Destination { vault, scratch, tmp_name: &format!("{w}-{n}.part"), kind };
                        take_file(&into, &f, (need_md5, need_sha1), &mut buf, bytes_read, stop_ref)
                    };
                    if tx.send(done).is_err() {
                        return;
                    }
                }
            });
        }
        drop(out_tx);
        drop(job_rx);

        loop {
            match out_rx.recv_timeout(REPORT_EVERY) {
                Ok(Done::Taken(t)) => {
                    files_done += 1;
                    outcome.files += 1;
                    outcome.bytes += t.size;
                    batch_bytes += t.size;
                    current = Some(pathenc::display(&t.rel));
                    batch.push(*t);
                }
                Ok(Done::Unchanged(size)) => {
                    files_done += 1;
                    outcome.unchanged += 1;
                    unchanged_bytes += size;
                }
                Ok(Done::Problem(p)) => {
                    files_done += 1;
                    problems.push(p);
                }
                Ok(Done::Fatal(e)) => {
                    fatal.store(true, Ordering::SeqCst);
                    first_error.get_or_insert(e);
                }
                Ok(Done::Stopped) => {}
                Err(RecvTimeoutError::Timeout) => {}
                Err(RecvTimeoutError::Disconnected) => break,
            }
            let due = batch.len() >= BATCH_FILES || batch_bytes >= BATCH_BYTES || batch_started.elapsed() >= BATCH_AGE;
            if due && (!batch.is_empty() || !problems.is_empty()) && first_error.is_none() {
                if let Err(e) = flush(archive.conn_mut(), &vault, id, stamp, &mut batch, &mut problems) {
                    fatal.store(true, Ordering::SeqCst);
                    first_error = Some(e);
                }
                batch_bytes = 0;
                batch_started = Instant::now();
            }
            let p = JobProgress {
                phase: Phase::Hashing,
                files_done,
                files_total: files_total.max(files_done),
                bytes_done: bytes_read.load(Ordering::Relaxed) + unchanged_bytes,
                bytes_total,
                current: current.clone(),
                elapsed: start.elapsed(),
            };
            report(p);
        }
    });

    // Whatever finished before a cancel or a fatal error is kept: it is complete and durable.
    if !batch.is_empty() || !problems.is_empty() {
        if let Err(e) = flush(archive.conn_mut(), &vault, id, stamp, &mut batch, &mut problems) {
            first_error.get_or_insert(e);
        }
    }
    let _ = std::fs::remove_dir_all(&scratch);
    if let Some(e) = first_error {
        return Err(e);
    }
    outcome.cancelled = cancel.is_cancelled();
    let p = JobProgress {
        phase: Phase::Finishing,
        files_done,
        files_total,
        bytes_done: bytes_read.load(Ordering::Relaxed) + unchanged_bytes,
        bytes_total,
        current: None,
        elapsed: start.elapsed(),
    };
    report(p);
    Ok(outcome)
}

/// A file already catalogued in this draft with the same size and mtime is not read again.
fn is_unchanged(reader: Option<&Conn>, id: RegistrationId, f: &FileEntry) -> bool {
    let Some(conn) = reader else { return false };
    let row = items_store::size_and_mtime(conn, id, &f.rel).unwrap_or(None);
    matches!(row, Some((size, mtime)) if size as u64 == f.size && mtime.is_some() && mtime == mtime_text(f.mtime))
}

/// Where a file read goes: the vault, the job's temp area and the temp's name, and the
/// registration's kind (large files of business data are stored as chunks).
struct Destination<'a> {
    vault: &'a Vault,
    scratch: &'a Path,
    tmp_name: &'a str,
    kind: RecordKind,
}

fn take_file(
    into: &Destination<'_>,
    f: &FileEntry,
    (md5, sha1): (bool, bool),
    buf: &mut [u8],
    bytes_read: &AtomicU64,
    stop: &dyn Fn() -> bool,
) -> Done {
    let Destination { vault, scratch, tmp_name, kind: record_kind } = *into;
    let problem = |kind: FindingKind, detail: String| Done::Problem(Problem { rel: f.rel.clone(), kind, detail, blocking: true });
    let mut file = match File::open(&f.abs) {
        Ok(file) => file,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return problem(FindingKind::Vanished, "扫描后、读取前文件已被删除或移走".into())
        }
        Err(e) => return problem(FindingKind::Unreadable, format!("无法打开：{e}")),
    };
    // A file bigger than the vault's free space (a huge or sparse file) is refused before a
    // byte is read, rather than filling the disk and failing at the end.
    if let Ok(free) = fs4::available_space(scratch) {
        if f.size > free {
            return problem(
                FindingKind::NoSpace,
                format!("文件有 {} 字节，保管库所在磁盘只剩 {free} 字节可用，未接收：请先扩充保管库空间，再重新接收", f.size),
            );
        }
    }
    // Begun once the first bytes say what the file is (a PDF is stored whole).
    let mut pending = None;
    let mut hasher = DualHasher::with(md5, sha1);
    let mut n = 0u64;
    let mut format = None;
    // The content kept for its inspection: whole up to a limit, else its first bytes.
    let whole = f.size <= crate::check::KEEP_WHOLE;
    let mut kept: Vec<u8> = Vec::with_capacity(if whole { f.size as usize } else { crate::check::KEEP_HEAD });
    loop {
        if stop() {
            return Done::Stopped;
        }
        let k = match file.read(buf) {
            Ok(k) => k,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return problem(FindingKind::Unreadable, format!("读取到第 {n} 字节时出错：{e}")),
        };
        if format.is_none() {
            format = Some(format::detect(&buf[..k], &file_name(&f.rel)));
        }
        if k == 0 {
            break;
        }
        hasher.update(&buf[..k]);
        if whole && kept.len() + k <= crate::check::KEEP_WHOLE as usize {
            kept.extend_from_slice(&buf[..k]);
        } else if kept.len() < crate::check::KEEP_HEAD {
            kept.extend_from_slice(&buf[..k.min(crate::check::KEEP_HEAD - kept.len())]);
        }
        let object = match &mut pending {
            Some(p) => p,
            None => {
                let chunked = crate::vault::chunked_wanted(f.size, record_kind, format.unwrap_or_default());
                let begun = if chunked { vault.begin_chunked(scratch, tmp_name) } else { vault.begin(scratch, tmp_name) };
                match begun {
                    Ok(p) => pending.insert(p),
                    Err(e) => return Done::Fatal(e),
                }
            }
        };
        if let Err(e) = object.write_all(&buf[..k]) {
            return Done::Fatal(e);
        }
        n += k as u64;
        bytes_read.fetch_add(k as u64, Ordering::Relaxed);
    }
    // The file must be the one the walk saw, else the digest belongs to no real state of it.
    let after = file.metadata();
    let changed = match &after {
        Ok(m) => m.len() != f.size || n != f.size || m.modified().ok() != f.mtime,
        Err(_) => true,
    };
    if changed {
        return problem(FindingKind::ChangedDuringRead, "读取过程中文件被修改（大小或修改时间变化）：请在文件稳定后重新接收".into());
    }
    let (digest, extra) = hasher.finish();
    let pending = match pending.map_or_else(|| vault.begin(scratch, tmp_name), Ok) {
        Ok(p) => p,
        Err(e) => return Done::Fatal(e),
    };
    let staged = match vault.stage(pending, &digest.sha256) {
        Ok(s) => s,
        Err(e) => return Done::Fatal(e),
    };
    let format = format.unwrap_or("EMPTY");
    let pages = if format == "PDF" {
        // The new object's temp, or the vault's copy of content it already held.
        match staged.as_ref().and_then(|s| s.path()) {
            Some(path) => format::pdf_pages(path, n),
            None => vault.local_file(&digest.sha256).ok().and_then(|f| format::pdf_pages(f.path(), n)),
        }
    } else {
        None
    };
    let inspection = crate::check::intake_facts(format, &kept, whole && kept.len() as u64 == n);
    Done::Taken(Box::new(Taken {
        rel: f.rel.clone(),
        size: n,
        mtime: mtime_text(f.mtime),
        digest,
        extra,
        format,
        pages,
        inspection,
        staged,
    }))
}

/// Commits one batch: its objects settled in the vault (durable under their names) first,
/// then the rows and ledger entry.
fn flush(
    conn: &mut Conn,
    vault: &Vault,
    id: RegistrationId,
    stamp: &Stamp,
    batch: &mut Vec<Taken>,
    problems: &mut Vec<Problem>,
) -> Result<()> {
    vault.settle(batch.iter_mut().filter_map(|t| t.staged.as_mut()))?;
    let tx = conn.transaction()?;
    let mut digest_lines = String::new();
    let mut bytes = 0u64;
    let at = stamp.at_text();
    let rows: Vec<items_store::TakenItem<'_>> = batch
        .iter()
        .map(|t| items_store::TakenItem {
            rel: &t.rel,
            path: pathenc::display(&t.rel),
            size: t.size as i64,
            mtime: t.mtime.as_deref(),
            digest: &t.digest,
            md5: t.extra.md5.map(hex::encode),
            sha1: t.extra.sha1.map(hex::encode),
            format: t.format,
            pages: t.pages,
            inspection: t.inspection.as_deref(),
        })
        .collect();
    // A later successful read of a path clears the read problems earlier runs found there.
    items_store::put_items(&tx, id, &rows, &at, FindingKind::READ)?;
    for t in batch.iter() {
        digest_lines.push_str(&format!("{} {} {} {}\n", t.digest.sha256, t.digest.sm3, t.size, pathenc::manifest_encode(&t.rel)));
        bytes += t.size;
    }
    for p in problems.iter() {
        items_store::put_finding(
            &tx,
            id,
            &items_store::NewFinding { kind: p.kind, path: &pathenc::display(&p.rel), detail: &p.detail, blocking: p.blocking },
            &at,
        )?;
    }
    if !batch.is_empty() {
        ledger::append(
            &tx,
            stamp,
            "registration.add_items",
            &id.subject(),
            &serde_json::json!({"count": batch.len(), "bytes": bytes, "batch_sha256": sha256(digest_lines.as_bytes()).to_hex()}),
        )?;
    }
    if !problems.is_empty() {
        let paths: Vec<String> = problems.iter().map(|p| pathenc::display(&p.rel)).collect();
        ledger::append(&tx, stamp, "registration.intake_problems", &id.subject(), &serde_json::json!({"paths": paths}))?;
    }
    tx.commit()?;
    batch.clear();
    problems.clear();
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::Cell;
    use std::io::{Seek, Write};
    use std::path::PathBuf;

    /// Reads `a.bin` (three chunks) and lets `meddle` change it after the first chunk.
    fn take_while(meddle: impl Fn(&Path)) -> (Done, Vault, PathBuf, tempfile::TempDir) {
        let tmp = tempfile::tempdir().unwrap();
        let vault = Vault::create(&tmp.path().join("vault")).unwrap();
        let scratch = vault.scratch("t").unwrap();
        let src = tmp.path().join("a.bin");
        std::fs::write(&src, vec![7u8; 3 * 4096]).unwrap();
        let m = std::fs::metadata(&src).unwrap();
        let f = FileEntry { abs: src.clone(), rel: b"a.bin".to_vec(), size: m.len(), mtime: m.modified().ok() };
        let calls = Cell::new(0);
        // `stop` is asked before every read: the second time, one chunk has been read.
        let stop = || {
            calls.set(calls.get() + 1);
            if calls.get() == 2 {
                meddle(&src);
            }
            false
        };
        let done = take_file(
            &Destination { vault: &vault, scratch: &scratch, tmp_name: "x.part", kind: RecordKind::Electronic },
            &f,
            (false, false),
            &mut vec![0u8; 4096],
            &AtomicU64::new(0),
            &stop,
        );
        (done, vault, scratch, tmp)
    }

    fn assert_refused(done: Done, vault: &Vault, scratch: &Path) {
        match done {
            Done::Problem(p) => assert_eq!((p.kind, p.blocking), (FindingKind::ChangedDuringRead, true)),
            _ => panic!("a file changed while read must be a blocking finding, not an item"),
        }
        assert!(std::fs::read_dir(scratch).unwrap().next().is_none(), "no temp left");
        assert!(vault.list().unwrap().is_empty(), "nothing stored under a digest of no real state");
    }

    #[test]
    fn a_file_that_grows_while_read_is_refused() {
        let (done, vault, scratch, _tmp) = take_while(|p| {
            std::fs::OpenOptions::new().append(true).open(p).unwrap().write_all(b"more").unwrap();
        });
        assert_refused(done, &vault, &scratch);
    }

    #[test]
    fn a_file_rewritten_in_place_while_read_is_refused() {
        let (done, vault, scratch, _tmp) = take_while(|p| {
            let mut f = std::fs::OpenOptions::new().write(true).open(p).unwrap();
            f.seek(std::io::SeekFrom::Start(10_000)).unwrap();
            f.write_all(b"changed").unwrap();
            // Same size; the clock may not have ticked since the walk, so move mtime on as a
            // later write would.
            f.set_modified(SystemTime::now() + Duration::from_secs(2)).unwrap();
        });
        assert_refused(done, &vault, &scratch);
    }

    #[test]
    fn a_file_larger_than_the_free_space_is_refused_before_it_is_read() {
        let tmp = tempfile::tempdir().unwrap();
        let vault = Vault::create(&tmp.path().join("vault")).unwrap();
        let scratch = vault.scratch("t").unwrap();
        let free = fs4::available_space(&scratch).unwrap();
        // Sparse: no disk space used, and never read.
        let src = tmp.path().join("huge.img");
        let size = free.max(50 << 30) + (1 << 30);
        File::create(&src).unwrap().set_len(size).unwrap();
        let f = FileEntry { abs: src, rel: b"huge.img".to_vec(), size, mtime: None };
        let read = AtomicU64::new(0);
        match take_file(
            &Destination { vault: &vault, scratch: &scratch, tmp_name: "x.part", kind: RecordKind::Electronic },
            &f,
            (false, false),
            &mut vec![0u8; 4096],
            &read,
            &|| false,
        ) {
            Done::Problem(p) => {
                assert_eq!(p.kind, FindingKind::NoSpace);
                assert!(p.detail.contains("保管库") && p.detail.contains(&size.to_string()), "{}", p.detail);
            }
            _ => panic!("a file larger than the free space must be refused"),
        }
        assert_eq!(read.load(Ordering::Relaxed), 0);
    }
}
