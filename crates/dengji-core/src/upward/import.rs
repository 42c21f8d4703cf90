//! `upward import`: a lower archive's report package checked whole (addressed to us,
//! signed by the lower archive's registered key, every byte against the signed manifests,
//! the ledger continuing exactly where the last report ended, the catalog copy sound
//! against its ledger, every file of a newly sealed registration present), then taken in:
//! the catalog copy and the files into the vault, a row and a ledger entry, and a signed
//! receipt written into the package. Nothing is taken in unless all of it passes.

use std::collections::BTreeMap;
use std::fs::{self, File};
use std::io::Write;
use std::path::Path;

use super::package::{self, object_of, PayloadFile, CATALOG, LEDGER, RECEIPT};
use super::receipt::Receipt;
use super::{copy, store, ReceivedReport, ReportImported};
use crate::accounts::Role;
use crate::archive::Archive;
use crate::catalog;
use crate::digest::{sm3, Sha256};
use crate::error::{Error, Result};
use crate::ledger::{self, Entry, GENESIS};
use crate::peers::{Peer, Relation};
use crate::progress::{CancelToken, Progress};
use crate::stamp::Stamp;

impl Archive {
    /// Checks the package in `dir` and takes it in; refused whole, with the reason, when
    /// any check fails.
    pub fn import_report(&mut self, dir: &Path, stamp: &Stamp, progress: &dyn Progress, cancel: &CancelToken) -> Result<ReportImported> {
        self.authorize(stamp, &[Role::Admin, Role::Reviewer], "接收下级档案馆的上报")?;
        let signer = self.signer()?.clone();
        let me = self.info()?;
        let pkg = package::open(dir)?;
        let info = pkg.info.clone();
        if (info.to_name.as_str(), info.to_region.as_str()) != (me.name.as_str(), me.region_code.as_str()) {
            return Err(Error::ReportInvalid(format!("这个上报包是报送给 “{}”（{}）的，不是本馆", info.to_name, info.to_region)));
        }
        let peer = self.reporting_peer(&info.from_name, &info.from_region, &info.key)?;
        if peer.signed(&info.key, &pkg.tagmanifest_sm3, &pkg.signature)? != Some(true) {
            return Err(Error::ReportSigner(format!("tagmanifest-sm3.txt 的签名不是 “{}” 的密钥所签，或签名后内容被改动过", peer.name)));
        }
        pkg.check_tags()?;
        let last = store::last_received(self.conn(), peer.id)?;
        let (held_size, held_head) = last.as_ref().map(|r| (r.checkpoint.size, r.checkpoint.head)).unwrap_or((0, GENESIS));
        if let Some(l) = last.as_ref().filter(|l| info.number <= l.number) {
            return Err(Error::ReportReplayed { from: peer.name.clone(), number: info.number, last: l.number });
        }
        if info.ledger_from > held_size {
            return Err(Error::ReportOutOfOrder {
                from: peer.name.clone(),
                number: info.number,
                ledger_from: info.ledger_from,
                held: held_size,
            });
        }
        // The receipt goes back on the same drive: find out now if it cannot.
        let probe = dir.join(format!("{RECEIPT}.tmp"));
        File::create(&probe).and_then(|_| fs::remove_file(&probe)).map_err(Error::io(&probe))?;

        let files = pkg.check_files(progress, cancel)?.ok_or(Error::ReportImportCancelled)?;
        let segment = read_ledger(&dir.join(LEDGER))?;
        let copy_path = dir.join(CATALOG);
        let conn = catalog::open_read_only(&copy_path)?;
        let (name, region, _) = copy::whose(&conn)?;
        if (name.as_str(), region.as_str()) != (peer.name.as_str(), peer.region_code.as_str()) {
            return Err(Error::ReportInvalid(format!("目录副本是 “{name}”（{region}）的，不是 “{}” 的", peer.name)));
        }
        if ledger::checkpoint(&conn)? != info.checkpoint {
            return Err(Error::ReportInvalid("目录副本中的台账与 bag-info.txt 所记的台账检查点不符".into()));
        }
        if ledger::entries_after(&conn, info.ledger_from)? != segment {
            return Err(Error::ReportInvalid(format!("data/ledger.jsonl 不是目录副本中第 {} 条之后的台账", info.ledger_from)));
        }
        if held_size > 0 {
            let theirs = ledger::entry_at(&conn, held_size)?.map(|e| e.entry_hash);
            if theirs != Some(held_head) {
                let theirs = theirs.map(|h| h.to_hex()).unwrap_or_else(|| "（没有这一条）".into());
                self.record_fork(&peer, info.number, held_size, &held_head, &theirs, stamp)?;
                return Err(Error::LedgerForked { from: peer.name.clone(), size: held_size, held: held_head.to_hex(), theirs });
            }
        }
        let problems = copy::check(&copy_path, self.vault(), self.dir())?;
        if !problems.is_empty() {
            let shown: Vec<&str> = problems.iter().take(3).map(String::as_str).collect();
            return Err(Error::ReportInvalid(format!("目录副本与其台账不符（{} 处）：{}", problems.len(), shown.join("；"))));
        }
        let needed = if info.catalog_only { Vec::new() } else { copy::files_sealed_after(&conn, info.payload_from)? };
        let registrations = copy::sealed_registrations(&conn)?;
        drop(conn);
        let carried: BTreeMap<Sha256, &PayloadFile> = files.iter().filter_map(|f| Some((object_of(&f.path)?, f))).collect();
        let unlisted = files.iter().find(|f| f.path.starts_with(package::OBJECTS) && object_of(&f.path).is_none());
        if let Some(f) = unlisted {
            return Err(Error::ReportInvalid(format!("{} 不是以 SHA-256 命名的文件", f.path)));
        }
        for (sha, f) in &carried {
            if !needed.iter().any(|(n, ..)| n == sha) {
                return Err(Error::ReportInvalid(format!("{} 不属于任何新封存的登记：包被加入了文件", f.path)));
            }
        }
        for (sha256, sm3_digest, size) in &needed {
            match carried.get(sha256) {
                Some(f) if f.digests.sm3 == *sm3_digest && f.size == *size as u64 => {}
                Some(f) => return Err(Error::ReportInvalid(format!("{} 的 SM3 或大小与目录副本所记不符", f.path))),
                None if self.vault().contains(sha256)? => {}
                None => return Err(Error::ReportInvalid(format!("目录副本中新封存登记的文件 {sha256} 不在包中，本馆也没有"))),
            }
        }

        // All checked: into the vault, then the row, the ledger entry and the receipt.
        let catalog_file = files.iter().find(|f| f.path == CATALOG).expect("checked above");
        let scratch = self.vault().scratch("upward-import")?;
        let mut staged = Vec::new();
        let mut held = 0u64;
        for (sha, path) in
            std::iter::once((catalog_file.digests.sha256, CATALOG.to_string())).chain(carried.iter().map(|(sha, f)| (*sha, f.path.clone())))
        {
            if cancel.is_cancelled() {
                return Err(Error::ReportImportCancelled);
            }
            if self.vault().contains(&sha)? {
                held += u64::from(path != CATALOG);
                continue;
            }
            let from = dir.join(&path);
            let mut pending = self.vault().begin(&scratch, &sha.to_hex())?;
            std::io::copy(&mut File::open(&from).map_err(Error::io(&from))?, &mut pending).map_err(|e| pending.error(e))?;
            pending.flush().map_err(|e| pending.error(e))?;
            staged.extend(self.vault().stage(pending, &sha)?);
        }
        self.vault().settle(staged.iter_mut())?;

        let received_at = stamp.at_text();
        let tagmanifest_sm3 = sm3(&pkg.tagmanifest_sm3);
        let receipt = Receipt {
            upper_name: me.name.clone(),
            upper_region: me.region_code.clone(),
            lower_name: peer.name.clone(),
            lower_region: peer.region_code.clone(),
            number: info.number,
            checkpoint: info.checkpoint,
            tagmanifest_sm3,
            at: received_at.clone(),
            key: signer.fingerprint,
        }
        .signed(&signer);
        let bytes: u64 = carried.values().map(|f| f.size).sum();
        let row = ReceivedReport {
            peer_id: peer.id,
            number: info.number,
            ledger_from: info.ledger_from,
            checkpoint: info.checkpoint,
            catalog_sha256: catalog_file.digests.sha256,
            catalog_bytes: catalog_file.size as i64,
            objects: carried.len() as i64,
            bytes: bytes as i64,
            registrations,
            tagmanifest_sm3,
            signed_by: info.key,
            received_at,
            received_by: stamp.operator.clone(),
            receipt: receipt.clone(),
        };
        let tx = self.conn_mut().transaction()?;
        store::insert_received(&tx, &row)?;
        let entry = serde_json::json!({
            "from": peer.name, "from_region": peer.region_code, "number": info.number, "ledger_from": info.ledger_from,
            "ledger_size": info.checkpoint.size, "ledger_head": info.checkpoint.head, "catalog_sha256": row.catalog_sha256,
            "objects": row.objects, "objects_held": held, "bytes": bytes, "registrations": registrations,
            "tagmanifest_sm3": tagmanifest_sm3, "signed_by": info.key, "receipt_sm3": sm3(receipt.as_bytes()),
        });
        ledger::append(&tx, stamp, "upward.import", &format!("peer:{}", peer.id), &entry)?;
        tx.commit()?;
        let receipt_path = dir.join(RECEIPT);
        (|| {
            let mut f = File::create(&receipt_path)?;
            f.write_all(receipt.as_bytes())?;
            f.sync_all()
        })()
        .map_err(Error::io(&receipt_path))?;
        Ok(ReportImported {
            from: peer.name,
            number: info.number,
            ledger_from: info.ledger_from,
            checkpoint: info.checkpoint,
            registrations,
            objects: carried.len() as u64,
            objects_held: held,
            bytes,
            receipt_path,
        })
    }

