//! The SQLite catalog: connection setup and embedded forward-only migrations.
//! All SQL of the core lives behind `Archive`; this module only opens and upgrades.

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::Connection;
use rusqlite_migration::{Migrations, M};

use crate::error::{Error, Result};

const MIGRATIONS: &[M<'static>] = &[
    M::up(include_str!("migrations/0001_foundation.sql")),
    M::up(include_str!("migrations/0002_accounts.sql")),
    M::up(include_str!("migrations/0003_media.sql")),
    M::up(include_str!("migrations/0004_metadata.sql")),
    M::up(include_str!("migrations/0005_search.sql")),
    M::up(include_str!("migrations/0006_checks.sql")),
    M::up(include_str!("migrations/0007_certificates.sql")),
    M::up(include_str!("migrations/0008_search_trigrams.sql")),
    M::up(include_str!("migrations/0009_list_indexes.sql")),
    M::up(include_str!("migrations/0010_archive_keys.sql")),
    M::up(include_str!("migrations/0011_desk.sql")),
    M::up(include_str!("migrations/0012_media_desk.sql")),
    M::up(include_str!("migrations/0013_sha1_lists.sql")),
    M::up(include_str!("migrations/0014_approval_use.sql")),
    M::up(include_str!("migrations/0015_access_log.sql")),
    M::up(include_str!("migrations/0016_legal_holds.sql")),
    M::up(include_str!("migrations/0017_disposals.sql")),
    M::up(include_str!("migrations/0018_item_inspection.sql")),
    M::up(include_str!("migrations/0019_check_acceptances.sql")),
];

/// Schema version this binary writes (SQLite `user_version`).
pub fn schema_version() -> i64 {
    MIGRATIONS.len() as i64
}

/// Opens the catalog, refusing a database from a newer release without touching it.
pub fn open(path: &Path, data_dir: &Path) -> Result<Connection> {
    let mut conn = Connection::open(path)?;
    conn.busy_timeout(Duration::from_secs(30))?;
    let found: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    if found > schema_version() {
        return Err(Error::TooNew { dir: data_dir.to_path_buf(), found, supported: schema_version() });
    }
    if found > 0 && found < schema_version() {
        backup_before_upgrade(&conn, data_dir, found)?;
    }
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(None, "synchronous", "FULL")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    // All pending migrations run in one transaction: an upgrade applies whole or not at all.
    Migrations::from_slice(MIGRATIONS).to_latest(&mut conn)?;
    Ok(conn)
}

/// A copy of the catalog as it was, in `<data dir>/backups/`, taken before an upgrade
/// touches it, so a clerk can go back to the older release if the new one disappoints.
fn backup_before_upgrade(conn: &Connection, data_dir: &Path, found: i64) -> Result<PathBuf> {
    let dir = data_dir.join("backups");
    crate::private::create_dir_all(&dir)?;
    let stem = format!("catalog-v{found}-before-v{}", schema_version());
    let path = (1..)
        .map(|n| dir.join(if n == 1 { format!("{stem}.sqlite") } else { format!("{stem}-{n}.sqlite") }))
        .find(|p| !p.exists())
        .expect("an unused name");
    snapshot_into(conn, &path)?;
    crate::private::file(&path)?;
    Ok(path)
}

/// A consistent copy of the catalog at `path`: VACUUM INTO includes what is still in the WAL.
pub(crate) fn snapshot_into(conn: &Connection, path: &Path) -> Result<()> {
    conn.execute("VACUUM INTO ?1", [path.to_string_lossy()])?;
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn migrations_are_valid() {
        rusqlite_migration::Migrations::from_slice(super::MIGRATIONS).validate().unwrap();
    }
}
