//! The statistics of an upper archive together with its lower archives' (年报 over a city
//! or a province): each table summed over this archive's own holdings and every lower
//! archive's as of its newest report, with a table by archive. Units and media sets are
//! each archive's own, so their rows carry the archive's name.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};

use super::SourceStatistics;
use crate::archive::Archive;
use crate::error::Result;
use crate::statistics::{Bucket, MediumStat, Statistics, Totals};

impl Archive {
    /// This archive's statistics summed with each lower archive's as last reported.
    pub fn combined_statistics(&self, at: DateTime<Utc>) -> Result<Statistics> {
        Ok(combine(self.statistics_by_source(at)?))
    }
}

/// Sums `sources` (this archive's first): every grouping by its key, units and media sets
/// named by archive where a lower archive's.
pub(super) fn combine(sources: Vec<SourceStatistics>) -> Statistics {
    let mut sources = sources.into_iter();
    let own = sources.next().expect("this archive's own statistics come first");
    let mut sum = own.statistics;
    let mut by_source = vec![source_bucket(&own.archive, &own.region_code, &sum.totals)];
    for lower in sources {
        let s = lower.statistics;
        by_source.push(source_bucket(&lower.archive, &lower.region_code, &s.totals));
        add_totals(&mut sum.totals, &s.totals);
        let named = |key: &str| format!("{} / {key}", lower.archive);
        sum.units_by_kind = add_counts(&sum.units_by_kind, &s.units_by_kind);
        sum.by_domain = add(&sum.by_domain, &s.by_domain, |k| k.to_string());
        sum.by_unit_kind = add(&sum.by_unit_kind, &s.by_unit_kind, |k| k.to_string());
        sum.by_unit = add(&sum.by_unit, &s.by_unit, named);
        sum.by_year = add(&sum.by_year, &s.by_year, |k| k.to_string());
        sum.by_record_kind = add(&sum.by_record_kind, &s.by_record_kind, |k| k.to_string());
        sum.by_media_set = add(&sum.by_media_set, &s.by_media_set, named);
        sum.by_month = add(&sum.by_month, &s.by_month, |k| k.to_string());
        sum.media.extend(s.media.into_iter().map(|m| MediumStat { label: format!("{} / {}", lower.archive, m.label), ..m }));
    }
    sum.by_source = by_source;
    sum
}

fn source_bucket(archive: &str, region: &str, t: &Totals) -> Bucket {
    Bucket { key: format!("{archive}（{region}）"), registrations: t.registrations, files: t.files, bytes: t.bytes }
}

fn add_totals(sum: &mut Totals, t: &Totals) {
    sum.units += t.units;
    sum.registrations += t.registrations;
    sum.drafts += t.drafts;
    sum.files += t.files;
    sum.bytes += t.bytes;
    sum.vault_bytes += t.vault_bytes;
    sum.media += t.media;
}

/// `a` and `b` by key, `b`'s keys through `key`, in key order.
fn add(a: &[Bucket], b: &[Bucket], key: impl Fn(&str) -> String) -> Vec<Bucket> {
    let mut out: BTreeMap<String, Bucket> = a.iter().map(|x| (x.key.clone(), x.clone())).collect();
    for x in b {
        let key = key(&x.key);
        let row = out.entry(key.clone()).or_insert(Bucket { key, registrations: 0, files: 0, bytes: 0 });
        row.registrations += x.registrations;
        row.files += x.files;
        row.bytes += x.bytes;
    }
    out.into_values().collect()
}

fn add_counts(a: &[(String, i64)], b: &[(String, i64)]) -> Vec<(String, i64)> {
    let mut out: BTreeMap<String, i64> = a.iter().cloned().collect();
    for (k, n) in b {
        *out.entry(k.clone()).or_default() += n;
    }
    out.into_iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bucket(key: &str, n: i64) -> Bucket {
        Bucket { key: key.into(), registrations: n, files: n * 10, bytes: n * 100 }
    }

    fn stats(domain: Vec<Bucket>, unit: Vec<Bucket>, registrations: i64) -> Statistics {
        Statistics {
            at: "2026-12-07T00:00:00Z".parse().unwrap(),
            totals: Totals {
                units: 1,
                registrations,
                drafts: 0,
                files: registrations * 10,
                bytes: registrations * 100,
                vault_bytes: 5,
                media: 1,
            },
            units_by_kind: vec![("enterprise".into(), 1)],
            by_domain: domain,
            by_unit_kind: Vec::new(),
            by_unit: unit,
            by_year: vec![bucket("2026", registrations)],
            by_record_kind: Vec::new(),
            by_media_set: Vec::new(),
            by_month: Vec::new(),
            media: Vec::new(),
            by_source: Vec::new(),
        }
    }

    fn source(archive: &str, lower: bool, s: Statistics) -> SourceStatistics {
        SourceStatistics { archive: archive.into(), region_code: "3205".into(), lower, reported_at: None, statistics: s }
    }

    #[test]
    fn sums_by_key_and_names_units_by_archive() {
        let city = stats(vec![bucket("城建", 2)], vec![bucket("甲公司", 2)], 2);
        let county = stats(vec![bucket("城建", 1), bucket("医疗", 3)], vec![bucket("甲公司", 4)], 4);
        let s = combine(vec![source("市馆", false, city), source("县馆", true, county)]);
        assert_eq!(s.totals.registrations, 6);
        assert_eq!(s.totals.units, 2);
        assert_eq!(s.by_domain, vec![bucket("医疗", 3), Bucket { key: "城建".into(), registrations: 3, files: 30, bytes: 300 }]);
        // The same unit name at two archives is two units.
        assert_eq!(s.by_unit.iter().map(|b| b.key.as_str()).collect::<Vec<_>>(), ["县馆 / 甲公司", "甲公司"]);
        assert_eq!(s.by_year, vec![bucket("2026", 6)]);
        assert_eq!(s.units_by_kind, vec![("enterprise".to_string(), 2)]);
        assert_eq!(
            s.by_source.iter().map(|b| (b.key.as_str(), b.registrations)).collect::<Vec<_>>(),
            [("市馆（3205）", 2), ("县馆（3205）", 4)]
        );
    }
}
