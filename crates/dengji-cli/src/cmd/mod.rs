//! Dispatch from parsed arguments to the core.

mod accounts;
mod applications;
mod attest;
mod audit;
mod catalogue;
mod cert;
mod check;
mod disposal;
mod intake;
mod key;
mod media;
mod media_desk;
mod peer;
mod recover;
mod registrations;
mod search;
mod series;
mod stats;
mod status;
mod units;
mod upward;
mod verify;

use std::path::PathBuf;
use std::process::ExitCode;

use chrono::Utc;
use dengji_core::{AccessEvent, Actor, Archive, Stamp};

use crate::args::{Cli, Command};
use crate::auth;
use crate::error::{CliError, Result};

pub struct Ctx {
    pub data_dir: PathBuf,
}

impl Ctx {
    /// Opens the archive without signing in (init and bootstrap only).
    pub fn open(&self) -> Result<Archive> {
        Ok(Archive::open(&self.data_dir)?)
    }

    /// Opens the archive and signs in with DENGJI_USER / DENGJI_PASSWORD (or the
    /// terminal's answers). Every command that reads or changes the catalog starts here.
    pub fn login(&self) -> Result<(Archive, Actor)> {
        let mut archive = self.open()?;
        if !archive.has_accounts()? {
            return Err(CliError::NoAccounts(self.data_dir.clone()));
        }
        let (name, password) = auth::credentials()?;
        let actor = archive.login(&name, &password, Utc::now())?;
        Ok((archive, actor))
    }

    /// Signs in and unlocks the archive key (DENGJI_KEY_PASSPHRASE or a prompt), for
    /// commands that sign.
    pub fn signer(&self) -> Result<(Archive, Actor)> {
        self.sign_in_and_unlock(true)
    }

    /// Signs in, and unlocks the archive key when the archive has one (commands that sign
    /// what they write when they can, such as a backup's checkpoint).
    pub fn login_to_sign(&self) -> Result<(Archive, Actor)> {
        self.sign_in_and_unlock(false)
    }

    fn sign_in_and_unlock(&self, key_required: bool) -> Result<(Archive, Actor)> {
        let (mut archive, actor) = self.login()?;
        if archive.active_key()?.is_none() {
            return if key_required { Err(dengji_core::Error::KeyMissing.into()) } else { Ok((archive, actor)) };
        }
        let passphrase = auth::key_passphrase()?;
        archive.unlock_key(&passphrase, &stamp(&actor))?;
        Ok((archive, actor))
    }

    /// The signed-in archive alone, for commands that only read.
    pub fn reader(&self) -> Result<Archive> {
        Ok(self.login()?.0)
    }
}

pub use crate::progress::run_job as with_progress;

/// A `--status` as given: draft (草稿) or sealed (已封存).
pub fn status_of(text: Option<&str>) -> Result<Option<dengji_core::Status>> {
    match text.map(str::trim) {
        None => Ok(None),
        Some("draft" | "草稿") => Ok(Some(dengji_core::Status::Draft)),
        Some("sealed" | "已封存") => Ok(Some(dengji_core::Status::Sealed)),
        Some(other) => Err(crate::error::CliError::BadStatus(other.to_string())),
    }
}

/// Who acts, and now.
pub fn stamp(actor: &Actor) -> Stamp {
    actor.stamp(Utc::now())
}

/// Records in the access log what a command printed, verified or exported.
pub fn record(archive: &mut Archive, actor: &Actor, event: AccessEvent, subject: &str, detail: serde_json::Value) -> Result<()> {
    Ok(archive.record_access(event, subject, &detail, &stamp(actor))?)
}

