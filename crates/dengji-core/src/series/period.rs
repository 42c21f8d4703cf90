//! The periods a series' hand-overs cover: a month (`2026-11`), a quarter (`2026-Q4`) or a
//! year (`2026`), in China time like every date a clerk sees.

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, Datelike, Utc};
use serde::Serialize;

use crate::error::{Error, Result};

/// How often a series is handed over.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export_to = "../../ui/src/bindings/"))]
pub enum Cadence {
    Monthly,
    Quarterly,
    Yearly,
}

impl Cadence {
    pub fn as_str(self) -> &'static str {
        match self {
            Cadence::Monthly => "monthly",
            Cadence::Quarterly => "quarterly",
            Cadence::Yearly => "yearly",
        }
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            Cadence::Monthly => "每月",
            Cadence::Quarterly => "每季度",
            Cadence::Yearly => "每年",
        }
    }

    /// The period holding the instant `at`.
    pub fn period_at(self, at: DateTime<Utc>) -> Period {
        let d = crate::stamp::local_date(at);
        let (year, month) = (d.year(), d.month());
        match self {
            Cadence::Monthly => Period { cadence: self, year, part: month },
            Cadence::Quarterly => Period { cadence: self, year, part: (month - 1) / 3 + 1 },
            Cadence::Yearly => Period { cadence: self, year, part: 1 },
        }
    }

    /// `text` as a period of this cadence.
    pub fn parse(self, text: &str) -> Result<Period> {
        let text = text.trim();
        let bad = || {
            Error::BadPeriod(format!(
                "“{text}” 不是{}的期别：应写作 {}",
                self.label_zh(),
                match self {
                    Cadence::Monthly => "2026-11",
                    Cadence::Quarterly => "2026-Q4",
                    Cadence::Yearly => "2026",
                }
            ))
        };
        let year_of = |y: &str| y.parse::<i32>().ok().filter(|y| (1949..=9999).contains(y));
        let (year, part) = match self {
            Cadence::Yearly => (year_of(text).ok_or_else(bad)?, 1),
            Cadence::Monthly => {
                let (y, m) = text.split_once('-').ok_or_else(bad)?;
                // Two digits (2026-01), so periods sort as text.
                let m = Some(m)
                    .filter(|m| m.len() == 2)
                    .and_then(|m| m.parse::<u32>().ok())
                    .filter(|m| (1..=12).contains(m))
                    .ok_or_else(bad)?;
                (year_of(y).ok_or_else(bad)?, m)
            }
            Cadence::Quarterly => {
                let (y, q) = text.split_once("-Q").or_else(|| text.split_once("-q")).ok_or_else(bad)?;
                let q = q.parse::<u32>().ok().filter(|q| (1..=4).contains(q)).ok_or_else(bad)?;
                (year_of(y).ok_or_else(bad)?, q)
            }
        };
        Ok(Period { cadence: self, year, part })
    }
}

impl FromStr for Cadence {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self> {
        match s.trim() {
            "monthly" | "每月" => Ok(Cadence::Monthly),
            "quarterly" | "每季度" => Ok(Cadence::Quarterly),
            "yearly" | "每年" => Ok(Cadence::Yearly),
            other => Err(Error::BadPeriod(format!("“{other}” 不是报送周期：应为 monthly、quarterly 或 yearly"))),
        }
    }
}

/// One period of a cadence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Period {
    cadence: Cadence,
    year: i32,
    /// The month (1–12), the quarter (1–4), or 1 for a year.
    part: u32,
}

impl Period {
    fn per_year(self) -> u32 {
        match self.cadence {
            Cadence::Monthly => 12,
            Cadence::Quarterly => 4,
            Cadence::Yearly => 1,
        }
    }

    pub fn next(self) -> Period {
        if self.part < self.per_year() {
            Period { part: self.part + 1, ..self }
        } else {
            Period { year: self.year + 1, part: 1, ..self }
        }
    }

    pub fn previous(self) -> Period {
        if self.part > 1 {
            Period { part: self.part - 1, ..self }
        } else {
            Period { year: self.year - 1, part: self.per_year(), ..self }
        }
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.cadence {
            Cadence::Monthly => write!(f, "{}-{:02}", self.year, self.part),
            Cadence::Quarterly => write!(f, "{}-Q{}", self.year, self.part),
            Cadence::Yearly => write!(f, "{}", self.year),
        }
    }
}

impl Serialize for Period {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods_read_write_and_step() {
        let m = Cadence::Monthly.parse("2026-12").unwrap();
        assert_eq!((m.to_string(), m.next().to_string(), m.previous().to_string()), ("2026-12".into(), "2027-01".into(), "2026-11".into()));
        let q = Cadence::Quarterly.parse("2026-Q1").unwrap();
        assert_eq!((q.previous().to_string(), q.next().to_string()), ("2025-Q4".into(), "2026-Q2".into()));
        assert_eq!(Cadence::Yearly.parse(" 2026 ").unwrap().next().to_string(), "2027");
        for (cadence, bad) in [
            (Cadence::Monthly, "2026-13"),
            (Cadence::Monthly, "2026-1"),
            (Cadence::Monthly, "2026"),
            (Cadence::Quarterly, "2026-Q5"),
            (Cadence::Quarterly, "2026-11"),
            (Cadence::Yearly, "26"),
            (Cadence::Yearly, "2026-11"),
        ] {
            assert!(cadence.parse(bad).is_err(), "{bad}");
        }
        // China time: 2026-12-31 17:00 UTC is 1 January 2027 there.
        let at = DateTime::parse_from_rfc3339("2026-12-31T17:00:00Z").unwrap().with_timezone(&Utc);
        assert_eq!(Cadence::Monthly.period_at(at).to_string(), "2027-01");
        assert_eq!(Cadence::Quarterly.period_at(at).to_string(), "2027-Q1");
        assert!(Cadence::Monthly.parse("2026-02").unwrap() < Cadence::Monthly.parse("2026-10").unwrap());
    }
}
