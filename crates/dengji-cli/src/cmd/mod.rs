//! Dispatch from parsed arguments to the core.

mod intake;
mod registrations;
mod units;
mod verify;

use std::path::PathBuf;
use std::process::ExitCode;

use dengji_core::{Archive, Result, Stamp};

use crate::args::{Cli, Command, DomainCmd};

pub struct Ctx {
    pub data_dir: PathBuf,
}

impl Ctx {
    pub fn open(&self) -> Result<Archive> {
        Archive::open(&self.data_dir)
    }

    /// Who is acting, and now. Accounts arrive with a later issue; until then the
    /// operator is DENGJI_USER or the OS user.
    pub fn stamp(&self) -> Stamp {
        let operator = ["DENGJI_USER", "USER", "USERNAME"]
            .iter()
            .find_map(|k| std::env::var(k).ok().filter(|v| !v.trim().is_empty()))
            .unwrap_or_else(|| "unknown".to_string());
        Stamp::new(operator, chrono::Utc::now())
    }
}

pub fn run(cli: Cli) -> Result<ExitCode> {
    let ctx = Ctx { data_dir: cli.data_dir.unwrap_or_else(dengji_core::default_data_dir) };
    match cli.command {
        Command::Init { archive_name, region } => {
            let archive = Archive::init(&ctx.data_dir, &archive_name, &region, &ctx.stamp())?;
            let info = archive.info()?;
            println!(
                "已初始化档案库 “{}”（{} {}）于 {}",
                info.name,
                info.region_code,
                info.region_name.unwrap_or_default(),
                info.data_dir.display()
            );
            Ok(ExitCode::SUCCESS)
        }
        Command::Unit(c) => units::run(&ctx, c),
        Command::Domain(DomainCmd::List) => {
            for d in ctx.open()?.domains()? {
                println!("{d}");
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Domain(DomainCmd::Add { name }) => {
            let added = ctx.open()?.add_domain(&name, &ctx.stamp())?;
            eprintln!("{}", if added { "已添加领域。" } else { "该领域已在列表中，未做更改。" });
            Ok(ExitCode::SUCCESS)
        }
        Command::Intake(a) => intake::run(&ctx, a),
        Command::Seal { draft, json } => registrations::seal(&ctx, &draft, json),
        Command::Draft(c) => registrations::draft(&ctx, c),
        Command::Show { registration, json } => registrations::show(&ctx, &registration, json),
        Command::List { json } => registrations::list(&ctx, json),
        Command::Ledger(c) => verify::ledger(&ctx, c),
        Command::Vault(c) => verify::vault(&ctx, c),
    }
}
