//! Saving the statistics for the annual report (年报) where the clerk chose: the tables
//! come from the core (`Statistics::to_xlsx` / `to_csv`), as `dengji stats --export` writes them.

use std::path::{Path, PathBuf};

use dengji_core::Statistics;

use crate::error::IpcResult;
use crate::save_path;

/// An absolute `.xlsx` or `.csv` path picked in the save dialog.
pub fn target(path: &str) -> IpcResult<PathBuf> {
    save_path::target(path, "xlsx").or_else(|_| save_path::target(path, "csv"))
}

/// Writes the tables in the format the extension names.
pub fn write(path: &Path, s: &Statistics) -> IpcResult<()> {
    let xlsx = path.extension().is_some_and(|e| e.eq_ignore_ascii_case("xlsx"));
    let bytes = if xlsx { s.to_xlsx()? } else { s.to_csv() };
    save_path::write(path, &bytes)
}

#[cfg(test)]
mod tests {
    use calamine::Reader;
    use dengji_core::{Archive, Role, UnitKind};

    use super::*;

    fn statistics(dir: &Path) -> Statistics {
        let (mut a, admin) = Archive::init(dir, "测试档案馆", "330102", "管理员", "管理员密码1234", chrono::Utc::now()).unwrap();
        a.add_user("登记员", "登记员密码1234", &[Role::Clerk], &admin.stamp(chrono::Utc::now())).unwrap();
        let clerk = a.login("登记员", "登记员密码1234", chrono::Utc::now()).unwrap().stamp(chrono::Utc::now());
        let unit = dengji_core::NewUnit { name: "张三".into(), kind: UnitKind::Individual, uscc: None, domain: None, force: false };
        a.add_unit(unit, &clerk).unwrap();
        a.statistics(chrono::Utc::now()).unwrap()
    }

    #[test]
    fn writes_the_tables_as_csv_and_as_a_workbook() {
        let tmp = tempfile::tempdir().unwrap();
        let s = statistics(&tmp.path().join("archive"));
        let csv = target(&tmp.path().join("年报.csv").display().to_string()).unwrap();
        write(&csv, &s).unwrap();
        let text = std::fs::read_to_string(&csv).unwrap();
        assert!(text.starts_with('\u{feff}'));
        assert!(text.contains("\n登记单位,1\n") && text.contains("按单位类型") && text.contains("备份介质"), "{text}");

        let xlsx = target(&tmp.path().join("年报.xlsx").display().to_string()).unwrap();
        write(&xlsx, &s).unwrap();
        let book = calamine::open_workbook_auto(&xlsx).unwrap();
        assert_eq!(book.sheet_names().first().map(String::as_str), Some("总计"));

        assert_eq!(target("/tmp/年报.pdf").unwrap_err().code, "bad_request");
    }
}
