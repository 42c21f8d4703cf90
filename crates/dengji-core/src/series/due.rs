//! Hand-overs a series is missing: every period from its first sealed version's to the last
//! one that has ended, with no sealed version. A period's hand-over is due during the
//! period after it (November's dump in December) and overdue once that has ended too.

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::archive::Archive;
use crate::error::Result;
use crate::ids::SeriesId;

/// A period of a series with no sealed version.
#[derive(Debug, Clone, Serialize)]
pub struct MissingHandover {
    pub series: SeriesId,
    pub name: String,
    pub unit: String,
    pub period: String,
    /// The period after it has ended too.
    pub overdue: bool,
}

/// How many missing periods of one series are listed at most (the newest), so a series
/// abandoned years ago does not bury the rest.
const MOST: usize = 24;

impl Archive {
    /// Every series' missing hand-overs as of `at`, newest last per series.
    pub fn missing_handovers(&self, at: DateTime<Utc>) -> Result<Vec<MissingHandover>> {
        let mut out = Vec::new();
        for s in self.series_list()? {
            let versions = self.series_versions(s.id)?;
            let held: Vec<_> = versions.iter().filter_map(|v| s.cadence.parse(&v.period).ok()).collect();
            let Some(first) = held.iter().min().copied() else { continue };
            let current = s.cadence.period_at(at);
            let mut missing = Vec::new();
            let mut p = first;
            while p < current {
                if !held.contains(&p) {
                    missing.push(MissingHandover {
                        series: s.id,
                        name: s.name.clone(),
                        unit: s.unit.name.clone(),
                        period: p.to_string(),
                        overdue: p.next() < current,
                    });
                }
                p = p.next();
            }
            let skip = missing.len().saturating_sub(MOST);
            out.extend(missing.into_iter().skip(skip));
        }
        Ok(out)
    }
}
