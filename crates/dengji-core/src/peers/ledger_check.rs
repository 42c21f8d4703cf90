//! `ledger verify` for the peer archives: each key's certificate must carry the key its row
//! names and be signed by it or by the peer's key the row says signed it, and each key
//! must have the ledger entry that registered it (a key slipped into the catalog by hand,
//! to make a forged report pass as the peer's, has none).

use crate::catalog::Conn;

use super::store;
use crate::error::Result;
use crate::key::{material, records_key};
use crate::ledger;
use crate::verify::LedgerProblem;

pub(crate) fn check_peers(conn: &Conn, problems: &mut Vec<LedgerProblem>) -> Result<()> {
    let mut entries = ledger::entries_with_action(conn, "peer.add")?;
    entries.extend(ledger::entries_with_action(conn, "peer.rotate")?);
    for peer in store::all(conn)? {
        let subject = peer.id.subject();
        for k in &peer.keys {
            let mut problem = |message: String| problems.push(LedgerProblem { seq: None, subject: subject.clone(), message });
            let signer = match &k.signed_by {
                Some(by) => peer.keys.iter().find(|o| o.fingerprint == *by).map(|o| o.certificate.as_str()),
                None => Some(k.certificate.as_str()),
            };
            let sound = match (material::certificate_key(&k.certificate), signer.map(material::certificate_key)) {
                (Ok(public), Some(Ok(by))) => {
                    material::fingerprint(&public)? == k.fingerprint && material::certificate_signed_by(&k.certificate, &by)?
                }
                _ => false,
            };
            if !sound {
                problem(format!("{} 的密钥 {} 的证书与指纹不符，或签发者不对", peer.name, k.fingerprint));
            }
            if !records_key(&entries, &subject, &k.fingerprint, &k.certificate) {
                problem(format!("{} 的密钥 {} 没有对应的台账记录，或与台账记录不符（被插入或改动）", peer.name, k.fingerprint));
            }
        }
    }
    Ok(())
}
