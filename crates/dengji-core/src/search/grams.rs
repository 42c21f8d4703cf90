//! The tokens of the search index: a text's overlapping character bigrams and its
//! characters, each written as the hex of its UTF-8 so that the `unicode61` tokenizer
//! keeps every one whole (punctuation in USCCs and registration numbers included).
//! Text is compared NFKC-normalised and lower-cased; whitespace and field boundaries
//! break the bigram chain (a `x` token), so no match spans two fields.

use unicode_normalization::UnicodeNormalization;

const BREAK: &str = "x";

fn chars(text: &str) -> impl Iterator<Item = char> + '_ {
    text.nfkc().flat_map(char::to_lowercase)
}

fn hex(cs: &[char]) -> String {
    let s: String = cs.iter().collect();
    hex::encode(s.as_bytes())
}

/// Runs of non-space characters, across all fields.
fn runs(fields: &[&str]) -> Vec<Vec<char>> {
    let mut out = Vec::new();
    for f in fields {
        let mut run = Vec::new();
        for c in chars(f) {
            if c.is_whitespace() {
                if !run.is_empty() {
                    out.push(std::mem::take(&mut run));
                }
            } else {
                run.push(c);
            }
        }
        if !run.is_empty() {
            out.push(run);
        }
    }
    out
}

/// The `bi` and `uni` column texts of a document made of `fields`.
pub fn document(fields: &[&str]) -> (String, String) {
    let runs = runs(fields);
    let bi: Vec<String> = runs.iter().filter(|r| r.len() > 1).map(|r| r.windows(2).map(hex).collect::<Vec<_>>().join(" ")).collect();
    let mut uni: Vec<String> = runs.iter().flatten().map(|c| hex(std::slice::from_ref(c))).collect();
    uni.sort();
    uni.dedup();
    (bi.join(&format!(" {BREAK} ")), uni.join(" "))
}

/// The FTS5 query for `query`: every whitespace-separated term must occur as a substring.
/// None when the query has no characters.
pub fn query(query: &str) -> Option<String> {
    let parts: Vec<String> = runs(&[query])
        .iter()
        .map(|run| match run.len() {
            1 => format!("uni : \"{}\"", hex(run)),
            _ => format!("bi : \"{}\"", run.windows(2).map(hex).collect::<Vec<_>>().join(" ")),
        })
        .collect();
    (!parts.is_empty()).then(|| parts.join(" AND "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bigrams_break_at_spaces_and_fields_and_queries_are_phrases() {
        let (bi, uni) = document(&["社保卡", "AB c"]);
        let t = |s: &str| hex::encode(s.as_bytes());
        assert_eq!(bi, format!("{} {} x {}", t("社保"), t("保卡"), t("ab")));
        assert_eq!(uni.split(' ').count(), 6);
        assert_eq!(query(" 社保卡 ").unwrap(), format!("bi : \"{} {}\"", t("社保"), t("保卡")));
        assert_eq!(query("社 ＡＢ").unwrap(), format!("uni : \"{}\" AND bi : \"{}\"", t("社"), t("ab")));
        assert_eq!(query("  "), None);
    }
}
