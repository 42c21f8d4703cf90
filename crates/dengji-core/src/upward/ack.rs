//! `upward ack`: the upper archive's receipt taken in at the lower archive. From then on the
//! lower archive's ledger up to the receipt's checkpoint is witnessed: rewritten, it no
//! longer matches what the upper archive signed for, and `ledger verify` says so.

use std::path::Path;

use super::package::RECEIPT;
use super::receipt::Receipt;
use super::{store, ReportAcked, SentReport, Witness};
use crate::accounts::Role;
use crate::archive::Archive;
use crate::catalog::Conn;
use crate::error::{Error, Result};
use crate::ledger;
use crate::peers::{Peer, Relation};
use crate::stamp::Stamp;
use crate::verify::LedgerProblem;

/// The receipt of `sent`, checked against the upper archive `peer`: its signature by a
/// key of that peer, and the package and checkpoint it names being the ones sent.
fn check_receipt(peer: &Peer, sent: &SentReport, text: &str) -> Result<Receipt> {
    let (r, signed, signature) = Receipt::parse(text)?;
    match peer.signed(&r.key, signed.as_bytes(), &signature)? {
        Some(true) => {}
        None => return Err(Error::ReceiptInvalid(format!("签署回执的密钥（指纹 {}）不是 “{}” 登记的密钥", r.key, peer.name))),
        Some(false) => return Err(Error::ReceiptInvalid(format!("签名无效：回执被改动过，或不是 “{}” 所签", peer.name))),
    }
    if r.checkpoint != sent.checkpoint || r.tagmanifest_sm3 != sent.tagmanifest_sm3 {
        return Err(Error::ReceiptInvalid(format!("回执所记的台账检查点或上报包与本馆导出的第 {} 号不符", sent.number)));
    }
    Ok(r)
}

/// The record of a report this archive's catalog lost (restored from the copy taken as it
/// was written), rebuilt from its receipt. Which files it carried is not known: it counts
/// as catalog-only, so the next report carries every file sealed since the last report
/// known to have carried files.
fn adopted_report(peer: &Peer, rows: &[SentReport], r: &Receipt, stamp: &Stamp) -> SentReport {
    let acked = rows.iter().filter(|s| s.receipt.is_some());
    SentReport {
        peer_id: peer.id,
        number: r.number,
        ledger_from: acked.clone().map(|s| s.checkpoint.size).max().unwrap_or(0),
        checkpoint: r.checkpoint,
        payload_from: acked.filter(|s| !s.catalog_only).map(|s| s.checkpoint.size).max().unwrap_or(0),
        catalog_only: true,
        objects: 0,
        bytes: 0,
        tagmanifest_sm3: r.tagmanifest_sm3,
        exported_at: r.at,
        exported_by: stamp.operator.clone(),
        receipt: None,
        acked_at: None,
        acked_by: None,
    }
}

fn witness(peer: &Peer, receipt: &Receipt) -> Witness {
    Witness {
        archive: peer.name.clone(),
        region_code: peer.region_code.clone(),
        number: receipt.number,
        checkpoint: receipt.checkpoint,
        received_at: receipt.at,
    }
}

impl Archive {
    /// Takes in the receipt in the package folder `dir` (or the receipt file itself).
    pub fn ack_report(&mut self, dir: &Path, stamp: &Stamp) -> Result<ReportAcked> {
        self.authorize(stamp, &[Role::Admin, Role::Reviewer], "记录上级档案馆的回执")?;
        let path = if dir.is_dir() { dir.join(RECEIPT) } else { dir.to_path_buf() };
        if !path.is_file() {
            return Err(Error::ReceiptInvalid(format!("{} 不存在：上级档案馆接收后才会把回执写进上报包", path.display())));
        }
        let text = std::fs::read_to_string(&path).map_err(Error::io(&path))?;
        let (r, ..) = Receipt::parse(&text)?;
        let me = self.info()?;
        if (r.lower_name.as_str(), r.lower_region.as_str()) != (me.name.as_str(), me.region_code.as_str()) {
            return Err(Error::ReceiptInvalid(format!("回执是给 “{}”（{}）的，不是本馆的", r.lower_name, r.lower_region)));
        }
        let peer = self
            .peers()?
            .into_iter()
            .find(|p| p.relation == Relation::Upper && p.name == r.upper_name && p.region_code == r.upper_region)
            .ok_or_else(|| {
                Error::ReceiptInvalid(format!("回执来自 “{}”（{}），它不是本馆登记的上级档案馆", r.upper_name, r.upper_region))
            })?;
        let rows = store::sent(self.conn(), Some(peer.id))?;
        let ours = ledger::entry_at(self.conn(), r.checkpoint.size)?.map(|e| e.entry_hash);
        let (sent, adopted) = match rows.iter().find(|s| s.number == r.number) {
            Some(s) => (s.clone(), false),
            // After a recover from the upper archive's copy, the report it took last is not
            // in our catalog (the copy was taken as that report was written). Its receipt,
            // signed by the upper archive for a checkpoint on our ledger, is its record.
            None if r.number > rows.iter().map(|s| s.number).max().unwrap_or(0) && ours == Some(r.checkpoint.head) => {
                (adopted_report(&peer, &rows, &r, stamp), true)
            }
            None => return Err(Error::ReceiptInvalid(format!("本馆没有报送给 “{}” 的第 {} 号上报包", peer.name, r.number))),
        };
        if let Some(at) = &sent.acked_at {
            return Err(Error::ReceiptRecorded { number: sent.number, at: crate::stamp::local(*at) });
        }
        let r = check_receipt(&peer, &sent, &text)?;
        if ours != Some(r.checkpoint.head) {
            return Err(Error::Integrity(format!("本馆台账第 {} 条已不是上报时的那一条：台账被改写过", r.checkpoint.size)));
        }
        let tx = self.conn_mut().transaction()?;
        if adopted {
            store::insert_sent(&tx, &sent)?;
        }
        store::set_receipt(&tx, peer.id, sent.number, &text, &stamp.at_text(), &stamp.operator)?;
        let entry = serde_json::json!({
            "to": peer.name, "to_region": peer.region_code, "number": sent.number, "ledger_size": r.checkpoint.size,
            "ledger_head": r.checkpoint.head, "received_at": r.at, "signed_by": r.key, "receipt": text, "adopted": adopted,
        });
        ledger::append(&tx, stamp, "upward.ack", &peer.id.subject(), &entry)?;
        tx.commit()?;
        Ok(ReportAcked { to: peer.name.clone(), number: sent.number, witnessed: witness(&peer, &r) })
    }

