//! Where an archive's catalog is: `catalog.sqlite` in its data directory (the embedded
//! default) or a PostgreSQL database (a centre archive). A data directory with a server
//! says so in `catalog.json`, with the URL and never a password: that comes from
//! `PGPASSWORD` or `~/.pgpass`, as for psql.

use std::fs;
use std::path::Path;

use serde::{Deserialize, Serialize};

use super::postgres::Target;
use crate::error::{Error, Result};

/// The file in a data directory that names a catalog kept on a server.
pub(crate) const CATALOG_FILE: &str = "catalog.json";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum CatalogLocation {
    /// `<data dir>/catalog.sqlite`.
    Embedded,
    Postgres {
        /// `postgresql://USER@HOST[:PORT]/DB`, without a password.
        url: String,
    },
}

impl CatalogLocation {
    /// A PostgreSQL catalog at `url`, refused with the reason when the URL is unusable.
    pub fn postgres(url: &str) -> Result<CatalogLocation> {
        Target::parse(url).map_err(|why| Error::BadCatalogUrl { url: url.trim().to_string(), why })?;
        Ok(CatalogLocation::Postgres { url: url.trim().to_string() })
    }

    /// What a data directory's `catalog.json` says; `Embedded` without one.
    pub(crate) fn read(dir: &Path) -> Result<CatalogLocation> {
        let path = dir.join(CATALOG_FILE);
        match fs::read(&path) {
            Ok(bytes) => serde_json::from_slice(&bytes)
                .map_err(|e| Error::Integrity(format!("{} 无法读取（{e}）：请重新连接（加入）中心档案库", path.display()))),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(CatalogLocation::Embedded),
            Err(e) => Err(Error::Io { path, source: e }),
        }
    }

    /// Records the location in a data directory (nothing for the embedded catalog).
    pub(crate) fn write(&self, dir: &Path) -> Result<()> {
        if *self == CatalogLocation::Embedded {
            return Ok(());
        }
        let path = dir.join(CATALOG_FILE);
        let mut bytes = serde_json::to_vec_pretty(self).expect("a location serialises");
        bytes.push(b'\n');
        fs::write(&path, &bytes).map_err(Error::io(&path))?;
        crate::private::file(&path)
    }
}

impl std::fmt::Display for CatalogLocation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            CatalogLocation::Embedded => f.write_str("本机 SQLite 目录库"),
            CatalogLocation::Postgres { url } => write!(f, "{url}（PostgreSQL）"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_location_survives_its_file_and_bad_urls_are_named() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(CatalogLocation::read(dir.path()).unwrap(), CatalogLocation::Embedded);
        let pg = CatalogLocation::postgres("postgresql://dengji@127.0.0.1:15432/archive").unwrap();
        pg.write(dir.path()).unwrap();
        assert_eq!(CatalogLocation::read(dir.path()).unwrap(), pg);
        let err = CatalogLocation::postgres("postgresql://dengji:pw@h/archive").unwrap_err();
        assert_eq!(err.code(), "bad_catalog_url");
        assert!(err.to_string().contains("PGPASSWORD"), "{err}");
    }
}
