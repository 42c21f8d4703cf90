//! Fitting text into boxes: line breaking measured with the real glyph widths, and the
//! shortening of paths too long for their cell. Pure functions of the text and font.

use super::font::Face;

/// Where lines may end.
#[derive(Clone, Copy, PartialEq)]
pub(super) enum Breaks {
    /// Chinese prose: lines are filled, any character may end one.
    Anywhere,
    /// Paths: after a separator when one is in the second half of the line.
    Path,
}

fn path_break_after(c: char) -> bool {
    matches!(c, '/' | '\\' | ' ' | '_' | '-')
}

/// Characters that must not start a line (they stay with the preceding one).
fn no_line_start(c: char) -> bool {
    matches!(c, '，' | '。' | '、' | '；' | '：' | '）' | '」' | '》' | '！' | '？' | ',' | '.' | ')' | ';' | ':')
}

fn in_word(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_')
}

/// How many characters of the full `line` stay on it when `next` does not fit.
fn keep_on_line(line: &[char], next: char, breaks: Breaks) -> usize {
    let keep = if no_line_start(next) {
        // Closing punctuation goes down together with the character before it.
        line.len() - 1
    } else {
        match breaks {
            // A Latin word or number (a command, a code) moves down whole.
            Breaks::Anywhere if in_word(next) => line.iter().rposition(|&p| !in_word(p)).map_or(0, |i| i + 1),
            Breaks::Anywhere => line.len(),
            Breaks::Path => {
                line.iter().rposition(|&p| path_break_after(p)).filter(|&i| (i + 1) * 2 >= line.len()).map_or(line.len(), |i| i + 1)
            }
        }
    };
    if keep == 0 {
        line.len()
    } else {
        keep
    }
}

/// Breaks `text` into lines no wider than `max` mm at `size` pt: prose wherever a line
/// is full (Chinese has no word spaces) but not inside a Latin word, paths after a
/// separator when there is one in the second half of the line. Closing punctuation never
/// starts a line; a digest longer than a line is cut where the line is full.
pub(super) fn wrap(face: &Face, text: &str, size: f32, max: f32, breaks: Breaks) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line: Vec<char> = Vec::new();
    let mut width = 0.0;
    for c in text.chars() {
        let w = face.char_width(c, size);
        if width + w > max && !line.is_empty() {
            let rest = line.split_off(keep_on_line(&line, c, breaks));
            lines.push(line.into_iter().collect::<String>());
            width = rest.iter().map(|&r| face.char_width(r, size)).sum();
            line = rest;
        }
        line.push(c);
        width += w;
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line.into_iter().collect());
    }
    lines
}

/// Like `wrap`, but never more than `max_lines`: a longer text keeps its beginning and its
/// end (for a path: the top folder and the file name) with "…" for what is left out.
pub(super) fn fit_path(face: &Face, text: &str, size: f32, max: f32, max_lines: usize) -> Vec<String> {
    let lines = wrap(face, text, size, max, Breaks::Path);
    if lines.len() <= max_lines {
        return lines;
    }
    let chars: Vec<char> = text.chars().collect();
    // Budget: the first line for the head, the other lines for the tail, less a margin
    // for the ellipsis and for breaks that do not fill a line exactly.
    let head_budget = max * 0.5;
    let tail_budget = max * (max_lines as f32 - 0.5) - face.width("…", size) - max * 0.15 * max_lines as f32;
    let mut head = 0;
    let mut w = 0.0;
    while head < chars.len() && w + face.char_width(chars[head], size) <= head_budget {
        w += face.char_width(chars[head], size);
        head += 1;
    }
    let mut tail = chars.len();
    let mut w = 0.0;
    while tail > head && w + face.char_width(chars[tail - 1], size) <= tail_budget {
        w += face.char_width(chars[tail - 1], size);
        tail -= 1;
    }
    // Cut at folder boundaries when there are any: "档案/…/卷三/文件.pdf".
    if let Some(slash) = chars[..head].iter().rposition(|&c| c == '/').filter(|&i| i > 0) {
        head = slash + 1;
    }
    if let Some(slash) = chars[tail..].iter().position(|&c| c == '/') {
        if tail + slash + 1 < chars.len() {
            tail += slash + 1;
        }
    }
    let short: String = chars[..head].iter().chain(['…'].iter()).chain(chars[tail..].iter()).collect();
    let mut lines = wrap(face, &short, size, max, Breaks::Path);
    lines.truncate(max_lines);
    lines
}

