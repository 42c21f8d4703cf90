//! Search (检索): units, registrations and items found by any substring of their names,
//! titles, 档号, paths, USCC or registration numbers, Chinese included, with filters.
//! See `catalog/migrations/0005_search.sql` and `0008_search_trigrams.sql` for the
//! indexes; `refresh` brings them up to date with the queued changes before every search.

mod grams;

use crate::catalog::{params, Conn, OptionalExtension, Params, Part, Value};
use serde::Serialize;

use crate::archive::Archive;
use crate::error::Result;
use crate::ids::{RegistrationId, UnitId};
use crate::registrations::{RecordKind, Status};

/// Narrows a search. Any registration-level filter (kind, year, status, set) leaves
/// units out.
#[derive(Debug, Clone, Default)]
pub struct SearchFilter {
    pub unit: Option<UnitId>,
    pub kind: Option<RecordKind>,
    pub domain: Option<String>,
    /// Year sealed (in China time), or created for drafts.
    pub year: Option<i32>,
    pub status: Option<Status>,
    /// Held on a medium of this copy set.
    pub media_set: Option<String>,
    /// Most hits of each kind (default 50).
    pub limit: Option<usize>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum HitKind {
    Unit,
    Registration,
    Item,
}

#[derive(Debug, Clone, Serialize)]
pub struct SearchHit {
    pub kind: HitKind,
    pub unit_id: UnitId,
    pub unit_name: String,
    pub uscc: Option<String>,
    pub registration_id: Option<RegistrationId>,
    /// Registration number, or `草稿 #id`.
    pub registration_label: Option<String>,
    pub status: Option<Status>,
    /// The registration's title, or the item's 题名.
    pub title: Option<String>,
    pub path: Option<String>,
    pub ref_code: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct SearchResults {
    pub query: String,
    pub hits: Vec<SearchHit>,
    /// Some kind had more hits than the limit.
    pub truncated: bool,
}

/// Documents re-indexed per transaction.
const BATCH: i64 = 10_000;

/// Documents indexed in one refresh after which PostgreSQL's statistics are refreshed too.
const ANALYZE_AFTER: usize = 5_000;

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

impl Archive {
    /// Indexes the documents changed since the last search.
    pub fn refresh_search(&mut self) -> Result<usize> {
        let mut done = 0;
        loop {
            let tx = self.conn_mut().transaction()?;
            let docs: Vec<i64> = {
                let mut st = tx.prepare("SELECT doc FROM search_pending ORDER BY doc LIMIT ?1")?;
                let rows = st.query_map([BATCH], |r| r.get(0))?;
                rows.collect::<crate::catalog::SqlResult<_>>()?
            };
            if docs.is_empty() {
                if done >= ANALYZE_AFTER && tx.is_postgres() {
                    // The planner's picture of the index tables is otherwise the one from
                    // before (often empty), and it picks scans that take seconds, until the
                    // server's autovacuum gets round to them.
                    tx.execute_batch("ANALYZE search_units, search_registrations, search_items")?;
                    tx.commit()?;
                }
                return Ok(done);
            }
            let last = docs[docs.len() - 1];
            if tx.is_postgres() {
                index_postgres(&tx, last)?;
            } else {
                index_sqlite(&tx, &docs)?;
            }
            // The batch is the smallest queued documents, and nothing else writes meanwhile.
            tx.execute("DELETE FROM search_pending WHERE doc <= ?1", [last])?;
            tx.commit()?;
            done += docs.len();
        }
    }

