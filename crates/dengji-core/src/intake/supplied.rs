//! Verifying the depositor's own checksum files against what was taken in. Each
//! mismatch or missing file becomes a blocking finding named by path.

use std::io::Read;

use super::checksums::{self, Algorithm};
use crate::archive::Archive;
use crate::digest::{DualHasher, Sha256};
use crate::error::{Error, Result};
use crate::ids::RegistrationId;
use crate::ledger;
use crate::registrations::{items_store, FindingKind};
use crate::stamp::Stamp;

const MAX_CHECKSUM_FILE: u64 = 256 << 20;

/// Joins a checksum line's path onto the checksum file's folder; None if it escapes the hand-over.
fn resolve(dir: &str, rel: &str) -> Option<String> {
    let mut parts: Vec<&str> = if dir.is_empty() { Vec::new() } else { dir.split('/').collect() };
    if rel.starts_with('/') || rel.get(1..2) == Some(":") {
        return None;
    }
    for c in rel.split('/') {
        match c {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            c => parts.push(c),
        }
    }
    Some(parts.join("/"))
}

impl Archive {
    pub(crate) fn check_supplied_checksums(&mut self, id: RegistrationId, stamp: &Stamp) -> Result<()> {
        // Checksum files among the items, with their content read back from the vault.
        let mut lists = Vec::new();
        {
            for (path, sha, size) in items_store::paths_and_objects(self.conn(), id)? {
                let name = path.rsplit('/').next().unwrap_or_default().to_string();
                if let Some(alg) = checksums::algorithm_of(&name) {
                    lists.push((path, name, sha, size as u64, alg));
                }
            }
        }
        let vault = self.vault().clone();
        let tx = self.conn_mut().transaction()?;
        items_store::clear_supplied(&tx, id, FindingKind::CHECKSUM)?;
        let at = stamp.at_text();
        let (mut checked, mut mismatched, mut missing) = (0u64, 0u64, 0u64);
        let finding = |kind: FindingKind, path: &str, detail: String, blocking: bool| -> Result<()> {
            items_store::put_finding(&tx, id, &items_store::NewFinding { kind, path, detail: &detail, blocking }, &at)
        };
        for (list_path, name, sha, size, alg) in &lists {
            if *size > MAX_CHECKSUM_FILE {
                finding(FindingKind::ChecksumBadLine, list_path, "校验文件过大，未逐行核对".into(), false)?;
                continue;
            }
            let mut content = Vec::new();
            let mut object = vault.open(sha)?.ok_or_else(|| Error::VaultObject(sha.to_hex()))?;
            object.read_to_end(&mut content).map_err(|_| Error::VaultObject(sha.to_hex()))?;
            let (lines, bad) = checksums::parse(&content, name, *alg);
            for b in bad {
                finding(FindingKind::ChecksumBadLine, &format!("{list_path}:{}", b.line), format!("无法识别的校验行：{}", b.text), false)?;
            }
            let dir = list_path.rsplit_once('/').map(|(d, _)| d).unwrap_or("");
            for l in lines {
                items_store::put_supplied(&tx, id, list_path, l.line as i64, &l.path, alg.as_str(), &l.expected)?;
                let Some(target) = resolve(dir, &l.path) else {
                    finding(
                        FindingKind::ChecksumBadLine,
                        &format!("{list_path}:{}", l.line),
                        format!("路径越出交接目录：{}", l.path),
                        false,
                    )?;
                    continue;
                };
                let column = alg.as_str();
                let row = items_store::digest_of(&tx, id, &target, column)?;
                checked += 1;
                match row {
                    None => {
                        missing += 1;
                        finding(
                            FindingKind::ChecksumMissingFile,
                            &target,
                            format!("{list_path} 第 {} 行列出此文件，但交来的文件中没有", l.line),
                            true,
                        )?;
                    }
                    Some((actual, object)) => {
                        let actual = match actual {
                            Some(a) => a,
                            None => extra_of(&vault, &object, *alg)?,
                        };
                        if !actual.eq_ignore_ascii_case(&l.expected) {
                            mismatched += 1;
                            finding(
                                FindingKind::ChecksumMismatch,
                                &target,
                                format!(
                                    "{list_path} 第 {} 行：{} 应为 {}，实际为 {}",
                                    l.line,
                                    alg.as_str().to_uppercase(),
                                    l.expected,
                                    actual
                                ),
                                true,
                            )?;
                        }
                    }
                }
            }
        }
        if !lists.is_empty() {
            let files: Vec<&str> = lists.iter().map(|l| l.0.as_str()).collect();
            ledger::append(
                &tx,
                stamp,
                "registration.supplied_checksums",
                &id.subject(),
                &serde_json::json!({"checksum_files": files, "checked": checked, "mismatched": mismatched, "missing": missing}),
            )?;
        }
        tx.commit()?;
        Ok(())
    }
}

/// MD5 or SHA-1 of a vault object, for items taken before any list of that kind was seen
/// (SHA-256 and SM3 are always in the catalog).
fn extra_of(vault: &crate::vault::Vault, sha: &Sha256, alg: Algorithm) -> Result<String> {
    let mut h = DualHasher::with(alg == Algorithm::Md5, alg == Algorithm::Sha1);
    if vault
        .stream(sha, |chunk| {
            h.update(chunk);
            true
        })?
        .is_none()
    {
        return Err(Error::VaultObject(sha.to_hex()));
    }
    let extra = h.finish().1;
    Ok(extra.md5.map(hex::encode).or(extra.sha1.map(hex::encode)).unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::resolve;

    #[test]
    fn resolves_within_the_hand_over() {
        assert_eq!(resolve("scans", "a/b.pdf").as_deref(), Some("scans/a/b.pdf"));
        assert_eq!(resolve("scans/x", "../b.pdf").as_deref(), Some("scans/b.pdf"));
        assert_eq!(resolve("", "../b.pdf"), None);
        assert_eq!(resolve("scans", "/etc/passwd"), None);
        assert_eq!(resolve("scans", "C:/x"), None);
    }

    proptest::proptest! {
        #![proptest_config(crate::prop::budget(256))]

        /// However a checksum line's path is made, it names a file inside the hand-over or nothing.
        #[test]
        fn prop_checksum_paths_never_leave_the_hand_over(
            dir in proptest::collection::vec("[a-z档]{1,3}", 0..3),
            rel in proptest::collection::vec("(\\.\\.|\\.|[a-z档]{1,3}|C:|)", 0..6),
            absolute in proptest::bool::ANY,
        ) {
            let dir = dir.join("/");
            let rel = format!("{}{}", if absolute { "/" } else { "" }, rel.join("/"));
            if let Some(p) = resolve(&dir, &rel) {
                proptest::prop_assert!(!p.starts_with('/'), "{p}");
                proptest::prop_assert!(p.is_empty() || p.split('/').all(|c| !matches!(c, "" | "." | "..")), "{p}");
            }
        }
    }
}
