//! Registration certificates (登记证明) as listed on a registration's page.

use dengji_core as core;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, export_to = "../../ui/src/bindings/")]
pub struct CertificateSummary {
    pub number: String,
    // The certificate this one replaces (补发).
    pub reissue_of: Option<String>,
    pub registration_number: String,
    pub issued_at: String,
    pub issued_by: String,
    pub pdf_sha256: String,
    #[ts(type = "number")]
    pub pdf_bytes: i64,
    // The reissue that replaced this one; null while it is current.
    pub superseded_by: Option<String>,
    // The ledger printed on the certificate: entries and head hash.
    #[ts(type = "number")]
    pub checkpoint_size: i64,
    pub checkpoint_head: String,
}

impl From<core::Certificate> for CertificateSummary {
    fn from(c: core::Certificate) -> Self {
        CertificateSummary {
            pdf_sha256: c.pdf_sha256.to_hex(),
            pdf_bytes: c.pdf_bytes,
            superseded_by: c.superseded_by,
            checkpoint_size: c.content.checkpoint.size,
            checkpoint_head: c.content.checkpoint.head.to_hex(),
            number: c.content.certificate_number,
            reissue_of: c.content.reissue_of,
            registration_number: c.content.registration_number,
            issued_at: c.content.issued_at,
            issued_by: c.content.issued_by,
        }
    }
}
