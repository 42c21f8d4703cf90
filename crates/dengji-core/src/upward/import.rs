//! `upward import`: a lower archive's report package checked whole (addressed to us,
//! signed by the lower archive's registered key, every byte against the signed manifests,
//! the ledger continuing exactly where the last report ended, the catalog copy sound
//! against its ledger, every file of a newly sealed registration present), and so is every
//! package of its own lower archives it forwards (`data/forwarded/`, each addressed to it
//! and signed by the archive that made it, whose key its signed catalog copy holds). Then
//! all of it is taken in: every file into the vault, a row and a ledger entry per package,
//! and a signed receipt written into the package. Nothing is taken in unless all passes.

use std::collections::{BTreeMap, HashSet};
use std::fs::{self, File};
use std::io::Write;
use std::path::{Path, PathBuf};

use super::package::{self, object_of, PayloadFile, ReportInfo, CATALOG, FORWARDED, LEDGER, OBJECTS, RECEIPT, TAG_FILES};
use super::receipt::Receipt;
use super::{copy, store, ForwardedReport, ReceivedReport, ReportImported, StoredFile};
use crate::accounts::Role;
use crate::archive::Archive;
use crate::catalog;
use crate::digest::{dual_of_reader, sm3, DualDigest, Sha256, Sm3};
use crate::error::{Error, Result};
use crate::ledger::{self, Entry, GENESIS};
use crate::peers::{self, Peer, Relation};
use crate::progress::{CancelToken, Progress};
use crate::stamp::Stamp;

/// Who made a package: a registered peer, a registered peer signing with its next key (a
/// rotation seen first in a forwarded package, its certificate signed by a key held here),
/// or an archive known only through the peer that forwarded its package (its certificate as
/// that peer's signed catalog copy holds it).
#[derive(Debug, Clone)]
enum Origin {
    Peer(Peer),
    Rotated { peer: Peer, certificate: String },
    Via { name: String, region: String, certificate: String },
}

impl Origin {
    fn name(&self) -> &str {
        match self {
            Origin::Peer(p) | Origin::Rotated { peer: p, .. } => &p.name,
            Origin::Via { name, .. } => name,
        }
    }

    fn region(&self) -> &str {
        match self {
            Origin::Peer(p) | Origin::Rotated { peer: p, .. } => &p.region_code,
            Origin::Via { region, .. } => region,
        }
    }

    /// The registered peer it is, if it is one.
    fn peer(&self) -> Option<&Peer> {
        match self {
            Origin::Peer(p) | Origin::Rotated { peer: p, .. } => Some(p),
            Origin::Via { .. } => None,
        }
    }

    /// Whether `signature` over `message` is by `key`, a key of this origin.
    fn signed(&self, key: &Sm3, message: &[u8], signature: &[u8]) -> Result<bool> {
        match self {
            Origin::Peer(p) => Ok(p.signed(key, message, signature)? == Some(true)),
            Origin::Rotated { certificate, .. } | Origin::Via { certificate, .. } => {
                peers::certificate_signed(certificate, message, signature)
            }
        }
    }
}

/// The last report of each archive as the checks go: a package may carry several reports
/// of one county, each continuing the one before. (number, ledger size, head)
type Held = BTreeMap<(String, String), (i64, i64, Sha256)>;

/// The state and ports of one import's checks.
struct Run<'a> {
    held: Held,
    stamp: &'a Stamp,
    progress: &'a dyn Progress,
    cancel: &'a CancelToken,
}

/// A forwarded package: checked and new, or one taken in before and forwarded again.
enum Forwarded {
    New(Box<Checked>),
    Known { from: String, number: i64, checkpoint: crate::ledger::Checkpoint },
}

impl Checked {
    /// The objects to store as chunks, of this package and of those it forwards.
    fn chunked_objects(&self) -> HashSet<Sha256> {
        let mut all = self.chunked.clone();
        for f in &self.forwarded {
            if let Forwarded::New(c) = f {
                all.extend(c.chunked_objects());
            }
        }
        all
    }
}

