//! `ledger verify` for certificates: every `certificate.issue` entry must match its row
//! as it is now, sit right after the checkpoint it printed, and every row must have one.

use std::collections::HashSet;

use crate::catalog::Conn;

use super::{model, store};
use crate::error::Result;
use crate::ledger;
use crate::verify::LedgerProblem;

pub(crate) fn check_certificates(conn: &Conn, problems: &mut Vec<LedgerProblem>) -> Result<()> {
    let mut recorded = HashSet::new();
    for e in ledger::entries_with_action(conn, "certificate.issue")? {
        let payload: serde_json::Value = serde_json::from_str(&e.payload).unwrap_or_default();
        let number = payload.get("certificate_number").and_then(|n| n.as_str()).unwrap_or_default().to_string();
        let mut problem = |message: String| problems.push(LedgerProblem { seq: Some(e.seq), subject: e.subject.clone(), message });
        let Some(cert) = store::by_number(conn, &number)? else {
            problem(format!("签发记录中的登记证明 “{number}” 在目录中不存在（被删除）"));
            continue;
        };
        recorded.insert(cert.id);
        let now = model::ledger_payload(&cert);
        let c = &cert.content;
        let mut fields: Vec<String> =
            now.as_object().into_iter().flatten().filter(|(k, v)| payload.get(k.as_str()) != Some(v)).map(|(k, _)| k.clone()).collect();
        if e.at != crate::stamp::format_time(c.issued_at) {
            fields.push("issued_at".into());
        }
        if e.operator != c.issued_by {
            fields.push("issued_by".into());
        }
        if e.subject != c.registration_id.subject() {
            fields.push("registration_id".into());
        }
        if !fields.is_empty() {
            problem(format!("登记证明 {number} 签发后被改动：{} 与签发记录不符", fields.join(", ")));
        }
        if e.seq != c.checkpoint.size + 1 {
            problem(format!("登记证明 {number} 所载检查点（{} 条）与其签发记录的位置（第 {} 条）不符", c.checkpoint.size, e.seq));
        }
    }
    for cert in store::list(conn, None)? {
        if !recorded.contains(&cert.id) {
            problems.push(LedgerProblem {
                seq: None,
                subject: cert.content.registration_id.subject(),
                message: format!("登记证明 {} 没有对应的台账签发记录（被插入）", cert.number()),
            });
        }
    }
    Ok(())
}