/// 1234567 -> "1,234,567".
pub(super) fn thousands(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, d) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(d);
    }
    if n < 0 {
        format!("-{out}")
    } else {
        out
    }
}

/// A time as a date in China time: "2026年11月25日".
pub(super) fn chinese_date(t: chrono::DateTime<chrono::Utc>) -> String {
    crate::stamp::local_date(t).format("%Y年%-m月%-d日").to_string()
}

/// A size in the unit that fits (1 KB = 1024 B), as clerks and readers write it.
pub fn human_size(bytes: i64) -> String {
    let b = bytes as f64;
    match bytes {
        n if n < 1024 => format!("{n} 字节"),
        n if n < 1 << 20 => format!("{:.1} KB", b / 1024.0),
        n if n < 1 << 30 => format!("{:.1} MB", b / 1_048_576.0),
        n if n < 1 << 40 => format!("{:.2} GB", b / 1_073_741_824.0),
        _ => format!("{:.2} TB", b / 1_099_511_627_776.0),
    }
}

#[cfg(test)]
mod tests {
    use super::super::font::face;
    use super::*;

    #[test]
    fn wraps_within_the_width_preferring_separators() {
        let f = face().unwrap();
        let path = "扫描件/文书档案/2025年度/第一季度/会议纪要/0001-党委会议纪要（第一次）.pdf";
        let lines = wrap(f, path, 8.0, 40.0, Breaks::Path);
        assert!(lines.len() > 1);
        assert_eq!(lines.concat(), path);
        for l in &lines {
            assert!(f.width(l, 8.0) <= 40.0, "{l}");
        }
        assert!(lines[0].ends_with('/'), "{lines:?}");
        assert_eq!(wrap(f, "", 8.0, 40.0, Breaks::Path), vec![String::new()]);
        let prose = "兹证明某单位移交的档案数据，已于某日完成登记备份并封存。封存后的数据不可更改。";
        let lines = wrap(f, prose, 10.0, 50.0, Breaks::Anywhere);
        assert!(lines.iter().all(|l| !l.starts_with('，') && !l.starts_with('。')), "{lines:?}");
        assert!(f.width(&lines[0], 10.0) > 45.0, "prose lines are filled: {lines:?}");
        for l in &lines {
            assert!(f.width(l, 10.0) <= 50.0, "{l}");
        }
        let note = "核验时运行 openssl dgst -sm3 文件名，将输出的摘要与清单比对，完全一致即说明文件未被改动。";
        let lines = wrap(f, note, 10.0, 40.0, Breaks::Anywhere);
        assert_eq!(lines.concat(), note);
        assert!(lines.iter().all(|l| !l.ends_with("ope") && !l.ends_with("dg")), "{lines:?}");
    }

    #[test]
    fn overlong_text_keeps_its_head_and_tail() {
        let f = face().unwrap();
        let path = format!("根目录/{}/最后的文件名.pdf", "很深的子目录/".repeat(30));
        let lines = fit_path(f, &path, 8.0, 50.0, 3);
        assert!(lines.len() <= 3, "{lines:?}");
        let joined = lines.concat();
        assert!(joined.starts_with("根目录/") && joined.ends_with("/最后的文件名.pdf") && joined.contains("/…很深的子目录/"), "{joined}");
        assert_eq!(fit_path(f, "短路径.pdf", 8.0, 50.0, 3), vec!["短路径.pdf".to_string()]);
    }

    #[test]
    fn numbers_and_dates() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1234567), "1,234,567");
        assert_eq!(chinese_date("2026-11-24T17:30:00Z".parse().unwrap()), "2026年11月25日");
    }
}
