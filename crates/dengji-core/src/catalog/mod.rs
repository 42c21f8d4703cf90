//! The catalog: the port every domain module speaks SQL through (`Conn`), and opening and
//! upgrading the embedded SQLite catalog with its forward-only migrations.

mod copy;
mod dialect;
mod error;
mod location;
mod postgres;
mod sql;
mod value;

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::Connection;
use rusqlite_migration::{Migrations, M};

use crate::error::{Error, Result};

pub(crate) use dialect::Part;
pub(crate) use error::bad_column;
pub use error::CatalogError;
pub use location::CatalogLocation;
pub(crate) use location::CATALOG_FILE;
pub use postgres::writer_lock_waited;
pub(crate) use sql::params;
pub use sql::{Conn, OptionalExtension, Params, Row, SqlResult};
pub use value::{FromSql, FromSqlError, ToSql, Value, ValueRef};

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
    M::up(include_str!("migrations/0020_peers.sql")),
    M::up(include_str!("migrations/0021_reports.sql")),
    M::up(include_str!("migrations/0022_forwarding.sql")),
    M::up(include_str!("migrations/0023_lower_applications.sql")),
    M::up(include_str!("migrations/0024_series.sql")),
    M::up(include_str!("migrations/0025_media_objects.sql")),
];

/// The PostgreSQL catalog's migrations, in order; `dengji_schema.version` counts those applied.
const PG_MIGRATIONS: &[&str] = &[
    include_str!("postgres/migrations/0001_schema.sql"),
    include_str!("postgres/migrations/0002_centre_scale.sql"),
    include_str!("postgres/migrations/0003_search_recent.sql"),
    include_str!("postgres/migrations/0004_peers.sql"),
    include_str!("postgres/migrations/0005_reports.sql"),
    include_str!("postgres/migrations/0006_forwarding.sql"),
    include_str!("postgres/migrations/0007_lower_applications.sql"),
    include_str!("postgres/migrations/0008_series.sql"),
    include_str!("postgres/migrations/0009_media_objects.sql"),
];

/// Schema version this binary writes (SQLite `user_version`).
pub fn schema_version() -> i64 {
    MIGRATIONS.len() as i64
}

/// The schema version of the catalog `conn` is connected to, in its engine's numbering.
pub fn schema_version_of(conn: &Conn) -> i64 {
    if conn.is_postgres() {
        PG_MIGRATIONS.len() as i64
    } else {
        schema_version()
    }
}

/// The archive's catalog, wherever the data directory says it is.
pub(crate) fn open_at(dir: &Path, location: &CatalogLocation) -> Result<Conn> {
    match location {
        CatalogLocation::Embedded => open(&dir.join(crate::archive::CATALOG), dir),
        CatalogLocation::Postgres { url } => open_postgres(url, dir),
    }
}

/// One more connection to the same catalog, for a reader thread: read-only on SQLite.
pub(crate) fn open_reader(dir: &Path, location: &CatalogLocation) -> Result<Conn> {
    match location {
        CatalogLocation::Embedded => Ok(open_read_only(&dir.join(crate::archive::CATALOG))?),
        CatalogLocation::Postgres { url } => connect(url),
    }
}

fn connect(url: &str) -> Result<Conn> {
    let target = postgres::Target::parse(url).map_err(|why| Error::BadCatalogUrl { url: url.to_string(), why })?;
    let pg = postgres::Pg::connect(&target).map_err(|e| Error::CatalogConnect { url: url.to_string(), message: e.to_string() })?;
    Ok(Conn::postgres(pg))
}

fn dengji_version(conn: &Conn) -> Result<Option<i64>> {
    let has: bool = conn.query_row("SELECT to_regclass('dengji_schema') IS NOT NULL", (), |r| r.get(0))?;
    if !has {
        return Ok(None);
    }
    Ok(Some(conn.query_row("SELECT version FROM dengji_schema", (), |r| r.get(0))?))
}

