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

/// Stored form of a time: RFC 3339, UTC, whole seconds.
pub fn format_time(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}
