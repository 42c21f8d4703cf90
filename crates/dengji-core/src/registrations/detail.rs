//! Everything said about one registration on its page and by `dengji show`, gathered in
//! one place so the app and the CLI cannot tell it differently.

use serde::Serialize;

use super::{Finding, Item, Registration, Status};
use crate::archive::Archive;
use crate::check::{CheckAcceptance, CheckRecord, SealCheck};
use crate::error::Result;
use crate::ids::{RegistrationId, SeriesId};
use crate::ledger;

/// A registration with its files, findings, checks, ledger entries and series.
#[derive(Debug, Clone, Serialize)]
pub struct RegistrationDetail {
    #[serde(flatten)]
    pub registration: Registration,
    pub items: Vec<Item>,
    pub findings: Vec<Finding>,
    /// Why a draft cannot be sealed yet; empty when it can, and for a sealed one.
    pub seal_blockers: Vec<String>,
    /// Four-property checks kept with it, oldest first.
    pub checks: Vec<CheckRecord>,
    /// Error findings a reviewer accepted, oldest first.
    pub check_acceptances: Vec<CheckAcceptance>,
    /// The seal's own check (none for a draft or a seal from before it).
    pub seal_check: Option<SealCheck>,
    /// Who prepared it: under four-eyes sealing none of them may seal it.
    pub preparers: Vec<String>,
    /// The series it is a hand-over of.
    pub series: Option<SeriesPlace>,
    /// The ledger entries about it, oldest first (the ledger itself is where to read them
    /// whole, so they are not repeated in JSON).
    #[serde(skip)]
    pub ledger: Vec<ledger::Entry>,
}

/// Which hand-over of which series a registration is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SeriesPlace {
    pub id: SeriesId,
    pub name: String,
    /// The period it covers (2026-11, 2026-Q4, 2026).
    pub period: String,
    /// Its version within the series; none until it is sealed.
    pub version: Option<i64>,
}

impl Archive {
    pub fn registration_detail(&self, id: RegistrationId) -> Result<RegistrationDetail> {
        let registration = self.registration(id)?;
        let draft = registration.status == Status::Draft;
        Ok(RegistrationDetail {
            items: self.items(id)?,
            findings: self.findings(id)?,
            seal_blockers: if draft { self.seal_blockers(id)? } else { Vec::new() },
            checks: self.checks(id)?,
            check_acceptances: self.check_acceptances(id)?,
            seal_check: self.seal_check(id)?,
            preparers: self.preparers(id)?,
            series: self.series_of(id)?.map(|(s, period, version)| SeriesPlace { id: s.id, name: s.name, period, version }),
            ledger: self.ledger_entries(id)?,
            registration,
        })
    }
}
