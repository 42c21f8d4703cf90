//! The password for a connection, looked up as libpq does: `PGPASSWORD`, then the
//! password file (`PGPASSFILE` or `~/.pgpass`, only when no one else can read it), whose
//! lines are `host:port:database:user:password` with `*` for any and `\` escaping.

use std::path::PathBuf;

use tokio_postgres::config::Host;

pub(super) fn find(config: &tokio_postgres::Config) -> Option<String> {
    if let Ok(pw) = std::env::var("PGPASSWORD") {
        return Some(pw);
    }
    let file = std::env::var_os("PGPASSFILE").map(PathBuf::from).or_else(|| dirs::home_dir().map(|h| h.join(".pgpass")))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        // libpq ignores a password file others can read; so do we.
        if std::fs::metadata(&file).ok()?.permissions().mode() & 0o077 != 0 {
            return None;
        }
    }
    let text = std::fs::read_to_string(&file).ok()?;
    let host = match config.get_hosts().first()? {
        Host::Tcp(h) => h.clone(),
        #[cfg(unix)]
        Host::Unix(_) => "localhost".to_string(),
    };
    let port = config.get_ports().first().copied().unwrap_or(5432).to_string();
    let db = config.get_dbname().unwrap_or_default();
    let user = config.get_user().unwrap_or_default();
    lookup(&text, &host, &port, db, user)
}

fn lookup(text: &str, host: &str, port: &str, db: &str, user: &str) -> Option<String> {
    text.lines().filter(|l| !l.trim_start().starts_with('#')).find_map(|line| {
        let fields = split(line);
        let [h, p, d, u, pw] = fields.as_slice() else { return None };
        let matches = |pattern: &str, value: &str| pattern == "*" || pattern == value;
        (matches(h, host) && matches(p, port) && matches(d, db) && matches(u, user)).then(|| pw.clone())
    })
}

/// The fields of one line: colons separate, a backslash takes the next character as is.
fn split(line: &str) -> Vec<String> {
    let mut fields = vec![String::new()];
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                if let Some(d) = chars.next() {
                    fields.last_mut().expect("one field at least").push(d);
                }
            }
            ':' if fields.len() < 5 => fields.push(String::new()),
            c => fields.last_mut().expect("one field at least").push(c),
        }
    }
    fields
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pgpass_lines_match_with_wildcards_and_escapes() {
        let text = "# comment\n127.0.0.1:5432:other:dengji:wrong\n*:*:archive:dengji:p\\:w\\\\d\n";
        assert_eq!(lookup(text, "127.0.0.1", "5432", "archive", "dengji").as_deref(), Some("p:w\\d"));
        assert_eq!(lookup(text, "127.0.0.1", "5432", "archive", "someone"), None);
        assert_eq!(lookup("h:1:d:u:a:b", "h", "1", "d", "u").as_deref(), Some("a:b"));
    }
}
