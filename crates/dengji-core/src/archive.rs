//! One data directory = one archive: the SQLite catalog plus the vault.
//!
//! ```text
//! <data dir>/catalog.sqlite   catalog and ledger (WAL)
//! <data dir>/vault/objects/   content-addressed objects
//! <data dir>/vault/tmp/       per-job scratch, never referenced by the catalog
//! <data dir>/locks/           advisory locks of running jobs
//! ```

use std::fs;
use std::path::{Path, PathBuf};

use serde::Serialize;

use chrono::{DateTime, Utc};

use crate::accounts::{self, Actor, Role};
use crate::catalog::{params, CatalogLocation, Conn, OptionalExtension};
use crate::error::{Error, Result};
use crate::job_lock::{self, JobLock};
use crate::private;
use crate::stamp::Stamp;
use crate::vault::{Vault, VaultLocation};
use crate::{catalog, key, ledger, region};

pub(crate) const CATALOG: &str = "catalog.sqlite";

pub struct Archive {
    dir: PathBuf,
    /// Where `conn` connects: `catalog.sqlite` here, or a centre's PostgreSQL database.
    catalog: CatalogLocation,
    conn: Conn,
    vault: Vault,
    /// The archive key, decrypted for this session by `unlock_key`.
    unlocked: Option<key::Unlocked>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ArchiveInfo {
    pub data_dir: PathBuf,
    pub name: String,
    pub region_code: String,
    pub region_name: Option<String>,
    pub instance_id: String,
    pub created_at: DateTime<Utc>,
    pub schema_version: i64,
    /// False for a data directory from before accounts existed: it needs its first admin.
    pub has_accounts: bool,
    /// The training archive (演示数据), never a real one.
    pub demo: bool,
    /// Where the catalog is.
    pub catalog: CatalogLocation,
    /// Where the vault's objects are.
    pub vault: VaultLocation,
}

/// The platform's per-user data directory (e.g. ~/.local/share/dengji on Linux).
pub fn default_data_dir() -> PathBuf {
    dirs::data_dir().unwrap_or_else(|| PathBuf::from(".")).join("dengji")
}

impl Archive {
    pub fn is_initialised(dir: &Path) -> bool {
        dir.join(CATALOG).is_file() || dir.join(catalog::CATALOG_FILE).is_file()
    }

    /// Creates a new archive with its first admin account, who is signed in on return. The
    /// catalog is built under a temporary name and renamed into place last, so an
    /// interrupted init leaves no half-initialised directory.
    pub fn init(
        dir: &Path,
        name: &str,
        region_code: &str,
        admin: &str,
        admin_password: &str,
        at: DateTime<Utc>,
    ) -> Result<(Archive, Actor)> {
        Self::init_with_vault(dir, &VaultLocation::Local, name, region_code, admin, admin_password, at)
    }

    /// `init` with the vault at `vault` (a centre archive's bucket); the data directory
    /// remembers where.
    pub fn init_with_vault(
        dir: &Path,
        vault: &VaultLocation,
        name: &str,
        region_code: &str,
        admin: &str,
        admin_password: &str,
        at: DateTime<Utc>,
    ) -> Result<(Archive, Actor)> {
        Self::init_in(dir, &CatalogLocation::Embedded, vault, name, region_code, admin, admin_password, at)
    }

