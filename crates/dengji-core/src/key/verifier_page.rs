//! The offline verifier page (证明与摘要核验页): one self-contained HTML file, built from
//! `verifier/` and embedded here, with this archive's certificates written into it so that
//! it checks statements, checkpoints and detached signatures in any browser, offline.

use super::store::{self, KeyStatus};
use crate::archive::Archive;
use crate::error::{Error, Result};

const PAGE: &str = include_str!("../../assets/verifier.html");
const PLACEHOLDER: &str = r#"<script id="dengji-archive-keys" type="application/json">[]</script>"#;

impl Archive {
    /// The verifier page holding every key this archive has had.
    pub fn verifier_page(&self) -> Result<String> {
        let keys = store::all(self.conn())?;
        if keys.is_empty() {
            return Err(Error::KeyMissing);
        }
        let list: Vec<serde_json::Value> = keys
            .iter()
            .map(|k| {
                serde_json::json!({
                    "fingerprint": k.fingerprint, "subject": k.subject, "certificate_pem": k.certificate,
                    "status": if k.status == KeyStatus::Active { "active" } else { "retired" }, "created_at": k.created_at,
                })
            })
            .collect();
        // `<` escaped, so no text in a subject can close the script element.
        let json = serde_json::to_string(&list).expect("JSON values serialise").replace('<', "\\u003c");
        Ok(PAGE.replacen(PLACEHOLDER, &format!(r#"<script id="dengji-archive-keys" type="application/json">{json}</script>"#), 1))
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_embedded_page_has_exactly_one_key_placeholder() {
        assert_eq!(super::PAGE.matches(super::PLACEHOLDER).count(), 1);
        assert!(super::PAGE.contains("Content-Security-Policy"));
    }
}
