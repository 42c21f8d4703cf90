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
    /// Create a new archive in the data directory, with its first admin account.
    /// The admin's password comes from DENGJI_NEW_PASSWORD, else it is asked for twice.
    Init {
        /// Name of the archive (档案馆名称).
        #[arg(long)]
        archive_name: String,
        /// GB/T 2260 six-digit region code of the archive, e.g. 330102.
        #[arg(long)]
        region: String,
        /// Name of the first admin account (管理员).
        #[arg(long)]
        admin: String,
        /// Make the archive key (机构密钥) later, with `dengji key init`. Without this flag
        /// the key is made now; its passphrase comes from DENGJI_KEY_PASSPHRASE, else it is
        /// asked for twice.
        #[arg(long)]
        no_key: bool,
        /// Keep the catalog in this PostgreSQL database (an empty one) instead of the data
        /// directory: a centre archive. No password here: PGPASSWORD or ~/.pgpass.
        #[arg(long, value_name = "postgresql://USER@HOST[:PORT]/DB")]
        catalog: Option<String>,
        #[command(flatten)]
        vault: VaultArgs,
        #[arg(long)]
        json: bool,
    },
    /// Join an existing centre archive from this workstation (加入中心档案库): the data
    /// directory remembers its catalog and vault; everyone then signs in with their own
    /// account. Nothing on the servers changes.
    Attach {
        /// The centre archive's PostgreSQL database.
        #[arg(long, value_name = "postgresql://USER@HOST[:PORT]/DB")]
        catalog: String,
        #[command(flatten)]
        vault: VaultArgs,
        #[arg(long)]
        json: bool,
    },
    /// The archive's name, region, instance and where its catalog and vault are (档案库信息).
    Info {
        #[arg(long)]
        json: bool,
    },
    /// Create the training archive (演示数据) in the data directory: accounts 演示管理员,
    /// 演示登记员, 演示审核员 (password 演示密码123456), three units, two sealed
    /// registrations and a draft. Keep it in its own directory, apart from the real archive.
    Demo {
        #[arg(long)]
        json: bool,
    },
    /// Accounts (账户): add, list, disable, enable, change passwords.
    #[command(subcommand)]
    User(UserCmd),
    /// Record a unit's signed application to get a sealed registration back (申请).
    #[command(subcommand)]
    Apply(ApplyCmd),
    /// Approve a pending application (审批通过); not by the applicant.
    Approve {
        /// Application id.
        application: String,
        #[arg(long)]
        json: bool,
    },
    /// Reject a pending application (驳回); not by the applicant.
    Reject {
        /// Application id.
        application: String,
        #[arg(long)]
        json: bool,
    },
    /// Restore a sealed registration (or one file) to a folder, every file verified (数据恢复).
    /// Needs an application for it that was approved.
    Restore {
        /// Registration number.
        registration: String,
        /// Destination folder (files go under it with their registered paths).
        #[arg(long)]
        to: std::path::PathBuf,
        /// The approved application's id.
        #[arg(long)]
        application: String,
        /// Restore only this file (its path as `dengji show` lists it).
        #[arg(long)]
        file: Option<String>,
        /// Replace files that already exist at the destination.
        #[arg(long)]
        overwrite: bool,
        /// Read the files from the registration's bag on this registered backup medium
        /// instead of the vault.
        #[arg(long)]
        from: Option<std::path::PathBuf>,
        #[arg(long)]
        json: bool,
    },
    /// Hand a sealed registration's files back to its unit (交还) under an approved hand-back
    /// application, every file verified, with a hand-over record (移交清单 PDF, signed when
    /// the archive key is unlocked) written into the folder. The archive keeps its copy.
    Handback {
        /// The approved hand-back application's id.
        application: String,
        /// Destination folder (the unit's drive, usually).
        #[arg(long)]
        to: std::path::PathBuf,
        /// Read the files from the registration's bag on this registered backup medium
        /// instead of the vault.
        #[arg(long)]
        from: Option<std::path::PathBuf>,
        /// Replace files that already exist at the destination.
        #[arg(long)]
        overwrite: bool,
        #[arg(long)]
        json: bool,
    },
    /// List applications, newest first.
    Applications {
        #[arg(long)]
        json: bool,
    },
    /// Search the ledger: who did what, when (审计).
    Audit(AuditArgs),
    /// Backup status (备份状态): sealed registrations on fewer copy sets than required, and
    /// media due for a check. A report: always exits 0.
    Status {
        /// As of this instant (RFC 3339) instead of now.
        #[arg(long)]
        at: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Statistics (统计): sealed registrations, files and volume by domain, unit kind, unit,
    /// year, record kind, media set and month; media and their checks.
    Stats {
        /// As of this instant (RFC 3339) instead of now (for media checks due).
        #[arg(long)]
        at: Option<String>,
        /// Only this grouping; `source`: this archive's totals and each lower archive's as it
        /// last reported.
        #[arg(long, value_parser = clap::builder::PossibleValuesParser::new(dengji_core::GROUPINGS.into_iter().chain(["source"])))]
        by: Option<String>,
        /// Also write every table for the annual report (年报): FILE.xlsx (one sheet per
        /// grouping) or FILE.csv.
        #[arg(long, value_name = "FILE")]
        export: Option<std::path::PathBuf>,
        /// Sum this archive's figures with every lower archive's as it last reported (the
        /// annual report over a city or province), with a table by archive.
        #[arg(long)]
        with_lower: bool,
        #[arg(long)]
        json: bool,
    },
    /// System settings: four-eyes sealing, idle lock.
    #[command(subcommand)]
    Settings(SettingsCmd),
    /// Depositor units (登记单位).
    #[command(subcommand)]
    Unit(UnitCmd),
    /// Business data series (电子业务数据): a unit's dataset handed over every month,
    /// quarter or year, each hand-over a version (`dengji intake --series`).
    #[command(subcommand)]
    Series(SeriesCmd),
    /// The configurable list of domains (民生领域) units are filed under.
    #[command(subcommand)]
    Domain(DomainCmd),
    /// Retention and disposal (鉴定销毁): what is past its retention, and legal holds.
    #[command(subcommand)]
    Disposal(DisposalCmd),
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
    /// List registrations, newest first: all of them, or with --text, --status or
    /// --limit one page found by the catalog (fast at a centre's hundred thousand).
    List {
        /// Words each in the registration's number, title or hand-over reference or its
        /// unit's name, USCC or domain; or a draft's number (`12`, `#12`).
        #[arg(long)]
        text: Option<String>,
        /// draft or sealed.
        #[arg(long)]
        status: Option<String>,
        /// Rows on the page (at most 500).
        #[arg(long)]
        limit: Option<usize>,
        /// Rows skipped before the page.
        #[arg(long, default_value_t = 0)]
        offset: usize,
        #[arg(long)]
        json: bool,
    },
    /// The tamper-evident ledger.
    #[command(subcommand)]
    Ledger(LedgerCmd),
    /// The archive key (机构密钥, SM2) that signs certificates, reports and checkpoints.
    #[command(subcommand)]
    Key(KeyCmd),
    /// The offline verifier page (证明与摘要核验页) for third parties.
    #[command(subcommand)]
    Verifier(VerifierCmd),
    /// Peer archives (上下级档案馆): the archive this one reports to, and those that
    /// report to it, each known by its archive key's certificate.
    #[command(subcommand)]
    Peer(PeerCmd),
    /// Report packages (上报) to the upper archive, taken in there, and their receipts back.
    #[command(subcommand)]
    Upward(UpwardCmd),
    /// The content-addressed vault.
    #[command(subcommand)]
    Vault(VaultCmd),
    /// Where the archive is stored (存储迁移).
    #[command(subcommand)]
    Store(StoreCmd),
    /// Backup media (备份介质): register, list, verify, repair, drive health.
    #[command(subcommand)]
    Media(MediaCmd),
    /// Registration certificates (登记证明): issue, print again, verify, list.
    #[command(subcommand)]
    Cert(CertCmd),
    /// Write every sealed registration not yet on the medium at PATH as a BagIt bag (备份);
    /// prints the drive's SMART health first.
    Backup {
        /// Root of a registered medium (where DENGJI-MEDIUM.json is).
        path: PathBuf,
        /// Before recording each bag, read every file back from the medium (not from
        /// memory) against both digests: twice the medium's I/O. Each object's SHA-256 is
        /// always checked as it is copied.
        #[arg(long)]
        read_back: bool,
        /// Write even though the drive's SMART health is failing or cannot be read (the
        /// backup is refused otherwise); the choice is recorded in the ledger.
        #[arg(long)]
        ignore_health: bool,
        #[arg(long)]
        json: bool,
    },
    /// Attest presented files (鉴证): is each identical to a registered file? Names the unit,
    /// registration, path, seal time and the media holding it. Exit 1 when any file matches
    /// no registered file. Recorded in the ledger.
    Attest {
        /// The presented files.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Also write the attestation report (鉴证报告) as a PDF here.
        #[arg(long)]
        report: Option<PathBuf>,
        #[arg(long)]
        json: bool,
    },
    /// Four-property check (四性检测, DA/T 70-2018) of a draft or sealed registration:
    /// authenticity, integrity, usability, security (and DA/T 31 for paper scans). Each
    /// finding names its file and rule. Exit 1 when any finding is an error. Kept with the
    /// registration and in the ledger. A draft seals only when each error finding of its
    /// content is fixed or accepted (`dengji check errors`, `dengji check accept`).
    #[command(args_conflicts_with_subcommands = true, subcommand_negates_reqs = true)]
    Check {
        #[command(subcommand)]
        action: Option<CheckCmd>,
        /// Registration number or draft id.
        #[arg(required = true)]
        registration: Option<String>,
        /// Also write the check report (四性检测报告) as a PDF here.
        #[arg(long)]
        report: Option<PathBuf>,
        #[arg(long)]
        json: bool,
    },
    /// Search units, registrations and files (检索): any part of a name, title, 档号, path,
    /// USCC or registration number; every word must occur.
    Search {
        query: String,
        /// Unit id or USCC.
        #[arg(long)]
        unit: Option<String>,
        /// paper-scan | electronic | business-data
        #[arg(long)]
        kind: Option<String>,
        /// Domain (民生领域) of the unit.
        #[arg(long)]
        domain: Option<String>,
        /// Year sealed (drafts: created).
        #[arg(long)]
        year: Option<i32>,
        /// draft | sealed
        #[arg(long)]
        status: Option<String>,
        /// Held on a medium of this copy set.
        #[arg(long)]
        set: Option<String>,
        /// Most hits of each kind.
        #[arg(long, default_value_t = 50)]
        limit: usize,
        #[arg(long)]
        json: bool,
    },
    /// A unit's catalogue (目录): import onto a draft's files.
    #[command(subcommand)]
    Catalogue(CatalogueCmd),
    /// Rebuild a lost workstation (catalog, ledger and vault) in --data-dir from backup
    /// media (重建工作站). Give every medium at hand; signs in as an admin of the archive
    /// on the media. Run again with more media to fill in what is still missing.
    Recover {
        /// Root of a backup medium of the archive; repeat for a whole media set.
        #[arg(long, required = true)]
        from: Vec<PathBuf>,
        /// Rebuild with the catalog in this PostgreSQL database (an empty one): a centre
        /// archive's workstation. It is loaded last, when everything else is in place.
        #[arg(long, value_name = "postgresql://USER@HOST[:PORT]/DB")]
        catalog: Option<String>,
        /// With --vault: rebuild with the vault in that bucket (an empty prefix, or the one an
        /// interrupted recover into this data directory began).
        #[command(flatten)]
        vault: VaultArgs,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand, Debug)]
