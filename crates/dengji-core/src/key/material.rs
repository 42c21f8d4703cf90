//! The cryptography of the archive key, through RustCrypto's `sm2`, `pkcs8` and
//! `x509-cert`: nothing here implements a primitive. Signatures are SM2 with SM3 and the
//! default distinguishing ID of GB/T 35276, DER-encoded, so OpenSSL 3 verifies them with
//! `openssl pkeyutl -verify -rawin -digest sm3 -pkeyopt distid:1234567812345678`.

use std::str::FromStr;
use std::time::{Duration, UNIX_EPOCH};

use chrono::{DateTime, Utc};
use der::{DecodePem, Encode, EncodePem};
use sm2::dsa::signature::{Signer, Verifier};
use sm2::dsa::{Signature, SigningKey, VerifyingKey};
use sm2::elliptic_curve::Generate;
use sm2::pkcs8::{DecodePrivateKey, EncodePrivateKey, LineEnding};
use x509_cert::builder::profile::BuilderProfile;
use x509_cert::builder::{Builder, CertificateBuilder};
use x509_cert::ext::pkix::{AuthorityKeyIdentifier, BasicConstraints, KeyUsage, KeyUsages, SubjectKeyIdentifier};
use x509_cert::ext::ToExtension;
use x509_cert::name::Name;
use x509_cert::serial_number::SerialNumber;
use x509_cert::spki::{SubjectPublicKeyInfoOwned, SubjectPublicKeyInfoRef};
use x509_cert::time::{Time, Validity};
use x509_cert::Certificate;

use crate::digest::{sm3, Sm3};
use crate::error::{Error, Result};

/// GB/T 35276's default user ID, the one every other SM2 implementation assumes.
pub const DIST_ID: &str = "1234567812345678";

/// Certificates are valid for thirty years: the key is retired by rotation, not by expiry
/// (a certificate checked in court years later must still be in its validity period).
const VALIDITY_YEARS: u64 = 30;

fn bad(what: &str, e: impl std::fmt::Display) -> Error {
    Error::KeyMaterial(format!("{what}：{e}"))
}

/// A new random secret key (from the operating system's generator).
pub fn generate() -> sm2::SecretKey {
    sm2::SecretKey::generate()
}

pub fn signing_key(secret: &sm2::SecretKey) -> Result<SigningKey> {
    SigningKey::new(DIST_ID, secret).map_err(|e| bad("私钥无效", e))
}

/// The secret key as encrypted PKCS#8 PEM (PBES2: scrypt, AES-256-CBC), which OpenSSL
/// reads with the passphrase (`openssl pkey -in key.pem`) and nobody reads without it.
pub fn encrypt(secret: &sm2::SecretKey, passphrase: &str) -> Result<String> {
    Ok(secret.to_pkcs8_encrypted_pem(passphrase.as_bytes(), LineEnding::LF).map_err(|e| bad("加密私钥失败", e))?.to_string())
}

/// The secret key back from `encrypt`'s PEM; `None` when the passphrase is wrong.
pub fn decrypt(pem: &str, passphrase: &str) -> Option<sm2::SecretKey> {
    sm2::SecretKey::from_pkcs8_encrypted_pem(pem, passphrase.as_bytes()).ok()
}

/// The DER SM2 signature of `message` (deterministic: RFC 6979 nonces).
pub fn sign(key: &SigningKey, message: &[u8]) -> Vec<u8> {
    let sig: Signature = key.sign(message);
    sig.to_der().as_bytes().to_vec()
}

/// True when `signature` (DER) is this key's signature of `message`. Anything malformed is
/// simply not a valid signature.
pub fn verify(key: &VerifyingKey, message: &[u8], signature: &[u8]) -> bool {
    Signature::from_der(signature).map(|s| key.verify(message, &s).is_ok()).unwrap_or(false)
}

/// The DER SubjectPublicKeyInfo of a public key.
pub fn spki_der(key: &VerifyingKey) -> Result<Vec<u8>> {
    let spki = SubjectPublicKeyInfoOwned::from_key(key).map_err(|e| bad("公钥编码失败", e))?;
    spki.to_der().map_err(|e| bad("公钥编码失败", e))
}

/// The key's fingerprint: SM3 of its DER SubjectPublicKeyInfo (what `openssl x509 -pubkey
/// -noout | openssl pkey -pubin -outform DER | openssl dgst -sm3` prints).
pub fn fingerprint(key: &VerifyingKey) -> Result<Sm3> {
    Ok(sm3(&spki_der(key)?))
}

