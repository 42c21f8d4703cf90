//! Backup media (备份介质): registering a medium, writing sealed registrations to it as
//! BagIt bags (RFC 8493), a series' versions as one OCFL object, and verifying what it holds.
//!
//! ```text
//! <medium>/DENGJI-MEDIUM.json        identity: medium id, label, set, kind, archive
//! <medium>/README-如何核验.txt         how to verify the medium without this program
//! <medium>/bags/<registration no.>/  one BagIt bag per sealed registration (names on
//!                                    the medium portable: see `layout.rs`)
//! <medium>/bags/.<no.>.partial/      a bag being written; never counted as a backup
//! <medium>/series/<series id>/       a series' versions as one OCFL 1.1 object, each version
//!                                    that registration's bag, content as forward deltas (`ocfl.rs`)
//! <medium>/series/<series id>.sha256 every file of that object, for `sha256sum -c`
//! <medium>/catalog/catalog.sqlite    snapshot of the catalog and ledger after the last backup
//! <medium>/catalog/CHECKPOINT.txt(.sig)  its checkpoint and digest, signed with the archive key
//! <medium>/keys/                     the archive's certificates (public), `核验页.html` the verifier
//! <medium>/quarantine/<time>/…       files a repair found in no bag, moved aside (never deleted)
//! ```
use chrono::{DateTime, Utc};

mod backup;
pub(crate) mod bagit;
mod desk;
pub(crate) mod fault;
mod health;
pub(crate) mod identity;
pub(crate) mod layout;
mod locate;
mod objects;
pub(crate) mod ocfl;
mod publish;
pub(crate) mod purge;
mod readme;
pub(crate) mod recovery;
mod repair;
pub(crate) mod snapshot;
pub(crate) mod status;
mod store;
mod verify;

use std::fmt;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use rand_core::RngCore;
use serde::Serialize;

use crate::accounts::Role;
use crate::archive::Archive;
use crate::error::{Error, Result};
use crate::ledger;
use crate::stamp::Stamp;

pub use backup::{BackupOptions, BackupReport};
pub use desk::{CheckinReport, MediumKey, Outing, RetireReason, Retirement, Shipment};
pub(crate) use fault::medium_io;
pub use health::{drive_health, DriveHealth};
pub(crate) use locate::Locator;
pub use repair::RepairReport;
pub use status::{BackupStatus, CheckDue, NotCounted, UnderCopied};
pub use verify::{MediumProblem, MediumReport, ProblemKind};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export_to = "../../ui/src/bindings/"))]
pub enum MediumKind {
    Hdd,
    Ssd,
    Usb,
    Optical,
    Tape,
}

impl MediumKind {
    pub const ALL: [MediumKind; 5] = [MediumKind::Hdd, MediumKind::Ssd, MediumKind::Usb, MediumKind::Optical, MediumKind::Tape];

    pub fn as_str(self) -> &'static str {
        match self {
            MediumKind::Hdd => "hdd",
            MediumKind::Ssd => "ssd",
            MediumKind::Usb => "usb",
            MediumKind::Optical => "optical",
            MediumKind::Tape => "tape",
        }
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            MediumKind::Hdd => "机械硬盘",
            MediumKind::Ssd => "固态硬盘",
            MediumKind::Usb => "U盘",
            MediumKind::Optical => "光盘",
            MediumKind::Tape => "磁带",
        }
    }
}

impl fmt::Display for MediumKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for MediumKind {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        let s = s.trim();
        MediumKind::ALL
            .into_iter()
            .find(|k| k.as_str().eq_ignore_ascii_case(s) || k.label_zh() == s)
            .ok_or_else(|| Error::BadMediumKind(s.to_string()))
    }
}

/// A registered backup medium as the catalog knows it.
#[derive(Debug, Clone, Serialize)]
pub struct Medium {
    /// The id in the medium's identity file.
    pub id: String,
    pub label: String,
    pub set: String,
    pub kind: MediumKind,
    pub location: Option<String>,
    /// Where it was mounted when registered or last written.
    pub path: String,
    pub capacity_bytes: Option<i64>,
    pub free_bytes: Option<i64>,
    pub created_at: DateTime<Utc>,
    /// Sealed registrations written to it (as bags) and their payload bytes.
    pub registrations: i64,
    pub bytes_used: i64,
    pub last_backup_at: Option<DateTime<Utc>>,
    pub last_verified_at: Option<DateTime<Utc>>,
    /// `ok` or `problems`.
    pub last_result: Option<String>,
    /// Set once the medium is retired: nothing more is written to it and its copies no
    /// longer count toward the copy policy.
    pub retired: Option<Retirement>,
    /// Set while it is out of the building (checked out and not yet back).
    pub out: Option<Outing>,
    #[serde(skip)]
    pub(crate) row: crate::ids::MediumRow,
}

/// Total and available bytes of the file system holding `path`, when it can tell.
pub(crate) fn space(path: &Path) -> (Option<i64>, Option<i64>) {
    let total = fs4::total_space(path).ok().map(|n| n as i64);
    let free = fs4::available_space(path).ok().map(|n| n as i64);
    (total, free)
}

fn new_medium_id() -> String {
    let mut bytes = [0u8; 8];
    rand_core::OsRng.fill_bytes(&mut bytes);
    hex::encode(bytes)
}

