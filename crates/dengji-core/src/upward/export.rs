//! `upward export`: a report package for the upper archive (see the module's layout).
//!
//! Written into `<name>.partial` and renamed when whole, so a half-written package never
//! passes for one. Run again after an interruption, the files already in the `.partial`
//! folder are checked and kept; the catalog copy and ledger are taken afresh.

use std::collections::BTreeSet;
use std::fs::{self, File};
use std::io::Write;
use std::path::Path;
use std::time::Instant;

use serde::Serialize;

use super::package::{self, PayloadFile, ReportInfo, ANNUAL, CATALOG, FORWARDED, LEDGER, OBJECTS, PARTIAL, SIGNATURE, STATISTICS};
use super::{copy, store, ReportExported, SentReport};
use crate::accounts::Role;
use crate::archive::Archive;
use crate::catalog;
use crate::digest::{dual, dual_of_reader, DualDigest, Sha256};
use crate::error::{Error, Result};
use crate::ledger;
use crate::peers::{Peer, Relation};
use crate::progress::{CancelToken, JobProgress, Phase, Progress};
use crate::stamp::Stamp;
use crate::vault::sync_dir;

#[derive(Debug, Clone, Default, Serialize)]
pub struct ExportOptions {
    /// The upper archive's name; needed only when more than one is registered.
    pub to: Option<String>,
    /// The catalog and ledger only, no files (a report, not an off-site copy).
    pub catalog_only: bool,
}

impl Archive {
    /// The upper archive a report goes to.
    fn upper_peer(&self, name: Option<&str>) -> Result<Peer> {
        let uppers: Vec<Peer> = self.peers()?.into_iter().filter(|p| p.relation == Relation::Upper).collect();
        match name {
            Some(n) => uppers.into_iter().find(|p| p.name == n.trim()).ok_or_else(|| Error::UpperPeerUnknown(n.to_string())),
            None if uppers.len() > 1 => {
                Err(Error::UpperPeerAmbiguous(uppers.iter().map(|p| p.name.as_str()).collect::<Vec<_>>().join("、")))
            }
            None => uppers.into_iter().next().ok_or(Error::NoUpperPeer),
        }
    }