/// The subject of the archive's certificates: CN and O the archive's name, OU its region
/// code (GB/T 2260), C=CN.
pub fn subject(archive_name: &str, region_code: &str) -> Result<Name> {
    // RFC 4514 text: escape what would end or split an attribute value.
    let esc = |v: &str| {
        let mut out = String::new();
        for (i, c) in v.chars().enumerate() {
            if matches!(c, ',' | '+' | '"' | '\\' | '<' | '>' | ';' | '=') || (i == 0 && matches!(c, '#' | ' ')) {
                out.push('\\');
            }
            out.push(c);
        }
        out.trim_end().to_string()
    };
    let text = format!("CN={},OU={},O={},C=CN", esc(archive_name), esc(region_code), esc(archive_name));
    Name::from_str(&text).map_err(|e| bad("证书主体无效", e))
}

struct ArchiveProfile {
    subject: Name,
    issuer: Name,
}

impl BuilderProfile for ArchiveProfile {
    fn get_issuer(&self, _subject: &Name) -> Name {
        self.issuer.clone()
    }

    fn get_subject(&self) -> Name {
        self.subject.clone()
    }

    fn build_extensions(
        &self,
        spk: SubjectPublicKeyInfoRef<'_>,
        issuer_spk: SubjectPublicKeyInfoRef<'_>,
        _tbs: &x509_cert::TbsCertificate,
    ) -> x509_cert::builder::Result<Vec<x509_cert::ext::Extension>> {
        // A CA of its own statements: it signs certificates, checkpoints and its successor's
        // certificate; nothing below it issues further.
        let constraints = BasicConstraints { ca: true, path_len_constraint: Some(0) };
        let usage = KeyUsage(KeyUsages::DigitalSignature | KeyUsages::NonRepudiation | KeyUsages::KeyCertSign);
        // Key identifiers tell the successor's certificate (same name, signed by the old key)
        // from a self-signed one, so that `openssl verify` follows it to the old key.
        let ski = SubjectKeyIdentifier::try_from(spk)?;
        let aki = AuthorityKeyIdentifier { key_identifier: Some(SubjectKeyIdentifier::try_from(issuer_spk)?.0), ..Default::default() };
        // Each extension is made knowing those before it (the first knows none).
        let mut out = vec![constraints.to_extension(&self.subject, &[])?];
        out.push(usage.to_extension(&self.subject, &out)?);
        out.push(ski.to_extension(&self.subject, &out)?);
        out.push(aki.to_extension(&self.subject, &out)?);
        Ok(out)
    }
}

/// An X.509 certificate (SM2 with SM3) for `subject_key`, signed by `issuer_key`: the same
/// key for the archive's self-signed certificate, the retiring key for its successor's.
pub fn certificate(
    subject_key: &VerifyingKey,
    subject: &Name,
    issuer_key: &SigningKey,
    issuer: &Name,
    serial: u64,
    not_before: DateTime<Utc>,
) -> Result<String> {
    let start = UNIX_EPOCH + Duration::from_secs(not_before.timestamp().max(0) as u64);
    let end = start + Duration::from_secs(VALIDITY_YEARS * 365 * 86_400 + 7 * 86_400);
    let validity =
        Validity::new(Time::try_from(start).map_err(|e| bad("证书时间", e))?, Time::try_from(end).map_err(|e| bad("证书时间", e))?);
    let spki = SubjectPublicKeyInfoOwned::from_key(subject_key).map_err(|e| bad("公钥编码失败", e))?;
    let profile = ArchiveProfile { subject: subject.clone(), issuer: issuer.clone() };
    let mut builder = CertificateBuilder::new(profile, SerialNumber::from(serial), validity, spki).map_err(|e| bad("生成证书失败", e))?;
    let tbs = builder.finalize(issuer_key).map_err(|e| bad("生成证书失败", e))?;
    // X.509 carries SM2 signatures DER-encoded (GM/T 0015), not as raw r‖s.
    let signature = der::asn1::BitString::from_bytes(&sign(issuer_key, &tbs)).map_err(|e| bad("生成证书失败", e))?;
    let cert = builder.assemble(signature, issuer_key).map_err(|e| bad("生成证书失败", e))?;
    cert.to_pem(der::pem::LineEnding::LF).map_err(|e| bad("生成证书失败", e))
}

