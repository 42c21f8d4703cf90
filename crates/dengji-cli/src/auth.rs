//! Who runs the command: credentials from the environment or, on a terminal, a prompt.
//! Never waits for input that cannot come (a pipe, a cron job): without a terminal a
//! missing value is an error at once.

use std::io::{BufRead, IsTerminal, Write};

use crate::error::{CliError, Result};

/// Both stdin (to read) and stderr (to show the prompt) are terminals.
fn interactive() -> bool {
    std::io::stdin().is_terminal() && std::io::stderr().is_terminal()
}

fn env_value(key: &str) -> Option<String> {
    std::env::var(key).ok().filter(|v| !v.trim().is_empty())
}

fn prompt_line(prompt: &str) -> Result<String> {
    let mut err = std::io::stderr();
    let _ = write!(err, "{prompt}");
    let _ = err.flush();
    let mut line = String::new();
    let n = std::io::stdin().lock().read_line(&mut line).map_err(CliError::Prompt)?;
    if n == 0 {
        return Err(CliError::Prompt(std::io::Error::new(std::io::ErrorKind::UnexpectedEof, "输入已结束")));
    }
    Ok(line.trim().to_string())
}

fn prompt_password(prompt: &str) -> Result<String> {
    rpassword::prompt_password(prompt).map_err(CliError::Prompt)
}

/// The name and password to sign in with: DENGJI_USER and DENGJI_PASSWORD, or asked for.
pub fn credentials() -> Result<(String, String)> {
    let name = env_value("DENGJI_USER");
    let password = env_value("DENGJI_PASSWORD");
    if (name.is_none() || password.is_none()) && !interactive() {
        let missing: Vec<&str> =
            [("DENGJI_USER", name.is_none()), ("DENGJI_PASSWORD", password.is_none())].iter().filter(|m| m.1).map(|m| m.0).collect();
        return Err(CliError::NoCredentials { missing: missing.join(" 和 ") });
    }
    let name = match name {
        Some(n) => n,
        None => prompt_line("用户名：")?,
    };
    let password = match password {
        Some(p) => p,
        None => prompt_password(&format!("{name} 的密码："))?,
    };
    Ok((name, password))
}

/// A new password (for init, bootstrap, user add, passwd): DENGJI_NEW_PASSWORD, or asked
/// for twice on a terminal.
pub fn new_password(whose: &str) -> Result<String> {
    if let Some(p) = env_value("DENGJI_NEW_PASSWORD") {
        return Ok(p);
    }
    if !interactive() {
        return Err(CliError::NoNewPassword);
    }
    let first = prompt_password(&format!("{whose} 的新密码（至少 {} 个字符）：", dengji_core::MIN_PASSWORD_CHARS))?;
    let second = prompt_password("再输入一次：")?;
    if first != second {
        return Err(CliError::PasswordMismatch);
    }
    Ok(first)
}

/// The archive key's passphrase, to unlock it: DENGJI_KEY_PASSPHRASE, or asked for once.
pub fn key_passphrase() -> Result<String> {
    if let Some(p) = std::env::var("DENGJI_KEY_PASSPHRASE").ok().filter(|v| !v.is_empty()) {
        return Ok(p);
    }
    if !interactive() {
        return Err(CliError::NoKeyPassphrase { var: "DENGJI_KEY_PASSPHRASE" });
    }
    prompt_password("机构密钥口令：")
}

/// A passphrase for a new key: from `var`, or asked for twice on a terminal.
pub fn new_key_passphrase(var: &'static str) -> Result<String> {
    if let Some(p) = std::env::var(var).ok().filter(|v| !v.is_empty()) {
        return Ok(p);
    }
    if !interactive() {
        return Err(CliError::NoKeyPassphrase { var });
    }
    let first = prompt_password(&format!("新的机构密钥口令（至少 {} 个字符）：", dengji_core::MIN_KEY_PASSPHRASE_CHARS))?;
    let second = prompt_password("再输入一次：")?;
    if first != second {
        return Err(CliError::PasswordMismatch);
    }
    Ok(first)
}
