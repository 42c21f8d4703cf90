//! Text bound for a spreadsheet cell (CSV exports opened in Excel or WPS): a cell that
//! starts like a formula (`=`, `+`, `-`, `@`, or a tab or CR before one) would be run by
//! the spreadsheet program (CSV/formula injection, e.g. `=HYPERLINK(...)` in a user or
//! unit name), so it gets a leading apostrophe and is shown as the text it is.

use std::borrow::Cow;

pub fn cell_text(text: &str) -> Cow<'_, str> {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        Cow::Owned(format!("'{text}"))
    } else {
        Cow::Borrowed(text)
    }
}

#[cfg(test)]
mod tests {
    use super::cell_text;

    #[test]
    fn formulas_become_text() {
        for (given, written) in [
            ("=HYPERLINK(\"http://x\",\"点此\")", "'=HYPERLINK(\"http://x\",\"点此\")"),
            ("+1", "'+1"),
            ("-2+3", "'-2+3"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\t=1", "'\t=1"),
            ("登记员", "登记员"),
            ("a=b", "a=b"),
            ("", ""),
        ] {
            assert_eq!(cell_text(given), written);
        }
    }

    proptest::proptest! {
        #![proptest_config(crate::prop::budget(256))]

        #[test]
        fn prop_no_cell_starts_like_a_formula(text in "[=+@\t\r-]?.{0,20}") {
            let out = cell_text(&text);
            proptest::prop_assert!(!out.starts_with(['=', '+', '-', '@', '\t', '\r']));
            proptest::prop_assert!(out.ends_with(text.as_str()) && out.len() <= text.len() + 1);
        }
    }
}
