use std::fs;
use std::path::{Path, PathBuf};

use chrono::{DateTime, TimeZone, Utc};
use dengji_core::{
    Actor, Archive, CancelToken, CatalogLocation, Conn, IntakeReport, IntakeTarget, NewUnit, NoProgress, RecordKind, Role, S3Location,
    Stamp, UnitId, UnitKind, VaultLocation,
};

pub const PASSWORD: &str = "测试密码123456";
/// The archive key's passphrase in every fixture.
pub const KEY_PASSPHRASE: &str = "上城区档案馆机构密钥口令";

/// An archive with an admin, a clerk and a reviewer (four-eyes sealing on) and one unit.
pub struct Fixture {
    pub tmp: tempfile::TempDir,
    pub archive: Archive,
    pub unit: UnitId,
    pub admin: Stamp,
    pub clerk: Stamp,
    pub reviewer: Stamp,
    pub reviewer_actor: Actor,
}

/// The vault a fixture's archive keeps its objects in: the data directory's folder, or,
/// when the test command runs this suite again against a real S3-compatible cluster
/// (`DENGJI_TEST_VAULT=s3`, the cluster in `DENGJI_TEST_S3_ENDPOINT` and
/// `DENGJI_TEST_S3_BUCKET`, credentials in the standard variables), a fresh prefix of that
/// bucket for each fixture.
pub fn test_vault(tmp: &tempfile::TempDir) -> VaultLocation {
    if std::env::var("DENGJI_TEST_VAULT").as_deref() != Ok("s3") {
        return VaultLocation::Local;
    }
    let (Ok(endpoint), Ok(bucket)) = (std::env::var("DENGJI_TEST_S3_ENDPOINT"), std::env::var("DENGJI_TEST_S3_BUCKET")) else {
        panic!("DENGJI_TEST_VAULT=s3 needs DENGJI_TEST_S3_ENDPOINT and DENGJI_TEST_S3_BUCKET (scripts/dev.sh test starts a cluster)");
    };
    let prefix = tmp.path().file_name().unwrap().to_string_lossy().trim_start_matches('.').to_string();
    VaultLocation::S3(S3Location::parse(&format!("s3://{bucket}/{prefix}"), &endpoint, None).unwrap())
}

/// The catalog a fixture's archive keeps: `catalog.sqlite` in its data directory, or, when
/// the test command runs this suite again against a real PostgreSQL server
/// (`DENGJI_TEST_CATALOG=postgres`, the server's superuser URL in `DENGJI_TEST_PG_URL`), a
/// new database on it for each fixture.
pub fn test_catalog(tmp: &tempfile::TempDir) -> CatalogLocation {
    if std::env::var("DENGJI_TEST_CATALOG").as_deref() != Ok("postgres") {
        return CatalogLocation::Embedded;
    }
    let Ok(server) = std::env::var("DENGJI_TEST_PG_URL") else {
        panic!("DENGJI_TEST_CATALOG=postgres needs DENGJI_TEST_PG_URL (scripts/dev.sh test starts a server)");
    };
    let name = format!("t{}", tmp.path().file_name().unwrap().to_string_lossy().trim_start_matches('.').to_lowercase())
        .replace(|c: char| !c.is_ascii_alphanumeric(), "_");
    let mut admin = postgres::Client::connect(&format!("{server}/postgres"), postgres::NoTls).unwrap();
    admin.batch_execute(&format!("CREATE DATABASE {name}")).unwrap();
    CatalogLocation::postgres(&format!("{server}/{name}")).unwrap()
}

pub fn at() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 25, 2, 0, 0).unwrap()
}

impl Fixture {
    /// The archive with its key made and unlocked, as after `dengji init`.
    pub fn new() -> Fixture {
        let mut f = Fixture::without_key();
        f.archive.create_key(KEY_PASSPHRASE, &f.admin).unwrap();
        f
    }

    /// The archive as one made before archive keys existed.
    pub fn without_key() -> Fixture {
        Fixture::named_without_key("上城区档案馆", "330102")
    }

    /// Another archive, with its key: `name` in region `region_code`.
    pub fn named(name: &str, region_code: &str) -> Fixture {
        let mut f = Fixture::named_without_key(name, region_code);
        f.archive.create_key(KEY_PASSPHRASE, &f.admin).unwrap();
        f
    }