/// A package that passed every check, and what taking it in writes.
struct Checked {
    dir: PathBuf,
    info: ReportInfo,
    origin: Origin,
    /// Payload and tag files, paths in the bag.
    files: Vec<PayloadFile>,
    tagmanifest_sm3: Sm3,
    registrations: i64,
    catalog: PayloadFile,
    /// Its own objects (not those of the packages it forwards).
    carried: Vec<PayloadFile>,
    /// Those of its objects stored as chunks (large files of business data).
    chunked: HashSet<Sha256>,
    /// The packages it forwards.
    forwarded: Vec<Forwarded>,
}

impl Archive {
    /// Checks the package in `dir` and takes it in; refused whole, with the reason, when
    /// any check fails.
    pub fn import_report(&mut self, dir: &Path, stamp: &Stamp, progress: &dyn Progress, cancel: &CancelToken) -> Result<ReportImported> {
        self.authorize(stamp, &[Role::Admin, Role::Reviewer], "接收下级档案馆的上报")?;
        let signer = self.signer()?.clone();
        let me = self.info()?;
        let mut run = Run { held: Held::new(), stamp, progress, cancel };
        let Forwarded::New(checked) = self.check_package(dir, (&me.name, &me.region_code), None, &BTreeMap::new(), &mut run)? else {
            unreachable!("only a forwarded package can be one taken in before")
        };
        if cancel.is_cancelled() {
            return Err(Error::ReportImportCancelled);
        }

        // All checked: every file into the vault, then the rows, the entries and the receipt.
        // A discard's sweep waits meanwhile: an object this import found held must not go
        // before the rows naming it are in.
        let Some(_vault) = self.take_shared_lock(crate::discard::VAULT_LOCK)? else {
            return Err(Error::VaultBusy);
        };
        let objects_held = self.store_files(&checked, cancel)?;
        let Origin::Peer(peer) = &checked.origin else { unreachable!("a direct package's origin is a registered peer") };
        let receipt = Receipt {
            upper_name: me.name.clone(),
            upper_region: me.region_code.clone(),
            lower_name: peer.name.clone(),
            lower_region: peer.region_code.clone(),
            number: checked.info.number,
            checkpoint: checked.info.checkpoint,
            tagmanifest_sm3: checked.tagmanifest_sm3,
            at: stamp.at,
            key: signer.fingerprint,
        }
        .signed(&signer);
        let tx = self.conn_mut().transaction()?;
        let mut forwarded = Vec::new();
        record(&tx, &checked, None, &receipt, objects_held, stamp, &mut forwarded)?;
        tx.commit()?;
        let receipt_path = dir.join(RECEIPT);
        (|| {
            let mut f = File::create(&receipt_path)?;
            f.write_all(receipt.as_bytes())?;
            f.sync_all()
        })()
        .map_err(Error::io(&receipt_path))?;
        Ok(ReportImported {
            from: peer.name.clone(),
            number: checked.info.number,
            ledger_from: checked.info.ledger_from,
            checkpoint: checked.info.checkpoint,
            registrations: checked.registrations,
            objects: checked.carried.len() as u64,
            objects_held,
            bytes: checked.carried.iter().map(|f| f.size).sum(),
            receipt_path,
            forwarded,
        })
    }

