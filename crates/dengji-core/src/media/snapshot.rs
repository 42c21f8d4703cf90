//! The catalog snapshot on a medium: `catalog/catalog.sqlite`, a consistent copy of the
//! catalog and ledger (SQLite `VACUUM INTO`) taken after the bags are recorded, so a
//! workstation can be rebuilt from its media; `catalog/CHECKPOINT.txt` names the ledger
//! checkpoint it holds and the snapshot's SHA-256, so verification notices any changed
//! byte of either (bit rot in a table page leaves the ledger chain intact).

use std::fs::{self, File};
use std::io::Write;
use std::path::Path;

use crate::catalog::{self, Conn};

use crate::digest::Sha256;
use crate::error::{Error, Result};
use crate::ledger::{self, Checkpoint};
use crate::vault::sync_dir;

pub const DIR: &str = "catalog";
pub const FILE: &str = "catalog.sqlite";
pub const CHECKPOINT: &str = "CHECKPOINT.txt";

/// The text of `CHECKPOINT.txt` for a snapshot.
fn checkpoint_text(checkpoint: &Checkpoint, sha256: &Sha256) -> String {
    format!(
        "本文件夹中的 catalog.sqlite 是档案目录与台账的一致快照。\nThe catalog and ledger of the archive, a consistent snapshot.\nledger size: {}\nledger head: {}\nsha256: {sha256}\n",
        checkpoint.size, checkpoint.head
    )
}

/// `CHECKPOINT.txt` as media written before the snapshot's digest was recorded have it.
fn legacy_checkpoint_text(checkpoint: &Checkpoint) -> String {
    let text = checkpoint_text(checkpoint, &Sha256([0; 32]));
    text[..text.find("sha256: ").expect("the digest line")].to_string()
}

/// What is wrong with the snapshot on a medium: which file of `catalog/`, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SnapshotProblem {
    pub file: &'static str,
    pub missing: bool,
    pub why: String,
}

/// Writes the snapshot durably (temp name, fsync, rename) and returns its checkpoint.
pub fn write(conn: &Conn, root: &Path, fail: &impl Fn(&Path, std::io::Error) -> Error) -> Result<Checkpoint> {
    let dir = root.join(DIR);
    crate::restore::no_link_below(root, &dir)?;
    fs::create_dir_all(&dir).map_err(|e| fail(&dir, e))?;
    let tmp = dir.join(format!(".{FILE}.partial"));
    if tmp.exists() {
        fs::remove_file(&tmp).map_err(|e| fail(&tmp, e))?;
    }
    if let Err(e) = catalog::snapshot_into(conn, &tmp) {
        let _ = fs::remove_file(&tmp);
        // SQLite reports the medium's trouble as its own: say it is the medium's.
        return Err(if e.is_disk_full() {
            fail(&tmp, std::io::ErrorKind::StorageFull.into())
        } else if e.is_io() {
            fail(&tmp, std::io::Error::other(e))
        } else {
            e.into()
        });
    }
    let checkpoint = ledger::checkpoint(&open(&tmp)?)?;
    File::open(&tmp).and_then(|f| f.sync_all()).map_err(|e| fail(&tmp, e))?;
    let digest = file_sha256(&tmp).map_err(|e| fail(&tmp, e))?;
    let dest = dir.join(FILE);
    fs::rename(&tmp, &dest).map_err(|e| fail(&dest, e))?;
    let text = checkpoint_text(&checkpoint, &digest);
    let cp = dir.join(CHECKPOINT);
    (|| {
        let mut f = File::create(&cp)?;
        f.write_all(text.as_bytes())?;
        f.sync_all()
    })()
    .map_err(|e| fail(&cp, e))?;
    sync_dir(&dir)?;
    Ok(checkpoint)
}

pub(crate) fn open(path: &Path) -> Result<Conn> {
    Ok(catalog::open_read_only(path)?)
}

