//! Search (检索): units, registrations and items found by any substring of their names,
//! titles, 档号, paths, USCC or registration numbers, Chinese included, with filters.
//! See `catalog/migrations/0005_search.sql` and `0008_search_trigrams.sql` for the
//! indexes; `refresh` brings them up to date with the queued changes before every search.

mod grams;

use rusqlite::{params, OptionalExtension, TransactionBehavior};
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

impl Archive {
    /// Indexes the documents changed since the last search.
    pub fn refresh_search(&mut self) -> Result<usize> {
        let mut done = 0;
        loop {
            let tx = self.conn_mut().transaction_with_behavior(TransactionBehavior::Immediate)?;
            let docs: Vec<i64> = {
                let mut st = tx.prepare("SELECT doc FROM search_pending ORDER BY doc LIMIT ?1")?;
                let rows = st.query_map([BATCH], |r| r.get(0))?;
                rows.collect::<rusqlite::Result<_>>()?
            };
            if docs.is_empty() {
                return Ok(done);
            }
            for doc in &docs {
                let (id, kind) = (doc / 4, doc % 4);
                let (index, sql) = match kind {
                    1 => ("search_units", "SELECT name, COALESCE(uscc, ''), COALESCE(domain, '') FROM units WHERE id = ?1"),
                    2 => (
                        "search_registrations",
                        "SELECT COALESCE(registration_number, ''), title, COALESCE(handover_ref, '') FROM registrations WHERE id = ?1",
                    ),
                    _ => (
                        "search_items",
                        "SELECT path, COALESCE(title, ''), COALESCE(ref_code, '') || ' ' || COALESCE(creator, '') FROM items WHERE id = ?1",
                    ),
                };
                tx.prepare_cached(&format!("DELETE FROM {index} WHERE rowid = ?1"))?.execute([id])?;
                let fields: Option<(String, String, String)> =
                    tx.prepare_cached(sql)?.query_row([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?))).optional()?;
                if let Some((a, b, c)) = fields {
                    let doc = grams::document(&[&a, &b, &c]);
                    tx.prepare_cached(&format!("INSERT INTO {index} (rowid, bi, tri, uni) VALUES (?1, ?2, ?3, ?4)"))?
                        .execute(params![id, doc.bi, doc.tri, doc.uni])?;
                }
            }
            // The batch is the smallest queued documents, and nothing else writes meanwhile.
            tx.execute("DELETE FROM search_pending WHERE doc <= ?1", [docs[docs.len() - 1]])?;
            tx.commit()?;
            done += docs.len();
        }
    }

    /// Units, registrations and items whose text contains every term of `query`.
    pub fn search(&mut self, query: &str, filter: &SearchFilter) -> Result<SearchResults> {
        self.refresh_search()?;
        let mut results = SearchResults { query: query.trim().to_string(), hits: Vec::new(), truncated: false };
        let Some(fts) = grams::query(query) else { return Ok(results) };
        let limit = filter.limit.unwrap_or(50).max(1);
        let registration_filter = filter.kind.is_some() || filter.year.is_some() || filter.status.is_some() || filter.media_set.is_some();

        // Filters shared by registration and item hits, on `r` and `u`.
        let where_reg = "(?2 IS NULL OR u.id = ?2) AND (?3 IS NULL OR r.kind = ?3) AND (?4 IS NULL OR u.domain = ?4)
             AND (?5 IS NULL OR COALESCE(r.seq_year, CAST(strftime('%Y', r.created_at, '+8 hours') AS INTEGER)) = ?5)
             AND (?6 IS NULL OR r.status = ?6)
             AND (?7 IS NULL OR EXISTS (SELECT 1 FROM media_bags b JOIN media m ON m.id = b.medium_id
                                         WHERE b.registration_id = r.id AND m.set_name = ?7))";
        let args = params![
            fts,
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
        ];
        // The index drives each query newest document first, so LIMIT stops it early
        // however common the term.
        let queries: [(HitKind, String); 3] = [
            (
                HitKind::Unit,
                    "SELECT u.id, u.name, u.uscc, NULL, NULL, NULL, NULL, NULL, NULL FROM search_units s JOIN units u ON u.id = s.rowid
                     WHERE search_units MATCH ?1
                       AND (?2 IS NULL OR u.id = ?2) AND (?4 IS NULL OR u.domain = ?4) AND ?3 IS NULL AND ?5 IS NULL AND ?6 IS NULL AND ?7 IS NULL
                     ORDER BY s.rowid DESC LIMIT ?8".to_string(),
            ),
            (
                HitKind::Registration,
                format!(
                    "SELECT u.id, u.name, u.uscc, r.id, COALESCE(r.registration_number, '草稿 #' || r.id), r.status, r.title, NULL, NULL
                     FROM search_registrations s JOIN registrations r ON r.id = s.rowid JOIN units u ON u.id = r.unit_id
                     WHERE search_registrations MATCH ?1 AND {where_reg} ORDER BY s.rowid DESC LIMIT ?8"
                ),
            ),
            (
                HitKind::Item,
                format!(
                    "SELECT u.id, u.name, u.uscc, r.id, COALESCE(r.registration_number, '草稿 #' || r.id), r.status, i.title, i.path, i.ref_code
                     FROM search_items s JOIN items i ON i.id = s.rowid JOIN registrations r ON r.id = i.registration_id
                     JOIN units u ON u.id = r.unit_id WHERE search_items MATCH ?1 AND {where_reg}
                     ORDER BY s.rowid DESC LIMIT ?8"
                ),
            ),
        ];
        for (kind, sql) in &queries {
            if *kind == HitKind::Unit && registration_filter {
                continue;
            }
            let mut st = self.conn().prepare_cached(sql)?;
            let rows = st.query_map(args, |r| {
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
            let mut found: Vec<SearchHit> = rows.collect::<rusqlite::Result<_>>()?;
            if found.len() > limit {
                found.truncate(limit);
                results.truncated = true;
            }
            results.hits.extend(found);
        }
        Ok(results)
    }
}
