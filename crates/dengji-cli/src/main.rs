//! `dengji`: the command-line face of the archive workstation. Every command is a thin
//! call into `dengji_core::Archive`; this crate only signs in, parses, prints and picks
//! exit codes.

mod args;
mod auth;
mod cmd;
mod error;
mod hints;
mod output;
mod progress;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let json = json_requested(std::env::args_os());
    let cli = match args::Cli::try_parse() {
        Ok(cli) => cli,
        // Help and version go to stdout as usual; a usage error is JSON when asked.
        Err(e) if json && e.use_stderr() => {
            output::json_error("usage", e.to_string().trim(), None);
            return ExitCode::from(2);
        }
        Err(e) => e.exit(),
    };
    match cmd::run(cli) {
        Ok(code) => code,
        Err(e) => {
            if json {
                output::json_error(e.code(), &e.to_string(), e.hint().as_deref());
            } else {
                eprintln!("错误：{e}");
                if let Some(hint) = e.hint() {
                    eprintln!("提示：{hint}");
                }
            }
            // 2: the caller's input was wrong; 1: something failed or was found broken.
            ExitCode::from(if e.is_usage() { 2 } else { 1 })
        }
    }
}

/// Whether `--json` was given (before a `--` that ends the options).
fn json_requested(args: impl Iterator<Item = std::ffi::OsString>) -> bool {
    args.skip(1).take_while(|a| a != "--").any(|a| a == "--json")
}

#[cfg(test)]
mod tests {
    use super::json_requested;

    #[test]
    fn json_is_an_option_only_before_the_separator() {
        let args = |a: &[&str]| a.iter().map(std::ffi::OsString::from).collect::<Vec<_>>().into_iter();
        assert!(json_requested(args(&["dengji", "unit", "show", "1", "--json"])));
        assert!(!json_requested(args(&["dengji", "intake", "--", "--json"])));
        assert!(!json_requested(args(&["dengji", "unit", "list"])));
    }
}
