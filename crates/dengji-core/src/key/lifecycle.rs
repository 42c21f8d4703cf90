//! Creating, unlocking, rotating and exporting the archive key. Each is a ledger entry
//! that records the key's fingerprint.

use std::fs;
use std::path::{Path, PathBuf};

use base64::Engine;

use super::material;
use super::signed::Unlocked;
use super::store::{self, ArchiveKey, NewKey};
use crate::accounts::Role;
use crate::archive::Archive;
use crate::error::{Error, Result};
use crate::ledger;
use crate::stamp::Stamp;

/// The key passphrase is the one secret between a copy of the catalog (on every medium)
/// and the archive's signature: longer than an account password.
pub const MIN_KEY_PASSPHRASE_CHARS: usize = 10;

/// Refuses a passphrase too short to guard the key; callers check before doing anything
/// that would leave an archive without the key they meant to make.
pub fn check_key_passphrase(passphrase: &str) -> Result<()> {
    if passphrase.chars().count() < MIN_KEY_PASSPHRASE_CHARS {
        return Err(Error::KeyPassphraseWeak(MIN_KEY_PASSPHRASE_CHARS));
    }
    Ok(())
}

impl Archive {
    /// Every key this archive has had, oldest first.
    pub fn keys(&self) -> Result<Vec<ArchiveKey>> {
        store::all(self.conn())
    }

    /// The key that signs now, if the archive has one.
    pub fn active_key(&self) -> Result<Option<ArchiveKey>> {
        store::active(self.conn())
    }

    pub fn key_unlocked(&self) -> bool {
        self.unlocked().is_some()
    }

    /// Makes the archive's first key (admin). It is unlocked for this session.
    pub fn create_key(&mut self, passphrase: &str, stamp: &Stamp) -> Result<ArchiveKey> {
        self.authorize(stamp, &[Role::Admin], "生成机构密钥")?;
        check_key_passphrase(passphrase)?;
        if store::active(self.conn())?.is_some() {
            return Err(Error::KeyExists);
        }
        let info = self.info()?;
        let Fresh { signing, fingerprint, certificate, subject, encrypted, .. } =
            fresh_key(&info.name, &info.region_code, 1, passphrase, stamp)?;
        let at = stamp.at_text();
        let tx = self.conn_mut().transaction()?;
        let number = store::insert(
            &tx,
            &NewKey {
                fingerprint,
                subject: &subject,
                certificate: &certificate,
                encrypted_key: &encrypted,
                predecessor: None,
                cross_certificate: None,
                rotation_statement: None,
                rotation_signature: None,
                created_at: &at,
                created_by: &stamp.operator,
            },
        )?;
        ledger::append(
            &tx,
            stamp,
            "key.create",
            &format!("key:{number}"),
            &serde_json::json!({"number": number, "fingerprint": fingerprint, "algorithm": store::ALGORITHM, "subject": subject,
                "certificate_sm3": crate::digest::sm3(certificate.as_bytes())}),
        )?;
        tx.commit()?;
        self.set_unlocked(Some(Unlocked { fingerprint, key: signing }));
        Ok(store::active(self.conn())?.expect("inserted above"))
    }

    /// Decrypts the active key with its passphrase and keeps it in memory for this
    /// session. Any signed-in account may unlock: the passphrase is the control (the centre
    /// gives it to its admins and reviewers); the ledger records who did.
    pub fn unlock_key(&mut self, passphrase: &str, stamp: &Stamp) -> Result<ArchiveKey> {
        self.authorize(stamp, &[Role::Admin, Role::Reviewer, Role::Clerk], "解锁机构密钥")?;
        let key = store::active(self.conn())?.ok_or(Error::KeyMissing)?;
        let unlocked = open(self, &key, passphrase)?;
        let tx = self.conn_mut().transaction()?;
        ledger::append(
            &tx,
            stamp,
            "key.unlock",
            &format!("key:{}", key.number),
            &serde_json::json!({"number": key.number, "fingerprint": key.fingerprint}),
        )?;
        tx.commit()?;
        self.set_unlocked(Some(unlocked));
        Ok(key)
    }

    /// Forgets the decrypted key (the app does so at every sign-out).
    pub fn lock_key(&mut self) {
        self.set_unlocked(None);
    }

