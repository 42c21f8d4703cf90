//! The one read pass of a check: each item's vault object is read once, the same bytes
//! feed SM3 and SHA-256 (the re-hash against the catalog) and, kept in memory up to a
//! limit, the content inspection. Items are spread over worker threads (SM3 is the
//! bottleneck); progress is reported per file and per 32 MiB, and cancellation is
//! honoured between chunks.

use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::Instant;

use super::inspect::{self, Facts};
use crate::digest::{DualHasher, Sha256, Sm3};
use crate::progress::{CancelToken, JobProgress, Phase, Progress};
use crate::registrations::Item;
use crate::vault::Vault;

/// Larger objects are hashed in full but only their first `HEAD` bytes are inspected.
const MAX_WHOLE: u64 = 256 << 20;
const HEAD: usize = 1 << 20;
const REPORT_EVERY: u64 = 32 << 20;

/// What reading one item's object found.
#[derive(Debug)]
pub(crate) enum Read {
    Missing,
    Failed(String),
    /// The object's content is not what the catalog recorded.
    Changed {
        size: u64,
        sha256: Sha256,
        sm3: Sm3,
    },
    Intact(Box<Facts>),
    Cancelled,
}

/// Reads every item's object once (in item order in the result); `None` for items not
/// reached before cancellation.
pub(crate) fn read_all(vault: &Vault, items: &[Item], progress: &dyn Progress, cancel: &CancelToken) -> Vec<Option<Read>> {
    let started = Instant::now();
    let bytes_total: u64 = items.iter().map(|i| i.size.max(0) as u64).sum();
    let next = AtomicUsize::new(0);
    let (files_done, bytes_done) = (AtomicU64::new(0), AtomicU64::new(0));
    let results: Mutex<Vec<Option<Read>>> = Mutex::new((0..items.len()).map(|_| None).collect());
    let report = |current: &str| {
        progress.report(&JobProgress {
            phase: Phase::Hashing,
            files_done: files_done.load(Ordering::Relaxed),
            files_total: items.len() as u64,
            bytes_done: bytes_done.load(Ordering::Relaxed),
            bytes_total,
            current: Some(current.to_string()),
            elapsed: started.elapsed(),
        })
    };
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get()).clamp(1, 4).min(items.len().max(1));
    std::thread::scope(|s| {
        for _ in 0..workers {
            s.spawn(|| loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                if i >= items.len() || cancel.is_cancelled() {
                    return;
                }
                let item = &items[i];
                report(&item.path);
                let mut since_report = 0u64;
                let read = read_item(vault, item, cancel, &mut |n| {
                    bytes_done.fetch_add(n, Ordering::Relaxed);
                    since_report += n;
                    if since_report >= REPORT_EVERY {
                        since_report = 0;
                        report(&item.path);
                    }
                });
                files_done.fetch_add(1, Ordering::Relaxed);
                report(&item.path);
                results.lock().unwrap_or_else(|e| e.into_inner())[i] = Some(read);
            });
        }
    });
    results.into_inner().unwrap_or_else(|e| e.into_inner())
}

/// Reads one object: re-hash, keep the bytes, inspect them.
fn read_item(vault: &Vault, item: &Item, cancel: &CancelToken, on_bytes: &mut dyn FnMut(u64)) -> Read {
    let whole = (item.size.max(0) as u64) <= MAX_WHOLE;
    let mut kept = Vec::with_capacity(if whole { item.size.max(0) as usize } else { HEAD });
    let mut hasher = DualHasher::new();
    let mut size = 0u64;
    let streamed = vault.stream(&item.sha256, |chunk| {
        if cancel.is_cancelled() {
            return false;
        }
        hasher.update(chunk);
        size += chunk.len() as u64;
        // An object grown past the limit since intake is hashed, not kept.
        if whole && size <= MAX_WHOLE {
            kept.extend_from_slice(chunk);
        } else if kept.len() < HEAD {
            kept.extend_from_slice(&chunk[..chunk.len().min(HEAD - kept.len())]);
        }
        on_bytes(chunk.len() as u64);
        true
    });
    match streamed {
        Err(e) => Read::Failed(e.to_string()),
        Ok(None) => Read::Missing,
        Ok(Some(false)) => Read::Cancelled,
        Ok(Some(true)) => {
            let digest = hasher.finish().0;
            if size != item.size as u64 || digest.sha256 != item.sha256 || digest.sm3 != item.sm3 {
                return Read::Changed { size, sha256: digest.sha256, sm3: digest.sm3 };
            }
            Read::Intact(Box::new(inspect::inspect(&item.format, &kept, whole)))
        }
    }
}