    /// Units, registrations and items whose text contains every term of `query`.
    pub fn search(&mut self, query: &str, filter: &SearchFilter) -> Result<SearchResults> {
        self.refresh_search()?;
        let mut results = SearchResults { query: query.trim().to_string(), hits: Vec::new(), truncated: false };
        let pg = self.conn().is_postgres();
        // SQLite: an FTS5 query; PostgreSQL: the tokens every hit holds (GIN), then its
        // terms found in the document's text.
        let (find, terms) = if pg {
            match grams::array_query(query) {
                Some((tokens, terms)) => (tokens, Some(terms)),
                None => return Ok(results),
            }
        } else {
            match grams::query(query) {
                Some(fts) => (fts, None),
                None => return Ok(results),
            }
        };
        let matches = |index: &str| {
            if pg {
                "s.grams @> string_to_array(?1, ' ')
                 AND NOT EXISTS (SELECT 1 FROM unnest(string_to_array(?9, ' ')) AS t(term) WHERE strpos(s.body, t.term) = 0)"
                    .to_string()
            } else {
                format!("{index} MATCH ?1")
            }
        };
        let key = if pg { "s.id" } else { "s.rowid" };
        let limit = filter.limit.unwrap_or(50).max(1);
        let registration_filter = filter.kind.is_some() || filter.year.is_some() || filter.status.is_some() || filter.media_set.is_some();
        let unfiltered = filter.unit.is_none() && filter.domain.is_none() && !registration_filter;
        // The matching documents, as `hit(id)`. Unfiltered, only the newest `limit` + 1 of
        // them: the rows to show are joined for those alone (a term in twenty thousand
        // items cost a tenth of a second when every match was joined before the sort).
        let hits = |index: &str| {
            // Filtered, every match goes on to the filters, and the outer query sorts.
            let newest = if unfiltered { format!("ORDER BY {key} DESC LIMIT ?8") } else { String::new() };
            format!("(SELECT {key} AS id FROM {index} s WHERE {} {newest}) hit", matches(index))
        };

        // Filters shared by registration and item hits, on `r` and `u`.
        let where_reg = "(CAST(?2 AS BIGINT) IS NULL OR u.id = ?2) AND (CAST(?3 AS TEXT) IS NULL OR r.kind = ?3)
             AND (CAST(?4 AS TEXT) IS NULL OR u.domain = ?4)
             AND (CAST(?5 AS BIGINT) IS NULL OR COALESCE(r.seq_year, CAST({created_year} AS BIGINT)) = ?5)
             AND (CAST(?6 AS TEXT) IS NULL OR r.status = ?6)
             AND (CAST(?7 AS TEXT) IS NULL OR EXISTS (SELECT 1 FROM media_bags b JOIN media m ON m.id = b.medium_id
                                         WHERE b.registration_id = r.id AND m.set_name = ?7))";
        let where_reg = where_reg.replace("{created_year}", &self.conn().china_date("r.created_at", Part::Year));
        let mut args = params![
            find,
            filter.unit.map(|u| u.0),
            filter.kind.map(|k| k.as_str()),
            filter.domain,
            filter.year,
            filter.status.map(|s| match s {
                Status::Draft => "draft",
                Status::Sealed => "sealed",
            }),
            filter.media_set,
            (limit + 1) as i64,
        ]
        .values()?;
        if let Some(terms) = terms {
            args.push(Value::Text(terms));
        }
        // The index drives each query newest document first, so LIMIT stops it early
        // however common the term.
        let queries: [(HitKind, String); 3] = [
            (
                HitKind::Unit,
                format!(
                    "SELECT u.id, u.name, u.uscc, NULL, NULL, NULL, NULL, NULL, NULL FROM search_units s JOIN units u ON u.id = {key}
                     WHERE {}
                       AND (CAST(?2 AS BIGINT) IS NULL OR u.id = ?2) AND (CAST(?4 AS TEXT) IS NULL OR u.domain = ?4)
                       AND CAST(?3 AS TEXT) IS NULL
                       AND CAST(?5 AS BIGINT) IS NULL AND CAST(?6 AS TEXT) IS NULL AND CAST(?7 AS TEXT) IS NULL
                     ORDER BY {key} DESC LIMIT ?8",
                    matches("search_units")
                ),
            ),
            (
                HitKind::Registration,
                format!(
                    "SELECT u.id, u.name, u.uscc, r.id, COALESCE(r.registration_number, '草稿 #' || r.id), r.status, r.title, NULL, NULL
                     FROM {} JOIN registrations r ON r.id = hit.id JOIN units u ON u.id = r.unit_id
                     WHERE {where_reg} ORDER BY hit.id DESC LIMIT ?8",
                    hits("search_registrations")
                ),
            ),
            (
                HitKind::Item,
                format!(
                    "SELECT u.id, u.name, u.uscc, r.id, COALESCE(r.registration_number, '草稿 #' || r.id), r.status, i.title, i.path, i.ref_code
                     FROM {} JOIN items i ON i.id = hit.id JOIN registrations r ON r.id = i.registration_id
                     JOIN units u ON u.id = r.unit_id WHERE {where_reg}
                     ORDER BY hit.id DESC LIMIT ?8",
                    hits("search_items")
                ),
            ),
        ];
        for (kind, sql) in &queries {
            if *kind == HitKind::Unit && registration_filter {
                continue;
            }
            let mut st = self.conn().prepare_cached(sql)?;
            let rows = st.query_map(args.clone(), |r| {
                let status: Option<String> = r.get(5)?;
                Ok(SearchHit {
                    kind: *kind,
                    unit_id: UnitId(r.get(0)?),
                    unit_name: r.get(1)?,
                    uscc: r.get(2)?,
                    registration_id: r.get::<_, Option<i64>>(3)?.map(RegistrationId),
                    registration_label: r.get(4)?,
                    status: status.map(|s| if s == "sealed" { Status::Sealed } else { Status::Draft }),
                    title: r.get(6)?,
                    path: r.get(7)?,
                    ref_code: r.get(8)?,
                })
            })?;
            let mut found: Vec<SearchHit> = rows.collect::<crate::catalog::SqlResult<_>>()?;
            if found.len() > limit {
                found.truncate(limit);
                results.truncated = true;
            }
            results.hits.extend(found);
        }
        Ok(results)
    }
}
