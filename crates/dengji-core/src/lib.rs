//! Dengji's domain core: the catalog, the vault, intake, sealing and the ledger.
//! Nothing here knows about Tauri or the terminal; the CLI and the desktop app are thin
//! layers over `Archive`.

mod accounts;
mod applications;
mod archive;
mod catalog;
pub mod cert;
pub mod digest;
mod error;
mod ids;
mod intake;
pub mod ledger;
mod media;
pub mod pathenc;
pub mod progress;
pub mod region;
mod registrations;
mod restore;
mod seal;
mod stamp;
mod units;
pub mod uscc;
mod vault;
mod verify;

pub use accounts::{Actor, Role, User, MIN_PASSWORD_CHARS};
pub use applications::{Application, ApplicationKind, ApplicationStatus};
pub use archive::{default_data_dir, Archive, ArchiveInfo};
pub use catalog::schema_version;
pub use cert::{CertQuery, CertStatus, CertVerdict, Certificate};
pub use error::{Error, Result};
pub use ids::{ApplicationId, CertificateId, ItemId, RegistrationId, UnitId, UserId};
pub use intake::{detect_format, IntakeReport, IntakeTarget};
pub use ledger::AuditFilter;
pub use media::{
    BackupReport, BackupStatus, CheckDue, Medium, MediumKind, MediumProblem, MediumReport, ProblemKind, RepairReport, UnderCopied,
};
pub use progress::{CancelToken, JobProgress, NoProgress, Phase, Progress, Throttled};
pub use registrations::{Finding, Item, RecordKind, Registration, Status, UnitRef};
pub use restore::{safe_destination, RestoreReport, RestoreRequest};
pub use seal::{package_digests, SealReport};
pub use stamp::{archive_offset, format_time, Stamp};
pub use units::{NewUnit, Unit, UnitKind};
pub use vault::Vault;
pub use verify::{LedgerProblem, LedgerReport, VaultProblem, VaultReport};
