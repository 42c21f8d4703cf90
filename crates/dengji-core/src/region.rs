//! GB/T 2260 administrative division codes, embedded as versioned data.
//! New input is validated against the current table; codes already stored on old
//! records are never re-validated (codes are merged away yearly, e.g. 330103 in 2021).

use std::collections::HashMap;
use std::sync::OnceLock;

/// Version of the embedded table (the NBS statistical codes of that year).
pub const TABLE_VERSION: &str = "2023";

const TSV: &str = include_str!("../data/region-codes.tsv");

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Region {
    pub code: String,
    pub name: String,
    pub level: String,
    pub parent: Option<String>,
}

fn table() -> &'static HashMap<String, Region> {
    static TABLE: OnceLock<HashMap<String, Region>> = OnceLock::new();
    TABLE.get_or_init(|| {
        TSV.lines()
            .filter(|l| !l.starts_with('#') && !l.starts_with("code\t") && !l.trim().is_empty())
            .filter_map(|l| {
                let mut f = l.split('\t');
                let code = f.next()?.to_string();
                let name = f.next()?.to_string();
                let level = f.next()?.to_string();
                let parent = f.next().filter(|p| !p.is_empty()).map(str::to_string);
                Some((code.clone(), Region { code, name, level, parent }))
            })
            .collect()
    })
}

pub fn lookup(code: &str) -> Option<&'static Region> {
    table().get(code.trim())
}

/// Full name from province down, e.g. 浙江省 杭州市 上城区 (skipping the 市辖区 placeholder).
pub fn full_name(code: &str) -> Option<String> {
    let mut parts = Vec::new();
    let mut cur = lookup(code);
    while let Some(r) = cur {
        if r.name != "市辖区" && r.name != "县" {
            parts.push(r.name.as_str());
        }
        cur = r.parent.as_deref().and_then(lookup);
    }
    if parts.is_empty() {
        return None;
    }
    parts.reverse();
    Some(parts.join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_codes() {
        assert_eq!(lookup("330102").unwrap().name, "上城区");
        assert_eq!(full_name("330102").unwrap(), "浙江省 杭州市 上城区");
        assert!(lookup("330103").is_none(), "merged away in 2021");
        assert!(lookup("12345").is_none());
        assert!(table().len() > 3000);
    }
}
