//! The catalog port: one connection type the domain modules speak SQL through, whichever
//! engine holds the catalog. Its shape follows rusqlite's (query_row, prepare, query_map,
//! optional) so the domain code reads as before; the statements use the subset of SQL
//! both engines share (`?N` placeholders, `RETURNING`, `ON CONFLICT`, `COALESCE`).

use std::cell::RefCell;
use std::ops::Deref;

use super::error::{CatalogError, Kind};
use super::postgres::{Cell, Pg};
use super::value::{FromSql, ToSql, Value, ValueRef};

pub type SqlResult<T> = std::result::Result<T, CatalogError>;

/// One connection to the catalog.
pub struct Conn {
    backend: Backend,
}

enum Backend {
    Sqlite(rusqlite::Connection),
    // One statement at a time: each call borrows the client for its round trip only, and
    // a query's rows are all read before its caller sees the first, so mapping a row may
    // itself query.
    Postgres(Box<RefCell<Pg>>),
}

/// Builds a parameter list: `params![a, b]` binds `a` to `?1` and `b` to `?2`.
#[doc(hidden)]
#[macro_export]
macro_rules! params {
    () => { () };
    ($($p:expr),+ $(,)?) => {
        &[$(&$p as &dyn $crate::ToSql),+] as &[&dyn $crate::ToSql]
    };
}
pub(crate) use crate::params;

/// What a statement's parameters can be given as: `()`, an array of one type, or `params![…]`.
pub trait Params {
    fn values(self) -> SqlResult<Vec<Value>>;
}

impl Params for () {
    fn values(self) -> SqlResult<Vec<Value>> {
        Ok(Vec::new())
    }
}

impl<T: ToSql, const N: usize> Params for [T; N] {
    fn values(self) -> SqlResult<Vec<Value>> {
        self.iter().map(ToSql::to_sql).collect()
    }
}

impl Params for &[&dyn ToSql] {
    fn values(self) -> SqlResult<Vec<Value>> {
        self.iter().map(|p| p.to_sql()).collect()
    }
}

impl Params for Vec<Value> {
    fn values(self) -> SqlResult<Vec<Value>> {
        Ok(self)
    }
}

/// `None` for a query that found no row, as rusqlite's extension of the same name.
pub trait OptionalExtension<T> {
    fn optional(self) -> SqlResult<Option<T>>;
}

impl<T> OptionalExtension<T> for SqlResult<T> {
    fn optional(self) -> SqlResult<Option<T>> {
        match self {
            Ok(v) => Ok(Some(v)),
            Err(e) if e.kind() == Kind::NoRows => Ok(None),
            Err(e) => Err(e),
        }
    }
}

fn sqlite_values(values: &[Value]) -> impl Iterator<Item = rusqlite::types::Value> + '_ {
    values.iter().map(|v| match v {
        Value::Null => rusqlite::types::Value::Null,
        Value::Integer(n) => rusqlite::types::Value::Integer(*n),
        Value::Real(x) => rusqlite::types::Value::Real(*x),
        Value::Text(s) => rusqlite::types::Value::Text(s.clone()),
        Value::Blob(b) => rusqlite::types::Value::Blob(b.clone()),
    })
}

impl Conn {
    pub(crate) fn sqlite(conn: rusqlite::Connection) -> Conn {
        conn.set_prepared_statement_cache_capacity(64);
        Conn { backend: Backend::Sqlite(conn) }
    }

    pub(crate) fn postgres(pg: Pg) -> Conn {
        Conn { backend: Backend::Postgres(Box::new(RefCell::new(pg))) }
    }

    /// The SQLite connection underneath, for what only SQLite has (pragmas, VACUUM INTO).
    pub(crate) fn as_sqlite(&self) -> Option<&rusqlite::Connection> {
        match &self.backend {
            Backend::Sqlite(c) => Some(c),
            Backend::Postgres(_) => None,
        }
    }

    pub fn is_postgres(&self) -> bool {
        matches!(self.backend, Backend::Postgres(_))
    }

    pub fn execute<P: Params>(&self, sql: &str, params: P) -> SqlResult<usize> {
        self.prepare(sql)?.execute(params)
    }

