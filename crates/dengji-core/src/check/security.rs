//! Security (安全性): no programs, scripts or macros among the records (they are not
//! archival content and may carry malware), and a virus scan (`clamav.rs`).

use super::inspect::Facts;
use super::{CheckFinding, Property, Severity};
use crate::registrations::Item;

fn finding(rule: &'static str, item: &Item, message: String) -> CheckFinding {
    CheckFinding::new(Property::Security, rule, Severity::Error, Some(&item.path), message)
}

/// Extensions of programs and scripts that run when opened on Windows, Linux or macOS.
const PROGRAM_EXTENSIONS: &[&str] = &[
    "exe", "dll", "com", "scr", "pif", "cpl", "sys", "msi", "msp", "bat", "cmd", "ps1", "psm1", "vbs", "vbe", "js", "jse", "wsf", "wsh",
    "hta", "lnk", "reg", "jar", "sh", "bash", "run", "so", "dylib", "app", "apk", "deb", "rpm", "py", "pl", "rb",
];

/// Office formats that carry macros by definition.
const MACRO_EXTENSIONS: &[&str] = &["docm", "dotm", "xlsm", "xltm", "xlam", "pptm", "potm", "ppam", "ppsm", "sldm"];

fn extension(name: &str) -> Option<String> {
    let base = name.rsplit('/').next().unwrap_or(name);
    base.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase())
}

/// The program extension of a file name, if it has one.
pub(crate) fn program_extension(name: &str) -> Option<&'static str> {
    let ext = extension(name)?;
    PROGRAM_EXTENSIONS.iter().copied().find(|e| *e == ext)
}

pub(super) fn file(item: &Item, facts: &Facts, out: &mut Vec<CheckFinding>) {
    if let Some(what) = &facts.program {
        out.push(finding("security.executable", item, format!("文件内容为{what}，不是档案文件：请核实后移除。")));
    } else if let Some(ext) = program_extension(&item.path) {
        out.push(finding("security.executable", item, format!("扩展名 .{ext} 属于可执行程序或脚本，不是档案文件：请核实后移除。")));
    }
    if !facts.packed_programs.is_empty() {
        let shown: Vec<&str> = facts.packed_programs.iter().take(5).map(String::as_str).collect();
        out.push(finding(
            "security.packed_executable",
            item,
            format!("压缩包中含 {} 个可执行程序或脚本：{}。", facts.packed_programs.len(), shown.join("、")),
        ));
    }
    let macro_ext = extension(&item.path).filter(|e| MACRO_EXTENSIONS.contains(&e.as_str()));
    if let Some(found) = facts.macros.clone().or_else(|| macro_ext.map(|e| format!("扩展名 .{e} 为启用宏的 Office 格式"))) {
        out.push(finding("security.macro", item, format!("{found}：宏可能含恶意代码，请移交不含宏的版本（如 docx、xlsx 或 PDF）。")));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn program_extensions_ignore_case_and_folders() {
        assert_eq!(program_extension("安装/SETUP.EXE"), Some("exe"));
        assert_eq!(program_extension("脚本/run.ps1"), Some("ps1"));
        assert_eq!(program_extension("bin.d/说明.pdf"), None);
        assert_eq!(program_extension("没有扩展名"), None);
    }
}