    /// Writes the next report package for the upper archive into a new folder under `to`.
    pub fn export_report(
        &mut self,
        to: &Path,
        options: &ExportOptions,
        stamp: &Stamp,
        progress: &dyn Progress,
        cancel: &CancelToken,
    ) -> Result<ReportExported> {
        self.authorize(stamp, &[Role::Admin, Role::Reviewer], "上报")?;
        let signer = self.signer()?.clone();
        let me = self.info()?;
        let peer = self.upper_peer(options.to.as_deref())?;
        let sent = store::sent(self.conn(), Some(peer.id))?;
        let number = sent.iter().map(|r| r.number).max().unwrap_or(0) + 1;
        let acked: Vec<&SentReport> = sent.iter().filter(|r| r.receipt.is_some()).collect();
        let ledger_from = acked.iter().map(|r| r.checkpoint.size).max().unwrap_or(0);
        let payload_from = acked.iter().filter(|r| !r.catalog_only).map(|r| r.checkpoint.size).max().unwrap_or(0);

        let name = package::dir_name(&me.region_code, &peer.region_code, number);
        let done = to.join(&name);
        if done.exists() {
            return Err(Error::ReportExists(done));
        }
        let dir = to.join(format!("{name}{PARTIAL}"));
        crate::restore::no_link_below(to, &dir)?;
        let objects_dir = dir.join(OBJECTS);
        fs::create_dir_all(&objects_dir).map_err(Error::io(&objects_dir))?;

        // The catalog first: the ledger segment and the files to carry are read from it,
        // so they agree with it whatever is done meanwhile at other workstations.
        let catalog_path = dir.join(CATALOG);
        let checkpoint = copy::write(self.conn(), &catalog_path, self.dir())?;
        let snapshot = catalog::open_read_only(&catalog_path)?;
        if let Some(last) = acked.iter().max_by_key(|r| r.checkpoint.size) {
            let ours = ledger::entry_at(&snapshot, last.checkpoint.size)?.map(|e| e.entry_hash);
            if ours != Some(last.checkpoint.head) {
                return Err(Error::Integrity(format!(
                    "本馆台账第 {} 条已不是 “{}” 回执所见证的（{}）：台账被改写过，不能上报",
                    last.checkpoint.size, peer.name, last.checkpoint.head
                )));
            }
        }
        write_ledger(&snapshot, ledger_from, &dir.join(LEDGER))?;
        let files = if options.catalog_only { Vec::new() } else { copy::files_sealed_after(&snapshot, payload_from)? };
        // What our lower archives reported since our last receipt goes up as it came.
        let forwarded = store::received_after(&snapshot, ledger_from)?;
        drop(snapshot);
        let statistics = self.statistics(stamp.at)?;
        write_synced(&dir.join(STATISTICS), &serde_json::to_vec_pretty(&statistics).expect("statistics serialise"))?;
        write_synced(&dir.join(ANNUAL), &statistics.to_csv())?;

        // The files, each checked against both digests on the way out of the vault.
        let wanted: BTreeSet<String> = files.iter().map(|(sha, ..)| sha.to_hex()).collect();
        for entry in fs::read_dir(&objects_dir).map_err(Error::io(&objects_dir))? {
            let entry = entry.map_err(Error::io(&objects_dir))?;
            if !wanted.contains(entry.file_name().to_string_lossy().as_ref()) {
                fs::remove_file(entry.path()).map_err(Error::io(entry.path()))?;
            }
        }
        // What an interrupted run wrote: left in the `.partial` folder for the next run.
        let stopped = |path, to, objects, bytes, objects_kept, forwarded| ReportExported {
            path,
            to,
            number,
            ledger_from,
            checkpoint,
            catalog_only: options.catalog_only,
            objects,
            bytes,
            objects_kept,
            forwarded,
            cancelled: true,
        };
        let started = Instant::now();
        let bytes_total: u64 = files.iter().map(|(.., size)| *size as u64).sum();
        let (mut bytes_done, mut kept) = (0u64, 0u64);
        let mut payload = Vec::new();
        for (i, (sha256, sm3, size)) in files.iter().enumerate() {
            if cancel.is_cancelled() {
                return Ok(stopped(dir, peer.name, i as u64, bytes_done, kept, Vec::new()));
            }
            progress.report(&JobProgress {
                phase: Phase::Hashing,
                files_done: i as u64,
                files_total: files.len() as u64,
                bytes_done,
                bytes_total,
                current: Some(sha256.to_hex()),
                elapsed: started.elapsed(),
            });
            let path = objects_dir.join(sha256.to_hex());
            let (digests, was_there) = self.object_out(sha256, &path)?;
            kept += u64::from(was_there);
            if digests.sm3 != *sm3 {
                return Err(Error::Integrity(format!("保管库中的对象 {sha256} 的 SM3 与目录所记不符：请先核验并修复保管库")));
            }
            payload.push(PayloadFile { path: format!("{OBJECTS}/{sha256}"), digests, size: *size as u64 });
            bytes_done += *size as u64;
        }
        let peers = self.peers()?;
        let mut forwarded_names = Vec::new();
        for report in &forwarded {
            let from = peers.iter().find(|p| p.id == report.peer_id).map(|p| p.region_code.as_str()).unwrap_or("?");
            let name = package::dir_name(from, &me.region_code, report.number);
            let base = dir.join(FORWARDED).join(&name);
            for f in &report.package_files {
                if cancel.is_cancelled() {
                    return Ok(stopped(dir, peer.name, files.len() as u64, bytes_done, kept, forwarded_names));
                }
                let path = base.join(&f.path);
                let parent = path.parent().expect("below the package");
                fs::create_dir_all(parent).map_err(Error::io(parent))?;
                let (digests, _) = self.object_out(&f.sha256, &path)?;
                payload.push(PayloadFile { path: format!("{FORWARDED}/{name}/{}", f.path), digests, size: f.size });
            }
            forwarded_names.push(name);
        }
        let forwarded_dir = dir.join(FORWARDED);
        if forwarded_dir.is_dir() {
            for entry in fs::read_dir(&forwarded_dir).map_err(Error::io(&forwarded_dir))? {
                let entry = entry.map_err(Error::io(&forwarded_dir))?;
                if !forwarded_names.iter().any(|n| entry.file_name() == n.as_str()) {
                    fs::remove_dir_all(entry.path()).map_err(Error::io(entry.path()))?;
                }
            }
        }
        for rel in [CATALOG, LEDGER, STATISTICS, ANNUAL] {
            let p = dir.join(rel);
            let (digests, size) = dual_of_reader(File::open(&p).map_err(Error::io(&p))?).map_err(Error::io(&p))?;
            payload.push(PayloadFile { path: rel.to_string(), digests, size });
        }

        let info = ReportInfo {
            from_name: me.name.clone(),
            from_region: me.region_code.clone(),
            to_name: peer.name.clone(),
            to_region: peer.region_code.clone(),
            number,
            ledger_from,
            checkpoint,
            payload_from,
            catalog_only: options.catalog_only,
            key: signer.fingerprint,
            date: crate::stamp::format_date(crate::stamp::local_date(stamp.at)),
            oxum: (payload.iter().map(|f| f.size).sum(), payload.len() as u64),
        };
        let tags = package::tag_files(&payload, &info);
        for (name, bytes) in &tags {
            write_synced(&dir.join(name), bytes)?;
        }
        let signed = &tags.last().expect("the signed tag manifest is last").1;
        write_synced(&dir.join(SIGNATURE), &signer.sign(signed))?;
        for d in [dir.join(OBJECTS), dir.join("data"), dir.clone()] {
            sync_dir(&d)?;
        }

        let report = SentReport {
            peer_id: peer.id,
            number,
            ledger_from,
            checkpoint,
            payload_from,
            catalog_only: options.catalog_only,
            objects: files.len() as i64,
            bytes: bytes_total as i64,
            tagmanifest_sm3: dual(signed).sm3,
            exported_at: stamp.at,
            exported_by: stamp.operator.clone(),
            receipt: None,
            acked_at: None,
            acked_by: None,
        };
        let tx = self.conn_mut().transaction()?;
        store::insert_sent(&tx, &report)?;
        let entry = serde_json::json!({
            "to": peer.name, "to_region": peer.region_code, "number": number, "ledger_from": ledger_from,
            "ledger_size": checkpoint.size, "ledger_head": checkpoint.head, "payload_from": payload_from,
            "catalog_only": options.catalog_only, "objects": files.len(), "bytes": bytes_total,
            "tagmanifest_sm3": report.tagmanifest_sm3, "forwarded": forwarded_names,
        });
        ledger::append(&tx, stamp, "upward.export", &peer.id.subject(), &entry)?;
        tx.commit()?;
        fs::rename(&dir, &done).map_err(Error::io(&done))?;
        sync_dir(to)?;
        Ok(ReportExported {
            path: done,
            to: peer.name,
            number,
            ledger_from,
            checkpoint,
            catalog_only: options.catalog_only,
            objects: files.len() as u64,
            bytes: bytes_total,
            objects_kept: kept,
            forwarded: forwarded_names,
            cancelled: false,
        })
    }

    /// The vault object `sha256` at `path`: kept when a run before wrote it whole, else
    /// copied, refused unless it still has its digest. Its digests, and whether it was kept.
    fn object_out(&self, sha256: &Sha256, path: &Path) -> Result<(DualDigest, bool)> {
        if path.is_file() {
            let (digests, _) = dual_of_reader(File::open(path).map_err(Error::io(path))?).map_err(Error::io(path))?;
            if digests.sha256 == *sha256 {
                return Ok((digests, true));
            }
        }
        Ok((super::object_to_file(self.vault(), sha256, path)?, false))
    }
}

/// The ledger entries after `after`, one JSON object per line, as the catalog copy has them.
fn write_ledger(conn: &catalog::Conn, after: i64, path: &Path) -> Result<()> {
    let mut text = Vec::new();
    for e in ledger::entries_after(conn, after)? {
        serde_json::to_writer(&mut text, &e).expect("an entry serialises");
        text.push(b'\n');
    }
    write_synced(path, &text)
}

fn write_synced(path: &Path, bytes: &[u8]) -> Result<()> {
    (|| {
        let mut f = File::create(path)?;
        f.write_all(bytes)?;
        f.sync_all()
    })()
    .map_err(Error::io(path))
}
