//! Who did something and when: passed into every operation that changes state,
//! so the core never reads the clock or the environment itself.

use chrono::{DateTime, FixedOffset, SecondsFormat, Utc};

use crate::ids::UserId;

/// Made only from a signed-in `Actor` (`Actor::stamp`), so holding one proves who acts;
/// the core still re-checks that user's roles on every operation.
#[derive(Debug, Clone)]
pub struct Stamp {
    pub operator: String,
    pub at: DateTime<Utc>,
    user: Option<UserId>,
}

impl Stamp {
    pub(crate) fn for_user(user: UserId, name: &str, at: DateTime<Utc>) -> Self {
        Stamp { operator: name.to_string(), at, user: Some(user) }
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
    DateTime::parse_from_rfc3339(stored)
        .map(|t| t.with_timezone(&archive_offset()).format("%Y-%m-%d %H:%M:%S").to_string())
        .unwrap_or_else(|_| stored.to_string())
}

/// Stored form of a time: RFC 3339, UTC, whole seconds.
pub fn format_time(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}
