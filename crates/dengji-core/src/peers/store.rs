//! The `peers` and `peer_keys` rows.

use crate::catalog::{params, Conn, Row, SqlResult};
use crate::digest::Sm3;
use crate::error::Result;
use crate::stamp::Stamp;

use super::{Peer, PeerCertificate, PeerKey, Relation};

fn row_to_peer(r: &Row<'_>) -> SqlResult<Peer> {
    let relation: String = r.get(3)?;
    Ok(Peer {
        id: r.get(0)?,
        name: r.get(1)?,
        region_code: r.get(2)?,
        relation: relation.parse().map_err(|e| crate::catalog::bad_column(3, e))?,
        added_at: r.get(4)?,
        added_by: r.get(5)?,
        via: r.get(6)?,
        keys: Vec::new(),
    })
}

/// Every peer with its keys, both in the order registered.
pub(super) fn all(conn: &Conn) -> Result<Vec<Peer>> {
    let mut peers: Vec<Peer> = {
        let mut st = conn.prepare("SELECT id, name, region_code, relation, added_at, added_by, via FROM peers ORDER BY id")?;
        let rows = st.query_map((), row_to_peer)?;
        rows.collect::<SqlResult<_>>()?
    };
    let mut st = conn.prepare(
        "SELECT k.peer_id, k.fingerprint, k.subject, k.certificate, s.fingerprint, k.added_at, k.added_by
         FROM peer_keys k LEFT JOIN peer_keys s ON s.id = k.signed_by ORDER BY k.id",
    )?;
    let rows = st.query_map((), |r| {
        Ok((
            r.get::<_, crate::ids::PeerId>(0)?,
            PeerKey {
                fingerprint: r.get(1)?,
                subject: r.get(2)?,
                certificate: r.get(3)?,
                signed_by: r.get(4)?,
                added_at: r.get(5)?,
                added_by: r.get(6)?,
            },
        ))
    })?;
    for row in rows {
        let (peer, key) = row?;
        if let Some(p) = peers.iter_mut().find(|p| p.id == peer) {
            p.keys.push(key);
        }
    }
    Ok(peers)
}

/// A peer registered by an admin (`via` None), or a lower archive known through the peer
/// `via` that forwarded its reports.
pub(super) fn insert(
    conn: &Conn,
    cert: &PeerCertificate,
    relation: Relation,
    via: Option<crate::ids::PeerId>,
    stamp: &Stamp,
) -> Result<crate::ids::PeerId> {
    conn.execute(
        "INSERT INTO peers (name, region_code, relation, added_at, added_by, via) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![cert.name, cert.region_code, relation.as_str(), stamp.at_text(), stamp.operator, via],
    )?;
    Ok(crate::ids::PeerId(conn.last_insert_rowid()?))
}

/// A key of peer `peer`, signed by its key `signed_by` (a rotation) or self-signed.
pub(super) fn insert_key(
    conn: &Conn,
    peer: crate::ids::PeerId,
    cert: &PeerCertificate,
    pem: &str,
    signed_by: Option<&Sm3>,
    stamp: &Stamp,
) -> Result<()> {
    conn.execute(
        "INSERT INTO peer_keys (peer_id, fingerprint, subject, certificate, signed_by, added_at, added_by)
         VALUES (?1, ?2, ?3, ?4, (SELECT id FROM peer_keys WHERE fingerprint = ?5), ?6, ?7)",
        params![peer, cert.fingerprint, cert.subject, pem, signed_by, stamp.at_text(), stamp.operator],
    )?;
    Ok(())
}
