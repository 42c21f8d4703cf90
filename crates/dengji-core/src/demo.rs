//! The training archive (演示数据): accounts for each role, three units and their
//! registrations, made through the same code paths as real ones. It is marked as demo in
//! its name and in its settings, and lives in its own data directory, so its figures never
//! enter a real archive's statistics and its media (which name its instance) are foreign
//! to any real archive.

use std::fs;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};

use crate::accounts::{Actor, Role};
use crate::archive::{Archive, CATALOG};
use crate::error::{Error, Result};
use crate::intake::IntakeTarget;
use crate::metadata::{ItemMeta, Retention};
use crate::progress::{CancelToken, NoProgress};
use crate::registrations::RecordKind;
use crate::stamp::Stamp;
use crate::units::{NewUnit, UnitKind};

pub const DEMO_ARCHIVE_NAME: &str = "演示档案馆（演示数据）";
pub const DEMO_PASSWORD: &str = "演示密码123456";
/// The demo archive's key passphrase: a training archive signs like a real one.
pub const DEMO_KEY_PASSPHRASE: &str = "演示机构密钥口令123456";
/// Admin, clerk, reviewer.
pub const DEMO_ACCOUNTS: [(&str, Role); 3] = [("演示管理员", Role::Admin), ("演示登记员", Role::Clerk), ("演示审核员", Role::Reviewer)];

/// One demo hand-over: unit, title, kind, seal it?, files (path, text, 题名, 保管期限).
struct Handover {
    unit: usize,
    title: &'static str,
    kind: RecordKind,
    seal: bool,
    files: &'static [(&'static str, &'static str, &'static str, Retention)],
}

const UNITS: [(&str, UnitKind, &str, &str); 3] = [
    ("演示科技有限公司", UnitKind::Enterprise, "91330000MA27U0TT7T", "工商"),
    ("演示市第一人民医院", UnitKind::Institution, "913300007042019048", "医疗"),
    ("演示新城安置房建设项目", UnitKind::Project, "91110000802100433B", "规划"),
];

const HANDOVERS: [Handover; 3] = [
    Handover {
        unit: 0,
        title: "2025年文书档案（演示）",
        kind: RecordKind::Electronic,
        seal: true,
        files: &[
            ("会议纪要/第一次董事会会议纪要.txt", "演示数据：第一次董事会会议纪要。\n", "第一次董事会会议纪要", Retention::Permanent),
            ("会议纪要/第二次董事会会议纪要.txt", "演示数据：第二次董事会会议纪要。\n", "第二次董事会会议纪要", Retention::Permanent),
            ("合同/技术服务合同.txt", "演示数据：技术服务合同正文。\n", "技术服务合同", Retention::Years30),
        ],
    },
    Handover {
        unit: 1,
        title: "2025年门诊业务数据导出（演示）",
        kind: RecordKind::BusinessData,
        seal: true,
        files: &[
            ("门诊量统计.csv", "月份,门诊人次\n2025-01,12034\n2025-02,11020\n", "2025年门诊量统计", Retention::Years10),
            ("说明.txt", "演示数据：业务系统导出说明。\n", "数据导出说明", Retention::Years10),
        ],
    },
    Handover {
        unit: 2,
        title: "安置房项目前期文件（演示，未封存）",
        kind: RecordKind::Electronic,
        seal: false,
        files: &[("立项/项目建议书.txt", "演示数据：项目建议书。\n", "项目建议书", Retention::Permanent)],
    },
];

