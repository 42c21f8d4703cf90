//! What a medium carries so that anyone can check it without this program: the archive's
//! certificates (`keys/`), the offline verifier page (`核验页.html`) and the archive key's
//! signature of `catalog/CHECKPOINT.txt` (which names the snapshot's SHA-256 and the
//! ledger checkpoint, so the signature covers the whole snapshot). Public material only:
//! the private key reaches a medium solely inside the snapshot, encrypted.

use std::fs;
use std::path::Path;

use super::snapshot;
use crate::archive::Archive;
use crate::error::{Error, Result};

pub const KEYS_DIR: &str = "keys";
pub const VERIFIER_PAGE: &str = "核验页.html";
pub const CHECKPOINT_SIG: &str = "CHECKPOINT.txt.sig";

impl Archive {
    /// Writes the certificates and the verifier page onto the medium at `root`, and signs
    /// its `CHECKPOINT.txt` when the key is unlocked. True when it was signed. A stale
    /// signature (of an earlier checkpoint) never stays behind.
    pub(super) fn publish_on(&self, root: &Path, fail: &impl Fn(&Path, std::io::Error) -> Error) -> Result<bool> {
        if self.keys()?.is_empty() {
            return Ok(false);
        }
        let keys = root.join(KEYS_DIR);
        crate::restore::no_link_below(root, &keys)?;
        self.export_keys(&keys)?;
        let page = root.join(VERIFIER_PAGE);
        fs::write(&page, self.verifier_page()?).map_err(|e| fail(&page, e))?;
        let dir = root.join(snapshot::DIR);
        let sig = dir.join(CHECKPOINT_SIG);
        let Some(key) = self.unlocked() else {
            if sig.exists() {
                fs::remove_file(&sig).map_err(|e| fail(&sig, e))?;
            }
            return Ok(false);
        };
        let cp = dir.join(snapshot::CHECKPOINT);
        let text = fs::read(&cp).map_err(|e| fail(&cp, e))?;
        fs::write(&sig, key.sign(&text)).map_err(|e| fail(&sig, e))?;
        fs::File::open(&sig).and_then(|f| f.sync_all()).map_err(|e| fail(&sig, e))?;
        Ok(true)
    }

    /// Why the signature of the medium's `CHECKPOINT.txt` fails, if it is there and fails.
    pub(super) fn checkpoint_signature_problem(&self, root: &Path) -> Result<Option<String>> {
        let dir = root.join(snapshot::DIR);
        let Ok(sig) = fs::read(dir.join(CHECKPOINT_SIG)) else { return Ok(None) };
        let text = fs::read(dir.join(snapshot::CHECKPOINT)).unwrap_or_default();
        let check = self.check_signature(&text, &sig, None)?;
        Ok((!check.is_valid()).then(|| format!("CHECKPOINT.txt 的签名无效：{}", check.message)))
    }
}
