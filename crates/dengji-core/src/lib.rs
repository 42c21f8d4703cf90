//! Dengji's domain core: the catalog, the vault, intake, sealing and the ledger.
//! Nothing here knows about Tauri or the terminal; the CLI and the desktop app are thin
//! layers over `Archive`.

mod access_log;
mod accounts;
mod applications;
mod archive;
pub(crate) mod attest;
mod catalog;
pub mod cert;
pub(crate) mod check;
pub mod chunks;
pub mod demo;
pub mod digest;
mod discard;
mod disposal;
mod domains;
mod error;
mod handback;
mod ids;
mod intake;
mod job_lock;
pub mod key;
pub mod ledger;
mod media;
mod metadata;
mod migrate;
mod overview;
pub mod pathenc;
mod peers;
mod private;
pub mod progress;
#[cfg(test)]
mod prop;
mod recover;
pub mod region;
mod registrations;
mod restore;
mod seal;
mod search;
mod series;
mod settings_file;
pub mod spreadsheet;
mod stamp;
mod stat_tables;
mod statistics;
pub mod transfer;
mod units;
mod upward;
pub mod uscc;
mod vault;
mod vault_repair;
mod verify;

pub use access_log::AccessEvent;
pub use accounts::{Actor, Role, User, MIN_PASSWORD_CHARS};
pub use applications::{Application, ApplicationKind, ApplicationStatus, LowerTarget};
pub use archive::{default_data_dir, Archive, ArchiveInfo};
pub use attest::{Attestation, AttestedFile, HeldBy, HeldOn, RegisteredCopy};
/// For the benchmark's account of what workstations of a centre archive wait for.
#[doc(hidden)]
pub use catalog::writer_lock_waited;
pub use catalog::{schema_version, CatalogLocation};
/// The catalog port, for tests and tools that must reach the catalog under the domain
/// (damaging it on purpose, reading a column the API does not show).
#[doc(hidden)]
pub use catalog::{Conn, OptionalExtension, SqlResult, ToSql};
pub use cert::{CertQuery, CertStatus, CertVerdict, Certificate, DisposedNote};
pub use check::{
    AcceptScope, CheckAcceptance, CheckError, CheckFinding, CheckRecord, CheckReport, CheckSummary, ColourMode, Counts, Dpi, ImageInfo,
    Infection, Property, SealCheck, Severity, VirusScan, ACCEPTED_FORMATS,
};
pub use discard::DiscardReport;
pub use disposal::{
    disposal_record_name, Disposal, DisposalRecord, DisposalStatus, DueItem, DueRegistration, Hold, MediumMark, NewDisposal, NewHold,
};
pub use domains::Domain;
pub use error::{CatalogError, Error, ErrorCode, Result};
pub use handback::{record_name, HandbackReport, HandbackRequest};
pub use ids::{
    ApplicationId, CertificateId, CheckId, DisposalId, FindingId, HoldId, ItemId, PeerId, RegistrationId, SeriesId, ShipmentId, UnitId,
    UserId,
};
pub use intake::{detect_format, IntakeCheck, IntakeReport, IntakeTarget};
pub use key::{check_key_passphrase, ArchiveKey, KeyStatus, SignatureCheck, SignatureStatus, SignedCheckpoint, MIN_KEY_PASSPHRASE_CHARS};
pub use ledger::AuditFilter;
pub use media::{
    drive_health, BackupOptions, BackupReport, BackupStatus, CheckDue, CheckinReport, DriveHealth, Medium, MediumKey, MediumKind,
    MediumProblem, MediumReport, NotCounted, Outing, ProblemKind, RepairReport, RetireReason, Retirement, Shipment, UnderCopied,
};
pub use metadata::{CatalogueImport, ColumnUse, Field, ImportProblem, ItemMeta, Retention, UnmatchedRow, CLASSIFICATIONS};
pub use migrate::MigrateReport;
pub use overview::{Overview, Setup};
pub use peers::{canonical_pem, read_peer_certificate, Peer, PeerAdded, PeerCertificate, PeerKey, Relation};
pub use progress::{CancelToken, JobProgress, NoProgress, Phase, Progress, Throttled};
pub use recover::{MissingRegistration, RecoverReport};
pub use registrations::list::{RegistrationOrder, RegistrationPage, RegistrationQuery};
pub use registrations::{Finding, FindingKind, Item, RecordKind, Registration, RegistrationDetail, SeriesPlace, Status, UnitRef};
pub use restore::{safe_destination, RestoreReport, RestoreRequest};
pub use seal::{package_digests, SealReport};
pub use search::{HitKind, SearchFilter, SearchHit, SearchResults};
pub use series::{Cadence, FileChange, MissingHandover, NewSeries, Period, Series, SeriesEdit, SeriesLine, SeriesVersion, VersionDiff};
pub use settings_file::{SettingsFile, SettingsImport};
pub use stamp::{archive_offset, format_date, format_time, local, local_date, local_text, parse_date, parse_time, Stamp};
pub use stat_tables::{StatCell, StatTable, GROUPINGS};
pub use statistics::{Bucket, MediumStat, Statistics, Totals};
pub use units::{NewUnit, Unit, UnitEdit, UnitEdited, UnitKind};
pub use upward::{
    ExportOptions, ForwardedReport, LowerArchive, LowerRestoreRequest, LowerResults, ReceivedReport, RecoveryMedium, RefusedFork,
    ReportAcked, ReportExported, ReportImported, SentReport, SourceStatistics, StoredFile, Witness, RECOVERY_RECEIPT,
};
pub use vault::{ChunkProblem, S3Location, SpaceUsage, Tamper, Vault, VaultLocation, VaultUsage, CHUNKED_FROM};
pub use vault_repair::VaultRepairReport;
pub use verify::{LedgerProblem, LedgerReport, VaultProblem, VaultReport};
