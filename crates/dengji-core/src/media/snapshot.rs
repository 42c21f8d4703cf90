//! The catalog snapshot on a medium: `catalog/catalog.sqlite`, a consistent copy of the
//! catalog and ledger (SQLite `VACUUM INTO`) taken after the bags are recorded, so a
//! workstation can be rebuilt from its media; `catalog/CHECKPOINT.txt` names the ledger
//! checkpoint it holds.

use std::fs::{self, File};
use std::io::Write;
use std::path::Path;

use rusqlite::{Connection, OpenFlags};

use crate::error::{Error, Result};
use crate::ledger::{self, Checkpoint};
use crate::vault::sync_dir;

pub const DIR: &str = "catalog";
pub const FILE: &str = "catalog.sqlite";
const CHECKPOINT: &str = "CHECKPOINT.txt";

/// Writes the snapshot durably (temp name, fsync, rename) and returns its checkpoint.
pub fn write(conn: &Connection, root: &Path, fail: &impl Fn(&Path, std::io::Error) -> Error) -> Result<Checkpoint> {
    let dir = root.join(DIR);
    fs::create_dir_all(&dir).map_err(|e| fail(&dir, e))?;
    let tmp = dir.join(format!(".{FILE}.partial"));
    if tmp.exists() {
        fs::remove_file(&tmp).map_err(|e| fail(&tmp, e))?;
    }
    if let Err(e) = conn.execute("VACUUM INTO ?1", [tmp.to_string_lossy()]) {
        let _ = fs::remove_file(&tmp);
        return Err(match e.sqlite_error_code() {
            // SQLite reports the medium's trouble as its own: say it is the medium's.
            Some(rusqlite::ErrorCode::DiskFull) => fail(&tmp, std::io::ErrorKind::StorageFull.into()),
            Some(rusqlite::ErrorCode::ReadOnly | rusqlite::ErrorCode::CannotOpen | rusqlite::ErrorCode::SystemIoFailure) => {
                fail(&tmp, std::io::Error::other(e))
            }
            _ => e.into(),
        });
    }
    let checkpoint = ledger::checkpoint(&open(&tmp)?)?;
    File::open(&tmp).and_then(|f| f.sync_all()).map_err(|e| fail(&tmp, e))?;
    let dest = dir.join(FILE);
    fs::rename(&tmp, &dest).map_err(|e| fail(&dest, e))?;
    let text = format!(
        "本文件夹中的 catalog.sqlite 是档案目录与台账的一致快照。\nThe catalog and ledger of the archive, a consistent snapshot.\nledger size: {}\nledger head: {}\n",
        checkpoint.size, checkpoint.head
    );
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

pub(crate) fn open(path: &Path) -> Result<Connection> {
    Ok(Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX)?)
}

/// The checkpoint of the snapshot at `path`, refused when its ledger chain is broken.
pub(crate) fn read_checkpoint(path: &Path) -> Result<Checkpoint> {
    let snap = open(path)?;
    if let (_, Some((seq, why))) = ledger::verify_chain(&snap)? {
        return Err(Error::Integrity(format!("快照中的台账第 {seq} 条：{why}")));
    }
    ledger::checkpoint(&snap)
}

/// Why the snapshot on the medium is not a true prefix of this catalog's ledger, if it is not.
pub fn check(conn: &Connection, root: &Path) -> Option<String> {
    let path = root.join(DIR).join(FILE);
    if !path.is_file() {
        return Some("目录快照缺失".into());
    }
    let verdict = (|| -> Result<Option<String>> {
        let snap = open(&path)?;
        let (_, broken) = ledger::verify_chain(&snap)?;
        if let Some((seq, why)) = broken {
            return Ok(Some(format!("快照中的台账第 {seq} 条：{why}")));
        }
        let cp = ledger::checkpoint(&snap)?;
        let ours: Option<String> =
            rusqlite::OptionalExtension::optional(conn.query_row("SELECT entry_hash FROM ledger WHERE seq = ?1", [cp.size], |r| r.get(0)))?;
        Ok(match ours {
            Some(h) if h == cp.head.to_hex() => None,
            _ => Some(format!("快照的台账检查点（{} / {}）与本机台账不符", cp.size, cp.head)),
        })
    })();
    verdict.unwrap_or_else(|e| Some(format!("快照无法读取：{e}")))
}
