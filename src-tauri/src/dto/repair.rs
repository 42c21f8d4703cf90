//! Repairing a medium (介质修复): what was found, rewritten, quarantined or left, and the
//! verification after it.

use dengji_core as core;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{MediumProblem, VerifyOutcome};

// A file on a medium, named like a problem: the bag (or `catalog` for the snapshot) and the
// path inside it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, export_to = "../../ui/src/bindings/")]
pub struct MediumFile {
    pub bag: String,
    pub path: String,
}

impl MediumFile {
    /// The core names rewritten files `<bag>/<path>`; bag folders hold no `/`.
    fn parse(joined: &str) -> Self {
        match joined.split_once('/') {
            Some((bag, path)) => MediumFile { bag: bag.to_string(), path: path.to_string() },
            None => MediumFile { bag: joined.to_string(), path: String::new() },
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, export_to = "../../ui/src/bindings/")]
pub struct RepairOutcome {
    pub medium: String,
    // The label of the medium payload files were copied from; none: the vault.
    pub source: Option<String>,
    // What the verification before the repair found.
    pub found: Vec<MediumProblem>,
    pub rewritten: Vec<MediumFile>,
    // The quarantine folder of this run, relative to the medium's root.
    pub quarantine: Option<String>,
    // Files and folders moved there, relative to the medium's root (never deleted).
    pub quarantined: Vec<String>,
    // Leftover `.partial` folders of interrupted backups, removed.
    pub partials_removed: Vec<String>,
    pub unrepaired: Vec<MediumProblem>,
    pub after: VerifyOutcome,
}

impl From<core::RepairReport> for RepairOutcome {
    fn from(r: core::RepairReport) -> Self {
        RepairOutcome {
            medium: r.medium,
            source: r.source,
            found: r.found.into_iter().map(Into::into).collect(),
            rewritten: r.rewritten.iter().map(|f| MediumFile::parse(f)).collect(),
            quarantine: r.quarantine,
            quarantined: r.quarantined,
            partials_removed: r.partials_removed,
            unrepaired: r.unrepaired.into_iter().map(Into::into).collect(),
            after: r.after.into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::MediumFile;

    #[test]
    fn rewritten_files_split_into_bag_and_path() {
        let f = MediumFile::parse("330102-2026-000001/data/凭证/一月.csv");
        assert_eq!((f.bag.as_str(), f.path.as_str()), ("330102-2026-000001", "data/凭证/一月.csv"));
        let snapshot = MediumFile::parse("catalog/catalog.sqlite");
        assert_eq!((snapshot.bag.as_str(), snapshot.path.as_str()), ("catalog", "catalog.sqlite"));
    }
}
