//! Unified Social Credit Code (统一社会信用代码), GB 32100-2015.

const ALPHABET: &str = "0123456789ABCDEFGHJKLMNPQRTUWXY";
const WEIGHTS: [u32; 17] = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UsccCheck {
    Valid,
    /// Not 18 characters of the alphabet; `reason` says what is wrong.
    Malformed {
        reason: String,
    },
    /// Well-formed, but the 18th character is not the computed check character
    /// (pilot-era codes do this: the clerk may confirm).
    BadCheck {
        expected: char,
    },
}

fn value(c: char) -> Option<u32> {
    ALPHABET.find(c).map(|i| i as u32)
}

/// Upper-cases and trims, since clerks type codes in lower case or paste them with spaces.
pub fn normalise(code: &str) -> String {
    code.trim().to_ascii_uppercase()
}

/// The check character for the first 17 characters, or None when any is outside the alphabet.
pub fn check_char(first17: &str) -> Option<char> {
    let mut sum = 0u32;
    let mut n = 0;
    for (c, w) in first17.chars().zip(WEIGHTS) {
        sum += value(c)? * w;
        n += 1;
    }
    if n != 17 || first17.chars().count() != 17 {
        return None;
    }
    let check = (31 - sum % 31) % 31;
    ALPHABET.chars().nth(check as usize)
}

pub fn check(code: &str) -> UsccCheck {
    let code = normalise(code);
    let len = code.chars().count();
    if len != 18 {
        return UsccCheck::Malformed { reason: format!("应为 18 位，实际 {len} 位") };
    }
    if let Some((i, c)) = code.chars().enumerate().find(|(_, c)| value(*c).is_none()) {
        return UsccCheck::Malformed {
            reason: format!("第 {} 位 “{c}” 不是允许的字符（数字或除 I、O、S、V、Z 外的大写字母）", i + 1)
        };
    }
    let expected = check_char(&code[..17]).expect("all characters validated above");
    if code.ends_with(expected) {
        UsccCheck::Valid
    } else {
        UsccCheck::BadCheck { expected }
    }
}

/// Positions 3–8 name the registering authority's region (GB/T 2260). A code outside
/// the current table is worth a look but not a refusal: regions are merged away yearly
/// and a unit keeps the code it was given. `None` when the digits are a known region.
pub fn region_warning(code: &str) -> Option<String> {
    let code = normalise(code);
    let digits = code.get(2..8)?;
    // 100000 is the national level (units registered with a central authority).
    if digits == "100000" || crate::region::lookup(digits).is_some() {
        return None;
    }
    Some(format!(
        "统一社会信用代码第 3–8 位 “{digits}” 不在 GB/T 2260（{} 年版）行政区划代码表中：请核对；若该单位登记时的行政区划已撤并，可忽略此提示。",
        crate::region::TABLE_VERSION
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn valid_codes() {
        // Codes whose check characters follow the GB 32100 algorithm.
        for c in ["91330000MA27U0TT7T", "91110000802100433B", "913300007042019048"] {
            assert_eq!(check(c), UsccCheck::Valid, "{c}");
        }
        assert_eq!(check(" 91110000802100433b "), UsccCheck::Valid);
    }

    #[test]
    fn pilot_code_has_bad_check() {
        assert!(matches!(check("91350100M0001TGQXM"), UsccCheck::BadCheck { .. }));
    }

    #[test]
    fn malformed() {
        assert!(matches!(check("123"), UsccCheck::Malformed { .. }));
        assert!(matches!(check("91110000802100433I"), UsccCheck::Malformed { .. }));
        assert!(matches!(check("9111000080210043你B"), UsccCheck::Malformed { .. }));
    }

    #[test]
    fn wrong_check_names_expected() {
        match check("91110000802100433C") {
            UsccCheck::BadCheck { expected } => assert_eq!(expected, 'B'),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn region_digits_are_checked_against_the_table() {
        assert_eq!(region_warning("91330000MA27U0TT7T"), None);
        assert_eq!(region_warning("91110000802100433B"), None);
        assert_eq!(region_warning("12100000400000001X"), None, "national level");
        let w = region_warning("91330103MA27U0TT7T").expect("330103 was merged away in 2021");
        assert!(w.contains("330103"), "{w}");
        assert!(region_warning("91999999MA27U0TT7T").is_some());
        assert_eq!(region_warning("91"), None, "too short to say anything");
    }
}
