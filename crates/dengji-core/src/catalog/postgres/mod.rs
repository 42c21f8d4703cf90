//! The catalog on a PostgreSQL server (a centre archive): connecting as libpq would (a
//! password from `PGPASSWORD` or `~/.pgpass`, never from the data directory), the
//! statement cache, the `?N` placeholders of the shared SQL as `$N`, and how values cross.
//!
//! The client is tokio-postgres on a small runtime of the catalog's own: the core is
//! synchronous and is called from the app's async runtime too, where a runtime of the
//! caller's (as the `postgres` crate keeps) may not block. Connections are driven on that
//! runtime; a call waits for its answer with a plain executor, which any thread may do.

mod password;
mod values;

use std::collections::HashMap;
use std::future::Future;
use std::str::FromStr;
use std::sync::{Arc, OnceLock};
use std::time::{Duration, Instant};

use tokio_postgres::{Client, NoTls, SimpleQueryMessage, Statement};

use super::error::{CatalogError, Kind};
use super::value::Value;

use values::Bind;
pub(crate) use values::Cell;

/// Every write transaction takes this transaction-scoped advisory lock first, so writers
/// on every workstation of the archive go one at a time, as SQLite's BEGIN IMMEDIATE
/// makes them on one: what a transaction read stays true until it commits.
pub(crate) const WRITER_LOCK: i64 = 0x6465_6e67_6a69; // "dengji"

pub(crate) struct Pg {
    client: Arc<Client>,
    statements: HashMap<String, Statement>,
}

/// The runtime every PostgreSQL connection of the process is driven on.
fn runtime() -> &'static tokio::runtime::Runtime {
    static RUNTIME: OnceLock<tokio::runtime::Runtime> = OnceLock::new();
    RUNTIME.get_or_init(|| {
        tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .thread_name("dengji-catalog")
            .enable_all()
            .build()
            .expect("a runtime for the catalog's connections")
    })
}

/// Waits for `f`, which runs on the catalog's runtime.
fn on_runtime<T: Send + 'static>(f: impl Future<Output = T> + Send + 'static) -> T {
    match futures::executor::block_on(runtime().spawn(f)) {
        Ok(v) => v,
        Err(e) => std::panic::resume_unwind(e.into_panic()),
    }
}

/// A `postgresql://USER@HOST[:PORT]/DB` URL, checked and without a password.
#[derive(Debug, Clone)]
pub(crate) struct Target {
    pub config: tokio_postgres::Config,
}

impl Target {
    /// The URL's parts; a URL that carries a password is refused (the data directory must
    /// hold no secret), as is one without a database or a user (`PGUSER` fills the user).
    pub(crate) fn parse(url: &str) -> Result<Target, String> {
        let url = url.trim();
        if !(url.starts_with("postgresql://") || url.starts_with("postgres://")) {
            return Err("应以 postgresql:// 开头".into());
        }
        let mut config = tokio_postgres::Config::from_str(url).map_err(|e| e.to_string())?;
        if config.get_password().is_some() {
            return Err("地址中不能含密码：请用 PGPASSWORD 环境变量或 ~/.pgpass 文件提供密码".into());
        }
        if config.get_dbname().is_none_or(str::is_empty) {
            return Err("缺少数据库名（…/数据库名）".into());
        }
        if config.get_user().is_none() {
            match std::env::var("PGUSER") {
                Ok(user) if !user.is_empty() => {
                    config.user(&user);
                }
                _ => return Err("缺少用户名（postgresql://用户名@主机/数据库）".into()),
            }
        }
        if config.get_hosts().is_empty() {
            return Err("缺少主机名".into());
        }
        Ok(Target { config })
    }
}

