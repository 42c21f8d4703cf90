//! What an upper archive does with its lower archives' copies: each lower archive's newest
//! catalog copy (a vault object, pinned by the digest its report was checked against) is
//! read through a working copy in `<data dir>/cache/lower/`, where its search index may be
//! brought up to date; the vault object itself is never opened for writing.

use std::path::PathBuf;

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::{store, ReceivedReport};
use crate::archive::Archive;
use crate::catalog::{self, CatalogLocation};
use crate::error::Result;
use crate::peers::{Peer, Relation};
use crate::search::{SearchFilter, SearchResults};
use crate::statistics::Statistics;

/// A lower archive as its reports show it.
#[derive(Debug, Clone, Serialize)]
pub struct LowerArchive {
    pub peer: Peer,
    /// The archive whose packages carried its reports, for one known only through it.
    pub via: Option<String>,
    pub reports: usize,
    /// Its newest report taken in.
    pub last: Option<ReceivedReport>,
}

/// Results found in one lower archive's copy.
#[derive(Debug, Clone, Serialize)]
pub struct LowerResults {
    pub archive: String,
    pub region_code: String,
    pub results: SearchResults,
}

/// One archive's statistics, this one's own or a lower archive's as last reported.
#[derive(Debug, Clone, Serialize)]
pub struct SourceStatistics {
    pub archive: String,
    pub region_code: String,
    /// False for this archive's own holdings.
    pub lower: bool,
    /// When the lower archive's copy was taken in.
    pub reported_at: Option<String>,
    pub statistics: Statistics,
}

impl Archive {
    /// Every lower archive, with its newest report.
    pub fn lower_archives(&self) -> Result<Vec<LowerArchive>> {
        let peers = self.peers()?;
        let received = store::received(self.conn(), None)?;
        Ok(peers
            .iter()
            .filter(|p| p.relation == Relation::Lower)
            .map(|p| {
                let mine: Vec<&ReceivedReport> = received.iter().filter(|r| r.peer_id == p.id).collect();
                LowerArchive {
                    peer: p.clone(),
                    via: p.via.and_then(|v| peers.iter().find(|q| q.id == v)).map(|q| q.name.clone()),
                    reports: mine.len(),
                    last: mine.last().map(|r| (*r).clone()),
                }
            })
            .collect())
    }

    /// A lower archive's newest catalog copy, opened as an archive of its own for reading
    /// (its working copy written from the vault, checked against its digest, when first used).
    fn lower_copy(&self, report: &ReceivedReport) -> Result<Archive> {
        let dir = self.dir().join("cache").join("lower");
        crate::private::create_dir_all(&dir)?;
        let path: PathBuf = dir.join(format!("{}.sqlite", report.catalog_sha256));
        if !path.is_file() {
            super::object_to_file(self.vault(), &report.catalog_sha256, &path)?;
        }
        let conn = catalog::open(&path, self.dir())?;
        Ok(Archive::assemble(self.dir(), CatalogLocation::Embedded, conn, self.vault().clone()))
    }

    /// `search` in every lower archive's newest copy, each result set naming its archive;
    /// lower archives with no hits are left out.
    pub fn search_lower(&self, query: &str, filter: &SearchFilter) -> Result<Vec<LowerResults>> {
        let mut out = Vec::new();
        for lower in self.lower_archives()? {
            let Some(report) = &lower.last else { continue };
            let results = self.lower_copy(report)?.search(query, filter)?;
            if !results.hits.is_empty() {
                out.push(LowerResults { archive: lower.peer.name, region_code: lower.peer.region_code, results });
            }
        }
        Ok(out)
    }

    /// This archive's statistics and each lower archive's as of its newest report.
    pub fn statistics_by_source(&self, at: DateTime<Utc>) -> Result<Vec<SourceStatistics>> {
        let me = self.info()?;
        let mut out = vec![SourceStatistics {
            archive: me.name,
            region_code: me.region_code,
            lower: false,
            reported_at: None,
            statistics: self.statistics(at)?,
        }];
        for lower in self.lower_archives()? {
            let Some(report) = &lower.last else { continue };
            out.push(SourceStatistics {
                archive: lower.peer.name,
                region_code: lower.peer.region_code,
                lower: true,
                reported_at: Some(report.received_at.clone()),
                statistics: self.lower_copy(report)?.statistics(at)?,
            });
        }
        Ok(out)
    }
}