    fn named_without_key(name: &str, region_code: &str) -> Fixture {
        let tmp = tempfile::tempdir().unwrap();
        let (catalog, vault) = (test_catalog(&tmp), test_vault(&tmp));
        let (mut archive, admin) =
            Archive::init_in(&tmp.path().join("data"), &catalog, &vault, name, region_code, "管理员", PASSWORD, at()).unwrap();
        let admin = admin.stamp(at());
        archive.add_user("登记员", PASSWORD, &[Role::Clerk], &admin).unwrap();
        archive.add_user("审核员", PASSWORD, &[Role::Reviewer], &admin).unwrap();
        let clerk = archive.login("登记员", PASSWORD, at()).unwrap().stamp(at());
        let reviewer_actor = archive.login("审核员", PASSWORD, at()).unwrap();
        let reviewer = reviewer_actor.stamp(at());
        let unit = archive
            .add_unit(
                NewUnit {
                    name: "杭州某某科技有限公司".into(),
                    kind: UnitKind::Enterprise,
                    uscc: Some("91330000MA27U0TT7T".into()),
                    domain: Some("工商".into()),
                    force: false,
                },
                &clerk,
            )
            .unwrap()
            .id;
        Fixture { tmp, archive, unit, admin, clerk, reviewer, reviewer_actor }
    }

    pub fn src(&self, name: &str) -> PathBuf {
        let p = self.tmp.path().join("sources").join(name);
        fs::create_dir_all(&p).unwrap();
        p
    }

    pub fn intake(&mut self, title: &str, paths: &[PathBuf]) -> IntakeReport {
        let target = IntakeTarget::New { unit: self.unit, title: title.into(), kind: RecordKind::PaperScan };
        self.archive.intake(target, paths, &self.clerk, &NoProgress, &CancelToken::new()).unwrap()
    }

    /// An application of `kind` for `id`, filed by the clerk and approved by the reviewer:
    /// each restore or hand-back uses one.
    pub fn approved(&mut self, kind: dengji_core::ApplicationKind, id: dengji_core::RegistrationId) -> dengji_core::ApplicationId {
        let app = self.archive.apply(kind, id, "服务器损坏", "上档〔2026〕9号", &self.clerk).unwrap();
        self.archive.decide(app.id, true, &self.reviewer).unwrap();
        app.id
    }

    /// The reviewer seals a draft, accepting first whatever error findings its check has
    /// (fixture files are no real hand-over: no titles, made-up formats).
    pub fn seal(&mut self, id: dengji_core::RegistrationId) -> dengji_core::SealReport {
        self.archive.accept_check_errors(id, dengji_core::AcceptScope::All, "测试数据", &self.reviewer).unwrap();
        self.archive.seal(id, None, &self.reviewer).unwrap()
    }

    /// A connection to the archive's catalog, under the domain, whichever engine holds it.
    pub fn catalog(&self) -> Conn {
        self.archive.connect_catalog().unwrap()
    }

    /// Drops trigger `name` on `table`, to damage what it protects.
    pub fn drop_trigger(&self, name: &str, table: &str) {
        let db = self.catalog();
        let sql = if db.is_postgres() { format!("DROP TRIGGER {name} ON {table}") } else { format!("DROP TRIGGER {name}") };
        db.execute_batch(&sql).unwrap();
    }
}

pub fn write(path: &Path, bytes: &[u8]) {
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, bytes).unwrap();
}

/// Deterministic pseudo-random content, different per seed.
pub fn content(seed: u64, len: usize) -> Vec<u8> {
    let mut x = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
    (0..len)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x as u8
        })
        .collect()
}

/// A minimal valid PDF with `pages` empty pages (xref offsets computed).
pub fn pdf(pages: usize) -> Vec<u8> {
    let mut objects = vec!["<< /Type /Catalog /Pages 2 0 R >>".to_string()];
    let kids: Vec<String> = (0..pages).map(|i| format!("{} 0 R", i + 3)).collect();
    objects.push(format!("<< /Type /Pages /Kids [{}] /Count {pages} >>", kids.join(" ")));
    for _ in 0..pages {
        objects.push("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>".to_string());
    }
    let mut out = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, o) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n{o}\nendobj\n", i + 1).as_bytes());
    }
    let xref = out.len();
    out.extend_from_slice(format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes());
    for off in offsets {
        out.extend_from_slice(format!("{off:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(format!("trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n", objects.len() + 1).as_bytes());
    out
}
