//! Peer archives (上下级档案馆): the archives this one reports to (upper) and takes reports
//! from (lower), each known by the certificates of its archive keys. A peer is registered
//! by an admin who checked the key's fingerprint with the other archive; a later key of a
//! peer is taken when its certificate is signed by a key of that peer already registered
//! (the successor's certificate a rotation writes, `archive-key-N-signed-by-key-M.pem`).
//! Rows in `store.rs`, never changed or deleted; each registration is a ledger entry
//! (`peer.add`, `peer.rotate`) that `ledger verify` holds the rows to (`ledger_check.rs`).
use chrono::{DateTime, Utc};

mod ledger_check;
mod store;

use std::fmt;
use std::str::FromStr;

use serde::Serialize;

use crate::accounts::Role;
use crate::archive::Archive;
use crate::digest::{sm3, Sm3};
use crate::error::{Error, Result};
use crate::key::material;
use crate::ledger;
use crate::stamp::Stamp;

pub(crate) use ledger_check::check_peers;

/// Which way reports go between this archive and a peer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Relation {
    /// This archive reports to it (上级: the city for a county, the province for a city).
    Upper,
    /// It reports to this archive (下级).
    Lower,
}

impl Relation {
    pub fn as_str(self) -> &'static str {
        match self {
            Relation::Upper => "upper",
            Relation::Lower => "lower",
        }
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            Relation::Upper => "上级",
            Relation::Lower => "下级",
        }
    }
}

impl fmt::Display for Relation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Relation {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        match s.trim() {
            "upper" | "上级" => Ok(Relation::Upper),
            "lower" | "下级" => Ok(Relation::Lower),
            other => Err(Error::BadRelation(other.to_string())),
        }
    }
}

/// One key of a peer archive, public half only.
#[derive(Debug, Clone, Serialize)]
pub struct PeerKey {
    pub fingerprint: Sm3,
    pub subject: String,
    /// X.509, PEM, as presented.
    pub certificate: String,
    /// The peer's earlier key that signed this one's certificate (a rotation).
    pub signed_by: Option<Sm3>,
    pub added_at: DateTime<Utc>,
    pub added_by: String,
}

/// A registered peer archive and its keys, oldest first.
#[derive(Debug, Clone, Serialize)]
pub struct Peer {
    pub id: crate::ids::PeerId,
    pub name: String,
    pub region_code: String,
    pub relation: Relation,
    pub added_at: DateTime<Utc>,
    pub added_by: String,
    /// For a lower archive known only through the reports another lower archive forwarded
    /// (a county, at the province): that archive's id.
    pub via: Option<crate::ids::PeerId>,
    pub keys: Vec<PeerKey>,
}

impl Peer {
    /// The key it signs with now: the newest registered.
    pub fn current_key(&self) -> Option<&PeerKey> {
        self.keys.last()
    }

    /// Whether `signature` over `message` is by this peer's key `fingerprint`; None when
    /// that is not one of its registered keys.
    pub(crate) fn signed(&self, fingerprint: &Sm3, message: &[u8], signature: &[u8]) -> Result<Option<bool>> {
        let Some(key) = self.keys.iter().find(|k| &k.fingerprint == fingerprint) else { return Ok(None) };
        Ok(Some(material::verify(&material::certificate_key(&key.certificate)?, message, signature)))
    }
}

/// What a certificate says, for the admin to check with the other archive before
/// registering it.
#[derive(Debug, Clone, Serialize)]
pub struct PeerCertificate {
    pub name: String,
    pub region_code: String,
    pub subject: String,
    /// SM3 of the key (the DER SubjectPublicKeyInfo), as `dengji key show` prints it there.
    pub fingerprint: Sm3,
}

/// What registering a certificate did.
#[derive(Debug, Clone, Serialize)]
pub struct PeerAdded {
    pub peer: Peer,
    /// True when the certificate was a registered peer's next key.
    pub rotation: bool,
}

const BEGIN: &str = "-----BEGIN CERTIFICATE-----";
const END: &str = "-----END CERTIFICATE-----";

/// The certificate in `text` as PEM written out plainly (base64 in lines of 64), whatever
/// became of its line breaks on the way: pasted from a mail or a chat, they are often lost
/// or doubled.
pub fn canonical_pem(text: &str) -> Result<String> {
    let not_pem =
        || Error::PeerCertificate("不是 PEM 格式的证书（应以 -----BEGIN CERTIFICATE----- 开头，以 -----END CERTIFICATE----- 结尾）".into());
    let start = text.find(BEGIN).ok_or_else(not_pem)? + BEGIN.len();
    let end = start + text[start..].find(END).ok_or_else(not_pem)?;
    let body: String = text[start..end].chars().filter(|c| !c.is_whitespace()).collect();
    if body.is_empty() || !body.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '/' | '=')) {
        return Err(not_pem());
    }
    let mut out = format!("{BEGIN}\n");
    for line in body.as_bytes().chunks(64) {
        out.push_str(std::str::from_utf8(line).expect("ASCII"));
        out.push('\n');
    }
    out.push_str(END);
    out.push('\n');
    Ok(out)
}

