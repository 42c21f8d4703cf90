//! Command-line grammar.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

#[derive(Parser, Debug)]
#[command(name = "dengji", version, about = "档案登记备份工作站 命令行工具 (Dengji archive registration and backup workstation)")]
pub struct Cli {
    /// Data directory (catalog + vault). Default: the platform's user data dir.
    #[arg(long, global = true, env = "DENGJI_DATA_DIR")]
    pub data_dir: Option<PathBuf>,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Create a new archive in the data directory.
    Init {
        /// Name of the archive (档案馆名称).
        #[arg(long)]
        archive_name: String,
        /// GB/T 2260 six-digit region code of the archive, e.g. 330102.
        #[arg(long)]
        region: String,
    },
    /// Depositor units (登记单位).
    #[command(subcommand)]
    Unit(UnitCmd),
    /// The configurable list of domains (民生领域) units are filed under.
    #[command(subcommand)]
    Domain(DomainCmd),
    /// Take files and folders into a draft registration (接收).
    Intake(IntakeArgs),
    /// Seal a draft: assign its registration number and freeze it (封存).
    Seal {
        /// Draft id.
        draft: String,
        #[arg(long)]
        json: bool,
    },
    /// Edit a draft.
    #[command(subcommand)]
    Draft(DraftCmd),
    /// Show one registration (by registration number or draft id).
    Show {
        registration: String,
        #[arg(long)]
        json: bool,
    },
    /// List registrations.
    List {
        #[arg(long)]
        json: bool,
    },
    /// The tamper-evident ledger.
    #[command(subcommand)]
    Ledger(LedgerCmd),
    /// The content-addressed vault.
    #[command(subcommand)]
    Vault(VaultCmd),
}

#[derive(Subcommand, Debug)]
pub enum UnitCmd {
    /// Register a new unit; prints its id.
    Add {
        #[arg(long)]
        name: String,
        /// agency | institution | enterprise | project | organization | individual (or the Chinese label)
        #[arg(long)]
        kind: String,
        /// Unified Social Credit Code (统一社会信用代码); individuals may omit it.
        #[arg(long)]
        uscc: Option<String>,
        #[arg(long)]
        domain: Option<String>,
        /// Accept a code whose check character is wrong (pilot-era codes).
        #[arg(long)]
        force: bool,
        #[arg(long)]
        json: bool,
    },
    /// List units.
    List {
        #[arg(long)]
        json: bool,
    },
    /// Show a unit (by id or USCC).
    Show {
        unit: String,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand, Debug)]
pub enum DomainCmd {
    /// List the domains.
    List,
    /// Add a domain to the list.
    Add { name: String },
}

#[derive(Args, Debug)]
pub struct IntakeArgs {
    /// Unit (id or USCC) for a new draft.
    #[arg(long, required_unless_present_any = ["draft", "resume"])]
    pub unit: Option<String>,
    /// Title of the new registration.
    #[arg(long, required_unless_present_any = ["draft", "resume"])]
    pub title: Option<String>,
    /// paper-scan | electronic | business-data
    #[arg(long, default_value = "electronic")]
    pub kind: String,
    /// Add the files to an existing draft instead of creating one.
    #[arg(long, conflicts_with_all = ["unit", "title", "resume"])]
    pub draft: Option<String>,
    /// Resume an interrupted intake of a draft over its recorded sources.
    #[arg(long, conflicts_with_all = ["unit", "title", "draft"])]
    pub resume: Option<String>,
    #[arg(long)]
    pub json: bool,
    /// Files and folders to take in.
    #[arg(required_unless_present = "resume")]
    pub paths: Vec<PathBuf>,
}

#[derive(Subcommand, Debug)]
pub enum DraftCmd {
    /// Remove items (by path as shown) from a draft.
    Remove {
        draft: String,
        #[arg(required = true)]
        paths: Vec<String>,
    },
    /// Accept the draft's open findings (e.g. checksum mismatches) so it can be sealed.
    Accept {
        draft: String,
        #[arg(long)]
        reason: String,
    },
    /// List a draft's findings.
    Findings {
        draft: String,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand, Debug)]
pub enum LedgerCmd {
    /// Check the hash chain and the catalog against it; exit 1 names the first break.
    Verify {
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand, Debug)]
pub enum VaultCmd {
    /// Re-hash every object; exit 1 lists every missing or changed one.
    Verify {
        #[arg(long)]
        json: bool,
    },
}
