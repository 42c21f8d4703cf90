//! Search (检索): units, registrations and items found by any substring of their names,
//! titles, 档号, paths, USCC or registration numbers, Chinese included, with filters.
//! See `catalog/migrations/0005_search.sql` and `0008_search_trigrams.sql` for the
//! indexes; `refresh` brings them up to date with the queued changes before every search.

mod grams;
mod store;

use crate::catalog::{params, Conn, Params, Part, Value};
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

/// PostgreSQL: the id ranges a search tries newest first, as the index keys of
/// `postgres/migrations/0003_search_recent.sql` (`search_keys`) name them: the width, and
/// the key's mark for the range from 0 and for the one shifted by half a width.
const RECENT: [(i64, char, char); 4] = [(4_096, '#', '%'), (32_768, '&', '='), (262_144, '~', '^'), (2_097_152, '!', '@')];

/// The index key of the range of `width` ids that holds the newest id, `newest`: from 0
/// or shifted by half a width, whichever holds more of the newest ids (at least half a
/// width).
fn newest_range((width, plain, shifted): (i64, char, char), newest: i64) -> String {
    let half = width / 2;
    // Ids from the range's start up to `newest`, without and with the shift.
    if newest % width >= (newest + half) % width {
        format!("{plain}{}", newest / width)
    } else {
        format!("{shifted}{}", (newest + half) / width)
    }
}

/// A query's terms as the index finds them: SQLite, an FTS5 query; PostgreSQL, the
/// tokens every match holds (GIN), then its terms found in the document's text.
pub(crate) struct TextMatch {
    pg: bool,
    /// Bound to the parameter `condition` names `find`.
    pub find: String,
    /// PostgreSQL: bound to the parameter `condition` names `terms`.
    pub terms: Option<String>,
}

impl TextMatch {
    /// None when `query` has no characters.
    pub fn new(conn: &Conn, query: &str) -> Option<TextMatch> {
        if conn.is_postgres() {
            grams::array_query(query).map(|(find, terms)| TextMatch { pg: true, find, terms: Some(terms) })
        } else {
            grams::query(query).map(|find| TextMatch { pg: false, find, terms: None })
        }
    }

    /// That the document of `index` (aliased `s`) holds every term, with `self.find` bound
    /// to parameter `find` and `self.terms` to `terms`.
    pub fn condition(&self, index: &str, find: usize, terms: usize) -> String {
        if self.pg {
            format!(
                "search_keys(s.grams, s.id) @> string_to_array(?{find}, ' ')
                 AND NOT EXISTS (SELECT 1 FROM unnest(string_to_array(?{terms}, ' ')) AS t(term) WHERE strpos(s.body, t.term) = 0)"
            )
        } else {
            format!("{index} MATCH ?{find}")
        }
    }

    /// The document's id in its index, aliased `s`.
    pub fn key(&self) -> &'static str {
        if self.pg {
            "s.id"
        } else {
            "s.rowid"
        }
    }
}

/// Documents indexed in one refresh after which PostgreSQL's statistics are refreshed too.
const ANALYZE_AFTER: usize = 5_000;

impl Archive {
    /// Indexes the documents changed since the last search.
    pub fn refresh_search(&mut self) -> Result<usize> {
        let mut done = 0;
        loop {
            let tx = self.conn_mut().transaction()?;
            let indexed = store::index_pending(&tx)?;
            if indexed == 0 {
                if done >= ANALYZE_AFTER {
                    store::analyze(&tx)?;
                    tx.commit()?;
                }
                return Ok(done);
            }
            tx.commit()?;
            done += indexed;
        }
    }