/// The public key a PEM certificate carries.
pub fn certificate_key(pem: &str) -> Result<VerifyingKey> {
    let cert = Certificate::from_pem(pem.as_bytes()).map_err(|e| bad("证书无法读取", e))?;
    let point = cert.tbs_certificate().subject_public_key_info().subject_public_key.raw_bytes();
    VerifyingKey::from_sec1_bytes(DIST_ID, point).map_err(|e| bad("证书中的公钥不是 SM2 公钥", e))
}

/// True when the PEM certificate `cert` carries a valid signature of `issuer` over its
/// to-be-signed part (a successor's certificate signed by the key it replaced).
pub fn certificate_signed_by(cert: &str, issuer: &VerifyingKey) -> Result<bool> {
    let cert = Certificate::from_pem(cert.as_bytes()).map_err(|e| bad("证书无法读取", e))?;
    let tbs = cert.tbs_certificate().to_der().map_err(|e| bad("证书无法读取", e))?;
    Ok(verify(issuer, &tbs, cert.signature().raw_bytes()))
}

/// The archive a PEM certificate names: its O (the archive's name) and OU (the region
/// code), as `subject` writes them.
pub fn certificate_archive(pem: &str) -> Result<(String, String)> {
    let cert = Certificate::from_pem(pem.as_bytes()).map_err(|e| bad("证书无法读取", e))?;
    let subject = cert.tbs_certificate().subject();
    let o = subject.organization().map_err(|e| bad("证书主体无法读取", e))?;
    let ou = subject.organization_unit().map_err(|e| bad("证书主体无法读取", e))?;
    match (o, ou) {
        (Some(o), Some(ou)) => Ok((o.value().into_owned(), ou.value().into_owned())),
        _ => Err(Error::KeyMaterial("证书主体中没有档案馆名称（O）或行政区划代码（OU），不是档案馆密钥的证书".into())),
    }
}

/// The subject of a PEM certificate as one line of text.
pub fn certificate_subject(pem: &str) -> Result<String> {
    let cert = Certificate::from_pem(pem.as_bytes()).map_err(|e| bad("证书无法读取", e))?;
    Ok(cert.tbs_certificate().subject().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at() -> DateTime<Utc> {
        "2026-12-01T00:00:00Z".parse().unwrap()
    }

    #[test]
    fn signs_and_verifies_and_rejects_changes() {
        let secret = generate();
        let key = signing_key(&secret).unwrap();
        let sig = sign(&key, "DJC2|测试".as_bytes());
        assert!(verify(key.verifying_key(), "DJC2|测试".as_bytes(), &sig));
        assert!(!verify(key.verifying_key(), "DJC2|测验".as_bytes(), &sig));
        assert!(!verify(key.verifying_key(), "DJC2|测试".as_bytes(), &sig[..sig.len() - 1]));
        let other = signing_key(&generate()).unwrap();
        assert!(!verify(other.verifying_key(), "DJC2|测试".as_bytes(), &sig));
        // Deterministic nonces: the same statement signs to the same bytes (reprints match).
        assert_eq!(sign(&key, b"x"), sign(&key, b"x"));
    }

    #[test]
    fn the_encrypted_key_opens_only_with_its_passphrase() {
        let secret = generate();
        let pem = encrypt(&secret, "机构密钥口令2026").unwrap();
        assert!(pem.starts_with("-----BEGIN ENCRYPTED PRIVATE KEY-----"), "{pem}");
        assert!(decrypt(&pem, "机构密钥口令2025").is_none());
        assert_eq!(decrypt(&pem, "机构密钥口令2026").unwrap().to_bytes(), secret.to_bytes());
    }

    #[test]
    fn certificates_carry_the_key_and_a_checkable_issuer_signature() {
        let old = signing_key(&generate()).unwrap();
        let new = signing_key(&generate()).unwrap();
        let name = subject("测试县档案馆, 二处", "330102").unwrap();
        let own = certificate(new.verifying_key(), &name, &new, &name, 2, at()).unwrap();
        let cross = certificate(new.verifying_key(), &name, &old, &name, 2, at()).unwrap();
        assert_eq!(certificate_key(&own).unwrap().to_sec1_bytes(), new.verifying_key().to_sec1_bytes());
        assert!(certificate_signed_by(&own, new.verifying_key()).unwrap());
        assert!(certificate_signed_by(&cross, old.verifying_key()).unwrap());
        assert!(!certificate_signed_by(&cross, new.verifying_key()).unwrap());
        let s = certificate_subject(&own).unwrap();
        assert!(s.contains("测试县档案馆") && s.contains("330102"), "{s}");
    }
}
