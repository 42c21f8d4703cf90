//! The receipt (回执) an upper archive writes into a package it took in: a short signed text
//! that the lower archive records, and anyone can check by hand.
//!
//! ```text
//! dengji-receipt-v1
//! <upper archive name>
//! <upper region code>
//! <lower archive name>
//! <lower region code>
//! <report number>
//! <lower ledger size received>
//! <lower ledger head received, hex>
//! <SM3 of the package's tagmanifest-sm3.txt>
//! <time received, RFC 3339 UTC>
//! <upper key fingerprint>
//!
//! — dengji <base64 of the DER SM2 signature>
//! ```
//!
//! The signature covers the first eleven lines with their newlines.

use crate::digest::Sm3;
use crate::error::{Error, Result};
use crate::key::{split_signed, Unlocked, SIGNATURE_PREFIX};
use crate::ledger::Checkpoint;
use crate::media::bagit::one_line;

const FORMAT: &str = "dengji-receipt-v1";

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Receipt {
    pub upper_name: String,
    pub upper_region: String,
    pub lower_name: String,
    pub lower_region: String,
    pub number: i64,
    pub checkpoint: Checkpoint,
    pub tagmanifest_sm3: Sm3,
    pub at: chrono::DateTime<chrono::Utc>,
    pub key: Sm3,
}

impl Receipt {
    fn body(&self) -> String {
        format!(
            "{FORMAT}\n{}\n{}\n{}\n{}\n{}\n{}\n{}\n{}\n{}\n{}\n",
            one_line(&self.upper_name),
            one_line(&self.upper_region),
            one_line(&self.lower_name),
            one_line(&self.lower_region),
            self.number,
            self.checkpoint.size,
            self.checkpoint.head,
            self.tagmanifest_sm3,
            crate::stamp::format_time(self.at),
            self.key
        )
    }

    /// The receipt's text, signed with `signer` (whose fingerprint it must name).
    pub fn signed(&self, signer: &Unlocked) -> String {
        let body = self.body();
        format!("{body}\n{SIGNATURE_PREFIX}{}\n", signer.sign_base64(body.as_bytes()))
    }

    /// A receipt's fields, its signed body and signature; refused when it is no receipt.
    pub fn parse(text: &str) -> Result<(Receipt, String, Vec<u8>)> {
        let bad = |why: &str| Error::ReceiptInvalid(why.to_string());
        let (signed, signature) = split_signed(text).map_err(|e| Error::ReceiptInvalid(e.to_string()))?;
        let lines: Vec<&str> = signed.trim_end_matches('\n').split('\n').collect();
        if lines.first() != Some(&FORMAT) || lines.len() != 11 {
            return Err(bad("不是 dengji-receipt-v1 回执（应有 11 行签名内容）"));
        }
        let number = |i: usize| lines[i].parse::<i64>().ok().filter(|n| *n >= 0).ok_or_else(|| bad("回执中的编号或台账记录数不是数字"));
        let receipt = Receipt {
            upper_name: lines[1].to_string(),
            upper_region: lines[2].to_string(),
            lower_name: lines[3].to_string(),
            lower_region: lines[4].to_string(),
            number: number(5)?,
            checkpoint: Checkpoint { size: number(6)?, head: lines[7].parse().map_err(|_| bad("第 8 行不是台账头哈希"))? },
            tagmanifest_sm3: lines[8].parse().map_err(|_| bad("第 9 行不是标签清单的 SM3"))?,
            at: crate::stamp::parse_time(lines[9]).map_err(|_| bad("第 10 行不是时间"))?,
            key: lines[10].parse().map_err(|_| bad("第 11 行不是密钥指纹"))?,
        };
        Ok((receipt, signed.to_string(), signature))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_receipt_reads_back_as_written() {
        let r = Receipt {
            upper_name: "杭州市档案馆".into(),
            upper_region: "330100".into(),
            lower_name: "上城区档案馆".into(),
            lower_region: "330102".into(),
            number: 2,
            checkpoint: Checkpoint { size: 40, head: crate::digest::sha256(b"h") },
            tagmanifest_sm3: crate::digest::sm3(b"t"),
            at: crate::stamp::parse_time("2026-12-07T01:02:03Z").unwrap(),
            key: crate::digest::sm3(b"k"),
        };
        let text = format!("{}\n— dengji AAEC\n", r.body());
        let (back, signed, sig) = Receipt::parse(&text).unwrap();
        assert_eq!((back, signed.as_str(), sig), (r.clone(), r.body().as_str(), vec![0, 1, 2]));
        for bad in [text.replace("dengji-receipt-v1", "dengji-checkpoint-v1"), text.replace("\n40\n", "\nforty\n"), String::new()] {
            assert!(matches!(Receipt::parse(&bad), Err(Error::ReceiptInvalid(_))), "{bad}");
        }
    }
}
