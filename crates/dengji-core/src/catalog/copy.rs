//! Copying a whole catalog from one engine to the other: a centre archive's snapshot on a
//! medium is a SQLite file like any other's, and an embedded archive moves up into
//! PostgreSQL. Rows go over as they are, with the target's triggers held off meanwhile
//! (they refuse, rightly, items added to a sealed registration), in one transaction.

use super::error::CatalogError;
use super::sql::{Conn, Row, SqlResult};
use super::value::Value;

/// Rows inserted per statement round.
const BATCH: usize = 500;

/// The tables the two engines share (search indexes and engine bookkeeping left out: the
/// target's search queue is refilled, so its index is rebuilt at the next search).
fn tables(to: &Conn) -> SqlResult<Vec<String>> {
    let sql = if to.is_postgres() {
        "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'
           AND table_name NOT LIKE 'search%' AND table_name != 'dengji_schema' ORDER BY table_name"
    } else {
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'search%' AND name NOT LIKE 'sqlite%' ORDER BY name"
    };
    to.prepare(sql)?.query_map((), |r| r.get(0))?.collect()
}

fn columns_of(to: &Conn, table: &str) -> SqlResult<Vec<String>> {
    if to.is_postgres() {
        to.prepare(
            "SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = ?1
             ORDER BY ordinal_position",
        )?
        .query_map([table], |r| r.get(0))?
        .collect()
    } else {
        to.prepare(&format!("SELECT name FROM pragma_table_info('{table}') ORDER BY cid"))?.query_map((), |r| r.get(0))?.collect()
    }
}

/// The tables each table's foreign keys point to (itself left out: its rows go in id order).
fn references(to: &Conn, table: &str) -> SqlResult<Vec<String>> {
    let refs: Vec<String> = if to.is_postgres() {
        to.prepare(
            "SELECT DISTINCT ccu.table_name FROM information_schema.table_constraints tc
               JOIN information_schema.constraint_column_usage ccu
                 ON ccu.constraint_name = tc.constraint_name AND ccu.constraint_schema = tc.constraint_schema
             WHERE tc.constraint_type = 'FOREIGN KEY' AND tc.table_schema = current_schema() AND tc.table_name = ?1",
        )?
        .query_map([table], |r| r.get(0))?
        .collect::<SqlResult<_>>()?
    } else {
        to.prepare(&format!("SELECT DISTINCT \"table\" FROM pragma_foreign_key_list('{table}')"))?
            .query_map((), |r| r.get(0))?
            .collect::<SqlResult<_>>()?
    };
    Ok(refs.into_iter().filter(|t| t != table).collect())
}

/// `tables` with every table after those it refers to: PostgreSQL checks foreign keys as
/// rows go in, whatever the triggers.
fn in_reference_order(to: &Conn, tables: Vec<String>) -> SqlResult<Vec<String>> {
    let mut pending: Vec<(String, Vec<String>)> =
        tables.into_iter().map(|t| references(to, &t).map(|r| (t, r))).collect::<SqlResult<_>>()?;
    let mut ordered: Vec<String> = Vec::new();
    while !pending.is_empty() {
        let Some(next) = pending.iter().position(|(_, refs)| refs.iter().all(|r| ordered.contains(r))) else {
            return Err(CatalogError::conversion(format!("foreign keys in a cycle among {pending:?}")));
        };
        ordered.push(pending.remove(next).0);
    }
    Ok(ordered)
}

/// Rows fetched from PostgreSQL at a time.
const FETCH: usize = 5_000;