pub enum CertCmd {
    /// Issue a certificate for a sealed registration and write its PDF. Issuing again for
    /// the same registration makes a reissue (补发) that replaces the earlier certificate.
    /// The QR code is signed with the archive key: its passphrase comes from
    /// DENGJI_KEY_PASSPHRASE, else a prompt.
    Issue {
        /// Registration number (or draft id) of a sealed registration.
        registration: String,
        /// Where to write the PDF.
        #[arg(long)]
        out: PathBuf,
        #[arg(long)]
        json: bool,
    },
    /// Write an issued certificate's PDF again, byte for byte the file that was issued.
    Print {
        /// Certificate number, e.g. 330102-2026-Z000001.
        certificate: String,
        #[arg(long)]
        out: PathBuf,
        #[arg(long)]
        json: bool,
    },
    /// Check a certificate by its number, a PDF file or the text of its QR code.
    /// Exit 0: genuine and current; 1: anything else (superseded, not issued here,
    /// digests or checkpoint not matching); 2: unreadable input such as malformed QR text.
    Verify(CertVerifyArgs),
    /// List issued certificates, newest first.
    List {
        #[arg(long)]
        json: bool,
    },
    /// Write what a third party needs to check a certificate with OpenSSL alone: the
    /// signed statement and its signature, the archive's certificates, the canonical
    /// manifest and a README with the commands.
    Evidence {
        /// Certificate number.
        certificate: String,
        #[arg(long)]
        out: PathBuf,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Args, Debug)]