/// Connects to a centre archive's catalog, upgrading its schema (under the writers' lock,
/// in one transaction) when this release has more migrations, refusing a newer one.
fn open_postgres(url: &str, data_dir: &Path) -> Result<Conn> {
    let mut conn = connect(url)?;
    let Some(found) = dengji_version(&conn)? else { return Err(Error::CatalogNotDengji(url.to_string())) };
    let supported = PG_MIGRATIONS.len() as i64;
    if found > supported {
        return Err(Error::TooNew { dir: data_dir.to_path_buf(), found, supported });
    }
    if found < supported {
        let tx = conn.transaction()?;
        // Another workstation may have upgraded while this one waited for the lock.
        let found: i64 = tx.query_row("SELECT version FROM dengji_schema", (), |r| r.get(0))?;
        for sql in PG_MIGRATIONS.iter().skip(usize::try_from(found).unwrap_or(usize::MAX)) {
            tx.execute_batch(sql).map_err(Error::Migration)?;
        }
        tx.execute("UPDATE dengji_schema SET version = ?1", [supported])?;
        tx.commit()?;
    }
    Ok(conn)
}

/// Connects to an empty database for a new centre archive; `build` then runs in one
/// transaction with the schema, so an init that fails leaves the database empty.
pub(crate) fn create_postgres(url: &str) -> Result<Conn> {
    let conn = connect(url)?;
    let tables: i64 =
        conn.query_row("SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = current_schema()", (), |r| r.get(0))?;
    if tables > 0 {
        return Err(Error::CatalogNotEmpty(url.to_string()));
    }
    Ok(conn)
}

/// The whole PostgreSQL schema, inside the caller's transaction.
pub(crate) fn build_postgres(tx: &Conn) -> Result<()> {
    for sql in PG_MIGRATIONS {
        tx.execute_batch(sql).map_err(Error::Migration)?;
    }
    tx.execute_batch("CREATE TABLE dengji_schema (version BIGINT NOT NULL)")?;
    tx.execute("INSERT INTO dengji_schema (version) VALUES (?1)", [PG_MIGRATIONS.len() as i64])?;
    Ok(())
}

/// Opens the catalog, refusing a database from a newer release without touching it.
pub fn open(path: &Path, data_dir: &Path) -> Result<Conn> {
    Ok(Conn::sqlite(open_sqlite(path, data_dir)?))
}

/// Opens a catalog snapshot read-only (from a medium, or the catalog for a reader thread).
pub(crate) fn open_read_only(path: &Path) -> std::result::Result<Conn, CatalogError> {
    use rusqlite::OpenFlags;
    let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX)?;
    conn.busy_timeout(Duration::from_secs(30))?;
    Ok(Conn::sqlite(conn))
}

fn open_sqlite(path: &Path, data_dir: &Path) -> Result<Connection> {
    let mut conn = Connection::open(path).map_err(CatalogError::from)?;
    conn.busy_timeout(Duration::from_secs(30)).map_err(CatalogError::from)?;
    let found: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0)).map_err(CatalogError::from)?;
    if found > schema_version() {
        return Err(Error::TooNew { dir: data_dir.to_path_buf(), found, supported: schema_version() });
    }
    if found > 0 && found < schema_version() {
        backup_before_upgrade(&conn, data_dir, found)?;
    }
    let pragmas = || -> rusqlite::Result<()> {
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "FULL")?;
        conn.pragma_update(None, "foreign_keys", "ON")
    };
    pragmas().map_err(CatalogError::from)?;
    // All pending migrations run in one transaction: an upgrade applies whole or not at all.
    Migrations::from_slice(MIGRATIONS).to_latest(&mut conn).map_err(|e| Error::Migration(CatalogError::new(error::Kind::Other, e)))?;
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
    sqlite_snapshot(conn, &path)?;
    crate::private::file(&path)?;
    Ok(path)
}

/// A consistent copy of the catalog at `path`: VACUUM INTO includes what is still in the WAL.
/// A SQLite file, whichever engine holds the catalog: it is what media carry.
pub(crate) fn snapshot_into(conn: &Conn, path: &Path) -> std::result::Result<(), CatalogError> {
    match conn.as_sqlite() {
        Some(c) => sqlite_snapshot(c, path),
        None => server_snapshot(conn, path),
    }
}

