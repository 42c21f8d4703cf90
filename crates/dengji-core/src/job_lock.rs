//! A job's hold on what it works on (a draft, a medium, an approval, the vault), so two
//! jobs never write into the same thing. An embedded archive holds a lock file in
//! `<data dir>/locks/`; a centre archive, whose workstations each have their own data
//! directory, holds a PostgreSQL advisory lock on a connection of the job's own, which
//! the server releases if the workstation dies.

use std::fs;
use std::path::Path;
use std::time::{Duration, Instant};

use crate::catalog::{CatalogLocation, Conn};
use crate::error::{Error, Result};

/// Held until dropped.
pub(crate) struct JobLock {
    _held: Held,
}

/// What is held; dropping it lets go.
enum Held {
    File { _file: fs::File },
    Server { _conn: Box<Conn> },
}

/// A lock that stays taken for this long is a real job. Shorter holds happen: a process
/// that another thread is spawning inherits a lock file's descriptor until its exec.
const PATIENCE: Duration = Duration::from_secs(1);

/// Takes the lock `name`; `None` while another job holds it (exclusively, or at all when
/// `shared` is false).
pub(crate) fn take(dir: &Path, catalog: &CatalogLocation, name: &str, shared: bool) -> Result<Option<JobLock>> {
    match catalog {
        CatalogLocation::Embedded => file(&dir.join("locks").join(name), shared),
        CatalogLocation::Postgres { .. } => server(crate::catalog::open_reader(dir, catalog)?, name, shared),
    }
}

fn file(path: &Path, shared: bool) -> Result<Option<JobLock>> {
    let mut options = fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let file = options.open(path).map_err(Error::io(path))?;
    let deadline = Instant::now() + PATIENCE;
    loop {
        let taken = if shared { file.try_lock_shared() } else { file.try_lock() };
        if taken.is_ok() {
            return Ok(Some(JobLock { _held: Held::File { _file: file } }));
        }
        if Instant::now() >= deadline {
            return Ok(None);
        }
        std::thread::sleep(Duration::from_millis(10));
    }
}

fn server(conn: Conn, name: &str, shared: bool) -> Result<Option<JobLock>> {
    let key = key(name);
    let sql = if shared { "SELECT pg_try_advisory_lock_shared(?1)" } else { "SELECT pg_try_advisory_lock(?1)" };
    let deadline = Instant::now() + PATIENCE;
    loop {
        let taken: bool = conn.query_row(sql, [key], |r| r.get(0))?;
        if taken {
            return Ok(Some(JobLock { _held: Held::Server { _conn: Box::new(conn) } }));
        }
        if Instant::now() >= deadline {
            return Ok(None);
        }
        std::thread::sleep(Duration::from_millis(10));
    }
}

/// The advisory lock's 64-bit key for `name`, apart from the writers' lock's.
fn key(name: &str) -> i64 {
    let digest = crate::digest::sha256(format!("dengji-job-lock:{name}").as_bytes());
    i64::from_be_bytes(digest.0[..8].try_into().expect("eight bytes"))
}
