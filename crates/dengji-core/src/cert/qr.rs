//! The certificate's QR code. Its text is one line of six `|`-separated fields:
//!
//! ```text
//! DJC1|<certificate number>|<registration number>|<package SM3 hex>|<package SHA-256 hex>|<ledger size>
//! ```
//!
//! `DJC1` names this format (Dengji certificate, version 1); the ledger size is the
//! checkpoint printed on the certificate. Anyone can read the digests off it; `dengji
//! cert verify --qr TEXT` checks them against the archive.

use serde::Serialize;

use super::draw::Sheet;
use super::model::CertContent;
use crate::digest::{Sha256, Sm3};
use crate::error::{Error, Result};

pub const QR_FORMAT: &str = "DJC1";

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct QrPayload {
    pub certificate_number: String,
    pub registration_number: String,
    pub package_sm3: Sm3,
    pub package_sha256: Sha256,
    pub ledger_size: i64,
}

impl QrPayload {
    pub fn of(c: &CertContent) -> QrPayload {
        QrPayload {
            certificate_number: c.certificate_number.clone(),
            registration_number: c.registration_number.clone(),
            package_sm3: c.package_sm3,
            package_sha256: c.package_sha256,
            ledger_size: c.checkpoint.size,
        }
    }

    pub fn text(&self) -> String {
        format!(
            "{QR_FORMAT}|{}|{}|{}|{}|{}",
            self.certificate_number, self.registration_number, self.package_sm3, self.package_sha256, self.ledger_size
        )
    }

    /// Reads the text a scanner gives back; surrounding whitespace is ignored.
    pub fn parse(text: &str) -> Result<QrPayload> {
        let bad = |why: &str| Error::BadQr(why.to_string());
        let fields: Vec<&str> = text.trim().split('|').collect();
        if fields.first().map(|f| f.trim()) != Some(QR_FORMAT) {
            return Err(bad("开头不是 DJC1（不是 Dengji 登记证明的二维码）"));
        }
        if fields.len() != 6 {
            return Err(Error::BadQr(format!("应有 6 个以 | 分隔的字段，实际 {} 个", fields.len())));
        }
        let nonempty = |f: &str, what: &str| {
            let f = f.trim();
            if f.is_empty() {
                Err(Error::BadQr(format!("{what}为空")))
            } else {
                Ok(f.to_string())
            }
        };
        Ok(QrPayload {
            certificate_number: nonempty(fields[1], "证明编号")?,
            registration_number: nonempty(fields[2], "登记号")?,
            package_sm3: fields[3].parse().map_err(|_| bad("第 4 个字段不是 64 位十六进制的 SM3 摘要"))?,
            package_sha256: fields[4].parse().map_err(|_| bad("第 5 个字段不是 64 位十六进制的 SHA-256 摘要"))?,
            ledger_size: fields[5]
                .trim()
                .parse()
                .ok()
                .filter(|n: &i64| *n >= 0)
                .ok_or_else(|| bad("第 6 个字段不是台账条数（非负整数）"))?,
        })
    }
}

/// Draws the QR code of `text` as filled squares (vector, sharp at any zoom), `size` mm
/// wide with its top-left corner at (`x`, `top`). The caller keeps 4 modules of white
/// around it, as scanners need.
pub(super) fn draw(sheet: &mut Sheet<'_>, text: &str, x: f32, top: f32, size: f32) -> Result<()> {
    let code = qrcode::QrCode::with_error_correction_level(text.as_bytes(), qrcode::EcLevel::M)
        .map_err(|e| Error::CertRender(format!("二维码生成失败：{e}")))?;
    let n = code.width();
    let module = size / n as f32;
    let dark: Vec<bool> = code.to_colors().into_iter().map(|c| c == qrcode::Color::Dark).collect();
    for row in 0..n {
        // One rectangle per horizontal run of dark modules keeps the page small.
        let mut col = 0;
        while col < n {
            if !dark[row * n + col] {
                col += 1;
                continue;
            }
            let start = col;
            while col < n && dark[row * n + col] {
                col += 1;
            }
            sheet.fill(x + start as f32 * module, top + row as f32 * module, (col - start) as f32 * module, module);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> QrPayload {
        QrPayload {
            certificate_number: "330102-2026-Z000001".into(),
            registration_number: "330102-2026-000001".into(),
            package_sm3: crate::digest::sm3(b"a"),
            package_sha256: crate::digest::sha256(b"a"),
            ledger_size: 42,
        }
    }

    #[test]
    fn round_trips_and_documents_its_shape() {
        let p = sample();
        let text = p.text();
        assert!(text.starts_with("DJC1|330102-2026-Z000001|330102-2026-000001|"), "{text}");
        assert!(text.ends_with("|42"));
        assert_eq!(QrPayload::parse(&format!("  {text}\n")).unwrap(), p);
        // Scanners and people may give the hex in capitals.
        assert_eq!(QrPayload::parse(&text.to_uppercase()).unwrap(), p);
    }

    #[test]
    fn malformed_text_is_an_error_never_a_panic() {
        let text = sample().text();
        for bad in [
            "",
            "hello",
            "DJC1",
            "DJC2|a|b|c|d|1",
            "DJC1||330102-2026-000001|x|y|1",
            &text.replace("|42", "|-1"),
            &text.replace("|42", "|4x"),
            &format!("{text}|extra"),
            &text[..text.len() - 10],
            "DJC1|a|b|ｇｇ|ｇｇ|１",
        ] {
            assert!(matches!(QrPayload::parse(bad), Err(Error::BadQr(_))), "{bad:?}");
        }
    }

    proptest::proptest! {
        #![proptest_config(crate::prop::budget(256))]

        /// Whatever a scanner hands back is a payload or `BadQr`, never a panic.
        #[test]
        fn prop_any_text_is_a_payload_or_bad_qr(text in "(DJC1\\|)?([0-9a-fA-F|\\-]|.){0,160}") {
            match QrPayload::parse(&text) {
                Ok(p) => proptest::prop_assert!(p.ledger_size >= 0 && !p.certificate_number.is_empty()),
                Err(e) => proptest::prop_assert!(matches!(e, Error::BadQr(_)), "{e:?}"),
            }
        }

        #[test]
        fn prop_payloads_round_trip(
            cert in "[0-9A-Z\\-]{1,24}",
            reg in "[0-9A-Z\\-]{1,24}",
            sm3 in proptest::array::uniform32(proptest::num::u8::ANY),
            sha in proptest::array::uniform32(proptest::num::u8::ANY),
            size in 0i64..i64::MAX,
        ) {
            let p = QrPayload {
                certificate_number: cert,
                registration_number: reg,
                package_sm3: Sm3(sm3),
                package_sha256: Sha256(sha),
                ledger_size: size,
            };
            proptest::prop_assert_eq!(QrPayload::parse(&p.text()).unwrap(), p);
        }
    }
}