    /// The furthest point of this archive's ledger an upper archive signed for.
    pub fn witnessed(&self) -> Result<Option<Witness>> {
        let peers = self.peers()?;
        let mut best: Option<Witness> = None;
        for sent in store::sent(self.conn(), None)? {
            let (Some(text), Some(peer)) = (&sent.receipt, peers.iter().find(|p| p.id == sent.peer_id)) else { continue };
            let Ok((r, ..)) = Receipt::parse(text) else { continue };
            if best.as_ref().is_none_or(|b| r.checkpoint.size > b.checkpoint.size) {
                best = Some(witness(peer, &r));
            }
        }
        Ok(best)
    }
}

/// The witness as of ledger entry `size`: the newest receipt recorded at or before it (an
/// `upward.ack` entry). A certificate prints the one as of its checkpoint, so a reprint
/// prints the same.
pub(crate) fn witness_at(conn: &Conn, size: i64) -> Result<Option<Witness>> {
    let entries = ledger::entries_with_action(conn, "upward.ack")?;
    let Some(e) = entries.into_iter().rfind(|e| e.seq <= size) else { return Ok(None) };
    let p: serde_json::Value = serde_json::from_str(&e.payload).unwrap_or_default();
    let text = |k: &str| p.get(k).and_then(|v| v.as_str()).unwrap_or_default().to_string();
    let number = |k: &str| p.get(k).and_then(|v| v.as_i64()).unwrap_or_default();
    let head = text("ledger_head").parse().map_err(|_| Error::Integrity(format!("台账第 {} 条（回执）的头哈希不可读", e.seq)))?;
    Ok(Some(Witness {
        archive: text("to"),
        region_code: text("to_region"),
        number: number("number"),
        checkpoint: crate::ledger::Checkpoint { size: number("ledger_size"), head },
        received_at: crate::stamp::parse_time(&text("received_at"))
            .map_err(|_| Error::Integrity(format!("台账第 {} 条（回执）的收到时间不可读", e.seq)))?,
    }))
}

/// `ledger verify` for the receipts taken in: each must be its upper archive's signature
/// over the package sent, and the ledger must still have, at each receipt's size, the
/// head the upper archive signed for.
pub(crate) fn check_witnesses(conn: &Conn, peers: &[Peer], problems: &mut Vec<LedgerProblem>) -> Result<()> {
    for sent in store::sent(conn, None)? {
        let Some(text) = &sent.receipt else { continue };
        let subject = sent.peer_id.subject();
        let mut problem = |message: String| problems.push(LedgerProblem { seq: None, subject: subject.clone(), message });
        let Some(peer) = peers.iter().find(|p| p.id == sent.peer_id) else {
            problem(format!("第 {} 号上报包的回执来自未登记的档案馆", sent.number));
            continue;
        };
        match check_receipt(peer, &sent, text) {
            Err(e) => problem(format!("报送给 “{}” 的第 {} 号上报包的回执无效：{e}", peer.name, sent.number)),
            Ok(r) => {
                let ours = ledger::entry_at(conn, r.checkpoint.size)?.map(|e| e.entry_hash);
                if ours != Some(r.checkpoint.head) {
                    problem(format!(
                        "台账第 {} 条与 “{}” 见证的不符（对方于 {} 签收的头哈希是 {}）：台账在见证之后被改写",
                        r.checkpoint.size,
                        peer.name,
                        crate::stamp::local(r.at),
                        r.checkpoint.head
                    ));
                }
            }
        }
    }
    Ok(())
}
