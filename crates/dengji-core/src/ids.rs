//! Newtype identifiers, so a unit id is never passed where a registration id belongs.

use serde::{Deserialize, Serialize};

/// Writes each id: a transparent `i64` in JSON and in the catalog (read, bound and printed
/// as itself), and, given its ledger prefix, `subject()`: how the ledger names it.
macro_rules! ids {
    ($($(#[$doc:meta])* $id:ident $(=> $subject:literal)?;)*) => {$(
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $id(pub i64);

        impl crate::catalog::ToSql for $id {
            fn to_sql(&self) -> Result<crate::catalog::Value, crate::catalog::CatalogError> {
                self.0.to_sql()
            }
        }

        impl crate::catalog::FromSql for $id {
            fn column_result(v: crate::catalog::ValueRef<'_>) -> Result<Self, crate::catalog::FromSqlError> {
                i64::column_result(v).map($id)
            }
        }

        impl std::fmt::Display for $id {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                self.0.fmt(f)
            }
        }

        $(impl $id {
            /// How the ledger names it (`<prefix>:<id>`).
            pub fn subject(self) -> String {
                format!(concat!($subject, ":{}"), self.0)
            }
        })?
    )*};
}

ids! {
    UnitId => "unit";
    /// Stable from draft to sealed.
    RegistrationId => "registration";
    ItemId;
    UserId => "user";
    ApplicationId => "application";
    CertificateId;
    DisposalId => "disposal";
    SeriesId => "series";
    /// A finding an intake recorded on a draft's file.
    FindingId;
    /// A four-property check kept with its registration.
    CheckId;
    /// A registered peer archive (an upper or lower centre).
    PeerId => "peer";
    /// A shipment of media (介质外送).
    ShipmentId => "shipment";
    /// A medium's row in the catalog (its identity file's id is `Medium::id`, text).
    MediumRow;
    /// A legal hold (诉讼保全) on a registration.
    HoldId;
}
