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

/// A registered peer archive (an upper or lower centre).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct PeerId(pub i64);

/// A shipment of media (介质外送).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ShipmentId(pub i64);

/// A medium's row in the catalog (its identity file's id is `Medium::id`, text).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct MediumRow(pub i64);

/// A legal hold (诉讼保全) on a registration.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct HoldId(pub i64);

// These are read, bound and printed as themselves; the older ids go through `.0`.
macro_rules! column {
    ($($id:ident),*) => {$(
        impl crate::catalog::ToSql for $id {
            fn to_sql(&self) -> Result<crate::catalog::Value, crate::catalog::CatalogError> {
                self.0.to_sql()
            }
        }

        impl std::fmt::Display for $id {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                self.0.fmt(f)
            }
        }

        impl crate::catalog::FromSql for $id {
            fn column_result(v: crate::catalog::ValueRef<'_>) -> Result<Self, crate::catalog::FromSqlError> {
                i64::column_result(v).map($id)
            }
        }
    )*};
}

column!(PeerId, ShipmentId, HoldId, MediumRow);

impl ShipmentId {
    pub fn subject(self) -> String {
        format!("shipment:{}", self.0)
    }
}

impl PeerId {
    /// How the ledger names this peer.
    pub fn subject(self) -> String {
        format!("peer:{}", self.0)
    }
}

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