    /// Units, registrations and items whose text contains every term of `query`.
    pub fn search(&mut self, query: &str, filter: &SearchFilter) -> Result<SearchResults> {
        self.refresh_search()?;
        let mut results = SearchResults { query: query.trim().to_string(), hits: Vec::new(), truncated: false };
        let Some(text) = TextMatch::new(self.conn(), query) else { return Ok(results) };
        let matches = |index: &str| text.condition(index, 1, 9);
        let key = text.key();
        let pg = self.conn().is_postgres();
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
            text.find.clone(),
            filter.unit.map(|u| u.0),
            filter.kind.map(|k| k.as_str()),
            filter.domain,
            filter.year,
            filter.status.map(Status::as_str),
            filter.media_set,
            (limit + 1) as i64,
        ]
        .values()?;
        if let Some(terms) = &text.terms {
            args.push(Value::Text(terms.clone()));
        }
        let sql = |kind: HitKind| match kind {
            HitKind::Unit => format!(
                "SELECT u.id, u.name, u.uscc, NULL, NULL, NULL, NULL, NULL, NULL FROM search_units s JOIN units u ON u.id = {key}
                 WHERE {}
                   AND (CAST(?2 AS BIGINT) IS NULL OR u.id = ?2) AND (CAST(?4 AS TEXT) IS NULL OR u.domain = ?4)
                   AND CAST(?3 AS TEXT) IS NULL
                   AND CAST(?5 AS BIGINT) IS NULL AND CAST(?6 AS TEXT) IS NULL AND CAST(?7 AS TEXT) IS NULL
                 ORDER BY {key} DESC LIMIT ?8",
                matches("search_units")
            ),
            HitKind::Registration => format!(
                "SELECT u.id, u.name, u.uscc, r.id, COALESCE(r.registration_number, '草稿 #' || r.id), r.status, r.title, NULL, NULL
                 FROM {} JOIN registrations r ON r.id = hit.id JOIN units u ON u.id = r.unit_id
                 WHERE {where_reg} ORDER BY hit.id DESC LIMIT ?8",
                hits("search_registrations")
            ),
            HitKind::Item => format!(
                "SELECT u.id, u.name, u.uscc, r.id, COALESCE(r.registration_number, '草稿 #' || r.id), r.status, i.title, i.path, i.ref_code
                 FROM {} JOIN items i ON i.id = hit.id JOIN registrations r ON r.id = i.registration_id
                 JOIN units u ON u.id = r.unit_id WHERE {where_reg}
                 ORDER BY hit.id DESC LIMIT ?8",
                hits("search_items")
            ),
        };
        for (kind, index) in
            [(HitKind::Unit, "search_units"), (HitKind::Registration, "search_registrations"), (HitKind::Item, "search_items")]
        {
            if kind == HitKind::Unit && registration_filter {
                continue;
            }
            // PostgreSQL, unfiltered: the matches among the newest ids first (their range's
            // key asked for with the grams), then a wider range, then all. A common term's
            // newest hits are then found among a few hundred matches rather than by
            // reading each of tens of thousands (GIN yields matches in no order, and each
            // is a row to read); a rare term's narrow tries cost little.
            let mut tries: Vec<Option<String>> = Vec::new();
            if pg && unfiltered {
                let newest: i64 = self.conn().query_row(&format!("SELECT COALESCE(MAX(id), 0) FROM {index}"), (), |r| r.get(0))?;
                // A range as wide as all the ids is no narrower than none.
                tries.extend(RECENT.iter().filter(|r| r.0 <= newest).map(|r| Some(newest_range(*r, newest))));
            }
            tries.push(None);
            let last = tries.len() - 1;
            let mut st = self.conn().prepare_cached(&sql(kind))?;
            for (n, range) in tries.into_iter().enumerate() {
                let mut args = args.clone();
                if let Some(range) = range {
                    args[0] = Value::Text(format!("{} {range}", text.find));
                }
                let rows = st.query_map(args, |r| {
                    let status: Option<String> = r.get(5)?;
                    Ok(SearchHit {
                        kind,
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
                // Fewer than a page among the newest: the older ones may hold the rest.
                if found.len() <= limit && n < last {
                    continue;
                }
                if found.len() > limit {
                    found.truncate(limit);
                    results.truncated = true;
                }
                results.hits.extend(found);
                break;
            }
        }
        Ok(results)
    }
}

#[cfg(test)]
mod tests {
    use super::{newest_range, RECENT};

    #[test]
    fn the_newest_range_holds_at_least_half_a_width_of_the_newest_ids() {
        // 1,664 of the newest ids in the plain range of 4,096, 3,713 in the shifted one.
        let keys: Vec<String> = RECENT.iter().map(|r| newest_range(*r, 10_000_000)).collect();
        assert_eq!(keys, ["%2441", "=305", "^38", "!4"]);
        // Just past a range's start: the shifted range, from 294,912, holds 32,779.
        assert_eq!(newest_range(RECENT[1], 9 * 32_768 + 10), "=9");
        for range in RECENT {
            let (width, plain, shifted) = range;
            for newest in [width, width + 1, 3 * width / 2, 100_000, 3_000_003, 10_000_000].into_iter().filter(|n| *n >= width) {
                let key = newest_range(range, newest);
                let (shift, n): (i64, i64) = match key.strip_prefix(shifted) {
                    Some(n) => (width / 2, n.parse().unwrap()),
                    None => (0, key.trim_start_matches(plain).parse().unwrap()),
                };
                let start = n * width - shift;
                assert!(start <= newest && newest - start + 1 >= width / 2, "{newest}: {key}");
            }
        }
    }
}
