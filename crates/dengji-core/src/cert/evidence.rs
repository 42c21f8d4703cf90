//! The evidence bundle of a certificate (`cert evidence`): everything a third party needs
//! to check it with OpenSSL 3 alone, offline, without Dengji.

use std::fs;
use std::path::{Path, PathBuf};

use super::statement;
use crate::archive::Archive;
use crate::error::{Error, Result};
use crate::seal;

const README: &str = include_str!("evidence_readme.txt");

impl Archive {
    /// Writes into `dir`: the statement (`statement.txt`, the QR text), the signed bytes
    /// (`statement-body.txt`) and the DER signature (`statement.sig`), the archive's
    /// certificates and rotation links, the canonical manifest (`manifest.txt`, whose SM3 is
    /// the package SM3 in the statement) and a README with the commands. Returns the files.
    pub fn certificate_evidence(&self, number: &str, dir: &Path) -> Result<Vec<PathBuf>> {
        let cert = self.certificate(number)?;
        let Some(text) = &cert.statement else { return Err(Error::CertUnsigned(cert.number().to_string())) };
        let presented = statement::parse(text)?;
        let key = self
            .keys()?
            .into_iter()
            .find(|k| k.fingerprint == presented.statement.fingerprint)
            .ok_or_else(|| Error::Integrity(format!("证明 {} 的签名密钥不在本馆密钥中", cert.number())))?;
        let mut written = self.export_keys(dir)?;
        let mut put = |name: &str, bytes: &[u8]| -> Result<()> {
            let path = dir.join(name);
            fs::write(&path, bytes).map_err(Error::io(&path))?;
            written.push(path);
            Ok(())
        };
        put("statement.txt", format!("{text}\n").as_bytes())?;
        put("statement-body.txt", presented.body.as_bytes())?;
        put("statement.sig", &presented.signature)?;
        put("manifest.txt", &seal::canonical_manifest(self.conn(), cert.content.registration_id)?)?;
        let readme = README
            .replace("{CERT}", cert.number())
            .replace("{REG}", &cert.content.registration_number)
            .replace("{ARCHIVE}", &cert.content.archive_name)
            .replace("{KEYFILE}", &format!("archive-key-{}.pem", key.number))
            .replace("{FINGERPRINT}", &key.fingerprint.to_hex())
            .replace("{SM3}", &cert.content.package_sm3.to_hex())
            .replace("{SHA256}", &cert.content.package_sha256.to_hex());
        put("README-核验说明.txt", readme.as_bytes())?;
        Ok(written)
    }
}