    /// Every check of the package in `dir` addressed to `to`; `forwarder` is the archive
    /// whose package carried it and that package's catalog copy, if it came forwarded.
    /// `known`: files hashed already, by full path.
    fn check_package(
        &mut self,
        dir: &Path,
        to: (&str, &str),
        forwarder: Option<(&Peer, &Path)>,
        known: &BTreeMap<PathBuf, (DualDigest, u64)>,
        run: &mut Run<'_>,
    ) -> Result<Forwarded> {
        let pkg = package::open(dir)?;
        let info = pkg.info.clone();
        if (info.to_name.as_str(), info.to_region.as_str()) != to {
            return Err(Error::ReportInvalid(format!(
                "{} 是报送给 “{}”（{}）的，不是 “{}”",
                dir.display(),
                info.to_name,
                info.to_region,
                to.0
            )));
        }
        let origin = match forwarder {
            None => Origin::Peer(self.reporting_peer(&info.from_name, &info.from_region, &info.key)?),
            Some((via, copy)) => self.forwarded_origin(&info, via, copy)?,
        };
        if !origin.signed(&info.key, &pkg.tagmanifest_sm3, &pkg.signature)? {
            return Err(Error::ReportSigner(format!(
                "{} 的 tagmanifest-sm3.txt 不是 “{}” 的密钥所签，或签名后内容被改动过",
                dir.display(),
                origin.name()
            )));
        }
        pkg.check_tags()?;
        let tagmanifest_sm3 = sm3(&pkg.tagmanifest_sm3);
        let key = (origin.name().to_string(), origin.region().to_string());
        if !run.held.contains_key(&key) {
            if let Some(p) = origin.peer() {
                if let Some(last) = store::last_received(self.conn(), p.id)? {
                    run.held.insert(key.clone(), (last.number, last.checkpoint.size, last.checkpoint.head));
                }
            }
        }
        let (last_number, held_size, held_head) = run.held.get(&key).copied().unwrap_or((0, 0, GENESIS));
        if info.number <= last_number {
            // A city forwards what it took in since its last receipt; a package it forwarded
            // before, unchanged, is no news. Anything else under a number taken is a replay.
            if let (Some(_), Some(p)) = (forwarder, origin.peer()) {
                let before = store::received_number(self.conn(), p.id, info.number)?;
                if before.is_some_and(|b| b.tagmanifest_sm3 == tagmanifest_sm3) {
                    return Ok(Forwarded::Known { from: p.name.clone(), number: info.number, checkpoint: info.checkpoint });
                }
            }
            return Err(Error::ReportReplayed { from: origin.name().to_string(), number: info.number, last: last_number });
        }
        if info.ledger_from > held_size {
            return Err(Error::ReportOutOfOrder {
                from: origin.name().to_string(),
                number: info.number,
                ledger_from: info.ledger_from,
                held: held_size,
            });
        }
        if forwarder.is_none() {
            // The receipt goes back on the same drive: find out now if it cannot.
            let probe = dir.join(format!("{RECEIPT}.tmp"));
            File::create(&probe).and_then(|_| fs::remove_file(&probe)).map_err(Error::io(&probe))?;
        }

        let Some(mut files) = pkg.check_files(known, run.progress, run.cancel)? else { return Err(Error::ReportImportCancelled) };
        let segment = read_ledger(&dir.join(LEDGER))?;
        let copy_path = dir.join(CATALOG);
        let conn = catalog::open_read_only(&copy_path)?;
        let (name, region, _) = copy::whose(&conn)?;
        if (name.as_str(), region.as_str()) != (origin.name(), origin.region()) {
            return Err(Error::ReportInvalid(format!("目录副本是 “{name}”（{region}）的，不是 “{}” 的", origin.name())));
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
                if let Some(p) = origin.peer() {
                    self.record_fork(p, info.number, held_size, &held_head, &theirs, run.stamp)?;
                }
                return Err(Error::LedgerForked { from: origin.name().to_string(), size: held_size, held: held_head.to_hex(), theirs });
            }
        }
        let problems = copy::check(&copy_path, self.vault(), self.dir())?;
        if !problems.is_empty() {
            let shown: Vec<&str> = problems.iter().take(3).map(String::as_str).collect();
            return Err(Error::ReportInvalid(format!(
                "“{}” 的目录副本与其台账不符（{} 处）：{}",
                origin.name(),
                problems.len(),
                shown.join("；")
            )));
        }
        let needed = if info.catalog_only { Vec::new() } else { copy::files_sealed_after(&conn, info.payload_from)? };
        let chunked = if info.catalog_only { HashSet::new() } else { copy::chunked_files(&conn, info.payload_from)? };
        let registrations = copy::sealed_registrations(&conn)?;
        drop(conn);
        let carried = self.check_objects(&files, &needed)?;
        let catalog_file = files.iter().find(|f| f.path == CATALOG).cloned().ok_or_else(|| Error::ReportInvalid("缺少目录副本".into()))?;
        run.held.insert(key, (info.number, info.checkpoint.size, info.checkpoint.head));