    /// `init` with the catalog at `catalog` (an empty PostgreSQL database) and the vault
    /// at `vault`: a centre archive. The data directory remembers both.
    #[allow(clippy::too_many_arguments)] // the two stores, then what `init` takes
    pub fn init_in(
        dir: &Path,
        catalog: &CatalogLocation,
        vault: &VaultLocation,
        name: &str,
        region_code: &str,
        admin: &str,
        admin_password: &str,
        at: DateTime<Utc>,
    ) -> Result<(Archive, Actor)> {
        let name = name.trim();
        if name.is_empty() {
            return Err(Error::Empty { what: "档案馆名称" });
        }
        let region_code = region_code.trim();
        if region::lookup(region_code).is_none() {
            return Err(Error::BadRegion(region_code.to_string()));
        }
        if Self::is_initialised(dir) {
            return Err(Error::AlreadyInitialised(dir.to_path_buf()));
        }
        let admin_hash = accounts::first_admin_hash(admin, admin_password)?;
        // The catalog's server, then the vault: one that does not answer leaves nothing behind.
        let server = match catalog {
            CatalogLocation::Embedded => None,
            CatalogLocation::Postgres { url } => Some(catalog::create_postgres(url)?),
        };
        Vault::create_in(dir, vault)?;
        private::create_dir_all(dir)?;
        private::create_dir_all(&dir.join("locks"))?;
        vault.write(dir)?;
        match server {
            // Schema, archive and first admin in one transaction: a failed init leaves the
            // database empty.
            Some(mut conn) => {
                let tx = conn.transaction()?;
                catalog::build_postgres(&tx)?;
                Self::record_init(&tx, &admin_hash, name, region_code, at)?;
                tx.commit()?;
                catalog.write(dir)?;
            }
            None => {
                let tmp = dir.join(format!("{CATALOG}.init"));
                for suffix in ["", "-wal", "-shm"] {
                    let _ = fs::remove_file(format!("{}{suffix}", tmp.display()));
                }
                {
                    let mut conn = catalog::open(&tmp, dir)?;
                    let tx = conn.transaction()?;
                    Self::record_init(&tx, &admin_hash, name, region_code, at)?;
                    tx.commit()?;
                    catalog::settle_file(&conn)?;
                }
                fs::rename(&tmp, dir.join(CATALOG)).map_err(Error::io(dir))?;
            }
        }
        let mut archive = Self::open(dir)?;
        let actor = archive.login(admin, admin_password, at)?;
        Ok((archive, actor))
    }

    /// Joins an existing centre archive from another workstation: the new data directory
    /// `dir` remembers its catalog and vault, which must answer and belong together;
    /// nothing on the servers changes. Everyone then signs in with their own account.
    pub fn attach(dir: &Path, catalog: &CatalogLocation, vault: &VaultLocation) -> Result<Archive> {
        if Self::is_initialised(dir) {
            return Err(Error::AlreadyInitialised(dir.to_path_buf()));
        }
        if !matches!(catalog, CatalogLocation::Postgres { .. }) || !matches!(vault, VaultLocation::S3(_)) {
            return Err(Error::AttachNeedsServers);
        }
        let conn = catalog::open_at(dir, catalog)?;
        let store = Vault::attach_in(dir, vault)?;
        // The last object the catalog refers to must be in the vault named.
        let newest: Option<crate::digest::Sha256> =
            conn.query_row("SELECT sha256 FROM items ORDER BY id DESC LIMIT 1", (), |r| r.get(0)).optional()?;
        if let Some(sha) = newest {
            if !store.contains(&sha)? {
                return Err(Error::AttachMismatch { vault: vault.to_string(), object: sha.to_hex() });
            }
        }
        drop(conn);
        private::create_dir_all(dir)?;
        private::create_dir_all(&dir.join("locks"))?;
        vault.write(dir)?;
        catalog.write(dir)?;
        Self::open(dir)
    }

    /// The archive's row, its first admin and the ledger's first entries.
    fn record_init(tx: &Conn, admin_hash: &accounts::FirstAdmin, name: &str, region_code: &str, at: DateTime<Utc>) -> Result<()> {
        let stamp = &accounts::insert_first_admin(tx, admin_hash, at)?;
        let instance_id = instance_id();
        tx.execute(
            "INSERT INTO archive (id, name, region_code, instance_id, created_at) VALUES (1, ?1, ?2, ?3, ?4)",
            params![name, region_code, instance_id, stamp.at_text()],
        )?;
        ledger::append(
            tx,
            stamp,
            "archive.init",
            &format!("archive:{instance_id}"),
            &serde_json::json!({"name": name, "region_code": region_code, "instance_id": instance_id, "schema_version": catalog::schema_version_of(tx)}),
        )?;
        accounts::record_first_admin(tx, stamp)
    }

    pub fn open(dir: &Path) -> Result<Archive> {
        if !Self::is_initialised(dir) {
            return Err(Error::NotInitialised(dir.to_path_buf()));
        }
        let location = CatalogLocation::read(dir)?;
        let conn = catalog::open_at(dir, &location)?;
        private::create_dir_all(&dir.join("locks"))?;
        // After the version check: a directory from a newer release is left as it was.
        private::restrict(dir)?;
        Ok(Archive { dir: dir.to_path_buf(), catalog: location, conn, vault: Vault::of(dir)?, unlocked: None })
    }

