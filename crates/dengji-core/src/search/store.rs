//! The search indexes' rows (`search_units`, `search_registrations`, `search_items`) and
//! the queue of documents to index (`search_pending`, filled by the catalog's triggers).

use crate::catalog::{params, Conn, OptionalExtension, Value};
use crate::error::Result;

use super::grams;

/// Documents re-indexed per transaction.
const BATCH: i64 = 10_000;

/// Each kind of document: its `doc % 4`, its index, its table and the three fields indexed.
const KINDS: [(i64, &str, &str, &str); 3] = [
    (1, "search_units", "units", "name, COALESCE(uscc, ''), COALESCE(domain, '')"),
    (2, "search_registrations", "registrations", "COALESCE(registration_number, ''), title, COALESCE(handover_ref, '')"),
    (3, "search_items", "items", "path, COALESCE(title, ''), COALESCE(ref_code, '') || ' ' || COALESCE(creator, '')"),
];

/// Rows per INSERT on PostgreSQL (three parameters each).
const ROWS_PER_INSERT: usize = 500;

/// SQLite: each queued document re-read and re-indexed in turn (prepared statements, no
/// round trips to save).
fn index_sqlite(tx: &Conn, docs: &[i64]) -> Result<()> {
    // Each kind's three statements, spelled once per batch rather than per document.
    let statements = KINDS.map(|(kind, index, table, fields)| {
        (
            kind,
            format!("DELETE FROM {index} WHERE rowid = ?1"),
            format!("SELECT {fields} FROM {table} WHERE id = ?1"),
            format!("INSERT INTO {index} (rowid, bi, tri, uni) VALUES (?1, ?2, ?3, ?4)"),
        )
    });
    for doc in docs {
        let (id, kind) = (doc / 4, doc % 4);
        let Some((_, delete, select, insert)) = statements.iter().find(|s| s.0 == kind) else { continue };
        tx.prepare_cached(delete)?.execute([id])?;
        let row: Option<(String, String, String)> =
            tx.prepare_cached(select)?.query_row([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?))).optional()?;
        if let Some((a, b, c)) = row {
            let doc = grams::document(&[&a, &b, &c]);
            tx.prepare_cached(insert)?.execute(params![id, doc.bi, doc.tri, doc.uni])?;
        }
    }
    Ok(())
}

/// PostgreSQL: the queued documents up to `last` dropped from their index, re-read in one
/// query per kind and inserted many rows per statement, because each round trip to the
/// server costs more than indexing a document.
fn index_postgres(tx: &Conn, last: i64) -> Result<()> {
    for (kind, index, table, fields) in KINDS {
        let queued = format!("SELECT doc / 4 FROM search_pending WHERE doc <= ?1 AND doc % 4 = {kind}");
        tx.execute(&format!("DELETE FROM {index} WHERE id IN ({queued})"), [last])?;
        let rows: Vec<(i64, String, String, String)> = {
            let mut st = tx.prepare(&format!("SELECT id, {fields} FROM {table} WHERE id IN ({queued})"))?;
            let rows = st.query_map([last], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?;
            rows.collect::<crate::catalog::SqlResult<_>>()?
        };
        for chunk in rows.chunks(ROWS_PER_INSERT) {
            let mut sql = format!("INSERT INTO {index} (id, grams, body) VALUES ");
            let mut args = Vec::with_capacity(chunk.len() * 3);
            for (n, (id, a, b, c)) in chunk.iter().enumerate() {
                let (tokens, body) = grams::array_document(&[a, b, c]);
                let p = n * 3;
                sql.push_str(&format!(
                    "{}(CAST(?{} AS BIGINT), string_to_array(?{}, ' '), ?{})",
                    if n == 0 { "" } else { ", " },
                    p + 1,
                    p + 2,
                    p + 3
                ));
                args.extend([Value::Integer(*id), Value::Text(tokens), Value::Text(body)]);
            }
            tx.prepare_cached(&sql)?.execute(args)?;
        }
    }
    Ok(())
}

/// Indexes the smallest queued documents, a batch of them, and takes them off the queue;
/// how many (0 when none are queued).
pub(super) fn index_pending(tx: &Conn) -> Result<usize> {
    let docs: Vec<i64> = {
        let mut st = tx.prepare("SELECT doc FROM search_pending ORDER BY doc LIMIT ?1")?;
        let rows = st.query_map([BATCH], |r| r.get(0))?;
        rows.collect::<crate::catalog::SqlResult<_>>()?
    };
    let Some(&last) = docs.last() else { return Ok(0) };
    if tx.is_postgres() {
        index_postgres(tx, last)?;
    } else {
        index_sqlite(tx, &docs)?;
    }
    // The batch is the smallest queued documents, and nothing else writes meanwhile.
    tx.execute("DELETE FROM search_pending WHERE doc <= ?1", [last])?;
    Ok(docs.len())
}

/// PostgreSQL: the planner's picture of the index tables is otherwise the one from before
/// a large refresh (often empty), and it picks scans that take seconds until the server's
/// autovacuum gets round to them. Nothing on SQLite.
pub(super) fn analyze(tx: &Conn) -> Result<()> {
    if tx.is_postgres() {
        tx.execute_batch("ANALYZE search_units, search_registrations, search_items")?;
    }
    Ok(())
}