/// Every row of `select` handed to `each`: from PostgreSQL a few thousand at a time through
/// a cursor (ten million items do not fit in memory; the caller's transaction holds the
/// cursor), from SQLite as it steps through them.
fn for_each_row(from: &Conn, table: &str, select: &str, mut each: impl FnMut(&Row<'_>) -> SqlResult<()>) -> SqlResult<()> {
    if !from.is_postgres() {
        let mut st = from.prepare(select)?;
        let mut rows = st.query(())?;
        while let Some(row) = rows.next()? {
            each(&row)?;
        }
        return Ok(());
    }
    let cursor = format!("dengji_copy_{table}");
    from.execute_batch(&format!("DECLARE {cursor} NO SCROLL CURSOR FOR {select}"))?;
    let mut fetch = from.prepare(&format!("FETCH {FETCH} FROM {cursor}"))?;
    loop {
        let mut rows = fetch.query(())?;
        let mut n = 0;
        while let Some(row) = rows.next()? {
            each(&row)?;
            n += 1;
        }
        if n < FETCH {
            break;
        }
    }
    drop(fetch);
    from.execute_batch(&format!("CLOSE {cursor}"))
}

/// Copies every shared table of `from` into the empty tables of `to`, inside `to`'s open
/// transaction. `to`'s triggers are off meanwhile and back on before it returns.
pub(crate) fn copy_tables(from: &Conn, to: &Conn) -> SqlResult<()> {
    let tables = in_reference_order(to, tables(to)?)?;
    let triggers = Triggers::hold_off(to, &tables)?;
    for table in &tables {
        let columns = columns_of(to, table)?;
        let list = columns.join(", ");
        // Settings and domains come with the schema: the source's rows replace them.
        to.execute(&format!("DELETE FROM {table}"), ())?;
        // In the order the rows were made, which some lists keep (SQLite's rowid; the
        // PostgreSQL schema has a rowid column where the program orders by it).
        let order = if !from.is_postgres() || columns_of(from, table)?.iter().any(|c| c == "rowid") { "rowid" } else { "1" };
        let mut batch: Vec<Value> = Vec::new();
        let mut in_batch = 0;
        let flush = |batch: &mut Vec<Value>, n: usize| -> SqlResult<()> {
            if n == 0 {
                return Ok(());
            }
            let width = columns.len();
            let groups: Vec<String> = (0..n)
                .map(|row| format!("({})", (1..=width).map(|c| format!("?{}", row * width + c)).collect::<Vec<_>>().join(", ")))
                .collect();
            to.execute(&format!("INSERT INTO {table} ({list}) VALUES {}", groups.join(", ")), std::mem::take(batch))?;
            Ok(())
        };
        for_each_row(from, table, &format!("SELECT {list} FROM {table} ORDER BY {order}"), |row| {
            for i in 0..columns.len() {
                batch.push(row.get(i)?);
            }
            in_batch += 1;
            if in_batch == BATCH.min(30_000 / columns.len().max(1)) {
                flush(&mut batch, in_batch)?;
                in_batch = 0;
            }
            Ok(())
        })?;
        flush(&mut batch, in_batch)?;
    }
    triggers.restore(to)?;
    // Identity columns continue after the highest id copied.
    if to.is_postgres() {
        for table in &tables {
            let has_identity: bool = to.query_row(
                "SELECT EXISTS (SELECT 1 FROM information_schema.columns WHERE table_schema = current_schema()
                   AND table_name = ?1 AND column_name = 'id' AND is_identity = 'YES')",
                [table],
                |r| r.get(0),
            )?;
            if has_identity {
                to.query_row(
                    &format!("SELECT setval(pg_get_serial_sequence('{table}', 'id'), COALESCE(MAX(id), 0) + 1, false) FROM {table}"),
                    (),
                    |_| Ok(()),
                )?;
            }
        }
    }
    // Every document is queued again: the target's search index starts empty.
    to.execute_batch(
        "DELETE FROM search_pending;
         INSERT INTO search_pending (doc) SELECT id * 4 + 1 FROM units;
         INSERT INTO search_pending (doc) SELECT id * 4 + 2 FROM registrations;
         INSERT INTO search_pending (doc) SELECT id * 4 + 3 FROM items;",
    )?;
    Ok(())
}

/// The target's triggers, off while rows that already passed them at the source go in.
enum Triggers {
    /// PostgreSQL: disabled per table (the archive's role owns its tables).
    Disabled(Vec<String>),
    /// SQLite has no switch: dropped, and made again from their own text.
    Dropped(Vec<String>),
}

impl Triggers {
    fn hold_off(to: &Conn, tables: &[String]) -> SqlResult<Triggers> {
        if to.is_postgres() {
            for table in tables {
                to.execute_batch(&format!("ALTER TABLE {table} DISABLE TRIGGER USER"))?;
            }
            return Ok(Triggers::Disabled(tables.to_vec()));
        }
        let made: Vec<(String, String)> = to
            .prepare("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' ORDER BY name")?
            .query_map((), |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<SqlResult<_>>()?;
        for (name, _) in &made {
            to.execute_batch(&format!("DROP TRIGGER {name}"))?;
        }
        Ok(Triggers::Dropped(made.into_iter().map(|(_, sql)| sql).collect()))
    }

    fn restore(self, to: &Conn) -> Result<(), CatalogError> {
        match self {
            Triggers::Disabled(tables) => {
                for table in tables {
                    to.execute_batch(&format!("ALTER TABLE {table} ENABLE TRIGGER USER"))?;
                }
            }
            Triggers::Dropped(sqls) => {
                for sql in sqls {
                    to.execute_batch(&sql)?;
                }
            }
        }
        Ok(())
    }
}