        // The packages it forwards, each checked as if it had come directly, in order.
        let mut forwarded = Vec::new();
        let forwarded_dir = dir.join(FORWARDED);
        if forwarded_dir.is_dir() {
            let Some(me_as_forwarder) = origin.peer() else {
                return Err(Error::ReportInvalid("转报的包中又套了转报的包，而转报者本馆并不认识".into()));
            };
            let mut names: Vec<String> = fs::read_dir(&forwarded_dir)
                .map_err(Error::io(&forwarded_dir))?
                .map(|e| e.map(|e| e.file_name().to_string_lossy().into_owned()))
                .collect::<std::io::Result<_>>()
                .map_err(Error::io(&forwarded_dir))?;
            names.sort();
            let hashed: BTreeMap<PathBuf, (DualDigest, u64)> = files.iter().map(|f| (dir.join(&f.path), (f.digests, f.size))).collect();
            for name in names {
                let to = (origin.name(), origin.region());
                forwarded.push(self.check_package(&forwarded_dir.join(&name), to, Some((me_as_forwarder, &copy_path)), &hashed, run)?);
            }
        }
        for tag in TAG_FILES {
            let p = dir.join(tag);
            let (digests, size) = dual_of_reader(File::open(&p).map_err(Error::io(&p))?).map_err(Error::io(&p))?;
            files.push(PayloadFile { path: tag.to_string(), digests, size });
        }
        Ok(Forwarded::New(Box::new(Checked {
            dir: dir.to_path_buf(),
            info,
            origin,
            files,
            tagmanifest_sm3,
            registrations,
            catalog: catalog_file,
            carried,
            chunked,
            forwarded,
        })))
    }

    /// The package's own objects, each one a file of a registration sealed since the last
    /// report that carried files; every such file must be in it or held already.
    fn check_objects(&self, files: &[PayloadFile], needed: &[(Sha256, Sm3, i64)]) -> Result<Vec<PayloadFile>> {
        let own = |f: &&PayloadFile| f.path.starts_with(OBJECTS);
        let mut carried: BTreeMap<Sha256, &PayloadFile> = BTreeMap::new();
        for f in files.iter().filter(own) {
            let sha = object_of(&f.path).ok_or_else(|| Error::ReportInvalid(format!("{} 不是以 SHA-256 命名的文件", f.path)))?;
            if !needed.iter().any(|(n, ..)| *n == sha) {
                return Err(Error::ReportInvalid(format!("{} 不属于任何新封存的登记：包被加入了文件", f.path)));
            }
            carried.insert(sha, f);
        }
        for (sha256, sm3_digest, size) in needed {
            match carried.get(sha256) {
                Some(f) if f.digests.sm3 == *sm3_digest && f.size == *size as u64 => {}
                Some(f) => return Err(Error::ReportInvalid(format!("{} 的 SM3 或大小与目录副本所记不符", f.path))),
                None if self.vault().contains(sha256)? => {}
                None => return Err(Error::ReportInvalid(format!("目录副本中新封存登记的文件 {sha256} 不在包中，本馆也没有"))),
            }
        }
        Ok(carried.into_values().cloned().collect())
    }

    /// Every file of the checked package (its forwarded packages' are among them) into the
    /// vault; returns how many of its own objects the vault held already.
    fn store_files(&self, checked: &Checked, cancel: &CancelToken) -> Result<u64> {
        let scratch = self.vault().scratch("upward-import")?;
        let chunked = checked.chunked_objects();
        let mut staged = Vec::new();
        let mut held = 0u64;
        let mut seen = std::collections::BTreeSet::new();
        for f in &checked.files {
            if cancel.is_cancelled() {
                return Err(Error::ReportImportCancelled);
            }
            if self.vault().contains(&f.digests.sha256)? {
                held += u64::from(f.path.starts_with(OBJECTS));
                continue;
            }
            // Two files of a package (of two forwarded packages) may have the same content.
            if !seen.insert(f.digests.sha256) {
                continue;
            }
            let from = checked.dir.join(&f.path);
            let name = f.digests.sha256.to_hex();
            let mut pending = match chunked.contains(&f.digests.sha256) {
                true => self.vault().begin_chunked(&scratch, &name)?,
                false => self.vault().begin(&scratch, &name)?,
            };
            // Hashed again as it is copied: the carrier may have changed since the check.
            let mut input = crate::digest::Sha256Reader::new(File::open(&from).map_err(Error::io(&from))?);
            std::io::copy(&mut input, &mut pending).map_err(|e| pending.error(e))?;
            pending.flush().map_err(|e| pending.error(e))?;
            if input.sha256() != f.digests.sha256 {
                return Err(Error::ReportInvalid(format!("{} 在核验之后被改动（SHA-256 已不同）", f.path)));
            }
            staged.extend(self.vault().stage(pending, &f.digests.sha256)?);
        }
        self.vault().settle(staged.iter_mut())?;
        Ok(held)
    }

    /// The registered lower archive whose key `key` is, and who the package says it is from.
    fn reporting_peer(&self, name: &str, region: &str, key: &Sm3) -> Result<Peer> {
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

    /// Who made a package that `via` forwarded: a lower archive already known here, or one
    /// `via` registered as its own lower archive with the key that signed it (read from
    /// `via`'s catalog copy, which `via` signed).
    fn forwarded_origin(&self, info: &ReportInfo, via: &Peer, via_copy: &Path) -> Result<Origin> {
        let ours = self.peers()?;
        if ours.iter().any(|p| p.keys.iter().any(|k| k.fingerprint == info.key)) {
            return Ok(Origin::Peer(self.reporting_peer(&info.from_name, &info.from_region, &info.key)?));
        }
        let theirs = crate::peers::all_in(&catalog::open_read_only(via_copy)?)?;
        let found = theirs
            .iter()
            .filter(|p| p.relation == Relation::Lower)
            .find_map(|p| p.keys.iter().find(|k| k.fingerprint == info.key).map(|k| (p, k)));
        let Some((peer, key)) = found else {
            return Err(Error::ReportSigner(format!(
                "“{}” 转报的包由密钥 {} 签署，而 “{}” 没有把它登记为下级档案馆的密钥",
                via.name, info.key, via.name
            )));
        };
        if (peer.name.as_str(), peer.region_code.as_str()) != (info.from_name.as_str(), info.from_region.as_str()) {
            return Err(Error::ReportSigner(format!("包自称来自 “{}”，签名的却是 “{}” 的密钥", info.from_name, peer.name)));
        }
        if let Some(known) = ours.iter().find(|p| p.name == peer.name && p.region_code == peer.region_code) {
            // A key it moved to since: believed only if a key held here signed its certificate.
            if peers::rotation_signer(known, &key.certificate)?.is_none() {
                return Err(Error::ReportSigner(format!(
                    "“{}” 更换了密钥，而新证书不是由本馆登记的其旧密钥签发的：请管理员登记其旧密钥签发的新证书（archive-key-N-signed-by-key-M.pem）后再接收",
                    peer.name
                )));
            }
            return Ok(Origin::Rotated { peer: known.clone(), certificate: key.certificate.clone() });
        }
        Ok(Origin::Via { name: peer.name.clone(), region: peer.region_code.clone(), certificate: key.certificate.clone() })
    }

    /// A lower archive's package whose ledger is not the one witnessed: the two heads are
    /// kept in our ledger as evidence.
    fn record_fork(&mut self, peer: &Peer, number: i64, size: i64, held: &Sha256, theirs: &str, stamp: &Stamp) -> Result<()> {
        let tx = self.conn_mut().transaction()?;
        let entry = serde_json::json!({"from": peer.name, "from_region": peer.region_code, "number": number, "ledger_size": size,
            "held_head": held, "package_head": theirs});
        ledger::append(&tx, stamp, "upward.fork", &peer.id.subject(), &entry)?;
        tx.commit()?;
        Ok(())
    }
}