/// Reads a peer archive's certificate (PEM): whose it is and its key's fingerprint.
pub fn read_peer_certificate(pem: &str) -> Result<PeerCertificate> {
    read_canonical(&canonical_pem(pem)?)
}

/// `read_peer_certificate` of a certificate already in `canonical_pem`'s form.
fn read_canonical(pem: &str) -> Result<PeerCertificate> {
    let key = material::certificate_key(pem)?;
    let (name, region_code) = material::certificate_archive(pem)?;
    Ok(PeerCertificate { name, region_code, subject: material::certificate_subject(pem)?, fingerprint: material::fingerprint(&key)? })
}

impl Archive {
    /// Every registered peer archive, in the order registered.
    pub fn peers(&self) -> Result<Vec<Peer>> {
        store::all(self.conn())
    }

    /// Registers the certificate `pem` (admins only). A certificate signed by a key of a
    /// registered peer is that peer's next key (`relation` must be the peer's). Any other
    /// must be self-signed, name an archive not registered yet, and carry the key whose
    /// fingerprint the admin checked with the other archive (`confirmed`).
    pub fn add_peer(&mut self, pem: &str, relation: Relation, confirmed: Option<&Sm3>, stamp: &Stamp) -> Result<PeerAdded> {
        self.authorize(stamp, &[Role::Admin], "登记上下级档案馆")?;
        let pem = &canonical_pem(pem)?;
        let cert = read_canonical(pem)?;
        if self.keys()?.iter().any(|k| k.fingerprint == cert.fingerprint) {
            return Err(Error::PeerOwnKey);
        }
        let peers = self.peers()?;
        if let Some(p) = peers.iter().find(|p| p.keys.iter().any(|k| k.fingerprint == cert.fingerprint)) {
            return Err(Error::PeerKnown { name: p.name.clone(), fingerprint: cert.fingerprint.to_hex() });
        }
        if let Some(given) = confirmed.filter(|c| **c != cert.fingerprint) {
            return Err(Error::PeerFingerprintMismatch { given: given.to_hex(), actual: cert.fingerprint.to_hex() });
        }
        // A rotation: signed by a key of a registered peer of the same name.
        let mut signer = None;
        for p in &peers {
            for k in &p.keys {
                let by = material::certificate_key(&k.certificate)?;
                if material::certificate_signed_by(pem, &by)? {
                    signer = Some((p, k.fingerprint));
                }
            }
        }
        let tx = self.conn_mut().transaction()?;
        let (peer_id, rotation) = match signer {
            Some((p, by)) => {
                if (p.name.as_str(), p.region_code.as_str()) != (cert.name.as_str(), cert.region_code.as_str()) {
                    return Err(Error::PeerCertificate(format!(
                        "证书由 “{}” 的密钥签发，却写着另一个档案馆 “{}”（{}）",
                        p.name, cert.name, cert.region_code
                    )));
                }
                if p.relation != relation {
                    return Err(Error::PeerRelation { name: p.name.clone(), relation: p.relation.label_zh() });
                }
                store::insert_key(&tx, p.id, &cert, pem, Some(&by), stamp)?;
                let payload = serde_json::json!({"name": p.name, "region_code": p.region_code, "fingerprint": cert.fingerprint,
                    "signed_by": by, "certificate_sm3": sm3(pem.as_bytes())});
                ledger::append(&tx, stamp, "peer.rotate", &p.id.subject(), &payload)?;
                (p.id, true)
            }
            None => {
                let key = material::certificate_key(pem)?;
                if !material::certificate_signed_by(pem, &key)? {
                    return Err(Error::PeerCertificate(
                        "证书既不是自签的，也不是由已登记的档案馆密钥签发的（请使用对方导出的 archive-key-N.pem）".into(),
                    ));
                }
                if let Some(p) = peers.iter().find(|p| p.name == cert.name && p.region_code == cert.region_code) {
                    return Err(Error::PeerNeedsRotation(p.name.clone()));
                }
                if confirmed.is_none() {
                    return Err(Error::PeerUnconfirmed { name: cert.name.clone(), fingerprint: cert.fingerprint.to_hex() });
                }
                let id = store::insert(&tx, &cert, relation, None, stamp)?;
                store::insert_key(&tx, id, &cert, pem, None, stamp)?;
                let payload = serde_json::json!({"name": cert.name, "region_code": cert.region_code, "relation": relation.as_str(),
                    "fingerprint": cert.fingerprint, "certificate_sm3": sm3(pem.as_bytes())});
                ledger::append(&tx, stamp, "peer.add", &id.subject(), &payload)?;
                (id, false)
            }
        };
        tx.commit()?;
        let peer =
            store::all(self.conn())?.into_iter().find(|p| p.id == peer_id).ok_or_else(|| Error::Integrity("登记的档案馆未找到".into()))?;
        Ok(PeerAdded { peer, rotation })
    }
}

