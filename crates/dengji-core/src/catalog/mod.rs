//! The SQLite catalog: connection setup and embedded forward-only migrations.
//! All SQL of the core lives behind `Archive`; this module only opens and upgrades.

use std::path::Path;
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
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(None, "synchronous", "FULL")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    Migrations::from_slice(MIGRATIONS).to_latest(&mut conn)?;
    Ok(conn)
}

#[cfg(test)]
mod tests {
    #[test]
    fn migrations_are_valid() {
        rusqlite_migration::Migrations::from_slice(super::MIGRATIONS).validate().unwrap();
    }
}