/// The rows and ledger entries of a checked package and those it forwards, inside `tx`.
/// `via` is the peer and number of the package it came inside.
fn record(
    tx: &catalog::Conn,
    c: &Checked,
    via: Option<(&Peer, i64)>,
    receipt: &str,
    objects_held: u64,
    stamp: &Stamp,
    forwarded: &mut Vec<ForwardedReport>,
) -> Result<Peer> {
    let peer = match (&c.origin, via) {
        (Origin::Peer(p), _) => p.clone(),
        (Origin::Rotated { peer, certificate }, Some((forwarder, _))) => {
            peers::add_forwarded_rotation(tx, peer, certificate, forwarder, stamp)?;
            peers::all_in(tx)?.into_iter().find(|p| p.id == peer.id).ok_or_else(|| Error::Integrity("登记的档案馆未找到".into()))?
        }
        (Origin::Via { name, region, certificate }, Some((forwarder, _))) => {
            // Two packages of one county new here: the first registers it.
            let known = peers::all_in(tx)?.into_iter().find(|p| &p.name == name && &p.region_code == region);
            match known {
                Some(p) => p,
                None => {
                    let id = peers::add_forwarded(tx, certificate, forwarder, stamp)?;
                    peers::all_in(tx)?.into_iter().find(|p| p.id == id).ok_or_else(|| Error::Integrity("登记的档案馆未找到".into()))?
                }
            }
        }
        (Origin::Via { .. } | Origin::Rotated { .. }, None) => unreachable!("only a forwarded package comes via another archive"),
    };
    let bytes: u64 = c.carried.iter().map(|f| f.size).sum();
    let entry = serde_json::json!({
        "from": peer.name, "from_region": peer.region_code, "number": c.info.number, "ledger_from": c.info.ledger_from,
        "ledger_size": c.info.checkpoint.size, "ledger_head": c.info.checkpoint.head, "catalog_sha256": c.catalog.digests.sha256,
        "objects": c.carried.len(), "objects_held": objects_held, "bytes": bytes, "registrations": c.registrations,
        "tagmanifest_sm3": c.tagmanifest_sm3, "signed_by": c.info.key,
        "receipt_sm3": (!receipt.is_empty()).then(|| sm3(receipt.as_bytes())),
        "forwarded_by": via.map(|(p, _)| p.name.clone()), "forwarded_in": via.map(|(_, n)| n),
    });
    let seq = ledger::append(tx, stamp, "upward.import", &peer.id.subject(), &entry)?;
    let row = ReceivedReport {
        peer_id: peer.id,
        number: c.info.number,
        ledger_from: c.info.ledger_from,
        checkpoint: c.info.checkpoint,
        catalog_sha256: c.catalog.digests.sha256,
        catalog_bytes: c.catalog.size as i64,
        objects: c.carried.len() as i64,
        bytes: bytes as i64,
        registrations: c.registrations,
        tagmanifest_sm3: c.tagmanifest_sm3,
        signed_by: c.info.key,
        received_at: stamp.at,
        received_by: stamp.operator.clone(),
        receipt: receipt.to_string(),
        forwarded_by: via.map(|(p, _)| p.id),
        forwarded_in: via.map(|(_, n)| n),
        import_seq: Some(seq),
        package_files: c.files.iter().map(|f| StoredFile { path: f.path.clone(), sha256: f.digests.sha256, size: f.size }).collect(),
    };
    store::insert_received(tx, &row)?;
    for inner in &c.forwarded {
        match inner {
            Forwarded::New(inner) => {
                let p = record(tx, inner, Some((&peer, c.info.number)), "", 0, stamp, forwarded)?;
                forwarded.push(ForwardedReport {
                    from: p.name,
                    number: inner.info.number,
                    checkpoint: inner.info.checkpoint,
                    registrations: inner.registrations,
                    objects: inner.carried.len() as u64,
                    known: false,
                });
            }
            Forwarded::Known { from, number, checkpoint } => forwarded.push(ForwardedReport {
                from: from.clone(),
                number: *number,
                checkpoint: *checkpoint,
                registrations: 0,
                objects: 0,
                known: true,
            }),
        }
    }
    Ok(peer)
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