    /// The registered lower archive whose key `key` is, and who the package says it is from.
    fn reporting_peer(&self, name: &str, region: &str, key: &crate::digest::Sm3) -> Result<Peer> {
        let peer = self
            .peers()?
            .into_iter()
            .find(|p| p.keys.iter().any(|k| &k.fingerprint == key))
            .ok_or_else(|| Error::ReportSigner(format!("签名的密钥（指纹 {key}）不是本馆登记的任何下级档案馆的密钥")))?;
        if peer.relation != Relation::Lower {
            return Err(Error::ReportSigner(format!("“{}” 登记为本馆的上级档案馆，不是下级", peer.name)));
        }
        if (peer.name.as_str(), peer.region_code.as_str()) != (name, region) {
            return Err(Error::ReportSigner(format!("包自称来自 “{name}”（{region}），签名的却是 “{}” 的密钥", peer.name)));
        }
        Ok(peer)
    }

    /// A lower archive's package whose ledger is not the one witnessed: the two heads are
    /// kept in our ledger as evidence.
    fn record_fork(&mut self, peer: &Peer, number: i64, size: i64, held: &Sha256, theirs: &str, stamp: &Stamp) -> Result<()> {
        let tx = self.conn_mut().transaction()?;
        let entry = serde_json::json!({"from": peer.name, "from_region": peer.region_code, "number": number, "ledger_size": size,
            "held_head": held, "package_head": theirs});
        ledger::append(&tx, stamp, "upward.fork", &format!("peer:{}", peer.id), &entry)?;
        tx.commit()?;
        Ok(())
    }
}

/// `data/ledger.jsonl`: one entry per line.
fn read_ledger(path: &Path) -> Result<Vec<Entry>> {
    let text = fs::read_to_string(path).map_err(Error::io(path))?;
    text.lines()
        .enumerate()
        .map(|(i, l)| {
            serde_json::from_str(l).map_err(|e| Error::ReportInvalid(format!("data/ledger.jsonl 第 {} 行不是台账记录：{e}", i + 1)))
        })
        .collect()
}