/// The checkpoint of the snapshot at `path`, refused when its ledger chain is broken or
/// its bytes differ from the SHA-256 its `CHECKPOINT.txt` records (bit rot in a table).
pub(crate) fn read_checkpoint(path: &Path) -> Result<Checkpoint> {
    let recorded = path.parent().and_then(|d| fs::read_to_string(d.join(CHECKPOINT)).ok());
    if let Some(want) = recorded.as_deref().and_then(|t| t.lines().find_map(|l| l.strip_prefix("sha256: "))) {
        let digest = file_sha256(path).map_err(Error::io(path))?;
        if digest.to_hex() != want {
            return Err(Error::Integrity(format!("快照的 SHA-256（{digest}）与 CHECKPOINT.txt 所记（{want}）不符：快照已改变")));
        }
    }
    let snap = open(path)?;
    if let (_, Some((seq, why))) = ledger::verify_chain(&snap)? {
        return Err(Error::Integrity(format!("快照中的台账第 {seq} 条：{why}")));
    }
    ledger::checkpoint(&snap)
}

fn file_sha256(path: &Path) -> std::io::Result<Sha256> {
    Ok(crate::digest::dual_of_reader(File::open(path)?)?.0.sha256)
}

/// What is wrong with the snapshot on the medium, if anything: missing, changed since it
/// was written (its SHA-256 against `CHECKPOINT.txt`), or not a true prefix of this
/// catalog's ledger.
pub fn check(conn: &Conn, root: &Path) -> Option<SnapshotProblem> {
    let dir = root.join(DIR);
    let path = dir.join(FILE);
    let problem = |file, missing, why: String| Some(SnapshotProblem { file, missing, why });
    if !path.is_file() {
        return problem(FILE, true, "目录快照缺失".into());
    }
    let recorded = fs::read(dir.join(CHECKPOINT)).ok().map(|b| String::from_utf8_lossy(&b).into_owned());
    let recorded_sha = recorded.as_deref().and_then(|t| t.lines().find_map(|l| l.strip_prefix("sha256: "))).map(str::to_string);
    let verdict = (|| -> Result<Option<SnapshotProblem>> {
        let digest = file_sha256(&path).map_err(Error::io(&path))?;
        if let Some(want) = &recorded_sha {
            if *want != digest.to_hex() {
                return Ok(problem(FILE, false, format!("快照的 SHA-256（{digest}）与 CHECKPOINT.txt 所记（{want}）不符：其中之一已改变")));
            }
        }
        let snap = open(&path)?;
        let (_, broken) = ledger::verify_chain(&snap)?;
        if let Some((seq, why)) = broken {
            return Ok(problem(FILE, false, format!("快照中的台账第 {seq} 条：{why}")));
        }
        let cp = ledger::checkpoint(&snap)?;
        let ours = ledger::entry_at(conn, cp.size)?.map(|e| e.entry_hash);
        if ours != Some(cp.head) {
            return Ok(problem(FILE, false, format!("快照的台账检查点（{} / {}）与本机台账不符", cp.size, cp.head)));
        }
        let Some(text) = recorded else { return Ok(problem(CHECKPOINT, true, "CHECKPOINT.txt 缺失".into())) };
        if text == checkpoint_text(&cp, &digest) {
            return Ok(None);
        }
        // Media written before the digest was recorded: SQLite's own check instead.
        if text == legacy_checkpoint_text(&cp) {
            let quick: String = snap.query_row("PRAGMA quick_check", (), |r| r.get(0))?;
            return Ok((quick != "ok").then(|| SnapshotProblem { file: FILE, missing: false, why: format!("快照已损坏：{quick}") }));
        }
        Ok(problem(CHECKPOINT, false, "CHECKPOINT.txt 与写入时不一致".into()))
    })();
    verdict.unwrap_or_else(|e| problem(FILE, false, format!("快照无法读取：{e}")))
}
