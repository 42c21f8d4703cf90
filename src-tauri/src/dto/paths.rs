use serde::{Deserialize, Serialize};
use ts_rs::TS;

// What a path typed or picked in a form is, so the form flags a missing one at once.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
#[ts(export, export_to = "../../ui/src/bindings/")]
pub enum PathKind {
    File,
    Folder,
    Missing,
}

impl PathKind {
    pub fn of(path: &std::path::Path) -> PathKind {
        match std::fs::metadata(path) {
            Ok(m) if m.is_dir() => PathKind::Folder,
            Ok(_) => PathKind::File,
            Err(_) => PathKind::Missing,
        }
    }
}