impl Archive {
    /// Registers the medium mounted at `root`: writes its identity file and records it.
    pub fn add_medium(
        &mut self,
        root: &Path,
        label: &str,
        set: &str,
        kind: MediumKind,
        location: Option<&str>,
        stamp: &Stamp,
    ) -> Result<Medium> {
        self.authorize(stamp, &[Role::Clerk], "登记备份介质")?;
        let label = label.trim();
        let set = set.trim();
        let location = location.map(str::trim).filter(|l| !l.is_empty());
        if label.is_empty() {
            return Err(Error::Empty { what: "介质标签" });
        }
        if set.is_empty() {
            return Err(Error::Empty { what: "介质套别" });
        }
        if !root.is_dir() {
            return Err(Error::MediumMissing(root.to_path_buf()));
        }
        let info = self.info()?;
        let existing = identity::read(root)?;
        if let Some(id) = &existing {
            if id.archive.instance_id != info.instance_id {
                return Err(Error::MediumForeign {
                    path: root.to_path_buf(),
                    archive: id.archive.name.clone(),
                    instance: id.archive.instance_id.clone(),
                });
            }
            if let Some(m) = self.medium_by_id(&id.id)? {
                return Err(Error::MediumRegistered { path: root.to_path_buf(), label: m.label });
            }
        }
        if self.media()?.iter().any(|m| m.label == label) {
            return Err(Error::MediumLabelTaken(label.to_string()));
        }
        // A medium of this archive that the catalog lost keeps its id (and its bags).
        let id = existing.map(|i| i.id).unwrap_or_else(new_medium_id);
        let created = stamp.at_text();
        let ident = identity::Identity::new(
            id.clone(),
            label,
            set,
            kind.as_str(),
            identity::ArchiveRef { instance_id: info.instance_id.clone(), name: info.name.clone() },
            created.clone(),
        );
        identity::write(root, &ident, medium_io(label, root))?;
        readme::write(root, &ident, medium_io(label, root))?;
        let (capacity, free) = space(root);
        let path = root.to_string_lossy().into_owned();
        let tx = self.conn_mut().transaction()?;
        let new = store::NewMedium { id: &id, label, set, kind, location, path: &path, capacity, free };
        store::insert(&tx, &new, &created, &stamp.operator)?;
        ledger::append(
            &tx,
            stamp,
            "medium.add",
            &format!("medium:{id}"),
            &serde_json::json!({"id": id, "label": label, "set": set, "kind": kind.as_str(), "location": location, "path": path, "capacity_bytes": capacity}),
        )?;
        tx.commit()?;
        self.medium_by_id(&id)?.ok_or_else(|| Error::Integrity(format!("介质 {id} 登记后未找到")))
    }

    /// Writing to a medium (a backup, a repair) needs it in service: not retired, not out.
    pub(crate) fn in_service(&self, medium: &Medium) -> Result<()> {
        if let Some(r) = &medium.retired {
            return Err(Error::MediumRetired { label: medium.label.clone(), reason: r.reason.label_zh().to_string() });
        }
        if let Some(o) = &medium.out {
            return Err(Error::MediumOut { label: medium.label.clone(), destination: o.destination.clone() });
        }
        Ok(())
    }

    /// Every registered medium, by set and label.
    pub fn media(&self) -> Result<Vec<Medium>> {
        store::all(self.conn())
    }

    fn medium_by_id(&self, id: &str) -> Result<Option<Medium>> {
        store::by_medium_id(self.conn(), id)
    }

    /// The registered medium of this archive mounted at `root`, known by its identity file.
    pub fn medium_at(&self, root: &Path) -> Result<Medium> {
        if !root.is_dir() {
            return Err(Error::MediumMissing(root.to_path_buf()));
        }
        let Some(ident) = identity::read(root)? else {
            // A registered medium last seen here and now without its identity file was
            // pulled out or not mounted: its empty mount point is all that is left.
            let here = root.to_string_lossy();
            return Err(match self.media()?.into_iter().find(|m| m.path == here) {
                Some(m) => Error::MediumGone { label: m.label, path: root.to_path_buf() },
                None => Error::MediumUnknown(root.to_path_buf()),
            });
        };
        let info = self.info()?;
        if ident.archive.instance_id != info.instance_id {
            return Err(Error::MediumForeign {
                path: root.to_path_buf(),
                archive: ident.archive.name,
                instance: ident.archive.instance_id,
            });
        }
        self.medium_by_id(&ident.id)?.ok_or_else(|| Error::MediumUnknown(root.to_path_buf()))
    }

    /// Where each file of sealed registration `number` is on the registered medium at
    /// `root` (in its bag, or in its series' object), by SHA-256; refused unless the catalog
    /// says the medium holds it.
    pub(crate) fn payload_on(
        &self,
        root: &Path,
        registration: crate::ids::RegistrationId,
        number: &str,
        items: &[crate::registrations::Item],
    ) -> Result<(Medium, std::collections::BTreeMap<crate::digest::Sha256, PathBuf>)> {
        let medium = self.medium_at(root)?;
        if !store::holds_bag(self.conn(), medium.row, registration)? {
            return Err(Error::MediumLacksBag { label: medium.label, number: number.to_string() });
        }
        let series = crate::series::membership_of(self.conn(), registration)?.map(|(s, ..)| s);
        let layout = layout::BagLayout::new(items);
        let mut locator = Locator::new(root);
        let mut paths = std::collections::BTreeMap::new();
        for item in items.iter().filter(|i| !i.is_disposed()) {
            if let Some(p) = locator.path(number, series, &layout, item)? {
                paths.entry(item.sha256).or_insert(p);
            }
        }
        Ok((medium, paths))
    }

    /// Holds the medium for one job, so two backups or verifications never interleave.
    pub(crate) fn lock_medium(&self, medium: &Medium) -> Result<crate::job_lock::JobLock> {
        self.take_lock(&format!("medium-{}.lock", medium.id))?.ok_or_else(|| Error::MediumBusy(medium.label.clone()))
    }
}
