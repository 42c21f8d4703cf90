//! The tokens of the search index: a text's overlapping character trigrams and bigrams
//! and its characters, each written as the hex of its UTF-8 so that the `unicode61` tokenizer
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

/// The overlapping `n`-grams of each run at least `n` long, runs apart by a break token.
fn grams(runs: &[Vec<char>], n: usize) -> String {
    let chains: Vec<String> = runs.iter().filter(|r| r.len() >= n).map(|r| r.windows(n).map(hex).collect::<Vec<_>>().join(" ")).collect();
    chains.join(&format!(" {BREAK} "))
}

/// The column texts of a document made of `fields`.
pub struct Document {
    pub bi: String,
    pub tri: String,
    pub uni: String,
}

pub fn document(fields: &[&str]) -> Document {
    let runs = runs(fields);
    let mut uni: Vec<String> = runs.iter().flatten().map(|c| hex(std::slice::from_ref(c))).collect();
    uni.sort();
    uni.dedup();
    Document { bi: grams(&runs, 2), tri: grams(&runs, 3), uni: uni.join(" ") }
}

/// The FTS5 query for `query`: every whitespace-separated term must occur as a substring.
/// A term of three or more characters is a phrase of its trigrams (rarer than bigrams, so
/// FTS5 walks short doclists); shorter ones use the bigram or character column.
/// None when the query has no characters.
pub fn query(query: &str) -> Option<String> {
    let phrase = |run: &[char], n: usize| run.windows(n).map(hex).collect::<Vec<_>>().join(" ");
    let parts: Vec<String> = runs(&[query])
        .iter()
        .map(|run| match run.len() {
            1 => format!("uni : \"{}\"", hex(run)),
            2 => format!("bi : \"{}\"", phrase(run, 2)),
            _ => format!("tri : \"{}\"", phrase(run, 3)),
        })
        .collect();
    (!parts.is_empty()).then(|| parts.join(" AND "))
}

/// A document for the PostgreSQL index: its distinct gram tokens (`u`, `b` or `t` and the
/// hex of one, two or three characters), space-separated, and its runs one per line, in
/// which the query's terms are then found as substrings.
pub fn array_document(fields: &[&str]) -> (String, String) {
    let runs = runs(fields);
    let mut tokens: Vec<String> = Vec::new();
    for run in &runs {
        for (n, tag) in [(1, 'u'), (2, 'b'), (3, 't')] {
            tokens.extend(run.windows(n).map(|w| format!("{tag}{}", hex(w))));
        }
    }
    tokens.sort();
    tokens.dedup();
    let body = runs.iter().map(|r| r.iter().collect::<String>()).collect::<Vec<_>>().join("\n");
    (tokens.join(" "), body)
}

/// The PostgreSQL query for `query`: the tokens every match holds (each term's trigrams,
/// or its bigram or character when shorter) and the terms, space-separated.
pub fn array_query(query: &str) -> Option<(String, String)> {
    let runs = runs(&[query]);
    let mut tokens: Vec<String> = Vec::new();
    for run in &runs {
        let (n, tag) = match run.len() {
            1 => (1, 'u'),
            2 => (2, 'b'),
            _ => (3, 't'),
        };
        tokens.extend(run.windows(n).map(|w| format!("{tag}{}", hex(w))));
    }
    tokens.sort();
    tokens.dedup();
    let terms = runs.iter().map(|r| r.iter().collect::<String>()).collect::<Vec<_>>().join(" ");
    (!runs.is_empty()).then(|| (tokens.join(" "), terms))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn array_documents_hold_every_gram_and_queries_need_theirs() {
        let t = |s: &str| hex::encode(s.as_bytes());
        let (tokens, body) = array_document(&["社保卡", "ＡＢ"]);
        let tokens: Vec<&str> = tokens.split(' ').collect();
        for want in [format!("u{}", t("社")), format!("b{}", t("保卡")), format!("t{}", t("社保卡")), format!("b{}", t("ab"))] {
            assert!(tokens.contains(&want.as_str()), "{want}");
        }
        assert_eq!(body, "社保卡\nab");
        let (q, terms) = array_query("社保卡 Ab").unwrap();
        assert_eq!(q, format!("b{} t{}", t("ab"), t("社保卡")));
        assert_eq!(terms, "社保卡 ab");
        assert_eq!(array_query(" "), None);
    }

    #[test]
    fn bigrams_break_at_spaces_and_fields_and_queries_are_phrases() {
        let doc = document(&["社保卡号", "AB c", "xyz"]);
        let t = |s: &str| hex::encode(s.as_bytes());
        assert_eq!(doc.bi, format!("{} {} {} x {} x {} {}", t("社保"), t("保卡"), t("卡号"), t("ab"), t("xy"), t("yz")));
        assert_eq!(doc.tri, format!("{} {} x {}", t("社保卡"), t("保卡号"), t("xyz")));
        assert_eq!(doc.uni.split(' ').count(), 10);
        assert_eq!(query(" 社保卡号 ").unwrap(), format!("tri : \"{} {}\"", t("社保卡"), t("保卡号")));
        assert_eq!(query("社 ＡＢ").unwrap(), format!("uni : \"{}\" AND bi : \"{}\"", t("社"), t("ab")));
        assert_eq!(query("  "), None);
    }
}
