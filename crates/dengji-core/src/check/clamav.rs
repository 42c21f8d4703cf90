//! The virus scan of a check: ClamAV's `clamscan`, when installed, run once over the
//! registration's vault objects (a file list, so any number of files fits), its lines
//! mapped back to the items. When it is not installed, or has no signature database,
//! the report says plainly that nothing was scanned.

use std::collections::BTreeMap;
use std::io::Read;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::Duration;

use serde::{Deserialize, Serialize};

use super::{CheckFinding, Property, Severity};
use crate::progress::CancelToken;
use crate::registrations::Item;
use crate::vault::Vault;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum VirusScan {
    Clean { engine: String },
    Infected { engine: String, infections: Vec<Infection> },
    NotScanned { why: String },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Infection {
    pub item: String,
    pub signature: String,
}

pub(crate) const NOT_INSTALLED: &str = "未安装 ClamAV，未做病毒扫描";

fn finding(rule: &'static str, severity: Severity, item: Option<&str>, message: String) -> CheckFinding {
    CheckFinding::new(Property::Security, rule, severity, item, message)
}

/// What clamscan said about one scanned path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Verdict {
    Clean,
    Infected(String),
    Failed(String),
}

/// Scans the items' objects; adds findings for infections, files it could not scan, and
/// a scan that did not happen.
pub(super) fn scan(vault: &Vault, items: &[Item], cancel: &CancelToken, out: &mut Vec<CheckFinding>) -> VirusScan {
    let engine = match Command::new("clamscan").arg("--version").output() {
        Ok(o) if o.status.success() => String::from_utf8_lossy(&o.stdout).trim().to_string(),
        Ok(_) | Err(_) => {
            out.push(finding(
                "security.not_scanned",
                Severity::Info,
                None,
                format!("{NOT_INSTALLED}（安装 clamav 软件包并导入病毒库后可扫描）。"),
            ));
            return VirusScan::NotScanned { why: NOT_INSTALLED.into() };
        }
    };
    if items.is_empty() {
        return VirusScan::NotScanned { why: "登记中没有文件".into() };
    }
    // Files on this machine, held for the scan; a missing object is the authenticity
    // rule's finding, not the scanner's.
    let local: Vec<(crate::vault::LocalFile, &str)> =
        items.iter().filter_map(|item| vault.local_file(&item.sha256).ok().map(|f| (f, item.path.as_str()))).collect();
    let mut by_object: BTreeMap<PathBuf, Vec<&str>> = BTreeMap::new();
    for (file, path) in &local {
        by_object.entry(file.path().to_path_buf()).or_default().push(path);
    }
    let ran = run(vault, items, &by_object, cancel);
    let (code, text) = match ran {
        Ok(r) => r,
        Err(why) => {
            out.push(finding("security.scan_failed", Severity::Warning, None, format!("病毒扫描未完成：{why}。")));
            return VirusScan::NotScanned { why };
        }
    };
    let verdicts = parse(&text, by_object.keys());
    if verdicts.is_empty() && code != Some(0) {
        let why = if text.contains("No supported database files") {
            "ClamAV 病毒库缺失，未做病毒扫描（请用 freshclam 更新病毒库，或离线导入病毒库）".to_string()
        } else {
            format!("clamscan 运行失败（{}）", text.lines().find(|l| !l.trim().is_empty()).unwrap_or("没有输出").trim())
        };
        out.push(finding("security.scan_failed", Severity::Warning, None, format!("{why}。")));
        return VirusScan::NotScanned { why };
    }
    let mut infections = Vec::new();
    for (object, paths) in &by_object {
        for path in paths {
            match verdicts.get(object) {
                Some(Verdict::Clean) => {}
                Some(Verdict::Infected(signature)) => {
                    out.push(finding(
                        "security.virus",
                        Severity::Error,
                        Some(path),
                        format!("ClamAV 发现病毒或恶意代码：{signature}。请勿打开，核实后移除。"),
                    ));
                    infections.push(Infection { item: path.to_string(), signature: signature.clone() });
                }
                Some(Verdict::Failed(why)) => {
                    out.push(finding("security.scan_error", Severity::Warning, Some(path), format!("ClamAV 未能扫描此文件：{why}。")))
                }
                None => out.push(finding("security.scan_error", Severity::Warning, Some(path), "ClamAV 没有给出此文件的扫描结果。".into())),
            }
        }
    }
    if infections.is_empty() {
        VirusScan::Clean { engine }
    } else {
        VirusScan::Infected { engine, infections }
    }
}