impl Archive {
    /// Creates the training archive in `dir` (which must not hold an archive yet).
    /// Returns it with the demo admin signed in.
    pub fn init_demo(dir: &Path, at: DateTime<Utc>) -> Result<(Archive, Actor)> {
        let (admin_name, _) = DEMO_ACCOUNTS[0];
        let (mut archive, admin) = Archive::init(dir, DEMO_ARCHIVE_NAME, "330102", admin_name, DEMO_PASSWORD, at)?;
        archive.create_key(DEMO_KEY_PASSPHRASE, &admin.stamp(at))?;
        let admin_stamp = admin.stamp(at);
        archive.put_setting("demo", "on", &admin_stamp)?;
        let mut stamps = vec![admin_stamp.clone()];
        for (name, role) in &DEMO_ACCOUNTS[1..] {
            archive.add_user(name, DEMO_PASSWORD, &[*role], &admin_stamp)?;
            stamps.push(archive.login(name, DEMO_PASSWORD, at)?.stamp(at));
        }
        let (clerk, reviewer) = (&stamps[1], &stamps[2]);
        let mut units = Vec::new();
        for (name, kind, uscc, domain) in UNITS {
            let unit = NewUnit { name: name.into(), kind, uscc: Some(uscc.into()), domain: Some(domain.into()), force: false };
            units.push(archive.add_unit(unit, clerk)?.id);
        }
        let scratch = archive.vault().scratch("demo-source")?;
        let made = archive.take_demo_handovers(&scratch, &units, clerk, reviewer);
        let _ = fs::remove_dir_all(&scratch);
        made?;
        Ok((archive, admin))
    }

    /// True for the training archive: the app shows a 演示数据 banner on every screen.
    pub fn is_demo(&self) -> Result<bool> {
        Ok(self.setting("demo")?.as_deref() == Some("on"))
    }

    /// Removes the training archive from its directory (catalog first: once it is gone the
    /// directory is no archive, whatever else a crash leaves), so that a real archive can
    /// be created there. Refused for any archive not marked demo.
    pub fn discard_demo(self, stamp: &Stamp) -> Result<()> {
        self.authorize(stamp, &[Role::Admin], "删除演示档案库")?;
        if !self.is_demo()? {
            return Err(Error::NotDemo);
        }
        let dir = self.dir().to_path_buf();
        drop(self);
        for name in [CATALOG.to_string(), format!("{CATALOG}-wal"), format!("{CATALOG}-shm")] {
            let path = dir.join(name);
            match fs::remove_file(&path) {
                Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(Error::io(path)(e)),
                _ => {}
            }
        }
        for sub in ["vault", "locks", "backups"] {
            let path = dir.join(sub);
            if path.exists() {
                fs::remove_dir_all(&path).map_err(Error::io(&path))?;
            }
        }
        Ok(())
    }

    fn take_demo_handovers(&mut self, scratch: &Path, units: &[crate::ids::UnitId], clerk: &Stamp, reviewer: &Stamp) -> Result<()> {
        for (n, h) in HANDOVERS.iter().enumerate() {
            let root = scratch.join(format!("{n}")).join(h.title);
            for (path, text, _, _) in h.files {
                let file = root.join(path);
                let parent = file.parent().map(Path::to_path_buf).unwrap_or_else(|| root.clone());
                fs::create_dir_all(&parent).map_err(Error::io(&parent))?;
                fs::write(&file, text).map_err(Error::io(&file))?;
            }
            let target = IntakeTarget::New { unit: units[h.unit], title: h.title.into(), kind: h.kind };
            let report = self.intake(target, &[PathBuf::from(&root)], clerk, &NoProgress, &CancelToken::new())?;
            for (piece, item) in self.items(report.id)?.into_iter().enumerate() {
                let Some((_, _, title, retention)) = h.files.iter().find(|f| item.path.ends_with(f.0)) else { continue };
                let meta = ItemMeta {
                    ref_code: Some(format!("DEMO-2025-{:02}-{:03}", n + 1, piece + 1)),
                    title: Some((*title).into()),
                    creator: Some(UNITS[h.unit].0.into()),
                    date: Some("2025-06-30".into()),
                    retention: Some(*retention),
                    piece: Some(piece as i64 + 1),
                    note: Some("演示数据".into()),
                    ..ItemMeta::default()
                };
                self.set_item_meta(report.id, item.id, &meta, clerk)?;
            }
            if h.seal {
                self.seal(report.id, None, reviewer)?;
            }
        }
        Ok(())
    }
}