/// A server's catalog as a new SQLite file at `path`: the schema this release writes, then
/// every row as one consistent read of the server sees it.
fn server_snapshot(conn: &Conn, path: &Path) -> std::result::Result<(), CatalogError> {
    let mut file = Connection::open(path)?;
    Migrations::from_slice(MIGRATIONS).to_latest(&mut file).map_err(|e| CatalogError::new(error::Kind::Other, e))?;
    file.pragma_update(None, "journal_mode", "DELETE")?;
    file.pragma_update(None, "foreign_keys", "ON")?;
    let mut file = Conn::sqlite(file);
    let tx = file.transaction()?;
    conn.execute_batch("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")?;
    let copied = copy::copy_tables(conn, &tx);
    conn.execute_batch("COMMIT")?;
    copied?;
    tx.commit()
}

/// Makes a SQLite catalog one self-contained file (no WAL beside it), before it is renamed
/// into place or handed over; nothing to do for a server's catalog.
pub(crate) fn settle_file(conn: &Conn) -> std::result::Result<(), CatalogError> {
    if let Some(c) = conn.as_sqlite() {
        c.pragma_update(None, "journal_mode", "DELETE")?;
    }
    Ok(())
}

fn sqlite_snapshot(conn: &Connection, path: &Path) -> std::result::Result<(), CatalogError> {
    conn.execute("VACUUM INTO ?1", [path.to_string_lossy()])?;
    Ok(())
}

/// Loads the SQLite catalog `file` into the empty database `server` is connected to: the
/// schema and every row in one transaction, so a load that fails leaves it empty.
pub(crate) fn load_into(mut server: Conn, file: &Path) -> Result<()> {
    let built = open_read_only(file)?;
    let tx = server.transaction()?;
    build_postgres(&tx)?;
    copy::copy_tables(&built, &tx)?;
    tx.commit()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn migrations_are_valid() {
        rusqlite_migration::Migrations::from_slice(super::MIGRATIONS).validate().unwrap();
    }

    /// The tables of the aggregates that have a `store.rs`, and the store that writes each.
    const STORED: &[(&str, &str)] = &[
        ("users", "accounts/store.rs"),
        ("settings", "accounts/store.rs"),
        ("applications", "applications/store.rs"),
        ("domains", "domains/store.rs"),
        ("units", "units/store.rs"),
        ("archive_keys", "key/store.rs"),
        ("ledger", "ledger/store.rs"),
        ("access_log", "ledger/store.rs"),
        ("certificates", "cert/store.rs"),
        ("certificate_statements", "cert/store.rs"),
        ("checks", "check/store.rs"),
        ("check_acceptances", "check/store.rs"),
        ("disposals", "disposal/store.rs"),
        ("disposal_items", "disposal/store.rs"),
        ("disposed_items", "disposal/store.rs"),
        ("legal_holds", "disposal/store.rs"),
        ("media", "media/store.rs"),
        ("media_bags", "media/store.rs"),
        ("shipments", "media/store.rs"),
        ("shipment_media", "media/store.rs"),
        ("registrations", "registrations/store.rs"),
        ("reg_sequence", "registrations/store.rs"),
        ("intake_sources", "registrations/store.rs"),
        ("discarded_drafts", "registrations/store.rs"),
        ("findings", "registrations/items_store.rs"),
        ("supplied_checksums", "registrations/items_store.rs"),
        ("catalogue_mappings", "metadata/store.rs"),
        ("search_pending", "search/store.rs"),
        ("archive", "archive.rs"),
        ("peers", "peers/store.rs"),
        ("peer_keys", "peers/store.rs"),
        ("upward_reports", "upward/store.rs"),
        ("peer_reports", "upward/store.rs"),
        ("series", "series/store.rs"),
    ];

    fn sources(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap().flatten() {
            let path = entry.path();
            if path.is_dir() {
                sources(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }

    /// ARCHITECTURE.md: an aggregate's rows are written by its store only (the catalog's
    /// own copying between engines aside).
    #[test]
    fn aggregates_with_a_store_are_written_there_only() {
        let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut files = Vec::new();
        sources(&src, &mut files);
        for file in files {
            let rel = file.strip_prefix(&src).unwrap().to_string_lossy().replace('\\', "/");
            if rel.starts_with("catalog/") {
                continue;
            }
            let text = std::fs::read_to_string(&file).unwrap().to_uppercase();
            for &(table, store) in STORED {
                let table = table.to_uppercase();
                for write in [format!("INSERT INTO {table} "), format!("UPDATE {table} "), format!("DELETE FROM {table}")] {
                    assert!(rel == store || !text.contains(&write), "{rel} writes {table}; only {store} may");
                }
            }
        }
    }
}
