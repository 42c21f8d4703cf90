//! Signing with the unlocked key, and checking a signature against every key this
//! archive has had (a statement signed before a rotation stays verifiable).

use base64::Engine;
use serde::Serialize;
use sm2::dsa::SigningKey;

use super::material;
use super::store::{self, ArchiveKey, KeyStatus};
use crate::archive::Archive;
use crate::digest::Sm3;
use crate::error::{Error, Result};

/// The private key in memory, for the session that unlocked it.
#[derive(Clone)]
pub(crate) struct Unlocked {
    pub fingerprint: Sm3,
    pub key: SigningKey,
}

impl Unlocked {
    pub fn sign(&self, message: &[u8]) -> Vec<u8> {
        material::sign(&self.key, message)
    }

    pub fn sign_base64(&self, message: &[u8]) -> String {
        base64::engine::general_purpose::STANDARD.encode(self.sign(message))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SignatureStatus {
    /// Signed by one of this archive's keys (named in `key`).
    Valid,
    /// Claims a key of this archive, but the signature does not verify: the statement was
    /// changed, or the signature is not that key's.
    Invalid,
    /// The key it names is not one of this archive's keys.
    UnknownKey,
    /// An older statement that carries no signature at all.
    Unsigned,
}

/// The verdict on a signature, with the key that made it when it is valid.
#[derive(Debug, Clone, Serialize)]
pub struct SignatureCheck {
    pub status: SignatureStatus,
    pub key: Option<ArchiveKey>,
    /// One line in the clerk's language.
    pub message: String,
}

impl SignatureCheck {
    pub fn unsigned() -> SignatureCheck {
        SignatureCheck {
            status: SignatureStatus::Unsigned,
            key: None,
            message: "旧格式，不带电子签名：只能由签发的档案馆核对，第三方无法独立验证。".into(),
        }
    }

    pub fn is_valid(&self) -> bool {
        self.status == SignatureStatus::Valid
    }
}

fn valid(key: ArchiveKey) -> SignatureCheck {
    let which = match key.status {
        KeyStatus::Active => "现用",
        KeyStatus::Retired => "已轮换的旧",
    };
    let message = format!("签名有效：由本馆{which}机构密钥（第 {} 号，指纹 {}）签署。", key.number, key.fingerprint);
    SignatureCheck { status: SignatureStatus::Valid, key: Some(key), message }
}

/// The unlocked key handed to another `Archive` of the same data directory (a long job
/// opens its own), so the job signs as the session that unlocked it.
#[derive(Clone)]
pub struct SessionKey(Unlocked);

impl Archive {
    /// The key this session unlocked, if any, to pass to a job's `Archive`.
    pub fn session_key(&self) -> Option<SessionKey> {
        self.unlocked().cloned().map(SessionKey)
    }

    /// Takes over a key unlocked by another `Archive` of this data directory; refused
    /// unless it is this archive's active key.
    pub fn adopt_session_key(&mut self, key: SessionKey) -> Result<()> {
        match super::store::active(self.conn())? {
            Some(active) if active.fingerprint == key.0.fingerprint => {
                self.set_unlocked(Some(key.0));
                Ok(())
            }
            _ => Err(Error::KeyLocked),
        }
    }

    /// The unlocked key, or why there is none.
    pub(crate) fn signer(&self) -> Result<&Unlocked> {
        match self.unlocked() {
            Some(u) => Ok(u),
            None if store::active(self.conn())?.is_none() => Err(Error::KeyMissing),
            None => Err(Error::KeyLocked),
        }
    }

    /// Checks `signature` (DER) over `message` against the key whose fingerprint the
    /// statement names (`claimed`), or against every key of the archive when it names none.
    pub fn check_signature(&self, message: &[u8], signature: &[u8], claimed: Option<&Sm3>) -> Result<SignatureCheck> {
        let keys = store::all(self.conn())?;
        let candidates: Vec<ArchiveKey> = match claimed {
            Some(fp) => keys.into_iter().filter(|k| &k.fingerprint == fp).collect(),
            None => keys,
        };
        if candidates.is_empty() {
            let message = match claimed {
                Some(fp) => format!("签名所称的密钥（指纹 {fp}）不是本馆的机构密钥。"),
                None => "本馆尚无机构密钥，无从核验签名。".to_string(),
            };
            return Ok(SignatureCheck { status: SignatureStatus::UnknownKey, key: None, message });
        }
        for key in candidates {
            let public = material::certificate_key(&key.certificate)?;
            if material::verify(&public, message, signature) {
                return Ok(valid(key));
            }
        }
        Ok(SignatureCheck {
            status: SignatureStatus::Invalid,
            key: None,
            message: "签名无效：内容在签名后被改动过，或签名不是本馆机构密钥所签。".into(),
        })
    }
}
