//! Who did something and when: passed into every operation that changes state,
//! so the core never reads the clock or the environment itself.

use chrono::{DateTime, FixedOffset, NaiveDate, SecondsFormat, SubsecRound, Utc};

use crate::ids::UserId;

/// Made only from a signed-in `Actor` (`Actor::stamp`), so holding one proves who acts;
/// the core still re-checks that user's roles on every operation.
#[derive(Debug, Clone)]
pub struct Stamp {
    pub operator: String,
    /// Whole seconds, as stored: what a report says is what the catalog holds.
    pub at: DateTime<Utc>,
    user: Option<UserId>,
}

impl Stamp {
    pub(crate) fn for_user(user: UserId, name: &str, at: DateTime<Utc>) -> Self {
        Stamp { operator: name.to_string(), at: at.trunc_subsecs(0), user: Some(user) }
    }

    pub fn user(&self) -> Option<UserId> {
        self.user
    }

    pub fn at_text(&self) -> String {
        format_time(self.at)
    }
}

/// China Standard Time: registration years and printed dates follow it (no DST).
pub fn archive_offset() -> FixedOffset {
    FixedOffset::east_opt(8 * 3600).expect("valid offset")
}

/// A stored RFC 3339 time as clerks read it: China time, `2026-11-25 14:03:00` (the text
/// itself if it is no time).
pub fn local_text(stored: &str) -> String {
    parse_time(stored).map(local).unwrap_or_else(|_| stored.to_string())
}

/// A time as clerks read it: China time, `2026-11-25 14:03:00`.
pub fn local(t: DateTime<Utc>) -> String {
    t.with_timezone(&archive_offset()).format("%Y-%m-%d %H:%M:%S").to_string()
}

/// The day a time falls on in China time (a bag's date, a registration's year).
pub fn local_date(t: DateTime<Utc>) -> NaiveDate {
    t.with_timezone(&archive_offset()).date_naive()
}

/// Stored form of a time: RFC 3339, UTC, whole seconds.
pub fn format_time(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// A time in its stored form (any RFC 3339 offset is accepted and taken to UTC).
pub fn parse_time(text: &str) -> Result<DateTime<Utc>, chrono::ParseError> {
    DateTime::parse_from_rfc3339(text).map(|t| t.with_timezone(&Utc))
}

/// Stored and printed form of a date: `2026-11-25`.
pub fn format_date(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

pub fn parse_date(text: &str) -> Result<NaiveDate, chrono::ParseError> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
}
