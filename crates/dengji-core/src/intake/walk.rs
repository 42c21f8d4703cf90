//! Walking the sources of an intake: every entry becomes a file to take or a problem
//! to report by path; nothing is skipped silently.

use std::fs;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use crate::error::{Error, Result};
use crate::pathenc;
use crate::registrations::FindingKind;

/// A source given by the clerk: a folder or a file. Item paths start with its name.
#[derive(Debug, Clone)]
pub struct Root {
    pub abs: PathBuf,
    pub base: Vec<u8>,
    pub is_dir: bool,
}

impl Root {
    pub fn new(path: &Path) -> Result<Root> {
        let abs = fs::canonicalize(path).map_err(|_| Error::SourceMissing(path.to_path_buf()))?;
        let meta = fs::metadata(&abs).map_err(|_| Error::SourceMissing(path.to_path_buf()))?;
        let base = abs.file_name().map(pathenc::os_bytes).unwrap_or_else(|| b"root".to_vec());
        Ok(Root { abs, base, is_dir: meta.is_dir() })
    }
}

#[derive(Debug, Clone)]
pub struct FileEntry {
    pub abs: PathBuf,
    pub rel: Vec<u8>,
    pub size: u64,
    pub mtime: Option<SystemTime>,
}

#[derive(Debug, Clone)]
pub struct Problem {
    pub rel: Vec<u8>,
    pub kind: FindingKind,
    pub detail: String,
    pub blocking: bool,
}

#[derive(Debug)]
pub enum Entry {
    File(FileEntry),
    Problem(Problem),
}

fn rel_of(root: &Root, path: &Path) -> Vec<u8> {
    match path.strip_prefix(&root.abs) {
        Ok(rest) => pathenc::join_components(&root.base, rest),
        Err(_) => pathenc::os_bytes(path.as_os_str()),
    }
}

fn problem(rel: Vec<u8>, kind: FindingKind, detail: impl Into<String>) -> Entry {
    Entry::Problem(Problem { rel, kind, detail: detail.into(), blocking: true })
}

/// Calls `visit` for every entry under `root`, in a stable (sorted) order; stops early
/// when `visit` returns false.
pub fn walk(root: &Root, mut visit: impl FnMut(Entry) -> bool) {
    if !root.is_dir {
        let entry = match fs::metadata(&root.abs) {
            Ok(m) => file_entry(root.abs.clone(), root.base.clone(), &m),
            Err(e) => problem(root.base.clone(), FindingKind::Unreadable, e.to_string()),
        };
        visit(entry);
        return;
    }
    for entry in walkdir::WalkDir::new(&root.abs).follow_links(false).sort_by_file_name().min_depth(1) {
        let e = match entry {
            Ok(e) => e,
            Err(err) => {
                let rel = err.path().map(|p| rel_of(root, p)).unwrap_or_else(|| root.base.clone());
                if !visit(problem(rel, FindingKind::Unreadable, format!("无法读取目录项：{err}"))) {
                    return;
                }
                continue;
            }
        };
        let rel = rel_of(root, e.path());
        let ft = e.file_type();
        let out = if ft.is_dir() {
            continue;
        } else if ft.is_file() {
            match e.metadata() {
                Ok(m) => file_entry(e.path().to_path_buf(), rel, &m),
                Err(err) => problem(rel, FindingKind::Unreadable, err.to_string()),
            }
        } else if ft.is_symlink() {
            symlink_entry(root, e.path(), rel)
        } else {
            problem(rel, FindingKind::SpecialFile, "设备文件、管道或套接字，不是普通文件，未接收")
        };
        if !visit(out) {
            return;
        }
    }
}

fn file_entry(abs: PathBuf, rel: Vec<u8>, m: &fs::Metadata) -> Entry {
    Entry::File(FileEntry { abs, rel, size: m.len(), mtime: m.modified().ok() })
}

/// A link whose target lies inside the source is taken as the file it points to;
/// one pointing outside is reported, since its content is not part of the hand-over.
fn symlink_entry(root: &Root, path: &Path, rel: Vec<u8>) -> Entry {
    let target = match fs::canonicalize(path) {
        Ok(t) => t,
        Err(_) => return problem(rel, FindingKind::Unreadable, "符号链接指向的目标不存在"),
    };
    if !target.starts_with(&root.abs) {
        return problem(rel, FindingKind::SymlinkOutside, format!("符号链接指向所选目录之外：{}", target.display()));
    }
    match fs::metadata(&target) {
        Ok(m) if m.is_file() => file_entry(path.to_path_buf(), rel, &m),
        Ok(_) => Entry::Problem(Problem {
            rel,
            kind: FindingKind::SymlinkDir,
            detail: "指向目录内另一文件夹的链接：未跟随，目标文件夹已按原位置接收".into(),
            blocking: false,
        }),
        Err(e) => problem(rel, FindingKind::Unreadable, e.to_string()),
    }
}
