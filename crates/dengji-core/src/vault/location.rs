//! Where an archive's vault is: the folder in its data directory (the embedded default) or
//! a prefix in an S3-compatible bucket (a centre archive). A data directory with a bucket
//! says so in `vault.json`; it holds no secret: S3 credentials come from the standard
//! `AWS_ACCESS_KEY_ID`/`AWS_SECRET_ACCESS_KEY` variables or a credentials file only its
//! owner can read.

use std::fs;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

/// The file in a data directory that names a vault kept elsewhere.
pub(crate) const VAULT_FILE: &str = "vault.json";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum VaultLocation {
    /// `<data dir>/vault/`.
    Local,
    S3(S3Location),
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct S3Location {
    pub bucket: String,
    /// Every key starts with it ("" for the whole bucket); no leading or trailing slash.
    pub prefix: String,
    /// e.g. `http://127.0.0.1:8333` or `https://oss.example.gov.cn`.
    pub endpoint: String,
    pub region: String,
    /// An AWS-style shared credentials file (`[default]` with `aws_access_key_id` and
    /// `aws_secret_access_key`), used when the variables are not set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub credentials_file: Option<PathBuf>,
}

impl S3Location {
    /// From `s3://BUCKET[/PREFIX]` and the service's endpoint URL.
    pub fn parse(url: &str, endpoint: &str, region: Option<&str>) -> Result<S3Location> {
        let bad = || Error::BadVaultUrl(url.to_string());
        let rest = url.trim().strip_prefix("s3://").ok_or_else(bad)?;
        let (bucket, prefix) = rest.split_once('/').unwrap_or((rest, ""));
        // S3 bucket naming rules: 3–63 of lower-case letters, digits, dots and hyphens.
        let bucket_ok = (3..=63).contains(&bucket.len())
            && bucket.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'.' || b == b'-');
        let prefix = prefix.trim_matches('/');
        if !bucket_ok || prefix.split('/').any(|p| p == "." || p == "..") || (!prefix.is_empty() && prefix.contains("//")) {
            return Err(bad());
        }
        let endpoint = endpoint.trim().trim_end_matches('/');
        if !(endpoint.starts_with("http://") || endpoint.starts_with("https://")) || endpoint.len() <= "https://".len() {
            return Err(Error::BadS3Endpoint(endpoint.to_string()));
        }
        Ok(S3Location {
            bucket: bucket.to_string(),
            prefix: prefix.to_string(),
            endpoint: endpoint.to_string(),
            region: region.map(str::trim).filter(|r| !r.is_empty()).unwrap_or("us-east-1").to_string(),
            credentials_file: None,
        })
    }

    /// `s3://bucket/prefix`, as the user wrote it.
    pub fn url(&self) -> String {
        if self.prefix.is_empty() {
            format!("s3://{}", self.bucket)
        } else {
            format!("s3://{}/{}", self.bucket, self.prefix)
        }
    }
}

impl std::fmt::Display for VaultLocation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            VaultLocation::Local => f.write_str("本机文件夹"),
            VaultLocation::S3(s) => write!(f, "{}（S3 兼容对象存储 {}）", s.url(), s.endpoint),
        }
    }
}

impl VaultLocation {
    /// What a data directory's `vault.json` says; `Local` without one.
    pub(crate) fn read(dir: &Path) -> Result<VaultLocation> {
        let path = dir.join(VAULT_FILE);
        match fs::read(&path) {
            Ok(bytes) => serde_json::from_slice(&bytes).map_err(|e| {
                Error::Integrity(format!("{} 无法读取（{e}）：请按 README 的“中心档案库”一节重新设置保管库位置", path.display()))
            }),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(VaultLocation::Local),
            Err(e) => Err(Error::Io { path, source: e }),
        }
    }

    /// Records the location in a new data directory (nothing for the local folder).
    pub(crate) fn write(&self, dir: &Path) -> Result<()> {
        if *self == VaultLocation::Local {
            return Ok(());
        }
        let path = dir.join(VAULT_FILE);
        let mut bytes = serde_json::to_vec_pretty(self).expect("a location serialises");
        bytes.push(b'\n');
        fs::write(&path, &bytes).map_err(Error::io(&path))?;
        crate::private::file(&path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bucket_url_is_parsed_and_shown_as_written() {
        let s = S3Location::parse("s3://dengji-archive/shangcheng/", "http://127.0.0.1:8333/", None).unwrap();
        assert_eq!(
            (s.bucket.as_str(), s.prefix.as_str(), s.endpoint.as_str(), s.region.as_str()),
            ("dengji-archive", "shangcheng", "http://127.0.0.1:8333", "us-east-1")
        );
        assert_eq!(s.url(), "s3://dengji-archive/shangcheng");
        assert_eq!(S3Location::parse("s3://abc", "https://oss.example.cn", Some("cn-east-1")).unwrap().url(), "s3://abc");
    }

    #[test]
    fn bad_urls_and_endpoints_are_named() {
        for url in ["dengji/x", "s3://", "s3://AB", "s3://a_b/c", "s3://abc/../x", "s3://abc/a//b"] {
            assert_eq!(S3Location::parse(url, "http://h:1", None).unwrap_err().code(), "bad_vault_url", "{url}");
        }
        for ep in ["", "h:1", "ftp://h", "https://"] {
            assert_eq!(S3Location::parse("s3://abc", ep, None).unwrap_err().code(), "bad_s3_endpoint", "{ep}");
        }
    }

    #[test]
    fn the_location_survives_its_file() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(VaultLocation::read(dir.path()).unwrap(), VaultLocation::Local);
        let s3 = VaultLocation::S3(S3Location::parse("s3://abc/p", "http://h:1", None).unwrap());
        s3.write(dir.path()).unwrap();
        assert_eq!(VaultLocation::read(dir.path()).unwrap(), s3);
        fs::write(dir.path().join(VAULT_FILE), "{").unwrap();
        assert_eq!(VaultLocation::read(dir.path()).unwrap_err().code(), "integrity");
    }
}
