//! Newtype identifiers, so a unit id is never passed where a registration id belongs.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct UnitId(pub i64);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct RegistrationId(pub i64);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ItemId(pub i64);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct UserId(pub i64);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ApplicationId(pub i64);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct CertificateId(pub i64);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct DisposalId(pub i64);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct SeriesId(pub i64);

/// A finding an intake recorded on a draft's file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct FindingId(pub i64);

/// A four-property check kept with its registration.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct CheckId(pub i64);

impl SeriesId {
    pub fn subject(self) -> String {
        format!("series:{}", self.0)
    }
}

impl DisposalId {
    pub fn subject(self) -> String {
        format!("disposal:{}", self.0)
    }
}

impl UserId {
    pub fn subject(self) -> String {
        format!("user:{}", self.0)
    }
}

impl ApplicationId {
    pub fn subject(self) -> String {
        format!("application:{}", self.0)
    }
}

impl UnitId {
    /// How the ledger names this unit.
    pub fn subject(self) -> String {
        format!("unit:{}", self.0)
    }
}

impl RegistrationId {
    /// How the ledger names this registration (stable from draft to sealed).
    pub fn subject(self) -> String {
        format!("registration:{}", self.0)
    }
}
