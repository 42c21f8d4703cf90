//! Who did something and when: passed into every operation that changes state,
//! so the core never reads the clock or the environment itself.

use chrono::{DateTime, FixedOffset, SecondsFormat, Utc};

#[derive(Debug, Clone)]
pub struct Stamp {
    pub operator: String,
    pub at: DateTime<Utc>,
}

impl Stamp {
    pub fn new(operator: impl Into<String>, at: DateTime<Utc>) -> Self {
        Stamp { operator: operator.into(), at }
    }

    pub fn at_text(&self) -> String {
        format_time(self.at)
    }
}

/// China Standard Time: registration years and printed dates follow it (no DST).
pub fn archive_offset() -> FixedOffset {
    FixedOffset::east_opt(8 * 3600).expect("valid offset")
}

/// Stored form of a time: RFC 3339, UTC, whole seconds.
pub fn format_time(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}
