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
    let cli = args::Cli::parse();
    match cmd::run(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("错误：{e}");
            if let Some(hint) = e.hint() {
                eprintln!("提示：{hint}");
            }
            // 2: the caller's input was wrong; 1: something failed or was found broken.
            ExitCode::from(if e.is_usage() { 2 } else { 1 })
        }
    }
}
