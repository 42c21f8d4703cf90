//! Peer archives as the 系统设置 card shows them.

use chrono::{DateTime, Utc};
use dengji_core as core;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Where a certificate comes from: a file the admin chose, or text pasted from a mail.
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "camelCase")]
#[ts(export, export_to = "../../ui/src/bindings/")]
pub enum PemSource {
    Path { path: String },
    Text { text: String },
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, export_to = "../../ui/src/bindings/")]
pub struct PeerCertificate {
    pub name: String,
    pub region_code: String,
    pub subject: String,
    pub fingerprint: String,
    /// The certificate itself, to register once checked.
    pub pem: String,
}

impl PeerCertificate {
    pub fn new(c: core::PeerCertificate, pem: String) -> Self {
        PeerCertificate { name: c.name, region_code: c.region_code, subject: c.subject, fingerprint: c.fingerprint.to_hex(), pem }
    }
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, export_to = "../../ui/src/bindings/")]
pub struct PeerKey {
    pub fingerprint: String,
    pub signed_by: Option<String>,
    pub added_at: DateTime<Utc>,
    pub added_by: String,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, export_to = "../../ui/src/bindings/")]
pub struct Peer {
    pub id: i64,
    pub name: String,
    pub region_code: String,
    /// `upper` or `lower`.
    pub relation: String,
    pub added_at: DateTime<Utc>,
    pub added_by: String,
    pub keys: Vec<PeerKey>,
}

impl From<core::Peer> for Peer {
    fn from(p: core::Peer) -> Self {
        Peer {
            id: p.id.0,
            name: p.name,
            region_code: p.region_code,
            relation: p.relation.as_str().to_string(),
            added_at: p.added_at,
            added_by: p.added_by,
            keys: p
                .keys
                .into_iter()
                .map(|k| PeerKey {
                    fingerprint: k.fingerprint.to_hex(),
                    signed_by: k.signed_by.map(|s| s.to_hex()),
                    added_at: k.added_at,
                    added_by: k.added_by,
                })
                .collect(),
        }
    }
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, export_to = "../../ui/src/bindings/")]
pub struct PeerAdded {
    pub peer: Peer,
    pub rotation: bool,
}

impl From<core::PeerAdded> for PeerAdded {
    fn from(a: core::PeerAdded) -> Self {
        PeerAdded { peer: a.peer.into(), rotation: a.rotation }
    }
}
