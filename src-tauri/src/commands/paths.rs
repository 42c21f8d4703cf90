//! Paths typed or picked in a form, looked at when they are added: a source folder, a
//! medium or a restore target that does not exist is flagged then, not when a job starts.

use std::path::Path;

use crate::dto::PathKind;

/// File, folder or missing, for each path in order.
#[tauri::command(async)]
pub fn path_kinds(paths: Vec<String>) -> Vec<PathKind> {
    paths.iter().map(|p| PathKind::of(Path::new(p.trim()))).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn says_file_folder_or_missing_for_each_path() {
        let tmp = tempfile::tempdir().unwrap();
        let file = tmp.path().join("a.txt");
        std::fs::write(&file, "甲").unwrap();
        let paths = [file.display().to_string(), format!(" {} ", tmp.path().display()), tmp.path().join("没有").display().to_string()];
        assert_eq!(path_kinds(paths.to_vec()), [PathKind::File, PathKind::Folder, PathKind::Missing]);
    }
}