#[command(group(clap::ArgGroup::new("presented").required(true).args(["certificate", "pdf", "qr"])))]
pub struct CertVerifyArgs {
    /// Certificate number.
    pub certificate: Option<String>,
    /// A PDF file presented as a certificate.
    #[arg(long)]
    pub pdf: Option<PathBuf>,
    /// The text read from a certificate's QR code (DJC2|…|SIG=…, or DJC1|… of older ones).
    #[arg(long)]
    pub qr: Option<String>,
    #[arg(long)]
    pub json: bool,
}

#[derive(Subcommand, Debug)]
pub enum MediaCmd {
    /// Register the medium mounted at PATH: writes its identity file DENGJI-MEDIUM.json.
    Add {
        /// Root of the medium (a mounted drive or a folder on it).
        path: PathBuf,
        /// Label written on the medium, e.g. A1.
        #[arg(long)]
        label: String,
        /// Backup set (套别), e.g. A or B.
        #[arg(long)]
        set: String,
        /// hdd | ssd | usb | optical | tape
        #[arg(long, default_value = "hdd")]
        kind: String,
        /// Where the medium is kept (存放位置).
        #[arg(long)]
        location: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// List registered media: registrations held, space, last verification.
    List {
        #[arg(long)]
        json: bool,
    },
    /// Check every bag on the medium (or a sample) against the catalog; exit 1 lists every
    /// missing, changed or extra file.
    Verify {
        path: PathBuf,
        /// Check a random sample of at least this percent of the bags (at least one).
        #[arg(long, value_parser = clap::value_parser!(u8).range(1..=100))]
        sample: Option<u8>,
        /// Check the SHA-256 manifest alone (as bagit.py --validate does), at a quarter of
        /// the CPU; by default both SHA-256 and SM3 are checked.
        #[arg(long)]
        sha256_only: bool,
        #[arg(long)]
        json: bool,
    },
    /// Verify the medium, rewrite every missing or changed file of its bags (from the vault,
    /// or with --from from another registered medium), move files that belong to no bag to
    /// quarantine/<time>/ on the medium, then verify again; exit 1 if problems remain.
    Repair {
        path: PathBuf,
        /// Copy payload files from the same bags on this other registered medium.
        #[arg(long)]
        from: Option<PathBuf>,
        #[arg(long)]
        json: bool,
    },
    /// The SMART health of the drive holding PATH (read with smartctl when installed), or
    /// why it cannot be read. A report: exits 0 either way.
    Health {
        path: PathBuf,
        #[arg(long)]
        json: bool,
    },
    /// Change where a medium is kept. MEDIUM is its label, or the path it is mounted at.
    Edit {
        medium: String,
        /// Where it is kept now (empty clears it).
        #[arg(long)]
        location: String,
        #[arg(long)]
        json: bool,
    },
    /// Record media leaving the building together (transport, DA/T 75-2019 §7): counted
    /// now, reconciled by `media checkin` when they come back.
    Checkout {
        /// Labels, or paths the media are mounted at.
        #[arg(required = true)]
        media: Vec<String>,
        /// Where they go.
        #[arg(long)]
        to: String,
        /// The transport or hand-over record's number.
        #[arg(long)]
        reference: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Record media back (a mounted medium is known by its identity file) and say which
    /// of their shipment are still out.
    Checkin {
        #[arg(required = true)]
        media: Vec<String>,
        /// Where they are kept now.
        #[arg(long)]
        location: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Retire a medium for good: nothing more is written to it and its copies stop
    /// counting toward the copy policy.
    Retire {
        medium: String,
        /// lost | destroyed | failed | migrated (or 丢失、销毁、损坏、已迁移)
        #[arg(long)]
        reason: String,
        /// What happened, in words.
        #[arg(long)]
        note: Option<String>,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand, Debug)]
pub enum SeriesCmd {
    /// Record a new series of a unit; prints its number.
    Add {
        /// Unit (id or USCC).
        #[arg(long)]
        unit: String,
        /// What it is (公积金业务库).
        #[arg(long)]
        name: String,
        /// The business system it is exported from (住房公积金管理系统).
        #[arg(long)]
        system: Option<String>,
        /// How often it is handed over: monthly | quarterly | yearly.
        #[arg(long, default_value = "monthly")]
        period: String,
        #[arg(long)]
        json: bool,
    },
    /// Every series, with its versions and the newest period.
    List {
        #[arg(long)]
        json: bool,
    },
    /// Correct a series' name, business system or cadence (the cadence only before its
    /// first hand-over); recorded in the ledger with the old and new values.
    Edit {
        /// Its number or name.
        series: String,
        #[arg(long)]
        name: Option<String>,
        #[arg(long, conflicts_with = "clear_system")]
        system: Option<String>,
        /// The business system is not known after all.
        #[arg(long)]
        clear_system: bool,
        /// monthly | quarterly | yearly.
        #[arg(long)]
        period: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// A series' versions (dates, files, bytes) and, for each, what changed against the one
    /// before: files added, removed and changed, with the bytes that differ at chunk level.
    Show {
        /// Its number or name.
        series: String,
        #[arg(long)]
        json: bool,
    },
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
    /// Change a unit's name, kind, USCC or domain (each change is a ledger entry; sealed
    /// registrations and issued certificates keep what they recorded).
    Edit {
        /// The unit (id or USCC).
        unit: String,
        #[arg(long)]
        name: Option<String>,
        #[arg(long)]
        kind: Option<String>,
        /// The new USCC; a change needs --reason.
        #[arg(long)]
        uscc: Option<String>,
        #[arg(long, conflicts_with = "no_domain")]
        domain: Option<String>,
        /// Clear the domain.
        #[arg(long)]
        no_domain: bool,
        /// Why (required when the USCC changes).
        #[arg(long)]
        reason: Option<String>,
        /// Accept a code whose check character is wrong (pilot-era codes).
        #[arg(long)]
        force: bool,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand, Debug)]
pub enum DisposalCmd {
    /// Sealed registrations with items past their retention period (保管期限 10年/30年,
    /// counted from 1 January after the item's year), oldest first, with the holds on them.
    Due {
        /// As of this instant (RFC 3339) instead of now.
        #[arg(long)]
        at: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Place a legal hold (诉讼保全) on a sealed registration: it cannot be disposed of
    /// while the hold is in force.
    Hold {
        /// Registration number (or draft id).
        registration: String,
        /// The court's or requester's document number.
        #[arg(long)]
        reference: String,
        #[arg(long)]
        reason: String,
        /// First day (YYYY-MM-DD, China date; default today).
        #[arg(long)]
        from: Option<String>,
        /// Last day (YYYY-MM-DD); without it the hold lasts until released.
        #[arg(long)]
        until: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Release a legal hold, with a reason (reviewer or admin).
    Release {
        /// The hold's number (see `disposal list`).
        hold: i64,
        #[arg(long)]
        reason: String,
        #[arg(long)]
        json: bool,
    },
    /// Apply to dispose of items past their retention (or, without --item, the whole
    /// registration), with the unit's written consent.
    Apply {
        /// Registration number.
        registration: String,
        /// A file's path in the registration (repeat for several); none: all of it.
        #[arg(long = "item")]
        items: Vec<String>,
        #[arg(long)]
        reason: String,
        /// The unit's written consent to the disposal (文号).
        #[arg(long)]
        consent: String,
        #[arg(long)]
        json: bool,
    },
    /// Approve a disposal application (reviewer or admin, not the applicant): the content
    /// leaves the vault at once and each medium holding it is cleared on its next write or
    /// repair. With --reject, reject it with a --note saying why.
    Approve {
        /// The application's number (see `disposal list`).
        disposal: i64,
        #[arg(long)]
        reject: bool,
        #[arg(long, default_value = "")]
        note: String,
        #[arg(long)]
        json: bool,
    },
    /// Write the disposal record (销毁清单 PDF) of an approved disposal, signed beside it
    /// (`.sig`) when the archive key is unlocked.
    Record {
        disposal: i64,
        #[arg(long)]
        out: PathBuf,
        #[arg(long)]
        json: bool,
    },
    /// Disposal applications and legal holds, newest first.
    List {
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand, Debug)]
pub enum DomainCmd {
    /// List the domains (retired ones marked).
    List {
        #[arg(long)]
        json: bool,
    },
    /// Add a domain to the list (or offer a retired one again).
    Add {
        name: String,
        #[arg(long)]
        json: bool,
    },
    /// Rename a domain; its units move with it.
    Rename {
        from: String,
        to: String,
        #[arg(long)]
        json: bool,
    },
    /// Stop offering a domain; units filed under it keep it.
    Retire {
        name: String,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Args, Debug)]
pub struct IntakeArgs {
    /// Unit (id or USCC) for a new draft.
    #[arg(long, required_unless_present_any = ["draft", "resume", "series"], conflicts_with = "series")]
    pub unit: Option<String>,
    /// Title of the new registration (for a series' hand-over: by default its name and period).
    #[arg(long, required_unless_present_any = ["draft", "resume", "series"])]
    pub title: Option<String>,
    /// The next hand-over of this business data series (its number or name): a draft of
    /// the series' unit, sealed as the series' next version.
    #[arg(long, conflicts_with_all = ["draft", "resume"])]
    pub series: Option<String>,
    /// With --series: the period it covers (2026-11, 2026-Q4 or 2026, as the series'
    /// cadence); by default the one before the current.
    #[arg(long, requires = "series")]
    pub period: Option<String>,
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
pub enum CheckCmd {
    /// The error findings of a draft's current content that the seal would refuse, each
    /// with its acceptance if any (nothing is kept). Exit 1 while one is open.
    Errors {
        /// Draft id.
        draft: String,
        #[arg(long)]
        json: bool,
    },
    /// Accept error findings of a draft with a reason, so it can be sealed (reviewer; under
    /// 双人封存 not one who took files into it). Each acceptance is a ledger entry and the
    /// seal records them.
    #[command(group(clap::ArgGroup::new("which").required(true).args(["rule", "all"])))]
    Accept {
        /// Draft id.
        draft: String,
        /// The finding's rule, e.g. integrity.empty_file (as `dengji check errors` lists it).
        #[arg(long)]
        rule: Option<String>,
        /// Only the finding of this file (its path as listed); needs --rule.
        #[arg(long, requires = "rule")]
        item: Option<String>,
        /// Every open error finding.
        #[arg(long)]
        all: bool,
        #[arg(long)]
        reason: String,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand, Debug)]
pub enum DraftCmd {
    /// Remove items (by path as shown) from a draft.
    Remove {
        draft: String,
        #[arg(required = true)]
        paths: Vec<String>,
        #[arg(long)]
        json: bool,
    },
    /// Accept the draft's open findings (e.g. checksum mismatches) so it can be sealed.
    Accept {
        draft: String,
        #[arg(long)]
        reason: String,
        #[arg(long)]
        json: bool,
    },
    /// List a draft's findings.
    Findings {
        draft: String,
        #[arg(long)]
        json: bool,
    },
    /// Describe one file of a draft (著录). Only the fields given change; an empty value
    /// clears one.
    Meta {
        draft: String,
        /// The file's path as `dengji show` lists it.
        path: String,
        #[command(flatten)]
        meta: Box<MetaArgs>,
        #[arg(long)]
        json: bool,
    },
    /// Set the unit's hand-over reference (移交单号) of a draft; empty clears it.
    Handover {
        draft: String,
        reference: String,
        #[arg(long)]
        json: bool,
    },
    /// Discard an abandoned draft: its files leave the vault unless another registration
    /// holds them; the ledger records it.
    Discard {
        draft: String,
        #[arg(long)]
        reason: String,
        #[arg(long)]
        json: bool,
    },
}

/// The descriptive fields (DA/T 46 style) as options.
#[derive(Args, Debug)]
pub struct MetaArgs {
    /// 档号 (archival reference code).
    #[arg(long)]
    pub ref_code: Option<String>,
    /// 题名 (title).
    #[arg(long)]
    pub title: Option<String>,
    /// 责任者 (creator).
    #[arg(long)]
    pub creator: Option<String>,
    /// 日期: YYYY-MM-DD, YYYY-MM or YYYY (20200305 and 2020年3月5日 are accepted too).
    #[arg(long)]
    pub date: Option<String>,
    /// 保管期限: 永久 | 30年 | 10年.
    #[arg(long)]
    pub retention: Option<String>,
    /// 密级: 公开 | 内部 | 限制 | 秘密 | 机密 | 绝密.
    #[arg(long)]
    pub classification: Option<String>,
    /// 页数 as catalogued.
    #[arg(long)]
    pub pages: Option<String>,
    /// 件号.
    #[arg(long)]
    pub piece: Option<String>,
    /// 备注.
    #[arg(long)]
    pub note: Option<String>,
}

#[derive(Subcommand, Debug)]
pub enum CatalogueCmd {
    /// Map a unit's catalogue (CSV in UTF-8 or GB18030, or XLSX) onto a draft's files.
    /// Without --yes only the report: unmatched rows, files no row names, invalid values.
    Import {
        draft: String,
        file: PathBuf,
        /// Apply the rows without problems (after reading the report).
        #[arg(long)]
        yes: bool,
        /// Column to field, e.g. `--map 文件标题=题名` or `--map 名称=file`; repeatable.
        /// Fields: 文件 题名 档号 责任者 日期 保管期限 密级 页数 件号 备注.
        #[arg(long = "map", value_name = "列名=字段")]
        map: Vec<String>,
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
    /// Print the ledger's checkpoint (size, head hash, time) as a note signed with the
    /// archive key. The key passphrase comes from DENGJI_KEY_PASSPHRASE, else a prompt.
    Checkpoint {
        #[arg(long)]
        json: bool,
    },
    /// Check a signed checkpoint note (a file written by `ledger checkpoint`): its
    /// signature and whether its head hash is this ledger's. Exit 0 when both hold.
    CheckNote {
        file: PathBuf,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand, Debug)]
pub enum VerifierCmd {
    /// Write the self-contained HTML page, with this archive's certificates in it, that
    /// checks certificate QR texts, signed checkpoints, signatures and file digests in any
    /// browser without network.
    Export {
        file: PathBuf,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand, Debug)]
pub enum KeyCmd {
    /// Make the archive's key (admin), for an archive that has none. Passphrase from
    /// DENGJI_KEY_PASSPHRASE, else asked for twice.
    Init {
        #[arg(long)]
        json: bool,
    },
    /// Algorithm, fingerprint, subject, creation and status of every key.
    Show {
        #[arg(long)]
        json: bool,
    },
    /// Write the archive's certificates (current and earlier) and the rotation
    /// statements linking them into DIR, for anyone who checks our signatures.
    Export {
        dir: PathBuf,
        #[arg(long)]
        json: bool,
    },
    /// Replace the key by a new one signed by the old (admin). The current passphrase
    /// comes from DENGJI_KEY_PASSPHRASE, the new one from DENGJI_NEW_KEY_PASSPHRASE;
    /// else both are asked for.
    Rotate {
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand, Debug)]
pub enum UpwardCmd {
    /// Write the next report package for the upper archive into a new folder under DIR
    /// (a removable drive): the ledger and catalog changes since the last receipt, the
    /// statistics, and the files of registrations sealed since (unless --catalog-only),
    /// all signed with the archive key. Ctrl-C stops it; run again to go on.
    Export {
        #[arg(long = "to")]
        dir: PathBuf,
        /// The upper archive's name, when more than one is registered.
        #[arg(long)]
        upper: Option<String>,
        /// The catalog and ledger only, no files.
        #[arg(long)]
        catalog_only: bool,
        #[arg(long)]
        json: bool,
    },
    /// Check a lower archive's report package and take it in; writes the signed receipt
    /// (receipt.txt) into the package folder. Refused whole if any check fails.
    Import {
        package: PathBuf,
        #[arg(long)]
        json: bool,
    },
    /// Record the upper archive's receipt (the package folder, or its receipt.txt).
    Ack {
        package: PathBuf,
        #[arg(long)]
        json: bool,
    },
    /// For a lower archive that lost its workstation and media: write, into DIR, a medium
    /// from which it runs `dengji recover` (its newest catalog copy, the files of its sealed
    /// registrations held here as bags, its last receipt). Admins; recorded in the ledger.
    RecoveryMedium {
        /// The lower archive's name.
        #[arg(long)]
        lower: String,
        #[arg(long = "to")]
        dir: PathBuf,
        #[arg(long)]
        json: bool,
    },
    /// Packages sent and received, receipts, the witnessed checkpoint, refused forks.
    Status {
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand, Debug)]
pub enum PeerCmd {
    /// Register another archive by its certificate (admin): the PEM it exported with
    /// `dengji key export` (archive-key-N.pem). Run once without --fingerprint to see the
    /// fingerprint, check it with the other archive, then again with it. A certificate
    /// signed by a registered peer's key (archive-key-N-signed-by-key-M.pem) is that
    /// peer's next key and needs no fingerprint.
    Add {
        certificate: PathBuf,
        /// upper (上级: this archive reports to it) or lower (下级: it reports to this one).
        #[arg(long)]
        relation: String,
        /// The key's SM3 fingerprint as the other archive read it out (hex; spaces and
        /// colons ignored).
        #[arg(long)]
        fingerprint: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Every registered peer archive, its relation and keys.
    List {
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
    /// Verify the vault and copy every missing or changed object back from the registered
    /// medium mounted at --from (changed ones are moved to quarantine first); exit 1 if
    /// any is left.
    Repair {
        #[arg(long)]
        from: PathBuf,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand, Debug)]
pub enum UserCmd {
    /// Add an account. Password from DENGJI_NEW_PASSWORD, else asked for twice.
    Add {
        name: String,
        /// admin | clerk | reviewer (or 管理员 | 登记员 | 审核员); repeat for several.
        #[arg(long = "role", required = true)]
        roles: Vec<String>,
        #[arg(long)]
        json: bool,
    },
    /// List accounts.
    List {
        #[arg(long)]
        json: bool,
    },
    /// Set an account's roles (admin); a ledger entry. The last admin keeps the admin role.
    Roles {
        name: String,
        /// admin | clerk | reviewer (or 管理员 | 登记员 | 审核员); repeat for several.
        #[arg(long = "role", required = true)]
        roles: Vec<String>,
        #[arg(long)]
        json: bool,
    },
    /// Disable an account (it can no longer sign in).
    Disable {
        name: String,
        #[arg(long)]
        json: bool,
    },
    /// Enable a disabled account again.
    Enable {
        name: String,
        #[arg(long)]
        json: bool,
    },
    /// Change your own password, or (admin) reset another's. New password from
    /// DENGJI_NEW_PASSWORD, else asked for twice.
    Passwd {
        name: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Create the first admin of a data directory from before accounts (no sign-in).
    Bootstrap {
        #[arg(long)]
        admin: String,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Args, Debug)]
pub struct ApplicationArgs {
    /// Sealed registration (registration number or draft id).
    pub registration: String,
    /// Why the unit asks (申请理由).
    #[arg(long)]
    pub reason: String,
    /// Number or reference of the unit's signed written request (书面申请文号).
    #[arg(long)]
    pub reference: String,
    #[arg(long)]
    pub json: bool,
}

#[derive(Subcommand, Debug)]
pub enum ApplyCmd {
    /// Restore after data loss (数据恢复); prints the application id.
    Restore(ApplicationArgs),
    /// Hand the registration's files back to its unit (交还数据, `dengji handback` once
    /// approved); prints the application id.
    Handback(ApplicationArgs),
}

#[derive(Args, Debug)]
pub struct AuditArgs {
    /// Only entries by this operator.
    #[arg(long)]
    pub operator: Option<String>,
    /// An action (registration.seal) or a prefix ending in '.' (registration.).
    #[arg(long)]
    pub action: Option<String>,
    /// Only entries about this subject (e.g. registration:1, user:2).
    #[arg(long)]
    pub subject: Option<String>,
    /// Only entries about this unit (id or USCC): the unit, its registrations and their applications.
    #[arg(long)]
    pub unit: Option<String>,
    /// From this day (YYYY-MM-DD, China time) or instant (RFC 3339), inclusive.
    #[arg(long)]
    pub since: Option<String>,
    /// Up to this day (YYYY-MM-DD, China time, the whole day included) or before this instant (RFC 3339).
    #[arg(long)]
    pub until: Option<String>,
    /// At most this many entries (the oldest first).
    #[arg(long)]
    pub limit: Option<u32>,
    /// The access log instead of the ledger: sign-ins and failed ones, sign-outs, screen
    /// locks and unlocks, certificate prints and verifications, exports (--action takes
    /// sign_in, sign_in_failed, cert_print, export …; --subject and --unit do not apply).
    #[arg(long)]
    pub access: bool,
    #[arg(long)]
    pub json: bool,
}

#[derive(Subcommand, Debug)]
pub enum SettingsCmd {
    /// Show the settings.
    Show {
        #[arg(long)]
        json: bool,
    },
    /// Four-eyes sealing (双人封存): whoever took files into a draft may not seal it.
    FourEyes {
        #[arg(value_parser = ["on", "off"])]
        state: String,
        #[arg(long)]
        json: bool,
    },
    /// Minutes of inactivity after which the desktop app locks (1–480).
    IdleLock {
        minutes: u32,
        #[arg(long)]
        json: bool,
    },
    /// Distinct backup sets every sealed registration should be on (default 2).
    CopySets {
        sets: u32,
        #[arg(long)]
        json: bool,
    },
    /// Months between checks of media of one kind (hdd|ssd|usb 12, tape 24, optical 48).
    CheckCycle {
        kind: String,
        months: u32,
        #[arg(long)]
        json: bool,
    },
    /// The smallest sample a medium check may read, in percent of its bags (default 10).
    MinSample {
        percent: u8,
        #[arg(long)]
        json: bool,
    },
    /// How many days an approval allows its restore (default 30); it is used once.
    ApprovalDays {
        days: u32,
        #[arg(long)]
        json: bool,
    },
    /// Write archive name and region, policies and the domain list to a JSON file, to set
    /// up a second workstation of the same centre (admin).
    Export {
        out: PathBuf,
        #[arg(long)]
        json: bool,
    },
    /// Apply a file written by `settings export` (admin). Name and region change only
    /// while nothing is sealed here.
    Import {
        file: PathBuf,
        #[arg(long)]
        json: bool,
    },
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    /// Every command a script can run takes `--json` (its output, and its errors on stderr).
    #[test]
    fn every_command_takes_json() {
        fn leaves(cmd: &clap::Command, path: String, out: &mut Vec<(String, bool)>) {
            if cmd.get_subcommands().next().is_none() {
                out.push((path, cmd.get_arguments().any(|a| a.get_id() == "json")));
                return;
            }
            for sub in cmd.get_subcommands() {
                leaves(sub, format!("{path} {}", sub.get_name()), out);
            }
        }
        let mut all = Vec::new();
        leaves(&super::Cli::command(), "dengji".into(), &mut all);
        let without: Vec<&str> = all.iter().filter(|(_, json)| !json).map(|(p, _)| p.as_str()).collect();
        assert!(all.len() > 60, "{} commands", all.len());
        assert!(without.is_empty(), "without --json: {without:?}");
    }
}

#[derive(Subcommand, Debug)]
pub enum StoreCmd {
    /// Copy the archive into a new data directory whose catalog is in a PostgreSQL database
    /// and/or whose vault is in an S3-compatible bucket (an embedded archive moving up to a
    /// centre), verify the copy there (vault and ledger) and record the move in its ledger
    /// (admin). The original is only read.
    Migrate {
        /// The new data directory (must not exist or be empty).
        #[arg(long, value_name = "DIR")]
        to_data_dir: PathBuf,
        /// An empty PostgreSQL database for the copy's catalog (password: PGPASSWORD or
        /// ~/.pgpass). Without it the catalog stays a file in the new data directory.
        #[arg(long, value_name = "postgresql://USER@HOST[:PORT]/DB", required_unless_present = "to_vault")]
        to_catalog: Option<String>,
        /// s3://BUCKET[/PREFIX] for the copy's vault (an empty prefix). Without it the
        /// objects go to the new data directory's folder.
        #[arg(long, value_name = "s3://BUCKET/PREFIX", requires = "s3_endpoint")]
        to_vault: Option<String>,
        #[arg(long, value_name = "URL", requires = "to_vault")]
        s3_endpoint: Option<String>,
        #[arg(long)]
        s3_region: Option<String>,
        #[arg(long, value_name = "FILE")]
        s3_credentials: Option<PathBuf>,
        #[arg(long)]
        json: bool,
    },
}

/// Where a new archive's vault goes: the data directory, or with `--vault` a bucket.
#[derive(clap::Args, Debug)]
pub struct VaultArgs {
    /// Keep the vault's objects in an S3-compatible bucket, s3://BUCKET[/PREFIX], instead of
    /// the data directory (a centre archive). Credentials come from
    /// AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY or --s3-credentials, never from here.
    #[arg(long, value_name = "s3://BUCKET/PREFIX", requires = "s3_endpoint")]
    pub vault: Option<String>,
    /// The object store's address, e.g. https://oss.example.gov.cn or http://127.0.0.1:8333.
    #[arg(long, value_name = "URL", requires = "vault")]
    pub s3_endpoint: Option<String>,
    /// The bucket's region (default us-east-1, what most self-hosted stores accept).
    #[arg(long, requires = "vault")]
    pub s3_region: Option<String>,
    /// An AWS-style credentials file ([default] aws_access_key_id, aws_secret_access_key),
    /// readable by its owner only; used when the AWS_* variables are not set.
    #[arg(long, value_name = "FILE", requires = "vault")]
    pub s3_credentials: Option<PathBuf>,
}