impl Pg {
    pub(crate) fn connect(target: &Target) -> Result<Pg, CatalogError> {
        let mut config = target.config.clone();
        if config.get_connect_timeout().is_none() {
            config.connect_timeout(Duration::from_secs(5));
        }
        if let Some(pw) = password::find(&config) {
            config.password(pw);
        }
        config.application_name("dengji");
        let client = on_runtime(async move {
            let (client, connection) = config.connect(NoTls).await?;
            // The connection does the talking until the client is dropped; its end (a
            // server gone) surfaces as the error of the call that needed it.
            tokio::spawn(connection);
            // Every statement planned for its values: the cached statements' generic plans
            // cannot see how selective a search's grams or an optional filter
            // (`?2 IS NULL OR …`) are, and after five runs PostgreSQL switched searches to
            // one fifty times slower. Planning a statement costs far less. A compatible
            // server without this setting (before PostgreSQL 12) keeps its own behaviour.
            let _ = client.batch_execute("SET plan_cache_mode = force_custom_plan").await;
            Ok::<_, tokio_postgres::Error>(client)
        })?;
        Ok(Pg { client: Arc::new(client), statements: HashMap::new() })
    }

    fn statement(&mut self, sql: &str) -> Result<Statement, CatalogError> {
        if let Some(st) = self.statements.get(sql) {
            return Ok(st.clone());
        }
        let st = futures::executor::block_on(self.client.prepare(&placeholders(sql))).map_err(|e| {
            // A statement the server cannot take is a bug of ours: say which one.
            CatalogError::new(kind_of(&e), format!("{}（语句：{}）", message(&e), shortened(sql)))
        })?;
        // Dynamic SQL (search filters) must not grow the cache without end.
        if self.statements.len() >= 512 {
            self.statements.clear();
        }
        self.statements.insert(sql.to_string(), st.clone());
        Ok(st)
    }

    pub(crate) fn execute(&mut self, sql: &str, values: &[Value]) -> Result<usize, CatalogError> {
        let st = self.statement(sql)?;
        let binds: Vec<Bind<'_>> = values.iter().map(Bind).collect();
        let refs: Vec<&(dyn tokio_postgres::types::ToSql + Sync)> = binds.iter().map(|b| b as _).collect();
        let n = futures::executor::block_on(self.client.execute(&st, &refs))?;
        Ok(usize::try_from(n).unwrap_or(usize::MAX))
    }

    pub(crate) fn query(&mut self, sql: &str, values: &[Value]) -> Result<Vec<tokio_postgres::Row>, CatalogError> {
        let st = self.statement(sql)?;
        let binds: Vec<Bind<'_>> = values.iter().map(Bind).collect();
        let refs: Vec<&(dyn tokio_postgres::types::ToSql + Sync)> = binds.iter().map(|b| b as _).collect();
        Ok(futures::executor::block_on(self.client.query(&st, &refs))?)
    }

    pub(crate) fn batch(&mut self, sql: &str) -> Result<(), CatalogError> {
        Ok(futures::executor::block_on(self.client.batch_execute(sql))?)
    }

    /// BEGIN and the writers' lock: one round trip while no other workstation writes; when
    /// one does, a second that waits for it, timed (`writer_lock_waited`).
    pub(crate) fn begin(&mut self) -> Result<(), CatalogError> {
        let sql = format!("BEGIN; SELECT pg_try_advisory_xact_lock({WRITER_LOCK})");
        let answers = futures::executor::block_on(self.client.simple_query(&sql))?;
        let taken = answers.iter().any(|m| matches!(m, SimpleQueryMessage::Row(row) if row.get(0) == Some("t")));
        if !taken {
            let t = Instant::now();
            self.batch(&format!("SELECT pg_advisory_xact_lock({WRITER_LOCK})"))?;
            let nanos = u64::try_from(t.elapsed().as_nanos()).unwrap_or(u64::MAX);
            WAITED_NANOS.fetch_add(nanos, std::sync::atomic::Ordering::Relaxed);
        }
        Ok(())
    }
}

static WAITED_NANOS: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

/// How long this process's write transactions have waited for another's to end, in total:
/// what several workstations lose to each other on one catalog.
pub fn writer_lock_waited() -> Duration {
    Duration::from_nanos(WAITED_NANOS.load(std::sync::atomic::Ordering::Relaxed))
}