/// Every peer, read through `conn` (the caller's transaction).
pub(crate) fn all_in(conn: &crate::catalog::Conn) -> Result<Vec<Peer>> {
    store::all(conn)
}

/// Registers, inside the caller's transaction, a lower archive known through `via` (the
/// lower archive that forwarded its report, and whose signed catalog copy holds its
/// certificate): no admin confirmation, the forwarder vouched for it. Returns its id.
pub(crate) fn add_forwarded(tx: &crate::catalog::Conn, pem: &str, via: &Peer, stamp: &Stamp) -> Result<crate::ids::PeerId> {
    let pem = &canonical_pem(pem)?;
    let cert = read_canonical(pem)?;
    let id = store::insert(tx, &cert, Relation::Lower, Some(via.id), stamp)?;
    store::insert_key(tx, id, &cert, pem, None, stamp)?;
    let payload = serde_json::json!({"name": cert.name, "region_code": cert.region_code, "relation": "lower",
        "fingerprint": cert.fingerprint, "certificate_sm3": sm3(pem.as_bytes()), "via": via.name, "via_region": via.region_code});
    ledger::append(tx, stamp, "peer.add", &id.subject(), &payload)?;
    Ok(id)
}

/// The fingerprint of the key of `peer` that signed the certificate `pem` (its next key),
/// if one did.
pub(crate) fn rotation_signer(peer: &Peer, pem: &str) -> Result<Option<Sm3>> {
    for k in &peer.keys {
        if material::certificate_signed_by(pem, &material::certificate_key(&k.certificate)?)? {
            return Ok(Some(k.fingerprint));
        }
    }
    Ok(None)
}

/// Registers, inside the caller's transaction, `peer`'s next key from the certificate `pem`
/// one of its keys signed, as a package forwarded by `via` showed it (a `peer.rotate`
/// entry); nothing when it is registered already (two of its packages in one).
pub(crate) fn add_forwarded_rotation(tx: &crate::catalog::Conn, peer: &Peer, pem: &str, via: &Peer, stamp: &Stamp) -> Result<()> {
    let pem = &canonical_pem(pem)?;
    let cert = read_canonical(pem)?;
    let held = all_in(tx)?.into_iter().find(|p| p.id == peer.id).ok_or_else(|| Error::Integrity("登记的档案馆未找到".into()))?;
    if held.keys.iter().any(|k| k.fingerprint == cert.fingerprint) {
        return Ok(());
    }
    let by = rotation_signer(&held, pem)?
        .ok_or_else(|| Error::PeerCertificate(format!("“{}” 的新证书不是由其已登记的密钥签发的", peer.name)))?;
    store::insert_key(tx, peer.id, &cert, pem, Some(&by), stamp)?;
    let payload = serde_json::json!({"name": peer.name, "region_code": peer.region_code, "fingerprint": cert.fingerprint,
        "signed_by": by, "certificate_sm3": sm3(pem.as_bytes()), "via": via.name, "via_region": via.region_code});
    ledger::append(tx, stamp, "peer.rotate", &peer.id.subject(), &payload)?;
    Ok(())
}

/// Whether `signature` over `message` is by the key of the certificate `pem`.
pub(crate) fn certificate_signed(pem: &str, message: &[u8], signature: &[u8]) -> Result<bool> {
    Ok(material::verify(&material::certificate_key(pem)?, message, signature))
}

#[cfg(test)]
mod tests {
    use super::canonical_pem;

    #[test]
    fn a_pasted_certificate_is_read_whatever_happened_to_its_line_breaks() {
        let plain = "-----BEGIN CERTIFICATE-----\nQUJD\nREVG\n-----END CERTIFICATE-----\n";
        assert_eq!(canonical_pem(plain).unwrap(), "-----BEGIN CERTIFICATE-----\nQUJDREVG\n-----END CERTIFICATE-----\n");
        for mangled in [
            "-----BEGIN CERTIFICATE-----QUJDREVG-----END CERTIFICATE-----",
            "来自邮件：\r\n-----BEGIN CERTIFICATE-----\r\n\r\nQUJD REVG\r\n-----END CERTIFICATE-----\r\n谢谢",
        ] {
            assert_eq!(canonical_pem(mangled).unwrap(), canonical_pem(plain).unwrap(), "{mangled}");
        }
        let long = format!("-----BEGIN CERTIFICATE-----{}-----END CERTIFICATE-----", "A".repeat(130));
        let lines: Vec<usize> = canonical_pem(&long).unwrap().lines().map(str::len).collect();
        assert_eq!(lines, [27, 64, 64, 2, 25]);
        for bad in [
            "",
            "hello",
            "-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----",
            "-----BEGIN CERTIFICATE-----证书-----END CERTIFICATE-----",
        ] {
            assert!(canonical_pem(bad).is_err(), "{bad}");
        }
    }
}