    /// Runs statements without parameters, separated by semicolons.
    pub fn execute_batch(&self, sql: &str) -> SqlResult<()> {
        match &self.backend {
            Backend::Sqlite(c) => Ok(c.execute_batch(sql)?),
            Backend::Postgres(pg) => pg.borrow_mut().batch(sql),
        }
    }

    /// The first row's mapping; `Kind::NoRows` (see `optional`) when there is none.
    pub fn query_row<T, P, F>(&self, sql: &str, params: P, f: F) -> SqlResult<T>
    where
        P: Params,
        F: FnOnce(&Row<'_>) -> SqlResult<T>,
    {
        self.prepare(sql)?.query_row(params, f)
    }

    /// Prepares (or takes from the connection's cache) one statement.
    pub fn prepare(&self, sql: &str) -> SqlResult<Stmt<'_>> {
        match &self.backend {
            Backend::Sqlite(c) => Ok(Stmt { inner: StmtInner::Sqlite(c.prepare_cached(sql)?) }),
            Backend::Postgres(pg) => Ok(Stmt { inner: StmtInner::Postgres { pg, sql: sql.to_string() } }),
        }
    }

    pub fn prepare_cached(&self, sql: &str) -> SqlResult<Stmt<'_>> {
        self.prepare(sql)
    }

    /// The id the last INSERT gave its row.
    pub fn last_insert_rowid(&self) -> SqlResult<i64> {
        match &self.backend {
            Backend::Sqlite(c) => Ok(c.last_insert_rowid()),
            // The value the last INSERT drew from an identity column's sequence.
            Backend::Postgres(_) => self.query_row("SELECT lastval()", (), |r| r.get(0)),
        }
    }

    /// A write transaction, exclusive from its start: no other writer (thread, process or
    /// workstation) changes the catalog until it ends, so what it read stays true.
    pub fn transaction(&mut self) -> SqlResult<Tx<'_>> {
        match &self.backend {
            Backend::Sqlite(c) => c.execute_batch("BEGIN IMMEDIATE")?,
            Backend::Postgres(pg) => pg.borrow_mut().begin()?,
        }
        Ok(Tx { conn: self, done: false })
    }
}

/// An open transaction; rolled back when dropped without `commit`.
pub struct Tx<'c> {
    conn: &'c mut Conn,
    done: bool,
}

impl Tx<'_> {
    pub fn commit(mut self) -> SqlResult<()> {
        self.done = true;
        self.conn.execute_batch("COMMIT")
    }
}

impl Deref for Tx<'_> {
    type Target = Conn;
    fn deref(&self) -> &Conn {
        self.conn
    }
}

impl Drop for Tx<'_> {
    fn drop(&mut self) {
        if !self.done {
            // Nothing to do if it fails: the engine rolls back a transaction whose
            // connection closes, and the error that got us here is the one to report.
            let _ = self.conn.execute_batch("ROLLBACK");
        }
    }
}

/// A prepared statement.
pub struct Stmt<'c> {
    inner: StmtInner<'c>,
}

enum StmtInner<'c> {
    Sqlite(rusqlite::CachedStatement<'c>),
    Postgres { pg: &'c RefCell<Pg>, sql: String },
}

impl Stmt<'_> {
    pub fn execute<P: Params>(&mut self, params: P) -> SqlResult<usize> {
        let values = params.values()?;
        match &mut self.inner {
            StmtInner::Sqlite(st) => Ok(st.execute(rusqlite::params_from_iter(sqlite_values(&values)))?),
            StmtInner::Postgres { pg, sql } => pg.borrow_mut().execute(sql, &values),
        }
    }

    pub fn query<P: Params>(&mut self, params: P) -> SqlResult<Rows<'_>> {
        let values = params.values()?;
        match &mut self.inner {
            StmtInner::Sqlite(st) => Ok(Rows { inner: RowsInner::Sqlite(st.query(rusqlite::params_from_iter(sqlite_values(&values)))?) }),
            StmtInner::Postgres { pg, sql } => {
                let rows = pg.borrow_mut().query(sql, &values)?;
                Ok(Rows { inner: RowsInner::Postgres(rows.into_iter(), None) })
            }
        }
    }

    pub fn query_map<T, P, F>(&mut self, params: P, f: F) -> SqlResult<MappedRows<'_, F>>
    where
        P: Params,
        F: FnMut(&Row<'_>) -> SqlResult<T>,
    {
        Ok(MappedRows { rows: self.query(params)?, f })
    }

    pub fn query_row<T, P, F>(&mut self, params: P, f: F) -> SqlResult<T>
    where
        P: Params,
        F: FnOnce(&Row<'_>) -> SqlResult<T>,
    {
        let mut rows = self.query(params)?;
        match rows.next()? {
            Some(row) => f(&row),
            None => Err(CatalogError::no_rows()),
        }
    }

    pub fn exists<P: Params>(&mut self, params: P) -> SqlResult<bool> {
        Ok(self.query(params)?.next()?.is_some())
    }
}

/// The rows of a query, read one at a time.
pub struct Rows<'s> {
    inner: RowsInner<'s>,
}