/// Runs clamscan over the objects; returns its exit code and what it printed (stdout,
/// then stderr). Stops it when the check is cancelled.
fn run(
    vault: &Vault,
    items: &[Item],
    objects: &BTreeMap<PathBuf, Vec<&str>>,
    cancel: &CancelToken,
) -> Result<(Option<i32>, String), String> {
    let job = format!("check-{}-{}", items[0].id.0, std::process::id());
    let scratch = vault.scratch(&job).map_err(|e| e.to_string())?;
    let list = scratch.join("files.txt");
    let mut text = String::new();
    for p in objects.keys() {
        text.push_str(&p.to_string_lossy());
        text.push('\n');
    }
    let result = std::fs::write(&list, text).map_err(|e| format!("无法写入扫描清单：{e}")).and_then(|()| {
        let mut child = Command::new("clamscan")
            .args(["--no-summary", "--stdout", "--file-list"])
            .arg(&list)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|e| format!("无法运行 clamscan：{e}"))?;
        let drain = |mut r: Box<dyn Read + Send>| {
            std::thread::spawn(move || {
                let mut s = Vec::new();
                let _ = r.read_to_end(&mut s);
                String::from_utf8_lossy(&s).into_owned()
            })
        };
        let stdout = drain(Box::new(child.stdout.take().expect("piped")));
        let stderr = drain(Box::new(child.stderr.take().expect("piped")));
        // clamscan has no cancel of its own: poll, and stop it when the clerk cancels.
        let status = loop {
            match child.try_wait() {
                Ok(Some(status)) => break status,
                Ok(None) if cancel.is_cancelled() => {
                    let _ = child.kill();
                    let _ = child.wait();
                    return Err("检测已取消".into());
                }
                Ok(None) => std::thread::sleep(Duration::from_millis(100)),
                Err(e) => return Err(format!("等待 clamscan 结束时出错：{e}")),
            }
        };
        let mut printed = stdout.join().unwrap_or_default();
        printed.push_str(&stderr.join().unwrap_or_default());
        Ok((status.code(), printed))
    });
    let _ = std::fs::remove_dir_all(&scratch);
    result
}

/// clamscan's lines (`<path>: OK`, `<path>: <signature> FOUND`, `WARNING: <path>: …`,
/// `<path>: Empty file`) for the given paths. Paths are matched as given, so names with
/// `: ` in them are not misread.
pub(crate) fn parse<'a>(text: &str, paths: impl Iterator<Item = &'a PathBuf>) -> BTreeMap<PathBuf, Verdict> {
    let known: Vec<(String, &PathBuf)> = paths.map(|p| (p.to_string_lossy().into_owned(), p)).collect();
    let mut out = BTreeMap::new();
    for line in text.lines() {
        let line = line.strip_prefix("WARNING: ").unwrap_or(line).trim_end();
        let matched = known.iter().filter_map(|(s, p)| Some((*p, s.len(), line.strip_prefix(s.as_str())?.strip_prefix(": ")?)));
        let Some((path, _, rest)) = matched.max_by_key(|(_, len, _)| *len) else {
            continue;
        };
        let verdict = match rest {
            "OK" | "Empty file" => Verdict::Clean,
            r if r.ends_with(" FOUND") => Verdict::Infected(r.trim_end_matches(" FOUND").to_string()),
            r => Verdict::Failed(r.to_string()),
        };
        // An infection or failure outweighs an OK for the same path (e.g. a warning line).
        let keep = matches!(out.get(path), None | Some(Verdict::Clean));
        if keep {
            out.insert(path.clone(), verdict);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Printed by ClamAV 1.4.6 (`clamscan --no-summary --stdout --file-list`, with a test
    /// signature database naming one file), stdout then stderr.
    const OUTPUT: &str = "/v/objects/ab/clean: OK
/v/objects/cd/bad: file: Dengji.Test.Sig.UNOFFICIAL FOUND
WARNING: /v/objects/ef/missing: Can't access file
/v/objects/00/empty: Empty file
/v/objects/ef/missing: No such file or directory
";

    #[test]
    fn clamscan_lines_map_back_to_the_paths_given() {
        let paths: Vec<PathBuf> =
            ["/v/objects/ab/clean", "/v/objects/cd/bad: file", "/v/objects/ef/missing", "/v/objects/00/empty", "/v/objects/11/unlisted"]
                .iter()
                .map(PathBuf::from)
                .collect();
        let v = parse(OUTPUT, paths.iter());
        assert_eq!(v[&paths[0]], Verdict::Clean);
        assert_eq!(v[&paths[1]], Verdict::Infected("Dengji.Test.Sig.UNOFFICIAL".into()));
        assert_eq!(v[&paths[2]], Verdict::Failed("Can't access file".into()));
        assert_eq!(v[&paths[3]], Verdict::Clean);
        assert!(!v.contains_key(&paths[4]));
    }

    #[test]
    fn a_missing_signature_database_yields_no_verdicts() {
        let text =
            "ERROR: Can't open file or directory\nLibClamAV Error: cli_loaddbdir: No supported database files found in /var/lib/clamav\n";
        assert!(parse(text, [PathBuf::from("/v/objects/ab/clean")].iter()).is_empty());
    }
}
