//! The lower archive's catalog as a package carries it: a snapshot taken as the package is
//! written, drafts left out (nothing about them is final). It is the lower archive's
//! off-site copy (异地备份): a county that loses its workstation and media is rebuilt from
//! it, its accounts and archive key with it, so it holds what a backup medium holds (the
//! private key only encrypted under the key passphrase, passwords only as hashes). At the
//! upper archive it is the read-only copy of the lower archive, checked like a catalog of
//! our own before anything in it is believed.

use std::fs;
use std::path::Path;

use crate::archive::Archive;
use crate::catalog::{self, CatalogLocation, Conn, SqlResult};
use crate::digest::{Sha256, Sm3};
use crate::error::{Error, Result};
use crate::ledger::{self, Checkpoint};
use crate::vault::Vault;

/// Writes the catalog copy of `conn` to `path`; returns the ledger checkpoint it holds.
pub(super) fn write(conn: &Conn, path: &Path, data_dir: &Path) -> Result<Checkpoint> {
    let tmp = path.with_extension("sqlite.tmp");
    if tmp.exists() {
        fs::remove_file(&tmp).map_err(Error::io(&tmp))?;
    }
    catalog::snapshot_into(conn, &tmp)?;
    let result = (|| -> Result<()> {
        let copy = catalog::open(&tmp, data_dir)?;
        // Drafts are not reported: nothing about them is final, and their files are not sent.
        crate::registrations::store::drop_drafts(&copy)?;
        copy.execute_batch("VACUUM")?;
        catalog::settle_file(&copy)?;
        Ok(())
    })();
    if let Err(e) = result {
        let _ = fs::remove_file(&tmp);
        return Err(e);
    }
    fs::File::open(&tmp).and_then(|f| f.sync_all()).map_err(Error::io(&tmp))?;
    fs::rename(&tmp, path).map_err(Error::io(path))?;
    ledger::checkpoint(&catalog::open_read_only(path)?)
}

/// The files of registrations sealed after ledger entry `after`, each once: (SHA-256, SM3,
/// size). Disposed items are left out (their files may be gone).
pub(super) fn files_sealed_after(conn: &Conn, after: i64) -> Result<Vec<(Sha256, Sm3, i64)>> {
    let mut st = conn.prepare(
        "SELECT i.sha256, MIN(i.sm3), MIN(i.size) FROM items i
           JOIN registrations r ON r.id = i.registration_id AND r.status = 'sealed'
           JOIN ledger l ON l.action = 'registration.seal' AND l.subject = 'registration:' || r.id AND l.seq > ?1
         WHERE NOT EXISTS (SELECT 1 FROM disposed_items d WHERE d.item_id = i.id)
         GROUP BY i.sha256 ORDER BY i.sha256",
    )?;
    let rows = st.query_map([after], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
    Ok(rows.collect::<SqlResult<_>>()?)
}

/// Of the files `files_sealed_after` lists, those this archive stores as chunks, as the
/// lower archive's intake did: large files of its business data.
pub(super) fn chunked_files(conn: &Conn, after: i64) -> Result<std::collections::HashSet<Sha256>> {
    let mut st = conn.prepare(
        "SELECT DISTINCT i.sha256, i.size, i.format FROM items i
           JOIN registrations r ON r.id = i.registration_id AND r.status = 'sealed' AND r.kind = 'business-data'
           JOIN ledger l ON l.action = 'registration.seal' AND l.subject = 'registration:' || r.id AND l.seq > ?1",
    )?;
    let rows = st.query_map([after], |r| Ok((r.get::<_, Sha256>(0)?, r.get::<_, i64>(1)?, r.get::<_, String>(2)?)))?;
    let mut chunked = std::collections::HashSet::new();
    for row in rows {
        let (sha, size, format) = row?;
        if crate::vault::chunked_wanted(size as u64, crate::registrations::RecordKind::BusinessData, &format) {
            chunked.insert(sha);
        }
    }
    Ok(chunked)
}

/// The name, region code and instance of the archive whose catalog `conn` is.
pub(super) fn whose(conn: &Conn) -> Result<(String, String, String)> {
    Ok(conn.query_row("SELECT name, region_code, instance_id FROM archive", (), |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?)
}

pub(super) fn sealed_registrations(conn: &Conn) -> Result<i64> {
    Ok(conn.query_row("SELECT COUNT(*) FROM registrations WHERE status = 'sealed'", (), |r| r.get(0))?)
}

/// Checks a received catalog copy as `ledger verify` checks a catalog: both chains, and
/// every seal, unit, account, certificate, key, peer and receipt against the ledger. The
/// problems; empty when it is sound.
pub(super) fn check(path: &Path, vault: &Vault, dir: &Path) -> Result<Vec<String>> {
    let conn = catalog::open_read_only(path)?;
    let copy = Archive::assemble(dir, CatalogLocation::Embedded, conn, vault.clone());
    Ok(copy.verify_ledger()?.problems.into_iter().map(|p| p.message).collect())
}