pub fn run(cli: Cli) -> Result<ExitCode> {
    let ctx = Ctx { data_dir: cli.data_dir.unwrap_or_else(dengji_core::default_data_dir) };
    match cli.command {
        Command::Init { archive_name, region, admin, no_key, catalog, vault, json } => {
            let stores = (accounts::catalog_location(catalog.as_deref())?, accounts::vault_location(vault)?);
            accounts::init(&ctx, &archive_name, &region, &admin, no_key, &stores, json)
        }
        Command::Attach { catalog, vault, json } => {
            accounts::attach(&ctx, &accounts::catalog_location(Some(&catalog))?, &accounts::vault_location(vault)?, json)
        }
        Command::Info { json } => accounts::info(&ctx, json),
        Command::Demo { json } => accounts::demo(&ctx, json),
        Command::User(c) => accounts::user(&ctx, c),
        Command::Settings(c) => accounts::settings(&ctx, c),
        Command::Apply(c) => applications::apply(&ctx, c),
        Command::Approve { application, json } => applications::decide(&ctx, &application, true, json),
        Command::Reject { application, json } => applications::decide(&ctx, &application, false, json),
        Command::Applications { json } => applications::list(&ctx, json),
        Command::Handback { application, to, from, overwrite, json } => {
            applications::handback(&ctx, &application, to, from, overwrite, json)
        }
        Command::Restore { registration, to, application, file, overwrite, from, json } => {
            applications::restore(&ctx, &registration, to, &application, file, overwrite, from, json)
        }
        Command::Audit(a) => audit::run(&ctx, a),
        Command::Stats { at, by, export, with_lower, json } => {
            stats::run(&ctx, at.as_deref(), by.as_deref(), export.as_deref(), with_lower, json)
        }
        Command::Status { at, json } => status::run(&ctx, at.as_deref(), json),
        Command::Unit(c) => units::run(&ctx, c),
        Command::Series(c) => series::run(&ctx, c),
        Command::Domain(c) => units::domain(&ctx, c),
        Command::Disposal(c) => disposal::run(&ctx, c),
        Command::Intake(a) => intake::run(&ctx, a),
        Command::Seal { draft, json } => registrations::seal(&ctx, &draft, json),
        Command::Draft(c) => registrations::draft(&ctx, c),
        Command::Show { registration, json } => registrations::show(&ctx, &registration, json),
        Command::List { text, status, limit, offset, json } => registrations::list(&ctx, text, status, limit, offset, json),
        Command::Ledger(c) => verify::ledger(&ctx, c),
        Command::Key(c) => key::run(&ctx, c),
        Command::Peer(c) => peer::run(&ctx, c),
        Command::Upward(c) => upward::run(&ctx, c),
        Command::Verifier(crate::args::VerifierCmd::Export { file, json }) => key::export_verifier(&ctx, &file, json),
        Command::Vault(c) => verify::vault(&ctx, c),
        Command::Store(crate::args::StoreCmd::Migrate {
            to_data_dir,
            to_catalog,
            to_vault,
            s3_endpoint,
            s3_region,
            s3_credentials,
            json,
        }) => {
            let catalog = accounts::catalog_location(to_catalog.as_deref())?;
            let vault = accounts::vault_location(crate::args::VaultArgs { vault: to_vault, s3_endpoint, s3_region, s3_credentials })?;
            verify::migrate(&ctx, &to_data_dir, &catalog, &vault, json)
        }
        Command::Media(c) => media::run(&ctx, c),
        Command::Backup { path, read_back, ignore_health, json } => media::backup(&ctx, &path, read_back, ignore_health, json),
        Command::Search { query, unit, kind, domain, year, status, set, limit, json } => {
            search::run(&ctx, &query, search::Filters { unit, kind, domain, year, status, set, limit }, json)
        }
        Command::Catalogue(c) => catalogue::run(&ctx, c),
        Command::Attest { files, report, json } => attest::run(&ctx, &files, report.as_deref(), json),
        Command::Check { action: Some(action), .. } => check::gate(&ctx, action),
        Command::Check { action: None, registration, report, json } => {
            check::run(&ctx, registration.as_deref().unwrap_or_default(), report.as_deref(), json)
        }
        Command::Recover { from, catalog, vault, json } => {
            let stores = (accounts::catalog_location(catalog.as_deref())?, accounts::vault_location(vault)?);
            recover::run(&ctx, &from, &stores, json)
        }
        Command::Cert(c) => cert::run(&ctx, c),
    }
}
