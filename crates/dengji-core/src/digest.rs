//! Digests as types. SHA-256 names vault objects; SM3 (GB/T 32905) is the national
//! algorithm the registration form asks for. Every item carries both.

use std::fmt;
use std::str::FromStr;

use sha2::Digest as _;

macro_rules! digest_type {
    ($name:ident, $label:literal) => {
        #[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(pub [u8; 32]);

        impl $name {
            pub fn to_hex(&self) -> String {
                hex::encode(self.0)
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.to_hex())
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, concat!($label, "({})"), self.to_hex())
            }
        }

        impl FromStr for $name {
            type Err = BadDigest;
            fn from_str(s: &str) -> Result<Self, BadDigest> {
                let mut out = [0u8; 32];
                hex::decode_to_slice(s.trim(), &mut out).map_err(|_| BadDigest(s.to_string()))?;
                Ok($name(out))
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(&self.to_hex())
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
                s.parse().map_err(|_| serde::de::Error::custom(format!("not a 64-digit hex digest: {s}")))
            }
        }

        impl crate::catalog::ToSql for $name {
            fn to_sql(&self) -> crate::catalog::SqlResult<crate::catalog::Value> {
                Ok(crate::catalog::Value::Text(self.to_hex()))
            }
        }

        impl crate::catalog::FromSql for $name {
            fn column_result(v: crate::catalog::ValueRef<'_>) -> Result<Self, crate::catalog::FromSqlError> {
                let s = v.as_str()?;
                s.parse().map_err(|e| crate::catalog::FromSqlError::Other(Box::new(e)))
            }
        }
    };
}

digest_type!(Sha256, "Sha256");
digest_type!(Sm3, "Sm3");

#[derive(Debug, thiserror::Error)]
#[error("不是有效的 64 位十六进制摘要：{0}")]
pub struct BadDigest(pub String);

/// Both digests of one byte stream, computed in the same pass.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
pub struct DualDigest {
    pub sha256: Sha256,
    pub sm3: Sm3,
}

/// Feeds the same bytes to SHA-256 and SM3 (and MD5 or SHA-1 when a depositor's checksum
/// file needs it), so a file is read once however many digests are wanted.
#[derive(Clone, Default)]
pub struct DualHasher {
    sha256: sha2::Sha256,
    sm3: sm3::Sm3,
    md5: Option<md5::Md5>,
    sha1: Option<sha1::Sha1>,
}

/// The depositors' digests computed alongside, when asked for.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Extra {
    pub md5: Option<[u8; 16]>,
    pub sha1: Option<[u8; 20]>,
}

impl DualHasher {
    pub fn new() -> Self {
        Self::default()
    }

    /// SHA-256 and SM3, plus MD5 and SHA-1 as asked.
    pub fn with(md5: bool, sha1: bool) -> Self {
        DualHasher { md5: md5.then(md5::Md5::new), sha1: sha1.then(sha1::Sha1::new), ..Self::default() }
    }

    pub fn update(&mut self, bytes: &[u8]) {
        self.sha256.update(bytes);
        self.sm3.update(bytes);
        if let Some(m) = &mut self.md5 {
            m.update(bytes);
        }
        if let Some(s) = &mut self.sha1 {
            s.update(bytes);
        }
    }

    pub fn finish(self) -> (DualDigest, Extra) {
        let dual = DualDigest { sha256: Sha256(to32(&self.sha256.finalize())), sm3: Sm3(to32(&self.sm3.finalize())) };
        let md5 = self.md5.map(|m| m.finalize().into());
        let sha1 = self.sha1.map(|s| s.finalize().into());
        (dual, Extra { md5, sha1 })
    }
}

fn to32(bytes: &[u8]) -> [u8; 32] {
    let mut out = [0u8; 32];
    out.copy_from_slice(bytes);
    out
}

pub fn sha256(bytes: &[u8]) -> Sha256 {
    Sha256(to32(&sha2::Sha256::digest(bytes)))
}

pub fn sm3(bytes: &[u8]) -> Sm3 {
    Sm3(to32(&sm3::Sm3::digest(bytes)))
}

pub fn dual(bytes: &[u8]) -> DualDigest {
    DualDigest { sha256: sha256(bytes), sm3: sm3(bytes) }
}

/// The SHA-256 of bytes given piece by piece.
#[derive(Default)]
pub(crate) struct Sha256Hasher(sha2::Sha256);

impl Sha256Hasher {
    pub(crate) fn update(&mut self, bytes: &[u8]) {
        self.0.update(bytes);
    }

    pub(crate) fn finish(self) -> Sha256 {
        Sha256(to32(&self.0.finalize()))
    }
}

/// A reader that takes the SHA-256 of what passes through it.
pub struct Sha256Reader<R> {
    inner: R,
    hasher: sha2::Sha256,
}

impl<R: std::io::Read> Sha256Reader<R> {
    pub fn new(inner: R) -> Self {
        Sha256Reader { inner, hasher: sha2::Sha256::new() }
    }

    /// The SHA-256 of everything read so far.
    pub fn sha256(&self) -> Sha256 {
        Sha256(to32(&self.hasher.clone().finalize()))
    }
}

impl<R: std::io::Read> std::io::Read for Sha256Reader<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.hasher.update(&buf[..n]);
        Ok(n)
    }
}

/// Both digests and the length of everything `reader` yields, read in 1 MiB blocks.
pub fn dual_of_reader(mut reader: impl std::io::Read) -> std::io::Result<(DualDigest, u64)> {
    let mut h = DualHasher::new();
    let mut buf = vec![0u8; 1 << 20];
    let mut n = 0u64;
    loop {
        let k = reader.read(&mut buf)?;
        if k == 0 {
            break;
        }
        n += k as u64;
        h.update(&buf[..k]);
    }
    Ok((h.finish().0, n))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_vectors() {
        assert_eq!(sm3(b"abc").to_hex(), "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0");
        assert_eq!(sha256(b"abc").to_hex(), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        let mut h = DualHasher::with(true, false);
        h.update(b"a");
        h.update(b"bc");
        let (d, extra) = h.finish();
        assert_eq!(d, dual(b"abc"));
        assert_eq!(hex::encode(extra.md5.unwrap()), "900150983cd24fb0d6963f7d28e17f72");
        assert_eq!(extra.sha1, None);
        let mut h = DualHasher::with(false, true);
        h.update(b"abc");
        assert_eq!(hex::encode(h.finish().1.sha1.unwrap()), "a9993e364706816aba3e25717850c26c9cd0d89d");
    }

    #[test]
    fn hex_round_trip_and_rejects_garbage() {
        let d = sm3(b"abc");
        assert_eq!(d.to_hex().parse::<Sm3>().unwrap(), d);
        assert!("xyz".parse::<Sha256>().is_err());
        assert!("ab".parse::<Sha256>().is_err());
    }
}