    /// Replaces the active key by a new one (admin, with the current key's passphrase and
    /// a passphrase for the new key). The new key's certificate is also issued by the old
    /// key, and the old key signs a statement naming both; the old key stays in the catalog
    /// so that everything it signed remains verifiable.
    pub fn rotate_key(&mut self, old_passphrase: &str, new_passphrase: &str, stamp: &Stamp) -> Result<ArchiveKey> {
        self.authorize(stamp, &[Role::Admin], "轮换机构密钥")?;
        check_key_passphrase(new_passphrase)?;
        let old = store::active(self.conn())?.ok_or(Error::KeyMissing)?;
        let old_key = open(self, &old, old_passphrase)?;
        let info = self.info()?;
        let serial = old.number as u64 + 1;
        let Fresh { signing, fingerprint, name, certificate, subject, encrypted } =
            fresh_key(&info.name, &info.region_code, serial, new_passphrase, stamp)?;
        let cross = material::certificate(signing.verifying_key(), &name, &old_key.key, &name, serial, stamp.at)?;
        let at = stamp.at_text();
        let statement =
            format!("dengji-key-rotation-v1\n{}\n{}\n{}\n{}\n{at}\n", info.name, info.region_code, old.fingerprint, fingerprint);
        let signature = base64::engine::general_purpose::STANDARD.encode(old_key.sign(statement.as_bytes()));
        let tx = self.conn_mut().transaction()?;
        store::retire(&tx, old.number, &at)?;
        let number = store::insert(
            &tx,
            &NewKey {
                fingerprint,
                subject: &subject,
                certificate: &certificate,
                encrypted_key: &encrypted,
                predecessor: Some(old.number),
                cross_certificate: Some(&cross),
                rotation_statement: Some(&statement),
                rotation_signature: Some(&signature),
                created_at: &at,
                created_by: &stamp.operator,
            },
        )?;
        ledger::append(
            &tx,
            stamp,
            "key.rotate",
            &format!("key:{number}"),
            &serde_json::json!({"number": number, "fingerprint": fingerprint, "replaces": old.number,
                "replaces_fingerprint": old.fingerprint, "certificate_sm3": crate::digest::sm3(certificate.as_bytes()),
                "statement": statement, "signature": signature}),
        )?;
        tx.commit()?;
        self.set_unlocked(Some(Unlocked { fingerprint, key: signing }));
        Ok(store::active(self.conn())?.expect("inserted above"))
    }

    /// Writes the public material a third party needs into `dir`: every key's certificate
    /// (`archive-key-<n>.pem`), and for each rotation the successor's certificate signed by
    /// its predecessor and the signed rotation statement. Returns the files written.
    pub fn export_keys(&self, dir: &Path) -> Result<Vec<PathBuf>> {
        let keys = store::all(self.conn())?;
        if keys.is_empty() {
            return Err(Error::KeyMissing);
        }
        fs::create_dir_all(dir).map_err(Error::io(dir))?;
        let mut written = Vec::new();
        let mut put = |name: String, bytes: &[u8]| -> Result<()> {
            let path = dir.join(name);
            fs::write(&path, bytes).map_err(Error::io(&path))?;
            written.push(path);
            Ok(())
        };
        for k in &keys {
            put(format!("archive-key-{}.pem", k.number), k.certificate.as_bytes())?;
            if let (Some(cross), Some(text), Some(sig)) = (&k.cross_certificate, &k.rotation_statement, &k.rotation_signature) {
                let from = k.number - 1;
                put(format!("archive-key-{}-signed-by-key-{from}.pem", k.number), cross.as_bytes())?;
                put(format!("rotation-{from}-to-{}.txt", k.number), text.as_bytes())?;
                let der = base64::engine::general_purpose::STANDARD
                    .decode(sig)
                    .map_err(|e| Error::KeyMaterial(format!("轮换声明的签名无法解码：{e}")))?;
                put(format!("rotation-{from}-to-{}.txt.sig", k.number), &der)?;
            }
        }
        Ok(written)
    }
}

/// A new key pair with its self-signed certificate and its encrypted private half.
struct Fresh {
    signing: sm2::dsa::SigningKey,
    fingerprint: crate::digest::Sm3,
    name: x509_cert::name::Name,
    certificate: String,
    subject: String,
    encrypted: String,
}

fn fresh_key(archive_name: &str, region_code: &str, serial: u64, passphrase: &str, stamp: &Stamp) -> Result<Fresh> {
    let secret = material::generate();
    let signing = material::signing_key(&secret)?;
    let fingerprint = material::fingerprint(signing.verifying_key())?;
    let name = material::subject(archive_name, region_code)?;
    let certificate = material::certificate(signing.verifying_key(), &name, &signing, &name, serial, stamp.at)?;
    let subject = material::certificate_subject(&certificate)?;
    let encrypted = material::encrypt(&secret, passphrase)?;
    Ok(Fresh { signing, fingerprint, name, certificate, subject, encrypted })
}

/// Decrypts `key` with `passphrase`, checking that what comes out is that key.
fn open(archive: &Archive, key: &ArchiveKey, passphrase: &str) -> Result<Unlocked> {
    let pem = store::encrypted(archive.conn(), key.number)?;
    let secret = material::decrypt(&pem, passphrase).ok_or(Error::KeyPassphrase)?;
    let signing = material::signing_key(&secret)?;
    if material::fingerprint(signing.verifying_key())? != key.fingerprint {
        return Err(Error::Integrity(format!("第 {} 号机构密钥的私钥与其证书不符：目录可能被改动过。", key.number)));
    }
    Ok(Unlocked { fingerprint: key.fingerprint, key: signing })
}