/// The shared SQL's `?N` (and bare `?`) placeholders as PostgreSQL's `$N`, leaving string
/// literals, quoted names and comments as they are.
pub(crate) fn placeholders(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len() + 8);
    let mut chars = sql.chars().peekable();
    let mut next = 1;
    while let Some(c) = chars.next() {
        match c {
            '\'' | '"' => {
                out.push(c);
                for d in chars.by_ref() {
                    out.push(d);
                    if d == c {
                        break;
                    }
                }
            }
            '-' if chars.peek() == Some(&'-') => {
                out.push(c);
                for d in chars.by_ref() {
                    out.push(d);
                    if d == '\n' {
                        break;
                    }
                }
            }
            '?' => {
                let mut digits = String::new();
                while let Some(d) = chars.peek().filter(|d| d.is_ascii_digit()) {
                    digits.push(*d);
                    chars.next();
                }
                if digits.is_empty() {
                    digits = next.to_string();
                    next += 1;
                }
                out.push('$');
                out.push_str(&digits);
            }
            _ => out.push(c),
        }
    }
    out
}

fn kind_of(e: &tokio_postgres::Error) -> Kind {
    use tokio_postgres::error::SqlState;
    match e.code() {
        Some(c) if *c == SqlState::DISK_FULL || *c == SqlState::OUT_OF_MEMORY => Kind::DiskFull,
        Some(c) if c.code().starts_with("23") => Kind::Refused,
        _ => Kind::Other,
    }
}

/// The server's own words (its message, detail and SQLSTATE), not the driver's "db error".
fn message(e: &tokio_postgres::Error) -> String {
    match e.as_db_error() {
        Some(db) => {
            let detail = db.detail().map(|d| format!("（{d}）")).unwrap_or_default();
            format!("{}{detail} [SQLSTATE {}]", db.message(), db.code().code())
        }
        None => e.to_string(),
    }
}

impl From<tokio_postgres::Error> for CatalogError {
    fn from(e: tokio_postgres::Error) -> CatalogError {
        CatalogError::new(kind_of(&e), message(&e))
    }
}

/// A statement as named in an error: its words on one line, and no more than a few hundred
/// characters of it (multi-row inserts run to tens of thousands).
fn shortened(sql: &str) -> String {
    const MOST: usize = 300;
    let one_line = sql.split_whitespace().collect::<Vec<_>>().join(" ");
    match one_line.char_indices().nth(MOST) {
        Some((cut, _)) => format!("{} …", &one_line[..cut]),
        None => one_line,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_become_dollars_outside_literals() {
        assert_eq!(placeholders("SELECT a FROM t WHERE b = ?1 AND c = ?12"), "SELECT a FROM t WHERE b = $1 AND c = $12");
        assert_eq!(placeholders("SELECT '?1', \"x?\" FROM t WHERE a = ? AND b = ?"), "SELECT '?1', \"x?\" FROM t WHERE a = $1 AND b = $2");
        assert_eq!(placeholders("SELECT 1 -- why?\nFROM t WHERE a = ?2"), "SELECT 1 -- why?\nFROM t WHERE a = $2");
        assert_eq!(placeholders("SELECT 'it''s ?' || ?1"), "SELECT 'it''s ?' || $1");
    }

    #[test]
    fn urls_with_passwords_or_without_a_database_are_refused() {
        assert!(Target::parse("postgresql://dengji@127.0.0.1:5432/archive").is_ok());
        assert!(Target::parse("postgresql://dengji:secret@127.0.0.1/archive").unwrap_err().contains("PGPASSWORD"));
        assert!(Target::parse("postgresql://dengji@127.0.0.1").unwrap_err().contains("数据库名"));
        assert!(Target::parse("mysql://x@y/z").is_err());
    }

    #[test]
    fn long_statements_are_shortened_in_messages() {
        assert_eq!(shortened("SELECT 1\n   FROM t"), "SELECT 1 FROM t");
        let long = format!("INSERT INTO 表 VALUES {}", "(?1, ?2), ".repeat(100));
        let short = shortened(&long);
        assert_eq!(short.chars().count(), 302);
        assert!(short.starts_with("INSERT INTO 表 VALUES (?1, ?2)") && short.ends_with(" …"));
    }
}
