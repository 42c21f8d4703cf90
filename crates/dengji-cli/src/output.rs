//! Printing helpers shared by the commands.

use serde::Serialize;

pub fn json<T: Serialize + ?Sized>(value: &T) {
    println!("{}", serde_json::to_string_pretty(value).expect("serialisable"));
}

/// Human sizes as clerks write them (1 KB = 1024 B).
pub fn size(bytes: i64) -> String {
    let b = bytes as f64;
    match bytes {
        n if n < 1024 => format!("{n} B"),
        n if n < 1 << 20 => format!("{:.1} KB", b / 1024.0),
        n if n < 1 << 30 => format!("{:.1} MB", b / 1048576.0),
        _ => format!("{:.3} GB", b / 1073741824.0),
    }
}

pub fn is_terminal() -> bool {
    use std::io::IsTerminal;
    std::io::stderr().is_terminal()
}