    pub(crate) fn assemble(dir: &Path, catalog: CatalogLocation, conn: Conn, vault: Vault) -> Archive {
        Archive { dir: dir.to_path_buf(), catalog, conn, vault, unlocked: None }
    }

    pub fn catalog_location(&self) -> &CatalogLocation {
        &self.catalog
    }

    /// A connection of its own to this archive's catalog, under the domain: for tests that
    /// damage the catalog on purpose and for tools reading what the API does not show.
    #[doc(hidden)]
    pub fn connect_catalog(&self) -> Result<Conn> {
        catalog::open_at(&self.dir, &self.catalog)
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    pub fn vault(&self) -> &Vault {
        &self.vault
    }

    pub(crate) fn conn(&self) -> &Conn {
        &self.conn
    }

    pub(crate) fn conn_mut(&mut self) -> &mut Conn {
        &mut self.conn
    }

    pub(crate) fn unlocked(&self) -> Option<&key::Unlocked> {
        self.unlocked.as_ref()
    }

    pub(crate) fn set_unlocked(&mut self, key: Option<key::Unlocked>) {
        self.unlocked = key;
    }

    pub fn info(&self) -> Result<ArchiveInfo> {
        let (name, region_code, instance_id, created_at): (String, String, String, DateTime<Utc>) =
            self.conn.query_row("SELECT name, region_code, instance_id, created_at FROM archive WHERE id = 1", (), |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
            })?;
        Ok(ArchiveInfo {
            data_dir: self.dir.clone(),
            region_name: region::full_name(&region_code),
            name,
            region_code,
            instance_id,
            created_at,
            schema_version: catalog::schema_version_of(&self.conn),
            has_accounts: self.has_accounts()?,
            demo: self.is_demo()?,
            catalog: self.catalog.clone(),
            vault: self.vault.location().clone(),
        })
    }

    pub fn checkpoint(&self) -> Result<ledger::Checkpoint> {
        ledger::checkpoint(&self.conn)
    }

    /// Renames the archive and moves it to another region. Only a settings import calls
    /// this, and only while nothing is sealed (registration numbers carry the region).
    pub(crate) fn rename_archive(&mut self, name: &str, region_code: &str, stamp: &Stamp) -> Result<()> {
        self.authorize(stamp, &[Role::Admin], "修改档案馆信息")?;
        if region::lookup(region_code).is_none() {
            return Err(Error::BadRegion(region_code.to_string()));
        }
        let tx = self.conn.transaction()?;
        if crate::registrations::store::sealed_count(&tx)? > 0 {
            return Err(Error::BadSetting("本机已有封存登记，不能再更改档案馆名称或行政区划".into()));
        }
        tx.execute("UPDATE archive SET name = ?1, region_code = ?2 WHERE id = 1", params![name, region_code])?;
        let instance_id: String = tx.query_row("SELECT instance_id FROM archive WHERE id = 1", (), |r| r.get(0))?;
        ledger::append(
            &tx,
            stamp,
            "archive.update",
            &format!("archive:{instance_id}"),
            &serde_json::json!({"name": name, "region_code": region_code}),
        )?;
        tx.commit()?;
        Ok(())
    }

    pub(crate) fn sealed_count(&self) -> Result<i64> {
        crate::registrations::store::sealed_count(&self.conn)
    }

    /// Takes the lock `name` for one job; `None` while another job holds it.
    pub(crate) fn take_lock(&self, name: &str) -> Result<Option<JobLock>> {
        job_lock::take(&self.dir, &self.catalog, name, false)
    }

    /// Holds a draft for one job (an intake, the seal, a discard), so none of them runs
    /// while another writes into it.
    pub(crate) fn lock_draft(&self, id: crate::ids::RegistrationId) -> Result<JobLock> {
        self.take_lock(&format!("intake-{}.lock", id.0))?.ok_or(Error::DraftBusy(id.0))
    }

    /// Like `take_lock`, but any number of jobs may share it; only an exclusive taker waits.
    pub(crate) fn take_shared_lock(&self, name: &str) -> Result<Option<JobLock>> {
        job_lock::take(&self.dir, &self.catalog, name, true)
    }
}

/// This archive instance's identity: 64 random bits from the operating system (the core
/// reads no clock), so two workstations initialised the same second still differ.
fn instance_id() -> String {
    use rand_core::RngCore;
    let mut bytes = [0u8; 8];
    rand_core::OsRng.fill_bytes(&mut bytes);
    hex::encode(bytes)
}