enum RowsInner<'s> {
    Sqlite(rusqlite::Rows<'s>),
    Postgres(std::vec::IntoIter<tokio_postgres::Row>, Option<tokio_postgres::Row>),
}

impl Rows<'_> {
    #[allow(clippy::should_implement_trait)] // a lending iterator: each row borrows the cursor
    pub fn next(&mut self) -> SqlResult<Option<Row<'_>>> {
        match &mut self.inner {
            RowsInner::Sqlite(rows) => Ok(rows.next()?.map(|r| Row { inner: RowInner::Sqlite(r) })),
            RowsInner::Postgres(rows, current) => {
                *current = rows.next();
                Ok(current.as_ref().map(|r| Row { inner: RowInner::Postgres(r) }))
            }
        }
    }
}

/// The rows of a query, each mapped by `F`.
pub struct MappedRows<'s, F> {
    rows: Rows<'s>,
    f: F,
}

impl<T, F: FnMut(&Row<'_>) -> SqlResult<T>> Iterator for MappedRows<'_, F> {
    type Item = SqlResult<T>;
    fn next(&mut self) -> Option<SqlResult<T>> {
        match self.rows.next() {
            Ok(Some(row)) => Some((self.f)(&row)),
            Ok(None) => None,
            Err(e) => Some(Err(e)),
        }
    }
}

/// One row of a result.
pub struct Row<'r> {
    inner: RowInner<'r>,
}

enum RowInner<'r> {
    Sqlite(&'r rusqlite::Row<'r>),
    Postgres(&'r tokio_postgres::Row),
}

/// A column position (only positions: the statements name their columns in order).
pub trait RowIndex {
    fn index(self) -> usize;
}

impl RowIndex for usize {
    fn index(self) -> usize {
        self
    }
}

impl Row<'_> {
    pub fn get<I: RowIndex, T: FromSql>(&self, idx: I) -> SqlResult<T> {
        let i = idx.index();
        let cell;
        let value = match &self.inner {
            RowInner::Sqlite(r) => match r.get_ref(i)? {
                rusqlite::types::ValueRef::Null => ValueRef::Null,
                rusqlite::types::ValueRef::Integer(n) => ValueRef::Integer(n),
                rusqlite::types::ValueRef::Real(x) => ValueRef::Real(x),
                rusqlite::types::ValueRef::Text(t) => {
                    ValueRef::Text(std::str::from_utf8(t).map_err(|e| CatalogError::conversion(format!("column {i} is not UTF-8: {e}")))?)
                }
                rusqlite::types::ValueRef::Blob(b) => ValueRef::Blob(b),
            },
            RowInner::Postgres(r) => {
                cell = r.try_get::<_, Cell>(i).map_err(CatalogError::from)?;
                match &cell.0 {
                    Value::Null => ValueRef::Null,
                    Value::Integer(n) => ValueRef::Integer(*n),
                    Value::Real(x) => ValueRef::Real(*x),
                    Value::Text(s) => ValueRef::Text(s),
                    Value::Blob(b) => ValueRef::Blob(b),
                }
            }
        };
        T::column_result(value).map_err(|e| CatalogError::conversion(format!("column {i}: {e}")))
    }
}
